"""The package's shape, read from its imports alone (every import, also those inside functions):
no import circle; the ground floor (db, config, models) knows no feature; only create_app reads
the settings; only the change context writes ``session.info``."""

from __future__ import annotations

import ast
from pathlib import Path

import insightrepo

PACKAGE = Path(insightrepo.__file__).parent
GROUND_FLOOR = ("insightrepo.db", "insightrepo.config", "insightrepo.models", "insightrepo.errors")
DOMAIN = tuple(f"insightrepo.{name}" for name in (
    "accounts", "workspaces", "journeys", "evidence", "experiments", "timeline", "search", "backup", "imports"))
DOORS = ("insightrepo.web", "insightrepo.api", "insightrepo.cli")
FEATURES = DOMAIN + DOORS


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _trees() -> dict[str, ast.Module]:
    return {name: ast.parse(path.read_text(encoding="utf-8")) for name, path in MODULES.items()}


TREES = _trees()


def _imported(name: str, tree: ast.Module) -> set[str]:
    """The package's modules ``name`` imports (``from a import b`` names a.b when b is a module)."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name if MODULES[name].name == "__init__.py" else name.rpartition(".")[0]
                package = ".".join(package.split(".")[:len(package.split(".")) - node.level + 1])
                base = f"{package}.{base}" if base else package
            found |= {f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names}
    return {module for module in found if module in MODULES and module != name}


GRAPH = {name: _imported(name, tree) for name, tree in TREES.items()}


def _circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    circles = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                circles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return circles


def _within(module: str, packages: tuple[str, ...]) -> bool:
    return any(module == package or module.startswith(package + ".") for package in packages)


def test_no_module_imports_itself_through_others():
    assert _circles(GRAPH) == []


def test_the_circle_finder_finds_a_circle():
    assert _circles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_ground_floor_imports_no_feature():
    upward = {name: sorted(target for target in targets if _within(target, FEATURES))
              for name, targets in GRAPH.items() if _within(name, GROUND_FLOOR)}
    assert {name: targets for name, targets in upward.items() if targets} == {}


def test_only_create_app_reads_the_settings():
    readers = set()
    for name, tree in TREES.items():
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and any(alias.name == "load_config" for alias in node.names):
                readers.add(name)
            if (isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv")
                    and isinstance(node.value, ast.Name) and node.value.id == "os" and name != "insightrepo.config"):
                readers.add(name)  # os.environ / os.getenv (a WSGI request's environ is not configuration)
    assert readers == {"insightrepo"}  # create_app, in the package's __init__


def test_only_the_change_context_writes_session_info():
    writers = {name for name, tree in TREES.items() for node in ast.walk(tree)
               if isinstance(node, ast.Attribute) and node.attr == "info"
               and isinstance(node.value, (ast.Name, ast.Attribute))
               and getattr(node.value, "id", getattr(node.value, "attr", "")) in ("session", "db_session")}
    assert writers <= {"insightrepo.timeline.change_context"}


def test_the_domain_imports_no_door():
    """The features (accounts … imports) serve the three doors (web, api, cli) and know none of them."""
    reaching = {name: sorted(target for target in targets if _within(target, DOORS))
                for name, targets in GRAPH.items() if _within(name, DOMAIN)}
    assert {name: targets for name, targets in reaching.items() if targets} == {}
