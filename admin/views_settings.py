"""Parametrização: every parameter of docs/interfaces.md#settings, in the groups the ERP uses.

The form posts every field; they are turned into the API's JSON types and go through the same
`settings.update` as `PATCH /api/v1/settings`: validated whole, audited with the staff login,
nothing saved when one value is wrong.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for

from admin.blueprint import bp
from admin.security import actor
from services import settings
from services.core.runtime import db_session
from services.settings.spec import SPECS, SettingSpec

CHOICES = {
    "barcode_type": (("arrecadacao", "Arrecadação (FEBRABAN, segmento)"), ("boleto", "Boleto")),
}


def _groups() -> list[tuple[str, list[SettingSpec]]]:
    """The parameters in their groups, in the order services.settings_spec lists them."""
    groups: dict[str, list[SettingSpec]] = {}
    for spec in SPECS:
        groups.setdefault(spec.group, []).append(spec)
    return list(groups.items())


def _from_form(spec: SettingSpec, form: Any) -> Any:
    """The form's text as the JSON value `settings.validate` expects (bool, int or text)."""
    if spec.kind == "bool":
        return form.get(spec.name) == "on"
    raw = form.get(spec.name, "")
    if spec.kind == "int":
        raw = raw.strip()
        return int(raw) if raw.lstrip("-").isdigit() else raw
    if spec.kind == "money":
        return raw.strip().replace(",", ".")
    return raw


def _page(values: dict[str, Any], errors: dict[str, str] | None = None, status: int = 200) -> Any:
    """The form with the given values (stored ones, or what was typed when refused)."""
    page = render_template(
        "admin/parametros.html",
        groups=_groups(),
        values=values,
        errors=errors or {},
        choices=CHOICES,
    )
    return page, status


@bp.get("/parametros")
def parametros() -> Any:
    """The current parameters."""
    return _page(settings.load(db_session()).as_dict())


@bp.post("/parametros")
def parametros_salvar() -> Any:
    """Save the changed parameters, or show each refused field with why (nothing saved)."""
    db = db_session()
    current = settings.load(db).as_dict()
    typed = {spec.name: _from_form(spec, request.form) for spec in SPECS}
    changes = {name: value for name, value in typed.items() if value != current[name]}
    try:
        settings.update(db, changes, actor=actor())
    except settings.SettingsError as exc:
        db.rollback()
        return _page({**current, **typed}, exc.fields, 422)
    flash(f"{len(changes)} parâmetro(s) alterado(s)." if changes else "Nada alterado.", "ok")
    return redirect(url_for("admin.parametros"))
