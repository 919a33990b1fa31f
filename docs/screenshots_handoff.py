"""The hand-off screens for the README (run by docs/screenshots.py): the Atendimentos list
with consumers waiting, a conversation with staff replies, and the home page's chart.

Consumers write through the real webhook (unsigned: the demo runs without Twilio, so what
staff send lands in the outbox and shows as sent). The chart needs a month of history, so
closed and rated hand-offs of the past 30 days are added to the demo database first: the
pictures' figures are that sample's, not measurements.
"""

from __future__ import annotations

import json
import random
import time
import urllib.parse
import urllib.request
import uuid
from datetime import timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select

from models import Database, Handoff, utcnow

CONSUMERS = (  # (number, channel, first message): Maria is the demo titular of UC 131030
    ("+5531999990000", "whatsapp", "quero falar com um atendente"),
    ("+5531988887777", "sms", "ATENDENTE"),
    ("+5531977776666", "whatsapp", "preciso falar com uma pessoa sobre a religação"),
)


def _write(base: str, phone: str, channel: str, text: str) -> None:
    """A consumer's message through the real webhook."""
    prefix = "whatsapp:" if channel == "whatsapp" else ""
    form = {"MessageSid": "SM" + uuid.uuid4().hex, "From": prefix + phone,
            "To": prefix + "+553130000000", "Body": text, "NumMedia": "0"}  # fmt: skip
    request = urllib.request.Request(  # noqa: S310 (our own server, http)
        f"{base}/webhooks/twilio/{channel}", data=urllib.parse.urlencode(form).encode()
    )
    with urllib.request.urlopen(request, timeout=60):  # noqa: S310 (our own server)
        pass


def _always_open(base: str) -> None:
    """People answer at every hour (the ERP's settings API), so the bot steps aside."""
    request = urllib.request.Request(  # noqa: S310 (our own server, http)
        base + "/api/v1/settings",
        data=json.dumps({"handoff_hours": "seg-dom 00:00-24:00"}).encode(),
        method="PATCH",
        headers={"Authorization": "Bearer demo-token", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30):  # noqa: S310 (our own server)
        pass


def _history(database: Path) -> None:
    """Closed, answered and mostly rated hand-offs of the past 30 days (a fixed sample)."""
    pick, now, db = random.Random(17), utcnow(), Database(f"sqlite:///{database}")
    with db.session() as session:
        for n in range(64):
            opened = now - timedelta(days=pick.uniform(1, 29.5))
            answered = opened + timedelta(minutes=pick.choice((2, 3, 4, 6, 8, 11, 15, 24, 41)))
            rating = pick.choice((5, 5, 5, 4, 4, 3, 5, 2, None))
            channel = pick.choice(("whatsapp", "sms"))
            session.add(Handoff(channel=channel, phone=f"+553190000{n:04d}", created_at=opened,
                                reason="Pediu atendente (ATENDENTE)",
                                protocol=f"{opened:%Y%m%d}{900000 + n:06d}", assigned_to="ana",
                                assigned_at=answered, first_answer_at=answered,
                                handled_at=answered + timedelta(minutes=9), handled_by="ana",
                                close_reason="dúvida respondida", rating=rating,
                                rated_at=rating and answered + timedelta(minutes=10)))  # fmt: skip
        session.commit()
    db.dispose()


def _click(driver: Any, selector: str) -> None:
    """Click the element and give the page a moment to follow."""
    from selenium.webdriver.common.by import By

    driver.find_element(By.CSS_SELECTOR, selector).click()
    time.sleep(0.6)


def _shot(driver: Any, path: Path, width: int = 1200) -> None:
    """The whole page at `width` pixels."""
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, min(max(height + 40, 500), 2400))
    time.sleep(0.3)
    driver.save_screenshot(str(path))
    driver.set_window_size(1200, 900)


def _conversation(driver: Any, base: str) -> None:
    """Ana takes Maria's hand-off, answers, Maria writes back, Ana attaches the 2ª via."""
    from selenium.webdriver.common.by import By

    driver.get(base + "/admin/atendimentos")
    driver.find_element(By.XPATH, "//tr[contains(., '9****-0000')]//a").click()
    time.sleep(0.6)
    _click(driver, "#take")
    driver.find_element(By.ID, "reply-text").send_keys(
        "Olá, Maria! Aqui é da equipe de atendimento. Em que posso ajudar?"
    )
    _click(driver, "#send")
    time.sleep(1.0)
    _write(base, CONSUMERS[0][0], "whatsapp", "Oi! Preciso da 2ª via deste mês, por favor.")
    time.sleep(1.0)
    _click(driver, "button[id^='attach-segunda_via-']")
    driver.find_element(By.ID, "reply-text").send_keys("Pronto, enviei o PDF aqui na conversa.")
    _click(driver, "#send")
    time.sleep(4.0)  # the page polls every 3 s: statuses and new lines come in
    driver.refresh()
    time.sleep(0.5)


def _waited(database: Path, minutes: tuple[int, ...]) -> None:
    """Move the other consumers' hand-offs back in time, so the list shows waits (Maria's,
    whose conversation is photographed, keeps its own time)."""
    db = Database(f"sqlite:///{database}")
    with db.session() as session:
        waiting = session.scalars(
            select(Handoff)
            .where(Handoff.handled_at.is_(None), Handoff.phone != CONSUMERS[0][0])
            .order_by(Handoff.id)
        ).all()
        for handoff, ago in zip(waiting, minutes, strict=False):
            handoff.created_at = utcnow() - timedelta(minutes=ago)
        session.commit()
    db.dispose()


def handoff_screens(driver: Any, base: str, database: Path, img: Path) -> None:
    """Take atendimentos.png, atendimento-conversa.png and inicio-atendimentos.png."""
    _history(database)
    _always_open(base)
    for phone, channel, text in CONSUMERS:
        _write(base, phone, channel, text)
        time.sleep(0.3)
    _waited(database, (27, 12))
    driver.get(base + "/admin/atendimentos")
    time.sleep(0.5)
    driver.set_window_size(1200, 1000)  # the waiting list and the first closed ones
    time.sleep(0.3)
    driver.save_screenshot(str(img / "atendimentos.png"))
    driver.set_window_size(1200, 900)
    _conversation(driver, base)
    _shot(driver, img / "atendimento-conversa.png")
    driver.get(base + "/admin/")
    time.sleep(0.5)
    _shot(driver, img / "inicio-atendimentos.png")
