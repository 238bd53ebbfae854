"""Organ-name normalization: one canonical name per organ (区发改局 = 区发展和改革局 =
区发展改革局), from an alias table users can extend.

The table (``gongbao/data/unit_aliases.tsv``) lists organ names without their level or place
prefix; a name is normalized by replacing its longest matching ending and keeping the prefix
(区, 市, 交城县…). Extra tables: the ``GONGBAO_UNIT_ALIASES`` environment variable (paths joined
with ``os.pathsep``) or the ``extra`` argument of :func:`load_aliases`.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path

from gongbao.data import load_lines

ENV_VAR = "GONGBAO_UNIT_ALIASES"
_WS = re.compile(r"\s+")


def _parse(lines) -> dict[str, str]:
    table: dict[str, str] = {}
    for line in lines:
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        names = [n.strip() for n in line.split("\t") if n.strip()]
        if not names:
            continue
        canonical = names[0]
        for n in names:
            table[n] = canonical
    return table


def load_aliases(extra: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """alias (or canonical) ending -> canonical ending: the packaged table, then the tables
    named by ``GONGBAO_UNIT_ALIASES``, then ``extra``; later tables win."""
    table = _parse(load_lines("unit_aliases.tsv"))
    paths = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    if extra:
        paths.append(os.fspath(extra))
    for p in paths:
        try:
            text = Path(p).read_text(encoding="utf-8")
        except OSError as e:
            raise ValueError(f"{p}: cannot read organ alias table ({e.strerror or e})") from e
        table.update(_parse(text.splitlines()))
    return table


@lru_cache(maxsize=8)
def _default(env: str) -> tuple[tuple[str, str], ...]:
    return _sorted(load_aliases())


def _sorted(table: dict[str, str]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted(table.items(), key=lambda kv: -len(kv[0])))


def canonical_unit(name: str, aliases: dict[str, str] | None = None) -> str:
    """The canonical name of an organ: ``区发改局`` -> ``区发展和改革局``. Names the table does not
    know come back with whitespace removed."""
    s = _WS.sub("", name or "")
    items = _sorted(aliases) if aliases is not None else _default(os.environ.get(ENV_VAR, ""))
    for alias, canonical in items:
        if s.endswith(alias):
            return s[: len(s) - len(alias)] + canonical
    return s


def same_unit(a: str, b: str, aliases: dict[str, str] | None = None) -> bool:
    """True when two organ names name the same organ."""
    return canonical_unit(a, aliases) == canonical_unit(b, aliases)
