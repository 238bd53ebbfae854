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
from gongbao.text.chars import HAN, squeeze

ENV_VAR = "GONGBAO_UNIT_ALIASES"


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
    s = squeeze(name or "")
    items = _sorted(aliases) if aliases is not None else _default(os.environ.get(ENV_VAR, ""))
    for alias, canonical in items:
        if s.endswith(alias):
            return s[: len(s) - len(alias)] + canonical
    return s


def unit_names(name: str, aliases: dict[str, str] | None = None) -> list[str]:
    """Every name of an organ the table knows, the name as given first: ``县住房和城乡建设局`` ->
    县住房和城乡建设局, 县住建局, 县住房城乡建设局 …; a name it does not know is its only name."""
    s = squeeze(name or "")
    items = _sorted(aliases) if aliases is not None else _default(os.environ.get(ENV_VAR, ""))
    for alias, canonical in items:
        if s.endswith(alias):
            prefix = s[: len(s) - len(alias)]
            return list(dict.fromkeys([s] + [prefix + a for a, c in items if c == canonical]))
    return [s] if s else []


def same_unit(a: str, b: str, aliases: dict[str, str] | None = None) -> bool:
    """True when two organ names name the same organ."""
    return canonical_unit(a, aliases) == canonical_unit(b, aliases)


# A place name component: 山西省, 示例市, 示例区, 延边朝鲜族自治州, 示例县, 某某旗.
_PLACE_PART = re.compile(rf"[{HAN}]{{1,8}}?(?:自治区|自治州|自治县|地区|省|市|州|盟|县|区|旗)")
_LEVELS = "省市州盟县区旗"


def region_of(name: str | None) -> str | None:
    """The place an organ belongs to: ``某某市某某区人民政府办公室`` -> ``某某市某某区``; None for
    a name without one (县人民政府, 国务院办公厅)."""
    s = re.sub(r"^中共", "", squeeze(name or ""))
    pos = 0
    while (m := _PLACE_PART.match(s, pos)) is not None and not re.match(r"(人民|政府|委员会|办公)",
                                                                        s[m.start():]):
        pos = m.end()
    return s[:pos] or None


def qualify_units(units: list[str], region: str | None) -> list[str]:
    """Each unit named within the issuing region, canonical: with region 某某市某某区,
    ``区住建局`` -> ``某某市某某区住房和城乡建设局`` and ``市财政局`` -> ``某某市财政局``. A name
    that starts with a place of its own (另一县住建局) keeps it; a level the region lacks
    (县… in a 区) stays as printed."""
    parts = [m.group() for m in _PLACE_PART.finditer(region or "")]
    out = []
    for u in units:
        name = canonical_unit(u)
        level = name[:1]
        if parts and level in _LEVELS and not region_of(name):
            owner = [i for i, p in enumerate(parts) if p.endswith(level)]
            if owner:
                name = "".join(parts[: owner[-1] + 1]) + name[1:]
        elif parts and name.startswith("各"):
            name = "".join(parts) + name
        out.append(name)
    return out
