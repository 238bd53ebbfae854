"""Text normalization for Chinese official documents.

Two forms of text are used:
- ``clean_line``: what a reader should see. Stray spaces inside Chinese text are removed
  ("运城 市" -> "运城市", "2024 年 10 月" -> "2024年10月"), letter-spaced headings are closed up
  ("通 知" -> "通知"), broken-font glyphs are repaired. Tabs (table cells) are kept.
- ``fold``: a comparison key. NFKC (full width to half width), one bracket style, no
  whitespace, common quote/dash variants unified. Used to compare titles and names.
"""

from __future__ import annotations

import re
import unicodedata

from gongbao.text.chars import CLOSE_BRACKETS, OPEN_BRACKETS, WS, is_cjk, is_han
from gongbao.text.chars import squeeze as strip_spaces  # noqa: F401 - the parser's name for it

_SPACE_RUN = re.compile(r"[ \u3000\u00a0]+")

_QUOTES = str.maketrans(
    {
        "“": '"',
        "”": '"',
        "„": '"',
        "‟": '"',
        "「": '"',
        "」": '"',
        "‘": "'",
        "’": "'",
        "・": "·",
        "•": "·",
        "—": "-",
        "–": "-",
        "－": "-",
    }
)
_BRACKETS = str.maketrans({**{c: "〔" for c in OPEN_BRACKETS}, **{c: "〕" for c in CLOSE_BRACKETS}})


def close_up(s: str) -> str:
    """Remove layout spaces inside Chinese text ("运城 市", "2024 年", "通 知"); keep spaces
    between Latin words and tabs (table cells); collapse other runs of spaces to one."""
    if " " not in s and "\u3000" not in s and "\u00a0" not in s:
        return s

    def repl(m: re.Match[str]) -> str:
        a, b = m.start(), m.end()
        if a == 0 or b == len(s):
            return m.group()
        p, n = s[a - 1], s[b]
        if (is_cjk(p) and is_cjk(n)) or (p.isdigit() and is_han(n)) or (is_han(p) and n.isdigit()):
            return ""
        return " " if b - a > 1 else m.group()

    return _SPACE_RUN.sub(repl, s)


_FULLWIDTH_DIGIT = re.compile("[０-９]")
_FULLWIDTH_TABLE = str.maketrans("０１２３４５６７８９", "0123456789")


def remove_invisible(s: str) -> str:
    """BOM, zero-width spaces and form feeds out; full-width digits to ASCII."""
    for c in ("\ufeff", "\u200b", "\f"):
        if c in s:
            s = s.replace(c, "")
    if _FULLWIDTH_DIGIT.search(s):
        s = s.translate(_FULLWIDTH_TABLE)
    return s


def clean_text(s: str) -> str:
    """The reader's form of a line or a whole text, line by line (see module docstring)."""
    from gongbao.text.glyphs import repair_glyphs

    return close_up(repair_glyphs(remove_invisible(s)))


def clean_line(s: str) -> str:
    return clean_text(s).strip(" \u3000\t")


def fold(s: str | None) -> str:
    """Comparison key: NFKC, one bracket and quote style, no whitespace."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s).translate(_QUOTES)
    return WS.sub("", s)


def fold_brackets(s: str) -> str:
    """fold() plus every bracket variant mapped to 〔〕 (for 文号 and titles)."""
    return fold(s).translate(_BRACKETS)

