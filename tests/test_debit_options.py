"""B records of a bank's return applied in file order, several about one UC in one file and
across the chunks they are read in: opt-in, opt-out, moving bank, a UC known by a new id,
an unknown UC."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from models import AuditLog, DebitEnrollment, Unit, unit_by_uc
from services.collection import debit_options
from services.collection.debit_returns import import_debit_return
from services.core.clock import local_today
from services.erp.importer import import_lines
from tests.support.debit_files import Option, build
from tests.support.importing import consumer, jsonl, unit


@pytest.fixture
def ucs(session) -> list[str]:  # type: ignore[no-untyped-def]
    """Five UCs of one titular, imported as the ERP sends them."""
    numbers = [f"77000{n}" for n in range(5)]
    lines = [jsonl(consumer()), *(jsonl(unit(uc)) for uc in numbers)]
    import_lines(session, lines, lambda n, reason: pytest.fail(f"line {n}: {reason}"))
    return numbers


def enrolment(session, uc: str) -> DebitEnrollment | None:  # type: ignore[no-untyped-def]
    """The UC's enrolment, fresh."""
    session.expire_all()
    unit = unit_by_uc(session, uc)
    return session.scalar(select(DebitEnrollment).where(DebitEnrollment.unit_id == unit.id))


@pytest.mark.parametrize("chunk", [1000, 2], ids=["one chunk", "chunks of 2"])
def test_records_about_one_uc_apply_in_file_order(session, ucs, monkeypatch, chunk) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(debit_options, "CHUNK", chunk)
    a, b, c, d, _ = ucs
    records = [
        Option(a), Option(a, opt_in=False),  # in, then out: out
        Option(b, opt_in=False), Option(b),  # out of nothing, then in: in
        Option(c, account="00000000000001"), Option(c, account="00000000000002"),  # the last
        Option("999999"),  # unknown
        Option(d),
    ]  # fmt: skip
    summary = import_debit_return(session, build(records, day=local_today()), "B.txt")
    assert (summary.opt_ins, summary.opt_outs, summary.unknown_ucs) == (5, 1, 1)
    assert not enrolment(session, a).active
    assert enrolment(session, b).active
    assert enrolment(session, c).account == "00000000000002"
    assert enrolment(session, d).active and enrolment(session, ucs[4]) is None
    assert session.scalar(select(Unit).where(Unit.uc == "999999")) is None
    assert len(session.scalars(select(DebitEnrollment)).all()) == 4  # one per UC


def test_a_uc_known_by_a_new_id_and_a_move_to_another_bank(session, ucs) -> None:  # type: ignore[no-untyped-def]
    a = ucs[0]
    import_debit_return(session, build([Option(a)], day=local_today()), "B1.txt")
    row = enrolment(session, a)
    row.company_id = "ID-NOVO-1"  # what the bank knows after a D record
    session.commit()
    moved = build([Option("ID-NOVO-1", agency="4321")], sequence=2, bank="001", day=local_today())
    assert import_debit_return(session, moved, "B2.txt").opt_ins == 1
    row = enrolment(session, a)
    assert (row.bank_code, row.agency, row.company_id) == ("001", "4321", "ID-NOVO-1")
    out_elsewhere = build([Option(a, opt_in=False)], sequence=3, day=local_today())
    assert import_debit_return(session, out_elsewhere, "B3.txt").opt_outs == 0  # not at 341
    assert enrolment(session, a).active


def erp(session, *records) -> list[str]:  # type: ignore[no-untyped-def]
    """Import these records as the ERP sends them; the errors."""
    errors: list[str] = []
    import_lines(session, [jsonl(r) for r in records], lambda n, why: errors.append(why))
    return errors


def test_the_erp_renumbering_a_uc_at_the_banks_goes_in_the_next_d_record(session, ucs) -> None:  # type: ignore[no-untyped-def]
    a, b = ucs[0], ucs[1]
    assert erp(session, unit(a, debit_id="NOVO-1")) == []  # not enrolled: nothing to tell
    import_debit_return(session, build([Option(a), Option(b)], day=local_today()), "B.txt")
    assert erp(session, unit(a, debit_id="NOVO-1")) == []
    assert enrolment(session, a).pending_company_id == "NOVO-1"
    audit = session.scalar(select(AuditLog).where(AuditLog.action == "debit.identification"))
    assert audit.actor == "erp" and audit.detail == {"old": a, "new": "NOVO-1"}
    assert erp(session, unit(a, debit_id="NOVO-1")) == []  # the same again: no second audit
    assert len(session.scalars(select(AuditLog)).all()) == 1
    taken = erp(session, unit(a, debit_id=b, address="Rua Nova, 1"))
    assert taken == [f"unit {a}: a identificação {b} já é de outra UC em débito automático"]
    session.expire_all()
    assert unit_by_uc(session, a).address != "Rua Nova, 1"  # the refused line changed nothing
    bad = erp(session, unit(b, debit_id="ação"))
    assert "debit_id 'ação' is malformed" in bad[0]
