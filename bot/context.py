"""The per-message working context: state, inbound, view, and the replies/effects collected."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from billing.local_time import LOCAL_TZ
from bot import texts
from bot.choices import Choice
from bot.formatting import render_for_channel, to_ascii
from bot.state import Payload, StepName, Waiting
from bot.types import BotSettings, BotView, Effect, Inbound


@dataclass
class Ctx:
    """Everything a handler needs; handlers append to `replies`/`effects`, edit `state` and
    set the step they wait in (`wait`/`done`)."""

    state: dict[str, Any]  # the stored state but `pending`, which is `waiting` while it runs
    inbound: Inbound
    view: BotView
    waiting: Waiting | None = None
    off: frozenset[str] = frozenset()  # intents the settings switch off (hidden from the menu)
    replies: list[str] = field(default_factory=list)
    effects: list[Effect] = field(default_factory=list)
    stored_text: str | None = None  # what to keep of the message instead of its text
    question_stamp: str = ""  # the waiting question's fingerprint (bot.choices.stamp)
    choices: list[tuple[int, Choice]] = field(default_factory=list)
    _bound: list[str] | None = None

    @property
    def sms(self) -> bool:
        """True on SMS: ASCII-only, short replies, no WhatsApp-only extras."""
        return self.inbound.channel == "sms"

    @property
    def settings(self) -> BotSettings:
        """The distributor's parameters that shape the conversation."""
        return self.view.settings

    @property
    def local_now(self) -> datetime:
        """The message's time in São Paulo (converted when it carries a zone)."""
        now = self.inbound.now
        return now.astimezone(LOCAL_TZ) if now.tzinfo else now

    @property
    def today(self) -> date:
        """Today in São Paulo."""
        return self.local_now.date()

    def t(self, key: str, **values: Any) -> str:
        """The text `key` in this channel's variant (not yet made ASCII)."""
        return texts.text(key, sms=self.sms, **values)

    def say(self, key: str, **values: Any) -> None:
        """Append the text `key` as one reply."""
        self.replies.append(self.t(key, **values))

    def offer(self, choice: Choice) -> None:
        """Let WhatsApp show the last reply as `choice` (SMS keeps the numbered text)."""
        if not self.sms and self.replies:
            self.choices = [c for c in self.choices if c[0] != len(self.replies) - 1]
            self.choices.append((len(self.replies) - 1, choice))

    def shown(self, text: str) -> str:
        """The text exactly as this channel shows it (ASCII on SMS), e.g. for consent records."""
        return to_ascii(text) if self.sms else text

    def bound_units(self) -> list[str]:
        """UCs whose titular has this number on file (asked once per message)."""
        if self._bound is None:
            self._bound = list(self.view.units_of_phone(self.inbound.phone))
        return self._bound

    def verified(self) -> list[str]:
        """UCs verified by CPF/CNPJ in this conversation."""
        return self.state.setdefault("verified", [])

    def known_units(self) -> list[str]:
        """UCs identified without asking: bound to this number or verified in this chat."""
        return list(dict.fromkeys([*self.bound_units(), *self.verified()]))

    def wait(self, step: StepName, data: Payload) -> None:
        """Wait for an answer at `step`, keeping what the flow collected so far."""
        self.waiting = Waiting(step, data)

    def done(self) -> None:
        """No flow is waiting any more."""
        self.waiting = None

    def rendered(self) -> list[str]:
        """The replies as the channel sends them (SMS: ASCII, split at 160 characters)."""
        out: list[str] = []
        for reply in self.replies:
            out.extend(render_for_channel(reply, sms=self.sms))
        return out
