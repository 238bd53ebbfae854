"""The package's layers, bottom first, as README.md draws them: a module imports only from the
layers below its own (lazy imports inside functions included), so there is no cycle, and the
units of one layer (the API and the web pages; the library and the search engine; intake, parse
and extract) do not import each other."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "gongbao"

LAYERS = [
    {"__init__", "data", "models", "match"},  # the version, word lists, typed results, what a search asks
    {"text"},  # characters, decoding, normalization, the canonical and the search form of text
    {"docnum"},  # 文号
    {"intake", "parse", "extract"},  # the pipeline's stages
    {"pipeline"},  # file -> text -> Gazette with facts
    {"store", "search"},  # the library (SQLite + index, ingest) and the search engine, apart
    {"query"},  # what the CLI, the API and the pages ask
    {"api", "web", "render"},  # REST API, web pages, the CLI's outline of a parse
    {"server"},  # the app assembled from the API and the pages
    {"cli"},
    {"__main__"},  # python -m gongbao
]
LAYER = {unit: i for i, units in enumerate(LAYERS) for unit in units}


def unit_of(path: Path) -> str:
    rel = path.relative_to(SRC)
    return rel.parts[0] if len(rel.parts) > 1 else rel.stem


def imported_units(tree: ast.AST) -> set[str]:
    """The units of gongbao a module imports (``from gongbao import query`` is the unit query)."""
    out = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module] if node.module != "gongbao" else [f"gongbao.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "gongbao":
                out.add(parts[1] if len(parts) > 1 else "__init__")
    return out


def edges() -> set[tuple[str, str, str]]:
    """(importing unit, imported unit, file) for every import between two units."""
    out = set()
    for path in sorted(SRC.rglob("*.py")):
        unit = unit_of(path)
        for target in imported_units(ast.parse(path.read_text(encoding="utf-8"))):
            if target != unit:
                out.add((unit, target, str(path.relative_to(SRC))))
    return out


def test_every_unit_has_a_layer():
    units = {unit_of(p) for p in SRC.rglob("*.py")}
    assert units <= set(LAYER), f"units without a layer: {sorted(units - set(LAYER))}"


def test_imports_go_down_the_layers_only():
    wrong = sorted(f"{f}: {a} -> {b}" for a, b, f in edges() if LAYER[b] >= LAYER[a])
    assert not wrong, "imports across or up the layers:\n" + "\n".join(wrong)


def test_no_cycle_between_units():
    graph: dict[str, set[str]] = {}
    for a, b, _ in edges():
        graph.setdefault(a, set()).add(b)

    def reaches(start: str, goal: str, seen: set[str]) -> bool:
        nexts = graph.get(start, set())
        return goal in nexts or any(reaches(n, goal, seen | {n}) for n in nexts - seen)

    assert not [u for u in graph if reaches(u, u, {u})]


@pytest.mark.parametrize("a, b", [("api", "web"), ("web", "api"), ("store", "search"), ("search", "store")])
def test_siblings_do_not_import_each_other(a, b):
    assert not [f for x, y, f in edges() if (x, y) == (a, b)]


@pytest.mark.parametrize("text, units", [
    ("from gongbao.store.library import Library", {"store"}),
    ("from gongbao import query as q", {"query"}),
    ("import gongbao\nimport gongbao.text.chars", {"__init__", "text"}),
    ("def f():\n    from gongbao.search import search", {"search"}),
    ("from . import x\nimport os", set()),
])
def test_imports_are_read_inside_functions_too(text, units):
    assert imported_units(ast.parse(text)) == units
