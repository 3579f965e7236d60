"""The project's modules as code: each module-level name is bound once."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _bound_twice(path: Path) -> dict[str, list[int]]:
    lines: dict[str, list[int]] = defaultdict(list)
    for node in ast.parse(path.read_text(encoding="utf-8")).body:
        if isinstance(node, ast.Assign):
            names = [t.id for t in node.targets if isinstance(t, ast.Name)]
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names = [node.target.id]
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names = [node.name]
        else:
            continue
        for name in names:
            lines[name].append(node.lineno)
    return {name: at for name, at in lines.items() if len(at) > 1}


def test_each_module_level_name_is_bound_once() -> None:
    # a second binding silently replaces the first for every function of the module: a second,
    # narrower `_AUXILIARIES` in the checks hid "could" from the short-denial check
    modules = [ROOT / "app.py", *sorted((ROOT / "assistant").rglob("*.py"))]
    modules += sorted((ROOT / "index").rglob("*.py"))
    assert len(modules) > 20
    twice = {str(p.relative_to(ROOT)): d for p in modules if (d := _bound_twice(p))}
    assert twice == {}
