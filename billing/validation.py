"""Validation of the identifiers consumers and the ERP give us: CPF/CNPJ, phone, e-mail (pure).

Shared by the import, the API, the admin page and the bot so every edge accepts and refuses
exactly the same things, with the same pt-BR explanation of what a valid value looks like.
"""

from __future__ import annotations

import re

import phonenumbers
from email_validator import EmailNotValidError, validate_email

NON_DIGITS = re.compile(r"\D")


class InvalidValue(ValueError):
    """A value a person typed or the ERP sent is not acceptable; the message says why."""


def _cpf_digits_ok(digits: str) -> bool:
    """Check the two CPF check digits (mod 11, weights 10..2 and 11..2)."""
    for size in (9, 10):
        total = sum(int(d) * w for d, w in zip(digits[:size], range(size + 1, 1, -1), strict=True))
        check = (total * 10) % 11 % 10
        if check != int(digits[size]):
            return False
    return True


def _cnpj_digits_ok(digits: str) -> bool:
    """Check the two CNPJ check digits (mod 11 with the 5..2/9..2 weights)."""
    weights = [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]
    for size in (12, 13):
        total = sum(int(d) * w for d, w in zip(digits[:size], weights[13 - size :], strict=True))
        remainder = total % 11
        check = 0 if remainder < 2 else 11 - remainder
        if check != int(digits[size]):
            return False
    return True


def normalise_document(value: str) -> str:
    """Return the CPF (11) or CNPJ (14) digits, or raise InvalidValue saying what is wrong."""
    if not isinstance(value, str):
        raise InvalidValue('CPF/CNPJ deve ser texto, por exemplo "123.456.789-09"')
    digits = NON_DIGITS.sub("", value)
    if len(digits) not in (11, 14):
        raise InvalidValue("CPF deve ter 11 dígitos e CNPJ 14 dígitos")
    if len(set(digits)) == 1:
        raise InvalidValue("CPF/CNPJ inválido")
    ok = _cpf_digits_ok(digits) if len(digits) == 11 else _cnpj_digits_ok(digits)
    if not ok:
        raise InvalidValue("CPF/CNPJ inválido: os dígitos verificadores não conferem")
    return digits


def mask_document(digits: str) -> str:
    """Mask a CPF as ***.456.789-** and a CNPJ as **.345.678/0001-**, as replies and logs show."""
    if len(digits) == 11:
        return f"***.{digits[3:6]}.{digits[6:9]}-**"
    if len(digits) == 14:
        return f"**.{digits[2:5]}.{digits[5:8]}/{digits[8:12]}-**"
    return "***"


def normalise_phone(value: str, *, mobile: bool = False) -> str:
    """Return a Brazilian number in E.164 (+55DD9XXXXXXXX); `mobile` refuses landlines."""
    if not isinstance(value, str):
        raise InvalidValue('telefone deve ser texto, por exemplo "(31) 99999-0000"')
    text = value.strip().removeprefix("whatsapp:")
    try:
        number = phonenumbers.parse(text, "BR")
    except phonenumbers.NumberParseException:
        raise InvalidValue("telefone inválido: use DDD + número, como (31) 99999-0000") from None
    if not phonenumbers.is_valid_number(number):
        raise InvalidValue("telefone inválido: use DDD + número, como (31) 99999-0000")
    if mobile and _number_type(number) not in _MOBILE_TYPES:
        raise InvalidValue("informe um celular com DDD e 9 dígitos, como (31) 99999-0000")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


_MOBILE_TYPES = {
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
}


def _number_type(number: phonenumbers.PhoneNumber) -> int:
    """The number's type as phonenumbers classifies it."""
    return phonenumbers.number_type(number)


def mask_phone(e164: str) -> str:
    """Mask a phone as +55 31 9****-0000 for replies and logs."""
    if len(e164) < 8:
        return "****"
    return f"{e164[:3]} {e164[3:5]} {e164[5]}****-{e164[-4:]}"


def normalise_email(value: str) -> str:
    """Return the normalised address (syntax only, no DNS), or raise InvalidValue."""
    if not isinstance(value, str):
        raise InvalidValue("e-mail deve ser texto, por exemplo nome@exemplo.com.br")
    try:
        result = validate_email(value.strip(), check_deliverability=False)
    except EmailNotValidError as exc:
        raise InvalidValue(f"e-mail inválido ({exc}); exemplo: nome@exemplo.com.br") from None
    return result.normalized


def mask_email(address: str) -> str:
    """Mask an e-mail as t***@teste.com for replies and logs."""
    local, _, domain = address.partition("@")
    return f"{local[:1]}***@{domain}" if domain else "***"


def mask_destination(destination: str) -> str:
    """Mask an e-mail or a phone, whichever it is, for pages, logs and audit entries."""
    return mask_email(destination) if "@" in destination else mask_phone(destination)


def normalise_contact(medium: str, value: str) -> str:
    """A recipient of `medium`: the e-mail normalised, or (SMS, WhatsApp) a mobile in E.164."""
    return normalise_email(value) if medium == "email" else normalise_phone(value, mobile=True)
