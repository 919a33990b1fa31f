"""What a consumer reads when an automatic debit failed: what happened and why, in plain
words, then how to pay by other means. On WhatsApp and SMS the payment code goes alone in a
second message (easy to copy); on SMS everything is ASCII and each message fits one
160-character segment, like the chat's keyword replies; an e-mail carries both in one."""

from __future__ import annotations

import logging
from datetime import date

from billing.payment import PaymentCodes, PaymentRefusal
from bot.formatting import to_ascii
from models import DebitRequest, DeliveryMedium
from services.collection.payment_view import payment_view
from services.core import formats
from services.delivery.compose import SMS_SEGMENT
from services.settings import Settings

log = logging.getLogger(__name__)
ANOTHER_WAY_UPDATE = "Para pagar, responda ATUALIZAR e receba um código novo, com os acréscimos."
ANOTHER_WAY_HANDOFF = "Para combinar o pagamento, responda ATENDENTE."


def notice_texts(
    request: DebitRequest, values: Settings, today: date, medium: DeliveryMedium
) -> list[str]:
    """The messages in the order they must arrive: what happened, then the code (if any)."""
    view = payment_view(request.invoice, values, today)
    if medium is DeliveryMedium.SMS:
        return _sms(request, view, values)
    if medium is DeliveryMedium.EMAIL:
        return [_email(request, view, values)]
    return _whatsapp(request, view, values)


def _what_happened(request: DebitRequest) -> str:
    """The invoice, its amount and due date, and the bank's reason."""
    invoice = request.invoice
    return (
        f"O banco não conseguiu debitar a fatura {formats.reference(invoice.reference)} da UC "
        f"{invoice.unit.uc} ({formats.brl(invoice.amount)}, vencimento "
        f"{formats.day(invoice.due_date)}): {request.reason}."
    )


def _another_way(values: Settings) -> str:
    """Past the payable period: how to get a new code (or talk to a person)."""
    return ANOTHER_WAY_UPDATE if values.updated_debt_enabled else ANOTHER_WAY_HANDOFF


def _whatsapp(
    request: DebitRequest, view: PaymentCodes | PaymentRefusal, values: Settings
) -> list[str]:
    """Reason first; then the 48 digits alone."""
    first = f"Olá! {_what_happened(request)}"
    if isinstance(view, PaymentRefusal):
        return [f"{first} {_another_way(values)}"]
    pix = " Se preferir PIX, responda BARRA." if view.pix else ""
    return [
        f"{first} Para não ficar em atraso, pague com o código de barras da próxima mensagem.{pix}",
        view.digitable_line,
    ]


def _email(request: DebitRequest, view: PaymentCodes | PaymentRefusal, values: Settings) -> str:
    """One e-mail: what happened, then the formatted digits on a line of their own."""
    first = f"Olá!\n\n{_what_happened(request)}"
    if isinstance(view, PaymentRefusal):
        how = "para receber um código novo, com os acréscimos, envie ATUALIZAR no nosso WhatsApp"
        if not values.updated_debt_enabled:
            how = "para combinar o pagamento, envie ATENDENTE no nosso WhatsApp"
        return (
            f"{first}\n\nO prazo para pagar com o código desta fatura já passou: {how} ou "
            f"ligue {values.contact_phone}.\n"
        )
    return (
        f"{first}\n\nPara não ficar em atraso, pague até {formats.day(view.payable_until)} "
        "com a linha digitável abaixo, no app do seu banco, na internet ou numa lotérica:\n\n"
        f"{view.digitable_line_formatted}\n"
    )


def _sms(request: DebitRequest, view: PaymentCodes | PaymentRefusal, values: Settings) -> list[str]:
    """ASCII, one segment each: the shortest wording that fits, then the digits alone."""
    invoice = request.invoice
    month, amount = formats.reference(invoice.reference), formats.brl(invoice.amount)
    tail = "Pague com o codigo da proxima mensagem."
    if isinstance(view, PaymentRefusal):
        tail = "Para pagar, envie ATUALIZAR." if values.updated_debt_enabled else (
            "Para combinar o pagamento, envie ATENDENTE.")  # fmt: skip
    candidates = [
        f"Debito automatico da fatura {month} UC {invoice.unit.uc} ({amount}) nao foi "
        f"feito: {request.reason}. {tail}",
        f"Debito automatico da fatura {month} ({amount}) nao feito: {request.reason}. {tail}",
        f"Debito da fatura {month} nao feito: {request.reason}. {tail}",
        f"Debito automatico da fatura {month} nao feito. {tail}",
    ]
    texts = [to_ascii(text) for text in candidates]
    first = next((text for text in texts if len(text) <= SMS_SEGMENT), texts[-1])
    return [first] if isinstance(view, PaymentRefusal) else [first, view.digitable_line]
