"""WhatsApp list pickers and quick-reply buttons as Twilio Content API templates.

A choice (`bot.choices.Choice`, as its JSON) becomes a content template whose fixed parts
are only its shape (list or buttons, how many options, whether each has a description,
the list's button label); every text (the body, each title, id and description) is a
content variable. So the same few templates serve every menu, invoice list and sim/não:
each is created once through `client.content.v1.contents.create` and found again by the
hash of its template (services/chat/content_sids.py keeps the ContentSid), then sent with
`content_sid` and `content_variables`.

Twilio limits a variable's value to 255 characters; a body longer than that goes first as
a plain message (the text, then the interactive message) under a short question.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from twilio.base.exceptions import TwilioException
from twilio.rest import Client
from twilio.rest.content.v1.content import ContentList

MAX_VARIABLE = 255
LANGUAGE = "pt_BR"
SHORT_BODY = {"list": "Escolha uma opção:", "buttons": "Toque em uma opção:"}


class ContentError(Exception):
    """The Content API did not create the template (the numbered text goes instead)."""


@dataclass(frozen=True)
class Rendered:
    """A choice as Twilio sends it: the template (hashed), its variables, and a plain text
    to send before it (a body too long for a variable), or ""."""

    template: dict[str, Any]
    variables: dict[str, str]
    lead: str = ""

    @property
    def key(self) -> str:
        """The template's hash: what a ContentSid is kept under."""
        raw = json.dumps(self.template, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(raw.encode()).hexdigest()


def render(choice: dict[str, Any]) -> Rendered:
    """The Content API template and variables of a choice's JSON (bot.choices.Choice)."""
    kind, body = choice["kind"], str(choice["body"])
    lead = ""
    if len(body) > MAX_VARIABLE:
        lead, body = body, SHORT_BODY[kind]
    variables = {"1": body}
    entries: list[dict[str, str]] = []
    for option_id, title, description in choice["options"]:
        entry = {"title": _var(variables, title), "id": _var(variables, option_id)}
        if kind == "list" and description:
            entry["description"] = _var(variables, description)
        entries.append(entry)
    if kind == "list":
        items = [{"item": e["title"], "id": e["id"], **_described(e)} for e in entries]
        types = {
            "twilio/list-picker": {"body": "{{1}}", "button": choice["button"], "items": items}
        }
    else:
        types = {"twilio/quick-reply": {"body": "{{1}}", "actions": entries}}
    return Rendered({"language": LANGUAGE, "types": types}, variables, lead)


def _var(variables: dict[str, str], value: str) -> str:
    """Add `value` as the next numbered variable; its placeholder."""
    name = str(len(variables) + 1)
    variables[name] = str(value)[:MAX_VARIABLE]
    return "{{" + name + "}}"


def _described(entry: dict[str, str]) -> dict[str, str]:
    """The description of a list item, when it has one."""
    return {"description": entry["description"]} if "description" in entry else {}


def create(client: Client, rendered: Rendered) -> str:
    """Create the template at Twilio; its ContentSid. Samples are neutral words, never a
    consumer's data. ContentError when Twilio refuses or cannot be reached."""
    samples = {name: f"opcao{name}" for name in rendered.variables}
    request = ContentList.ContentCreateRequest(
        {
            "friendly_name": f"fatura_{rendered.key[:16]}",
            "language": rendered.template["language"],
            "variables": samples,
            "types": rendered.template["types"],
        }
    )
    try:
        content = client.content.v1.contents.create(request)
    except (TwilioException, OSError) as exc:  # requests' errors are OSErrors
        raise ContentError(f"Content API: {type(exc).__name__}") from exc
    if not content.sid:
        raise ContentError("Content API answered without a sid")
    return str(content.sid)
