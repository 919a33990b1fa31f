"""The storm gate (webhooks/storm_gate.py): while the web is behind, a signed text message is
deferred before Flask sees it (one row, empty TwiML, a drain asked for); anything else, and
every abuse an outsider can try, reaches the app untouched, body included. On SQLite and
PostgreSQL, against the real runtime."""

from __future__ import annotations

import dataclasses
from typing import Any
from urllib.parse import parse_qsl, urlencode

import pytest
from sqlalchemy import select
from werkzeug.test import Client

from models import InboundMessage
from tests.support.chat import DEMO_PHONE, form, sign
from tests.support.deferral import HeldQueue, calm  # noqa: F401 (calm: autouse)
from tests.support.fake_twilio import FakeTwilio
from tests.support.handoffs import twilio_app
from webhooks.storm_gate import StormGate
from webhooks.twilio import SIMULATED_BY

PATH = "/webhooks/twilio/whatsapp"


class App:
    """The app behind the gate: says it answered, and keeps the bodies it was handed."""

    def __init__(self) -> None:
        """Nothing handed yet."""
        self.bodies: list[bytes] = []

    def __call__(self, environ: dict[str, Any], start_response: Any) -> list[bytes]:
        """Read the body as the app would, answer 418."""
        self.bodies.append(environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0)))
        start_response("418 I'm a teapot", [("Content-Type", "text/plain")])
        return [b"the app"]


@pytest.fixture
def gate(db, session, tmp_path):  # type: ignore[no-untyped-def]
    """(a client of the gate, the app behind it, the queue, the runtime), threshold 0."""
    fake, queue = FakeTwilio().start(), HeldQueue()
    app = twilio_app(db, str(tmp_path / "m"), fake, queue, defer_backlog=0)
    runtime, behind = app.extensions["fatura"], App()
    yield Client(StormGate(behind, runtime)), behind, queue, runtime
    fake.stop()


def rows(session) -> list[InboundMessage]:  # type: ignore[no-untyped-def]
    """Every message row, fresh."""
    session.expire_all()
    return list(session.scalars(select(InboundMessage).order_by(InboundMessage.id)))


def send(client: Client, params: dict[str, str], path: str = PATH, **kwargs: Any) -> Any:
    """POST the form signed as Twilio signs it (unless headers are given)."""
    headers = kwargs.pop("headers", {"X-Twilio-Signature": sign(path, params)})
    return client.post(path, data=params, headers=headers, **kwargs)


def test_a_signed_text_is_deferred_without_the_app(gate, session) -> None:  # type: ignore[no-untyped-def]
    client, behind, queue, _ = gate
    params = form("estou sem luz", sid="SMgate1")
    response = send(client, params)
    assert response.status_code == 200 and response.mimetype == "text/xml"
    assert response.get_data() == b'<?xml version="1.0" encoding="UTF-8"?><Response />'
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert behind.bodies == []
    (row,) = rows(session)
    assert (row.reply_via, row.from_number, row.body) == ("deferred", DEMO_PHONE, "estou sem luz")
    assert [func.__name__ for func, _ in queue.jobs] == ["drain_deferred"]
    send(client, params)  # Twilio's retry of the same message: still one row
    assert len(rows(session)) == 1 and behind.bodies == []


def test_a_simulated_message_keeps_who_typed_it(gate, session) -> None:  # type: ignore[no-untyped-def]
    client, *_ = gate
    send(client, form("oi"), environ_overrides={SIMULATED_BY: "ana"})
    assert rows(session)[0].simulated_by == "ana"


@pytest.mark.parametrize(
    "abuse",
    ["forged", "unsigned", "no sid", "long sid", "photo", "location", "too big", "json",
     "too many fields", "other path", "GET"],
)  # fmt: skip
def test_anything_else_reaches_the_app_untouched(gate, session, abuse) -> None:  # type: ignore[no-untyped-def]
    client, behind, queue, _ = gate
    params = form("oi")
    signature = {"X-Twilio-Signature": sign(PATH, params)}
    photo = {
        "NumMedia": "1",
        "MediaUrl0": "https://api.twilio.com/m",
        "MediaContentType0": "image/jpeg",
    }
    changed = {
        "no sid": params | {"MessageSid": ""},
        "long sid": params | {"MessageSid": "SM" + "9" * 70},
        "photo": form("", extra=photo),
        "location": form("", extra={"Latitude": "-19.9", "Longitude": "-43.9"}),
        "too big": params | {"Body": "x" * 70_000},
        "too many fields": params | {f"f{i}": "1" for i in range(120)},
    }.get(abuse)
    if abuse == "forged":
        response = send(client, params, headers={"X-Twilio-Signature": "Zm9yZ2Vk"})
    elif abuse == "unsigned":
        response = send(client, params, headers={})
    elif abuse == "json":
        response = client.post(PATH, json=params, headers=signature)
    elif abuse == "other path":
        path = "/webhooks/twilio/whatsapp/x"
        response = send(client, params, path=path)
    elif abuse == "GET":
        response = client.get(PATH + "?" + urlencode(params), headers=signature)
    else:
        response = send(client, changed)
    assert response.status_code == 418
    assert rows(session) == [] and queue.jobs == []
    if abuse not in ("GET", "json"):
        (body,) = behind.bodies  # the body as posted, for the app to read
        assert dict(parse_qsl(body.decode(), keep_blank_values=True)) == (changed or params)


def test_a_quiet_server_or_no_auth_token_leaves_every_message_to_the_app(gate, session) -> None:  # type: ignore[no-untyped-def]
    client, behind, _, runtime = gate
    runtime.config = dataclasses.replace(runtime.config, defer_backlog=10_000)
    assert send(client, form("oi")).status_code == 418
    runtime.config = dataclasses.replace(runtime.config, defer_backlog=0, twilio_auth_token="")
    assert send(client, form("oi")).status_code == 418
    assert len(behind.bodies) == 2 and rows(session) == []


def test_a_database_failure_is_left_to_the_app(gate, session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    client, behind, _, _ = gate
    from services.chat import deferral

    def broken(*args: Any) -> Any:
        raise RuntimeError("database unreachable")

    monkeypatch.setattr(deferral, "record", broken)
    assert send(client, form("oi")).status_code == 418 and len(behind.bodies) == 1
