"""A storm seen by staff: /healthz reports the queue's depth and how long the oldest
unanswered message has waited; the admin home charts the last hour's messages a minute
with the outage reports stacked at the foot of each bar."""

from __future__ import annotations

import re
from datetime import timedelta

from models import InboundMessage, utcnow
from tests.support.chat import post


def _rects(page: str, css: str) -> list[float]:
    """The heights of the message-rate chart's rects of class `css`, oldest first."""
    chart = page.split('id="chart-message-rate"', 1)[1].split("</svg>", 1)[0]
    return [float(h) for h in re.findall(rf'<rect class="{css}" [^>]*height="([\d.]+)"', chart)]


def test_the_home_charts_the_last_hours_messages_with_outages_stacked(staff, session) -> None:
    phones = [f"+553198877{n:04d}" for n in range(4)]
    for phone in phones:
        post(staff, "estou sem luz", phone=phone)
    post(staff, "oi", phone=phones[0])
    # Two hours ago: outside the chart.
    old = utcnow() - timedelta(hours=2)
    session.add(InboundMessage(provider_message_id="SMold", channel="sms", from_number="+1",
                               body="x", received_at=old, processed_at=old))  # fmt: skip
    session.commit()
    page = staff.get("/admin/").get_data(as_text=True)
    assert '<strong id="hour-messages">5</strong>' in page
    assert '<strong id="hour-outages">4</strong>' in page
    totals, outages = _rects(page, "bar"), _rects(page, "bar outage")
    assert len(totals) == len(outages) == 12
    assert totals[:-1] == [0.0] * 11 and outages[:-1] == [0.0] * 11  # all in the last slice
    assert totals[-1] > 0 and outages[-1] == round(totals[-1] * 4 / 5, 2)
    assert "5 mensagem(ns), 4 falta(s) de energia" in page


def test_healthz_reports_queue_depth_and_the_oldest_unanswered_message(client, session) -> None:
    body = client.get("/healthz").get_json()
    assert body["queue_depth"] == 0 and body["oldest_unanswered_s"] == 0.0
    waiting = utcnow() - timedelta(seconds=90)
    session.add(InboundMessage(provider_message_id="SMwait", channel="whatsapp",
                               from_number="+5531988770000", body="sem luz",
                               received_at=waiting, reply_via="deferred"))  # fmt: skip
    session.commit()
    body = client.get("/healthz").get_json()
    assert 90 <= body["oldest_unanswered_s"] < 120
