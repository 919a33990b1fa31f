"""bot/ stays a pure engine: no web, database, queue or provider imports."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from tests.purity import imported_roots

BOT = Path(__file__).resolve().parents[2] / "bot"
SOURCES = sorted(BOT.glob("*.py"))
FORBIDDEN = {
    "flask", "twilio", "sqlalchemy", "redis", "rq",
    "services", "models", "webhooks", "workers", "channels", "admin", "app", "config",
}  # fmt: skip
FIRST_PARTY_ALLOWED = {"bot", "billing"}


def test_sources_found() -> None:
    """The walk really sees the package."""
    assert {p.name for p in SOURCES} >= {"engine.py", "grammar.py", "texts.py", "types.py"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_forbidden_imports(path: Path) -> None:
    """Only the standard library, billing and bot (plus nothing from the edges)."""
    roots = imported_roots(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
    assert not roots & FORBIDDEN
    third_party = roots - set(sys.stdlib_module_names) - FIRST_PARTY_ALLOWED - {"__future__"}
    assert not third_party, f"{path.name} imports {third_party}"


def test_flows_diagram_exists() -> None:
    """FLOWS.md carries the Mermaid diagram and the state keys."""
    text = (BOT / "FLOWS.md").read_text(encoding="utf-8")
    assert "```mermaid" in text
    for key in ("last_at", "pending", "verified", "offered", "slip", "opted_out"):
        assert f"`{key}`" in text
