"""Issue 17's acceptance path in a real headless Chromium against a real `fatura serve` and
the fake Twilio: the consumer asks for a person and gets a protocol; staff log in, see it
appear in the waiting list, take it and reply; Twilio gets the text; the consumer answers and
staff see it (and the delivery status) without reloading; staff attach the 2ª via and the
consumer gets the PDF; staff close; the consumer gets the survey, answers 5, and the home
page shows it. Every wait is a poll with a generous time-out, never a sleep."""

from __future__ import annotations

import json
import re
import urllib.parse
import urllib.request
from collections.abc import Callable
from typing import Any
from xml.etree import ElementTree

import pytest
from twilio.request_validator import RequestValidator

from tests.support.browser import browser, needs_browser, served
from tests.support.chat import DEMO_PHONE
from tests.support.fake_twilio import FakeTwilio, Recorded
from tests.support.handoffs import ALWAYS, HANDOFF_SID, PROTOCOL, TO

TOKEN = "browser-twilio-token"
PASSWORD = "browser-pass-1"  # what tests.support.browser.served gives `fatura create-admin admin`
WAIT = 30  # seconds: generous, the machine may be slow; the test never asserts speed


def _wait(check: Callable[[], Any], what: str) -> Any:
    """Poll `check` until it returns something true (a browser-free WebDriverWait)."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(None, WAIT, poll_frequency=0.2).until(lambda _: check(), what)


class Consumer:
    """Maria on WhatsApp: signed webhook posts to the served app, as Twilio makes them."""

    def __init__(self, base: str) -> None:
        """Write to the app at `base` (its PUBLIC_BASE_URL)."""
        self.base, self.count = base, 0

    def post(self, path: str, form: dict[str, str]) -> str:
        """POST a form signed with the auth token; the answer's body."""
        signature = RequestValidator(TOKEN).compute_signature(self.base + path, form)
        request = urllib.request.Request(
            self.base + path,
            data=urllib.parse.urlencode(form).encode(),
            headers={"X-Twilio-Signature": signature},
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.read().decode()

    def says(self, text: str) -> list[str]:
        """Send a WhatsApp message; the bot's replies."""
        self.count += 1
        form = {"MessageSid": f"SMbrowser{self.count:04d}", "AccountSid": "ACbrowser", "From": TO,
                "To": "whatsapp:+553130000000", "Body": text, "NumMedia": "0"}  # fmt: skip
        twiml = self.post("/webhooks/twilio/whatsapp", form)
        return [m.text or "" for m in ElementTree.fromstring(twiml).iter("Message")]  # noqa: S314


def _patch_settings(base: str) -> None:
    """People answer at every hour (the ERP's settings API), so the bot steps aside."""
    request = urllib.request.Request(
        base + "/api/v1/settings",
        data=json.dumps({"handoff_hours": ALWAYS}).encode(),
        method="PATCH",
        headers={"Authorization": "Bearer browser-api", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request, timeout=30) as answer:
        assert answer.status == 200


def _sent(fake: FakeTwilio, check: Callable[[Recorded], bool], what: str) -> Recorded:
    """The first request Twilio received that passes `check`, waiting for it."""
    return _wait(lambda: next((r for r in list(fake.requests) if check(r)), None), what)


def _log_in(driver: Any, base: str) -> None:
    """Log in as the demo staff user and open Atendimentos."""
    from selenium.webdriver.common.by import By

    driver.get(base + "/admin/atendimentos")
    driver.find_element(By.ID, "login").send_keys("admin")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    _wait(lambda: "Aguardando atendente" in driver.page_source, "the Atendimentos page")


def _text_of(driver: Any, element_id: str) -> str:
    """The visible text of an element (read again when the page's polling replaced it
    between finding and reading: a busy machine makes that window real)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    for _ in range(5):
        try:
            return driver.find_element(By.ID, element_id).text
        except StaleElementReferenceException:
            continue
    return ""


def _click(driver: Any, by: str, selector: str) -> None:
    """Click an element, finding it again if the page's polling replaced it meanwhile."""
    from selenium.common.exceptions import StaleElementReferenceException

    for attempt in range(5):
        try:
            driver.find_element(by, selector).click()
            return
        except StaleElementReferenceException:
            if attempt == 4:
                raise


def _mark(driver: Any) -> None:
    """Leave a mark on the page: it survives only as long as the page is not reloaded."""
    driver.execute_script("window.notReloaded = true;")


def _not_reloaded(driver: Any) -> bool:
    """True while the marked page is still the same page."""
    return driver.execute_script("return window.notReloaded === true;")


@needs_browser
@pytest.mark.slow
def test_the_whole_hand_off_in_a_real_browser(tmp_path) -> None:
    from selenium.webdriver.common.by import By

    fake = FakeTwilio().start()
    env = {
        "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "TWILIO_API_BASE_URL": fake.url,
        "TWILIO_WHATSAPP_FROM": "whatsapp:+553130000000",
        "TWILIO_WHATSAPP_HANDOFF_TEMPLATE_SID": HANDOFF_SID,
        "API_TOKEN": "browser-api",
    }
    try:
        with served(tmp_path, env) as base, browser() as driver:
            _patch_settings(base)
            consumer = Consumer(base)
            _log_in(driver, base)
            _mark(driver)
            # 1. The consumer asks for a person and gets a protocol number.
            replies = consumer.says("quero falar com um atendente")
            protocol = next(PROTOCOL.search(r)[1] for r in replies if PROTOCOL.search(r))
            _wait(lambda: protocol in _text_of(driver, "waiting"), "the list to show it")
            assert _not_reloaded(driver) and "+55 31 9****-0000" in _text_of(driver, "waiting")
            # 2. Staff take it and reply.
            _click(driver, By.XPATH, f"//tr[contains(., '{protocol}')]//a")
            _wait(lambda: driver.find_elements(By.ID, "take"), "the Assumir button")
            _click(driver, By.ID, "take")
            _wait(lambda: "Com você desde" in _text_of(driver, "handoff-state"), "taken")
            reply = "Olá, Maria! Sou da equipe de atendimento. Em que posso ajudar?"
            driver.find_element(By.ID, "reply-text").send_keys(reply)
            driver.find_element(By.ID, "send").click()
            # 3. Twilio receives the text, to the consumer's number.
            sent = _sent(fake, lambda r: r.form.get("Body") == [reply], "the staff text")
            assert sent["To"] == f"whatsapp:{DEMO_PHONE}" and "ContentSid" not in sent.form
            # 4. The consumer answers; staff see it, and the delivery status, without reloading.
            _wait(lambda: reply in _text_of(driver, "transcript"), "the reply on the page")
            _mark(driver)
            consumer.says("Oi! Queria a 2ª via de outubro, por favor.")
            consumer.post("/webhooks/twilio/status", {"MessageSid": sent.sid,
                          "MessageStatus": "delivered", "AccountSid": "ACbrowser"})  # fmt: skip
            _wait(lambda: "Queria a 2ª via" in _text_of(driver, "transcript"), "her answer")
            _wait(lambda: "entregue" in _text_of(driver, "transcript"), "the status")
            assert _not_reloaded(driver)
            # 5. Staff attach the 2ª via; the consumer receives the PDF.
            _click(driver, By.CSS_SELECTOR, "button[id^='attach-segunda_via-']")
            pdf = _sent(fake, lambda r: "MediaUrl" in r.form, "the 2ª via")
            with urllib.request.urlopen(pdf["MediaUrl"], timeout=60) as answer:
                assert answer.read().startswith(b"%PDF")
            assert pdf["To"] == f"whatsapp:{DEMO_PHONE}"
            _wait(lambda: "2ª via" in _text_of(driver, "transcript"), "the document line")
            # 6. Staff close; the survey goes; she answers 5; the home page shows it.
            driver.find_element(By.ID, "close-reason").send_keys("2ª via enviada")
            driver.find_element(By.ID, "close-button").click()
            survey = _sent(fake, lambda r: r.form.get("Body", [""])[0].startswith("De 1 a 5"),
                           "the survey")  # fmt: skip
            assert survey["To"] == f"whatsapp:{DEMO_PHONE}"
            assert "Obrigado pela avaliação" in consumer.says("5")[0]
            driver.get(base + "/admin/")
            assert _text_of(driver, "satisfaction") == "5,0" and _text_of(driver, "rated") == "1"
            assert re.search(r"\d", _text_of(driver, "median"))
            logs = driver.get_log("browser")
            assert not [e for e in logs if "Content Security Policy" in e["message"]], logs
    finally:
        fake.stop()
