"""Admin "Parcelamentos": plans by status, a plan's page and agreement PDF, "cancelar plano"
(CSRF, confirmation, originals reopened, audited), and plans staff make on the phone."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select, text

from models import AuditLog, InstallmentPlan, Invoice, InvoiceStatus, PlanStatus, unit_by_uc
from services import settings
from services.core.clock import local_today
from services.core.formats import brl
from services.erp.demo import DEMO_DOCUMENT
from services.installments.plans import create_plan
from services.installments.staff import quote
from tests.support.admin_client import STAFF_LOGIN, csrf_token, post_form
from tests.support.plans import overdue_ids
from tests.support.readback import needs_tools, pdf_text

TOKEN = re.compile(r'name="identificacao" value="([^"]+)"')


@pytest.fixture
def plan(staff, session) -> InstallmentPlan:  # type: ignore[no-untyped-def]
    """A plan the demo consumer accepted in the chat (the smallest offer)."""
    made = create_plan(session, "131030", 3, local_today(), actor="whatsapp:+55...",
                       channel="whatsapp")  # fmt: skip
    session.commit()
    return made


def test_the_list_filters_plans_by_status_and_is_in_the_nav(staff, plan) -> None:
    page = staff.get("/admin/parcelamentos").get_data(as_text=True)
    assert 'href="/admin/parcelamentos"' in page and ">Parcelamentos<" in page
    assert f'href="/admin/parcelamentos/{plan.id}"' in page and "Aguardando entrada" in page
    waiting = staff.get("/admin/parcelamentos?situacao=awaiting_down_payment")
    assert f"/admin/parcelamentos/{plan.id}" in waiting.get_data(as_text=True)
    closed = staff.get("/admin/parcelamentos?situacao=closed").get_data(as_text=True)
    assert f"/admin/parcelamentos/{plan.id}" not in closed and "Nenhum parcelamento" in closed
    other_uc = staff.get("/admin/parcelamentos?uc=999999").get_data(as_text=True)
    assert f"/admin/parcelamentos/{plan.id}" not in other_uc


def test_anonymous_visitors_go_to_login(chat_app, plan) -> None:
    response = chat_app.test_client().get(f"/admin/parcelamentos/{plan.id}")
    assert response.status_code == 302 and "/admin/login" in response.headers["Location"]


def test_the_plan_page_shows_installments_timeline_and_never_the_full_cpf(staff, plan) -> None:
    page = staff.get(f"/admin/parcelamentos/{plan.id}").get_data(as_text=True)
    assert DEMO_DOCUMENT not in page and "***.456.789-**" in page
    for installment in plan.installments:
        assert f"{installment.number}/3" in page
    assert "criado" in page and "por whatsapp" in page  # the timeline's first entry
    assert "Cancelar plano" in page and "Baixar o acordo (PDF)" in page
    assert staff.get("/admin/parcelamentos/99999").status_code == 404
    listed = staff.get("/admin/segunda-via?uc=131030").get_data(as_text=True)
    assert f"No parcelamento nº {plan.id}" in listed and "Em débito atualizado" not in listed


@needs_tools
def test_the_agreement_pdf_downloads_and_reads_back(staff, session, plan, tmp_path) -> None:
    response = staff.get(f"/admin/parcelamentos/{plan.id}/acordo.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert (
        f'attachment; filename="acordo-131030-{plan.id}.pdf"'
        in (response.headers["Content-Disposition"])
    )
    text = pdf_text(response.data, tmp_path)
    assert f"Acordo de parcelamento nº {plan.id}" in text and "131030" in text
    last = plan.installments[-1]
    assert f"Parcela 3/3 · vencimento {last.due_date:%d/%m/%Y} · {brl(last.amount)}" in text
    audit = select(AuditLog).where(AuditLog.action == "installment_plan.download")
    assert session.scalars(audit).one().actor == STAFF_LOGIN


def test_cancelling_asks_first_needs_csrf_reopens_the_originals_and_is_audited(
    staff, session, plan
) -> None:
    originals = list(plan.original_ids)
    confirm = staff.get(f"/admin/parcelamentos/{plan.id}/cancelar").get_data(as_text=True)
    assert "voltam a ficar em aberto" in confirm and 'name="csrf_token"' in confirm
    forged = staff.post(f"/admin/parcelamentos/{plan.id}/cancelar", data={"motivo": "x"})
    assert forged.status_code == 400
    session.expire_all()
    assert session.get(InstallmentPlan, plan.id).status is PlanStatus.AWAITING_DOWN_PAYMENT
    page = f"/admin/parcelamentos/{plan.id}/cancelar"
    done = post_form(staff, page, {"motivo": "pedido do titular"})
    assert done.status_code == 302
    session.expire_all()
    assert session.get(InstallmentPlan, plan.id).status is PlanStatus.CANCELLED
    assert {session.get(Invoice, i).status for i in originals} == {InvoiceStatus.OPEN}
    entrada = session.get(Invoice, plan.down_payment_invoice_id)
    assert entrada.status is InvoiceStatus.CANCELLED
    audit = session.scalars(select(AuditLog).where(
        AuditLog.action == "installment_plan.cancel")).one()  # fmt: skip
    assert audit.actor == STAFF_LOGIN and audit.detail["reopened"] == len(originals)
    shown = staff.get(f"/admin/parcelamentos/{plan.id}").get_data(as_text=True)
    assert "Cancelado" in shown and "pedido do titular" in shown and "Cancelar plano" not in shown
    token = csrf_token(staff, f"/admin/parcelamentos/{plan.id}")
    again = staff.post(page, data={"csrf_token": token}, follow_redirects=True)
    assert "Só um plano em andamento" in again.get_data(as_text=True)
    assert session.scalars(select(AuditLog).where(
        AuditLog.action == "installment_plan.cancel")).all() == [audit]  # fmt: skip


def _identify(staff, document: str, uc: str = "131030"):  # type: ignore[no-untyped-def]
    """Step 1 of Novo: UC and the caller's CPF/CNPJ."""
    form = {"uc": uc, "documento": document}
    return post_form(staff, "/admin/parcelamentos/novo", form)


def test_staff_need_the_titulars_document_and_a_wrong_one_is_audited(staff, session) -> None:
    for wrong, uc in (("529.982.247-25", "131030"), ("abc", "131030"), (DEMO_DOCUMENT, "777")):
        page = _identify(staff, wrong, uc)
        text = page.get_data(as_text=True)
        assert page.status_code == 422 and "não conferem" in text
        assert "Maria" not in text and not TOKEN.search(text)
    failures = session.scalars(select(AuditLog).where(
        AuditLog.action == "installment_plan.identity_failed")).all()  # fmt: skip
    assert len(failures) == 3 and {a.actor for a in failures} == {STAFF_LOGIN}
    assert session.scalars(select(InstallmentPlan)).all() == []


def test_staff_make_a_plan_with_the_chats_offers_and_entrada_paid_ahead(staff, session) -> None:
    settings.update(session, {"installment_agent": "PARCELADO",
                              "installment_early_down_payment_agent": "ENTRADA BALCAO",
                              "other_invoices_split_agent": ""}, "test")  # fmt: skip
    session.commit()
    originals = overdue_ids(session)
    offers = _identify(staff, "123.456.789-09")
    text = offers.get_data(as_text=True)
    assert offers.status_code == 200 and DEMO_DOCUMENT not in text and "123.456.789-09" not in text
    assert "reconhece a dívida" in text  # the term staff read to the caller
    expected = quote(session, unit_by_uc(session, "131030"), local_today())
    counts = re.findall(r'name="parcelas" value="(\d+)"', text)
    assert counts == [str(p.count) for p in expected.plans]
    chosen = expected.plans[-1]
    form = {"identificacao": TOKEN.search(text)[1], "total": str(chosen.total_cents),
            "parcelas": str(chosen.count), "entrada_paga": "on"}  # fmt: skip
    made = post_form(staff, "/admin/parcelamentos/novo/confirmar", form,
                     page="/admin/parcelamentos/novo")  # fmt: skip
    assert made.status_code == 302
    session.expire_all()
    plan = session.scalars(select(InstallmentPlan)).one()
    assert made.headers["Location"] == f"/admin/parcelamentos/{plan.id}"
    assert plan.channel == "staff" and plan.created_by == STAFF_LOGIN
    assert plan.count == chosen.count and plan.status is PlanStatus.ACTIVE
    entrada = session.get(Invoice, plan.down_payment_invoice_id)
    assert (entrada.status, entrada.collection_agent) == (InvoiceStatus.SETTLED, "ENTRADA BALCAO")
    settled = {(session.get(Invoice, i).status, session.get(Invoice, i).collection_agent)
               for i in originals}  # fmt: skip
    assert settled == {(InvoiceStatus.SETTLED, "PARCELADO")}
    audit = session.scalars(select(AuditLog).where(
        AuditLog.action == "installment_plan.create")).one()  # fmt: skip
    assert audit.actor == STAFF_LOGIN
    # a second plan for the same UC is refused, on the same rules as the chat
    again = _identify(staff, DEMO_DOCUMENT)
    assert again.status_code == 422 and "já tem um parcelamento" in again.get_data(as_text=True)


def test_a_tampered_choice_or_token_makes_nothing(staff, session) -> None:
    text = _identify(staff, DEMO_DOCUMENT).get_data(as_text=True)
    token = TOKEN.search(text)[1]
    plan = quote(session, unit_by_uc(session, "131030"), local_today()).plans[0]
    path, page = "/admin/parcelamentos/novo/confirmar", "/admin/parcelamentos/novo"
    cases = [
        ({"identificacao": token, "total": str(plan.total_cents), "parcelas": "999"}, 422),
        ({"identificacao": token, "total": str(plan.total_cents + 1), "parcelas": "3"}, 422),
        ({"identificacao": token, "total": "x", "parcelas": ""}, 422),
        ({"identificacao": token + "x", "total": str(plan.total_cents), "parcelas": "3"}, 302),
    ]
    for form, status in cases:
        response = post_form(staff, path, {**form}, page=page)
        assert response.status_code == status, form
    body = post_form(staff, path, cases[1][0], page=page).get_data(as_text=True)
    assert "O valor da dívida mudou" in body
    assert session.scalars(select(InstallmentPlan)).all() == []


def test_a_second_request_for_the_same_uc_waits_and_finds_the_first_plan(
    chat_app, db, session
) -> None:
    """A double click (or two staff at once): the second create_plan waits for the first's
    commit on the UC's row lock, then is refused; one plan, the originals in it once."""
    if not db.url.startswith("postgresql"):
        pytest.skip("the row lock is PostgreSQL's, the production database")
    import threading

    from services.installments.plans import PlanError

    outcome: list[str] = []

    def second() -> None:
        with db.session() as other:
            try:
                create_plan(other, "131030", 3, local_today(), actor="b", channel="staff")
                other.commit()
                outcome.append("made")
            except PlanError as exc:
                outcome.append(exc.code)

    first = create_plan(session, "131030", 3, local_today(), actor="a", channel="staff")
    thread = threading.Thread(target=second)
    thread.start()
    waiting = text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                   "AND query LIKE '%FOR UPDATE%' AND pid <> pg_backend_pid()")  # fmt: skip
    with db.engine.connect() as watch:  # commit only once the second is waiting on the lock
        for _ in range(300):
            if watch.execute(waiting).scalar():
                break
            watch.rollback()
            thread.join(0.1)
    session.commit()
    thread.join(30)
    assert outcome == ["plan_exists"]
    session.expire_all()
    assert [p.id for p in session.scalars(select(InstallmentPlan))] == [first.id]
