"""The tree shows the layers: what each folder may import, no import cycle, modules that fit in a head.

Read from the source (an AST walk, imports inside functions included: a cycle hidden in a function is
still a cycle), so a new module is checked the day it appears.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "dashboard"
#: What each layer may import of the dashboard, besides itself. Lower layers never import higher ones:
#: data in → the query (view state, view, engine) → figures → charts → output (exports, reports, images,
#: embeds) → stories → web (what answers HTTP). ``language`` (words and formats), ``paths`` (where the files
#: are, in a checkout or an installed package) and ``ids`` sit under all.
UNDER_ALL = {"paths"}
MAY_IMPORT = {
    "language": set(),
    "data": {"language"},
    "query": {"language", "data"},
    "figures": {"language", "data", "query"},
    "compare": {"language", "data", "query"},
    "curation": {"language", "data"},
    "charts": {"language", "data", "query", "figures", "ids"},
    "output": {"language", "data", "query", "figures", "charts", "compare"},
    "stories": {"language", "data", "query", "figures", "charts", "output"},
    "web": {"language", "data", "query", "figures", "charts", "output", "stories", "compare", "curation", "ids",
            "settings"},
}
LONGEST_MODULE = 400


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """The dashboard modules ``path`` imports (a name imported from a package counts as its submodule when
    it is one, else as the package)."""
    found = set()
    package = _module_name(path) if path.name == "__init__.py" else _module_name(path).rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "dashboard"}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1] + ([base] if base else []))
            if base.split(".")[0] != "dashboard":
                continue
            for alias in node.names:
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {m for m in found if m in modules and m != _module_name(path)}


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(path, modules) for name, path in modules.items()}


def _layer(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "dashboard"


def test_no_import_cycle():
    graph = _graph()
    cycles = [component for component in _strongly_connected(graph) if len(component) > 1]
    assert not cycles, f"import cycles: {cycles}"


@pytest.mark.parametrize("layer", sorted(MAY_IMPORT))
def test_each_layer_imports_only_the_layers_below(layer):
    wrong = sorted(f"{module} imports {target}" for module, targets in _graph().items() if _layer(module) == layer
                   for target in targets if _layer(target) not in MAY_IMPORT[layer] | UNDER_ALL | {layer})
    assert not wrong, "\n".join(wrong)


def test_every_module_sits_in_a_layer_or_is_a_door():
    """Modules flat in ``dashboard/`` are the doors (the Python API, the CLI, the WSGI server, ``__main__``), the
    settings, the ids and the files' paths — the rest live in the folder of their layer."""
    flat = sorted(p.stem for p in PACKAGE.glob("*.py") if p.stem != "__init__")
    assert flat == ["__main__", "api", "cli", "ids", "paths", "settings", "wsgi"]
    assert {p.parent.name for p in PACKAGE.glob("*/__init__.py")} == set(MAY_IMPORT)


def test_no_module_over_400_lines():
    long = {name: n for name, path in _modules().items()
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > LONGEST_MODULE}
    assert not long, long


def test_tests_never_import_the_benchmarks():
    """What the tests share lives in ``tests/support/``, which the benchmarks borrow — never the reverse: a test
    that imported a benchmark would depend on a script kept for its numbers."""
    tests = PACKAGE.parent / "tests"
    wrong = sorted(f"{path.relative_to(tests.parent)}:{node.lineno}" for path in tests.rglob("*.py")
                   for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
                   if "benchmarks" in _top_level_names(node))
    assert not wrong, wrong


def _top_level_names(node: ast.AST) -> set[str]:
    """The top-level packages an import statement names (none for other nodes, or a relative import)."""
    if isinstance(node, ast.Import):
        return {alias.name.split(".")[0] for alias in node.names}
    if isinstance(node, ast.ImportFrom) and not node.level and node.module:
        return {node.module.split(".")[0]}
    return set()


def test_the_check_finds_a_cycle_and_a_layer_break():
    """The checks above can fail: a made-up graph with a cycle and an upward import is caught."""
    graph = {"dashboard.query.a": {"dashboard.query.b"}, "dashboard.query.b": {"dashboard.query.a"},
             "dashboard.figures.c": {"dashboard.web.app"}, "dashboard.web.app": set()}
    assert [sorted(c) for c in _strongly_connected(graph) if len(c) > 1] == [["dashboard.query.a", "dashboard.query.b"]]
    assert "web" not in MAY_IMPORT[_layer("dashboard.figures.c")]


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's strongly connected components, iteratively."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components = []
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = len(index)
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components
