"""The stored conversation state: steps read back typed, older shapes kept working, and an
unknown or malformed step logged and dropped (the message is then answered afresh)."""

from __future__ import annotations

import json
import logging
from typing import Any

import pytest

from bot.conversation import STEPS
from bot.state import (
    Action,
    AskCpf,
    AskUc,
    ChooseUc,
    DigitalMenu,
    Enrollment,
    PickCancel,
    PickInvoice,
    StepName,
    Waiting,
)
from bot.types import EnrollmentInfo, SendDocument, Unenroll
from tests.bot.fakes import JOAO_CPF, PHONE, START, STRANGER, Chat, world

MENU_1_LIST = "1) 10/2026 - R$ 245,50 - em aberto\n2) 09/2026 - R$ 199,90 - paga\n" + (
    "3) 08/2026 - R$ 210,00 - paga"
)
BROKEN = {
    "unknown step": {"step": "old_step", "uc": "131030"},
    "no step": {"uc": "131030"},
    "step not a string": {"step": 5},
    "not an object": "pick_invoice",
    "missing field": {"step": "pick_invoice", "do": "2via", "uc": "131030"},
    "wrong type": {"step": "pick_invoice", "do": "2via", "uc": "131030", "ids": ["3"]},
    "cpf step without a UC": {"step": "ask_cpf", "action": {"do": "2via", "uc": None}},
    "unknown intent": {"step": "ask_uc", "action": {"do": "teleport"}},
    "unknown medium": {"step": "more", "uc": "131030", "dests": [["fax", "1"]], "printed": False},
}


def _chat(pending: Any, phone: str = PHONE, **settings: bool) -> Chat:
    """A chat whose stored state waits in `pending` (a minute before the next message)."""
    chat = Chat(world(**settings), phone=phone)
    chat.state = {"last_at": START.isoformat(), "pending": pending}
    return chat


@pytest.mark.parametrize("pending", BROKEN.values(), ids=BROKEN.keys())
def test_unreadable_step_is_logged_and_the_message_answered_afresh(
    pending: Any, caplog: pytest.LogCaptureFixture
) -> None:
    """A step this version cannot read: a warning without personal data, the conversation
    starts over, and '1' is the main menu's option 1."""
    chat = _chat(pending)
    with caplog.at_level(logging.WARNING, logger="bot.engine"):
        chat.send("1")
    assert chat.replies == chat.says("pick_invoice", uc="131030", lines=MENU_1_LIST)
    assert chat.step == "pick_invoice" and chat.state["pending"]["ids"] == [3, 2, 1]
    [record] = [r for r in caplog.records if r.name == "bot.engine"]
    assert record.levelno == logging.WARNING
    assert "starting over" in record.getMessage()
    assert PHONE not in record.getMessage() and "131030" not in record.getMessage()


def test_unknown_step_names_itself_in_the_log(caplog: pytest.LogCaptureFixture) -> None:
    """The dropped step's name is logged (a name of ours, not personal data)."""
    chat = _chat({"step": "old_step"})
    with caplog.at_level(logging.WARNING, logger="bot.engine"):
        chat.send("debitos")
    assert chat.keys == ["debts"]
    assert "old_step" in caplog.text


# States as the engine stored them before the conversation table: the answer each waited
# for, then the effects and the step that must follow.
OLDER = [
    (
        {"step": "ask_cpf", "action": {"do": "2via", "uc": "200200", "ref": None}},
        (STRANGER, JOAO_CPF),
        ([SendDocument(11, "second_copy")], None),
    ),
    (
        {"step": "ask_uc", "action": {"do": "2via_list", "uc": None}},
        (STRANGER, "200200"),
        ([], "ask_cpf"),
    ),
    (
        {"step": "choose_uc", "action": {"do": "debitos", "uc": None, "ref": None},
         "ucs": ["131030", "200200"]},
        (PHONE, "2"),
        ([], "ask_cpf"),
    ),
    (
        {"step": "pick_invoice", "do": "2via", "uc": "131030", "ids": [3, 2, 1]},
        (PHONE, "2"),
        ([SendDocument(2, "second_copy")], None),
    ),
    (
        {"step": "pick_cancel", "uc": "131030", "rows": [["email", "teste@teste.com"]]},
        (PHONE, "1"),
        ([Unenroll("131030", "email", "teste@teste.com")], None),
    ),
]  # fmt: skip


@pytest.mark.parametrize(("pending", "message", "then"), OLDER, ids=[o[0]["step"] for o in OLDER])
def test_states_stored_before_the_table_still_work(
    pending: dict[str, Any], message: tuple[str, str], then: tuple[list[Any], str | None]
) -> None:
    """An older stored step is answered as it was then."""
    phone, answer = message
    chat = _chat(pending, phone)
    chat.view.enrollment_rows.append(EnrollmentInfo(1, "131030", "email", "teste@teste.com", False))
    chat.send(answer)
    assert (chat.effects, chat.step) == then


def test_older_enrollment_steps_still_work() -> None:
    """The menu path's steps as stored before (`medium` had no medium key) go on as then."""
    chat = _chat({"step": "medium", "uc": "131030", "dests": [], "printed": False},
                 channel_enabled=True)  # fmt: skip
    chat.send("1")
    assert chat.replies == chat.says("ask_email")
    assert chat.state["pending"] == {
        "step": "destination",
        "uc": "131030",
        "dests": [],
        "printed": False,
        "medium": "email",
    }


WAITING = [
    Waiting(StepName.ASK_UC, AskUc(Action("2via", ref="2026-10"))),
    Waiting(StepName.CHOOSE_UC, ChooseUc(Action("debitos"), ("131030", "200200"))),
    Waiting(StepName.ASK_CPF, AskCpf(Action("aderir", "200200", medium="email", dest="a@b.co"))),
    Waiting(StepName.PICK_INVOICE, PickInvoice("barra", "131030", (9, 3))),
    Waiting(StepName.DIGITAL_MENU, DigitalMenu("131030")),
    Waiting(StepName.MEDIUM, Enrollment("131030", (("email", "a@b.co"),), printed=True)),
    Waiting(StepName.CONFIRM, Enrollment("131030", (("whatsapp", PHONE),), False, "whatsapp")),
    Waiting(StepName.PICK_CANCEL, PickCancel("131030", (("email", "a@b.co"),))),
]


@pytest.mark.parametrize("waiting", WAITING, ids=lambda w: w.step.value)
def test_every_payload_is_stored_as_json_and_read_back(waiting: Waiting) -> None:
    """Each payload turns into plain JSON (`{"step": ..., ...}`) and back unchanged."""
    stored = json.loads(json.dumps(waiting.to_json()))
    assert stored["step"] == waiting.step.value
    assert STEPS[StepName(stored["step"])].payload.from_json(stored) == waiting.data


def test_action_reads_the_older_shape_and_leaves_out_unset_fields() -> None:
    """`"uc": null, "ref": null` as stored before; only what is set is stored now."""
    older = {"do": "2via", "uc": None, "ref": None}
    assert Action.from_json(older) == Action("2via")
    assert Action("2via").to_json() == {"do": "2via"}
    full = Action("aderir", "131030", None, "email", "a@b.co", printed=True, menu=3)
    assert full.to_json() == {
        "do": "aderir",
        "uc": "131030",
        "medium": "email",
        "dest": "a@b.co",
        "printed": True,
        "menu": 3,
    }
    assert Action.from_json(full.to_json()) == full
