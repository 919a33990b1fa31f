"""Free text: what the keyword grammar, the menu numbers and the waiting step did not take.

The classifier's reading (`bot.nlu.reading`) decides: a sure reading runs its intent with the
details of the sentence; an unsure one asks one question naming the two likeliest intents; a
miss gets a short question, and the menu only after a second miss in a row. Nothing
irreversible runs on a reading: stopping all messages and cancelling an enrolment ask first.
"""

from __future__ import annotations

from bot import commands, identify, runner, talk
from bot.context import Ctx
from bot.grammar import pick, yes_no
from bot.nlu.entities import Details
from bot.nlu.reading import OUT_OF_SCOPE, Reading, Sureness, read
from bot.state import Action, AskCpf, Clarify, StepName
from bot.texts_talk import LABELS
from bot.types import NotUnderstood

SMALL_TALK = {"saudacao": talk.greet, "agradecimento": talk.thank,
              "despedida": talk.goodbye, "robo": talk.robot}  # fmt: skip
MISSES = "misses"  # state key: misses in a row
OUT_OF_SCOPE_SURE = 0.6  # "com isso não consigo ajudar" only when clearly another subject
LISTS = {"2via": "2via_list", "barra": "barra_open"}  # without a month: the list to pick from


def reading(ctx: Ctx, text: str) -> Reading:
    """The message read, with relative months worked out from its local date."""
    return read(text, ctx.today)


def action_of(intent: str, details: Details) -> Action | None:
    """The action a sure reading asks for (None for small talk and out of scope)."""
    ref, uc = details.reference, details.uc
    if intent in LISTS:
        return Action(intent, uc=uc, ref=ref) if ref else Action(LISTS[intent], uc=uc)
    if intent in ("debitos", "atualizar", "adesao", "falta", "negociar", "debito_automatico"):
        return Action(intent, uc=uc)
    if intent in ("aderir", "cancelar"):
        dest = details.email if details.medium == "email" else None
        said = details.printed is not None
        return Action(intent, uc=uc, medium=details.medium, dest=dest,
                      printed=bool(details.printed), printed_said=said, confirm=True)  # fmt: skip
    if intent in ("atendente", "sair", "voltar", "ajuda", "menu", "protocolo"):
        return Action(intent)
    return None


def understand(ctx: Ctx, text: str, found: Reading | None = None) -> bool:
    """Act on free text; False when it meant nothing (the caller decides what then)."""
    found = found or reading(ctx, text)
    if found.sureness is Sureness.SURE:
        if found.intent in SMALL_TALK:
            SMALL_TALK[found.intent](ctx)
            return True
        action = action_of(found.intent, found.details)
        if action is not None:
            ctx.done()
            perform(ctx, action)
            document_too(ctx, found.details.document)
            return True
    return False


def document_too(ctx: Ctx, document: str | None) -> None:
    """ "2 via uc 131030 cpf 123.456.789-09": the CPF the identification would ask for was in
    the sentence, so it answers the question at once instead of asking it."""
    waiting = ctx.waiting
    if document is None or waiting is None or not isinstance(waiting.data, AskCpf):
        return
    if ctx.replies and ctx.replies[-1] == ctx.t("ask_cpf", uc=waiting.data.uc):
        ctx.replies.pop()
    resumed = identify.answer_document(ctx, waiting.data, document)
    if resumed is not None:
        runner.start(ctx, resumed)


def perform(ctx: Ctx, action: Action, *, chosen: bool = False) -> None:
    """Run a free-text action; stopping all messages is confirmed first unless `chosen`
    (picked by the consumer from a question)."""
    if action.do == "sair" and not chosen:
        ctx.wait(StepName.CLARIFY, Clarify((action,)))
        ctx.say("confirm_stop")
    elif action.do == "voltar" and not ctx.state.get("opted_out"):
        ctx.say("already_in")
    else:
        runner.start(ctx, action)


def miss(ctx: Ctx, text: str, found: Reading | None = None) -> None:
    """Not understood: ask one question naming the likeliest intents, or say so in one line;
    the menu comes after a second miss in a row. Staff see the message under "Mensagens não
    entendidas"."""
    found = found or reading(ctx, text)
    ctx.effects.append(NotUnderstood(text[:500], found.intent, round(found.confidence, 3)))
    misses = int(ctx.state.get(MISSES) or 0) + 1
    ctx.state[MISSES] = misses
    if misses >= 2:
        commands.unknown(ctx)
    elif found.sureness is Sureness.UNSURE and _clarify(ctx, found):
        return
    else:
        ctx.say("out_of_scope" if clearly_out_of_scope(found) else "miss")


def clearly_out_of_scope(found: Reading) -> bool:
    """Surely another subject ("trocar o titular", "previsão do tempo"), not gibberish."""
    return found.intent == OUT_OF_SCOPE and found.confidence >= OUT_OF_SCOPE_SURE


def _clarify(ctx: Ctx, found: Reading) -> bool:
    """Ask which of the (at most two) likeliest actionable intents was meant."""
    options = [a for i in (found.intent, found.runner_up)
               if (a := action_of(i, found.details)) is not None]  # fmt: skip
    if not options:
        return False
    ctx.wait(StepName.CLARIFY, Clarify(tuple(options[:2])))
    if len(options) == 1:
        ctx.say("clarify_one", first=LABELS[options[0].do])
    else:
        ctx.say("clarify_two", first=LABELS[options[0].do], second=LABELS[options[1].do])
    return True


def answer_clarify(ctx: Ctx, data: Clarify, answer: str) -> None:
    """1 or 2 (or sim/não for a single option): run what was meant."""
    if len(data.options) == 1:
        yes = yes_no(answer)
        if yes is None:
            ctx.say("yes_no")
            return
        ctx.done()
        ctx.state.pop(MISSES, None)
        if not yes:
            ctx.say("stop_kept" if data.options[0].do == "sair" else "clarify_dropped")
            return
        chosen = data.options[0]
    else:
        chosen = pick(data.options, answer)
        if chosen is None:
            ctx.say("pick_invalid", n=len(data.options))
            return
        ctx.done()
        ctx.state.pop(MISSES, None)
    perform(ctx, chosen, chosen=True)
