"""DEBITO AUTOMATICO as a consumer reads it on a phone: enrolled, never enrolled, cancelled at
the bank, a failed last debit; on SMS every message fits one segment."""

from __future__ import annotations

import pytest

from bot.types import DirectDebitInfo
from tests.bot.fakes import Chat, world

FOUR_BANKS = "341,001,104,237"
FAILED = ("2026-10", "o valor passou do limite que você autorizou no banco")
STATES = {
    "never": None,
    "enrolled": DirectDebitInfo(True, "001", "131030"),
    "enrolled, last debit failed": DirectDebitInfo(True, "001", "131030", FAILED),
    "cancelled at the bank": DirectDebitInfo(False, "341", "131030"),
}


def ask(info: DirectDebitInfo | None, channel: str) -> Chat:
    """Maria asks about her UC's automatic debit."""
    view = world(direct_debit_banks=FOUR_BANKS)
    view.direct_debit = lambda uc: info  # type: ignore[method-assign]
    chat = Chat(view, channel=channel)
    chat.send("DEBITO AUTOMATICO")
    return chat


@pytest.mark.parametrize("state", STATES)
def test_on_sms_each_answer_is_one_segment_per_subject(state: str) -> None:
    """The status (with how to enrol or cancel) in one SMS; a failure in a second."""
    chat = ask(STATES[state], "sms")
    expected = 2 if "failed" in state else 1
    assert len(chat.replies) == expected, chat.replies
    assert all(r.isascii() and len(r) <= 160 for r in chat.replies), chat.replies


def test_a_debit_cancelled_at_the_bank_is_not_called_never_enrolled() -> None:
    (answer,) = ask(STATES["cancelled at the bank"], "whatsapp").replies
    assert answer.startswith("O débito automático da UC 131030 foi cancelado no banco.")
    assert "ainda não" not in answer and "identificação 131030" in answer


def test_enrolled_names_the_bank_and_where_to_cancel_in_one_message() -> None:
    status, failure = ask(STATES["enrolled, last debit failed"], "whatsapp").replies
    assert "no Banco do Brasil (001)" in status and "o cancelamento é feito lá" in status
    assert failure == (
        "A fatura 10/2026 não foi debitada: o valor passou do limite que você autorizou no "
        "banco. Para pagá-la de outro jeito, envie BARRA 10/2026 e receba o código."
    )
