"""The import contracts in pyproject.toml (import-linter): each holds on this tree, and each
really fails when a module breaks it (on a copy of the tree with one forbidden import added)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LINT = str(Path(sys.executable).parent / "lint-imports")
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
CONTRACTS = [c["id"] for c in CONFIG["importlinter"]["contracts"]]
PACKAGES = CONFIG["importlinter"]["root_packages"]

# One way to break each contract: (contract, module file, the line appended to it).
VIOLATIONS = [
    ("layers", "services/core/__init__.py", "import workers.jobs"),
    ("services", "services/settings/__init__.py", "import services.delivery.deliveries"),
    ("bot-pure", "bot/__init__.py", "import flask"),
    ("bot-from-services", "webhooks/__init__.py", "import bot"),
    ("billing-pure", "billing/__init__.py", "import os"),
    ("models-alone", "models/__init__.py", "import billing"),
    ("entry-points", "services/core/__init__.py", "import cli"),
    ("config", "api/__init__.py", "import config"),
]


def _lint(cwd: Path, contract: str, cache: Path | None) -> subprocess.CompletedProcess[str]:
    """Run lint-imports on the tree at `cwd`, checking one contract."""
    args = [LINT, "--no-logo", f"--contract={contract}"]
    args += [f"--cache-dir={cache}"] if cache else ["--no-cache"]
    env = {**os.environ, "PYTHONPATH": str(cwd)}
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


def test_every_contract_has_a_violation_below() -> None:
    """Each contract is proven breakable by one case of test_a_forbidden_import_is_caught."""
    assert sorted(CONTRACTS) == sorted(c for c, _, _ in VIOLATIONS)


@pytest.mark.slow
@pytest.mark.parametrize("contract", CONTRACTS)
def test_the_tree_keeps_the_contract(contract: str, tmp_path_factory) -> None:  # type: ignore[no-untyped-def]
    """lint-imports finds the contract kept on the repository as it is."""
    result = _lint(ROOT, contract, tmp_path_factory.getbasetemp() / "import-linter-cache")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.fixture(scope="module")
def tree_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python packages and pyproject.toml, copied where a test may break them."""
    copy = tmp_path_factory.mktemp("tree")
    shutil.copy(ROOT / "pyproject.toml", copy)
    ignore = shutil.ignore_patterns("__pycache__")
    for package in PACKAGES:
        shutil.copytree(ROOT / package, copy / package, ignore=ignore)
    return copy


@pytest.mark.slow
@pytest.mark.parametrize(("contract", "module", "line"), VIOLATIONS, ids=str)
def test_a_forbidden_import_is_caught(
    tree_copy: Path, contract: str, module: str, line: str
) -> None:
    """Appending one forbidden import makes lint-imports report that contract broken."""
    path = tree_copy / module
    original = path.read_text(encoding="utf-8")
    path.write_text(f"{original}\n{line}  # noqa\n", encoding="utf-8")
    try:
        result = _lint(tree_copy, contract, None)
    finally:
        path.write_text(original, encoding="utf-8")
    assert result.returncode != 0
    assert "BROKEN" in result.stdout
    assert line.split()[-1] in result.stdout
