"""The conversation table: every way into the bot, every step a flow waits in, the fallbacks.

Shaped like python-telegram-bot's ConversationHandler. ENTRY_POINTS are the intents a consumer
starts by keyword or by main-menu option (the numbers are `bot.texts.MENU_OPTIONS`, which
names the intent of each). STEPS map each step a flow can wait in to the payload it keeps and
the function that reads the answer. FALLBACKS are keywords that work everywhere; UNKNOWN
answers anything the bot did not understand, OPTED_OUT anything from a number that sent SAIR.
A new intent is one row here, plus its flow, its texts and a test; the engine (`bot.engine`)
only walks these tables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from bot import (
    commands,
    flows_debit,
    flows_digital,
    flows_digital_text,
    flows_installments,
    flows_invoice,
    flows_photo,
    free_text,
    handoff_flow,
    identify,
    step_answers,
    talk,
)
from bot.context import Ctx
from bot.grammar import Command, Keyword
from bot.grammar import parse as parse_with
from bot.state import (
    Action,
    AskCpf,
    AskUc,
    ChooseUc,
    Clarify,
    ConfirmCancel,
    DigitalMenu,
    Enrollment,
    Payload,
    PickCancel,
    PickInvoice,
    PlanChoice,
    StepName,
)
from bot.texts import MENU_OPTIONS
from bot.types import BotSettings

P = TypeVar("P", bound=Payload)
Handler = Callable[[Ctx, Action], None]  # an intent that needs no UC
UnitHandler = Callable[[Ctx, str, Action], None]  # an intent about one identified UC
Reply = Callable[[Ctx], None]


@dataclass(frozen=True, kw_only=True)
class Intent:
    """One thing a consumer can ask for: the words that start it, what runs, when it may."""

    name: str  # kept in the state as the waiting action's "do"
    keywords: tuple[str, ...] = ()  # first words, folded (upper case, no accents)
    run: Handler | None = None  # runs at once
    run_for_unit: UnitHandler | None = None  # runs after resolving and identifying the UC
    destination: bool = False  # the keyword takes [UC] EMAIL|WHATSAPP <destination> [IMPRESSA]
    enabled: Callable[[BotSettings], bool] | None = None  # None: always available
    off_text: str = ""  # the reply while `enabled` says no (the menu then hides it)
    offers_enrollment: bool = True  # after it, offer the digital invoice (once, if due)
    while_opted_out: bool = False  # still answered after SAIR
    bare_while_waiting: Handler | None = None  # the bare keyword while a flow waits

    def __post_init__(self) -> None:
        """Exactly one way to run."""
        if (self.run is None) == (self.run_for_unit is None):
            raise ValueError(f"intent {self.name}: give run or run_for_unit")


@dataclass(frozen=True)
class StepRow(Generic[P]):
    """A step a flow waits in: what it keeps, what it takes from a message and who reads
    the answer. The answer returns an action to run next (identification done) or None (it
    replied and moved the flow on)."""

    payload: type[P]  # read back from the state with payload.from_json
    answer: Callable[[Ctx, P, str], Action | None]
    # The part of a message this step takes (None: not an answer, read it as free text).
    takes: Callable[[str, date], str | None] = step_answers.number
    asks_again: bool = True  # False: what means nothing is a miss, and the question is dropped


def _updated_debt(settings: BotSettings) -> bool:
    """The updated debt (ATUALIZAR) is on."""
    return settings.updated_debt_enabled


ENTRY_POINTS: tuple[Intent, ...] = (
    Intent(name="2via", keywords=("2VIA",), run_for_unit=flows_invoice.second_copy),
    Intent(name="2via_list", run_for_unit=flows_invoice.list_copies),
    Intent(name="barra", keywords=("BARRA", "BARRAS", "PIX"), run_for_unit=flows_invoice.codes),
    Intent(name="barra_open", run_for_unit=flows_invoice.list_open),
    Intent(name="pdf", keywords=("PDF",), run=flows_invoice.send_slip),
    Intent(name="debitos", keywords=("DEBITOS", "DEBITO"), run_for_unit=flows_invoice.debts),
    Intent(
        name="atualizar",
        keywords=("ATUALIZAR",),
        run_for_unit=flows_invoice.updated_debt,
        enabled=_updated_debt,
        off_text="updated_off",
    ),
    Intent(
        name="negociar",
        keywords=("NEGOCIAR", "PARCELAR"),
        run_for_unit=flows_installments.offer,
        offers_enrollment=False,
    ),
    Intent(name="digital", run_for_unit=flows_digital.menu, offers_enrollment=False),
    Intent(
        name="aderir",
        keywords=("ADERIR",),
        run_for_unit=flows_digital_text.enroll,
        destination=True,
        offers_enrollment=False,
    ),
    Intent(
        name="adesao",
        keywords=("ADESAO",),
        run_for_unit=flows_digital.show,
        offers_enrollment=False,
    ),
    Intent(
        name="cancelar",
        keywords=("CANCELAR",),
        run_for_unit=flows_digital_text.cancel,
        destination=True,
        offers_enrollment=False,
        bare_while_waiting=commands.abort_flow,
    ),
    Intent(name="atendente", keywords=("ATENDENTE",), run=handoff_flow.request),
    Intent(
        name="protocolo",
        keywords=("PROTOCOLO", "PROTOCOLOS"),
        run=handoff_flow.list_protocols,
        offers_enrollment=False,
    ),
    Intent(name="falta", keywords=("FALTA",), run=talk.outage, offers_enrollment=False),
    Intent(
        name="debito_automatico",
        keywords=("DEBITO AUTOMATICO",),  # two words: DEBITO alone is DEBITOS
        run_for_unit=flows_debit.status,
    ),
    Intent(name="foto", run_for_unit=flows_photo.show),  # a photographed bill (media_flow)
)

YES_NO = step_answers.yes_or_no
STEPS: dict[StepName, StepRow[Any]] = {
    StepName.ASK_UC: StepRow(AskUc, identify.answer_uc, step_answers.uc),
    StepName.CHOOSE_UC: StepRow(ChooseUc, identify.answer_choice, step_answers.uc),
    StepName.ASK_CPF: StepRow(AskCpf, identify.answer_document, step_answers.document),
    StepName.PICK_INVOICE: StepRow(PickInvoice, flows_invoice.answer_pick, step_answers.invoice),
    StepName.DIGITAL_MENU: StepRow(DigitalMenu, flows_digital.answer_menu),
    StepName.MEDIUM: StepRow(Enrollment, flows_digital.answer_medium, step_answers.medium),
    StepName.DESTINATION: StepRow(
        Enrollment, flows_digital.answer_destination, step_answers.destination
    ),
    StepName.MORE: StepRow(Enrollment, flows_digital.answer_more, YES_NO),
    StepName.PRINTED: StepRow(Enrollment, flows_digital.answer_printed, YES_NO),
    StepName.CONFIRM: StepRow(Enrollment, flows_digital.answer_confirm, YES_NO),
    StepName.PICK_CANCEL: StepRow(PickCancel, flows_digital_text.answer_pick),
    StepName.CONFIRM_CANCEL: StepRow(ConfirmCancel, flows_digital_text.answer_confirm, YES_NO),
    StepName.PICK_PLAN: StepRow(PlanChoice, flows_installments.answer_pick),
    StepName.CONFIRM_PLAN: StepRow(PlanChoice, flows_installments.answer_confirm, YES_NO),
    StepName.CLARIFY: StepRow(
        Clarify, free_text.answer_clarify, step_answers.clarify, asks_again=False
    ),
}

FALLBACKS: tuple[Intent, ...] = (
    Intent(name="menu", keywords=("MENU", "INICIO"), run=commands.show_menu),
    Intent(name="saudacao", keywords=("OI", "OLA"), run=talk.greet),
    Intent(name="sair", keywords=("SAIR", "PARAR", "STOP"), run=commands.opt_out),
    Intent(name="voltar", keywords=("VOLTAR",), run=commands.opt_in, while_opted_out=True),
    Intent(name="ajuda", keywords=("AJUDA",), run=commands.show_help),
)
UNKNOWN: Reply = commands.unknown
OPTED_OUT: Reply = commands.remind_opted_out

# Lookups derived from the tables above.
INTENTS: dict[str, Intent] = {i.name: i for i in (*ENTRY_POINTS, *FALLBACKS)}
KEYWORDS: dict[str, Keyword] = {
    word: Keyword(i.name, i.destination) for i in INTENTS.values() for word in i.keywords
}
MENU: dict[int, Intent] = {o.number: INTENTS[o.intent] for o in MENU_OPTIONS}
if len(INTENTS) != len(ENTRY_POINTS) + len(FALLBACKS) or len(KEYWORDS) != sum(
    len(i.keywords) for i in INTENTS.values()
):
    raise ValueError("an intent name or a keyword is declared twice")


def parse(text: str) -> Command | None:
    """The keyword command that `text` starts with, if any."""
    return parse_with(text, KEYWORDS)


def switched_off(settings: BotSettings) -> frozenset[str]:
    """The intents the settings switch off."""
    return frozenset(i.name for i in INTENTS.values() if i.enabled and not i.enabled(settings))
