"""Texts of free-text conversation: small talk, outage reports, clarifying questions, misses
and confirmations (pt-BR; WhatsApp form, SMS form within one 160-character segment)."""

from __future__ import annotations

TALK_TEXTS: dict[str, str | tuple[str, str]] = {
    "greeting_morning": ("Bom dia! Sou o assistente de faturas da distribuidora.", "Bom dia!"),
    "greeting_afternoon": (
        "Boa tarde! Sou o assistente de faturas da distribuidora.",
        "Boa tarde!",
    ),
    "greeting_evening": ("Boa noite! Sou o assistente de faturas da distribuidora.", "Boa noite!"),
    "thanks": ("Por nada! Se precisar, é só chamar. 😊", "Por nada! Se precisar, e so chamar."),
    "goodbye": (
        "Até mais! Quando precisar, é só mandar uma mensagem. 👋",
        "Ate mais! Quando precisar, e so mandar uma mensagem.",
    ),
    "robot": (
        "Sou um assistente virtual, um robô da distribuidora. 🤖 Envio a 2ª via, o código para "
        "pagar e cuido da fatura digital. Para falar com uma pessoa, envie ATENDENTE.",
        "Sou um assistente virtual (robo). Para falar com uma pessoa, envie ATENDENTE.",
    ),
    "outage": (
        "Sinto muito pela falta de energia. 😟 Anotei seu aviso. {channels}{message}"
        "Se quiser falar com uma pessoa, envie ATENDENTE.",
        "Sem energia? Anotamos seu aviso. {channels}ATENDENTE: falar com uma pessoa.",
    ),
    "outage_channels": (
        "Para abrir a ocorrência com a equipe de emergência e acompanhar o conserto, {ways}. ",
        "Para abrir a ocorrencia, {ways}. ",
    ),
    "outage_no_channels": (
        "Para abrir a ocorrência com a equipe de emergência, ligue para a central da "
        "distribuidora (o número está na sua fatura). ",
        "Para abrir a ocorrencia, ligue para a central (numero na fatura). ",
    ),
    "already_in": "Você já recebe nossas mensagens normalmente. Envie MENU para ver as opções.",
    "miss": (
        'Desculpe, não entendi. 🤔 Me diga em poucas palavras o que precisa, como "2ª via de '
        'outubro" ou "código de barras".',
        'Desculpe, nao entendi. Diga em poucas palavras, como "2a via de outubro" ou '
        '"codigo de barras".',
    ),
    "out_of_scope": (
        "Desculpe, com isso eu não consigo ajudar por aqui. Posso enviar a 2ª via, o código "
        "para pagar ou chamar uma pessoa (envie ATENDENTE).",
        "Com isso nao consigo ajudar por aqui. Posso enviar 2a via, codigo para pagar ou "
        "chamar uma pessoa (ATENDENTE).",
    ),
    "clarify_two": "Você quer: 1 - {first}, ou 2 - {second}? Responda 1 ou 2.",
    "clarify_one": "Você quer {first}? Responda SIM ou NÃO.",
    "clarify_dropped": "Tudo bem. Me diga em poucas palavras o que precisa, ou envie MENU.",
    "confirm_stop": (
        "Quer mesmo parar de receber todas as mensagens deste número? Responda SIM ou NÃO. "
        "(Para deixar só a fatura digital, envie CANCELAR.)",
        "Parar TODAS as mensagens deste numero? Responda SIM ou NAO. Para deixar so a fatura "
        "digital, envie CANCELAR.",
    ),
    "stop_kept": "Combinado, nada mudou. Envie MENU para ver as opções.",
    "confirm_cancel": "Cancelar a fatura digital no {dest} da UC {uc}? Responda SIM ou NÃO.",
    "cancel_kept": "Tudo bem, o cadastro continua como está.",
    # Hand-off (bot/handoff_flow.py); the protocol lines are added by the edge.
    "handoff_already": "Seu pedido já está na fila. Uma pessoa da equipe vai responder por aqui.",
    "handoff_closed": (
        "Nossa equipe atende {hours}. Seu pedido ficou registrado e uma pessoa responde por "
        "aqui a partir de {next}. Enquanto isso, posso ajudar com 2ª via, código de barras e "
        "mais: envie MENU.",
        "Nossa equipe atende {hours}. Respondemos a partir de {next}. Enquanto isso, envie MENU.",
    ),
    "handoff_waiting": (
        "Recebi sua mensagem e ela já está com a nossa equipe. Se preferir voltar ao "
        "atendimento automático, envie MENU.",
        "Recebemos sua mensagem; a equipe vai responder. Para o atendimento automatico, envie "
        "MENU.",
    ),
    "handoff_returned": ("Certo, você voltou ao atendimento automático.", "Voltou ao automatico."),
    "protocol_given": ("Seu protocolo: {protocol}. Guarde este número.", "Protocolo: {protocol}"),
    "protocols": "Seus últimos protocolos:\n{lines}",
    "no_protocols": (
        "Você ainda não tem protocolos por aqui. Eles são criados quando você pede um "
        "atendente ou avisa de falta de energia.",
        "Voce ainda nao tem protocolos por aqui.",
    ),
    "survey_question": "De 1 a 5, como foi o atendimento? Responda com um número (5 = ótimo).",
    "survey_thanks": "Obrigado pela avaliação! 😊",
    "survey_ask_comment": (
        "Obrigado pela avaliação! Se quiser, conte em uma mensagem o que podemos melhorar.",
        "Obrigado pela avaliacao! Se quiser, conte o que podemos melhorar.",
    ),
    "survey_comment_thanks": "Obrigado pelo comentário! Ele vai para a nossa equipe.",
    "no_overdue": (
        "A UC {uc} não tem fatura vencida em aberto. 🙂",
        "A UC {uc} nao tem fatura vencida em aberto.",
    ),
}

# How a clarifying question names each intent ("Você quer: 1 - ..., ou 2 - ...?").
LABELS = {
    "2via": "a 2ª via da fatura em PDF",
    "2via_list": "a 2ª via da fatura em PDF",
    "barra": "só o código para pagar",
    "barra_open": "só o código para pagar",
    "debitos": "ver as faturas em aberto",
    "atualizar": "o débito atualizado, com novo código",
    "aderir": "receber a fatura digital",
    "adesao": "ver onde recebe a fatura digital",
    "cancelar": "cancelar a fatura digital",
    "atendente": "falar com uma pessoa",
    "protocolo": "ver seus protocolos",
    "sair": "parar de receber todas as mensagens",
    "voltar": "voltar a receber mensagens",
    "ajuda": "ver os comandos",
    "menu": "ver o menu",
    "falta": "avisar de falta de energia",
    "negociar": "parcelar as faturas vencidas",
    "debito_automatico": "saber do débito automático",
}
