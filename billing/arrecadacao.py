"""FEBRABAN arrecadação (utility bill) barcode: 44-digit barcode and 48-digit linha digitável."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from billing._digits import clean_digits, is_digits, require_length
from billing.checkdigits import mod10, mod11_arrecadacao
from billing.errors import InvalidCode

PRODUCT = "8"
SEGMENTS = frozenset("123456789")
VALUE_IDS = frozenset("6789")
AMOUNT_VALUE_IDS = frozenset("68")
MAX_AMOUNT_CENTS = 10**11 - 1
MAX_DOCUMENT_NUMBER = 10**17 - 1
NO_DUE_DATE = "00000000"


@dataclass(frozen=True)
class Arrecadacao:
    """A validated arrecadação code split into its fields (this project's free-field layout)."""

    barcode: str
    line: str
    segment: str
    value_id: str
    amount_cents: int | None
    company_code: str
    free_field: str
    due_date: date | None
    document_number: int | None
    reference_value: int | None = None


def check_digit_function(value_id: str) -> Callable[[str], int]:
    """Pick mod 10 for value identifiers 6/7 and mod 11 for 8/9."""
    if value_id not in VALUE_IDS:
        raise InvalidCode("field", f"value identifier is {value_id!r}, expected 6, 7, 8 or 9")
    return mod10 if value_id in "67" else mod11_arrecadacao


def _general_digit(barcode: str) -> int:
    """The general digit (position 4) computed over the other 43 digits."""
    return check_digit_function(barcode[2])(barcode[:3] + barcode[4:])


def _check_int(name: str, value: object, maximum: int) -> int:
    """Accept a real int (not bool) between 0 and `maximum`, else ValueError."""
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError(f"{name} must be an int, got {type(value).__name__}")
    if not 0 <= value <= maximum:
        raise ValueError(f"{name} must be between 0 and {maximum}, got {value}")
    return value


def _check_digits(name: str, value: object, length: int) -> str:
    """Accept a string of exactly `length` ASCII digits, else ValueError."""
    if not isinstance(value, str) or len(value) != length or not is_digits(value):
        raise ValueError(f"{name} must be {length} digits, got {value!r}")
    return value


def build_barcode(
    *,
    segment: str,
    value_id: str,
    amount_cents: int,
    company_code: str,
    due_date: date | None,
    document_number: int,
) -> str:
    """Build the 44-digit barcode; free field = due date AAAAMMDD (or zeros) + 17-digit number."""
    if segment not in SEGMENTS or len(segment) != 1:
        raise ValueError(f"segment must be one digit 1-9, got {segment!r}")
    if value_id not in VALUE_IDS or len(value_id) != 1:
        raise ValueError(f"value_id must be 6, 7, 8 or 9, got {value_id!r}")
    amount = _check_int("amount_cents", amount_cents, MAX_AMOUNT_CENTS)
    company = _check_digits("company_code", company_code, 4)
    number = _check_int("document_number", document_number, MAX_DOCUMENT_NUMBER)
    if due_date is not None and not isinstance(due_date, date):
        raise ValueError(f"due_date must be a date or None, got {type(due_date).__name__}")
    when = due_date.strftime("%Y%m%d") if due_date else NO_DUE_DATE
    body = f"{PRODUCT}{segment}{value_id}{amount:011d}{company}{when}{number:017d}"
    digit = check_digit_function(value_id)(body)
    return body[:3] + str(digit) + body[3:]


def _line_from_barcode(barcode: str) -> str:
    """Append each 11-digit block's own check digit (no validation)."""
    digit_of = check_digit_function(barcode[2])
    blocks = (barcode[i : i + 11] for i in range(0, 44, 11))
    return "".join(block + str(digit_of(block)) for block in blocks)


def _check_line_blocks(line: str) -> str:
    """Validate the four block digits of a 48-digit line and return the 44-digit barcode."""
    digit_of = check_digit_function(line[2])
    blocks = []
    for number, start in enumerate(range(0, 48, 12), start=1):
        block, given = line[start : start + 11], int(line[start + 11])
        expected = digit_of(block)
        if given != expected:
            raise InvalidCode(
                "block_digit", f"block {number} check digit is {given}, expected {expected}"
            )
        blocks.append(block)
    return "".join(blocks)


def _parse_due_date(free_field: str) -> date | None:
    """Read AAAAMMDD from the free field; None when it is not a calendar date."""
    text = free_field[:8]
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:8]))
    except ValueError:
        return None


def _check_header(digits: str) -> None:
    """Validate product and value identifier before any check digit is computed."""
    if digits[0] != PRODUCT:
        raise InvalidCode("field", f"product identifier is {digits[0]}, expected {PRODUCT}")
    check_digit_function(digits[2])


def parse(code: str) -> Arrecadacao:
    """Validate a 44-digit barcode or 48-digit line (separators allowed) and split its fields."""
    digits = clean_digits(code)
    require_length(digits, 44, 48)
    _check_header(digits)
    barcode = _check_line_blocks(digits) if len(digits) == 48 else digits
    given, expected = int(barcode[3]), _general_digit(barcode)
    if given != expected:
        raise InvalidCode("general_digit", f"general check digit is {given}, expected {expected}")
    return _fields(barcode)


def _fields(barcode: str) -> Arrecadacao:
    """Split a validated barcode into an Arrecadacao."""
    value_id, value = barcode[2], int(barcode[4:15])
    free_field = barcode[19:]
    due = _parse_due_date(free_field)
    ours = due is not None or free_field[:8] == NO_DUE_DATE
    by_amount = value_id in AMOUNT_VALUE_IDS
    return Arrecadacao(
        barcode=barcode,
        line=_line_from_barcode(barcode),
        segment=barcode[1],
        value_id=value_id,
        amount_cents=value if by_amount else None,
        company_code=barcode[15:19],
        free_field=free_field,
        due_date=due,
        document_number=int(free_field[8:]) if ours else None,
        reference_value=None if by_amount else value,
    )


def barcode_to_line(barcode: str) -> str:
    """The 48-digit linha digitável (digits only) of a valid 44-digit barcode."""
    digits = clean_digits(barcode)
    require_length(digits, 44)
    return parse(digits).line


def line_to_barcode(line: str) -> str:
    """The 44-digit barcode of a valid 48-digit linha digitável."""
    digits = clean_digits(line)
    require_length(digits, 48)
    return parse(digits).barcode


def format_line(line_or_barcode: str) -> str:
    """Print a valid code as 'NNNNNNNNNNN-D NNNNNNNNNNN-D NNNNNNNNNNN-D NNNNNNNNNNN-D'."""
    line = parse(line_or_barcode).line
    return " ".join(f"{line[i : i + 11]}-{line[i + 11]}" for i in range(0, 48, 12))
