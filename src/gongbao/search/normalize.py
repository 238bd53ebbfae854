"""Search normalization and index tokens: the same functions run at index and at query time.

``norm`` maps text to its search form, one character to at most one character, so that offsets
stay easy to map back: today the canonical form (gongbao.text.canonical: full width -> half
width, traditional -> simplified, every bracket variant -> 〔〕, upper -> lower case, whitespace
removed, as PDF text breaks lines and words anywhere), computed fast for long texts.

Index tokens are the overlapping character bigrams of the whole search form ("煤改电补贴" ->
"煤改 改电 电补 补贴"), punctuation included, joined by spaces for the index's whitespace
tokenizer; a text of one character is indexed as itself. A query term of n >= 2 characters is
the phrase of its n-1 bigrams, which matches exactly where the term occurs as a substring (a
文号 with its brackets too); see benchmarks/tokenizers.py for why bigram phrases were chosen
over trigram and jieba indexes.
"""

from __future__ import annotations

import re
from array import array
from functools import lru_cache

import numpy as np

from gongbao.text.canonical import canonical_table as _table

# Bump when norm() or index_tokens() change: stored index tokens must be rebuilt.
INDEX_VERSION = "4"  # 3: tantivy index, bigrams across punctuation; 4: title words

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
        """``upto``: offsets in norm(s) beyond this are not needed (the scan stops there)."""
        self.at: list[int] = []  # offset in norm(s) where each deleted run was
        self.shift: list[int] = [0]  # characters deleted up to and including each run
        for m in _deleted_re().finditer(s):
            at = m.start() - self.shift[-1]
            if upto is not None and at > upto:
                break
            self.at.append(at)
            self.shift.append(self.shift[-1] + m.end() - m.start())

    def __call__(self, p: int) -> int:
        from bisect import bisect_right

        return p + self.shift[bisect_right(self.at, p)]


def word_runs(normed: str) -> list[str]:
    return _WORD_RUN.findall(normed)


def index_tokens(normed: str) -> str:
    """Space-separated overlapping bigrams of already-normalized text (no whitespace in it)."""
    n = len(normed)
    if n < 2:
        return normed
    # interleave (c[i], c[i+1], " ") as UTF-32 code units: ~10x faster than joining slices
    src = memoryview(normed.encode("utf-32-le")).cast("I")
    out = array("I", b" \0\0\0" * (3 * (n - 1)))
    view = memoryview(out)
    view[0::3] = src[:-1]
    view[1::3] = src[1:]
    return out.tobytes()[:-4].decode("utf-32-le")


def grams(term: str) -> list[str]:
    """The bigrams whose phrase matches ``term`` (normalized, >= 2 characters) as a substring."""
    return [term[i : i + 2] for i in range(len(term) - 1)]
