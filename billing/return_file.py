"""FEBRABAN arrecadação bank return file (150-character records A/G/Z): a strict parser.

Layout in docs/payment-codes.md#bank-return-file. Its filler positions (A 99–150,
G 142–150, Z 25–150) are written as spaces, never checked. Text fields are left-justified and
space-padded (read back without trailing spaces); numeric fields are zero-padded ASCII digits.
Blank lines after the Z record are ignored; a blank line anywhere else is a 0-character record
and an error.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

RECORD_LENGTH = 150
_CHANNELS = {
    "1": "guichê", "2": "autoatendimento/home banking", "3": "internet/celular", "4": "outros",
    "5": "correspondente", "6": "telefone", "7": "lotérica", "8": "cartão", "9": "PIX",
}  # fmt: skip
CHANNEL_LABELS = _CHANNELS | {chr(96 + int(k)): f"{v} sem fatura" for k, v in _CHANNELS.items()}
PAYMENT_FORMS = frozenset("123456")


class ReturnFileError(ValueError):
    """A file that breaks the layout; `line` is the 1-based line number (None: whole file)."""

    def __init__(self, line: int | None, message: str) -> None:
        """Prefix the message with the line number when there is one."""
        super().__init__(f"line {line}: {message}" if line is not None else message)
        self.line = line


@dataclass(frozen=True, slots=True)
class ReturnHeader:
    """Record A: who sent the file, when, and its sequence number (NSA)."""

    convenio: str
    company: str
    bank_code: str
    bank_name: str
    file_date: date
    sequence: int
    layout_version: str


@dataclass(frozen=True, slots=True)
class ReturnPayment:
    """Record G: one payment as the bank reported it (barcode not validated)."""

    record_number: int
    credited_account: str
    paid_on: date
    credited_on: date
    barcode: str
    amount_cents: int
    fee_cents: int
    record_sequence: int
    agency: str
    channel: str
    channel_label: str
    authentication: str
    payment_form: str


@dataclass(frozen=True, slots=True)
class ReturnTrailer:
    """Record Z: declared record count (A and Z included) and total amount."""

    record_count: int
    total_cents: int


@dataclass(frozen=True, slots=True)
class ReturnFile:
    """A whole, consistent return file."""

    header: ReturnHeader
    payments: tuple[ReturnPayment, ...]
    trailer: ReturnTrailer


def file_identity(header: ReturnHeader) -> tuple[str, str, int]:
    """(bank_code, convenio, sequence): two files with the same identity are the same file."""
    return (header.bank_code, header.convenio, header.sequence)


def _digits(record: str, start: int, end: int, name: str, line: int) -> str:
    """Positions start–end (1-based, inclusive) as ASCII digits, else ReturnFileError."""
    text = record[start - 1 : end]
    if not (text.isascii() and text.isdigit()):
        message = f"{name} (positions {start}-{end}) must be digits, got {text!r}"
        raise ReturnFileError(line, message)
    return text


def _date(record: str, start: int, name: str, line: int, cache: dict[str, date]) -> date:
    """An AAAAMMDD date at `start`; parsed dates are cached (files repeat the same few)."""
    text = record[start - 1 : start + 7]
    found = cache.get(text)
    if found is None:
        _digits(record, start, start + 7, name, line)
        try:
            found = cache[text] = date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            message = f"{name} (positions {start}-{start + 7}) is not an AAAAMMDD date: {text!r}"
            raise ReturnFileError(line, message) from None
    return found


def _header(record: str, line: int, cache: dict[str, date]) -> ReturnHeader:
    """Parse record A (must be a return file: position 2 = '2')."""
    if record[1] != "2":
        raise ReturnFileError(line, f"header position 2 is {record[1]!r}, expected '2' (retorno)")
    return ReturnHeader(
        convenio=record[2:22].rstrip(),
        company=record[22:42].rstrip(),
        bank_code=_digits(record, 43, 45, "bank code", line),
        bank_name=record[45:65].rstrip(),
        file_date=_date(record, 66, "file date", line, cache),
        sequence=int(_digits(record, 74, 79, "file sequence (NSA)", line)),
        layout_version=_digits(record, 80, 81, "layout version", line),
    )


def _payment(record: str, line: int, cache: dict[str, date]) -> ReturnPayment:
    """Parse record G."""
    channel, form = record[116], record[140]
    label = CHANNEL_LABELS.get(channel)
    if label is None:
        raise ReturnFileError(line, f"channel (position 117) is {channel!r}, expected 1-9 or a-i")
    if form not in PAYMENT_FORMS:
        raise ReturnFileError(line, f"payment form (position 141) is {form!r}, expected 1-6")
    return ReturnPayment(
        record_number=line,
        credited_account=record[1:21].rstrip(),
        paid_on=_date(record, 22, "payment date", line, cache),
        credited_on=_date(record, 30, "credit date", line, cache),
        barcode=_digits(record, 38, 81, "barcode", line),
        amount_cents=int(_digits(record, 82, 93, "amount received", line)),
        fee_cents=int(_digits(record, 94, 100, "fee", line)),
        record_sequence=int(_digits(record, 101, 108, "record sequence", line)),
        agency=record[108:116].rstrip(),
        channel=channel,
        channel_label=label,
        authentication=record[117:140].rstrip(),
        payment_form=form,
    )


def _strip_eol(raw: str) -> str:
    """Drop one trailing '\\n' or '\\r\\n'."""
    if raw.endswith("\n"):
        return raw[:-2] if raw.endswith("\r\n") else raw[:-1]
    return raw


def parse_return(lines: Iterable[str]) -> ReturnFile:
    """Parse a whole return file (lines, or one str) strictly; any error rejects the file."""
    if isinstance(lines, str):
        lines = lines.replace("\r\n", "\n").split("\n")
    cache: dict[str, date] = {}
    header: ReturnHeader | None = None
    trailer: ReturnTrailer | None = None
    payments: list[ReturnPayment] = []
    total = last = 0
    blank: int | None = None
    for number, raw in enumerate(lines, start=1):
        record = _strip_eol(raw)
        if not record:
            blank = number if blank is None else blank
            continue
        if blank is not None:
            raise ReturnFileError(blank, f"record is 0 characters, expected {RECORD_LENGTH}")
        if trailer is not None:
            raise ReturnFileError(number, f"record after the Z trailer (line {last})")
        if len(record) != RECORD_LENGTH:
            message = f"record is {len(record)} characters, expected {RECORD_LENGTH}"
            raise ReturnFileError(number, message)
        kind, last = record[0], number
        if header is None:
            if kind != "A":
                raise ReturnFileError(number, f"record type is {kind!r}, expected 'A' (header)")
            header = _header(record, number, cache)
        elif kind == "G":
            payment = _payment(record, number, cache)
            payments.append(payment)
            total += payment.amount_cents
        elif kind == "Z":
            trailer = ReturnTrailer(
                record_count=int(_digits(record, 2, 7, "trailer record count", number)),
                total_cents=int(_digits(record, 8, 24, "trailer total", number)),
            )
        else:
            raise ReturnFileError(number, f"record type is {kind!r}, expected 'G' or 'Z'")
    if header is None:
        raise ReturnFileError(None, "the file is empty: no records")
    if trailer is None:
        raise ReturnFileError(last, "the file ends without a Z trailer record")
    count = len(payments) + 2
    if trailer.record_count != count:
        found = f"{count} (records found, A and Z included)"
        message = f"trailer record count is {trailer.record_count}, expected {found}"
        raise ReturnFileError(last, message)
    if trailer.total_cents != total:
        message = f"trailer total is {trailer.total_cents} centavos, expected {total} (sum of G)"
        raise ReturnFileError(last, message)
    return ReturnFile(header=header, payments=tuple(payments), trailer=trailer)
