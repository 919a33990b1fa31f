"""FEBRABAN CNAB 150 "Débito Automático": a strict reader of whole files.

A bank's return (A position 2 = `2`) carries B (opt-in/out) and F (debit results); a company's
remessa (`1`) carries D and E, read back so tests and staff can check a generated file. C, H,
J and X are records a bank's own manual may add: kept and reported, never acted on. Any other
record type, a record in the wrong direction, a length other than 150, a bad field or a
trailer that does not match rejects the whole file with the line number. Blank lines after
the Z record are ignored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date

from billing.debit_layout import (
    OPT_IN,
    OPT_OUT,
    RECORD_LENGTH,
    REMESSA,
    RETORNO,
    DebitFile,
    DebitFileError,
    DebitHeader,
    DebitRequest,
    DebitResult,
    IdChange,
    OptionRecord,
    OtherRecord,
)

KEPT_KINDS = frozenset("CHJX")
DETAIL_KINDS = {RETORNO: frozenset("BF") | KEPT_KINDS, REMESSA: frozenset("DE")}


class _Reader:
    """Field access for one record, with the line number for errors and a date cache."""

    def __init__(self) -> None:
        """Start with an empty date cache."""
        self.days: dict[str, date] = {}
        self.record = ""
        self.line = 0

    def digits(self, start: int, end: int, name: str) -> str:
        """Positions start–end (1-based, inclusive) as ASCII digits."""
        value = self.record[start - 1 : end]
        if not (value.isascii() and value.isdigit()):
            message = f"{name} (positions {start}-{end}) must be digits, got {value!r}"
            raise DebitFileError(self.line, message)
        return value

    def text(self, start: int, end: int) -> str:
        """A text field without its trailing blanks."""
        return self.record[start - 1 : end].rstrip()

    def day(self, start: int, name: str) -> date:
        """An AAAAMMDD date at `start`."""
        value = self.record[start - 1 : start + 7]
        found = self.days.get(value)
        if found is None:
            self.digits(start, start + 7, name)
            try:
                found = self.days[value] = date(int(value[:4]), int(value[4:6]), int(value[6:]))
            except ValueError:
                message = f"{name} (positions {start}-{start + 7}) is not a date: {value!r}"
                raise DebitFileError(self.line, message) from None
        return found

    def movement(self, allowed: str) -> str:
        """Position 150, one of `allowed`."""
        value = self.record[149]
        if value not in allowed:
            message = f"movement code (position 150) is {value!r}, expected one of {allowed!r}"
            raise DebitFileError(self.line, message)
        return value


def _header(r: _Reader) -> DebitHeader:
    """Record A."""
    code = r.record[1]
    if code not in (REMESSA, RETORNO):
        raise DebitFileError(r.line, f"header position 2 is {code!r}, expected '1' or '2'")
    return DebitHeader(
        remessa_code=code,
        convenio=r.text(3, 22),
        company=r.text(23, 42),
        bank_code=r.digits(43, 45, "bank code"),
        bank_name=r.text(46, 65),
        file_date=r.day(66, "generation date"),
        sequence=int(r.digits(74, 79, "file sequence (NSA)")),
        layout_version=r.digits(80, 81, "layout version"),
    )


def _option(r: _Reader) -> OptionRecord:
    """Record B."""
    return OptionRecord(
        line=r.line,
        company_id=r.text(2, 26),
        agency=r.digits(27, 30, "agency"),
        account=r.text(31, 44),
        option_date=r.day(45, "option date"),
        movement=r.movement(OPT_OUT + OPT_IN),
    )


def _result(r: _Reader) -> DebitResult:
    """Record F: its numeric fields checked at once (a return has 100,000 of them); when one
    is not digits, reading them one by one names it."""
    record = r.record
    numbers = record[26:30] + record[52:69]  # agency, amount, return code
    if not (numbers.isascii() and numbers.isdigit()):
        r.digits(27, 30, "agency"), r.digits(53, 67, "amount"), r.digits(68, 69, "return code")
    return DebitResult(
        line=r.line,
        company_id=record[1:26].rstrip(),
        agency=record[26:30],
        account=record[30:44].rstrip(),
        debit_date=r.day(45, "debit date"),
        amount_cents=int(record[52:67]),
        return_code=record[67:69],
        company_field=record[69:139].rstrip(),
        movement=r.movement("0123456789"),
    )


def _change(r: _Reader) -> IdChange:
    """Record D."""
    return IdChange(
        previous_id=r.text(2, 26),
        agency=r.digits(27, 30, "agency"),
        account=r.text(31, 44),
        new_id=r.text(45, 69),
        occurrence=r.text(70, 129),
        movement=r.movement("01"),
        line=r.line,
    )


def _request(r: _Reader) -> DebitRequest:
    """Record E."""
    if r.record[67:69] != "03":
        raise DebitFileError(r.line, f"currency (68-69) is {r.record[67:69]!r}, expected '03'")
    return DebitRequest(
        company_id=r.text(2, 26),
        agency=r.digits(27, 30, "agency"),
        account=r.text(31, 44),
        due_date=r.day(45, "due date"),
        amount_cents=int(r.digits(53, 67, "amount")),
        company_field=r.text(70, 129),
        movement=r.movement("01"),
        line=r.line,
    )


_PARSERS: dict[str, Callable[[_Reader], object]] = {
    "B": _option,
    "F": _result,
    "D": _change,
    "E": _request,
}


def _records(lines: Iterable[str] | str) -> Iterable[tuple[int, str]]:
    """(line number, record without its line ending); blank lines only at the end."""
    if isinstance(lines, str):
        lines = lines.replace("\r\n", "\n").split("\n")
    blank: int | None = None
    for number, raw in enumerate(lines, start=1):
        record = raw.rstrip("\r\n")
        if not record:
            blank = number if blank is None else blank
            continue
        if blank is not None:
            raise DebitFileError(blank, f"record is 0 characters, expected {RECORD_LENGTH}")
        if len(record) != RECORD_LENGTH:
            message = f"record is {len(record)} characters, expected {RECORD_LENGTH}"
            raise DebitFileError(number, message)
        yield number, record


def parse_debit_file(lines: Iterable[str] | str, expect: str | None = RETORNO) -> DebitFile:
    """Parse a whole file strictly (one str, or lines); `expect` is the A position-2 code."""
    r = _Reader()
    header: DebitHeader | None = None
    trailer: tuple[int, int] | None = None
    found: dict[str, list] = {kind: [] for kind in "BDEF"}
    others: list[OtherRecord] = []
    total = 0
    for r.line, r.record in _records(lines):
        kind = r.record[0]
        if trailer is not None:
            raise DebitFileError(r.line, "record after the Z trailer")
        if header is None:
            if kind != "A":
                raise DebitFileError(r.line, f"record type is {kind!r}, expected 'A' (header)")
            header = _header(r)
            if expect is not None and header.remessa_code != expect:
                raise DebitFileError(r.line, f"header position 2 must be {expect!r} here")
        elif kind == "Z":
            trailer = (int(r.digits(2, 7, "record count")), int(r.digits(8, 24, "total")))
        elif kind not in DETAIL_KINDS[header.remessa_code]:
            allowed = ", ".join(sorted(DETAIL_KINDS[header.remessa_code]))
            raise DebitFileError(r.line, f"record type {kind!r} is not expected ({allowed}, Z)")
        elif kind in KEPT_KINDS:
            others.append(OtherRecord(r.line, kind, r.record))
        else:
            record = _PARSERS[kind](r)
            found[kind].append(record)
            total += getattr(record, "amount_cents", 0)
    return _whole(header, trailer, found, others, total, r.line)


def _whole(
    header: DebitHeader | None,
    trailer: tuple[int, int] | None,
    found: dict[str, list],
    others: list[OtherRecord],
    total: int,
    last: int,
) -> DebitFile:
    """Check the trailer against what was read; build the file."""
    if header is None:
        raise DebitFileError(None, "the file is empty: no records")
    if trailer is None:
        raise DebitFileError(last, "the file ends without a Z trailer record")
    count = 2 + len(others) + sum(len(records) for records in found.values())
    if trailer[0] != count:
        message = f"trailer record count is {trailer[0]}, expected {count} (A and Z included)"
        raise DebitFileError(last, message)
    if trailer[1] != total:
        message = f"trailer total is {trailer[1]} centavos, expected {total} (sum of the details)"
        raise DebitFileError(last, message)
    return DebitFile(
        header=header,
        options=tuple(found["B"]),
        changes=tuple(found["D"]),
        requests=tuple(found["E"]),
        results=tuple(found["F"]),
        others=tuple(others),
        record_count=count,
        total_cents=total,
    )
