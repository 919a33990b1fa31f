"""Texts of the invoice and digital-invoice flows (pt-BR; WhatsApp form, SMS form)."""

from __future__ import annotations

CONSENT_VERSION = "2026-11-v1"

FLOW_TEXTS: dict[str, str | tuple[str, str]] = {
    # Invoices
    "no_invoices": "Não encontrei faturas da UC {uc}.",
    "no_invoice_month": (
        "Não encontrei fatura de {month} da UC {uc}. Envie {keyword} sem o mês para a mais "
        "recente.",
        "Nao achei fatura de {month} da UC {uc}. Envie {keyword} sem o mes para a mais recente.",
    ),
    "pick_invoice": "Faturas da UC {uc}:\n{lines}\nResponda com o número da fatura.",
    "pick_same_month": (
        "A UC {uc} tem {n} faturas de {month}:\n{lines}\nResponda com o número da fatura.",
        "UC {uc}, {n} faturas de {month}:\n{lines}\nResponda o numero da fatura.",
    ),
    "pick_open": (
        "Faturas em aberto da UC {uc}:\n{lines}\nQual quer pagar? Responda com o número.",
        "Faturas em aberto da UC {uc}:\n{lines}\nResponda o numero da fatura.",
    ),
    "copy_sent": (
        "Pronto! A 2ª via da fatura de {month} ({amount}) chega aqui em instantes, em PDF.",
        "Vamos enviar a seguir um link para a 2a via da fatura de {month} ({amount}).",
    ),
    "codes_intro": "Fatura de {month}{kind} da UC {uc}: {amount}, vencimento {due}, pagável "
    "até {until}.\nA seguir, {what}, cada um numa mensagem para facilitar copiar.",
    "codes_sms_hint": "Acima: codigo de barras da fatura {month}, {amount}, pague ate {until}.",
    "pdf_offer": "Quer o boleto em PDF? Responda PDF.",
    "pdf_sent": "Certo! O boleto em PDF da fatura de {month} chega aqui em instantes.",
    "pdf_updated_sent": "Certo! O boleto do débito atualizado chega aqui em instantes.",
    "pdf_updated_wait": "O débito atualizado ainda está sendo preparado. Envie PDF de novo "
    "em instantes.",
    "pdf_none": "Envie BARRA para receber o código de barras; depois, responda PDF para o boleto.",
    "pdf_sms": "O PDF não vai por SMS. Envie 2VIA para receber um link da fatura.",
    "refusal_update": "Para pagar, envie ATUALIZAR e receba o débito atualizado com um novo "
    "código.",
    "refusal_handoff": "Para combinar o pagamento, envie ATENDENTE e fale com uma pessoa.",
    "debts": "Débitos em aberto da UC {uc}:\n{lines}\nTotal: {total}. Para pagar, envie BARRA "
    "MM/AAAA.",
    "recent_payments": (
        "Pagamentos recebidos: {lines}",
        "Pagamentos recebidos: {lines}",
    ),
    "no_debts": (
        "A UC {uc} não tem faturas em aberto. Tudo em dia!",
        "A UC {uc} nao tem faturas em aberto. Tudo em dia!",
    ),
    "updated_requested": (
        "Certo! Estamos calculando o débito atualizado da UC {uc}, com multa e juros até hoje. "
        "O novo código de pagamento chega em seguida.",
        "Calculando o debito atualizado da UC {uc}. O novo codigo chega em seguida.",
    ),
    # Digital invoice
    "digital_menu": "Fatura digital da UC {uc}:\n1 - Aderir\n2 - Ver cadastros\n"
    "3 - Cancelar um cadastro\nResponda com o número.",
    "ask_medium": "Como quer receber a fatura?\n1 - E-mail\n2 - WhatsApp\nResponda com o número.",
    "ask_email": "Qual é o e-mail? Exemplo: nome@exemplo.com.br",
    "ask_whatsapp": "Qual é o número de WhatsApp, com DDD? Responda ESTE para usar este número.",
    "bad_destination": "{problem}. Envie de novo, ou MENU para sair.",
    "bad_keyword_destination": "{problem}. Nada foi alterado.",
    "already_enrolled": "O {dest} já recebe a fatura digital da UC {uc}.",
    "already_try_other": "Envie outro, ou MENU para sair.",
    "ask_more": "Quer cadastrar mais algum destinatário? Responda SIM ou NÃO.",
    "ask_printed": "Quer continuar recebendo também a fatura impressa? Responda SIM ou NÃO.",
    "consent": (
        "Fatura digital: a fatura de cada mês da UC {uc} será enviada para {dests}, {printed}. "
        "Para cancelar, envie {cancel} ou SAIR.",
        "Fatura digital UC {uc}: enviaremos a fatura mensal para {dests}, {printed}. "
        "Cancele: {cancel} ou SAIR.",
    ),
    "consent_printed": ("com a cópia impressa", "com copia impressa"),
    "consent_digital_only": ("sem a cópia impressa", "sem copia impressa"),
    "confirm": "Confirma? Responda SIM ou NÃO.",
    "enrolled": "Pronto, cadastro feito!",
    "enrol_dropped": "Tudo bem, nada foi cadastrado.",
    "enrolments": "Fatura digital da UC {uc}:\n{lines}",
    "no_enrolments": (
        "A UC {uc} ainda não tem fatura digital. Para aderir, envie ADERIR ou escolha "
        "{menu_digital} no menu.",
        "A UC {uc} nao tem fatura digital. Para aderir, envie ADERIR EMAIL seu@email.com",
    ),
    "pick_cancel": "Qual cadastro quer cancelar?\n{lines}\nResponda com o número.",
    "unenrolled": "Pronto! O {dest} não vai mais receber a fatura digital da UC {uc}.",
    "not_enrolled": "O {dest} não está cadastrado na fatura digital da UC {uc}.",
    "whatsapp_off": (
        "O WhatsApp não está disponível para a fatura digital. Use o e-mail: "
        "ADERIR EMAIL nome@exemplo.com.br",
        "WhatsApp nao esta disponivel. Use e-mail: ADERIR EMAIL nome@exemplo.com.br",
    ),
}
