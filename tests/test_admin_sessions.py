"""Staff sessions end on the server (logout, password reset, 8 hours) and the login throttle
cannot be turned against a colleague from another address or browser."""

from __future__ import annotations

from datetime import timedelta

from models import utcnow
from services.people.staff import create_or_reset
from tests.support.admin_client import STAFF_LOGIN, STAFF_PASSWORD, csrf_token, log_in, post_form

A, B = "198.51.100.7", "203.0.113.9"


def _replay(app, cookie: str):  # type: ignore[no-untyped-def]
    """GET the admin home from another browser holding a copy of `cookie`."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/admin/")


def _login(client, login: str, password: str, address: str):  # type: ignore[no-untyped-def]
    """POST the login form from `address`."""
    data = {"login": login, "password": password, "csrf_token": csrf_token(client)}
    return client.post("/admin/login", data=data, environ_overrides={"REMOTE_ADDR": address})


def test_a_copied_cookie_is_void_after_logout(app, client, session) -> None:
    log_in(client, session)
    copied = client.get_cookie("session").value
    assert _replay(app, copied).status_code == 200
    assert post_form(client, "/admin/logout", {}, page="/admin/").status_code == 302
    replayed = _replay(app, copied)
    assert replayed.status_code == 302
    assert replayed.headers["Location"].startswith("/admin/login")


def test_a_copied_cookie_is_void_after_a_password_reset(app, client, session) -> None:
    log_in(client, session)
    copied = client.get_cookie("session").value
    create_or_reset(session, STAFF_LOGIN, "outra-senha-2026")  # `fatura create-admin` again
    assert _replay(app, copied).status_code == 302
    assert client.get("/admin/").status_code == 302


def test_a_session_lasts_eight_hours_from_login(client, session) -> None:
    log_in(client, session)
    with client.session_transaction() as cookie:
        cookie["login_at"] = int((utcnow() - timedelta(hours=7, minutes=59)).timestamp())
    assert client.get("/admin/").status_code == 200
    with client.session_transaction() as cookie:
        cookie["login_at"] = int((utcnow() - timedelta(hours=8, minutes=1)).timestamp())
    assert client.get("/admin/").status_code == 302


def test_failures_from_one_address_do_not_lock_the_login_out_elsewhere(app, session) -> None:
    create_or_reset(session, "ana", STAFF_PASSWORD)
    stranger, ana = app.test_client(), app.test_client()
    for _ in range(5):
        assert _login(stranger, "ana", "chute", A).status_code == 401
    assert _login(stranger, "ana", STAFF_PASSWORD, A).status_code == 429
    assert _login(ana, "ana", STAFF_PASSWORD, B).status_code == 302


def test_behind_a_shared_address_a_known_browser_still_logs_in(app, session) -> None:
    """FATURA_PROXY_HOPS=0 behind a proxy: every request comes from the proxy's address."""
    create_or_reset(session, "ana", STAFF_PASSWORD)
    ana = app.test_client()
    assert _login(ana, "ana", STAFF_PASSWORD, A).status_code == 302
    post_form(ana, "/admin/logout", {}, page="/admin/")
    stranger = app.test_client()
    for attempt in range(20):
        _login(stranger, f"colega{attempt}", "chute", A)
    for _ in range(5):
        _login(stranger, "ana", "chute", A)
    assert _login(app.test_client(), "ana", STAFF_PASSWORD, A).status_code == 429  # new browser
    assert _login(ana, "ana", STAFF_PASSWORD, A).status_code == 302  # her usual one
