"""Messages that are not typed words: a photo is sent to be read (its codes lead to the
invoice), a worker's reading continues the conversation, other media get a short answer.

A voice note is answered with an example of what to type; a transcription adapter can later
fill `Inbound.text` at the edge before the engine runs, and this module then never sees it.
"""

from __future__ import annotations

import logging

from bot import conversation, runner
from bot.context import Ctx
from bot.media_types import Attachment, PhotoFinding, ReadPhoto
from bot.state import Action

log = logging.getLogger(__name__)
PHOTO_INTENT = "foto"
ANSWERS = {
    "audio": "media_audio",
    "video": "media_video",
    "location": "media_location",
    "sticker": "media_sticker",
    "reaction": "media_sticker",
    "contact": "media_contact",
    "document": "media_document",
}
NOT_FOUND = {
    "other": "photo_not_ours",
    "none": "photo_no_code",
    "refused": "photo_refused",
    "unavailable": "photo_unavailable",
}


def answer(ctx: Ctx) -> bool:
    """True when the message was a medium or a photo's reading, and has been answered."""
    if ctx.inbound.photo is not None:
        _photo_read(ctx, ctx.inbound.photo)
        return True
    attachment = ctx.inbound.attachment
    if attachment is None:
        return False
    if attachment.kind == "image":
        _photo_sent(ctx, attachment)
    else:
        ctx.say(ANSWERS[attachment.kind])
    return True


def _photo_sent(ctx: Ctx, attachment: Attachment) -> None:
    """A photo: acknowledged now, read by a worker (which answers in a message of its own)."""
    if not attachment.url:
        ctx.say("photo_refused")
        return
    ctx.done()
    ctx.effects.append(ReadPhoto(attachment.url, attachment.content_type))
    ctx.say("photo_reading")


def _photo_read(ctx: Ctx, found: PhotoFinding) -> None:
    """The reading of a photo: the invoice's flow (after identification), or why not."""
    ctx.stored_text = f"[foto lida: {found.result}]"
    if found.result != "ours" or not found.uc or found.invoice_id is None:
        ctx.say(NOT_FOUND.get(found.result, "photo_no_code"))
        return
    ctx.done()
    action = Action(PHOTO_INTENT, uc=found.uc, invoice=found.invoice_id)
    runner.run(ctx, conversation.INTENTS[PHOTO_INTENT], action)
