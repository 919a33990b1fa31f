"""Data-subject requests reach outage reports: the export lists those of the titular's numbers
and UCs, the erasure deletes them, and the aggregated texts not understood, which name no
one, stay."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from bot import types as bt
from models import OutageReport, UnrecognizedMessage, utcnow
from services.core.clock import local_today
from services.erp.demo import DEMO_PHONE, load_demo
from services.privacy.lgpd_erase import erase
from services.privacy.lgpd_export import export
from tests.support.effects import apply

MARIA = "123.456.789-09"
EIGHT_DIGITS = DEMO_PHONE[:5] + DEMO_PHONE[6:]
# A number once on Maria's file (the bot bound its report to her UC), since replaced: hers.
FORMER = "+5531977776666"
STRANGER = "+5521988776655"  # reports one elsewhere


@pytest.fixture
def reports(session):  # type: ignore[no-untyped-def]
    """Maria reports twice (once from her number's 8-digit form) and once from a former
    number; a stranger once with no UC; one text not understood."""
    load_demo(session, local_today())
    apply(session, [bt.OutageReported("131030", "sem luz desde cedo")])
    apply(session, [bt.OutageReported(None, "FALTA")], channel="sms", phone=EIGHT_DIGITS)
    apply(session, [bt.OutageReported("131030", "caiu o poste")], phone=FORMER)
    apply(session, [bt.OutageReported(None, "rua toda sem luz")], phone=STRANGER)
    apply(session, [bt.NotUnderstood("cade a luz", "outage", 0.7)])
    return session


def test_the_export_lists_her_outage_reports(reports) -> None:
    data = export(reports, MARIA, utcnow())
    rows = data["outage_reports"]
    assert [(r["text"], r["channel"], r["uc"]) for r in rows] == [
        ("sem luz desde cedo", "whatsapp", "131030"),
        ("FALTA", "sms", None),
        ("caiu o poste", "whatsapp", "131030"),
    ]
    assert [r["phone"] for r in rows] == [DEMO_PHONE, EIGHT_DIGITS, FORMER]
    assert "rua toda sem luz" not in str(data) and "cade a luz" not in str(data)


def test_erase_deletes_the_reports_of_her_numbers_only(reports) -> None:
    report = erase(reports, MARIA)
    assert report.counts["outage reports"] == 3
    reports.expire_all()
    left = reports.scalars(select(OutageReport.phone)).all()
    assert left == [STRANGER]
    assert reports.scalars(select(UnrecognizedMessage.count)).all() == [1]
    assert erase(reports, MARIA).counts["outage reports"] == 0
