"""billing/ stays pure: no file access or dynamic code, no float money (its imports are held by
the import-linter contracts in pyproject.toml: tests/test_import_contracts.py)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

BILLING = Path(__file__).resolve().parents[2] / "billing"
SOURCES = sorted(BILLING.glob("*.py"))


def test_sources_found() -> None:
    """The walk really sees the package."""
    assert {p.name for p in SOURCES} >= {"arrecadacao.py", "boleto.py", "pix.py", "payment.py"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: p.name)
def test_no_open_or_dynamic_code(path: Path) -> None:
    """No open(), __import__, exec or eval in any billing module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    calls = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert not calls & {"open", "__import__", "exec", "eval"}


def test_no_float_literals() -> None:
    """Money never passes through a float literal in the domain modules (drawings excepted)."""
    for path in SOURCES:
        if path.name in {"itf.py", "qr.py"}:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        floats = [
            n.value
            for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, float)
        ]
        assert not floats, f"{path.name} has float literals {floats}"
