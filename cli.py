"""The `fatura` command (docs/interfaces.md#commands): thin wrappers over services, one per task."""

from __future__ import annotations

import getpass
import logging
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

import click
from flask import Flask
from sqlalchemy.orm import Session

from config import ConfigError
from services.core.logging_setup import setup_logging
from workers.jobs import enqueue_deliveries

T = TypeVar("T")


def _app() -> Flask:
    """Create the app from the environment; a bad environment is a one-line error, exit 2."""
    from app import create_app

    try:
        return create_app()
    except ConfigError as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(2)


@click.group()
def main() -> None:
    """fatura-digital: invoices over WhatsApp, SMS and e-mail for an electricity distributor."""
    # Commands print their own results; stderr carries only warnings and `line N:` errors.
    setup_logging(logging.WARNING)


@main.command("init-db")
def init_db() -> None:
    """Create or migrate the schema of DATABASE_URL (Alembic)."""
    import migrations

    app = _app()
    runtime = app.extensions["fatura"]
    migrations.upgrade(runtime.db.engine)
    click.echo(f"schema up to date ({runtime.db.backend})")


@main.command("import")
@click.argument("path")
def import_(path: str) -> None:
    """Load a JSON Lines file of consumers, units and invoices; `-` reads stdin."""
    from services.core.runtime import db_session
    from services.erp.after_import import after_import
    from services.erp.importer import import_lines

    def report_error(number: int, reason: str) -> None:
        click.echo(f"line {number}: {reason}", err=True)

    app = _app()
    with app.app_context():
        if path == "-":
            report = import_lines(db_session(), sys.stdin, report_error)
        else:
            try:
                with open(path, encoding="utf-8") as stream:
                    report = import_lines(db_session(), stream, report_error)
            except OSError as exc:
                raise click.ClickException(f"cannot read {path}: {exc.strerror}") from None
        _send(app, after_import(db_session(), report))
    click.echo(report.summary())
    sys.exit(1 if report.failed else 0)


def _send(app: Flask, delivery_ids: list[int]) -> None:
    """Enqueue deliveries; without Redis, send them before this process exits."""
    queue = app.extensions["fatura"].queue
    enqueue_deliveries(queue, delivery_ids)
    queue.drain(timeout=600)
    if delivery_ids:
        click.echo(f"{len(delivery_ids)} first copies queued")


@main.command("dispatch-pending")
def dispatch_pending() -> None:
    """Send the held first copies of invoices authorised since they were issued."""
    from services.core.runtime import db_session
    from services.delivery import issuance

    app = _app()
    with app.app_context():
        session = db_session()
        ids = issuance.release_held(session)
        session.commit()
        _send(app, ids)
    click.echo(f"{len(ids)} held first copies released")


@main.command("sweep")
def sweep() -> None:
    """Re-enqueue deliveries left pending, recover or flag those left sending."""
    from models import utcnow
    from services.core.runtime import db_session
    from services.delivery import sweeper

    app = _app()
    with app.app_context():
        report = sweeper.sweep(db_session(), utcnow())
        _send(app, report.requeue + report.recovered)
    click.echo(
        f"{len(report.requeue)} requeued, {len(report.recovered)} recovered, "
        f"{len(report.needs_review)} need review"
    )


@main.command("print-batch")
@click.option("--reference", required=True, help="competência AAAA-MM")
@click.option("--output", type=click.Path(dir_okay=False), default="-", show_default=True)
def print_batch(reference: str, output: str) -> None:
    """Write the CSV of UCs that still need the printed invoice for a competência."""
    from billing.competence import REFERENCE
    from services.core.runtime import db_session
    from services.delivery import print_batch as batch

    if not REFERENCE.fullmatch(reference):
        raise click.BadParameter("use AAAA-MM, e.g. 2026-10", param_hint="--reference")
    app = _app()
    with app.app_context(), click.open_file(output, "w", encoding="utf-8") as out:
        count = batch.write_csv(db_session(), reference, out)
    click.echo(f"{count} invoices and contract copies to print", err=True)


def _bank_file(path: str) -> str:
    """A bank's file as text (banks write ISO-8859-1)."""
    from pathlib import Path

    return Path(path).read_bytes().decode("latin-1")


def _report_and_exit(summary: Any) -> None:
    """Print an import's summary (on stderr when rejected) and exit 1 when rejected."""
    for line in summary.lines():
        click.echo(line, err=summary.status == "rejected")
    sys.exit(1 if summary.status == "rejected" else 0)


@main.command("import-return")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_return(path: str) -> None:
    """Import a FEBRABAN arrecadação return file: invoices paid, unknown documents kept."""
    from pathlib import Path

    from services.collection.bank_returns import import_return as run_import
    from services.core.runtime import db_session
    from services.delivery.paid_notices import confirm_payments

    text = _bank_file(path)
    app = _app()
    with app.app_context():
        summary = run_import(db_session(), text, Path(path).name)
        _send(app, confirm_payments(db_session(), summary.paid_ids))
    _report_and_exit(summary)


@main.command("close-day")
@click.option("--day", default=None, help="AAAA-MM-DD (default: today in São Paulo)")
def close_day(day: str | None) -> None:
    """Day close: reverse unpaid updated-debt invoices; their originals reopen."""
    from services.collection.closed_days import mark_closed
    from services.collection.updated_debt import close_day as run_close
    from services.core.runtime import db_session

    when = _day_option(day)
    app = _app()
    with app.app_context():
        count = run_close(db_session(), when)
        mark_closed(db_session(), when, "close-day")
        db_session().commit()
    click.echo(f"day close {when}: {count} updated-debt invoices reversed; the day is closed")


@main.command("installments")
@click.option("--day", default=None, help="AAAA-MM-DD (default: today in São Paulo)")
def installments(day: str | None) -> None:
    """Installment plans' routine: lapse unpaid entradas, issue installments, anticipate."""
    from services.core.runtime import db_session
    from services.installments.routine import run_day

    when = _day_option(day)
    app = _app()
    with app.app_context():
        report = run_day(db_session(), when)
        _send(app, report.deliveries)
    click.echo(f"installments {when}: {report.line()}")


@main.command("purge")
def purge() -> None:
    """Remove what outlived its retention setting (LGPD); print how many of each kind."""
    from models import utcnow
    from services.core.runtime import current, db_session
    from services.privacy import retention

    app = _app()
    with app.app_context():
        report = retention.purge(db_session(), current().storage, utcnow())
    for line in report.lines():
        click.echo(line)


@main.group("lgpd")
def lgpd() -> None:
    """Data-subject requests (LGPD): export or erase what is held about a CPF/CNPJ."""


def _lgpd_request(run: Callable[[Session], T]) -> T:
    """Run a request in the app; an invalid CPF/CNPJ exits 2, an unknown one 1 (stderr)."""
    from billing.validation import InvalidValue
    from services.core.runtime import db_session
    from services.privacy.lgpd import SubjectNotFound

    app = _app()
    with app.app_context():
        try:
            return run(db_session())
        except InvalidValue as exc:
            raise click.BadParameter(str(exc), param_hint="--document") from None
        except SubjectNotFound as exc:
            raise click.ClickException(str(exc)) from None


@lgpd.command("export")
@click.option("--document", required=True, help="CPF/CNPJ, with or without punctuation")
@click.option("--output", type=click.Path(dir_okay=False), default="-", show_default=True)
def lgpd_export(document: str, output: str) -> None:
    """Write JSON of everything held about the titular (to --output, or stdout)."""
    from models import utcnow
    from services.privacy.lgpd_export import dumps, export

    text = dumps(_lgpd_request(lambda session: export(session, document, utcnow()))) + "\n"
    if output == "-":
        click.echo(text, nl=False)
        return
    # Personal data: readable by the file's owner only.
    with os.fdopen(
        os.open(output, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "w", encoding="utf-8"
    ) as out:
        out.write(text)


@lgpd.command("erase")
@click.option("--document", required=True, help="CPF/CNPJ, with or without punctuation")
def lgpd_erase(document: str) -> None:
    """Anonymise the titular's chats, phones and deliveries; keep invoices and consents."""
    from services.privacy.lgpd_erase import erase

    report = _lgpd_request(lambda session: erase(session, document))
    for line in report.lines():
        click.echo(line)
    if not report.changed:
        click.echo("nothing left to erase for this titular: nothing changed")


@main.command("create-admin")
@click.argument("login")
def create_admin(login: str) -> None:
    """Create a staff user (or reset its password): FATURA_ADMIN_PASSWORD or a prompt."""
    from services.core.runtime import db_session
    from services.people.staff import StaffError, create_or_reset

    password = os.environ.get("FATURA_ADMIN_PASSWORD") or getpass.getpass("password: ")
    app = _app()
    with app.app_context():
        try:
            created = create_or_reset(db_session(), login, password)
        except StaffError as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"staff user {login} {'created' if created else 'password changed'}")


@main.command("demo-data")
def demo_data() -> None:
    """Load the demo distributor (UC 131030, teste@teste.com, six months of invoices)."""
    from services.core.clock import local_today
    from services.core.runtime import db_session
    from services.erp.demo import load_demo

    app = _app()
    with app.app_context():
        report = load_demo(db_session(), local_today())
    click.echo(f"demo data: {report.summary()}")


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=int, default=None, help="default: $PORT or 5000")
def serve(host: str, port: int | None) -> None:
    """Run the web service with its in-process worker (what `make run` starts)."""
    from werkzeug.serving import run_simple

    from workers import periodic

    logging.getLogger().setLevel(logging.INFO)
    app = _app()
    config = app.extensions["fatura"].config
    for name, seconds in periodic.SCHEDULE:
        app.extensions["fatura"].queue.every(seconds, getattr(periodic, name))
    app.extensions["fatura"].queue.every(periodic.DAY_SECONDS, periodic.purge)
    port = port or config.port
    base = f"http://{host}:{port}"
    for line in _banner(base, config.api_token):
        click.echo(line)
    run_simple(host, port, app, threaded=True, use_reloader=False)


def _banner(base: str, api_token: str | None) -> list[str]:
    """What a newcomer needs to start clicking around."""
    lines = ["", "fatura-digital is running:", f"  health       {base}/healthz"]
    if api_token:
        lines.append(f"  ERP API      {base}/api/v1/settings   (Authorization: Bearer {api_token})")
    demo_login = os.environ.get("FATURA_DEMO_LOGIN", "admin")
    demo_password = os.environ.get("FATURA_ADMIN_PASSWORD", "")
    lines += [
        f"  simulator    {base}/simulator",
        f"  admin        {base}/admin/   (login {demo_login} / {demo_password or '<see README>'})",
        "",
    ]
    return lines


def _day_option(value: str | None, hint: str = "--day") -> date:
    """AAAA-MM-DD, or today in São Paulo; a bad value names the option `hint`."""
    from services.core.clock import local_today

    try:
        return date.fromisoformat(value) if value else local_today()
    except ValueError:
        raise click.BadParameter("use AAAA-MM-DD", param_hint=hint) from None


@main.command("reopen-day")
@click.option("--day", required=True, help="AAAA-MM-DD")
@click.option("--user", "actor", required=True, help="staff login (collection_sequence_user)")
def reopen_day(day: str, actor: str) -> None:
    """Reopen a closed collection day (the allowed user only; audited)."""
    from services.collection.closed_days import NotAllowed, reopen
    from services.core.runtime import db_session

    when = _day_option(day)
    with _app().app_context():
        try:
            reopened = reopen(db_session(), when, actor)
        except NotAllowed as exc:
            raise click.ClickException(str(exc)) from None
    click.echo(f"day {when} {'reopened' if reopened else 'was not closed: nothing changed'}")


@main.command("import-debit-return")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
def import_debit_return(path: str) -> None:
    """Import a bank's automatic-debit file: opt-ins/outs (B) and debit results (F)."""
    from pathlib import Path

    from services.collection.debit_returns import import_debit_return as run_import
    from services.core.clock import local_today
    from services.core.runtime import db_session
    from services.delivery.debit_notices import notify_failed
    from services.delivery.paid_notices import confirm_payments

    text = _bank_file(path)
    app = _app()
    with app.app_context():
        summary = run_import(db_session(), text, Path(path).name)
        results = summary.results
        ids = notify_failed(db_session(), results.failed_request_ids, local_today())
        _send(app, ids + confirm_payments(db_session(), results.paid_ids))
    _report_and_exit(summary)


@main.command("debit-file")
@click.option("--bank", required=True, help="bank code, 3 digits")
@click.option("--date", "day", default=None, help="AAAA-MM-DD (default: today in São Paulo)")
@click.option("--output", type=click.Path(dir_okay=False), default=None, help="default: name")
def debit_file(bank: str, day: str | None, output: str | None) -> None:
    """Write the automatic-debit file for a bank (E debits, D id changes); print its path."""
    from services.collection.debit_remessa import NoAgreement, generate
    from services.core.runtime import db_session

    when = _day_option(day, "--date")
    with _app().app_context():
        try:
            made = generate(db_session(), bank, when, "cli")
        except NoAgreement as exc:
            raise click.ClickException(str(exc)) from None
    if made is None:
        click.echo(f"nothing to debit at bank {bank} for {when}: no file written", err=True)
        return
    path = output or made.filename
    with open(path, "w", encoding="latin-1", newline="") as out:
        out.write(made.text)
    click.echo(path)
    summary = f"sequence {made.sequence}: {made.requests} debits ({made.total}), {made.changes} D"
    click.echo(summary, err=True)


@main.command("debit-sequence")
@click.option("--bank", required=True, help="bank code, 3 digits")
@click.option("--set", "value", type=int, default=None, help="the last sequence used")
@click.option("--user", "actor", default=None, help="staff login (collection_sequence_user)")
def debit_sequence(bank: str, value: int | None, actor: str | None) -> None:
    """Show, or (the allowed user only; audited) set, the last file sequence of a bank."""
    from services.collection import sequences
    from services.collection.closed_days import NotAllowed
    from services.core.runtime import db_session

    with _app().app_context():
        if value is not None:
            try:
                sequences.set_last(db_session(), bank, value, actor or "")
            except (NotAllowed, ValueError) as exc:
                raise click.ClickException(str(exc)) from None
        click.echo(f"bank {bank}: last sequence {sequences.last(db_session(), bank)}")


if __name__ == "__main__":
    main()
