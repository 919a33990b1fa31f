"""A recording in-memory BotView and a transcript helper, so bot tests read like chats.

Replies are checked whole: `chat.says(key, **values)` is what text `key` becomes on the chat's
channel, and `chat.keys` names the text behind each reply of the last message.
"""

from __future__ import annotations

import copy
import json
import re
import string
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from functools import cache, partial
from typing import Any
from zoneinfo import ZoneInfo

from billing.payment import CollectionParams, InvoiceFacts, payment_for
from bot import texts
from bot.choices import Choice
from bot.engine import handle
from bot.formatting import render_for_channel, to_ascii
from bot.media_types import Attachment, PhotoFinding
from bot.types import (
    BotSettings,
    Effect,
    Enroll,
    EnrollmentInfo,
    Inbound,
    InvoiceInfo,
    ProtocolInfo,
    ReregistrationOffered,
    Unenroll,
    UnitInfo,
)

SP = ZoneInfo("America/Sao_Paulo")
TODAY = date(2026, 11, 10)
START = datetime(2026, 11, 10, 9, 0, tzinfo=SP)
PHONE = "+5531999990000"  # Maria's number, bound to UC 131030
STRANGER = "+5531988887777"  # a number on file for nobody
MARIA_CPF = "12345678909"
JOAO_CPF = "52998224725"
OTHER_VALID_CPF = "11144477735"
PARAMS = CollectionParams(
    pix_key="12345678000195",
    pix_merchant_name="DISTRIBUIDORA DEMO",
    pix_merchant_city="BELO HORIZONTE",
)


def rendered(key: str, *, sms: bool = False, **values: Any) -> list[str]:
    """The messages text `key` becomes on a channel (SMS: ASCII, split at 160 characters)."""
    return render_for_channel(texts.text(key, sms=sms, **values), sms=sms)


def menu_reply(hint: str = "greeting", *, sms: bool = False, updated_debt: bool = False) -> str:
    """The main menu as the bot sends it: a hint line, then the numbered options."""
    off = () if updated_debt else ("atualizar",)
    body = texts.menu(sms=sms, off=off)
    head = texts.text(hint, sms=sms)
    return to_ascii(f"{head} {body}") if sms else f"{head}\n{body}"


@cache
def _patterns(sms: bool) -> dict[str, tuple[re.Pattern[str], int]]:
    """Each text key as a pattern of its channel form (placeholders match anything), with
    how many literal characters it has (the most specific match wins)."""
    patterns = {}
    for key, entry in texts.TEXTS.items():
        template = entry if isinstance(entry, str) else entry[1 if sms else 0]
        regex, literal = "", 0
        for text, name, _, _ in string.Formatter().parse(template):
            text = to_ascii(text) if sms else text
            regex, literal = regex + re.escape(text), literal + len(text)
            if name in texts.MENU_NUMBERS:
                regex += str(texts.MENU_NUMBERS[name])
            elif name is not None:
                regex += "(.*)"
        patterns[key] = (re.compile(regex, re.DOTALL), literal)
    return patterns


def key_of(reply: str, *, sms: bool = False) -> str:
    """The text key that produced `reply` ("?" when none did)."""
    found = [
        (literal, key)
        for key, (pattern, literal) in _patterns(sms).items()
        if pattern.fullmatch(reply)
    ]
    return max(found)[1] if found else "?"


def invoice(
    number: int,
    reference: str,
    amount_cents: int,
    due: date,
    *,
    uc: str = "131030",
    status: str = "open",
    kind: str = "energy",
    pix: bool = True,
    updated_debt: bool = False,
) -> InvoiceInfo:
    """An invoice with the real payment view of TODAY (codes or refusal)."""
    params = PARAMS if pix else replace(PARAMS, pix_key="")
    facts = InvoiceFacts(number, amount_cents, due, status, reference)
    return InvoiceInfo(
        id=number,
        uc=uc,
        reference=reference,
        kind=kind,
        amount_cents=amount_cents,
        due_date=due,
        status=status,
        authorized=True,
        payment_of=partial(payment_for, facts, params, TODAY),
        updated_debt=updated_debt,
    )


@dataclass
class FakeView:
    """BotView over dicts; records every call as (method, args)."""

    settings: BotSettings = field(default_factory=BotSettings)
    phones: dict[str, list[str]] = field(default_factory=dict)
    units: dict[str, UnitInfo] = field(default_factory=dict)
    invoice_rows: dict[str, list[InvoiceInfo]] = field(default_factory=dict)
    enrollment_rows: list[EnrollmentInfo] = field(default_factory=list)
    locked_keys: set[str] = field(default_factory=set)  # phone numbers and/or UCs
    due: set[str] = field(default_factory=set)  # UCs due for the re-registration offer
    refuse_claims: bool = False  # the atomic claim of a guess is refused
    protocol_rows: list[ProtocolInfo] = field(default_factory=list)
    calls: list[tuple[str, tuple[Any, ...]]] = field(default_factory=list)

    def units_of_phone(self, phone: str) -> list[str]:
        """UCs bound to the number."""
        self.calls.append(("units_of_phone", (phone,)))
        return list(self.phones.get(phone, []))

    def unit(self, uc: str) -> UnitInfo | None:
        """The UC or None."""
        self.calls.append(("unit", (uc,)))
        return self.units.get(uc)

    def invoices(self, uc: str) -> list[InvoiceInfo]:
        """The UC's invoices, newest competência first."""
        self.calls.append(("invoices", (uc,)))
        rows = self.invoice_rows.get(uc, [])
        return sorted(rows, key=lambda i: i.reference, reverse=True)[:12]

    def enrollments(self, uc: str) -> list[EnrollmentInfo]:
        """The UC's recipients."""
        self.calls.append(("enrollments", (uc,)))
        return [e for e in self.enrollment_rows if e.uc == uc]

    def _locked(self, phone: str, uc: str | None) -> bool:
        """Locked when the number or the UC is in `locked_keys`."""
        return phone in self.locked_keys or (uc is not None and uc in self.locked_keys)

    def lock_minutes(self, phone: str, uc: str | None) -> int:
        """15 while locked (the first lock), else 0."""
        self.calls.append(("lock_minutes", (phone, uc)))
        return 15 if self._locked(phone, uc) else 0

    def check_document(self, phone: str, uc: str, document: str) -> str:
        """`locked` when the number or UC is in `locked_keys` or `refuse_claims` is set (a
        concurrent guess took the last one), else compare with the UC's titular."""
        self.calls.append(("check_document", (phone, uc, document)))
        if self.refuse_claims or self._locked(phone, uc):
            return "locked"
        unit = self.units.get(uc)
        return "ok" if unit is not None and unit.holder_document == document else "wrong"

    def reregistration_due(self, uc: str) -> bool:
        """Due when listed in `due`."""
        self.calls.append(("reregistration_due", (uc,)))
        return uc in self.due

    def protocols(self, phone: str) -> list[ProtocolInfo]:
        """The protocols in `protocol_rows`, as given (newest first)."""
        self.calls.append(("protocols", (phone,)))
        return list(self.protocol_rows)

    def apply(self, effects: list[Effect]) -> None:
        """Play the effects the edge would commit, so later messages see them."""
        for effect in effects:
            if isinstance(effect, Enroll):
                row = EnrollmentInfo(
                    len(self.enrollment_rows) + 100,
                    effect.uc,
                    effect.medium,
                    effect.destination,
                    effect.keep_printed,
                )
                self.enrollment_rows.append(row)
            elif isinstance(effect, Unenroll):
                self.enrollment_rows = [
                    e
                    for e in self.enrollment_rows
                    if (e.uc, e.medium, e.destination)
                    != (effect.uc, effect.medium, effect.destination)
                ]
            elif isinstance(effect, ReregistrationOffered):
                self.due.discard(effect.uc)


def world(**settings: Any) -> FakeView:
    """Maria (bound number, UCs 131030) and João (UC 200200, reached only by CPF)."""
    view = FakeView(settings=BotSettings(**settings))
    view.units["131030"] = UnitInfo(
        "131030", "Maria da Silva", MARIA_CPF, "Rua das Flores, 100 - Belo Horizonte/MG"
    )
    view.units["200200"] = UnitInfo(
        "200200", "João Souza", JOAO_CPF, "Avenida Brasil, 2000 - Contagem/MG"
    )
    view.phones[PHONE] = ["131030"]
    view.invoice_rows["131030"] = [
        invoice(3, "2026-10", 24550, date(2026, 10, 20)),
        invoice(2, "2026-09", 19990, date(2026, 9, 20), status="paid"),
        invoice(1, "2026-08", 21000, date(2026, 8, 20), status="paid"),
    ]
    view.invoice_rows["200200"] = [
        invoice(11, "2026-11", 8800, date(2026, 11, 25), uc="200200"),
        invoice(10, "2026-10", 9100, date(2026, 10, 25), uc="200200", status="paid"),
    ]
    return view


@dataclass
class Chat:
    """One number talking to the engine; keeps the state and a fake clock between messages."""

    view: FakeView
    channel: str = "whatsapp"
    phone: str = PHONE
    now: datetime = START
    state: dict[str, Any] = field(default_factory=dict)
    replies: list[str] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    sent: int = 0
    choices: dict[int, Choice] = field(default_factory=dict)  # reply index: its options

    def send(
        self,
        text: str,
        *,
        after: timedelta = timedelta(minutes=1),
        silent: bool = False,
        attachment: Attachment | None = None,
        photo: PhotoFinding | None = None,
        tap: str = "",
    ) -> list[str]:
        """Send one message `after` the previous one; check the channel rules on the answer
        (never silence, unless `silent`: staff have the conversation)."""
        self.now += after
        self.sent += 1
        before = copy.deepcopy(self.state)
        inbound = Inbound(
            text, self.channel, self.phone, self.now, f"SM{self.sent}",  # type: ignore[arg-type]
            attachment=attachment, photo=photo, tap=tap,
        )  # fmt: skip
        step = handle(self.state, inbound, self.view)
        assert self.state == before, "handle() must not mutate the given state"
        assert json.loads(json.dumps(step.state)) == step.state
        assert bool(step.replies) != silent, f"replies to {text!r}: {step.replies}"
        if self.channel == "sms":
            for reply in step.replies:
                assert reply.isascii(), reply
                assert len(reply) <= 160, (len(reply), reply)
        self.state, self.replies, self.effects = step.state, step.replies, step.effects
        self.choices = dict(step.choices)
        assert all(0 <= i < len(step.replies) for i in self.choices)
        assert not (self.choices and self.sms), "SMS never gets tappable options"
        self.view.apply(step.effects)
        return step.replies

    @property
    def sms(self) -> bool:
        """True on SMS."""
        return self.channel == "sms"

    def says(self, key: str, **values: Any) -> list[str]:
        """The messages text `key` becomes on this chat's channel."""
        return rendered(key, sms=self.sms, **values)

    def t(self, key: str, **values: Any) -> str:
        """Text `key` in this channel's variant, before rendering (to build composite replies)."""
        return texts.text(key, sms=self.sms, **values)

    def shows(self, text: str) -> list[str]:
        """The messages a reply text becomes on this chat's channel."""
        return render_for_channel(text, sms=self.sms)

    @property
    def keys(self) -> list[str]:
        """The text key behind each reply to the last message ("?" for other replies)."""
        return [key_of(reply, sms=self.sms) for reply in self.replies]

    def menu(self, hint: str = "greeting", *, updated_debt: bool = False) -> str:
        """The main menu as this chat gets it."""
        return menu_reply(hint, sms=self.sms, updated_debt=updated_debt)

    @property
    def step(self) -> str | None:
        """The step the conversation waits in, as stored."""
        pending = self.state.get("pending")
        return pending["step"] if pending else None

    @property
    def text(self) -> str:
        """All replies to the last message as one text."""
        return "\n".join(self.replies)

    @property
    def last(self) -> str:
        """The last reply."""
        return self.replies[-1]
