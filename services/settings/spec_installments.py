"""The installment-plan parameters (group "Parcelamento", CONTRACT §6), kept apart from
`spec` so that file stays short; `spec.SPECS` lists them after the collection groups.

The agents are the seed's "Local pagamento" fields: invoices settled by a plan
(`installment_agent`; `other_invoices_split_agent` instead for plans of up to three
installments billed as "outras faturas"), a lapsed entrada charged again
(`installment_unpaid_down_payment_agent`) and an entrada already paid when staff create the
plan (`installment_early_down_payment_agent`). docs/product.md#installment-plans has the rules.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from services.settings.parsers import choice, decimal_string, integer, text

PLAN = "Parcelamento"


def installment_specs(spec: Any) -> tuple[Any, ...]:
    """The group's SettingSpec rows (the class is passed in: `spec` imports this module)."""
    return (
        spec("installments_max", 10, integer(1, 60), "Quantidade máxima de parcelas", PLAN, "int"),
        spec(
            "installment_min_amount",
            "30.00",
            decimal_string(Decimal("100000.00")),
            "Valor mínimo da parcela (R$)",
            PLAN,
            "money",
        ),
        spec(
            "installment_down_payment_min_percent",
            "10.00",
            decimal_string(Decimal("99.99")),
            "Entrada mínima (% do total)",
            PLAN,
            "money",
        ),
        spec(
            "installment_discount_percent",
            "0.00",
            decimal_string(Decimal("100.00")),
            "Conceder desconto de juros e multas no parcelamento (%; 0 = não)",
            PLAN,
            "money",
        ),
        spec("installment_agent", "", text(60), "Local pagamento parcelado", PLAN, "text"),
        spec(
            "installment_unpaid_down_payment_agent",
            "",
            text(60),
            "Local pagamento entrada não paga",
            PLAN,
            "text",
        ),
        spec(
            "installment_early_down_payment_agent",
            "",
            text(60),
            "Local pagamento entrada parcelamento antecipado",
            PLAN,
            "text",
        ),
        spec(
            "other_invoices_split_agent",
            "",
            text(60),
            "Local pagamento fatura (outras faturas, até 3 parcelas)",
            PLAN,
            "text",
        ),
        spec(
            "installment_down_payment_days",
            3,
            integer(1, 60),
            "Dias para pagar a entrada",
            PLAN,
            "int",
        ),
        spec(
            "installment_contract_extra_copies",
            0,
            integer(0, 10),
            "Quantidade cópias adicionais do contrato de parcelamento",
            PLAN,
            "int",
        ),
        spec(
            "installment_overdue_to_anticipate",
            2,
            integer(1, 60),
            "Quantidade parcelas em atraso para antecipar cobrança",
            PLAN,
            "int",
        ),
        spec(
            "installment_mode",
            "invoices",
            choice("invoices", "charges"),
            "Parcelas cobradas em (invoices: outras faturas; charges: na fatura de energia)",
            PLAN,
            "choice",
        ),
        spec(
            "installment_lapse",
            "reopen",
            choice("reopen", "charge"),
            "Entrada não paga (reopen: reabrir as faturas; charge: cobrar de novo)",
            PLAN,
            "choice",
        ),
    )
