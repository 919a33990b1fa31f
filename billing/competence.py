"""The competência (billing month): stored as 'AAAA-MM', read and typed as 'MM/AAAA'."""

from __future__ import annotations

import re

REFERENCE = re.compile(r"([0-9]{4})-(0[1-9]|1[0-2])")  # as stored, imported and on the CLI
_TYPED = re.compile(r"(\d{1,2})[/.\-](\d{4})")  # as people type it: 10/2026, 1/2026, 10.2026


def month_and_year(text: str, *, iso: bool = True) -> tuple[int, str] | None:
    """(month, year) of '10/2026', '1.2026' or, with `iso`, '2026-10'; the month unchecked."""
    text = text.strip()
    if iso and (stored := REFERENCE.fullmatch(text)):
        return int(stored[2]), stored[1]
    typed = _TYPED.fullmatch(text)
    return (int(typed[1]), typed[2]) if typed else None


def parse_reference(text: str, *, iso: bool = True) -> str | None:
    """'10/2026', '1/2026' or, with `iso`, '2026-10' → '2026-10'; None when it is not one."""
    found = month_and_year(text, iso=iso)
    if found is None or not 1 <= found[0] <= 12:
        return None
    return f"{found[1]}-{found[0]:02d}"


def month_label(reference: str) -> str:
    """'2026-10' as consumers read it: '10/2026'; anything else as given."""
    year, _, month = reference.partition("-")
    return f"{month}/{year}" if year and month else reference
