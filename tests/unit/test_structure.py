"""The house's rules that a line count or an import graph can check: small modules, a window that only
assembles, and no import loop anywhere (imports inside functions included: they hide loops)."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "inspector"
MAX_MODULE_LINES = 500
MAX_WINDOW_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def _imports(path: Path, known: dict[str, Path]) -> set[str]:
    """Every project module ``path`` imports, at the top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module, *(f"{node.module}.{alias.name}" for alias in node.names)]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        found.update(name for name in names if name in known)
    return found


def test_no_module_is_over_500_lines_and_the_window_only_assembles() -> None:
    sizes = {name: len(path.read_text().splitlines()) for name, path in _modules().items()}
    assert {name: n for name, n in sizes.items() if n > MAX_MODULE_LINES} == {}
    assert sizes["inspector.ui.main_window"] <= MAX_WINDOW_LINES


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every import loop between modules that are not each other's package (a package importing its own
    submodule, ``inspector.session`` → ``.core``, is how it re-exports)."""
    loops: list[list[str]] = []
    done: set[str] = set()

    def visit(name: str, trail: list[str]) -> None:
        for target in sorted(graph[name]):
            if target in trail:
                loop = [*trail[trail.index(target) :], target]
                if not all(b.startswith(f"{a}.") or a.startswith(f"{b}.") for a, b in itertools.pairwise(loop)):
                    loops.append(loop)
            elif target not in done:
                visit(target, [*trail, target])
        done.add(name)

    for name in sorted(graph):
        if name not in done:
            visit(name, [name])
    return loops


def test_there_is_no_import_loop() -> None:
    modules = _modules()
    assert _loops({name: _imports(path, modules) - {name} for name, path in modules.items()}) == []


def test_the_check_finds_a_loop_hidden_inside_functions(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def f():\n    import b\n")
    (tmp_path / "b.py").write_text("def g():\n    from a import f\n")
    known = {"a": tmp_path / "a.py", "b": tmp_path / "b.py"}
    graph = {name: _imports(path, known) for name, path in known.items()}
    assert graph == {"a": {"b"}, "b": {"a"}}
    assert _loops(graph) == [["a", "b", "a"]]
