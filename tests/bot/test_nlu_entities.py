"""The details a free-text sentence carries (issue item 2), each form by hand."""

from __future__ import annotations

from datetime import date

import pytest

from bot.nlu.entities import LAST, OVERDUE, details, document, email, medium, printed, reference
from bot.nlu.entities import uc as uc_of

NOV = date(2026, 11, 29)
MARCH = date(2027, 3, 5)


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("boa tarde quero a 2 via da fatura de outubro", NOV, "2026-10"),
        ("a de outubro", NOV, "2026-10"),
        ("conta de novembro", NOV, "2026-11"),  # this month is not in the future
        ("fatura de dezembro", NOV, "2025-12"),  # the latest December that is not ahead
        ("de outubro", MARCH, "2026-10"),  # in March, last year's October
        ("a de otubro pfv", NOV, "2026-10"),  # a typo
        ("Março", NOV, "2026-03"),
        ("fatura de março de 2025", NOV, "2025-03"),
        ("out/26", NOV, "2026-10"),
        ("OUT/2025", NOV, "2025-10"),
        ("10/2026", NOV, "2026-10"),
        ("conta 3/26", NOV, "2026-03"),
        ("a de dez/25", NOV, "2025-12"),
        ("do mês passado", NOV, "2026-10"),
        ("a do mes passado", date(2027, 1, 10), "2026-12"),  # across the year
        ("desse mês", NOV, "2026-11"),
        ("deste mes", NOV, "2026-11"),
        ("a última", NOV, LAST),
        ("manda a ultima conta", NOV, LAST),
        ("a vencida", NOV, OVERDUE),
        ("a conta que venceu", NOV, OVERDUE),
    ],
)
def test_competence_forms(text: str, today: date, expected: str) -> None:
    """Months by name (with typos), abbreviated, numeric, relative, last and overdue."""
    assert reference(text, today) == expected


@pytest.mark.parametrize(
    "text",
    ["dez reais", "quero a segunda via", "vence dia 13", "mar azul",
     "13/13/2026", "maria@out.com"],
)  # fmt: skip
def test_no_competence_where_none_is_named(text: str) -> None:
    """Words that only look like months ("dez reais", a day, an e-mail) name none."""
    assert reference(text, NOV) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("minha uc é 131030", "131030"),
        ("unidade 4455667, conta de outubro", "4455667"),
        ("2 via uc 131.030-1", "1310301"),
        ("segunda via 10/2026 da uc 998877", "998877"),
        ("cpf 123.456.789-09 uc 131030", "131030"),
        ("conta de março de 2025", None),  # a year
        ("meu celular é (31) 99999-0000", None),  # a phone
        ("email joao123456@x.com", None),
        ("quero a 2 via", None),
    ],
)
def test_uc_in_a_sentence(text: str, expected: str | None) -> None:
    """A UC is a run of 4-20 digits that is no date, year, CPF, phone or e-mail."""
    assert uc_of(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("meu cpf é 123.456.789-09", "12345678909"),
        ("cpf 12345678909", "12345678909"),
        ("cnpj 12.345.678/0001-95", "12345678000195"),
        ("uc 131030", None),
    ],
)
def test_document_in_a_sentence(text: str, expected: str | None) -> None:
    """CPF (11 digits) and CNPJ (14), formatted or not."""
    assert document(text) == expected


def test_email_and_medium() -> None:
    """The address as typed; e-mail / zap / whats / wpp however written."""
    assert email("quero no email Maria.Silva+conta@Gmail.com pfv") == "Maria.Silva+conta@Gmail.com"
    assert email("meu email é maria arroba gmail") is None
    for text in ("por email", "no e-mail", "E-MAIL", "pelo emial", "maria@x.com.br"):
        assert medium(text) == "email", text
    for text in ("pelo zap", "no whats", "WPP", "whatsapp", "no watsapp", "zapzap"):
        assert medium(text) == "whatsapp", text
    assert medium("quero a conta") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("quero no email e a impressa tambem", True),
        ("com a conta de papel tb", True),
        ("continuar recebendo pelo correio", True),
        ("sem papel", False),
        ("sem a conta impressa", False),
        ("nao quero papel", False),
        ("quero no email", None),
    ],
)
def test_printed_copy(text: str, expected: bool | None) -> None:
    """Keeping or dropping the paper copy; None when the sentence does not say."""
    assert printed(text) is expected


def test_all_details_of_one_sentence() -> None:
    """One sentence, every detail."""
    found = details("aderir uc 131030 email ana@x.com.br sem papel, a partir de outubro", NOV)
    assert (found.uc, found.email, found.medium, found.printed, found.reference) == (
        "131030", "ana@x.com.br", "email", False, "2026-10"
    )  # fmt: skip


@pytest.mark.parametrize(
    "text",
    ["9" * 60_000, "a" * 60_000 + "@", "x@" * 30_000, "1.2-" * 15_000, "outubro " * 8_000,
     "🙂" * 20_000],
)  # fmt: skip
def test_huge_hostile_messages_are_read_at_once(text: str) -> None:
    """A message an attacker shapes against the regular expressions (a 60 kB digit run, an
    e-mail without a dot) is read from its first characters only, so it is answered as fast
    as a normal one; before the cap these took seconds to minutes each."""
    from bot.nlu.reading import MAX_CHARS, read

    found = read(text, NOV)
    assert found.details == details(text[:MAX_CHARS], NOV)
