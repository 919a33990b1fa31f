"""Login, logout and the home page of the admin."""

from __future__ import annotations

import logging
from decimal import Decimal
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from sqlalchemy import func, select

from admin import charts, known_browser
from admin.blueprint import bp
from admin.handoff_view import waited
from admin.security import csrf, current_staff, login_session
from models import Delivery, Handoff, UnknownPayment, utcnow
from services.chat import traffic
from services.chat.free_text_review import outages_on
from services.core import formats
from services.core.clock import local_today
from services.core.runtime import current, db_session
from services.delivery.queries import PROBLEMS
from services.handoff.stats import HandoffStats, last_30_days
from services.people.staff import LoginRefused, authenticate, log_out

log = logging.getLogger(__name__)

REFUSED = "Login ou senha incorretos."
THROTTLED = "Muitas tentativas sem sucesso. Aguarde 15 minutos e tente de novo."


def _safe_next(target: str | None) -> str:
    """Only a local /admin or /simulator path may follow a login (no open redirect)."""
    if target and target.startswith(("/admin", "/simulator")) and not urlsplit(target).netloc:
        return target
    return url_for("admin.home")


@cache
def _warn_unproxied() -> None:
    """Say once per process that a proxy sits in front but FATURA_PROXY_HOPS is 0."""
    log.warning(
        "login requests carry X-Forwarded-For but FATURA_PROXY_HOPS=0: every client shares "
        "the proxy's address in the login throttle; set FATURA_PROXY_HOPS"
    )


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The login form; a POST checks CSRF, the throttle and the password."""
    if request.method == "GET":
        if current_staff() is not None:
            return redirect(url_for("admin.home"))
        return render_template("admin/login.html", next=request.args.get("next", ""))
    csrf.protect()
    form = request.form
    if "X-Forwarded-For" in request.headers and not current().config.proxy_hops:
        _warn_unproxied()
    name = form.get("login", "").strip().lower()[:60]
    browser = known_browser.browser_id(name)
    try:
        user = authenticate(
            db_session(),
            name,
            form.get("password", ""),
            request.remote_addr or "-",
            utcnow(),
            browser=browser,
        )
    except LoginRefused as exc:
        status = 429 if exc.throttled else 401
        message = THROTTLED if exc.throttled else REFUSED
        page = render_template("admin/login.html", error=message, next=form.get("next", ""))
        return page, status
    login_session(user)
    response = redirect(_safe_next(form.get("next")))
    return known_browser.remember(response, user.login, browser)


@bp.post("/logout")
def logout() -> Any:
    """End the session here and, on the server, every other one of this user."""
    user = current_staff()
    if user is not None:
        log_out(db_session(), user)
    session.clear()
    flash("Sessão encerrada.")
    return redirect(url_for("admin.login"))


def _figures(stats: HandoffStats) -> dict[str, Any]:
    """The hand-off figures as the home page writes them, and the bars of its charts."""
    average = stats.rating_average
    return {
        "median": waited(stats.median_seconds) if stats.median_seconds is not None else "—",
        "p90": waited(stats.p90_seconds) if stats.p90_seconds is not None else "—",
        "average": "—" if average is None else formats.number(Decimal(f"{average:.1f}"), 1),
        "per_day": charts.per_day(stats.per_day),
        "ratings": charts.ratings(stats.ratings),
        "first_answer": charts.first_answer(stats.median_seconds, stats.p90_seconds),
    }


@bp.get("/")
def home() -> Any:
    """What needs attention today: open hand-offs, failed deliveries, unknown payments, the
    outages reported today (São Paulo); the last hour's messages a minute with the outage
    reports among them (a storm shows as it starts); the last 30 days of hand-offs."""
    db = db_session()
    counts = {
        "handoffs": db.scalar(select(func.count()).where(Handoff.handled_at.is_(None))),
        "failed": db.scalar(select(func.count()).where(Delivery.status.in_(PROBLEMS))),
        "unknown": db.scalar(select(func.count()).select_from(UnknownPayment)),
        "outages": outages_on(db, local_today()),
    }
    stats = last_30_days(db, utcnow())
    hour = [(s.start, s.messages, s.outages) for s in traffic.last_hour(db, utcnow())]
    rate = charts.message_rate(hour, int(traffic.SLICE.total_seconds() // 60))
    return render_template(
        "admin/home.html",
        counts=counts,
        stats=stats,
        figures=_figures(stats),
        chart=charts,
        rate=rate,
        hour_messages=sum(m for _, m, _ in hour),
        hour_outages=sum(o for _, _, o in hour),
    )
