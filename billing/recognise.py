"""What a code read off a photographed bill is: one of our invoices (by the number our
barcode, boleto or PIX txid carries, or by the NF3e access key of the DANF3e's QR code), a
valid code of someone else, or nothing we know."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from billing import arrecadacao, boleto
from billing.errors import InvalidCode
from billing.payment import CollectionParams
from billing.pix import parse_pix

_NF3E_KEY = re.compile(r"chNF3e=(\d{44})")
_TXID = re.compile(r"F\d{6}(\d{10})")


@dataclass(frozen=True)
class CodeMatch:
    """`ours` with the invoice number (our invoice id) or NF3e key, or `other`: a valid
    payment code of another company or bank account."""

    kind: Literal["ours", "other"]
    number: int | None = None
    nf3e_key: str | None = None


def recognise(text: str, params: CollectionParams) -> CodeMatch | None:
    """The meaning of one decoded symbol; None for anything that is no payment code."""
    text = text.strip()
    if (found := _NF3E_KEY.search(text)) is not None:
        return CodeMatch("ours", nf3e_key=found[1])
    if text.startswith("000201"):
        return _pix(text, params)
    if text.isdigit() and len(text) == 44:
        return _arrecadacao(text, params) if text[0] == "8" else _boleto(text, params)
    return None


def _arrecadacao(barcode: str, params: CollectionParams) -> CodeMatch | None:
    """A FEBRABAN utility barcode: ours when it carries our company code."""
    try:
        code = arrecadacao.parse(barcode)
    except InvalidCode:
        return None
    if code.company_code == params.company_code and code.document_number is not None:
        return CodeMatch("ours", number=code.document_number)
    return CodeMatch("other")


def _boleto(barcode: str, params: CollectionParams) -> CodeMatch | None:
    """A bank boleto: ours when it is our bank and convênio (Banco do Brasil layout)."""
    try:
        code = boleto.parse(barcode)
    except InvalidCode:
        return None
    free = code.free_field
    if (params.bank_convenio and code.bank_code == params.bank_code
            and free[:13] == f"000000{params.bank_convenio}"):  # fmt: skip
        return CodeMatch("ours", number=int(free[13:23]))
    return CodeMatch("other")


def _pix(payload: str, params: CollectionParams) -> CodeMatch | None:
    """A PIX copia-e-cola: ours when it pays our key with our txid layout."""
    try:
        pix = parse_pix(payload)
    except (InvalidCode, ValueError):
        return None
    found = _TXID.fullmatch(pix.txid or "")
    if pix.key == params.pix_key and params.pix_key and found is not None:
        return CodeMatch("ours", number=int(found[1]))
    return CodeMatch("other")
