"""Recognise any payment code a consumer pastes: arrecadação (44/48) or bank boleto (44/47)."""

from __future__ import annotations

from datetime import date

from billing import arrecadacao, boleto
from billing._digits import clean_digits, require_length
from billing.arrecadacao import Arrecadacao
from billing.boleto import Boleto


def parse_code(code: str, *, today: date | None = None) -> Arrecadacao | Boleto:
    """Validate a barcode or line of either kind; a 44-digit code starting with 8 is arrecadação."""
    digits = clean_digits(code)
    require_length(digits, 44, 47, 48)
    if len(digits) == 48 or (len(digits) == 44 and digits[0] == arrecadacao.PRODUCT):
        return arrecadacao.parse(digits)
    return boleto.parse(digits, today=today)
