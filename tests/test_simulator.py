"""The chat simulator, in a real headless browser against a real server."""

from __future__ import annotations

import pytest

from bot.texts import text
from tests.support.browser import browser, needs_browser, served
from tests.support.photos import blank_photo


@needs_browser
@pytest.mark.slow
def test_a_person_chats_and_receives_the_second_copy(tmp_path) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as seen
    from selenium.webdriver.support.ui import WebDriverWait

    with served(tmp_path) as base, browser() as driver:
        driver.get(base + "/simulator")
        wait = WebDriverWait(driver, 30)
        box = driver.find_element(By.ID, "text")
        box.send_keys("oi")
        driver.find_element(By.ID, "send").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) >= 1)
        menu = driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
        assert "Ver opções" in menu  # the menu is drawn as WhatsApp's list picker
        driver.find_element(By.CSS_SELECTOR, ".choice.list button.open").click()
        items = [b.text for b in driver.find_elements(By.CSS_SELECTOR, ".choice .options button")]
        assert "2ª via da fatura" in items
        box.send_keys("2via")
        driver.find_element(By.ID, "send").click()
        link = wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, ".msg.doc a")))
        assert ".pdf" in link.text
        assert "/media/" in link.get_attribute("href")
        driver.save_screenshot(str(tmp_path / "simulator.png"))
        hint = driver.find_element(By.CSS_SELECTOR, "header span code").text
        assert hint == "quero a 2ª via de outubro"  # the hint suggests free text first
        bot_messages = len(driver.find_elements(By.CSS_SELECTOR, ".msg.bot"))
        box.send_keys(hint)
        driver.find_element(By.ID, "send").click()
        wait.until(lambda d: len(d.find_elements(By.CSS_SELECTOR, ".msg.bot")) > bot_messages)
        answer = driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
        assert "entendi" not in answer.lower()
        _pick_a_photo(driver, wait, tmp_path)


def _pick_a_photo(driver, wait, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The photo picker: the photo is shown as sent, acknowledged, and the worker's reading
    (no code in it) arrives from the outbox."""
    from selenium.webdriver.common.by import By

    path = tmp_path / "conta.jpg"
    path.write_bytes(blank_photo())
    driver.find_element(By.ID, "photo").send_keys(str(path))
    sent = wait.until(lambda d: d.find_element(By.CSS_SELECTOR, ".msg.me.photo img"))
    wait.until(lambda d: (sent.get_attribute("src") or "").startswith("data:image/jpeg"))
    wait.until(lambda d: driver.find_elements(By.CSS_SELECTOR, ".msg.bot")[-1].text
               == text("photo_reading"))  # fmt: skip
    reading = text("photo_no_code")
    wait.until(lambda d: reading in [m.text for m in d.find_elements(By.CSS_SELECTOR, ".msg.doc")])
    driver.save_screenshot(str(tmp_path / "simulator-photo.png"))
