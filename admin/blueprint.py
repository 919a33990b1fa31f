"""The staff blueprint `/admin`: every view behind a staff session, writes behind CSRF."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

from flask import Blueprint, abort, request

from admin.security import staff_gate
from billing.money import format_brl
from billing.validation import mask_destination, mask_document
from services.core import formats
from services.core.runtime import db_session

T = TypeVar("T")

MEDIA_LABELS = {"email": "E-mail", "sms": "SMS", "whatsapp": "WhatsApp"}
STATIC = Path(__file__).resolve().parent.parent / "static" / "admin"
PUBLIC = {"admin.login", "admin.static"}

bp = Blueprint("admin", __name__, url_prefix="/admin", static_folder=STATIC)


@bp.before_request
def gate() -> Any:
    """Anonymous visitors go to the login page; only login and the stylesheet are open."""
    if request.endpoint in PUBLIC:
        return None
    return staff_gate()


@bp.app_template_filter("brl")
def brl(value: Any) -> str:
    """R$ 1.234,56."""
    return formats.brl(value)


@bp.app_template_filter("brl_cents")
def brl_cents(value: int) -> str:
    """R$ 1.234,56 from integer centavos (plan offers are worked out in centavos)."""
    return format_brl(value)


@bp.app_template_filter("day")
def day(value: Any) -> str:
    """dd/mm/aaaa."""
    return formats.day(value)


@bp.app_template_filter("percent")
def percent(value: float) -> str:
    """A 0-1 fraction as a whole percentage (62%)."""
    return formats.percent(value)


@bp.app_template_filter("moment")
def moment(value: Any) -> str:
    """dd/mm/aaaa hh:mm, São Paulo time."""
    return formats.moment(value)


@bp.app_template_filter("masked")
def masked(value: str | None) -> str:
    """An e-mail or phone as staff pages show it: never in full."""
    return "" if not value else mask_destination(value)


@bp.app_template_filter("masked_document")
def masked_document(value: str | None) -> str:
    """A CPF/CNPJ as staff pages show it: never in full."""
    return "" if not value else mask_document(value)


@bp.app_template_filter("medium")
def medium(value: Any) -> str:
    """E-mail, SMS or WhatsApp, from a medium or channel (enum or its value)."""
    return MEDIA_LABELS.get(str(getattr(value, "value", value)), str(value))


@bp.app_template_filter("reference")
def reference(value: str) -> str:
    """A competência as mm/aaaa."""
    return formats.reference(value)


def get_or_404(model: type[T], key: int) -> T:
    """The row with that primary key, or a 404 page."""
    row = db_session().get(model, key)
    if row is None:
        abort(404)
    return row
