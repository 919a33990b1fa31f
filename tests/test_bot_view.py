"""services.chat.bot_view.DbBotView: the bot's questions answered from the database."""

from __future__ import annotations

from models import utcnow
from services import settings
from services.chat.bot_view import DbBotView
from services.core.clock import local_today
from services.erp.demo import DEMO_PHONE, load_demo


def test_a_mobile_is_found_with_or_without_its_ninth_digit(session) -> None:
    load_demo(session, local_today())
    view = DbBotView(session, settings.load(session), utcnow())
    with_nine = view.units_of_phone(DEMO_PHONE)
    without_nine = DbBotView(session, settings.load(session), utcnow()).units_of_phone(
        DEMO_PHONE[:5] + DEMO_PHONE[6:]
    )
    assert with_nine and with_nine == without_nine
    assert view.units_of_phone("+5521988776655") == []
    assert view.units_of_phone("+553133334444") == []  # a landline: one variant
