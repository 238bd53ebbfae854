"""The search form of text: what the index holds and queries are matched in, the same at index
and at query time.

``norm`` maps text to it, one character to at most one character, so that offsets stay easy to
map back (``OffsetMap``): today the canonical form (gongbao.text.canonical: full width -> half
width, traditional -> simplified, every bracket variant -> 〔〕, upper -> lower case, whitespace
removed, as PDF text breaks lines and words anywhere), computed fast for long texts.
``title_words`` are the words of a title (jieba, with the equivalents of
data/search_synonyms.txt kept whole): the index holds them so that a query word matches a
title as one term. Both are below the library (gongbao.store, which indexes) and the search
engine (gongbao.search, which asks); the index records which form it holds
(gongbao.store.textindex.INDEX_VERSION).
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np

from gongbao.data import load_lines
from gongbao.text.canonical import canonical_table as _table

_WORD_RUN = re.compile(r"[^\W_]+")
_DELETED = 0xFFFFFFFF
_SHORT = 200  # below this many characters str.translate is the faster of the two


@lru_cache(maxsize=1)
def _lookup() -> np.ndarray:
    """_table() as an array over every code point."""
    lut = np.arange(0x110000, dtype=np.uint32)
    for cp, v in _table().items():
        lut[cp] = _DELETED if v is None else ord(v)
    return lut


def norm(s: str | None) -> str:
    """The search form of text (see module docstring)."""
    if not s:
        return ""
    if len(s) < _SHORT:
        return s.translate(_table())
    # one table look-up per character in numpy: str.translate costs ~80 ns a character, so a
    # long plan (100k characters) took 8 ms, and search normalizes the texts it shows
    codes = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    mapped = _lookup()[codes]
    return mapped[mapped != _DELETED].tobytes().decode("utf-32-le", "surrogatepass")


@lru_cache(maxsize=1)
def _deleted_re() -> re.Pattern[str]:
    gone = "".join(chr(cp) for cp, v in _table().items() if v is None)
    return re.compile("[" + re.escape(gone) + "]+")


class OffsetMap:
    """Maps offsets in norm(s) back to offsets in s (norm only deletes characters or maps 1:1)."""

    def __init__(self, s: str, upto: int | None = None):
        """``upto``: offsets in norm(s) beyond this are not needed (short texts stop there)."""
        self.length = len(s)
        if len(s) >= _SHORT:
            # where each kept character stands, in one numpy pass (a regex over the deleted
            # runs of a long text cost ~0.15 ms a snippet)
            codes = np.frombuffer(s.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
            self.kept: np.ndarray | None = np.flatnonzero(_lookup()[codes] != _DELETED)
            return
        self.kept = None
        self.at: list[int] = []  # offset in norm(s) where each deleted run was
        self.shift: list[int] = [0]  # characters deleted up to and including each run
        for m in _deleted_re().finditer(s):
            at = m.start() - self.shift[-1]
            if upto is not None and at > upto:
                break
            self.at.append(at)
            self.shift.append(self.shift[-1] + m.end() - m.start())

    def __call__(self, p: int) -> int:
        if self.kept is not None:
            return int(self.kept[p]) if p < len(self.kept) else self.length + p - len(self.kept)
        from bisect import bisect_right

        return p + self.shift[bisect_right(self.at, p)]


def word_runs(normed: str) -> list[str]:
    return _WORD_RUN.findall(normed)


@lru_cache(maxsize=1)
def synonyms() -> dict[str, list[str]]:
    """data/search_synonyms.txt: each word in search form -> its equivalents (itself first)."""
    out: dict[str, list[str]] = {}
    for line in load_lines("search_synonyms.txt"):
        group = [norm(w) for w in line.split()]
        for w in group:
            out.setdefault(w, [w])
            out[w] += [x for x in group if x not in out[w]]
    return out


@lru_cache(maxsize=1)
def _title_jieba():
    """jieba for titles: its dictionary, and the equivalents (住建局, 跨境电商 …) kept whole so
    that they apply."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for w in synonyms():
        if len(w) > 1:
            jieba.add_word(w)
    return jieba


def title_words(normed_title: str) -> str:
    """The words of a title (jieba, search mode: 运城市人民政府 -> 运城 城市 运城市 人民 政府 人民政府 …),
    space-separated: a query word matches them as one index term, however common it is."""
    words = {w for w in _title_jieba().cut_for_search(normed_title) if len(w) > 1 and not w.isspace()}
    return " ".join(sorted(words))
