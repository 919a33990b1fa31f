"""A person in the chat: asking for one (within business hours or queued for the next
opening), the bot stepping aside while staff answer (one acknowledgement, then silence; MENU
comes back; SAIR still opts out), the 1-5 survey after staff close, and PROTOCOLO.

State keys (bot/FLOWS.md): `handoff` {"quiet": the bot steps aside, "acked": the one
acknowledgement was sent}; `survey` {"id": the hand-off, "until": ISO time, "comment": a
comment may follow}. Staff set them through `services.handoff.conversation_state`.
"""

from __future__ import annotations

import logging
import re
from datetime import datetime, timedelta
from typing import Any

from bot import commands
from bot.context import Ctx
from bot.formatting import day
from bot.grammar import Command, menu_option
from bot.hours import is_open, next_opening, parse_holidays, parse_hours
from bot.nlu.reading import SMALL_TALK, Sureness, read
from bot.state import Action
from bot.types import Handoff, HandoffReturned, SurveyAnswered

log = logging.getLogger(__name__)
HANDOFF, SURVEY = "handoff", "survey"
COMMENT_WAIT = timedelta(minutes=10)
WEEKDAYS = ("segunda", "terça", "quarta", "quinta", "sexta", "sábado", "domingo")
KINDS = {"handoff": "atendimento", "outage": "falta de energia"}
STATUSES = {"open": "aguardando", "taken": "em atendimento", "closed": "encerrado"}
_RATING = re.compile(r"^\s*(?:nota\s*)?([1-5])(?!\d)(?:\s*(?:/\s*5|de\s+5))?[\s\-,.:;!)]*(.*)$",
                     re.IGNORECASE | re.DOTALL)  # fmt: skip


def _open_now(ctx: Ctx) -> tuple[bool, datetime | None]:
    """Whether people answer now, and when they next start if not (bad settings: always)."""
    try:
        windows = parse_hours(ctx.settings.handoff_hours)
        holidays = parse_holidays(ctx.settings.handoff_holidays)
    except ValueError:
        log.warning("handoff hours or holidays unreadable: answering as always open")
        return True, None
    now = ctx.local_now
    if is_open(windows, holidays, now):
        return True, None
    return False, next_opening(windows, holidays, now)


def _when(moment: datetime | None, now: datetime) -> str:
    """ "hoje às 08:00", "amanhã às 08:00", "segunda, 30/11 às 08:00"."""
    if moment is None:
        return "o próximo dia útil"
    days = (moment.date() - now.date()).days
    label = {0: "hoje", 1: "amanhã"}.get(days) or (
        f"{WEEKDAYS[moment.weekday()]}, {day(moment.date())[:5]}"
    )
    return f"{label} às {moment:%H:%M}"


def request(ctx: Ctx, action: Action) -> None:
    """ATENDENTE, menu 6 or "quero falar com uma pessoa": record the hand-off (the edge gives
    the protocol); inside business hours the bot then steps aside, outside it keeps serving."""
    if isinstance(ctx.state.get(HANDOFF), dict):
        ctx.say("handoff_already")
        return
    known = ctx.known_units()
    how = f"pelo menu (opção {action.menu})" if action.menu is not None else "(ATENDENTE)"
    in_hours, opening = _open_now(ctx)
    ctx.effects.append(Handoff(known[0] if len(known) == 1 else None, f"Pediu atendente {how}",
                               in_hours=in_hours))  # fmt: skip
    ctx.state[HANDOFF] = {"quiet": in_hours}
    if in_hours:
        ctx.say("handoff")
    else:
        hours = ctx.settings.handoff_hours.strip()
        ctx.say("handoff_closed", hours=hours, next=_when(opening, ctx.local_now))


def steps_aside(ctx: Ctx, cmd: Command | None) -> bool:
    """While staff have the conversation: True when the message is theirs (answered with the
    one acknowledgement, or not at all); MENU gives the consumer back to the bot."""
    state = ctx.state.get(HANDOFF)
    if not isinstance(state, dict) or not state.get("quiet"):
        return False
    bare = cmd is not None and not cmd.extra
    if bare and cmd.name == "sair":
        return False  # the carriers' opt-out always works
    ctx.done()
    if bare and cmd.name == "menu":
        ctx.state.pop(HANDOFF)
        ctx.effects.append(HandoffReturned())
        commands.show_menu(ctx, hint="handoff_returned")
    elif not state.get("acked"):
        state["acked"] = True
        ctx.say("handoff_waiting")
    return True


def _survey(ctx: Ctx) -> dict[str, Any] | None:
    """The survey waiting for an answer, if any and not expired (an expired one is dropped)."""
    survey = ctx.state.get(SURVEY)
    try:
        valid = isinstance(survey["id"], int) and datetime.fromisoformat(survey["until"]) > (
            ctx.inbound.now
        )
    except (TypeError, KeyError, ValueError):
        valid = False
    if not valid:
        ctx.state.pop(SURVEY, None)
        return None
    return survey


def _request(ctx: Ctx, text: str) -> bool:
    """True when the text surely asks for something (then it is no comment)."""
    found = read(text, ctx.today)
    return found.sureness is Sureness.SURE and found.intent not in SMALL_TALK


def survey(ctx: Ctx, cmd: Command | None, text: str) -> bool:
    """The answer to "De 1 a 5, como foi o atendimento?" (and its optional comment); False
    when the message is something else, which drops the survey."""
    waiting = _survey(ctx)
    if waiting is None:
        return False
    if waiting.get("comment") and text.strip():
        ctx.state.pop(SURVEY)
        if (
            cmd is not None
            or menu_option(text) is not None
            or not text.strip()
            or _request(ctx, text)
        ):
            return False
        ctx.effects.append(SurveyAnswered(waiting["id"], None, text.strip()[:500]))
        ctx.say("survey_comment_thanks")
        return True
    found = _RATING.match(text) if cmd is None else None
    if found is None:
        ctx.state.pop(SURVEY)
        return False
    comment = found[2].strip()[:500] or None
    ctx.effects.append(SurveyAnswered(waiting["id"], int(found[1]), comment))
    if comment:
        ctx.state.pop(SURVEY)
        ctx.say("survey_thanks")
    else:
        until = (ctx.inbound.now + COMMENT_WAIT).isoformat()
        ctx.state[SURVEY] = {"id": waiting["id"], "until": until, "comment": True}
        ctx.say("survey_ask_comment")
    return True


def list_protocols(ctx: Ctx, action: Action) -> None:
    """PROTOCOLO / "meu protocolo": this number's last protocols with their status."""
    rows = ctx.view.protocols(ctx.inbound.phone)[: 2 if ctx.sms else 5]
    if not rows:
        ctx.say("no_protocols")
        return
    lines = [
        f"{p.protocol} - {KINDS[p.kind]} de {day(p.opened)[:5]}: {STATUSES[p.status]}" for p in rows
    ]
    ctx.say("protocols", lines="\n".join(lines))
