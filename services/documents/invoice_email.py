"""The invoice e-mail: subject, plain text and HTML, rendered with Jinja from templates/email/.

It shows who writes (the distributor), to whom (first name, the UC and its masked address),
what is owed and when (a summary card with the consumption bars of the PDF), how to pay (the
linha digitável and the PIX copia-e-cola, only while billing's rules, the chat's, let the
invoice be paid with them), how to reach the distributor, why the e-mail arrived, and the
link that cancels this address's digital invoice. Tables and inline styles only: that is
what mail clients keep.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import phonenumbers
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from sqlalchemy.orm import Session

from billing.payment import PaymentCodes, PaymentRefusal
from models import DeliveryKind, Invoice, InvoiceKind
from services.core import formats
from services.documents.chart import mail_bars
from services.documents.document_context import consumption_history
from services.settings import Settings

EMAIL_TEMPLATES = Path(__file__).resolve().parents[2] / "templates" / "email"
SUBJECTS = {
    DeliveryKind.FIRST_COPY: "Fatura {month} da UC {uc}: {amount}, vencimento {due}",
    DeliveryKind.SECOND_COPY: "2ª via da fatura {month} da UC {uc}",
    DeliveryKind.PAYMENT_SLIP: "Código de pagamento da fatura {month} da UC {uc}",
}
INTROS = {
    DeliveryKind.FIRST_COPY: "A sua fatura {what} de {month} chegou. Veja o resumo abaixo.",
    DeliveryKind.SECOND_COPY: "Aqui está a 2ª via da sua fatura {what} de {month}, como pedido.",
    DeliveryKind.PAYMENT_SLIP: "Aqui está o código de pagamento da sua fatura {what} de {month}.",
}
STATUS_NOTES = {
    "paid": "Paga. Obrigado!",
    "cancelled": "Cancelada: não precisa pagar.",
    "below_minimum": "Não precisa pagar.",
    "consolidated": "Incluída no débito atualizado.",
    "payable_period_over": "O prazo deste código terminou.",
}
PLAIN_REFUSALS = {"paid", "cancelled", "below_minimum"}  # billing's own words say it all


@dataclass(frozen=True)
class Mail:
    """A rendered e-mail: subject, plain-text part and HTML part."""

    subject: str
    text: str
    html: str


@dataclass(frozen=True)
class Recipient:
    """Who it goes to, as the e-mail may show them: the address masked, and the link that
    cancels their enrolment (None when the address is not enrolled for the UC)."""

    masked: str
    cancel_url: str | None


@cache
def _environment() -> Environment:
    """Jinja for templates/email: HTML escaped, the plain-text part as written."""
    return Environment(
        loader=FileSystemLoader(EMAIL_TEMPLATES),
        autoescape=select_autoescape(enabled_extensions=("html",), default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def mask_address(address: str) -> str:
    """The address as the chat shows it: its first 10 characters, then `***`."""
    return f"{address[:10]}***" if address else ""


def first_name(name: str, document: str) -> str:
    """How the e-mail greets the titular: a person's first name, a company's whole name."""
    if len(document) == 14:
        return name.strip()
    words = name.split()
    return words[0].capitalize() if words else "cliente"


def contacts(settings: Settings, whatsapp_from: str | None) -> list[dict[str, str]]:
    """The distributor's channels for the footer: WhatsApp, phone and site, when known."""
    found = []
    number = (whatsapp_from or "").removeprefix("whatsapp:")
    if number and settings.channel_product_enabled:
        found.append(
            {"label": "WhatsApp", "text": _national(number), "href": f"https://wa.me/{number[1:]}"}
        )
    if settings.contact_phone:
        digits = "".join(c for c in settings.contact_phone if c.isdigit())
        found.append(
            {"label": "Central de atendimento", "text": settings.contact_phone, "href": ""}
            | ({"href": f"tel:{digits}"} if digits else {})
        )
    if settings.contact_url:
        shown = settings.contact_url.removeprefix("https://").rstrip("/")
        found.append({"label": "Site", "text": shown, "href": settings.contact_url})
    return found


def _national(e164: str) -> str:
    """A Brazilian number as people write it, (31) 3000-0000; anything else as given."""
    try:
        parsed = phonenumbers.parse(e164, "BR")
    except phonenumbers.NumberParseException:
        return e164
    if not phonenumbers.is_valid_number(parsed):
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.NATIONAL)


def _payment(view: PaymentCodes | PaymentRefusal | None) -> dict[str, Any]:
    """The codes while payable (digits only, as the chat sends them), else why not."""
    if isinstance(view, PaymentCodes):
        until = formats.day(view.payable_until)
        return {"line": view.digitable_line, "pix": view.pix, "until": until}
    if isinstance(view, PaymentRefusal):
        if view.reason in PLAIN_REFUSALS:
            return {"line": None, "refusal": view.message}
        first = view.message.split(". ")[0].rstrip(".")
        return {"line": None, "refusal": f"{first}. Para um código novo, fale conosco."}
    return {"line": None, "refusal": None}


def _facts(invoice: Invoice) -> list[tuple[str, str]]:
    """The summary card's three small figures."""
    third = ("Consumo", f"{formats.number(invoice.kwh)} kWh") if invoice.kwh is not None else None
    return [
        ("Vencimento", formats.day(invoice.due_date)),
        ("Competência", formats.reference(invoice.reference)),
        third or ("Tipo", "Energia" if invoice.kind is InvoiceKind.ENERGY else "Outros serviços"),
    ]


def email_context(
    session: Session,
    invoice: Invoice,
    kind: DeliveryKind,
    settings: Settings,
    view: PaymentCodes | PaymentRefusal | None,
    recipient: Recipient,
    whatsapp_from: str | None = None,
) -> dict[str, Any]:
    """Everything templates/email/invoice.* show."""
    unit, consumer = invoice.unit, invoice.unit.consumer
    values = {
        "month": formats.reference(invoice.reference),
        "uc": unit.uc,
        "amount": formats.brl(invoice.amount),
        "due": formats.day(invoice.due_date),
        "what": "de energia" if invoice.kind is InvoiceKind.ENERGY else "de outros serviços",
    }
    refused = view.reason if isinstance(view, PaymentRefusal) else None
    issuer = settings.issuer_name or "Sua distribuidora de energia"
    return {
        "subject": SUBJECTS[kind].format(**values),
        "heading": "Fatura digital" if kind is DeliveryKind.FIRST_COPY else "Atendimento",
        "preheader": _preheader(values, refused),
        "issuer": {
            "name": issuer,
            "cnpj": formats.cnpj(settings.issuer_cnpj),
            "address": settings.issuer_address,
        },
        "first_name": first_name(consumer.name, consumer.document),
        "intro": INTROS[kind].format(**values),
        "uc": unit.uc,
        "address": mask_address(unit.address or ""),
        "amount_label": "Valor da fatura" if refused else "Valor a pagar",
        "amount": values["amount"],
        "status_note": STATUS_NOTES.get(refused or "", ""),
        "facts": _facts(invoice),
        "bars": mail_bars(consumption_history(session, invoice)),
        "payment": _payment(view),
        "attachment_note": _attachment_note(kind),
        "contacts": contacts(settings, whatsapp_from),
        "reason": _reason(kind, recipient, unit.uc),
        "cancel_url": recipient.cancel_url,
    }


def _preheader(values: dict[str, str], refused: str | None) -> str:
    """The line inboxes show after the subject."""
    if refused:
        return f"{values['amount']}, vencimento {values['due']}. {STATUS_NOTES[refused]}"
    return f"{values['amount']} com vencimento em {values['due']}: pague com o código ou o PIX."


def _attachment_note(kind: DeliveryKind) -> str:
    """What the attached PDF is."""
    if kind is DeliveryKind.PAYMENT_SLIP:
        return "O boleto em PDF, com o código de barras e o QR code do PIX, vai anexo."
    return "A fatura completa em PDF (DANF3e) vai anexa a este e-mail."


def _reason(kind: DeliveryKind, recipient: Recipient, uc: str) -> str:
    """Why this e-mail arrived, in plain words."""
    if kind is DeliveryKind.FIRST_COPY:
        return (
            f"Você recebe este e-mail porque o endereço {recipient.masked} está cadastrado "
            f"para receber a fatura digital da UC {uc}."
        )
    what = "a 2ª via" if kind is DeliveryKind.SECOND_COPY else "o código de pagamento"
    asked = "pedida" if kind is DeliveryKind.SECOND_COPY else "pedido"
    return (
        f"Você recebe este e-mail porque {what} desta fatura foi {asked} para {recipient.masked}."
    )


def render_email(context: dict[str, Any]) -> Mail:
    """The subject and both parts of an e-mail from its context."""
    env = _environment()
    text = env.get_template("invoice.txt").render(**context)
    html = env.get_template("invoice.html").render(**context)
    return Mail(context["subject"], text, html)
