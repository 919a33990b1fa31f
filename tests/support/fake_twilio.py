"""A local stand-in for Twilio's REST API, reached through TWILIO_API_BASE_URL in tests: the
Messages API, inbound media (GET with the account's Basic auth) and the Content API."""

from __future__ import annotations

import base64
import json
import re
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(?P<sid>AC\w+)/Messages\.json$")
CONTENT_PATH = re.compile(r"^/v1/Content(?:/(?P<sid>HX\w+))?$")


@dataclass
class Recorded:
    """One request the fake received: path, form fields (lists) and Basic auth pair."""

    path: str
    form: dict[str, list[str]]
    auth: tuple[str, str] | None
    sid: str | None = None  # the message SID the fake answered with (None: an error)

    def __getitem__(self, name: str) -> str:
        """The single value of a form field."""
        (value,) = self.form[name]
        return value


@dataclass
class FakeTwilio:
    """Threaded HTTP server on 127.0.0.1 that answers like POST …/Messages.json."""

    requests: list[Recorded] = field(default_factory=list)
    _answers: deque[tuple[int, dict[str, Any]] | None] = field(default_factory=deque)
    _stalls: int = 0
    _release: threading.Event = field(default_factory=threading.Event)
    _gates: deque[tuple[threading.Event, threading.Event]] = field(default_factory=deque)
    credentials: tuple[str, str] | None = None  # media answer 401 to any other pair
    media: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    fetches: list[str] = field(default_factory=list)  # paths of media GETs, answered or not
    contents: dict[str, dict[str, Any]] = field(default_factory=dict)  # Content API, by sid
    media_down: bool = False  # media GETs answer 503 (Twilio failing) while set
    content_failures: deque[tuple[int, dict[str, Any]]] = field(default_factory=deque)

    def start(self) -> FakeTwilio:
        """Listen on a random port in a daemon thread."""
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self.server.daemon_threads = True
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )
        self.thread.start()
        return self

    def stop(self) -> None:
        """Release stalled requests and shut the server down."""
        self._release.set()
        self.server.shutdown()
        self.server.server_close()

    @property
    def url(self) -> str:
        """The base URL to use as TWILIO_API_BASE_URL."""
        host, port = self.server.server_address[:2]
        return f"http://{host}:{port}"

    @property
    def last(self) -> Recorded:
        """The most recent request."""
        return self.requests[-1]

    def fail_next(
        self, status: int, code: int | None, message: str, times: int = 1, after: int = 0
    ) -> None:
        """Answer the next `times` requests with Twilio's error JSON (the first `after`
        requests are accepted as usual)."""
        body = {"code": code, "message": message, "status": status, "more_info": ""}
        self._answers.extend([None] * after + [(status, body)] * times)

    def fail_content(self, status: int, code: int | None, message: str, times: int = 1) -> None:
        """Answer the next `times` Content API creates with Twilio's error JSON."""
        body = {"code": code, "message": message, "status": status, "more_info": ""}
        self.content_failures.extend([(status, body)] * times)

    def messages(self, to: str) -> list[Recorded]:
        """Every Messages API request to `to`, in order."""
        return [r for r in list(self.requests) if r.form.get("To", [""])[0] == to]

    def _create_content(self, payload: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Create a content resource as Twilio does (or the queued failure)."""
        if self.content_failures:
            return self.content_failures.popleft()
        sid = "HX" + uuid.uuid4().hex
        now = formatdate(usegmt=True)
        self.contents[sid] = {
            **payload,
            "sid": sid,
            "account_sid": self.credentials[0] if self.credentials else "ACtest",
            "date_created": now,
            "date_updated": now,
            "url": f"https://content.twilio.com/v1/Content/{sid}",
            "links": {},
        }
        return 201, self.contents[sid]

    def add_media(self, data: bytes, content_type: str = "image/jpeg") -> str:
        """Serve `data` as an inbound message's medium; its MediaUrl."""
        sid = self.credentials[0] if self.credentials else "ACtest"
        path = (f"/2010-04-01/Accounts/{sid}/Messages/MM{uuid.uuid4().hex}/Media/"
                f"ME{uuid.uuid4().hex}")  # fmt: skip
        self.media[path] = (content_type, data)
        return self.url + path

    def stall_next(self) -> None:
        """Hold the next request unanswered until the fake stops (the client must time out)."""
        self._stalls += 1

    def hold_next(self) -> tuple[threading.Event, threading.Event]:
        """Keep the next request waiting: (arrived, go) — `arrived` is set once it is here
        (recorded); it is answered when the test sets `go` (or after 30 s)."""
        gate = (threading.Event(), threading.Event())
        self._gates.append(gate)
        return gate

    def bodies(self, to: str) -> list[str]:
        """The Body of every message to `to` (e.g. 'whatsapp:+55…'), in order."""
        return [r.form.get("Body", [""])[0] for r in list(self.requests) if r["To"] == to]

    def _answer(self, sid: str, form: dict[str, list[str]]) -> tuple[int, dict[str, Any]]:
        """The queued answer, or 201 with a message resource like Twilio's."""
        if self._gates:
            arrived, go = self._gates.popleft()
            arrived.set()
            go.wait(timeout=30)
        if self._stalls:
            self._stalls -= 1
            self._release.wait(timeout=5)
        queued = self._answers.popleft() if self._answers else None
        if queued is not None:
            return queued
        message_sid = "SM" + uuid.uuid4().hex
        first = {name: values[0] for name, values in form.items()}
        return 201, {
            "sid": message_sid,
            "account_sid": sid,
            "status": "queued",
            "to": first.get("To"),
            "from": first.get("From"),
            "body": first.get("Body", ""),
            "num_media": str(len(form.get("MediaUrl", []))),
            "date_created": formatdate(usegmt=True),
            "api_version": "2010-04-01",
            "uri": f"/2010-04-01/Accounts/{sid}/Messages/{message_sid}.json",
        }


def _handler(fake: FakeTwilio) -> type[BaseHTTPRequestHandler]:
    """A request handler class bound to `fake`."""

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            """Record the form and answer as the Messages API does (or the Content API)."""
            match = MESSAGES_PATH.match(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode()
            if self.path == "/v1/Content":
                self._reply(*fake._create_content(json.loads(raw or "{}")))
                return
            form = parse_qs(raw, keep_blank_values=True)
            if match is None:
                self._reply(404, {"code": 20404, "message": "not found", "status": 404})
                return
            recorded = Recorded(self.path, form, _basic_auth(self.headers))
            fake.requests.append(recorded)
            status, body = fake._answer(match["sid"], form)
            recorded.sid = body.get("sid")
            self._reply(status, body)

        def do_GET(self) -> None:
            """Serve a medium (or a content resource) to the account's credentials."""
            content = CONTENT_PATH.match(self.path)
            if content is not None and content["sid"]:
                found_content = fake.contents.get(content["sid"])
                if found_content is None:
                    self._reply(404, {"code": 20404, "message": "not found", "status": 404})
                else:
                    self._reply(200, found_content)
                return
            fake.fetches.append(self.path)
            found = fake.media.get(self.path)
            if fake.media_down:
                self._reply(503, {"code": 20503, "message": "unavailable", "status": 503})
            elif fake.credentials is not None and _basic_auth(self.headers) != fake.credentials:
                self._reply(401, {"code": 20003, "message": "Authenticate", "status": 401})
            elif found is None:
                self._reply(404, {"code": 20404, "message": "not found", "status": 404})
            else:
                self._send_bytes(*found)

        def _send_bytes(self, content_type: str, data: bytes) -> None:
            """Send raw bytes (a medium)."""
            try:
                self.send_response(200)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client stopped reading (over the size limit)
                pass

        def _reply(self, status: int, body: dict[str, Any]) -> None:
            """Send `body` as JSON."""
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the client gave up (timeout test)
                pass

        def log_message(self, format: str, *args: Any) -> None:
            """Keep test output quiet."""

    return Handler


def _basic_auth(headers: Any) -> tuple[str, str] | None:
    """The (user, password) pair of a Basic Authorization header."""
    value = headers.get("Authorization", "")
    if not value.startswith("Basic "):
        return None
    user, _, password = base64.b64decode(value[6:]).decode().partition(":")
    return user, password
