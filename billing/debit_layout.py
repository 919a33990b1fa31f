"""FEBRABAN CNAB 150 "Débito Automático": the records and the company→bank file writer.

Layout in docs/payment-codes.md#automatic-debit-file. Numbers are zero-padded, text is
left-justified with blanks and written as plain ASCII (accents dropped, other characters
become `?`), so a file is always 150 bytes a record in any 8-bit encoding. A value that does
not fit its field is an error, never silently cut. Records end with CRLF.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from billing.return_file import ReturnFileError

RECORD_LENGTH = 150
LAYOUT_VERSION = "05"
SERVICE = "DEBITO AUTOMATICO"
CURRENCY_REAL = "03"
REMESSA, RETORNO = "1", "2"  # A position 2: company→bank, bank→company
OPT_OUT, OPT_IN = "1", "2"  # B position 150
DEBITED_CODES = frozenset({"00", "31"})  # 31: debited on another date (a holiday)

# F return codes and what they mean, in plain pt-BR for the consumer.
RETURN_REASONS: dict[str, str] = {
    "00": "débito realizado",
    "01": "não havia saldo suficiente na conta",
    "02": "a conta não está cadastrada para débito automático",
    "04": "a conta tem outras restrições",
    "05": "o valor passou do limite que você autorizou no banco",
    "10": "a agência está em encerramento",
    "12": "o valor foi recusado pelo banco",
    "13": "a data foi recusada pelo banco",
    "14": "a agência informada é inválida",
    "15": "a conta informada é inválida",
    "18": "a data era anterior ao processamento do banco",
    "30": "não há convênio de débito automático com o banco",
    "31": "débito realizado em outra data (feriado)",
    "96": "o banco estava fazendo manutenção no cadastro",
    "97": "cancelamento: débito não encontrado",
    "98": "cancelamento fora do prazo",
    "99": "débito cancelado a pedido",
}


BANKS = {
    "001": "Banco do Brasil", "033": "Santander", "104": "Caixa", "237": "Bradesco",
    "341": "Itaú", "748": "Sicredi", "756": "Sicoob",
}  # fmt: skip


def bank_label(code: str) -> str:
    """How people call a bank: "Itaú (341)"; an unknown code is "banco 999"."""
    name = BANKS.get(code)
    return f"{name} ({code})" if name else f"banco {code}"


def reason(code: str) -> str:
    """The readable reason of a return code; an unknown one keeps its number."""
    return RETURN_REASONS.get(code, f"o banco recusou o débito (código {code})")


class DebitFileError(ReturnFileError):
    """A CNAB 150 file or record that breaks the layout; `line` is 1-based (None: the whole
    file), the message prefixed with it, as for the arrecadação return."""


@dataclass(frozen=True, slots=True)
class DebitHeader:
    """Record A: direction, convênio, company, bank, date and sequence number (NSA)."""

    remessa_code: str
    convenio: str
    company: str
    bank_code: str
    bank_name: str
    file_date: date
    sequence: int
    layout_version: str = LAYOUT_VERSION


@dataclass(frozen=True, slots=True)
class OptionRecord:
    """Record B (bank→company): a consumer opted in (`2`) or out (`1`) at the bank."""

    line: int
    company_id: str
    agency: str
    account: str
    option_date: date
    movement: str

    @property
    def opt_in(self) -> bool:
        """True for an opt-in, False for an opt-out."""
        return self.movement == OPT_IN


@dataclass(frozen=True, slots=True)
class IdChange:
    """Record D (company→bank): the consumer's id at the company changed (movement `0`)."""

    previous_id: str
    agency: str
    account: str
    new_id: str
    occurrence: str = ""
    movement: str = "0"
    line: int = 0


@dataclass(frozen=True, slots=True)
class DebitRequest:
    """Record E (company→bank): debit this amount on this date (movement `0`; `1` cancels)."""

    company_id: str
    agency: str
    account: str
    due_date: date
    amount_cents: int
    company_field: str
    movement: str = "0"
    line: int = 0


@dataclass(frozen=True, slots=True)
class DebitResult:
    """Record F (bank→company): the result of one debit request."""

    line: int
    company_id: str
    agency: str
    account: str
    debit_date: date
    amount_cents: int
    return_code: str
    company_field: str
    movement: str

    @property
    def debited(self) -> bool:
        """True when the money was taken (codes 00 and 31)."""
        return self.return_code in DEBITED_CODES


@dataclass(frozen=True, slots=True)
class OtherRecord:
    """A record of a bank's own (C, H, J, X): kept and reported, not acted on."""

    line: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class DebitFile:
    """A whole, consistent file: its header, details by kind, and trailer figures."""

    header: DebitHeader
    options: tuple[OptionRecord, ...]
    changes: tuple[IdChange, ...]
    requests: tuple[DebitRequest, ...]
    results: tuple[DebitResult, ...]
    others: tuple[OtherRecord, ...]
    record_count: int
    total_cents: int


def ascii_text(value: str) -> str:
    """Plain ASCII: accents dropped (São → Sao), anything else non-ASCII becomes `?`."""
    if value.isascii():
        return value
    folded = unicodedata.normalize("NFKD", value)
    plain = "".join(c for c in folded if not unicodedata.combining(c))
    return plain.encode("ascii", "replace").decode("ascii")


def text(name: str, value: str, width: int) -> str:
    """Left-justify a text field with blanks; refuse line breaks and values that do not fit."""
    value = ascii_text(value)
    if len(value) > width or "\n" in value or "\r" in value:
        raise ValueError(f"{name} must be one line of at most {width} characters: {value!r}")
    return value.ljust(width)


def number(name: str, value: int, width: int) -> str:
    """Zero-pad a non-negative int; refuse what does not fit."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < 10**width:
        raise ValueError(f"{name} must be an int from 0 to {10**width - 1}, got {value!r}")
    return f"{value:0{width}d}"


def digits(name: str, value: str, width: int) -> str:
    """A digit string (agency, account) right-aligned with zeros."""
    if not (value.isascii() and value.isdigit()) or len(value) > width:
        raise ValueError(f"{name} must be at most {width} digits, got {value!r}")
    return value.rjust(width, "0")


def header_record(header: DebitHeader) -> str:
    """Record A."""
    return "".join((
        "A", header.remessa_code, text("convenio", header.convenio, 20),
        text("company", header.company, 20), digits("bank code", header.bank_code, 3),
        text("bank name", header.bank_name, 20), f"{header.file_date:%Y%m%d}",
        number("sequence", header.sequence, 6), digits("layout", header.layout_version, 2),
        SERVICE, " " * 52,
    ))  # fmt: skip


def change_record(change: IdChange) -> str:
    """Record D."""
    return "".join((
        "D", text("previous id", change.previous_id, 25), digits("agency", change.agency, 4),
        text("account", change.account, 14), text("new id", change.new_id, 25),
        text("occurrence", change.occurrence, 60), " " * 20, change.movement,
    ))  # fmt: skip


def request_record(request: DebitRequest, days: dict[date, str]) -> str:
    """Record E (`days` caches formatted dates: a file repeats a few)."""
    due = days.get(request.due_date)
    if due is None:
        due = days[request.due_date] = f"{request.due_date:%Y%m%d}"
    return "".join((
        "E", text("company id", request.company_id, 25), digits("agency", request.agency, 4),
        text("account", request.account, 14), due,
        number("amount", request.amount_cents, 15), CURRENCY_REAL,
        text("company field", request.company_field, 60), " " * 20, request.movement,
    ))  # fmt: skip


def write_lines(
    header: DebitHeader, changes: Iterable[IdChange], requests: Iterable[DebitRequest]
) -> Iterator[str]:
    """The company→bank file, one record (with CRLF) at a time: A, D…, E…, Z."""
    yield header_record(header) + "\r\n"
    count, total, days = 2, 0, {}
    for change in changes:
        count += 1
        yield change_record(change) + "\r\n"
    for request in requests:
        count += 1
        total += request.amount_cents
        yield request_record(request, days) + "\r\n"
    trailer = "Z" + number("record count", count, 6) + number("total", total, 17)
    yield trailer.ljust(RECORD_LENGTH) + "\r\n"
