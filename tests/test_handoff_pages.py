"""The Atendimentos screens around the conversation: the waiting list (oldest first, with
the time waited, as JSON for the page's polling), the search by protocol number, the home
page's last-30-days figures and charts, the scripts the pages load, and the sweeper that
keeps staff messages from being lost."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from admin.handoff_view import waited
from models import Handoff, HandoffMessage, OutageReport, utcnow
from services.handoff import sweep
from services.handoff.stats import last_30_days, percentile

PHONE = "+5531977776666"


def _handoff(session, minutes_ago: float, **fields) -> Handoff:  # type: ignore[no-untyped-def]
    """A hand-off opened `minutes_ago`."""
    row = Handoff(channel="whatsapp", phone=PHONE, reason="Pediu atendente (ATENDENTE)",
                  created_at=utcnow() - timedelta(minutes=minutes_ago), **fields)  # fmt: skip
    session.add(row)
    session.commit()
    return row


def test_the_waiting_list_is_oldest_first_with_the_time_waited(staff, session) -> None:
    _handoff(session, 5, protocol="20261129000002")
    _handoff(session, 125, protocol="20261129000001", in_hours=False)
    _handoff(session, 300, protocol="20261129000000", handled_at=utcnow(), handled_by="ana")
    data = staff.get("/admin/atendimentos/aguardando.json").get_json()
    assert data["count"] == 2
    first, second = data["waiting"]
    assert (first["protocol"], first["waited"]) == ("20261129000001", "2 h 05 min")
    assert first["situation"] == "aguardando (pedido fora do horário)"
    assert (second["protocol"], second["waited"]) == ("20261129000002", "5 min")
    assert first["phone"] == "+55 31 9****-6666" and "977776666" not in str(data)
    page = staff.get("/admin/atendimentos").get_data(as_text=True)
    assert page.index("20261129000001") < page.index("20261129000002")


def test_the_pages_load_their_polling_scripts_from_our_origin(staff, session) -> None:
    handoff = _handoff(session, 1, protocol="20261129000003")
    for path in ("/admin/atendimentos", f"/admin/atendimentos/{handoff.id}"):
        page = staff.get(path).get_data(as_text=True)
        (script,) = re.findall(r'<script src="([^"]+)"', page)
        answer = staff.get(script)
        assert answer.status_code == 200 and answer.mimetype == "text/javascript"
        assert b"fetch(" in answer.get_data() and b"innerHTML" not in answer.get_data()
        answer.close()


@pytest.mark.parametrize("typed", ["20261129000042", "2026 1129-000042", " 20261129.000042 "])
def test_a_protocol_finds_its_hand_off(staff, session, typed: str) -> None:
    handoff = _handoff(session, 1, protocol="20261129000042")
    answer = staff.get("/admin/protocolo", query_string={"numero": typed})
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(f"/admin/atendimentos/{handoff.id}")


def test_a_protocol_finds_an_outage_report_or_says_none(staff, session) -> None:
    session.add(OutageReport(channel="sms", phone=PHONE, uc="131030", text="sem luz na rua",
                             protocol="20261129000043"))  # fmt: skip
    session.commit()
    found = staff.get("/admin/protocolo?numero=20261129000043")
    page = found.get_data(as_text=True)
    assert found.status_code == 200 and "sem luz na rua" in page
    assert "+55 31 9****-6666" in page and "977776666" not in page
    missing = staff.get("/admin/protocolo?numero=20261129999999")
    assert missing.status_code == 404 and "Nenhum atendimento" in missing.get_data(as_text=True)


def test_the_home_shows_the_last_30_days_in_figures_and_charts(staff, session) -> None:
    for minutes, rating in zip(range(1, 11), (5, 4, 4, None, None, None, None, None, None, None),
                               strict=True):  # fmt: skip
        created = utcnow() - timedelta(hours=minutes)
        session.add(Handoff(channel="sms", phone=PHONE, created_at=created, rating=rating,
                            first_answer_at=created + timedelta(minutes=minutes)))  # fmt: skip
    session.add(Handoff(channel="sms", phone=PHONE, created_at=utcnow() - timedelta(days=40),
                        rating=1, first_answer_at=utcnow()))  # fmt: skip
    session.add(Handoff(channel="sms", phone=PHONE, created_at=utcnow()))  # not answered yet
    session.commit()
    stats = last_30_days(session, utcnow())
    assert (stats.opened, stats.answered, stats.rated) == (11, 10, 3)
    assert (stats.median_seconds, stats.p90_seconds) == (330.0, 540.0)  # 5.5 and 9 minutes
    assert stats.ratings == [0, 0, 0, 2, 1] and len(stats.per_day) == 30
    page = staff.get("/admin/").get_data(as_text=True)
    assert 'id="opened">11<' in page and 'id="median">5 min<' in page
    assert 'id="p90">9 min<' in page and 'id="satisfaction">4,3<' in page
    assert 'id="rated">3<' in page
    for chart, bars in (("chart-opened", 30), ("chart-first-answer", 2), ("chart-ratings", 5)):
        svg = re.search(rf'<svg class="chart" id="{chart}".*?</svg>', page, re.S)
        assert svg and svg[0].count('class="bar"') == bars


def test_figures_of_a_quiet_month() -> None:
    assert percentile([], 0.9) is None
    assert percentile([7.0], 0.9) == 7.0
    assert [waited(s) for s in (10, 60, 3599, 3600 + 300, 86400 * 2 + 3600)] == [
        "menos de 1 min",
        "1 min",
        "59 min",
        "1 h 05 min",
        "2 d 1 h",
    ]


def test_the_sweeper_requeues_lost_messages_and_flags_unconfirmed_ones(session) -> None:
    handoff = _handoff(session, 60)
    old, now = utcnow() - timedelta(minutes=20), utcnow()

    def message(body: str, status: str, at: object, kind: str = "text") -> HandoffMessage:
        return HandoffMessage(handoff_id=handoff.id, author="ana", body=body, kind=kind,
                              status=status, updated_at=at)  # fmt: skip

    rows = [message("a", "queued", old), message("b", "sending", old),
            message("c", "queued", now), message("d", "queued", old, kind="document")]  # fmt: skip
    session.add_all(rows)
    session.commit()
    assert sweep.sweep(session, utcnow()) == [rows[0].id]
    session.expire_all()
    statuses = session.scalars(select(HandoffMessage.status).order_by(HandoffMessage.id)).all()
    assert statuses == ["queued", "failed", "queued", "queued"]
    assert session.get(HandoffMessage, rows[1].id).error == sweep.UNCONFIRMED
