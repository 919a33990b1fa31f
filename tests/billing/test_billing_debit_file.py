"""Automatic-debit files (docs/payment-codes.md#automatic-debit-file): generated records against
hand-built expected records, bank returns read back, bad files rejected whole."""

from __future__ import annotations

from datetime import date

import pytest

from billing.debit_file import parse_debit_file
from billing.debit_layout import (
    DebitFileError,
    DebitHeader,
    DebitRequest,
    IdChange,
    reason,
    write_lines,
)
from tests.support.debit_files import Option, Result, build, f_record

HEADER = DebitHeader(
    remessa_code="1",
    convenio="CONV123",
    company="Distribuidora São Jo",
    bank_code="341",
    bank_name="ITAU",
    file_date=date(2026, 11, 15),
    sequence=7,
)
REQUEST = DebitRequest(
    company_id="131030",
    agency="0123",
    account="98765X",
    due_date=date(2026, 11, 20),
    amount_cents=24550,
    company_field="F-131030-2026-10",
)


def written(changes=(), requests=(REQUEST,)) -> list[str]:  # type: ignore[no-untyped-def]
    """The generated file's records, CRLF checked and removed."""
    lines = list(write_lines(HEADER, changes, requests))
    assert all(line.endswith("\r\n") and len(line) == 152 for line in lines)
    return [line[:-2] for line in lines]


def test_header_fields_sit_at_their_positions() -> None:
    a = written()[0]
    expected = (
        "A1" + "CONV123             " + "Distribuidora Sao Jo" + "341"
        + "ITAU                " + "20261115" + "000007" + "05" + "DEBITO AUTOMATICO" + " " * 52
    )  # fmt: skip
    assert a == expected
    assert a[0] == "A" and a[1] == "1" and a[42:45] == "341" and a[73:79] == "000007"
    assert a[81:98] == "DEBITO AUTOMATICO"


def test_e_record_pads_ids_amount_due_date_and_currency() -> None:
    e = written()[1]
    expected = (
        "E" + "131030" + " " * 19 + "0123" + "98765X" + " " * 8 + "20261120"
        + "000000000024550" + "03" + "F-131030-2026-10" + " " * 44 + " " * 20 + "0"
    )  # fmt: skip
    assert e == expected
    assert e[44:52] == "20261120" and e[52:67] == "000000000024550" and e[67:69] == "03"
    assert e[69:129].rstrip() == "F-131030-2026-10" and e[149] == "0"


def test_d_record_carries_previous_and_new_ids() -> None:
    change = IdChange("131030", "123", "555", "9131030", "UC RENUMERADA")
    d = written(changes=[change])[1]
    expected = (
        "D" + "131030".ljust(25) + "0123" + "555".ljust(14) + "9131030".ljust(25)
        + "UC RENUMERADA".ljust(60) + " " * 20 + "0"
    )  # fmt: skip
    assert d == expected


def test_trailer_counts_a_and_z_and_totals_the_debits() -> None:
    second = DebitRequest("131031", "1", "2", date(2026, 11, 21), 100001, "F-2")
    records = written(changes=[IdChange("a", "1", "2", "b")], requests=[REQUEST, second])
    z = records[-1]
    assert z == "Z" + "000005" + "00000000000124551" + " " * 126
    assert [r[0] for r in records] == ["A", "D", "E", "E", "Z"]


def test_the_generated_file_reads_back() -> None:
    text = "".join(write_lines(HEADER, [IdChange("1", "1", "2", "3")], [REQUEST]))
    parsed = parse_debit_file(text, expect="1")
    assert parsed.requests[0].amount_cents == 24550
    assert parsed.requests[0].company_field == "F-131030-2026-10"
    assert parsed.changes[0].new_id == "3" and parsed.header.sequence == 7


def test_values_that_do_not_fit_are_refused_not_cut() -> None:
    too_big = DebitRequest("1", "1", "1", date(2026, 1, 1), 10**15, "x")
    with pytest.raises(ValueError, match="amount"):
        list(write_lines(HEADER, [], [too_big]))
    with pytest.raises(ValueError, match="company id"):
        list(write_lines(HEADER, [], [DebitRequest("9" * 26, "1", "1", date.today(), 1, "x")]))
    with pytest.raises(ValueError, match="agency"):
        list(write_lines(HEADER, [], [DebitRequest("1", "12a", "1", date.today(), 1, "x")]))


def test_a_bank_return_with_options_results_and_kept_records_is_read() -> None:
    j = "J" + "CONFIRMACAO".ljust(149)
    text = build(
        [Option("131030"), Option("131031", opt_in=False)],
        [Result("131030", "F-1", 24550), Result("131030", "F-2", 100, code="01")],
        extra=[j],
    )
    parsed = parse_debit_file(text)
    assert [o.opt_in for o in parsed.options] == [True, False]
    assert parsed.options[0].account == "00000123456789" and parsed.options[0].agency == "1234"
    assert [(r.company_field, r.debited) for r in parsed.results] == [("F-1", True), ("F-2", False)]
    assert parsed.others[0].kind == "J" and parsed.total_cents == 24650


def test_return_codes_read_as_plain_words_and_unknown_ones_keep_their_number() -> None:
    assert reason("01") == "não havia saldo suficiente na conta"
    assert reason("77") == "o banco recusou o débito (código 77)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (build([Option("1")], count=4), "record count is 4, expected 3"),
        (build(results=[Result("1", "F", 10)], total=11), "trailer total is 11"),
        (build([Option("1")]).replace("\r\nZ", "\r\n\r\nZ"), "line 3: record is 0"),
        (build([Option("1")]).rsplit("Z", 1)[0], "without a Z trailer"),
        (build(extra=["Q".ljust(150)]), "line 2: record type 'Q' is not expected"),
        (build(extra=["E".ljust(150)]), "record type 'E' is not expected"),
        (build(extra=["B" + " " * 148]), "line 2: record is 149 characters"),
        (build([Option("1", agency="12a4")]), "line 2: agency"),
        (build([Option("1")]).replace("20261102", "20261302"), "option date"),
        (build([Option("1")]).replace(" 2\r\nZ", " 7\r\nZ"), "movement code"),
        (build([Option("1")]).replace("A2", "A1", 1), "position 2 must be '2'"),
        (build() + "A2".ljust(150), "record after the Z trailer"),
        ("B".ljust(150), "expected 'A'"),
    ],
)
def test_bad_files_are_rejected_whole_with_the_line(text: str, message: str) -> None:
    with pytest.raises(DebitFileError, match=message):
        parse_debit_file(text)


def test_a_non_digit_amount_is_refused() -> None:
    record = f_record(Result("1", "F", 10))
    broken = record[:52] + "00000000000001O" + record[67:]
    with pytest.raises(DebitFileError, match="amount"):
        parse_debit_file(build(extra=[broken], total=0))


@pytest.mark.parametrize(
    ("start", "bad", "field"),
    [(26, "12a4", "agency"), (67, "٠١", "return code"), (52, " " * 15, "amount")],
)
def test_a_non_digit_number_of_an_f_record_is_named(start: int, bad: str, field: str) -> None:
    """Arabic-Indic digits are digits to Python, not to the layout."""
    record = f_record(Result("1", "F", 10))
    broken = record[:start] + bad + record[start + len(bad) :]
    with pytest.raises(DebitFileError, match=f"line 2: {field}"):
        parse_debit_file(build(extra=[broken], total=0))
