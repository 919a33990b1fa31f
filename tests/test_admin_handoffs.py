"""Atendimentos: hand-offs from the chat, the transcript with replies, masked (the staff's
side of a hand-off: tests/test_handoff_admin.py)."""

from __future__ import annotations

import re

from models import Handoff
from tests.support.chat import post

UNBOUND = "+5531977776666"


def test_a_handoff_from_the_chat_shows_with_its_masked_transcript(staff, session) -> None:
    post(staff, "oi", phone=UNBOUND)
    post(staff, "meu cpf é 12345678909 e o e-mail fulano@example.com", phone=UNBOUND)
    post(staff, "atendente", phone=UNBOUND)
    listing = staff.get("/admin/atendimentos").get_data(as_text=True)
    assert '<span id="waiting-count">1</span>' in listing
    assert "+55 31 9****-6666" in listing and "977776666" not in listing
    handoff = session.query(Handoff).one()
    page = staff.get(f"/admin/atendimentos/{handoff.id}").get_data(as_text=True)
    assert "oi" in page and "atendente" in page
    assert "12345678909" not in page and "fulano@example.com" not in page
    assert "&lt;cpf&gt;" in page
    assert page.count('class="out"') >= 3  # the assistant's replies are in the transcript


def test_recent_conversations_open_their_transcript(staff) -> None:
    post(staff, "oi", channel="sms", phone=UNBOUND)
    listing = staff.get("/admin/atendimentos").get_data(as_text=True)
    link = re.search(r'href="(/admin/conversas/\d+)"', listing)[1]
    page = staff.get(link).get_data(as_text=True)
    assert "SMS +55 31 9****-6666" in page and 'class="in"' in page
