"""pt-BR texts of automatic debit (débito automático): status, how to enrol, a failed debit,
and the payment code held back while a debit is on its way."""

from __future__ import annotations

DEBIT_TEXTS: dict[str, str | tuple[str, str]] = {
    "debit_active": (
        "A UC {uc} está em débito automático no {bank}: as faturas são debitadas na sua conta "
        "no vencimento. Para cancelar, fale com o seu banco: o cancelamento é feito lá.",
        "UC {uc} em debito automatico no {bank}: faturas debitadas no vencimento. Para "
        "cancelar, fale com o seu banco.",
    ),
    "debit_none": (
        "A UC {uc} ainda não está em débito automático. Para aderir, procure o seu banco "
        "(app, internet banking ou agência) e informe a identificação {id}.{banks}",
        "UC {uc} sem debito automatico. Para aderir, informe ao seu banco a identificacao "
        "{id}.{banks}",
    ),
    "debit_cancelled": (
        "O débito automático da UC {uc} foi cancelado no banco. Para voltar a ter, procure o "
        "seu banco (app, internet banking ou agência) e informe a identificação {id}.{banks}",
        "Debito automatico da UC {uc} cancelado no banco. Para voltar, informe ao seu banco a "
        "identificacao {id}.{banks}",
    ),
    "debit_banks": (" Bancos conveniados: {banks}.", " Bancos: {banks}."),
    "debit_failed": (
        "A fatura {month} não foi debitada: {reason}. Para pagá-la de outro jeito, envie "
        "BARRA {month} e receba o código.",
        "Fatura {month} nao debitada: {reason}. Para pagar, envie BARRA {month}.",
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
