"""Login, logout and the home page of the admin."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from sqlalchemy import func, select

from admin.blueprint import bp
from admin.security import csrf, current_staff, login_session
from models import Delivery, Handoff, UnknownPayment, utcnow
from services.delivery_queries import PROBLEMS
from services.runtime import db_session
from services.staff import LoginRefused, authenticate

REFUSED = "Login ou senha incorretos."
THROTTLED = "Muitas tentativas sem sucesso. Aguarde 15 minutos e tente de novo."


def _safe_next(target: str | None) -> str:
    """Only a local /admin or /simulator path may follow a login (no open redirect)."""
    if target and target.startswith(("/admin", "/simulator")) and not urlsplit(target).netloc:
        return target
    return url_for("admin.home")


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    """The login form; a POST checks CSRF, the throttle and the password."""
    if request.method == "GET":
        if current_staff() is not None:
            return redirect(url_for("admin.home"))
        return render_template("admin/login.html", next=request.args.get("next", ""))
    csrf.protect()
    form = request.form
    try:
        user = authenticate(
            db_session(),
            form.get("login", ""),
            form.get("password", ""),
            request.remote_addr or "-",
            utcnow(),
        )
    except LoginRefused as exc:
        status = 429 if exc.throttled else 401
        message = THROTTLED if exc.throttled else REFUSED
        page = render_template("admin/login.html", error=message, next=form.get("next", ""))
        return page, status
    login_session(user)
    return redirect(_safe_next(form.get("next")))


@bp.post("/logout")
def logout() -> Any:
    """End the session."""
    session.clear()
    flash("Sessão encerrada.")
    return redirect(url_for("admin.login"))


@bp.get("/")
def home() -> Any:
    """What needs attention today: open hand-offs, failed deliveries, unknown payments."""
    db = db_session()
    counts = {
        "handoffs": db.scalar(select(func.count()).where(Handoff.handled_at.is_(None))),
        "failed": db.scalar(select(func.count()).where(Delivery.status.in_(PROBLEMS))),
        "unknown": db.scalar(select(func.count()).select_from(UnknownPayment)),
    }
    return render_template("admin/home.html", counts=counts)
