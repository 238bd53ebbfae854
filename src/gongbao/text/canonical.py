"""The canonical form of a title, a name or a 文号: what stable ids are made from.

One character to at most one character: full width -> half width (NFKC of single characters),
traditional -> simplified (OpenCC's character table), every bracket variant -> 〔〕, upper ->
lower case, whitespace and control characters removed. So 运盐政发[2024]10号 and
运盐政发〔２０２４〕１０号, or a title printed in traditional script, have one form.

The form is frozen: document and issue ids (gongbao.store.identity) are sha256 digests of it,
stored in libraries and used in URLs, so changing it would change them (tests/test_identity.py
pins a few). The search form (gongbao.text.searchform.norm) starts from the same table and is
versioned on its own (gongbao.store.textindex.INDEX_VERSION).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from gongbao.text.chars import CLOSE_BRACKETS, OPEN_BRACKETS
from gongbao.text.script import t2s_table


@lru_cache(maxsize=1)
def canonical_table() -> dict[int, str | None]:
    """code point -> its canonical character, or None when it is dropped (for str.translate)."""
    table: dict[int, str | None] = {}
    for cp in range(0x20, 0x10000):
        if 0xD800 <= cp < 0xE000:
            continue
        c = chr(cp)
        n = unicodedata.normalize("NFKC", c)
        if len(n) == 1 and n != c:
            table[cp] = n
    for cp, s in t2s_table().items():
        table[cp] = table.get(ord(s), s) or s
    # after width folding, map again so that e.g. full-width Ａ -> a
    for cp, s in list(table.items()):
        if s is not None and s.lower() != s and len(s.lower()) == 1:
            table[cp] = s.lower()
    for c in OPEN_BRACKETS:
        table[ord(c)] = "〔"
    for c in CLOSE_BRACKETS:
        table[ord(c)] = "〕"
    for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        table[ord(c)] = c.lower()
    _drop_spaces(table)
    return table


def _drop_spaces(table: dict[int, str | None]) -> None:
    """Whitespace, control characters and whatever folds to whitespace (U+2004 -> " ") go."""
    for c in " \t\n\r\f\v\u3000\u00a0\u2002\u2003\u2009\u200b\ufeff":
        table[ord(c)] = None
    for cp in range(0x20):
        table[cp] = None
    for cp, v in list(table.items()):
        if v is not None and v.isspace():
            table[cp] = None
    for cp in range(0x10000):
        if chr(cp).isspace():
            table[cp] = None


def canonical(s: str | None) -> str:
    """The canonical form of ``s`` ("" for None)."""
    return s.translate(canonical_table()) if s else ""
