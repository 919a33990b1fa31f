"""The typed conversation state: the action a flow carries and the steps a flow can wait in.

The state is stored as JSON per channel and number, so every payload turns into the same
plain shape it always had (`{"step": "ask_cpf", "action": {"do": "2via", ...}}`) and back;
reading a malformed payload raises `ValueError`, and the engine then starts over.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from enum import StrEnum
from typing import Any, Self

from bot.state_json import Pair
from bot.state_json import list_field as _list
from bot.state_json import medium as _medium
from bot.state_json import optional_field as _optional
from bot.state_json import pairs_field as _pairs
from bot.state_json import text_field as _text
from bot.types import Medium

__all__ = ["Pair"]


class StepName(StrEnum):
    """The steps a flow can wait in; the values are what the state stores as `pending.step`."""

    ASK_UC = "ask_uc"
    CHOOSE_UC = "choose_uc"
    ASK_CPF = "ask_cpf"
    PICK_INVOICE = "pick_invoice"
    DIGITAL_MENU = "digital_menu"
    MEDIUM = "medium"
    DESTINATION = "destination"
    MORE = "more"
    PRINTED = "printed"
    CONFIRM = "confirm"
    PICK_CANCEL = "pick_cancel"
    CLARIFY = "clarify"  # free text: "você quer 1 - ..., 2 - ...?"
    CONFIRM_CANCEL = "confirm_cancel"  # free text asked to cancel one enrolment: sim/não
    PICK_PLAN = "pick_plan"  # NEGOCIAR: which of the plans offered
    CONFIRM_PLAN = "confirm_plan"  # NEGOCIAR: sim/não after the term (confissão de dívida)


def _plain(value: Any) -> Any:
    """A field as JSON: tuples as lists (recursively), an action as its object."""
    if isinstance(value, tuple | list):
        return [_plain(v) for v in value]
    return value.to_json() if isinstance(value, Action) else value


class _Stored:
    """A payload stored as a JSON object of its fields (fields left unset are left out)."""

    def to_json(self) -> dict[str, Any]:
        """The payload as the state stores it."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]
        return {name: _plain(value) for name, value in values.items() if value is not None}


@dataclass(frozen=True)
class Action:
    """What the consumer asked for; waits unchanged while the bot asks which UC or the CPF."""

    do: str  # the intent's name in the conversation table
    uc: str | None = None
    ref: str | None = None  # competência "AAAA-MM"
    medium: Medium | None = None  # ADERIR/CANCELAR with EMAIL or WHATSAPP
    dest: str | None = None  # the destination, validated
    printed: bool = False  # IMPRESSA: keep the printed copy
    menu: int | None = None  # the main-menu option typed, when it came from the menu
    confirm: bool = False  # asked in free text: confirm before anything irreversible
    printed_said: bool = False  # free text said whether to keep the printed copy
    invoice: int | None = None  # the invoice a photographed bill showed (bot/media_flow.py)

    def to_json(self) -> dict[str, Any]:
        """The action as stored: unset fields are left out."""
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name)}

    @classmethod
    def from_json(cls, data: Any) -> Self:
        """The stored action (also the older shape, with `"uc": null`, `"ref": null`)."""
        if not isinstance(data, Mapping):
            raise ValueError("action: not an object")
        medium = data.get("medium")
        return cls(
            do=_text(data, "do"),
            uc=_optional(data, "uc", str),
            ref=_optional(data, "ref", str),
            medium=None if medium is None else _medium(medium),
            dest=_optional(data, "dest", str),
            printed=bool(_optional(data, "printed", bool)),
            menu=_optional(data, "menu", int),
            confirm=bool(_optional(data, "confirm", bool)),
            printed_said=bool(_optional(data, "printed_said", bool)),
            invoice=_optional(data, "invoice", int),
        )


@dataclass(frozen=True)
class AskUc(_Stored):
    """Waiting for a UC number typed in full."""

    action: Action

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Read back from the state."""
        return cls(Action.from_json(data["action"]))


@dataclass(frozen=True)
class AskCpf(AskUc):
    """Waiting for the titular's CPF/CNPJ; the action already names the UC."""

    def __post_init__(self) -> None:
        """The UC to check the document against is part of the step."""
        if not self.action.uc:
            raise ValueError("ask_cpf without a UC")

    @property
    def uc(self) -> str:
        """The UC whose titular must answer."""
        return self.action.uc or ""


@dataclass(frozen=True)
class ChooseUc(_Stored):
    """Waiting for an option of the number's UCs (or another UC typed in full)."""

    action: Action
    ucs: tuple[str, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Read back from the state."""
        return cls(Action.from_json(data["action"]), _list(data, "ucs", str))


@dataclass(frozen=True)
class PickInvoice(_Stored):
    """Waiting for an invoice of a numbered list; `do` is 2via (send the copy) or barra."""

    do: str
    uc: str
    ids: tuple[int, ...]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Read back from the state."""
        return cls(_text(data, "do"), _text(data, "uc"), _list(data, "ids", int))


@dataclass(frozen=True)
class DigitalMenu(_Stored):
    """Waiting for an option of the digital-invoice submenu of a UC."""

    uc: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Read back from the state."""
        return cls(_text(data, "uc"))


@dataclass(frozen=True)
class Enrollment(_Stored):
    """The enrolment being put together on the menu path, step by step."""

    uc: str
    dests: tuple[Pair, ...] = ()
    printed: bool = False
    medium: Medium | None = None  # set once chosen (the destination step always has it)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Read back from the state."""
        medium = data.get("medium")
        return cls(
            _text(data, "uc"),
            _pairs(data, "dests"),
            bool(_optional(data, "printed", bool)),
            None if medium is None else _medium(medium),
        )


@dataclass(frozen=True)
class PickCancel(_Stored):
    """Waiting for the enrolment to cancel, from a numbered list."""

    uc: str
    rows: tuple[Pair, ...]
    confirm: bool = False  # chosen from free text: ask sim/não before cancelling

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Read back from the state."""
        confirm = bool(_optional(data, "confirm", bool))
        return cls(_text(data, "uc"), _pairs(data, "rows"), confirm)


@dataclass(frozen=True)
class ConfirmCancel(_Stored):
    """Waiting for sim/não before cancelling one enrolment asked for in free text."""

    uc: str
    row: Pair

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Read back from the state."""
        row = _list(data, "row", str)
        if len(row) != 2:
            raise ValueError("row: not a pair")
        return cls(_text(data, "uc"), (_medium(row[0]), row[1]))


@dataclass(frozen=True)
class Clarify(_Stored):
    """Waiting for 1 or 2: which of the two likeliest readings of a message was meant (or
    sim/não for stopping all messages, when `options` is empty)."""

    options: tuple[Action, ...] = ()

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Read back from the state."""
        return cls(tuple(Action.from_json(a) for a in _list(data, "options", dict)))


@dataclass(frozen=True)
class PlanChoice(_Stored):
    """NEGOCIAR: the plans offered (their counts) for a debt of `total` centavos; `count` is
    set once one was picked and its term shown."""

    uc: str
    counts: tuple[int, ...]
    total: int
    count: int | None = None

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Self:
        """Read back from the state."""
        total = _optional(data, "total", int)
        if total is None:
            raise ValueError("total: missing")
        return cls(_text(data, "uc"), _list(data, "counts", int), total,
                   _optional(data, "count", int))  # fmt: skip


Payload = (
    AskUc | AskCpf | ChooseUc | PickInvoice | DigitalMenu | Enrollment | PickCancel
    | ConfirmCancel | Clarify | PlanChoice
)  # fmt: skip


@dataclass(frozen=True)
class Waiting:
    """The step a flow waits in, with what it collected so far."""

    step: StepName
    data: Payload

    def to_json(self) -> dict[str, Any]:
        """The state's `pending` object: `{"step": ..., **data}`."""
        return {"step": self.step.value, **self.data.to_json()}
