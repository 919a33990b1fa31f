"""Automatic-debit files as a bank writes them (B opt-ins/outs, F results), for tests and the
benchmark: laid out field by field here, independently of billing/debit_layout.py's writer."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Option:
    """A B record: UC `uc` opted in (or out) with this agency and account."""

    uc: str
    agency: str = "1234"
    account: str = "00000123456789"
    on: date = date(2026, 11, 2)
    opt_in: bool = True


@dataclass(frozen=True)
class Result:
    """An F record: the result of the E record whose company field was `invoice_key`."""

    uc: str
    invoice_key: str
    amount_cents: int
    code: str = "00"
    on: date = date(2026, 11, 20)
    agency: str = "1234"
    account: str = "00000123456789"


def header(sequence: int = 1, bank: str = "341", day: date = date(2026, 11, 20)) -> str:
    """Record A of a return (position 2 = `2`)."""
    return (
        "A2" + "CONV123".ljust(20) + "DISTRIBUIDORA".ljust(20) + bank + "BANCO TESTE".ljust(20)
        + f"{day:%Y%m%d}" + f"{sequence:06d}" + "05" + "DEBITO AUTOMATICO" + " " * 52
    )  # fmt: skip


def b_record(o: Option) -> str:
    """One B record."""
    return (
        "B" + o.uc.ljust(25) + o.agency + o.account.ljust(14) + f"{o.on:%Y%m%d}" + " " * 97
        + ("2" if o.opt_in else "1")
    )  # fmt: skip


def f_record(r: Result) -> str:
    """One F record."""
    return (
        "F" + r.uc.ljust(25) + r.agency + r.account.ljust(14) + f"{r.on:%Y%m%d}"
        + f"{r.amount_cents:015d}" + r.code + r.invoice_key.ljust(70) + " " * 10 + "0"
    )  # fmt: skip


def build(
    options: Iterable[Option] = (),
    results: Iterable[Result] = (),
    *,
    sequence: int = 1,
    bank: str = "341",
    day: date = date(2026, 11, 20),
    extra: Iterable[str] = (),
    count: int | None = None,
    total: int | None = None,
) -> str:
    """A whole return: A, B…, F…, `extra` records, Z (overrides force a wrong trailer)."""
    results = list(results)
    records = [header(sequence, bank, day)]
    records += [b_record(o) for o in options]
    records += [f_record(r) for r in results]
    records += list(extra)
    count = len(records) + 1 if count is None else count
    total = sum(r.amount_cents for r in results) if total is None else total
    records.append(("Z" + f"{count:06d}" + f"{total:017d}").ljust(150))
    return "\r\n".join(records) + "\r\n"
