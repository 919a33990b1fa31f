"""Reading and changing the parameters: one validated whole, audited, defaults filled in."""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from billing.validation import InvalidValue
from models import AuditLog, Setting
from services.settings.spec import BY_NAME
from services.settings.values import Settings

log = logging.getLogger(__name__)


class SettingsError(ValueError):
    """One or more values were refused; `fields` maps each name to why. Nothing was saved."""

    def __init__(self, fields: dict[str, str]) -> None:
        """Keep the per-field reasons."""
        self.fields = fields
        super().__init__("; ".join(f"{name}: {why}" for name, why in fields.items()))


def load(session: Session) -> Settings:
    """All parameters, stored values over defaults; unknown stored names are ignored."""
    rows = session.execute(select(Setting.name, Setting.value))
    return Settings.from_mapping({name: value for name, value in rows})


CACHE_SECONDS = 5.0
_cache: tuple[float, Settings] | None = None


def load_cached(session: Session) -> Settings:
    """The parameters, reread at most every few seconds: for the chat's hot path (one shared,
    frozen instance per reread, so no copy per message).

    A change made in this process is seen at once (update() drops the cache); one made
    by another process within CACHE_SECONDS.
    """
    global _cache
    now = time.monotonic()
    if _cache is None or now - _cache[0] > CACHE_SECONDS:
        _cache = (now, load(session))
    return _cache[1]  # frozen: every caller may share it


def validate(changes: Mapping[str, Any], current: Settings) -> dict[str, Any]:
    """Check every change and the result as a whole; return parsed values or raise SettingsError."""
    errors: dict[str, str] = {}
    parsed: dict[str, Any] = {}
    for name, value in changes.items():
        spec = BY_NAME.get(name)
        if spec is None:
            errors[name] = "parâmetro desconhecido"
            continue
        try:
            parsed[name] = spec.parse(value)
        except InvalidValue as exc:
            errors[name] = str(exc)
    if not errors:
        errors.update(_consistency({**current.as_dict(), **parsed}))
    if errors:
        raise SettingsError(errors)
    return parsed


def _consistency(merged: Mapping[str, Any]) -> dict[str, str]:
    """Rules that involve several parameters at once."""
    errors: dict[str, str] = {}
    if merged["barcode_type"] == "boleto":
        if merged["bank_code"] != "001":
            errors["bank_code"] = "boleto é emitido apenas pelo Banco do Brasil (001)"
        if not merged["bank_convenio"]:
            errors["bank_convenio"] = "boleto exige o convênio de 7 dígitos"
    if merged["pix_key"] and not (merged["pix_merchant_name"] and merged["pix_merchant_city"]):
        errors["pix_key"] = "PIX exige também nome e cidade do recebedor"
    return errors


def update(session: Session, changes: Mapping[str, Any], actor: str) -> Settings:
    """Validate `changes` whole, store and audit them, commit; return the new full set."""
    current = load(session)
    parsed = validate(changes, current)
    for name, value in parsed.items():
        old = getattr(current, name)
        if old == value:
            continue
        row = session.get(Setting, name)
        if row is None:
            session.add(Setting(name=name, value=value, updated_by=actor))
        else:
            row.value, row.updated_by = value, actor
        session.add(
            AuditLog(
                actor=actor,
                action="setting.update",
                entity="setting",
                entity_id=name,
                detail={"old": old, "new": value},
            )
        )
    session.commit()
    global _cache
    _cache = None
    log.info("settings updated by %s: %s", actor, sorted(parsed))
    return current.changed(parsed)
