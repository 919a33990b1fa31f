"""Reading a photographed bill: the ITF barcodes and QR codes in the image (zxing-cpp), and
the invoice they identify. The image lives in memory only, for the time of the reading."""

from __future__ import annotations

import io
import logging

import zxingcpp
from PIL import Image, UnidentifiedImageError
from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.recognise import CodeMatch, recognise
from bot.media_types import PhotoFinding
from models import Invoice
from services import settings
from services.collection.payment_view import collection_params

log = logging.getLogger(__name__)
MAX_PIXELS = 40_000_000  # a 5 MB JPEG never needs more; refuses decompression bombs
FORMATS = (zxingcpp.BarcodeFormat.ITF, zxingcpp.BarcodeFormat.QRCode)


class NotAnImage(Exception):
    """The bytes are no image we can read, or an absurdly large one."""


def symbols(data: bytes) -> list[str]:
    """The texts of the ITF and QR symbols in the image, in reading order."""
    try:
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > MAX_PIXELS:
            raise NotAnImage("image too large")
        gray = image.convert("L")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise NotAnImage(type(exc).__name__) from exc
    return [found.text for found in zxingcpp.read_barcodes(gray, formats=FORMATS)]


def finding(session: Session, texts: list[str]) -> PhotoFinding:
    """Our invoice when a symbol names one that exists; `other` when a symbol is a valid
    code of someone else; otherwise `none`."""
    params = collection_params(settings.load_cached(session))
    matches = [m for m in (recognise(t, params) for t in texts) if m is not None]
    for match in matches:
        invoice = _invoice(session, match) if match.kind == "ours" else None
        if invoice is not None:
            return PhotoFinding("ours", invoice.unit.uc, invoice.id)
    others = any(m.kind == "other" for m in matches)
    return PhotoFinding("other" if others else "none")


def _invoice(session: Session, match: CodeMatch) -> Invoice | None:
    """The invoice a code of ours names, if it exists."""
    if match.nf3e_key is not None:
        return session.scalar(select(Invoice).where(Invoice.nf3e_access_key == match.nf3e_key))
    return session.get(Invoice, match.number) if match.number is not None else None
