"""NF3e access key: the real key of docs/payment-codes.md and its negatives."""

from __future__ import annotations

import pytest

from billing.errors import InvalidCode
from billing.nf3e import check_digit, consultation_url, format_access_key, validate_access_key

KEY = "35251202302100000106660000065543841048823644"


def test_real_key_check_digit_is_4() -> None:
    """The reference key's DV is 4."""
    assert check_digit(KEY[:43]) == 4
    assert validate_access_key(KEY) == KEY


def test_format_and_spaces_round_trip() -> None:
    """Groups of four; a spaced key validates back to the digits."""
    printed = format_access_key(KEY)
    assert printed == "3525 1202 3021 0000 0106 6600 0006 5543 8410 4882 3644"
    assert validate_access_key(printed) == KEY


def test_consultation_url() -> None:
    """`<portal>?chNF3e=<key>&tpAmb=1`, or '&' when the portal already has a query."""
    portal = "https://portal.example/nf3e/qrcode"
    assert consultation_url(portal, KEY) == f"{portal}?chNF3e={KEY}&tpAmb=1"
    assert consultation_url(portal + "?a=1", KEY) == f"{portal}?a=1&chNF3e={KEY}&tpAmb=1"


def failure(key: str) -> tuple[str, str]:
    """The reason and message validate_access_key raises."""
    with pytest.raises(InvalidCode) as caught:
        validate_access_key(key)
    return caught.value.reason, str(caught.value)


def test_wrong_check_digit() -> None:
    """DV 5 instead of 4."""
    assert failure(KEY[:43] + "5") == ("general_digit", "access key check digit is 5, expected 4")


def test_wrong_length_and_characters() -> None:
    """43 digits, a letter and dashes are refused."""
    assert failure(KEY[:43]) == ("length", "expected 44 digits, got 43")
    assert failure(KEY[:10] + "A" + KEY[11:])[0] == "not_digits"
    assert failure(KEY[:10] + "-" + KEY[10:])[0] == "not_digits"


def test_wrong_model() -> None:
    """An NF-e key (model 55) is not an NF3e key."""
    other = KEY[:20] + "55" + KEY[22:43]
    key = other + str(check_digit(other))
    assert failure(key) == ("field", "model (positions 21-22) is 55, expected 66")


def test_every_single_digit_change_is_rejected() -> None:
    """This key's DV is neither 0 nor 1-colliding, so every single change is caught."""
    for index, original in enumerate(KEY):
        for digit in "0123456789".replace(original, ""):
            with pytest.raises(InvalidCode):
                validate_access_key(KEY[:index] + digit + KEY[index + 1 :])
