"""parse_code tells arrecadação from boleto; InvalidCode carries reason and message."""

from __future__ import annotations

import pytest

from billing.arrecadacao import Arrecadacao
from billing.boleto import Boleto
from billing.codes import parse_code
from billing.errors import InvalidCode

ENERGY = "83680000002455001382026041500000000123456789"
ENERGY_LINE = "83680000002-5 45500138202-3 60415000000-7 00123456789-7"
BOLETO = "00193373700000001000500940144816060680935031"
BOLETO_LINE = "00190.50095 40144.816069 06809.350314 3 37370000000100"


@pytest.mark.parametrize(
    ("code", "kind"),
    [(ENERGY, Arrecadacao), (ENERGY_LINE, Arrecadacao), (BOLETO, Boleto), (BOLETO_LINE, Boleto)],
)
def test_parse_code_dispatches_by_length_and_product(code: str, kind: type) -> None:
    """48 digits or 44 starting with 8 → arrecadação; 47 or other 44 → boleto."""
    assert isinstance(parse_code(code), kind)


def test_parse_code_wrong_length() -> None:
    """The message lists the three accepted lengths."""
    with pytest.raises(InvalidCode, match=r"^expected 44, 47 or 48 digits, got 46$") as caught:
        parse_code("1" * 46)
    assert caught.value.reason == "length"


def test_invalid_code_is_a_value_error_with_reason() -> None:
    """Callers may catch ValueError; reason and message are attributes."""
    error = InvalidCode("crc", "CRC is 0000, expected 0744")
    assert isinstance(error, ValueError)
    assert (error.reason, error.message, str(error)) == (
        "crc",
        "CRC is 0000, expected 0744",
        error.message,
    )
