"""The admin page in a real headless Chromium against a real `fatura serve`: the staff journey
of issue #7 (log in, enrol, delete, change a parameter, send a 2ª via by e-mail, see it in
Envios), checking what the person sees on each page."""

from __future__ import annotations

from typing import Any

import pytest

from tests.support.browser import browser, needs_browser, served

PASSWORD = "browser-pass-1"  # what tests.support.browser.served gives `fatura create-admin admin`


def _wait_for(driver: Any, text: str) -> None:
    """Wait until the page shows `text` (a click's navigation may still be under way)."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, 15).until(lambda d: text in d.page_source)


def _login(driver: Any, base: str) -> None:
    """Open a protected page, land on the login form, log in, come back."""
    from selenium.webdriver.common.by import By

    driver.get(base + "/admin/envio-digital?uc=131030")
    assert "/admin/login" in driver.current_url
    driver.find_element(By.ID, "login").send_keys("admin")
    driver.find_element(By.ID, "password").send_keys(PASSWORD)
    driver.find_element(By.CSS_SELECTOR, "form button[type=submit]").click()
    _wait_for(driver, "Novo")
    assert driver.current_url.endswith("/admin/envio-digital?uc=131030")


def _enroll_and_delete(driver: Any) -> None:
    """Novo with a WhatsApp number, see it masked in the list, Excluir it with confirmation."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select

    Select(driver.find_element(By.NAME, "medium-0")).select_by_visible_text("WhatsApp")
    driver.find_element(By.NAME, "destination-0").send_keys("(31) 98888-7777")
    driver.find_element(By.CSS_SELECTOR, "#novo button[type=submit]").click()
    _wait_for(driver, "1 destinatário(s) cadastrado(s)")
    table = driver.find_element(By.ID, "enrollments").text
    assert "WhatsApp +55 31 9****-7777" in table and "admin" in table
    row = driver.find_element(By.XPATH, "//tr[contains(., '9****-7777')]")
    row.find_element(By.LINK_TEXT, "Excluir").click()
    _wait_for(driver, "Excluir destinatário")
    driver.find_element(By.ID, "confirm").click()
    _wait_for(driver, "Destinatário removido")
    assert "9****-7777" not in driver.find_element(By.ID, "enrollments").text


def _change_parameter(driver: Any, base: str) -> None:
    """Change a day count on Parametrização and see it kept after reloading."""
    from selenium.webdriver.common.by import By

    driver.get(base + "/admin/parametros")
    field = driver.find_element(By.ID, "days_to_receive_after_due")
    field.clear()
    field.send_keys("45")
    driver.find_element(By.ID, "save").click()
    _wait_for(driver, "1 parâmetro(s) alterado(s)")
    driver.get(base + "/admin/parametros")
    value = driver.find_element(By.ID, "days_to_receive_after_due").get_attribute("value")
    assert value == "45"


def _send_second_copy(driver: Any, base: str) -> None:
    """2ª via of the newest invoice by e-mail, confirmed, then found sent in Envios."""
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver.get(base + "/admin/segunda-via?uc=131030")
    driver.find_element(By.LINK_TEXT, "2ª via / Barra").click()
    form = driver.find_element(By.ID, "send-segunda_via")
    form.find_element(By.NAME, "destination").send_keys("cliente@example.com")
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    _wait_for(driver, "Confirmar envio")
    assert "c***@example.com" in driver.find_element(By.TAG_NAME, "main").text
    driver.find_element(By.ID, "confirm").click()
    WebDriverWait(driver, 10).until(lambda d: "/admin/envios?uc=131030" in d.current_url)

    def sent(d: Any) -> bool:
        d.refresh()
        table = d.find_element(By.ID, "deliveries").text
        return "2ª via" in table and "c***@example.com" in table and "Enviado" in table

    WebDriverWait(driver, 30, poll_frequency=0.5).until(sent)
    driver.find_element(By.XPATH, "//tr[contains(., 'c***@example.com')]//a").click()
    timeline = driver.find_element(By.ID, "timeline").text
    assert "Na fila" in timeline and "Enviado" in timeline


@needs_browser
@pytest.mark.slow
def test_staff_journey_in_a_real_browser(tmp_path) -> None:
    with served(tmp_path) as base, browser() as driver:
        _login(driver, base)
        _enroll_and_delete(driver)
        _change_parameter(driver, base)
        _send_second_copy(driver, base)
        logs = driver.get_log("browser")
        assert not [entry for entry in logs if "Content Security Policy" in entry["message"]]
