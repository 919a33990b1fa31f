"""The chat simulator, in a real headless browser against a real server."""

from __future__ import annotations

import pytest

from tests.support.browser import browser, needs_browser, served


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
