"""Digital-invoice destinations: validation with pt-BR explanations, matching, consent text."""

from __future__ import annotations

from collections.abc import Sequence

from billing.validation import InvalidValue, normalise_email, normalise_phone
from bot.context import Ctx
from bot.formatting import labelled_destination
from bot.grammar import fold
from bot.state import Pair
from bot.types import EnrollmentInfo

THIS_NUMBER = {"", "ESTE", "ESTE NUMERO", "ESSE", "ESSE NUMERO", "MEU", "MEU NUMERO", "ESTE MESMO"}
EMAIL_EXAMPLE = "nome@exemplo.com.br"


def _email_problem(value: str) -> str:
    """What is wrong with a typed e-mail, in words a consumer understands."""
    if not value:
        return "faltou o endereço"
    if " " in value:
        return "o endereço não pode ter espaços"
    if value.count("@") != 1:
        return "falta o @" if "@" not in value else "o endereço tem mais de um @"
    local, domain = value.split("@")
    if not local:
        return "falta o nome antes do @"
    if "." not in domain:
        return "falta o domínio depois do @ (como exemplo.com.br)"
    return "o formato do endereço não é válido"


def valid_email(raw: str) -> str:
    """The normalised address, or InvalidValue saying what is wrong plus an example."""
    value = raw.strip()
    try:
        return normalise_email(value)
    except InvalidValue:
        raise InvalidValue(
            f"E-mail inválido: {_email_problem(value)}. Exemplo: {EMAIL_EXAMPLE}"
        ) from None


def valid_mobile(raw: str, this_chat: str) -> str:
    """A Brazilian mobile in E.164 ('este'/empty: this chat's number), or InvalidValue."""
    value = this_chat if fold(raw) in THIS_NUMBER else raw
    try:
        number = normalise_phone(value, mobile=True)
    except InvalidValue as exc:
        reason = str(exc).removeprefix("telefone inválido: ")
        raise InvalidValue(f"Número inválido: {reason}") from None
    if not number.startswith("+55"):
        raise InvalidValue(
            "Número inválido: informe um celular do Brasil, com DDD, como (31) 99999-0000"
        )
    return number


def validate(medium: str, raw: str, this_chat: str) -> str:
    """A destination of `medium` normalised, or InvalidValue with a pt-BR explanation."""
    return valid_email(raw) if medium == "email" else valid_mobile(raw, this_chat)


def same(medium: str, a: str, b: str) -> bool:
    """True when two destinations of a medium are the same (e-mails ignore case)."""
    return a.lower() == b.lower() if medium == "email" else a == b


def find(rows: list[EnrollmentInfo], medium: str, destination: str) -> EnrollmentInfo | None:
    """The enrolment of this medium and destination, if any."""
    return next(
        (r for r in rows if r.medium == medium and same(medium, r.destination, destination)),
        None,
    )


def consent_text(ctx: Ctx, uc: str, dests: Sequence[Pair], printed: bool) -> str:
    """What will be sent, where (masked), the printed copy and how to cancel."""
    where = " e ".join(labelled_destination(m, d) for m, d in dests)
    media = {m for m, _ in dests}
    cancels = []
    if "email" in media:
        cancels.append(f"CANCELAR {uc} EMAIL <e-mail>")
    if "whatsapp" in media:
        cancels.append(f"CANCELAR {uc} WHATSAPP <número>")
    return ctx.t(
        "consent",
        uc=uc,
        dests=where,
        printed=ctx.t("consent_printed" if printed else "consent_digital_only"),
        cancel=" ou ".join(cancels),
    )
