"""The parameters: name, type, default, validation, admin label and group.

docs/interfaces.md#settings shows them in a table that docs/gen_settings.py writes from SPECS.
Names of ours beyond the first promise: `bank_convenio` (7-digit convênio) and `bank_wallet`
(carteira), which a Banco do Brasil boleto needs, and `payment_confirmation_enabled` (a
WhatsApp message to enrolled numbers when the bank reports an invoice paid), and the
contact channels of the invoice e-mail's footer (`contact_phone`, `contact_url`).

The retention settings (group "Privacidade (LGPD)") say how many days `fatura purge` keeps
each kind of personal data; services.privacy.retention says exactly what each one governs.
The outage settings (group "Falta de energia") are where the bot tells a consumer who
reports an outage to go: a phone, a web page and a short message.

The parsers that check each value are in services.settings.parsers.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from services.settings.parsers import (
    Parser,
    boolean,
    business_hours,
    choice,
    cnpj_or_empty,
    decimal_string,
    digits,
    holiday_list,
    integer,
    segment,
    text,
    web_url,
)
from services.settings.spec_debit import debit_specs
from services.settings.spec_installments import installment_specs


@dataclass(frozen=True)
class SettingSpec:
    """One parameter: its default, how a new value is checked, and how staff see it."""

    name: str
    default: Any
    parse: Parser
    label: str
    group: str
    kind: str


FD, COL, DEBT, PIX, ISSUER = "Fatura digital", "Arrecadação", "Débito atualizado", "PIX", "Emissor"
LGPD, OUTAGE, HANDOFF = "Privacidade (LGPD)", "Falta de energia", "Atendimento humano"
PHONE_TEXT = r"\+?\(?\d[\d\s().-]*\d"

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
    SettingSpec(
        "outage_phone",
        "",
        text(30, PHONE_TEXT, "telefone: dígitos, espaços, parênteses, + e -"),
        "Telefone para informar falta de energia",
        OUTAGE,
        "text",
    ),
    SettingSpec(
        "outage_url", "", web_url(200), "Site para informar falta de energia", OUTAGE, "text"
    ),
    SettingSpec("outage_message", "", text(300), "Mensagem sobre falta de energia", OUTAGE, "text"),
    SettingSpec(
        "handoff_hours",
        "seg-sex 08:00-18:00",
        business_hours,
        "Horário de atendimento humano (ex.: seg-sex 08:00-18:00; sab 08:00-12:00)",
        HANDOFF,
        "text",
    ),
    SettingSpec(
        "handoff_holidays",
        "",
        holiday_list,
        "Feriados (dd/mm/aaaa, separados por vírgula)",
        HANDOFF,
        "text",
    ),
    *installment_specs(SettingSpec),
    *debit_specs(SettingSpec),
)

BY_NAME: dict[str, SettingSpec] = {spec.name: spec for spec in SPECS}
DEFAULTS: dict[str, Any] = {spec.name: spec.default for spec in SPECS}
