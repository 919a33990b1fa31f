"""Check-digit algorithms against the manual checks of docs/payment-codes.md."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from billing.checkdigits import mod10, mod11_arrecadacao, mod11_boleto, mod11_nf3e


def test_manual_checks_from_the_reference() -> None:
    """The manual checks: mod10('01230067896') = 3 and mod11('01230067896') = 0."""
    assert mod10("01230067896") == 3
    assert mod11_arrecadacao("01230067896") == 0


def test_mod10_adds_the_digits_of_each_product() -> None:
    """'9' weighted 2 is 18, which counts as 1 + 8 = 9, so the DAC is 1."""
    assert mod10("9") == 1
    assert mod10("0") == 0


@pytest.mark.parametrize(
    ("digits", "remainder"),
    [("0", 0), ("5", 10), ("6", 1), ("1", 2), ("3", 6)],
)
def test_mod11_variants_map_remainders_differently(digits: str, remainder: int) -> None:
    """Same remainder (weight 2 on a single digit), three different digit rules."""
    assert int(digits) * 2 % 11 == remainder
    arrecadacao = {0: 0, 1: 0, 10: 1}.get(remainder, 11 - remainder)
    boleto = 1 if 11 - remainder in (0, 10, 11) else 11 - remainder
    nf3e = 0 if remainder <= 1 else 11 - remainder
    assert mod11_arrecadacao(digits) == arrecadacao
    assert mod11_boleto(digits) == boleto
    assert mod11_nf3e(digits) == nf3e


@pytest.mark.parametrize("bad", ["", "12a", "１２", "1 2", "²"])
@pytest.mark.parametrize("func", [mod10, mod11_arrecadacao, mod11_boleto, mod11_nf3e])
def test_non_ascii_digits_are_refused(func: Callable[[str], int], bad: str) -> None:
    """Unicode digits and blanks never produce a check digit."""
    with pytest.raises(ValueError, match="ASCII digits"):
        func(bad)
