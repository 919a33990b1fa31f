"""Every consumer-facing text, in pt-BR: a WhatsApp form and, where it differs, an SMS form.

SMS forms are written to fit 160 characters once accents are stripped; placeholders use
str.format names. Keep texts short and friendly.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any, NamedTuple

from bot.choices import Choice, menu_option
from bot.texts_debit import DEBIT_TEXTS
from bot.texts_flows import FLOW_TEXTS
from bot.texts_installments import INSTALLMENT_TEXTS
from bot.texts_media import MEDIA_TEXTS
from bot.texts_talk import TALK_TEXTS

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
        "Tente novamente em {wait}.",
        "Por seguranca, pausamos as tentativas de identificacao. Tente novamente em {wait}.",
    ),
    "id_ok": "Dados confirmados: UC {uc}, titular {name}.",
    "reregistration": (
        "Que tal receber suas faturas por {media}? Responda ADERIR ou escolha {menu_digital} no "
        "menu.",
        "Receba a fatura por e-mail: envie ADERIR EMAIL seu@email.com",
    ),
    **FLOW_TEXTS,
    **INSTALLMENT_TEXTS,
    **TALK_TEXTS,
    **MEDIA_TEXTS,
    **DEBIT_TEXTS,
}


class MenuOption(NamedTuple):
    """One line of the main menu: the number to type, the intent it starts, its labels."""

    number: int
    intent: str  # a name in the conversation table (bot.conversation)
    label: str
    short: str  # the SMS form


MENU_OPTIONS = (
    MenuOption(1, "2via_list", "2ª via da fatura", "2a via"),
    MenuOption(2, "barra_open", "Código de barras / PIX", "Cod. barras"),
    MenuOption(3, "digital", "Fatura digital (aderir, ver, cancelar)", "Fatura digital"),
    MenuOption(4, "debitos", "Débitos em aberto", "Debitos"),
    MenuOption(5, "atualizar", "Débito atualizado", "Debito atualizado"),
    MenuOption(6, "atendente", "Falar com atendente", "Atendente"),
    MenuOption(7, "negociar", "Negociar dívida (parcelar)", "Negociar"),
)
# The same options as a WhatsApp list: a title of at most 24 characters and a description.
MENU_ITEMS = {
    "2via_list": ("2ª via da fatura", "A fatura em PDF aqui na conversa"),
    "barra_open": ("Código de barras / PIX", "Para pagar a fatura em aberto"),
    "digital": ("Fatura digital", "Aderir, ver ou cancelar"),
    "debitos": ("Débitos em aberto", "As faturas que faltam pagar"),
    "atualizar": ("Débito atualizado", "Com multa e juros até hoje, novo código"),
    "atendente": ("Falar com atendente", "Uma pessoa da equipe responde por aqui"),
    "negociar": ("Negociar dívida", "Parcelar as faturas vencidas"),
}
# Texts may name an option by its intent, as {menu_digital}, so that no number is written twice.
MENU_NUMBERS = {f"menu_{o.intent}": o.number for o in MENU_OPTIONS}


def text(key: str, *, sms: bool = False, **values: Any) -> str:
    """The text `key` for the channel, with `values` (and the menu's numbers) filled in."""
    entry = TEXTS[key]
    template = entry if isinstance(entry, str) else entry[1 if sms else 0]
    return template.format(**MENU_NUMBERS, **values)


def menu(*, sms: bool, off: Collection[str] = ()) -> str:
    """The numbered main menu, without the options whose intent is switched `off`."""
    options = [o for o in MENU_OPTIONS if o.intent not in off]
    if sms:
        items = ", ".join(f"{o.number} {o.short}" for o in options)
        return f"Responda: {items}. AJUDA: comandos. SAIR: parar"
    lines = "\n".join(f"{o.number} - {o.label}" for o in options)
    return (
        f"Escolha uma opção e responda com o número:\n{lines}\n"
        "Envie SAIR para parar as mensagens ou AJUDA para ver os comandos."
    )


def menu_choice(hint: str, *, off: Collection[str] = ()) -> Choice:
    """The main menu as a WhatsApp list picker, under the hint line."""
    items = tuple(
        menu_option(o.number, *MENU_ITEMS[o.intent]) for o in MENU_OPTIONS if o.intent not in off
    )
    return Choice("list", f"{hint}\nComo posso ajudar? Toque em *Ver opções*.", items)


def help_text(*, sms: bool, whatsapp: bool, updated_debt: bool) -> str:
    """The keyword list (one WhatsApp message; a short SMS form)."""
    if sms:
        extra = " ATUALIZAR," if updated_debt else ""
        return (
            f"Comandos: MENU, 2VIA, BARRA, DEBITOS,{extra} NEGOCIAR, ADERIR EMAIL seu@email.com, "
            "ADESAO, CANCELAR EMAIL seu@email.com, ATENDENTE, FALTA, SAIR"
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
    lines.append("NEGOCIAR [UC] - parcelar faturas vencidas")
    lines.append("ADERIR [UC] EMAIL seu@email.com [IMPRESSA] - fatura por e-mail")
    if whatsapp:
        lines.append("ADERIR [UC] WHATSAPP [número] [IMPRESSA] - fatura no WhatsApp")
    lines += [
        "ADESAO [UC] - ver cadastros da fatura digital",
        "CANCELAR [UC] EMAIL seu@email.com - cancelar um cadastro",
        "ATENDENTE - falar com uma pessoa",
        "FALTA - avisar de falta de energia",
        "SAIR - parar as mensagens (VOLTAR para voltar)",
        'Ou escreva do seu jeito, como "quero a 2ª via de outubro".',
    ]
    return "\n".join(lines)
