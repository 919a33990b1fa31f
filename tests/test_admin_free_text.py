"""Faltas de energia and Mensagens não entendidas: staff only, today's count in São Paulo,
texts masked on every page and in the export, the export as training YAML, dismissal with
CSRF and an audit entry."""

from __future__ import annotations

import json
import re
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import select

from bot import types as bt
from models import AuditLog, UnrecognizedMessage, utcnow
from services.core.clock import LOCAL_TZ, local_today
from tests.support.admin_client import STAFF_LOGIN, post_form
from tests.support.effects import apply

PAGES = ["/admin/faltas-de-energia", "/admin/nao-entendidas", "/admin/nao-entendidas/exportar"]
PERSONAL = "sou 123.456.789-09, maria@example.com, (31) 98888-7777, conta 0001234567"
SECRETS = ["123.456.789-09", "maria@example.com", "98888-7777", "0001234567", "31988887777"]


def _midnight() -> datetime:
    """The start of today in São Paulo."""
    return datetime.combine(local_today(), time.min, tzinfo=LOCAL_TZ)


def _texts(session) -> None:  # type: ignore[no-untyped-def]
    """Three texts not understood: one seen three times, one twice with personal data, one
    without a guess."""
    for _ in range(3):
        apply(session, [bt.NotUnderstood("quero pagar com cartão", "payment_code", 0.812)])
    for _ in range(2):
        apply(session, [bt.NotUnderstood(PERSONAL, "identify", 0.35)])
    apply(session, [bt.NotUnderstood('ele disse "oi"', "", 0.0)])


@pytest.mark.parametrize("path", PAGES)
def test_the_screens_need_a_staff_login(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=")


def test_dismissing_needs_a_login_and_the_csrf_token(client, staff, session) -> None:
    _texts(session)
    ids = [str(i) for i in session.scalars(select(UnrecognizedMessage.id))]
    assert client.post("/admin/nao-entendidas/excluir", data={"id": ids}).status_code == 302
    assert staff.post("/admin/nao-entendidas/excluir", data={"id": ids}).status_code == 400
    session.expire_all()
    assert len(session.scalars(select(UnrecognizedMessage)).all()) == 3


def test_home_counts_only_todays_outages_in_sao_paulo(staff, session) -> None:
    start = _midnight()
    apply(session, [bt.OutageReported("131030", "sem luz")], now=start + timedelta(seconds=1))
    apply(session, [bt.OutageReported(None, "caiu a luz")], now=utcnow())
    # 23:30 yesterday in São Paulo is already today in UTC: not counted.
    apply(session, [bt.OutageReported(None, "ontem")], now=start - timedelta(minutes=30))
    apply(session, [bt.OutageReported(None, "amanhã")], now=start + timedelta(days=1))
    page = staff.get("/admin/").get_data(as_text=True)
    assert "Faltas de energia hoje: <strong>2</strong>" in page
    assert 'href="/admin/faltas-de-energia"' in page
    listing = staff.get("/admin/faltas-de-energia").get_data(as_text=True)
    assert '<p id="today"><strong>2</strong>' in listing
    assert all(text in listing for text in ("sem luz", "caiu a luz", "ontem", "131030"))


def test_outage_reports_show_masked(staff, session) -> None:
    apply(session, [bt.OutageReported("131030", f"sem luz, {PERSONAL}")], phone="+5531977776666")
    page = staff.get("/admin/faltas-de-energia").get_data(as_text=True)
    assert "sem luz" in page and "+55 31 9****-6666" in page and "WhatsApp" in page
    for secret in [*SECRETS, "977776666"]:
        assert secret not in page


def test_the_list_shows_the_most_frequent_first_with_guess_and_confidence(staff, session) -> None:
    _texts(session)
    page = staff.get("/admin/nao-entendidas").get_data(as_text=True)
    rows = re.findall(r"<tr>\s*<td><input.*?</tr>", page, re.S)
    assert len(rows) == 3
    assert "quero pagar com cartão" in rows[0] and "payment_code" in rows[0]
    assert '<td class="num">3</td>' in rows[0] and '<td class="num">81%</td>' in rows[0]
    assert "&lt;cpf&gt;" in rows[1] and '<td class="num">35%</td>' in rows[1]
    assert "<td>—</td>" in rows[2] and "ele disse &#34;oi&#34;" in rows[2]
    assert 'href="/admin/nao-entendidas"' in page  # the nav links it
    for secret in SECRETS:
        assert secret not in page


def test_the_export_is_training_yaml_grouped_by_guess(staff, session) -> None:
    _texts(session)
    response = staff.get("/admin/nao-entendidas/exportar")
    assert response.status_code == 200 and response.mimetype == "application/yaml"
    assert response.headers["Content-Disposition"].startswith("attachment; filename=")
    text = response.get_data(as_text=True)
    lines = [line for line in text.splitlines() if line and not line.startswith("# Mens")]
    assert lines[1:] == [
        "# intent: identify (confidence 35%)",
        '- "sou <cpf>, <e-mail>, <phone>, conta <number>"',
        "# intent: payment_code (confidence 81%)",
        '- "quero pagar com cartão"',
        "# intent: ? (confidence 0%)",
        '- "ele disse \\"oi\\""',
    ]
    items = [json.loads(line[2:]) for line in text.splitlines() if line.startswith("- ")]
    assert items[2] == 'ele disse "oi"'
    for secret in SECRETS:
        assert secret not in text


def test_the_export_reads_as_a_yaml_list() -> None:
    """With PyYAML installed, the file is a list of the texts (comments ignored)."""
    yaml = pytest.importorskip("yaml")
    from services.chat.free_text_review import training_yaml

    rows = [UnrecognizedMessage(id=1, text='a "b" \\ c: d', count=1, last_guess="x")]
    rows[0].last_confidence_bp = 5000
    assert yaml.safe_load(training_yaml(rows, utcnow())) == ['a "b" \\ c: d']


def test_dismissing_removes_the_ticked_rows_and_audits_each(staff, session) -> None:
    _texts(session)
    rows = session.scalars(select(UnrecognizedMessage).order_by(UnrecognizedMessage.id)).all()
    (first, _), (_, kept), (third, _) = [(str(r.id), r.text) for r in rows]
    ticked = [first, third, "999999", "x", "²"]
    response = post_form(
        staff, "/admin/nao-entendidas/excluir", {"id": ticked}, page="/admin/nao-entendidas"
    )
    assert response.status_code == 302
    session.expire_all()
    assert list(session.scalars(select(UnrecognizedMessage.text))) == [kept]
    audit = session.scalars(select(AuditLog).where(AuditLog.action == "unrecognized.dismiss"))
    entries = {(a.actor, a.entity_id, a.detail["count"]) for a in audit}
    assert entries == {(STAFF_LOGIN, first, 3), (STAFF_LOGIN, third, 1)}
    page = staff.get("/admin/nao-entendidas").get_data(as_text=True)
    assert "2 mensagem(ns) excluída(s)." in page
