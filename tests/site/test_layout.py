"""The layout keeps its promises (docs/architecture.md): imports point one way, with no
circle; nothing but benchmarks imports bench; no module outgrows ~500 lines.

Read from the source with ``ast`` (every import, inside functions too), so a dodge such as
an import moved into a function to break a circle is still seen.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Lowest first: an app may import the apps before it, never those after it. Apps that
# share a rank (search and seed) do not import each other.
LAYERS = [
    ("core",),
    ("exchange",),
    ("meetings",),
    ("programmes",),
    ("documents",),
    ("search", "seed"),
    ("api",),
    ("dialogues_site",),
]
RANK = {app: rank for rank, apps in enumerate(LAYERS) for app in apps}
MAX_LINES = 500
# Data rather than code: the record of the page the site replaces.
LONG_DATA = {"seed/japan_asean_dialogue.py"}


def python_files(*tops):
    for top in tops:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def module_name(path):
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_module(name):
    path = ROOT.joinpath(*name.split("."))
    return path.with_suffix(".py").exists() or (path / "__init__.py").exists()


def imported_modules(path):
    """Every module ``path`` imports, at any depth of the code, resolved to a module."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if is_module(submodule) else base


def app_of(module):
    return module.partition(".")[0]


def test_imports_point_down_the_layers():
    wrong = []
    for path in python_files(*RANK):
        own = app_of(module_name(path))
        for target in imported_modules(path):
            app = app_of(target)
            if app in RANK and app != own and RANK[app] >= RANK[own]:
                wrong.append(f"{path.relative_to(ROOT)} imports {target}")
    assert wrong == []


def test_nothing_but_benchmarks_imports_bench():
    wrong = [
        f"{path.relative_to(ROOT)} imports {target}"
        for path in python_files(*RANK, "tests")
        for target in imported_modules(path)
        if app_of(target) == "bench"
    ]
    assert wrong == []


def test_no_import_circle():
    apps = {*RANK, "bench"}
    graph = {
        module_name(path): {t for t in imported_modules(path) if app_of(t) in apps}
        for path in python_files(*apps)
    }
    assert circles(graph) == []


def circles(graph):
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.add(member)
                if member == node:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_checks_see_circles_and_resolve_relative_imports():
    """The helpers above find what they look for (else the tests would pass on anything)."""
    assert circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert circles({"a": {"b"}, "b": set()}) == []
    engine = set(imported_modules(ROOT / "exchange" / "engine.py"))
    assert {"exchange.cells", "exchange.rows", "core.history"} <= engine
    generator = set(imported_modules(ROOT / "seed" / "demo_data" / "generator.py"))
    assert "seed.demo_data.reference" in generator  # from . import reference


@pytest.mark.parametrize("top", [*RANK, "tests", "bench"])
def test_no_module_outgrows_500_lines(top):
    long = {
        str(path.relative_to(ROOT)): count
        for path in python_files(top)
        if str(path.relative_to(ROOT)) not in LONG_DATA
        and (count := len(path.read_text().splitlines())) > MAX_LINES
    }
    assert long == {}
