"""Logging staff in through the real form, with the CSRF token the page gives."""

from __future__ import annotations

import html
import re
from typing import Any

from services.people.staff import create_or_reset

STAFF_LOGIN = "ana.atendimento"
STAFF_PASSWORD = "senha-da-ana-2026"
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(client: Any, path: str = "/admin/login") -> str:
    """The CSRF token of the form on `path`."""
    page = client.get(path)
    match = TOKEN.search(page.get_data(as_text=True))
    assert match, f"no csrf_token on {path}"
    return match[1]


def log_in(client: Any, session: Any, login: str = STAFF_LOGIN) -> Any:
    """Create the staff user and log in; returns the client, now with a staff session."""
    create_or_reset(session, login, STAFF_PASSWORD)
    response = client.post(
        "/admin/login",
        data={"login": login, "password": STAFF_PASSWORD, "csrf_token": csrf_token(client)},
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return client


def post_form(client: Any, path: str, data: dict[str, str], page: str | None = None) -> Any:
    """POST a form with the CSRF token taken from `page` (default: the same path)."""
    return client.post(path, data={**data, "csrf_token": csrf_token(client, page or path)})


def form_values(client: Any, path: str) -> dict[str, str]:
    """The form on `path` as the browser would post it unchanged (text inputs, ticked boxes
    as "on", selected options), with its CSRF token."""
    page = client.get(path).get_data(as_text=True)
    data = {"csrf_token": csrf_token(client, path)}
    for name, value in re.findall(r'<input name="(\w+)" id="\w+" value="([^"]*)"', page):
        data[name] = html.unescape(value)
    for name in re.findall(r'<input type="checkbox" name="(\w+)" id="\w+" checked>', page):
        data[name] = "on"
    for name, value in re.findall(
        r'<select name="(\w+)"[^>]*>.*?value="(\w+)" selected', page, re.S
    ):
        data[name] = value
    return data
