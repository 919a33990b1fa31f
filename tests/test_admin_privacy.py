"""No staff page shows a CPF or a phone in full, whatever the consumers typed or were sent."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot import types as bt
from models import InboundMessage
from services.erp.demo import DEMO_DOCUMENT, DEMO_PHONE
from tests.support.admin_client import post_form
from tests.support.chat import post
from tests.support.effects import apply

STRANGER = "+5531977776666"
FULL = [
    DEMO_DOCUMENT,
    "123.456.789-09",
    DEMO_PHONE,
    DEMO_PHONE[3:],
    "99999-0000",
    STRANGER,
    STRANGER[3:],
    "97777-6666",
]


def _crawl(staff, start: str) -> dict[str, str]:
    """Every /admin page reachable by GET links from `start` (PDFs and logout excluded)."""
    seen: dict[str, str] = {}
    todo = [start]
    while todo:
        path = todo.pop()
        if path in seen or "/imprimir/" in path or len(seen) > 80:
            continue
        response = staff.get(path)
        assert response.status_code in (200, 404), path
        seen[path] = response.get_data(as_text=True)
        links = re.findall(r'href="(/admin/[^"#]*)"', seen[path])
        todo.extend(link.replace("&amp;", "&") for link in links if "static" not in link)
    return seen


def test_no_page_shows_a_cpf_or_phone_in_full(staff) -> None:
    post(staff, "oi")  # the demo number is bound to UC 131030
    post(staff, "2via")
    post(staff, "oi", phone=STRANGER)
    post(staff, "131030", phone=STRANGER)
    post(staff, f"meu cpf {DEMO_DOCUMENT} celular {DEMO_PHONE}", phone=STRANGER)
    post(staff, "atendente", phone=STRANGER)
    post_form(
        staff,
        "/admin/envio-digital/novo",
        {"uc": "131030", "medium-0": "whatsapp", "destination-0": STRANGER},
        page="/admin/envio-digital?uc=131030",
    )
    pages = _crawl(staff, "/admin/")
    pages.update(_crawl(staff, "/admin/envio-digital?uc=131030"))
    pages.update(_crawl(staff, "/admin/segunda-via?uc=131030"))
    assert any("/admin/conversas/" in path for path in pages)
    assert any("/admin/envios/" in path for path in pages)
    assert any(re.fullmatch(r"/admin/segunda-via/\d+", path) for path in pages)
    for path, page in pages.items():
        for value in FULL:
            assert value not in page, f"{value} in full on {path}"


def test_free_text_pages_and_export_show_no_cpf_or_phone_in_full(staff, session) -> None:
    """Outage reports and texts not understood, written with personal data, crawled from
    Início with the export the list links to."""
    typed = f"sem luz! cpf {DEMO_DOCUMENT}, 123.456.789-09, celular {DEMO_PHONE} {STRANGER[3:]}"
    apply(session, [bt.OutageReported("131030", typed)], phone=STRANGER)
    apply(session, [bt.NotUnderstood(typed, "outage", 0.9), bt.NotUnderstood(typed, "", 0)])
    pages = _crawl(staff, "/admin/")
    crawled = {
        "/admin/faltas-de-energia",
        "/admin/nao-entendidas",
        "/admin/nao-entendidas/exportar",
    }
    assert crawled <= set(pages)
    assert all("sem luz!" in pages[path] for path in crawled)
    for path, page in pages.items():
        for value in FULL:
            assert value not in page, f"{value} in full on {path}"


SPELLINGS = [
    "123.456.789-09",
    "123456789-09",
    "123 456 789 09",
    "123.456.78909",
    "cpf12345678909",
    "CPF: 12345678909",
    "12345678909",
]


def test_no_page_or_row_keeps_a_cpf_in_any_spelling(staff, session) -> None:
    """Each spelling the identification accepts, typed as the CPF answer and in free text:
    every admin page and every stored message body is free of it."""
    for number, spelling in enumerate(SPELLINGS):
        phone = f"+553197777{number:04d}"
        post(staff, "2via 131030", phone=phone)
        post(staff, spelling, phone=phone)  # the CPF answer
        post(staff, f"o cpf da titular é {spelling}, obrigado", phone=phone)
        post(staff, "atendente", phone=phone)
    session.expire_all()
    bodies = [m.body for m in session.scalars(select(InboundMessage))]
    assert bodies.count("<cpf>") == len(SPELLINGS)  # the answers, kept as their placeholder
    pages = _crawl(staff, "/admin/")
    assert sum("/admin/conversas/" in path or "/atendimentos/" in path for path in pages) > 5
    for text in [*bodies, *pages.values()]:
        for spelling in SPELLINGS:
            assert spelling not in text
        assert DEMO_DOCUMENT not in re.sub(r"[\s.\-]", "", text)


def test_a_long_message_is_kept_cut_and_redacted(staff, session) -> None:
    post(staff, "a" * 1000 + " 123 456 789 09 " + "b" * 20000, phone=STRANGER)
    session.expire_all()
    body = session.scalars(select(InboundMessage.body)).one()
    assert len(body) <= 4096 and "<cpf>" in body and "09" not in body
