"""Reading a module's imports without running it, for the purity tests of billing/ and bot/."""

from __future__ import annotations

import ast


def imported_roots(tree: ast.AST) -> set[str]:
    """Top-level package names of every absolute import in a module."""
    roots: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            roots.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots
