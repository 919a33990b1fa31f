"""Bank boleto (FEBRABAN/Banco do Brasil): 44-digit barcode, 47-digit line and due-date factor."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from billing._digits import clean_digits, is_digits, require_length
from billing.checkdigits import mod10, mod11_boleto
from billing.errors import InvalidCode

FACTOR_BASE = date(2000, 7, 3)  # factor 1000; the 9000-day cycle restarted at 1000 on 2025-02-22
CURRENT_CYCLE_START = date(2025, 2, 22)
FACTOR_CYCLE = 9000
MAX_AMOUNT_CENTS = 10**10 - 1
BB_BANK_CODE = "001"
CURRENCY_REAL = "9"


@dataclass(frozen=True)
class Boleto:
    """A validated boleto split into its fields.

    The factor repeats every 9000 days, so parse() maps it to the cycle nearest `today` when
    given, else to the cycle that began on 2025-02-22; a factor below 1000 (0000 = no due date)
    gives due_date None.
    """

    barcode: str
    line: str
    bank_code: str
    currency: str
    due_factor: int
    due_date: date | None
    amount_cents: int
    free_field: str


def due_factor(d: date) -> int:
    """The 4-digit due-date factor, counting 1000–9999 in 9000-day cycles from 2000-07-03."""
    return 1000 + (d - FACTOR_BASE).days % FACTOR_CYCLE


def factor_to_date(factor: int, today: date) -> date:
    """The date with this factor in the cycle nearest `today` (factors repeat every 9000 days)."""
    if not isinstance(factor, int) or not 1000 <= factor <= 9999:
        raise ValueError(f"factor must be between 1000 and 9999, got {factor!r}")
    first = FACTOR_BASE + timedelta(days=factor - 1000)
    cycles = round((today - first).days / FACTOR_CYCLE)
    return first + timedelta(days=cycles * FACTOR_CYCLE)


def _general_digit(barcode: str) -> int:
    """The general digit (position 5) over the other 43 digits."""
    return mod11_boleto(barcode[:4] + barcode[5:])


def _with_general_digit(body43: str) -> str:
    """Insert the general digit at position 5 of the 43 other digits."""
    return body43[:4] + str(mod11_boleto(body43)) + body43[4:]


def build_bb_barcode(
    *, amount_cents: int, due_date: date, convenio: str, nosso_numero: int, carteira: str
) -> str:
    """Banco do Brasil barcode with a 7-digit convênio: free field 000000+convênio+NN(10)+wallet."""
    if not isinstance(amount_cents, int) or isinstance(amount_cents, bool):
        raise ValueError(f"amount_cents must be an int, got {type(amount_cents).__name__}")
    if not 0 <= amount_cents <= MAX_AMOUNT_CENTS:
        raise ValueError(
            f"amount_cents must be between 0 and {MAX_AMOUNT_CENTS}, got {amount_cents}"
        )
    if not isinstance(due_date, date):
        raise ValueError(f"due_date must be a date, got {type(due_date).__name__}")
    _require_digits("convenio", convenio, 7)
    _require_digits("carteira", carteira, 2)
    if not isinstance(nosso_numero, int) or not 0 <= nosso_numero < 10**10:
        raise ValueError(f"nosso_numero must be an int of at most 10 digits, got {nosso_numero!r}")
    free_field = f"000000{convenio}{nosso_numero:010d}{carteira}"
    head = f"{BB_BANK_CODE}{CURRENCY_REAL}{due_factor(due_date):04d}{amount_cents:010d}"
    return _with_general_digit(head + free_field)


def _require_digits(name: str, value: object, length: int) -> None:
    """ValueError unless `value` is a string of exactly `length` ASCII digits."""
    if not isinstance(value, str) or len(value) != length or not is_digits(value):
        raise ValueError(f"{name} must be {length} digits, got {value!r}")


def _line_from_barcode(barcode: str) -> str:
    """Build the 47-digit line: three mod-10 fields, the general digit, factor + amount."""
    fields = (barcode[:4] + barcode[19:24], barcode[24:34], barcode[34:44])
    checked = "".join(field + str(mod10(field)) for field in fields)
    return checked + barcode[4] + barcode[5:19]


def _barcode_from_line(line: str) -> str:
    """Validate the three field digits of a 47-digit line and rebuild the barcode."""
    fields = ((0, 9), (10, 20), (21, 31))
    for number, (start, end) in enumerate(fields, start=1):
        given, expected = int(line[end]), mod10(line[start:end])
        if given != expected:
            raise InvalidCode(
                "block_digit", f"field {number} check digit is {given}, expected {expected}"
            )
    return line[:4] + line[32] + line[33:47] + line[4:9] + line[10:20] + line[21:31]


def parse(code: str, *, today: date | None = None) -> Boleto:
    """Validate any bank's 44-digit barcode or 47-digit line (separators allowed)."""
    digits = clean_digits(code)
    require_length(digits, 44, 47)
    barcode = _barcode_from_line(digits) if len(digits) == 47 else digits
    given, expected = int(barcode[4]), _general_digit(barcode)
    if given != expected:
        raise InvalidCode("general_digit", f"general check digit is {given}, expected {expected}")
    factor = int(barcode[5:9])
    return Boleto(
        barcode=barcode,
        line=_line_from_barcode(barcode),
        bank_code=barcode[:3],
        currency=barcode[3],
        due_factor=factor,
        due_date=_due_date(factor, today),
        amount_cents=int(barcode[9:19]),
        free_field=barcode[19:],
    )


def _due_date(factor: int, today: date | None) -> date | None:
    """Factor → date near `today`, or in the cycle begun 2025-02-22 without it; None below 1000."""
    if factor < 1000:
        return None
    return factor_to_date(factor, today) if today else _current_cycle_date(factor)


def _current_cycle_date(factor: int) -> date:
    """The date of `factor` in the cycle that started on 2025-02-22."""
    return CURRENT_CYCLE_START + timedelta(days=factor - 1000)


def barcode_to_line(barcode: str) -> str:
    """The 47-digit line (digits only) of a valid 44-digit boleto barcode."""
    digits = clean_digits(barcode)
    require_length(digits, 44)
    return parse(digits).line


def line_to_barcode(line: str) -> str:
    """The 44-digit barcode of a valid 47-digit boleto line."""
    digits = clean_digits(line)
    require_length(digits, 47)
    return parse(digits).barcode


def format_line(line_or_barcode: str) -> str:
    """Print as 'AAABC.CCCCX DDDDD.DDDDDY EEEEE.EEEEEZ K UUUUVVVVVVVVVV'."""
    ln = parse(line_or_barcode).line
    return f"{ln[:5]}.{ln[5:10]} {ln[10:15]}.{ln[15:21]} {ln[21:26]}.{ln[26:32]} {ln[32]} {ln[33:]}"
