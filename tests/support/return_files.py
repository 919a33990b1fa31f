"""Bank return files for tests and benchmarks: `build_return` lays out what
billing/return_file.py parses (docs/payment-codes.md#bank-return-file)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from billing.return_file import (
    CHANNEL_LABELS,
    PAYMENT_FORMS,
    RECORD_LENGTH,
    ReturnHeader,
    ReturnPayment,
)

SERVICE = "CODIGO DE BARRAS"  # record A's service name, positions 82-98


@dataclass(frozen=True, slots=True)
class ReturnPaymentInput:
    """What `build_return` needs for one G record; record_sequence None = 1-based G index."""

    barcode: str
    amount_cents: int
    paid_on: date
    credited_on: date | None = None
    fee_cents: int = 0
    credited_account: str = ""
    record_sequence: int | None = None
    agency: str = ""
    channel: str = "1"
    authentication: str = ""
    payment_form: str = "1"


PaymentLike = ReturnPaymentInput | ReturnPayment


def _text(name: str, value: str, width: int) -> str:
    """Left-justify a text field, refusing values that do not fit."""
    if not isinstance(value, str) or len(value) > width or "\n" in value or "\r" in value:
        raise ValueError(f"{name} must be a one-line str of at most {width} characters: {value!r}")
    return value.ljust(width)


def _number(name: str, value: object, width: int) -> str:
    """Zero-pad a non-negative int (or a digit string of exactly `width`)."""
    if isinstance(value, str) and len(value) == width and value.isascii() and value.isdigit():
        return value
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10**width:
        limit = 10**width - 1
        raise ValueError(f"{name} must be {width} digits or an int 0-{limit}, got {value!r}")
    return f"{value:0{width}d}"


def _day(name: str, value: object) -> str:
    """AAAAMMDD of a date."""
    if not isinstance(value, date):
        raise ValueError(f"{name} must be a date, got {type(value).__name__}")
    return value.strftime("%Y%m%d")


def _g_record(p: PaymentLike, index: int, days: dict[date, str]) -> str:
    """One G record (150 characters)."""
    paid, credited = p.paid_on, p.credited_on or p.paid_on
    if p.channel not in CHANNEL_LABELS or p.payment_form not in PAYMENT_FORMS:
        raise ValueError(f"payment {index}: bad channel {p.channel!r} or form {p.payment_form!r}")
    seq = index if p.record_sequence is None else p.record_sequence
    return "".join((
        "G", _text("credited_account", p.credited_account, 20),
        days.get(paid) or days.setdefault(paid, _day("paid_on", paid)),
        days.get(credited) or days.setdefault(credited, _day("credited_on", credited)),
        _number("barcode", p.barcode, 44), _number("amount_cents", p.amount_cents, 12),
        _number("fee_cents", p.fee_cents, 7), _number("record_sequence", seq, 8),
        _text("agency", p.agency, 8), p.channel,
        _text("authentication", p.authentication, 23), p.payment_form, " " * 9,
    ))  # fmt: skip


def build_return(
    header: ReturnHeader,
    payments: Sequence[PaymentLike],
    *,
    count_override: int | None = None,
    total_override: int | None = None,
) -> str:
    """Lay out a return file (A, G…, Z; '\\n' after each); overrides force a wrong trailer."""
    a = "".join((
        "A2", _text("convenio", header.convenio, 20), _text("company", header.company, 20),
        _number("bank_code", header.bank_code, 3), _text("bank_name", header.bank_name, 20),
        _day("file_date", header.file_date), _number("sequence", header.sequence, 6),
        _number("layout_version", header.layout_version, 2), SERVICE.ljust(17), " " * 52,
    ))  # fmt: skip
    days: dict[date, str] = {}
    records = [a]
    records.extend(_g_record(p, i, days) for i, p in enumerate(payments, start=1))
    count = len(records) + 1 if count_override is None else count_override
    total = sum(p.amount_cents for p in payments) if total_override is None else total_override
    trailer = "Z" + _number("record count", count, 6) + _number("total", total, 17)
    records.append(trailer.ljust(RECORD_LENGTH))
    return "\n".join(records) + "\n"
