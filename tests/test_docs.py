"""The documents stay true to the code: the settings table of docs/interfaces.md is the one
docs/gen_settings.py writes from the settings' definitions, and links between the documents
lead to files and sections that exist."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = [ROOT / "README.md", *sorted(ROOT.glob("docs/*.md")), *sorted(ROOT.glob("bench/*.md"))]
# Written on another branch at the same time; drop it from here once both are merged.
LINK = re.compile(r"\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*$", re.MULTILINE)


def _generator() -> ModuleType:
    """docs/gen_settings.py, loaded from its path (docs/ is not a package)."""
    spec = importlib.util.spec_from_file_location("gen_settings", ROOT / "docs" / "gen_settings.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_settings_table_is_generated_from_the_code() -> None:
    """Rerun `.venv/bin/python docs/gen_settings.py` after changing a setting."""
    generator = _generator()
    text = (ROOT / "docs" / "interfaces.md").read_text(encoding="utf-8")
    assert generator.current_table(text) == generator.table(), (
        "docs/interfaces.md's settings table differs from the code: "
        "run .venv/bin/python docs/gen_settings.py"
    )


def test_every_setting_has_a_row() -> None:
    """One row per setting, named as the API names it."""
    generator = _generator()
    rows = generator.table().splitlines()[2:]
    assert [row.split("`")[1] for row in rows] == [spec.name for spec in generator.SPECS]


def _anchors(path: Path) -> set[str]:
    """The section anchors GitHub gives a markdown file's headings."""
    text = re.sub(r"```.*?```", "", path.read_text(encoding="utf-8"), flags=re.DOTALL)
    return {
        re.sub(r"[^\w\- ]", "", heading.lower()).replace(" ", "-")
        for heading in HEADING.findall(text)
    }


def test_links_between_documents_lead_somewhere() -> None:
    """Every relative link names a file of the repository and, with #, one of its sections."""
    broken = []
    for document in DOCUMENTS:
        for target in LINK.findall(document.read_text(encoding="utf-8")):
            if target.startswith(("http://", "https://", "mailto:")):
                continue
            name, _, anchor = target.partition("#")
            path = (document.parent / name).resolve() if name else document
            if not path.exists():
                broken.append(f"{document.relative_to(ROOT)}: {target} (no such file)")
            elif anchor and path.exists() and path.suffix == ".md" and anchor not in _anchors(path):
                broken.append(f"{document.relative_to(ROOT)}: {target} (no such section)")
    assert not broken, "\n".join(broken)
