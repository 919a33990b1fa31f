"""Configuration from the environment and the production guards."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from config import Config, ConfigError

FATURA = str(Path(sys.executable).parent / "fatura")


def test_defaults_follow_the_contract() -> None:
    config = Config.from_env({})
    assert config.database_url == "sqlite:///instance/fatura.sqlite3"
    assert config.redis_url is None
    assert config.app_env == "development"
    assert config.public_base_url == "http://127.0.0.1:5000"
    assert config.api_token is None
    assert config.twilio_api_base_url == "https://api.twilio.com"
    assert not config.twilio_configured and not config.smtp_configured


def test_public_base_url_follows_port_and_postgres_urls_get_the_driver() -> None:
    config = Config.from_env({"PORT": "8080", "DATABASE_URL": "postgres://u@h:5432/d"})
    assert config.public_base_url == "http://127.0.0.1:8080"
    assert config.database_url == "postgresql+psycopg://u@h:5432/d"


def test_development_invents_a_secret_key_per_process() -> None:
    assert Config.from_env({}).secret_key != Config.from_env({}).secret_key


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, "SECRET_KEY, API_TOKEN"),
        ({"SECRET_KEY": "s"}, "API_TOKEN"),
        ({"API_TOKEN": "t"}, "SECRET_KEY"),
        ({"SECRET_KEY": "s", "API_TOKEN": "t", "TWILIO_ACCOUNT_SID": "AC1"}, "TWILIO_AUTH_TOKEN"),
    ],
)
def test_production_refuses_to_start_naming_what_is_missing(
    env: dict[str, str], missing: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        Config.from_env({"APP_ENV": "production", **env})
    message = str(caught.value)
    assert message == f"APP_ENV=production requires {missing}"
    assert "\n" not in message


def test_production_starts_with_everything_it_needs() -> None:
    env = {
        "APP_ENV": "production",
        "SECRET_KEY": "s",
        "API_TOKEN": "t",
        "TWILIO_ACCOUNT_SID": "AC1",
        "TWILIO_AUTH_TOKEN": "x",
    }
    config = Config.from_env(env)
    assert config.production and config.secret_key == "s"


def test_bad_port_and_app_env_are_refused() -> None:
    with pytest.raises(ConfigError, match="PORT"):
        Config.from_env({"PORT": "eighty"})
    with pytest.raises(ConfigError, match="APP_ENV"):
        Config.from_env({"APP_ENV": "prod"})


def test_secrets_are_not_in_the_config_repr() -> None:
    config = Config.from_env({"SECRET_KEY": "very-secret", "API_TOKEN": "tok-123"})
    assert "very-secret" not in repr(config) and "tok-123" not in repr(config)


def test_the_command_prints_one_line_and_exits_2_in_bad_production(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SECRET_KEY", "API_TOKEN"))}
    env.update(APP_ENV="production", DATABASE_URL=f"sqlite:///{tmp_path}/x.sqlite3")
    result = subprocess.run(
        [FATURA, "init-db"], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 2
    assert result.stderr.strip() == "error: APP_ENV=production requires SECRET_KEY, API_TOKEN"
    assert not (tmp_path / "x.sqlite3").exists()
