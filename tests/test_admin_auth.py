"""Staff login: anonymous redirects, CSRF, throttling, cookies and security headers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from app import create_app
from models import AuditLog, StaffUser, utcnow
from services.people.staff import LoginRefused, authenticate, create_or_reset
from tests.conftest import make_config
from tests.support.admin_client import STAFF_LOGIN, STAFF_PASSWORD, csrf_token, log_in, post_form

SCREENS = [
    "/admin/",
    "/admin/envio-digital?uc=131030",
    "/admin/segunda-via?uc=131030&competencia=10/2026",
    "/admin/parametros",
    "/admin/envios",
    "/admin/atendimentos",
    "/admin/pagamentos",
    "/admin/faltas-de-energia",
    "/admin/nao-entendidas",
]


@pytest.mark.parametrize("path", SCREENS)
def test_anonymous_requests_go_to_the_login_page(client, path) -> None:
    response = client.get(path)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/login?next=")


def test_anonymous_writes_change_nothing(client, session) -> None:
    response = client.post("/admin/parametros", data={"slip_message": "invadido"})
    assert response.status_code == 302
    assert session.query(AuditLog).filter_by(action="setting.update").count() == 0


def test_the_login_form_has_the_contract_fields(client) -> None:
    page = client.get("/admin/login").get_data(as_text=True)
    for field in ('name="login"', 'name="password"', 'name="csrf_token"'):
        assert field in page


def test_login_then_every_screen_opens(staff) -> None:
    for path in SCREENS:
        response = staff.get(path)
        assert response.status_code == 200, path
        assert STAFF_LOGIN in response.get_data(as_text=True)


def test_a_login_without_the_csrf_token_is_refused(client, session) -> None:
    create_or_reset(session, STAFF_LOGIN, STAFF_PASSWORD)
    response = client.post("/admin/login", data={"login": STAFF_LOGIN, "password": STAFF_PASSWORD})
    assert response.status_code == 400
    assert client.get("/admin/").status_code == 302


def test_a_staff_post_without_the_csrf_token_is_refused(client, session) -> None:
    log_in(client, session)
    response = client.post("/admin/parametros", data={"slip_message": "sem token"})
    assert response.status_code == 400
    assert session.query(AuditLog).filter_by(action="setting.update").count() == 0


def test_a_wrong_password_is_refused_without_saying_which_part(client, session) -> None:
    create_or_reset(session, STAFF_LOGIN, STAFF_PASSWORD)
    token = csrf_token(client)
    wrong = client.post(
        "/admin/login", data={"login": STAFF_LOGIN, "password": "errada", "csrf_token": token}
    )
    unknown = client.post(
        "/admin/login", data={"login": "ninguem", "password": "errada", "csrf_token": token}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert "Login ou senha incorretos" in wrong.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_repeated_wrong_passwords_are_throttled_even_for_the_right_one(client, session) -> None:
    create_or_reset(session, STAFF_LOGIN, STAFF_PASSWORD)
    token = csrf_token(client)
    for _ in range(5):
        data = {"login": STAFF_LOGIN, "password": "chute", "csrf_token": token}
        assert client.post("/admin/login", data=data).status_code == 401
    right = {"login": STAFF_LOGIN, "password": STAFF_PASSWORD, "csrf_token": token}
    response = client.post("/admin/login", data=right)
    assert response.status_code == 429
    assert "Aguarde 15 minutos" in response.get_data(as_text=True)
    assert client.get("/admin/").status_code == 302


def test_the_throttle_holds_across_workers_and_ends_after_the_window(db, session, tmp_path) -> None:
    """Failures are counted in the database: another app instance sees them."""
    create_or_reset(session, STAFF_LOGIN, STAFF_PASSWORD)
    now = utcnow()
    for _ in range(5):  # from the test client's own address
        with pytest.raises(LoginRefused):
            authenticate(session, STAFF_LOGIN, "chute", "127.0.0.1", now)
    other = create_app(make_config(db.url, media_dir=str(tmp_path / "m")), db=db)
    with other.app_context():
        client = other.test_client()
        data = {"login": STAFF_LOGIN, "password": STAFF_PASSWORD, "csrf_token": csrf_token(client)}
        assert client.post("/admin/login", data=data).status_code == 429
    later = now + timedelta(minutes=16)
    assert (
        authenticate(session, STAFF_LOGIN, STAFF_PASSWORD, "127.0.0.1", later).login == STAFF_LOGIN
    )


def test_many_failures_from_one_address_throttle_every_login(session) -> None:
    create_or_reset(session, STAFF_LOGIN, STAFF_PASSWORD)
    now = utcnow()
    for attempt in range(20):
        with pytest.raises(LoginRefused):
            authenticate(session, f"tentativa{attempt}", "x", "10.9.9.9", now)
    with pytest.raises(LoginRefused) as refused:
        authenticate(session, STAFF_LOGIN, STAFF_PASSWORD, "10.9.9.9", now)
    assert refused.value.throttled
    assert authenticate(session, STAFF_LOGIN, STAFF_PASSWORD, "10.1.1.1", now).login == STAFF_LOGIN


def test_an_inactive_user_cannot_log_in(client, session) -> None:
    create_or_reset(session, STAFF_LOGIN, STAFF_PASSWORD)
    session.query(StaffUser).filter_by(login=STAFF_LOGIN).update({"active": False})
    session.commit()
    data = {"login": STAFF_LOGIN, "password": STAFF_PASSWORD, "csrf_token": csrf_token(client)}
    assert client.post("/admin/login", data=data).status_code == 401


def test_session_cookie_flags_and_security_headers(client, session) -> None:
    create_or_reset(session, STAFF_LOGIN, STAFF_PASSWORD)
    data = {"login": STAFF_LOGIN, "password": STAFF_PASSWORD, "csrf_token": csrf_token(client)}
    response = client.post("/admin/login", data=data)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    page = client.get("/admin/parametros")
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["X-Content-Type-Options"] == "nosniff"
    assert "<style" not in page.get_data(as_text=True)  # the CSP forbids inline styles


def _production_app(db, tmp_path, **extra: object):  # type: ignore[no-untyped-def]
    """The app as production configures it (a real secret key), plus `extra` settings."""
    config = make_config(
        db.url,
        app_env="production",
        secret_key="s" * 32,
        secret_key_set=True,
        media_dir=str(tmp_path / "m"),
        **extra,
    )
    return create_app(config, db=db)


def test_the_session_cookie_is_secure_in_production(db, session, tmp_path) -> None:
    application = _production_app(db, tmp_path)
    assert application.config["SESSION_COOKIE_SECURE"] is True


def test_logout_needs_the_form_and_ends_the_session(client, session) -> None:
    log_in(client, session)
    assert client.get("/admin/logout").status_code == 405
    assert client.post("/admin/logout").status_code == 400  # no CSRF token
    assert post_form(client, "/admin/logout", {}, page="/admin/").status_code == 302
    assert client.get("/admin/").status_code == 302


@pytest.mark.parametrize(
    ("target", "opened"),
    [
        ("https://evil.example/", "/admin/"),
        ("//evil.example/admin", "/admin/"),
        ("/api/v1/x", "/admin/"),
        ("/admin/envios?uc=131030", "/admin/envios?uc=131030"),
    ],
)
def test_after_login_only_local_admin_pages_are_followed(client, session, target, opened) -> None:
    create_or_reset(session, STAFF_LOGIN, STAFF_PASSWORD)
    data = {
        "login": STAFF_LOGIN,
        "password": STAFF_PASSWORD,
        "csrf_token": csrf_token(client),
        "next": target,
    }
    assert client.post("/admin/login", data=data).headers["Location"] == opened


def test_the_simulator_needs_a_staff_session_in_production(db, session, tmp_path) -> None:
    application = _production_app(
        db,
        tmp_path,
        twilio_auth_token="production-auth-token",
        public_base_url="https://fatura.example.com.br",
    )
    with application.app_context():
        client = application.test_client()
        assert client.get("/simulator").headers["Location"] == "/admin/login?next=/simulator"
        send = {"channel": "sms", "phone": "+5531999990000", "text": "oi"}
        assert client.post("/simulator/send", json=send).status_code == 302
        log_in(client, session)
        page = client.get("/simulator")
        assert page.status_code == 200
        assert client.post("/simulator/send", json=send).status_code == 400  # no CSRF header
        token = re.search(r'name="csrf-token" content="([^"]+)"', page.get_data(as_text=True))[1]
        answer = client.post("/simulator/send", json=send, headers={"X-CSRFToken": token})
        assert answer.status_code == 200


def test_the_simulator_stays_open_in_development(client) -> None:
    assert client.get("/simulator").status_code == 200


def _fail_from(client, address: str) -> int:
    """One wrong password for a new unknown login, claiming to come from `address`."""
    login = "ninguem" + address.replace(".", "-")
    data = {"login": login, "password": "x", "csrf_token": csrf_token(client)}
    return client.post("/admin/login", data=data, headers={"X-Forwarded-For": address}).status_code


@pytest.mark.parametrize("hops", [0, 1])
def test_the_address_throttle_trusts_forwarded_for_only_behind_a_proxy(db, tmp_path, hops) -> None:
    """With no proxy, a forged X-Forwarded-For does not dodge the per-address lock."""
    config = make_config(db.url, media_dir=str(tmp_path / "m"), proxy_hops=hops)
    application = create_app(config, db=db)
    with application.app_context():
        client = application.test_client()
        statuses = [_fail_from(client, f"10.0.0.{n}") for n in range(21)]
    assert statuses[:20] == [401] * 20
    assert statuses[20] == (429 if hops == 0 else 401)


def test_pages_get_the_csp_and_every_response_gets_nosniff(client) -> None:
    page = client.get("/admin/login")
    health = client.get("/healthz")
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert "Content-Security-Policy" not in health.headers  # JSON, PDFs: no page to protect
    assert health.headers["X-Content-Type-Options"] == "nosniff"
