"""Bank return file (docs/payment-codes.md): files built by build_return, parsed back strictly."""

from __future__ import annotations

from datetime import date

import pytest

from billing.arrecadacao import build_barcode
from billing.return_file import (
    CHANNEL_LABELS,
    ReturnFileError,
    ReturnHeader,
    file_identity,
    parse_return,
)
from tests.support.return_files import ReturnPaymentInput, build_return

HEADER = ReturnHeader(
    convenio="CONV123",
    company="DISTRIBUIDORA SA",
    bank_code="001",
    bank_name="BANCO DO BRASIL",
    file_date=date(2026, 11, 10),
    sequence=42,
    layout_version="05",
)
ENERGY = "83680000002455001382026041500000000123456789"  # docs/payment-codes.md
ODD = "8" * 44  # a barcode the bank reports is kept even when its check digit is wrong


def payment(number: int, amount: int = 24550, **fields: object) -> ReturnPaymentInput:
    """A payment whose barcode carries `number` as document number."""
    barcode = build_barcode(
        segment="3",
        value_id="6",
        amount_cents=amount,
        company_code="0138",
        due_date=date(2026, 11, 15),
        document_number=number,
    )
    paid_on = date(2026, 11, 9)
    return ReturnPaymentInput(barcode, amount, paid_on, **fields)  # type: ignore[arg-type]


def lines_of(text: str) -> list[str]:
    """Split a built file into lines without line endings."""
    return text.splitlines()


def error(lines: list[str] | str) -> ReturnFileError:
    """Parse and return the ReturnFileError raised."""
    with pytest.raises(ReturnFileError) as caught:
        parse_return(lines)
    return caught.value


def test_round_trip_every_field() -> None:
    """Every header, payment and trailer field comes back; the file rebuilds byte for byte."""
    payments = [
        ReturnPaymentInput(
            barcode=ENERGY,
            amount_cents=24550,
            paid_on=date(2026, 11, 9),
            credited_on=date(2026, 11, 11),
            fee_cents=123,
            credited_account="0001-9/12345-6",
            record_sequence=7,
            agency="00012345",
            channel="9",
            authentication="AUTH-XYZ-0001",
            payment_form="6",
        ),
        ReturnPaymentInput(barcode=ODD, amount_cents=100, paid_on=date(2026, 11, 10), channel="i"),
    ]
    text = build_return(HEADER, payments)
    assert all(len(line) == 150 for line in lines_of(text))
    parsed = parse_return(lines_of(text))
    assert parsed.header == HEADER
    first, second = parsed.payments
    assert first.record_number == 2
    assert first.credited_account == "0001-9/12345-6"
    assert (first.paid_on, first.credited_on) == (date(2026, 11, 9), date(2026, 11, 11))
    assert (first.barcode, first.amount_cents, first.fee_cents) == (ENERGY, 24550, 123)
    assert (first.record_sequence, first.agency) == (7, "00012345")
    assert (first.channel, first.channel_label) == ("9", "PIX")
    assert (first.authentication, first.payment_form) == ("AUTH-XYZ-0001", "6")
    assert second.record_number == 3
    assert (second.barcode, second.channel_label) == (ODD, "PIX sem fatura")
    assert second.credited_on == second.paid_on  # builder default
    assert second.record_sequence == 2  # builder default: 1-based G index
    assert (parsed.trailer.record_count, parsed.trailer.total_cents) == (4, 24650)
    assert build_return(parsed.header, parsed.payments) == text
    assert parse_return(text) == parsed  # a whole str is accepted too


def test_layout_positions() -> None:
    """Fields sit at the exact 1-based positions of the layout."""
    a, g, z = lines_of(build_return(HEADER, [payment(1, fee_cents=5, record_sequence=3)]))
    assert a[:2] == "A2" and a[42:45] == "001" and a[65:73] == "20261110"
    assert a[73:79] == "000042" and a[79:81] == "05" and a[81:98] == "CODIGO DE BARRAS "
    assert g[21:29] == "20261109" and g[37:81] == payment(1).barcode
    assert g[81:93] == "000000024550" and g[93:100] == "0000005" and g[100:108] == "00000003"
    assert z[1:7] == "000003" and z[7:24] == "00000000000024550"


def test_channel_labels() -> None:
    """Each channel code comes back with its pt-BR label."""
    codes = list("123456789abcdefghi")
    text = build_return(HEADER, [payment(n, channel=c) for n, c in enumerate(codes, start=1)])
    labels = {p.channel: p.channel_label for p in parse_return(lines_of(text)).payments}
    assert labels == CHANNEL_LABELS
    assert labels["1"] == "guichê" and labels["7"] == "lotérica" and labels["8"] == "cartão"
    assert labels["2"] == "autoatendimento/home banking" and labels["3"] == "internet/celular"
    assert labels["a"] == "guichê sem fatura" and labels["i"] == "PIX sem fatura"


def test_header_only_file() -> None:
    """A and Z with no payment is a valid (empty) return."""
    parsed = parse_return(lines_of(build_return(HEADER, [])))
    assert parsed.payments == () and parsed.trailer.record_count == 2


def test_file_identity() -> None:
    """The same bank, convênio and NSA make the same file."""
    assert file_identity(HEADER) == ("001", "CONV123", 42)


def test_crlf_and_newline_endings_accepted() -> None:
    """CRLF and LF endings are stripped; trailing blank lines after Z are ignored."""
    text = build_return(HEADER, [payment(1), payment(2)])
    crlf = text.replace("\n", "\r\n")
    expected = parse_return(lines_of(text))
    assert parse_return(crlf.splitlines(keepends=True)) == expected
    assert parse_return(text.splitlines(keepends=True)) == expected
    assert parse_return(crlf) == expected
    assert parse_return([*lines_of(text), "", ""]) == expected


def test_non_digit_amount_names_its_line() -> None:
    """A letter in a G amount rejects the file and names the line."""
    lines = lines_of(build_return(HEADER, [payment(1), payment(2), payment(3)]))
    lines[3] = lines[3][:90] + "X" + lines[3][91:]
    err = error(lines)
    assert err.line == 4
    assert str(err).startswith("line 4: amount received (positions 82-93) must be digits")


@pytest.mark.parametrize(
    ("start", "text", "field"),
    [
        (22, "20261301", "payment date"),
        (30, "2026111X", "credit date"),
        (38, "8" * 43 + " ", "barcode"),
    ],
)
def test_bad_g_fields(start: int, text: str, field: str) -> None:
    """Invalid dates and a non-digit barcode name the field and the line."""
    lines = lines_of(build_return(HEADER, [payment(1)]))
    lines[1] = lines[1][: start - 1] + text + lines[1][start - 1 + len(text) :]
    err = error(lines)
    assert err.line == 2 and field in str(err)


@pytest.mark.parametrize(("position", "char"), [(117, "0"), (117, "z"), (141, "7")])
def test_unknown_channel_or_payment_form(position: int, char: str) -> None:
    """Channel and payment form codes outside the layout are rejected with their position."""
    lines = lines_of(build_return(HEADER, [payment(1)]))
    lines[1] = lines[1][: position - 1] + char + lines[1][position:]
    err = error(lines)
    assert err.line == 2 and f"position {position}" in str(err)


@pytest.mark.parametrize("delta", [-1, 1])
def test_wrong_length_names_line_and_length(delta: int) -> None:
    """A record of 149 or 151 characters names its line and the length found."""
    lines = lines_of(build_return(HEADER, [payment(1), payment(2)]))
    lines[2] = lines[2][:149] if delta < 0 else lines[2] + " "
    err = error(lines)
    assert err.line == 3
    assert str(err) == f"line 3: record is {150 + delta} characters, expected 150"


def test_blank_line_inside_the_file() -> None:
    """A blank line between records is a 0-character record."""
    lines = lines_of(build_return(HEADER, [payment(1)]))
    err = error([lines[0], "", *lines[1:]])
    assert err.line == 2 and "0 characters" in str(err)


def test_missing_header() -> None:
    """A file that starts with a G record is rejected at line 1."""
    lines = lines_of(build_return(HEADER, [payment(1)]))
    err = error(lines[1:])
    assert err.line == 1 and "expected 'A'" in str(err)


def test_remessa_header_rejected() -> None:
    """Position 2 of the header must be '2' (retorno)."""
    lines = lines_of(build_return(HEADER, [payment(1)]))
    lines[0] = "A1" + lines[0][2:]
    err = error(lines)
    assert err.line == 1 and "retorno" in str(err)


def test_missing_trailer() -> None:
    """A file that ends after a G record names its last line."""
    lines = lines_of(build_return(HEADER, [payment(1), payment(2)]))
    err = error(lines[:-1])
    assert err.line == 3 and "Z trailer" in str(err)


def test_record_type_x() -> None:
    """An unknown record type between header and trailer names its line."""
    lines = lines_of(build_return(HEADER, [payment(1), payment(2)]))
    lines[2] = "X" + lines[2][1:]
    err = error(lines)
    assert err.line == 3 and "record type is 'X'" in str(err)


def test_second_header_and_record_after_trailer() -> None:
    """A second A is an unknown type there; anything after Z is rejected."""
    lines = lines_of(build_return(HEADER, [payment(1)]))
    assert error([lines[0], *lines]).line == 2
    after = error([*lines, lines[1]])
    assert after.line == 4 and "after the Z trailer" in str(after)


def test_wrong_trailer_count() -> None:
    """The trailer count includes A and Z; a mismatch says expected vs found."""
    text = build_return(HEADER, [payment(1), payment(2)], count_override=3)
    err = error(lines_of(text))
    assert err.line == 4
    assert "trailer record count is 3, expected 4" in str(err)


def test_wrong_trailer_total() -> None:
    """The trailer total must be the sum of the G amounts."""
    text = build_return(HEADER, [payment(1, 100), payment(2, 250)], total_override=351)
    err = error(lines_of(text))
    assert err.line == 4
    assert "trailer total is 351 centavos, expected 350" in str(err)


@pytest.mark.parametrize("empty", [[], [""], "", "\n\n"])
def test_empty_file(empty: list[str] | str) -> None:
    """No records at all is an error about the whole file."""
    err = error(empty)
    assert err.line is None and "empty" in str(err)


def test_builder_refuses_fields_that_do_not_fit() -> None:
    """The builder never produces a misaligned record."""
    with pytest.raises(ValueError, match="authentication"):
        build_return(HEADER, [payment(1, authentication="A" * 24)])
    with pytest.raises(ValueError, match="amount_cents"):
        build_return(HEADER, [ReturnPaymentInput(ENERGY, -1, date(2026, 1, 1))])


def test_hundred_thousand_records() -> None:
    """A 100,000-payment file builds and parses back correctly (linear time)."""
    paid_on = date(2026, 11, 9)
    payments = [ReturnPaymentInput(f"8{n:043d}", n % 50000 + 1, paid_on) for n in range(100_000)]
    text = build_return(HEADER, payments)
    parsed = parse_return(text.splitlines())
    assert len(parsed.payments) == 100_000
    assert parsed.trailer.record_count == 100_002
    assert parsed.trailer.total_cents == sum(p.amount_cents for p in payments)
    assert parsed.payments[-1].record_number == 100_001
    assert parsed.payments[-1].barcode == f"8{99_999:043d}"
