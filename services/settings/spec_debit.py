"""The automatic-debit, prescription and closed-day parameters (group "Débito automático e
caducidade", CONTRACT §6), kept apart from `spec` so that file stays short; `spec.SPECS` lists
them after the installment plans. docs/product.md#automatic-debit has the rules."""

from __future__ import annotations

from typing import Any

from services.settings.parsers import boolean, choice, integer, text

DEBIT = "Débito automático e caducidade"
BANK_LIST = r"\d{3}(\s*,\s*\d{3})*"


def debit_specs(spec: Any) -> tuple[Any, ...]:
    """The group's SettingSpec rows (the class is passed in: `spec` imports this module)."""
    return (
        spec(
            "direct_debit_filter",
            "energy",
            choice("all", "energy", "energy_and_other"),
            "Débito conta corrente (faturas no arquivo de débito)",
            DEBIT,
            "choice",
        ),
        spec(
            "direct_debit_banks",
            "",
            text(200, BANK_LIST, "códigos de banco de 3 dígitos separados por vírgula"),
            "Bancos com convênio de débito automático (ex.: 001, 341)",
            DEBIT,
            "text",
        ),
        spec(
            "direct_debit_days_before_due",
            5,
            integer(0, 60),
            "Pedir o débito quantos dias antes do vencimento",
            DEBIT,
            "int",
        ),
        spec(
            "direct_debit_record_d",
            False,
            boolean,
            "Gerar registro D em remessa débito C.C",
            DEBIT,
            "bool",
        ),
        spec(
            "collection_sequence_user",
            "",
            text(60),
            "Usuário para alterar sequência arrecadação",
            DEBIT,
            "text",
        ),
        spec(
            "prescription_years",
            5,
            integer(1, 50),
            "Caducidade: idade das faturas (anos)",
            DEBIT,
            "int",
        ),
        spec("prescription_agent", "", text(60), "Caducidade: Local de pagamento", DEBIT, "text"),
        spec(
            "block_closed_day",
            True,
            boolean,
            "Bloquear estornar/processar com arrecadação fechada",
            DEBIT,
            "bool",
        ),
    )
