"""Invoice flows: 2ª via, payment codes (BARRA/PDF), open debts and the updated debt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from billing.competence import month_label as month
from billing.money import format_brl as brl
from billing.payment import PaymentCodes
from bot import flows_debit
from bot.choices import MAX_LIST_ITEMS, numbered
from bot.context import Ctx
from bot.formatting import day, kind_label, status_word
from bot.grammar import pick
from bot.identify import offer_reregistration
from bot.nlu.entities import LAST, OVERDUE, reference
from bot.state import Action, PickInvoice, StepName
from bot.texts import text
from bot.types import InvoiceInfo, SendDocument, UpdatedDebt

NOTHING_TO_PAY = {"paid", "cancelled", "below_minimum", "consolidated"}


def _newest_first(invoices: list[InvoiceInfo]) -> list[InvoiceInfo]:
    """Invoices by competência, most recent first (stable for the view's own order)."""
    return sorted(invoices, key=lambda i: i.reference, reverse=True)


def _kind_suffix(invoice: InvoiceInfo) -> str:
    """' (outros serviços)' for non-energy invoices, else nothing."""
    return "" if invoice.kind == "energy" else f" ({kind_label(invoice.kind)})"


def _matches(invoices: list[InvoiceInfo], reference: str | None, today: date) -> list[InvoiceInfo]:
    """The invoices of `reference` ("AAAA-MM", or "a última" / "a vencida" from free text);
    without it, of the latest open competência, else the latest."""
    if reference == LAST:
        base = invoices
    elif reference == OVERDUE:
        base = [i for i in invoices if i.status == "open" and i.due_date < today]
    elif reference:
        return [i for i in invoices if i.reference == reference]
    else:
        base = [i for i in invoices if i.status == "open"] or invoices
    return [i for i in base if i.reference == base[0].reference]


def _select(ctx: Ctx, uc: str, action: Action) -> InvoiceInfo | None:
    """The one invoice the keyword means, or None after saying why or listing the choices."""
    invoices = _newest_first(ctx.view.invoices(uc))
    if not invoices:
        ctx.say("no_invoices", uc=uc)
        return None
    matches = _matches(invoices, action.ref, ctx.today)
    if not matches and action.ref == OVERDUE:
        ctx.say("no_overdue", uc=uc)
        return None
    if not matches:
        keyword = "2VIA" if action.do == "2via" else "BARRA"
        ctx.say("no_invoice_month", month=month(action.ref or ""), uc=uc, keyword=keyword)
        return None
    if len(matches) == 1:
        return matches[0]
    lines = [f"{n}) {kind_label(i.kind)}: {brl(i.amount_cents)}" for n, i in _numbered(matches)]
    ctx.wait(StepName.PICK_INVOICE, PickInvoice(action.do, uc, tuple(i.id for i in matches)))
    ctx.say("pick_same_month", uc=uc, n=len(matches), month=month(matches[0].reference),
            lines="\n".join(lines))  # fmt: skip
    _offer_list(ctx, matches, lambda i: status_word(i.status))
    return None


def _numbered(invoices: list[InvoiceInfo]) -> list[tuple[int, InvoiceInfo]]:
    """Invoices numbered from 1."""
    return list(enumerate(invoices, start=1))


def second_copy(ctx: Ctx, uc: str, action: Action) -> None:
    """2VIA: send the chosen invoice's PDF to this chat."""
    invoice = _select(ctx, uc, action)
    if invoice is not None:
        _send_copy(ctx, invoice)


def _send_copy(ctx: Ctx, invoice: InvoiceInfo) -> None:
    """The 2ª via effect and its confirmation (on SMS the edge sends a short link)."""
    ctx.effects.append(SendDocument(invoice.id, "second_copy"))
    ctx.say("copy_sent", month=month(invoice.reference), amount=brl(invoice.amount_cents))


def list_copies(ctx: Ctx, uc: str, action: Action) -> None:
    """Menu 1: the last 12 invoices, numbered, to pick one for the 2ª via."""
    invoices = _newest_first(ctx.view.invoices(uc))[:12]
    if not invoices:
        ctx.say("no_invoices", uc=uc)
        return
    _offer_pick(ctx, "2via", uc, invoices, "pick_invoice", lambda i: status_word(i.status))


def codes(ctx: Ctx, uc: str, action: Action) -> None:
    """BARRA: the payment codes of the chosen invoice."""
    invoice = _select(ctx, uc, action)
    if invoice is not None:
        give_codes(ctx, invoice)


def list_open(ctx: Ctx, uc: str, action: Action) -> None:
    """Menu 2: the open invoice's codes, or a numbered list when several are open."""
    open_ = [i for i in _newest_first(ctx.view.invoices(uc)) if i.status == "open"]
    if not open_:
        ctx.say("no_debts", uc=uc)
    elif len(open_) == 1:
        give_codes(ctx, open_[0])
    else:
        _offer_pick(ctx, "barra", uc, open_, "pick_open", lambda i: f"vence {day(i.due_date)}")


def _offer_pick(
    ctx: Ctx,
    do: str,
    uc: str,
    invoices: list[InvoiceInfo],
    key: str,
    tail: Callable[[InvoiceInfo], str],
) -> None:
    """Number the invoices (competência, amount, then `tail`) and wait for the choice."""
    lines = [
        f"{n}) {month(i.reference)}{_kind_suffix(i)} - {brl(i.amount_cents)} - {tail(i)}"
        for n, i in _numbered(invoices)
    ]
    ctx.wait(StepName.PICK_INVOICE, PickInvoice(do, uc, tuple(i.id for i in invoices)))
    ctx.say(key, uc=uc, lines="\n".join(lines))
    _offer_list(ctx, invoices, tail)


def _offer_list(ctx: Ctx, invoices: list[InvoiceInfo], tail: Callable[[InvoiceInfo], str]) -> None:
    """The invoices just numbered as a WhatsApp list (competência; amount, state, kind),
    when they fit in one (at most 10)."""
    if len(invoices) > MAX_LIST_ITEMS:
        return
    titles = [
        (month(i.reference), f"{brl(i.amount_cents)} - {tail(i)}{_kind_suffix(i)}")
        for i in invoices
    ]
    ctx.offer(numbered(ctx.replies[-1], titles, button="Ver faturas"))


def answer_pick(ctx: Ctx, data: PickInvoice, answer: str) -> None:
    """A numbered invoice chosen from a list: send the copy or give the codes, then offer the
    digital invoice as after any invoice intent."""
    wanted = pick(data.ids, answer) or _by_month(ctx, data, answer)
    if wanted is None:
        ctx.say("pick_invalid", n=len(data.ids))
        return
    ctx.done()
    invoice = next((i for i in ctx.view.invoices(data.uc) if i.id == wanted), None)
    if invoice is None:
        ctx.say("no_invoices", uc=data.uc)
    elif data.do == "2via":
        _send_copy(ctx, invoice)
    else:
        give_codes(ctx, invoice)
    offer_reregistration(ctx, data.uc)


def _by_month(ctx: Ctx, data: PickInvoice, answer: str) -> int | None:
    """The listed invoice a sentence names by month ("a de outubro", "a vencida"), when
    exactly one of the list matches."""
    wanted = reference(answer, ctx.today)
    if wanted is None:
        return None
    listed = [i for i in _newest_first(ctx.view.invoices(data.uc)) if i.id in data.ids]
    matches = _matches(listed, wanted, ctx.today)
    return matches[0].id if len(matches) == 1 else None


def give_codes(ctx: Ctx, invoice: InvoiceInfo) -> None:
    """The codes (intro, digits, PIX, PDF offer), or why there is nothing to pay with a code."""
    if flows_debit.withhold(ctx, invoice):
        return
    ctx.replies.extend(
        payment_replies(invoice, ctx.inbound.channel, ctx.settings.updated_debt_enabled)
    )
    if isinstance(invoice.payment, PaymentCodes) and not ctx.sms:
        ctx.state["slip"] = {"invoice_id": invoice.id, "uc": invoice.uc}


def payment_replies(invoice: InvoiceInfo, channel: str, updated_debt: bool) -> list[str]:
    """BARRA's replies for one invoice (also usable by the edge for ATUALIZAR's new invoice)."""
    payment = invoice.payment
    if not isinstance(payment, PaymentCodes) and payment.plan is not None:
        return [payment.message]  # held by an installment plan: its own codes, not ATUALIZAR
    if not isinstance(payment, PaymentCodes):
        return [_refusal_text(payment.reason, payment.message, updated_debt)]
    values = {"month": month(invoice.reference), "amount": brl(invoice.amount_cents),
              "until": day(payment.payable_until)}  # fmt: skip
    if channel == "sms":
        return [payment.digitable_line, text("codes_sms_hint", sms=True, **values)]
    what = "o código de barras e o PIX copia e cola" if payment.pix else "o código de barras"
    intro = text("codes_intro", kind=_kind_suffix(invoice), uc=invoice.uc,
                 due=day(invoice.due_date), what=what, **values)  # fmt: skip
    replies = [intro, payment.digitable_line]
    if payment.pix:
        replies.append(payment.pix)
    return [*replies, text("pdf_offer")]


def _refusal_text(reason: str, message: str, updated_debt: bool) -> str:
    """Explain a refusal in words; past the payable period, offer ATUALIZAR or ATENDENTE."""
    if reason in NOTHING_TO_PAY and (reason != "consolidated" or updated_debt):
        return message
    first = message.split(". ")[0].rstrip(".") + "."
    return f"{first} {text('refusal_update' if updated_debt else 'refusal_handoff')}"


def send_slip(ctx: Ctx, action: Action) -> None:
    """PDF: the payment slip of the last BARRA (or ATUALIZAR) to this chat."""
    slip = ctx.state.get("slip")
    if ctx.sms:
        ctx.say("pdf_sms")
    elif not slip:
        ctx.say("pdf_none")
    elif slip.get("updated"):
        _send_updated_slip(ctx, slip["uc"])
    else:
        wanted = slip["invoice_id"]
        invoice = next((i for i in ctx.view.invoices(slip["uc"]) if i.id == wanted), None)
        ctx.effects.append(SendDocument(wanted, "payment_slip"))
        ctx.say("pdf_sent", month=month(invoice.reference) if invoice else "")


def _send_updated_slip(ctx: Ctx, uc: str) -> None:
    """PDF after ATUALIZAR: the newest open updated-debt invoice, once the edge created it."""
    updated = [i for i in ctx.view.invoices(uc) if i.updated_debt and i.status == "open"]
    if not updated:
        ctx.say("pdf_updated_wait")
        return
    ctx.effects.append(SendDocument(max(updated, key=lambda i: i.id).id, "payment_slip"))
    ctx.say("pdf_updated_sent")


def debts(ctx: Ctx, uc: str, action: Action) -> None:
    """DEBITOS: open invoices with competência, amount and due date, overdue marked."""
    invoices = _newest_first(ctx.view.invoices(uc))
    open_ = [i for i in invoices if i.status == "open"]
    if not open_:
        ctx.say("no_debts", uc=uc)
    else:
        lines = [_debt_line(i, ctx.today) for i in open_]
        total = sum(i.amount_cents for i in open_ if not _below_minimum(i))
        ctx.say("debts", uc=uc, lines="\n".join(lines), total=brl(total))
    paid = [i for i in invoices if i.paid_on and (ctx.today - i.paid_on).days <= RECENT_DAYS]
    if paid:
        ctx.say(
            "recent_payments",
            lines="; ".join(
                f"{month(i.reference)} {brl(i.amount_cents)} em {day(i.paid_on)}" for i in paid[:3]
            ),
        )


RECENT_DAYS = 45  # payments the bank reported in this many days are shown with the debts


def _below_minimum(invoice: InvoiceInfo) -> bool:
    """True for an open invoice that will be settled automatically (never charged)."""
    return getattr(invoice.payment, "reason", "") == "below_minimum"


def _debt_line(invoice: InvoiceInfo, today: date) -> str:
    """One open invoice: competência, amount, due date, and whether it is overdue."""
    line = f"- {month(invoice.reference)}{_kind_suffix(invoice)}: {brl(invoice.amount_cents)}"
    line += f", vence {day(invoice.due_date)}"
    if _below_minimum(invoice):
        return f"{line} (não precisa pagar)"
    return f"{line} (vencida)" if invoice.due_date < today else line


def updated_debt(ctx: Ctx, uc: str, action: Action) -> None:
    """ATUALIZAR: ask the edge for the updated debt; its codes follow from the edge."""
    if not any(i.status == "open" for i in ctx.view.invoices(uc)):
        ctx.say("no_debts", uc=uc)
        return
    ctx.effects.append(UpdatedDebt(uc))
    ctx.say("updated_requested", uc=uc)
    if not ctx.sms:
        ctx.state["slip"] = {"uc": uc, "updated": True}
