"""Configuration read from the environment exactly as docs/interfaces.md#environment names it."""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field

DEFAULT_DATABASE_URL = "sqlite:///instance/fatura.sqlite3"
DEFAULT_TWILIO_API_BASE_URL = "https://api.twilio.com"


class ConfigError(RuntimeError):
    """Raised when the environment cannot run the service; the message is one line."""


def normalise_database_url(url: str) -> str:
    """Map the common `postgres://` / `postgresql://` spellings to the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


def _blank_to_none(value: str | None) -> str | None:
    """Treat an empty variable as unset, as shells and Procfile runners often export them empty."""
    return value if value else None


@dataclass(frozen=True)
class Config:
    """Everything the service reads from its environment, validated once at start-up."""

    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    secret_key_set: bool = False
    app_env: str = "development"
    port: int = 5000
    public_base_url: str = "http://127.0.0.1:5000"
    api_token: str | None = field(default=None, repr=False)
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = field(default=None, repr=False)
    twilio_api_base_url: str = DEFAULT_TWILIO_API_BASE_URL
    twilio_whatsapp_from: str | None = None
    twilio_sms_from: str | None = None
    twilio_whatsapp_template_sid: str | None = None
    twilio_whatsapp_handoff_template_sid: str | None = None
    smtp_url: str | None = field(default=None, repr=False)
    mail_from: str | None = None
    media_dir: str = "instance/media"
    media_link_hours: int = 24
    proxy_hops: int = 0
    defer_backlog: int = 4  # FATURA_DEFER_BACKLOG: see services/chat/deferral.py

    @property
    def production(self) -> bool:
        """True when running as a real distributor's service."""
        return self.app_env == "production"

    @property
    def twilio_configured(self) -> bool:
        """True when a Twilio account is named (production then also needs its auth token)."""
        return bool(self.twilio_account_sid)

    @property
    def twilio_rest_ready(self) -> bool:
        """True when WhatsApp/SMS go through Twilio's REST API rather than the outbox."""
        return bool(self.twilio_account_sid and self.twilio_auth_token)

    @property
    def webhooks_unsigned_ok(self) -> bool:
        """Unsigned webhooks only in development with outbox channels and no auth token."""
        return (
            self.app_env == "development"
            and not self.twilio_auth_token
            and not self.twilio_rest_ready
        )

    @property
    def smtp_configured(self) -> bool:
        """True when e-mail goes through SMTP rather than the outbox."""
        return bool(self.smtp_url)

    @property
    def real_providers_configured(self) -> bool:
        """True when any real provider credential is set (Twilio account or token, SMTP)."""
        return bool(self.twilio_account_sid or self.twilio_auth_token or self.smtp_url)

    @property
    def simulator_open(self) -> bool:
        """True when the chat simulator needs no login and may write as any number.

        Only the embedded default of `make run` qualifies: no provider credentials (so its
        signature is worth nothing and everything lands in the outbox) and not production.
        Anything else puts it behind staff login and off consumers' numbers, whatever APP_ENV.
        """
        return not self.real_providers_configured and not self.production

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Config:
        """Build and validate a Config from a mapping (default: os.environ)."""
        env = os.environ if env is None else env
        get = lambda name: _blank_to_none(env.get(name))  # noqa: E731
        port = _parse_port(get("PORT"))
        secret = get("SECRET_KEY")
        config = cls(
            database_url=normalise_database_url(get("DATABASE_URL") or DEFAULT_DATABASE_URL),
            redis_url=get("REDIS_URL"),
            secret_key=secret or secrets.token_hex(32),
            secret_key_set=secret is not None,
            app_env=get("APP_ENV") or "development",
            port=port,
            public_base_url=(get("PUBLIC_BASE_URL") or f"http://127.0.0.1:{port}").rstrip("/"),
            api_token=get("API_TOKEN"),
            twilio_account_sid=get("TWILIO_ACCOUNT_SID"),
            twilio_auth_token=get("TWILIO_AUTH_TOKEN"),
            twilio_api_base_url=(get("TWILIO_API_BASE_URL") or DEFAULT_TWILIO_API_BASE_URL).rstrip(
                "/"
            ),
            twilio_whatsapp_from=get("TWILIO_WHATSAPP_FROM"),
            twilio_sms_from=get("TWILIO_SMS_FROM"),
            twilio_whatsapp_template_sid=get("TWILIO_WHATSAPP_TEMPLATE_SID"),
            twilio_whatsapp_handoff_template_sid=get("TWILIO_WHATSAPP_HANDOFF_TEMPLATE_SID"),
            smtp_url=get("SMTP_URL"),
            mail_from=get("MAIL_FROM"),
            media_dir=get("FATURA_MEDIA_DIR") or "instance/media",
            media_link_hours=_parse_hours(get("MEDIA_LINK_HOURS")),
            proxy_hops=_parse_hops(get("FATURA_PROXY_HOPS")),
            defer_backlog=_parse_backlog(get("FATURA_DEFER_BACKLOG")),
        )
        config.check()
        return config

    def check(self) -> None:
        """Refuse to run a misconfigured service, naming every missing or wrong variable."""
        if self.app_env not in ("development", "production", "test"):
            raise ConfigError(
                f"APP_ENV must be development, production or test, not {self.app_env!r}"
            )
        if not self.production:
            return
        missing = [name for name, ok in self._production_requirements() if not ok]
        if missing:
            raise ConfigError("APP_ENV=production requires " + ", ".join(missing))

    def _production_requirements(self) -> list[tuple[str, bool]]:
        """Pairs of (variable, present) that production needs."""
        required = [("SECRET_KEY", self.secret_key_set), ("API_TOKEN", bool(self.api_token))]
        if self.twilio_configured:
            required.append(("TWILIO_AUTH_TOKEN", bool(self.twilio_auth_token)))
        return required


def _parse_port(value: str | None) -> int:
    """Read PORT, defaulting to 5000, with a clear error for garbage."""
    if value is None:
        return 5000
    if not value.isdigit() or not 0 < int(value) < 65536:
        raise ConfigError(f"PORT must be a number from 1 to 65535, not {value!r}")
    return int(value)


def _parse_hours(value: str | None) -> int:
    """Read MEDIA_LINK_HOURS (how long a document link works), default 24."""
    if value is None:
        return 24
    if not value.isdigit() or not 0 < int(value) <= 24 * 90:
        raise ConfigError(
            f"MEDIA_LINK_HOURS must be a number of hours from 1 to 2160, not {value!r}"
        )
    return int(value)


def _parse_hops(value: str | None) -> int:
    """Read FATURA_PROXY_HOPS: how many reverse proxies in front may set X-Forwarded-For."""
    if value is None:
        return 0
    if not value.isdigit() or int(value) > 5:
        raise ConfigError(f"FATURA_PROXY_HOPS must be a number from 0 to 5, not {value!r}")
    return int(value)


def _parse_backlog(value: str | None) -> int:
    """Read FATURA_DEFER_BACKLOG: how many connections may wait in the web server's accept
    queue before a message is answered later, through the REST API (0: every message)."""
    if value is None:
        return 32
    if not value.isdigit() or int(value) > 100_000:
        raise ConfigError(f"FATURA_DEFER_BACKLOG must be a number from 0 to 100000, not {value!r}")
    return int(value)
