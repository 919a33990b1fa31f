"""PIX "copia e cola" (BR Code, EMV MPM): build, parse and CRC-check static payloads."""

from __future__ import annotations

import binascii
import re
import unicodedata
from dataclasses import dataclass

from billing.competence import REFERENCE
from billing.errors import InvalidCode
from billing.money import cents_to_str, parse_amount

GUI = "br.gov.bcb.pix"
MAX_KEY = 77  # 99 − len("0014br.gov.bcb.pix") − len("01NN")
MAX_NAME = 25
MAX_CITY = 15
MAX_TXID = 25
MAX_AMOUNT_CENTS = 10**12 - 1  # "9999999999.99" fills the 13 characters of field 54
_TXID = re.compile(r"[A-Za-z0-9]{1,25}")


@dataclass(frozen=True)
class Pix:
    """The fields of a static PIX payload; txid None means '***' (no identifier)."""

    key: str
    merchant_name: str
    merchant_city: str
    amount_cents: int | None
    txid: str | None


def crc16(data: str) -> str:
    """CRC-16/CCITT-FALSE of the payload as 4 uppercase hex digits."""
    return f"{binascii.crc_hqx(data.encode('utf-8'), 0xFFFF):04X}"


def _tlv(tag: str, value: str) -> str:
    """One EMV field: 2-digit id, 2-digit decimal length, value."""
    if len(value) > 99:
        raise ValueError(f"field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def ascii_text(text: str, limit: int) -> str:
    """Strip accents, drop non-ASCII and control characters, squeeze spaces, cut to `limit`."""
    decomposed = unicodedata.normalize("NFKD", text)
    kept = "".join(c for c in decomposed if c.isascii() and c.isprintable())
    return " ".join(kept.split())[:limit].rstrip()


def _clean_field(name: str, text: object, limit: int) -> str:
    """ASCII-fold a name or city; ValueError when nothing printable is left."""
    if not isinstance(text, str):
        raise ValueError(f"{name} must be a string, got {type(text).__name__}")
    cleaned = ascii_text(text, limit)
    if not cleaned:
        raise ValueError(f"{name} is empty after removing accents and symbols: {text!r}")
    return cleaned


def _check_key(key: object) -> str:
    """A PIX key: 1–77 printable ASCII characters (CPF/CNPJ, e-mail, phone or random key)."""
    if not isinstance(key, str):
        raise ValueError(f"key must be a string, got {type(key).__name__}")
    key = key.strip()
    if not key or len(key) > MAX_KEY or not (key.isascii() and key.isprintable()):
        raise ValueError(f"key must be 1-{MAX_KEY} printable ASCII characters, got {key!r}")
    return key


def _amount_field(amount_cents: int | None) -> str:
    """Field 54 for a positive amount, or nothing when the payer types the amount."""
    if amount_cents is None:
        return ""
    if not isinstance(amount_cents, int) or isinstance(amount_cents, bool):
        raise ValueError(f"amount_cents must be an int or None, got {type(amount_cents).__name__}")
    if not 0 < amount_cents <= MAX_AMOUNT_CENTS:
        raise ValueError(
            f"amount_cents must be between 1 and {MAX_AMOUNT_CENTS}, got {amount_cents}"
        )
    return _tlv("54", cents_to_str(amount_cents))


def build_pix(
    *,
    key: str,
    merchant_name: str,
    merchant_city: str,
    amount_cents: int | None,
    txid: str | None,
) -> str:
    """The static BR Code payload with its CRC; name/city are ASCII-folded and truncated."""
    if txid is not None and not (isinstance(txid, str) and _TXID.fullmatch(txid)):
        raise ValueError(f"txid must be 1-{MAX_TXID} letters or digits, got {txid!r}")
    account = _tlv("00", GUI) + _tlv("01", _check_key(key))
    body = (
        _tlv("00", "01")
        + _tlv("26", account)
        + _tlv("52", "0000")
        + _tlv("53", "986")
        + _amount_field(amount_cents)
        + _tlv("58", "BR")
        + _tlv("59", _clean_field("merchant_name", merchant_name, MAX_NAME))
        + _tlv("60", _clean_field("merchant_city", merchant_city, MAX_CITY))
        + _tlv("62", _tlv("05", txid or "***"))
        + "6304"
    )
    return body + crc16(body)


def pix_txid(reference: str, number: int) -> str:
    """Our txid: 'F' + competência without '-' (AAAAMM) + invoice number padded to 10 digits."""
    if not isinstance(reference, str) or not REFERENCE.fullmatch(reference):
        raise ValueError(f"reference must be YYYY-MM, got {reference!r}")
    if not isinstance(number, int) or isinstance(number, bool) or not 0 <= number < 10**10:
        raise ValueError(f"number must be an int of at most 10 digits, got {number!r}")
    return f"F{reference.replace('-', '')}{number:010d}"


def split_tlv(data: str, where: str = "payload") -> list[tuple[str, str]]:
    """Split EMV fields, raising InvalidCode('tlv') with the offending id and offset."""
    fields, pos = [], 0
    while pos < len(data):
        head = data[pos : pos + 4]
        if len(head) < 4 or not (head.isascii() and head.isdigit()):
            raise InvalidCode("tlv", f"{where}: bad field header {head!r} at offset {pos}")
        tag, size = head[:2], int(head[2:])
        value = data[pos + 4 : pos + 4 + size]
        if len(value) < size:
            raise InvalidCode(
                "tlv", f"{where}: field {tag} declares {size} characters, only {len(value)} left"
            )
        fields.append((tag, value))
        pos += 4 + size
    return fields


def _check_crc(payload: str, fields: list[tuple[str, str]]) -> None:
    """The last field must be 63 with 4 hex digits equal to the CRC of everything before them."""
    if not fields or fields[-1][0] != "63" or len(fields[-1][1]) != 4:
        raise InvalidCode("crc", "the payload does not end with the CRC field 63 (4 characters)")
    given, expected = fields[-1][1].upper(), crc16(payload[:-4])
    if given != expected:
        raise InvalidCode("crc", f"CRC is {given}, expected {expected}")


def _required(fields: dict[str, str], tag: str, label: str) -> str:
    """The value of a mandatory field, or InvalidCode('field')."""
    if tag not in fields:
        raise InvalidCode("field", f"missing field {tag} ({label})")
    return fields[tag]


def _merchant_key(fields: dict[str, str]) -> str:
    """The PIX key from the first merchant account template (26–51) whose GUI is PIX."""
    for tag in (f"{n:02d}" for n in range(26, 52)):
        if tag in fields:
            account = dict(split_tlv(fields[tag], f"field {tag}"))
            if account.get("00", "").lower() == GUI:
                return _required(account, "01", f"PIX key in field {tag}")
    raise InvalidCode("field", f"no merchant account field with GUI {GUI}")


def _amount(fields: dict[str, str]) -> int | None:
    """Field 54 in centavos, or None when absent."""
    if "54" not in fields:
        return None
    try:
        return parse_amount(fields["54"])
    except ValueError:
        raise InvalidCode(
            "field", f"amount field 54 is not a valid amount: {fields['54']!r}"
        ) from None


def _txid(fields: dict[str, str]) -> str | None:
    """Field 62/05, with '***' (or absence) meaning no transaction id."""
    extra = dict(split_tlv(fields.get("62", ""), "field 62"))
    txid = extra.get("05", "***")
    return None if txid == "***" else txid


def _expect(fields: dict[str, str], tag: str, value: str, label: str) -> None:
    """A fixed-value field must hold exactly `value`."""
    got = _required(fields, tag, label)
    if got != value:
        raise InvalidCode("field", f"field {tag} ({label}) is {got!r}, expected {value!r}")


def parse_pix(payload: str) -> Pix:
    """Validate a BR Code payload (TLV structure, CRC, mandatory fields) and read it."""
    if not isinstance(payload, str):
        raise InvalidCode("tlv", f"expected a string, got {type(payload).__name__}")
    payload = payload.strip()
    pairs = split_tlv(payload)
    _check_crc(payload, pairs)
    if pairs[0] != ("00", "01"):
        raise InvalidCode("field", "the payload must start with field 00 = '01'")
    fields = dict(pairs)
    _expect(fields, "53", "986", "currency")
    _expect(fields, "58", "BR", "country")
    return Pix(
        key=_merchant_key(fields),
        merchant_name=_required(fields, "59", "merchant name"),
        merchant_city=_required(fields, "60", "merchant city"),
        amount_cents=_amount(fields),
        txid=_txid(fields),
    )
