"""Tappable choices: a reply's options as data, for the channel layer to draw on WhatsApp.

The bot stays pure and keeps writing the numbered text (SMS, WhatsApp outside the 24-hour
window and any Content API failure send that text). A `Choice` attached to a reply says
how WhatsApp may show the same question instead: a list picker (the main menu, the choice
of invoice, of UC) or quick-reply buttons (sim/não and other short choices).

Every option carries the id WhatsApp gives back on a tap (`bot.taps` reads it): `m:<n>` for
an option of the main menu, which works at any moment as typing MENU then `n` would, and
`r:<answer>:<stamp>` for the answer to the question a flow is waiting on, where `answer` is
what typing it means ("SIM", "2") and `stamp` binds it to that very question (the waiting
step and the time it was asked): a tap on an older question is recognised and never acts.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal, Self

ChoiceKind = Literal["list", "buttons"]
MAX_LIST_ITEMS = 10  # Twilio's twilio/list-picker
MAX_ITEM_TITLE = 24
MAX_DESCRIPTION = 72
MAX_BUTTONS = 3  # twilio/quick-reply inside a session
MAX_BUTTON_TITLE = 20
_NUMBERED_LINE = re.compile(r"^\s*\d{1,2}\s*[-)]\s.*$\n?", re.MULTILINE)
_HOW_TO_ANSWER = re.compile(r"\s*(Responda com o número[^.?]*[.?]|Responda SIM ou NÃO\.)")
MENU_PREFIX = "m:"
ANSWER_PREFIX = "r:"


def clip(text: str, limit: int) -> str:
    """`text` cut to `limit` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Option:
    """One tappable option: the id given back on a tap, its title and (lists) a description."""

    id: str
    title: str
    description: str = ""


@dataclass(frozen=True)
class Choice:
    """A question drawn as a list picker or as buttons; `body` is the text above them."""

    kind: ChoiceKind
    body: str
    options: tuple[Option, ...]
    button: str = "Ver opções"  # the list picker's button

    def __post_init__(self) -> None:
        """Within WhatsApp's limits, or not a choice at all."""
        limit = MAX_LIST_ITEMS if self.kind == "list" else MAX_BUTTONS
        if not 1 <= len(self.options) <= limit:
            raise ValueError(f"{self.kind}: {len(self.options)} options")

    def to_json(self) -> dict[str, Any]:
        """The choice as stored with the reply (inbound_message.replies)."""
        return {
            "kind": self.kind,
            "body": self.body,
            "button": self.button,
            "options": [[o.id, o.title, o.description] for o in self.options],
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Read back what `to_json` wrote; ValueError when it is not that shape."""
        try:
            options = tuple(Option(str(i), str(t), str(d)) for i, t, d in data["options"])
            kind = data["kind"]
            if kind not in ("list", "buttons"):
                raise ValueError("unknown kind")
            return cls(kind, str(data["body"]), options, str(data.get("button") or "Ver opções"))
        except (KeyError, TypeError) as exc:
            raise ValueError(f"not a choice: {exc}") from None


def menu_option(number: int, title: str, description: str = "") -> Option:
    """An option of the main menu (valid at any time)."""
    return Option(f"{MENU_PREFIX}{number}", clip(title, MAX_ITEM_TITLE), description)


def answer_option(answer: str, title: str, description: str = "", *, button: bool) -> Option:
    """An answer to the waiting question; its stamp is filled in by `stamped`."""
    limit = MAX_BUTTON_TITLE if button else MAX_ITEM_TITLE
    return Option(
        f"{ANSWER_PREFIX}{answer}:", clip(title, limit), clip(description, MAX_DESCRIPTION)
    )


def stamp(pending: Any, asked_at: Any) -> str:
    """A short fingerprint of the waiting question: its stored step and when it was asked."""
    raw = json.dumps([pending, asked_at], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:10]


def stamped(choice: Choice, mark: str) -> Choice:
    """The choice with `mark` on every answer option (menu options stay as they are)."""
    options = tuple(
        replace(o, id=o.id + mark) if o.id.startswith(ANSWER_PREFIX) else o for o in choice.options
    )
    return replace(choice, options=options)


def question(text: str) -> str:
    """A numbered question as the text above its options: without the numbered lines and
    the "Responda com o número" / "Responda SIM ou NÃO" that the options make needless."""
    shown = _HOW_TO_ANSWER.sub("", _NUMBERED_LINE.sub("", text)).strip()
    return shown or "Escolha uma opção:"


def yes_no(body: str) -> Choice:
    """Sim/Não buttons under `body`."""
    options = (
        answer_option("SIM", "Sim", button=True),
        answer_option("NAO", "Não", button=True),
    )
    return Choice("buttons", question(body), options)


def numbered(body: str, titles: list[tuple[str, str]], *, button: str = "Ver opções") -> Choice:
    """Options answered by their number (1, 2, …): buttons for up to three short titles
    without descriptions, else a list."""
    buttons = len(titles) <= MAX_BUTTONS and all(
        len(t) <= MAX_BUTTON_TITLE and not d for t, d in titles
    )
    options = tuple(
        answer_option(str(n), t, d, button=buttons) for n, (t, d) in enumerate(titles, start=1)
    )
    return Choice("buttons" if buttons else "list", question(body), options, button)
