"""Running an action that needs a UC: resolve the UC, identify, then call the flow handler.

An action is a JSON-serialisable dict such as {"do": "2via", "uc": None, "ref": "2026-10"}; it
waits in the state while the bot asks which UC or for the CPF/CNPJ, then runs unchanged.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from bot import flows_digital, flows_invoice, identify
from bot.context import Ctx

Handler = Callable[[Ctx, str, dict[str, Any]], None]
Answer = Callable[[Ctx, dict[str, Any], str], None]

HANDLERS: dict[str, Handler] = {
    "2via": flows_invoice.second_copy,
    "2via_list": flows_invoice.list_copies,
    "barra": flows_invoice.codes,
    "barra_open": flows_invoice.list_open,
    "debitos": flows_invoice.debts,
    "atualizar": flows_invoice.updated_debt,
    "digital": flows_digital.menu,
    "aderir": flows_digital.enrol_now,
    "adesao": flows_digital.show,
    "cancelar": flows_digital.cancel,
}
IDENTIFY_STEPS = {
    "ask_uc": identify.answer_uc,
    "choose_uc": identify.answer_choice,
    "ask_cpf": identify.answer_document,
}
FLOW_STEPS: dict[str, Answer] = {
    "pick_invoice": flows_invoice.answer_pick,
    "digital_menu": flows_digital.answer_menu,
    "medium": flows_digital.answer_medium,
    "destination": flows_digital.answer_destination,
    "more": flows_digital.answer_more,
    "printed": flows_digital.answer_printed,
    "confirm": flows_digital.answer_confirm,
    "pick_cancel": flows_digital.answer_cancel,
}


def run(ctx: Ctx, action: dict[str, Any]) -> None:
    """Resolve and identify the UC (asking when needed), then carry the action out."""
    uc = identify.resolve(ctx, action)
    if uc is None or not identify.identified(ctx, uc, action):
        return
    HANDLERS[action["do"]](ctx, uc, action)
    identify.offer_reregistration(ctx, uc, action["do"])


def answer(ctx: Ctx, text: str) -> bool:
    """Give `text` to the waiting step; False when the stored step is unknown (dropped)."""
    pending = ctx.pending or {}
    step = pending.get("step", "")
    if step in IDENTIFY_STEPS:
        action = IDENTIFY_STEPS[step](ctx, pending, text)
        if action is not None:
            run(ctx, action)
        return True
    handler = FLOW_STEPS.get(step)
    if handler is None:
        ctx.done()
        return False
    handler(ctx, pending, text)
    if step == "pick_invoice" and ctx.pending is None:
        identify.offer_reregistration(ctx, pending["uc"], pending["do"])
    return True
