"""The parameters: name, type, default, validation, admin label and group.

docs/interfaces.md#settings shows them in a table that docs/gen_settings.py writes from SPECS.
Names of ours beyond the first promise: `bank_convenio` (7-digit convênio) and `bank_wallet`
(carteira), which a Banco do Brasil boleto needs, and `payment_confirmation_enabled` (a
WhatsApp message to enrolled numbers when the bank reports an invoice paid), and the
contact channels of the invoice e-mail's footer (`contact_phone`, `contact_url`).

The retention settings (group "Privacidade (LGPD)") say how many days `fatura purge` keeps
each kind of personal data; services.privacy.retention says exactly what each one governs.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from billing.validation import InvalidValue, normalise_document

Parser = Callable[[Any], Any]


@dataclass(frozen=True)
class SettingSpec:
    """One parameter: its default, how a new value is checked, and how staff see it."""

    name: str
    default: Any
    parse: Parser
    label: str
    group: str
    kind: str


def boolean(value: Any) -> bool:
    """Accept JSON true/false only."""
    if not isinstance(value, bool):
        raise InvalidValue("deve ser true ou false")
    return value


def integer(low: int, high: int) -> Parser:
    """Accept a JSON whole number within [low, high]."""

    def parse(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidValue(f"deve ser um número inteiro de {low} a {high}")
        if not low <= value <= high:
            raise InvalidValue(f"deve estar entre {low} e {high}")
        return value

    return parse


def digits(size: int, *, optional: bool = False) -> Parser:
    """Accept a string of exactly `size` digits (or empty when optional)."""

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidValue(f'deve ser texto com {size} dígitos, como "{"0" * size}"')
        if optional and value == "":
            return value
        if not re.fullmatch(rf"\d{{{size}}}", value):
            raise InvalidValue(f"deve ter exatamente {size} dígitos")
        return value

    return parse


def choice(*values: str) -> Parser:
    """Accept one of the given strings."""

    def parse(value: Any) -> str:
        if value not in values:
            raise InvalidValue("deve ser um de: " + ", ".join(values))
        return value

    return parse


def text(max_length: int, pattern: str | None = None, hint: str = "") -> Parser:
    """Accept a string up to `max_length`, optionally matching `pattern` (empty always allowed)."""

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidValue("deve ser texto")
        value = value.strip()
        if len(value) > max_length:
            raise InvalidValue(f"deve ter no máximo {max_length} caracteres")
        if value and pattern and not re.fullmatch(pattern, value):
            raise InvalidValue(hint or "formato inválido")
        return value

    return parse


def decimal_string(high: Decimal) -> Parser:
    """Accept a decimal string with up to two places in [0, high], kept as "0.00" text."""

    def parse(value: Any) -> str:
        if not isinstance(value, str):
            raise InvalidValue('deve ser um texto decimal como "2.00" (não um número)')
        try:
            number = Decimal(value.strip())
        except InvalidOperation:
            raise InvalidValue('deve ser um texto decimal como "2.00"') from None
        if not number.is_finite() or number != number.quantize(Decimal("0.01")):
            raise InvalidValue("deve ter no máximo duas casas decimais")
        if not Decimal(0) <= number <= high:
            raise InvalidValue(f"deve estar entre 0.00 e {high}")
        return str(number.quantize(Decimal("0.01")))

    return parse


def cnpj_or_empty(value: Any) -> str:
    """Accept a valid CNPJ (digits kept) or the empty string."""
    if value == "":
        return ""
    digits_only = normalise_document(value)
    if len(digits_only) != 14:
        raise InvalidValue("deve ser um CNPJ com 14 dígitos")
    return digits_only


def segment(value: Any) -> str:
    """Accept a FEBRABAN arrecadação segment digit (1–7 or 9)."""
    if not isinstance(value, str) or value not in "12345679" or len(value) != 1:
        raise InvalidValue('deve ser um dígito de segmento FEBRABAN: "1" a "7" ou "9"')
    return value


FD, COL, DEBT, PIX, ISSUER = "Fatura digital", "Arrecadação", "Débito atualizado", "PIX", "Emissor"
LGPD = "Privacidade (LGPD)"

# name, default (days), label: what the retention purge keeps, and for how long.
RETENTION: tuple[tuple[str, int, str], ...] = (
    ("retention_transcript_days", 180, "Guardar conversas e atendimentos por (dias)"),
    ("retention_failure_days", 30, "Guardar tentativas de identificação por (dias)"),
    ("retention_outbox_days", 90, "Guardar mensagens da caixa de saída local por (dias)"),
    ("retention_document_days", 30, "Guardar PDFs gerados por (dias)"),
)

SPECS: tuple[SettingSpec, ...] = (
    SettingSpec(
        "channel_product_enabled", False, boolean, "Produto Channel (WhatsApp)", FD, "bool"
    ),
    SettingSpec(
        "send_unauthorized_at_issuance",
        True,
        boolean,
        "Apresentar faturas sem autorizar no painel",
        FD,
        "bool",
    ),
    SettingSpec(
        "reregistration_enabled",
        True,
        boolean,
        "Efetuar recadastramento no atendimento",
        FD,
        "bool",
    ),
    SettingSpec(
        "reregistration_days",
        30,
        integer(1, 3650),
        "Efetuar recadastramento a cada (dias)",
        FD,
        "int",
    ),
    SettingSpec(
        "febraban_company_code", "0000", digits(4), "Código de barra Febraban", COL, "code"
    ),
    SettingSpec(
        "barcode_type",
        "arrecadacao",
        choice("arrecadacao", "boleto"),
        "Tipo da barra na fatura",
        COL,
        "choice",
    ),
    SettingSpec(
        "barcode_segment", "3", segment, "Segmento da barra (3 = energia elétrica)", COL, "code"
    ),
    SettingSpec(
        "days_to_receive_after_due",
        30,
        integer(0, 3650),
        "Dias para receber pós vencimento",
        COL,
        "int",
    ),
    SettingSpec("bank_code", "001", digits(3), "Banco padrão", COL, "code"),
    SettingSpec(
        "bank_agency",
        "",
        text(6, r"\d{1,5}(-?[\dXx])?", "agência: até 5 dígitos e DV"),
        "Agência",
        COL,
        "text",
    ),
    SettingSpec(
        "bank_account",
        "",
        text(15, r"\d{1,13}(-?[\dXx])?", "conta: dígitos e DV"),
        "Conta",
        COL,
        "text",
    ),
    SettingSpec(
        "bank_convenio", "", digits(7, optional=True), "Convênio do boleto (7 dígitos)", COL, "code"
    ),
    SettingSpec("bank_wallet", "17", digits(2), "Carteira do boleto", COL, "code"),
    SettingSpec("slip_message", "", text(200), "Mensagem", COL, "text"),
    SettingSpec(
        "min_settlement_amount",
        "0.00",
        decimal_string(Decimal("1000.00")),
        "Quitar faturas por valor mínimo",
        COL,
        "money",
    ),
    SettingSpec("zero_invoice_agent", "", text(60), "Local pagamento fatura zero", COL, "text"),
    SettingSpec(
        "payment_confirmation_enabled",
        False,
        boolean,
        "Confirmar pagamento por WhatsApp",
        COL,
        "bool",
    ),
    SettingSpec(
        "charge_return_difference",
        True,
        boolean,
        "Devolve/cobra diferença retorno banco",
        COL,
        "bool",
    ),
    SettingSpec("updated_debt_enabled", True, boolean, "Gerar débito atualizado", DEBT, "bool"),
    SettingSpec("updated_debt_agent", "", text(60), "Local de pagamento", DEBT, "text"),
    SettingSpec(
        "updated_debt_item_invoices",
        "Total das faturas",
        text(60),
        "Item - total das faturas",
        DEBT,
        "text",
    ),
    SettingSpec(
        "updated_debt_item_other",
        "Total das outras faturas",
        text(60),
        "Item - total das outras faturas",
        DEBT,
        "text",
    ),
    SettingSpec(
        "reverse_at_day_close",
        True,
        boolean,
        "Estornar processo no fechamento do dia",
        DEBT,
        "bool",
    ),
    SettingSpec(
        "late_fine_percent", "2.00", decimal_string(Decimal("100.00")), "Multa (%)", DEBT, "money"
    ),
    SettingSpec(
        "monthly_interest_percent",
        "1.00",
        decimal_string(Decimal("100.00")),
        "Juros ao mês (%)",
        DEBT,
        "money",
    ),
    SettingSpec("pix_key", "", text(77), "Chave PIX (vazio: sem PIX)", PIX, "text"),
    SettingSpec("pix_merchant_name", "", text(100), "Nome do recebedor PIX", PIX, "text"),
    SettingSpec("pix_merchant_city", "", text(60), "Cidade do recebedor PIX", PIX, "text"),
    SettingSpec("issuer_name", "", text(120), "Razão social da distribuidora", ISSUER, "text"),
    SettingSpec("issuer_cnpj", "", cnpj_or_empty, "CNPJ da distribuidora", ISSUER, "code"),
    SettingSpec("issuer_address", "", text(200), "Endereço da distribuidora", ISSUER, "text"),
    SettingSpec(
        "contact_phone",
        "",
        text(40, r"[0-9()+. -]{8,40}", 'telefone: dígitos, espaços, "( ) + - ."'),
        "Central de atendimento (telefone)",
        ISSUER,
        "text",
    ),
    SettingSpec(
        "contact_url",
        "",
        text(200, r"https://[^\s<>\"']+", "endereço https://…"),
        "Site ou agência virtual (https://…)",
        ISSUER,
        "text",
    ),
    *(
        SettingSpec(name, days, integer(1, 3650), label, LGPD, "int")
        for name, days, label in RETENTION
    ),
)

BY_NAME: dict[str, SettingSpec] = {spec.name: spec for spec in SPECS}
DEFAULTS: dict[str, Any] = {spec.name: spec.default for spec in SPECS}
