"""One recorded reply sent through the REST API, drawn as WhatsApp lists and buttons when
it has options (`services.core.reply_entries`) and the chat can show them.

WhatsApp inside the 24-hour window: the options as a Content API template (created once,
services/chat/content_sids.py), with its variables; a body too long for a variable goes
first as a plain message. The outbox (the chat simulator) records the options for the page
to draw. Anything else, SMS, WhatsApp outside the window, a Content API that fails or a
send Twilio refuses for good, gets the numbered text instead: a reply is never lost. A
transient failure of the send itself propagates, for the job to try again.
"""

from __future__ import annotations

import logging
from typing import Any

from sqlalchemy.orm import Session

from channels.base import Channel, ChannelError
from channels.twilio_content import ContentError, render
from channels.twilio_messaging import TwilioChannel
from services.chat import content_sids
from services.core.reply_entries import choice_of, text_of

log = logging.getLogger(__name__)


def send(channel: Channel, phone: str, entry: Any, session: Session | None = None) -> None:
    """Send one reply: its options where they can be drawn, else its text."""
    text, choice = text_of(entry), choice_of(entry)
    if choice is not None and hasattr(channel, "send_choice"):
        channel.send_choice(phone, text, choice)
        return
    if choice is None or session is None or not _can_draw(channel, phone):
        channel.send_text(phone, text)
        return
    assert isinstance(channel, TwilioChannel)
    if not _send_content(session, channel, phone, choice):
        channel.send_text(phone, text)


def _can_draw(channel: Channel, phone: str) -> bool:
    """True for Twilio's WhatsApp while the number is inside the 24-hour window."""
    return isinstance(channel, TwilioChannel) and channel.whatsapp and channel.in_window(phone)


def _send_content(
    session: Session, channel: TwilioChannel, phone: str, choice: dict[str, Any]
) -> bool:
    """Send the options as a template; False (nothing sent) when the template cannot be had
    or Twilio refuses it for good."""
    rendered = render(choice)
    account = f"{channel.config.twilio_account_sid}@{channel.config.twilio_api_base_url}"
    try:
        sid = content_sids.sid_for(session, channel.client, account, rendered)
    except ContentError as exc:
        log.warning("interactive reply sent as numbered text: %s", exc)
        return False
    if rendered.lead:
        channel.send_text(phone, rendered.lead)
    try:
        channel.send_content(phone, sid, rendered.variables)
    except ChannelError as exc:
        if exc.transient:
            raise
        log.warning("interactive reply refused (%s); sent as numbered text", exc.code)
        return False
    return True
