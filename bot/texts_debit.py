"""pt-BR texts of automatic debit (débito automático): status, how to enrol, a failed debit,
and the payment code held back while a debit is on its way."""

from __future__ import annotations

DEBIT_TEXTS: dict[str, str | tuple[str, str]] = {
    "debit_active": (
        "A UC {uc} está em débito automático no {bank}. As faturas são debitadas na sua conta "
        "no vencimento.",
        "UC {uc} em debito automatico no {bank}. As faturas sao debitadas no vencimento.",
    ),
    "debit_none": (
        "A UC {uc} ainda não está em débito automático. Para aderir, procure o seu banco "
        "(app, internet banking ou agência) e informe a identificação {id}.{banks}",
        "UC {uc} sem debito automatico. Para aderir, va ao seu banco e informe a "
        "identificacao {id}.{banks}",
    ),
    "debit_banks": (" Bancos conveniados: {banks}.", " Bancos: {banks}."),
    "debit_failed": (
        "O último débito não deu certo: a fatura {month} não foi debitada porque {reason}. "
        "Para pagá-la, envie BARRA {month}.",
        "Ultimo debito falhou: fatura {month}, {reason}. Para pagar, envie BARRA {month}.",
    ),
    "debit_cancel_hint": (
        "Para cancelar o débito automático, fale com o seu banco: o cancelamento é feito lá.",
        "Para cancelar, fale com o seu banco.",
    ),
    "debit_hold": (
        "A fatura {month} ({amount}, vence {due}) já foi enviada para débito automático no "
        "{bank}: não precisa pagar. Se quiser o código mesmo assim, envie BARRA {month} de novo.",
        "Fatura {month} ja enviada para debito automatico no {bank}: nao precisa pagar. "
        "Quer o codigo mesmo assim? Envie BARRA {month} de novo.",
    ),
    "debit_pay_twice": (
        "Atenção: esta fatura também está em débito automático. Se você pagar com o código e o "
        "banco debitar, vai pagar duas vezes (o valor a mais volta como crédito na próxima "
        "fatura).",
        "Atencao: a fatura tambem esta em debito automatico. Pagando aqui e com o debito, "
        "paga 2 vezes.",
    ),
}
