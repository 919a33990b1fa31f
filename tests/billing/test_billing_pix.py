"""PIX BR Code: the two reference payloads, CRC and TLV negatives, and accent folding."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from billing.errors import InvalidCode
from billing.pix import Pix, ascii_text, build_pix, crc16, parse_pix, pix_txid

BCB_EXAMPLE = (
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR"
    "5913Fulano de Tal6008BRASILIA62070503***63041D3D"
)
WITH_AMOUNT = (
    "00020126360014br.gov.bcb.pix0114123456780001955204000053039865406245.505802BR"
    "5924DISTRIBUIDORA ENERGIA SA6014BELO HORIZONTE62190515FAT20260400012363040744"
)


def crc_ccitt_false(data: bytes) -> int:
    """Bitwise CRC-16/CCITT-FALSE, independent of binascii, to cross-check crc16()."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def test_crc_check_value() -> None:
    """CRC-16/CCITT-FALSE of '123456789' is 29B1 (the catalogue check value)."""
    assert crc16("123456789") == "29B1"
    assert crc_ccitt_false(b"123456789") == 0x29B1


def test_bcb_static_example_rebuilds_exactly() -> None:
    """Banco Central's example: no amount, txid '***', CRC 1D3D."""
    payload = build_pix(
        key="123e4567-e12b-12d1-a456-426655440000",
        merchant_name="Fulano de Tal",
        merchant_city="BRASILIA",
        amount_cents=None,
        txid=None,
    )
    assert payload == BCB_EXAMPLE
    assert parse_pix(BCB_EXAMPLE) == Pix(
        key="123e4567-e12b-12d1-a456-426655440000",
        merchant_name="Fulano de Tal",
        merchant_city="BRASILIA",
        amount_cents=None,
        txid=None,
    )


def test_example_with_amount_and_txid_rebuilds_exactly() -> None:
    """R$ 245,50 with txid FAT202604000123, CRC 0744."""
    payload = build_pix(
        key="12345678000195",
        merchant_name="DISTRIBUIDORA ENERGIA SA",
        merchant_city="BELO HORIZONTE",
        amount_cents=24550,
        txid="FAT202604000123",
    )
    assert payload == WITH_AMOUNT
    assert parse_pix(WITH_AMOUNT) == Pix(
        key="12345678000195",
        merchant_name="DISTRIBUIDORA ENERGIA SA",
        merchant_city="BELO HORIZONTE",
        amount_cents=24550,
        txid="FAT202604000123",
    )


@pytest.mark.parametrize("payload", [BCB_EXAMPLE, WITH_AMOUNT])
def test_reference_crcs_match_an_independent_implementation(payload: str) -> None:
    """The printed CRCs equal a bitwise CRC over everything up to and including '6304'."""
    assert f"{crc_ccitt_false(payload[:-4].encode()):04X}" == payload[-4:]


def test_accents_are_stripped_and_fields_truncated() -> None:
    """Name ≤ 25 and city ≤ 15 after removing accents."""
    payload = build_pix(
        key="+5531999990000",
        merchant_name="Companhia Energética de São João del-Rei",
        merchant_city="São José dos Campos",
        amount_cents=1,
        txid="F2026040000000001",
    )
    pix = parse_pix(payload)
    assert pix.merchant_name == "Companhia Energetica de S"
    assert pix.merchant_city == "Sao Jose dos Ca"
    assert (pix.amount_cents, pix.key) == (1, "+5531999990000")
    assert "54040.01" in payload


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"txid": "FAT-2026"}, "txid must be 1-25 letters or digits"),
        ({"txid": "A" * 26}, "txid must be 1-25 letters or digits"),
        ({"txid": ""}, "txid must be 1-25 letters or digits"),
        ({"key": ""}, "key must be 1-77"),
        ({"key": "x" * 78}, "key must be 1-77"),
        ({"merchant_name": "€€€"}, "merchant_name is empty"),
        ({"merchant_city": "  "}, "merchant_city is empty"),
        ({"amount_cents": 0}, "amount_cents must be between 1 and"),
        ({"amount_cents": 2.5}, "amount_cents must be an int or None"),
    ],
)
def test_build_validates_inputs(change: dict[str, object], message: str) -> None:
    """Bad inputs raise ValueError naming the field."""
    fields: dict[str, object] = {
        "key": "12345678000195",
        "merchant_name": "ENERGIA",
        "merchant_city": "BH",
        "amount_cents": 100,
        "txid": None,
    }
    with pytest.raises(ValueError, match=message):
        build_pix(**{**fields, **change})  # type: ignore[arg-type]


def failure(payload: str) -> tuple[str, str]:
    """The reason and message parse_pix raises."""
    with pytest.raises(InvalidCode) as caught:
        parse_pix(payload)
    return caught.value.reason, str(caught.value)


def test_bad_crc() -> None:
    """A changed CRC or a changed byte before it is reported with both CRCs."""
    assert failure(WITH_AMOUNT[:-4] + "0745") == ("crc", "CRC is 0745, expected 0744")
    tampered = WITH_AMOUNT.replace("245.50", "945.50")
    reason, message = failure(tampered)
    assert reason == "crc"
    assert message.startswith("CRC is 0744, expected ")


def test_truncated_tlv() -> None:
    """A payload cut inside a field names the field and the shortfall."""
    cut = WITH_AMOUNT[: WITH_AMOUNT.index("5924") + 10]
    assert failure(cut) == ("tlv", "payload: field 59 declares 24 characters, only 6 left")


def test_cut_at_a_field_boundary_has_no_crc() -> None:
    """Without field 63 the payload cannot be trusted."""
    cut = WITH_AMOUNT[: WITH_AMOUNT.index("6304")]
    assert failure(cut) == ("crc", "the payload does not end with the CRC field 63 (4 characters)")


def test_bad_field_header() -> None:
    """A non-numeric length is a structural error at its offset."""
    assert failure("00AB01")[0] == "tlv"
    assert failure("0002010")[1] == "payload: bad field header '0' at offset 6"


def sign(body: str) -> str:
    """Append '6304' and the right CRC to a hand-made body."""
    return body + "6304" + crc16(body + "6304")


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("000202", "the payload must start with field 00 = '01'"),
        ("000201" + "5303840" + "5802BR", "field 53 (currency) is '840', expected '986'"),
        ("000201" + "5303986", "missing field 58 (country)"),
        (
            "000201" + "5303986" + "5802BR" + "5901X" + "6001Y",
            "no merchant account field with GUI br.gov.bcb.pix",
        ),
        (
            "000201" + "26180014br.gov.bcb.pix" + "5303986" + "5802BR" + "5901X" + "6001Y",
            "missing field 01 (PIX key in field 26)",
        ),
        (
            "000201" + "26220014br.gov.bcb.pix0100" + "5303986" + "5404abcd" + "5802BR5901X6001Y",
            "amount field 54 is not a valid amount: 'abcd'",
        ),
    ],
)
def test_missing_or_wrong_fields(body: str, message: str) -> None:
    """Well-formed, correctly signed payloads still need the mandatory PIX fields."""
    assert failure(sign(body)) == ("field", message)


def test_surrounding_whitespace_and_lowercase_crc_are_tolerated() -> None:
    """Copy-paste adds newlines; some generators print lowercase hex."""
    lower = BCB_EXAMPLE[:-4] + BCB_EXAMPLE[-4:].lower()
    assert parse_pix(f"\n {lower} \n").merchant_city == "BRASILIA"


def test_pix_txid() -> None:
    """'F' + AAAAMM + invoice number padded to 10 digits."""
    assert pix_txid("2026-04", 123) == "F2026040000000123"
    with pytest.raises(ValueError, match="reference must be YYYY-MM"):
        pix_txid("2026-13", 1)
    with pytest.raises(ValueError, match="at most 10 digits"):
        pix_txid("2026-04", 10**10)


names = st.text(
    alphabet=st.sampled_from(list("abcdeçãõáéíóúâêôàüÁÉÇÃ ÕÚßæ€😀-.'&")), min_size=1, max_size=60
).filter(lambda text: ascii_text(text, 25) != "")


@settings(max_examples=150, deadline=None, database=None)
@given(
    name=names,
    city=names,
    amount=st.none() | st.integers(min_value=1, max_value=10**12 - 1),
    txid=st.none() | st.from_regex(r"[A-Za-z0-9]{1,25}", fullmatch=True),
)
def test_built_payloads_parse_back(
    name: str, city: str, amount: int | None, txid: str | None
) -> None:
    """Accented, long names parse back ASCII-only within limits, with a valid CRC."""
    payload = build_pix(
        key="12345678000195", merchant_name=name, merchant_city=city, amount_cents=amount, txid=txid
    )
    pix = parse_pix(payload)
    assert pix.merchant_name == ascii_text(name, 25)
    assert pix.merchant_city == ascii_text(city, 15)
    assert len(pix.merchant_name) <= 25 and len(pix.merchant_city) <= 15
    assert payload.isascii()
    assert (pix.amount_cents, pix.txid) == (amount, txid)
    assert f"{crc_ccitt_false(payload[:-4].encode()):04X}" == payload[-4:]
