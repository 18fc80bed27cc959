"""Whoosh's private attributes are used in one module only (whoosh_internals), so a Whoosh upgrade
is checked against one file: the other whoosh_* modules reach them through its names."""

from __future__ import annotations

import ast
from pathlib import Path

import insightrepo.search

WHOOSH = Path(insightrepo.search.__file__).parent / "whoosh"
INTERNALS = "internals.py"


def _private(name: str) -> bool:
    return name.startswith("_") and not (name.startswith("__") and name.endswith("__"))


def private_uses(source: str) -> list[str]:
    """Private names reached on anything but ``self``/``cls``: attributes (``reader._perdoc``),
    ``getattr(x, "_name")``, names imported from Whoosh (``from whoosh... import _lenfield``) and
    keyword arguments (``_lk=False``), each as "line: code"."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            if not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(node)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in (
                "getattr", "setattr", "hasattr") and len(node.args) > 1:
            name = node.args[1]
            if isinstance(name, ast.Constant) and isinstance(name.value, str) and _private(name.value):
                found.append(node)
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "whoosh":
            if any(_private(alias.name) for alias in node.names):
                found.append(node)
        elif isinstance(node, ast.Call) and any(k.arg and _private(k.arg) for k in node.keywords):
            found.append(node)
    return sorted(f"{node.lineno}: {ast.unparse(node)}" for node in found)


def test_only_whoosh_internals_uses_whoosh_private_attributes():
    modules = sorted(path for path in WHOOSH.glob("*.py") if path.name not in (INTERNALS, "__init__.py"))
    assert modules, "the Whoosh adapter's modules were not found"
    used = {path.name: private_uses(path.read_text(encoding="utf-8")) for path in modules}
    assert {name: uses for name, uses in used.items() if uses} == {}


def test_the_scan_finds_each_kind_of_private_use():
    source = ("from whoosh.codec.whoosh3 import _lenfield\n"
              "a = reader._perdoc\n"
              "b = getattr(weighting, '_field_B', {})\n"
              "w = Writer(ix, _lk=False)\n"
              "self._mine = cls._too = reader.public = type(x).__name__\n")
    assert len(private_uses(source)) == 4


def test_whoosh_internals_states_the_version_it_was_written_against():
    from importlib.metadata import version

    from insightrepo.search.whoosh import internals

    assert f"whoosh-reloaded {internals.WRITTEN_AGAINST}" in internals.__doc__
    assert version("whoosh-reloaded").split(".")[:2] == internals.WRITTEN_AGAINST.split(".")[:2]
