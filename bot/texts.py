"""Every consumer-facing text, in pt-BR: a WhatsApp form and, where it differs, an SMS form.

SMS forms are written to fit 160 characters once accents are stripped; placeholders use
str.format names. Keep texts short and friendly.
"""

from __future__ import annotations

from typing import Any

from bot.texts_flows import FLOW_TEXTS

TEXTS: dict[str, str | tuple[str, str]] = {
    # Menu and general
    "greeting": ("Olá! Sou o assistente de faturas da distribuidora.", "Ola!"),
    "unknown": (
        "Não entendi. Responda com o número de uma opção ou envie AJUDA.",
        "Nao entendi.",
    ),
    "updated_off": (
        "O débito atualizado ainda não está disponível por aqui. Se precisar negociar, "
        "envie ATENDENTE. Envie MENU para ver as opções.",
        "Debito atualizado indisponivel por aqui. Envie ATENDENTE para falar com uma pessoa "
        "ou MENU para as opcoes.",
    ),
    "handoff": (
        "Certo! Registrei seu pedido e uma pessoa da nossa equipe vai responder por aqui "
        "assim que possível.",
        "Certo! Uma pessoa da nossa equipe vai responder por aqui assim que possivel.",
    ),
    "opted_out": (
        "Pronto, você não vai mais receber mensagens nossas neste número. "
        "Se mudar de ideia, envie VOLTAR.",
        "Pronto, voce nao recebera mais mensagens neste numero. Para voltar, envie VOLTAR.",
    ),
    "opted_out_reminder": (
        "Você pediu para não receber mensagens. Para voltar, envie VOLTAR.",
        "Voce pediu para nao receber mensagens. Para voltar, envie VOLTAR.",
    ),
    "welcome_back": "Que bom ter você de volta!",
    "flow_cancelled": "Tudo bem, pedido cancelado. Envie MENU para ver as opções.",
    "pick_invalid": "Responda com um número de 1 a {n}, ou MENU para voltar.",
    "yes_no": "Responda SIM ou NÃO.",
    "bad_month": "Mês inválido. Use MM/AAAA, como 10/2026.",
    # Identification
    "ask_uc": (
        "Qual é o número da sua UC? Ele aparece no alto da sua fatura.",
        "Qual e o numero da sua UC? Ele aparece na sua fatura.",
    ),
    "ask_uc_again": "Envie só o número da UC, como aparece na sua fatura.",
    "uc_too_long": (
        "Esse número é longo demais para uma UC: ela tem no máximo {max} dígitos. Confira na "
        "sua fatura e envie de novo.",
        "Numero longo demais para uma UC (maximo {max} digitos). Confira na fatura e envie "
        "de novo.",
    ),
    "choose_uc": (
        "Sobre qual UC?\n{lines}\nResponda com o número da opção ou envie outra UC.",
        "Qual UC?\n{lines}\nResponda o numero da opcao ou outra UC.",
    ),
    "ask_cpf": (
        "Para sua segurança, envie o CPF ou CNPJ do titular da UC {uc}.",
        "Por seguranca, envie o CPF ou CNPJ do titular da UC {uc}.",
    ),
    "cpf_format": (
        "Envie o CPF (11 dígitos) ou o CNPJ (14 dígitos) do titular, como 123.456.789-09.",
        "Envie o CPF (11 digitos) ou o CNPJ (14 digitos) do titular.",
    ),
    "cpf_check_digits": "Os dígitos verificadores desse CPF/CNPJ não conferem. Confira e envie "
    "de novo.",
    "id_failed": (
        "Não foi possível confirmar esses dados. Confira o número da UC e o CPF ou CNPJ do "
        "titular e tente de novo.",
        "Nao foi possivel confirmar os dados. Confira a UC e o CPF/CNPJ do titular e tente "
        "de novo.",
    ),
    "locked": (
        "Por segurança, pausamos as tentativas de identificação deste atendimento. "
        "Tente novamente em 15 minutos.",
        "Por seguranca, pausamos as tentativas de identificacao. Tente novamente em 15 minutos.",
    ),
    "id_ok": "Dados confirmados: UC {uc}, titular {name}.",
    "reregistration": (
        "Que tal receber suas faturas por {media}? Responda ADERIR ou escolha 3 no menu.",
        "Receba a fatura por e-mail: envie ADERIR EMAIL seu@email.com",
    ),
    **FLOW_TEXTS,
}

MENU_OPTIONS = [
    (1, "2ª via da fatura", "2a via"),
    (2, "Código de barras / PIX", "Cod. barras"),
    (3, "Fatura digital (aderir, ver, cancelar)", "Fatura digital"),
    (4, "Débitos em aberto", "Debitos"),
    (5, "Débito atualizado", "Debito atualizado"),
    (6, "Falar com atendente", "Atendente"),
]


def text(key: str, *, sms: bool = False, **values: Any) -> str:
    """The text `key` for the channel, with `values` filled in."""
    entry = TEXTS[key]
    template = entry if isinstance(entry, str) else entry[1 if sms else 0]
    return template.format(**values)


def menu(*, sms: bool, updated_debt: bool) -> str:
    """The numbered main menu (option 5 only when the updated debt is enabled)."""
    options = [o for o in MENU_OPTIONS if o[0] != 5 or updated_debt]
    if sms:
        items = ", ".join(f"{n} {short}" for n, _, short in options)
        return f"Responda: {items}. AJUDA: comandos. SAIR: parar"
    lines = "\n".join(f"{n} - {label}" for n, label, _ in options)
    return (
        f"Escolha uma opção e responda com o número:\n{lines}\n"
        "Envie SAIR para parar as mensagens ou AJUDA para ver os comandos."
    )


def help_text(*, sms: bool, whatsapp: bool, updated_debt: bool) -> str:
    """The keyword list (one WhatsApp message; a short SMS form)."""
    if sms:
        extra = " ATUALIZAR," if updated_debt else ""
        return (
            f"Comandos: MENU, 2VIA, BARRA, DEBITOS,{extra} ADERIR EMAIL seu@email.com, ADESAO, "
            "CANCELAR EMAIL seu@email.com, ATENDENTE, SAIR. Ex: 2VIA 10/2026"
        )
    lines = [
        "Comandos (um por mensagem; [UC] só se você tiver mais de uma):",
        "MENU - opções",
        "2VIA [UC] [MM/AAAA] - 2ª via em PDF",
        "BARRA [UC] [MM/AAAA] - código de barras e PIX",
        "DEBITOS [UC] - faturas em aberto",
    ]
    if updated_debt:
        lines.append("ATUALIZAR [UC] - débito atualizado com novo código")
    lines.append("ADERIR [UC] EMAIL seu@email.com [IMPRESSA] - fatura por e-mail")
    if whatsapp:
        lines.append("ADERIR [UC] WHATSAPP [número] [IMPRESSA] - fatura no WhatsApp")
    lines += [
        "ADESAO [UC] - ver cadastros da fatura digital",
        "CANCELAR [UC] EMAIL seu@email.com - cancelar um cadastro",
        "ATENDENTE - falar com uma pessoa",
        "SAIR - parar as mensagens (VOLTAR para voltar)",
    ]
    return "\n".join(lines)
