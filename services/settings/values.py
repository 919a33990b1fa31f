"""The parameters as one typed, immutable value: an attribute per spec of SPECS, in its order.

Frozen, so the chat's cached copy is shared by every message instead of copied; a change
makes a new one (`changed`). The money parameters stay the decimal text the API shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

from services.settings.spec import DEFAULTS


@dataclass(frozen=True, slots=True)
class Settings:
    """The full parameter set (defaults + stored); tests/test_settings.py keeps it to SPECS."""

    channel_product_enabled: bool
    send_unauthorized_at_issuance: bool
    reregistration_enabled: bool
    reregistration_days: int
    febraban_company_code: str
    barcode_type: str
    barcode_segment: str
    days_to_receive_after_due: int
    bank_code: str
    bank_agency: str
    bank_account: str
    bank_convenio: str
    bank_wallet: str
    slip_message: str
    min_settlement_amount: str
    zero_invoice_agent: str
    payment_confirmation_enabled: bool
    charge_return_difference: bool
    updated_debt_enabled: bool
    updated_debt_agent: str
    updated_debt_item_invoices: str
    updated_debt_item_other: str
    reverse_at_day_close: bool
    late_fine_percent: str
    monthly_interest_percent: str
    pix_key: str
    pix_merchant_name: str
    pix_merchant_city: str
    issuer_name: str
    issuer_cnpj: str
    issuer_address: str
    contact_phone: str
    contact_url: str
    retention_transcript_days: int
    retention_failure_days: int
    retention_outbox_days: int
    retention_document_days: int
    outage_phone: str
    outage_url: str
    outage_message: str
    handoff_hours: str
    handoff_holidays: str
    installments_max: int
    installment_min_amount: str
    installment_down_payment_min_percent: str
    installment_discount_percent: str
    installment_agent: str
    installment_unpaid_down_payment_agent: str
    installment_early_down_payment_agent: str
    other_invoices_split_agent: str
    installment_down_payment_days: int
    installment_contract_extra_copies: int
    installment_overdue_to_anticipate: int
    installment_mode: str
    installment_lapse: str
    direct_debit_filter: str
    direct_debit_banks: str
    direct_debit_days_before_due: int
    direct_debit_record_d: bool
    collection_sequence_user: str
    prescription_years: int
    prescription_agent: str
    block_closed_day: bool

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any]) -> Settings:
        """The defaults overlaid with `values`' known names (unknown names are ignored)."""
        known = {name: value for name, value in values.items() if name in DEFAULTS}
        return cls(**{**DEFAULTS, **known})

    def changed(self, changes: Mapping[str, Any]) -> Settings:
        """A copy with `changes` (parsed values of known names) applied."""
        return replace(self, **changes)

    def as_dict(self) -> dict[str, Any]:
        """Every parameter by name, in SPECS order: the JSON API's and the admin form's shape."""
        return {name: getattr(self, name) for name in NAMES}


NAMES: tuple[str, ...] = tuple(field.name for field in fields(Settings))
