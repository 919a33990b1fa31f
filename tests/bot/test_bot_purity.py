"""bot/ stays documented; its imports are held by the import-linter contracts in
pyproject.toml (tests/test_import_contracts.py)."""

from __future__ import annotations

from pathlib import Path

BOT = Path(__file__).resolve().parents[2] / "bot"
SOURCES = sorted(BOT.glob("*.py"))


def test_sources_found() -> None:
    """The walk really sees the package."""
    assert {p.name for p in SOURCES} >= {"engine.py", "grammar.py", "texts.py", "types.py"}


def test_flows_diagram_exists() -> None:
    """FLOWS.md carries the Mermaid diagram and the state keys."""
    text = (BOT / "FLOWS.md").read_text(encoding="utf-8")
    assert "```mermaid" in text
    for key in ("last_at", "pending", "verified", "offered", "slip", "opted_out"):
        assert f"`{key}`" in text
