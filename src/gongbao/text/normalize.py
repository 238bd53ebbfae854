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

from gongbao.docnum import CLOSE_BRACKETS, OPEN_BRACKETS

HAN = "\u4e00-\u9fff\u3400-\u4dbf"
CJK_PUNCT = "，。、；：？！“”‘’《》〈〉「」『』【】〔〕（）…—～·"
_CJK = HAN + re.escape(CJK_PUNCT)

# A run of spaces between two Chinese characters (or Chinese punctuation) is a layout artefact.
_SPACE_BETWEEN_CJK = re.compile(rf"(?<=[{_CJK}])[ \u3000\u00a0]+(?=[{_CJK}])")
# Between a digit and a Chinese character ("2024 年", "第 2 期"): also an artefact.
_SPACE_DIGIT_CJK = re.compile(rf"(?<=\d)[ \u3000\u00a0]+(?=[{HAN}])|(?<=[{HAN}])[ \u3000\u00a0]+(?=\d)")
_MULTISPACE = re.compile(r"[ \u3000\u00a0]{2,}")

_QUOTES = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "「": '"', "」": '"',
                         "‘": "'", "’": "'", "・": "·", "•": "·", "—": "-", "–": "-", "－": "-"})
_BRACKETS = str.maketrans({**{c: "〔" for c in OPEN_BRACKETS}, **{c: "〕" for c in CLOSE_BRACKETS}})
_WS = re.compile(r"\s+")


def close_up(s: str) -> str:
    """Remove layout spaces inside Chinese text; keep spaces between Latin words and tabs."""
    if " " not in s and "\u3000" not in s and "\u00a0" not in s:
        return s
    s = _SPACE_BETWEEN_CJK.sub("", s)
    s = _SPACE_DIGIT_CJK.sub("", s)
    return _MULTISPACE.sub(" ", s)


def clean_line(s: str) -> str:
    """The reader's form of one line (see module docstring)."""
    from gongbao.text.glyphs import repair_glyphs

    s = s.replace("\ufeff", "").replace("\u200b", "").rstrip()
    s = repair_glyphs(s)
    return close_up(s).strip(" \u3000")


def fold(s: str | None) -> str:
    """Comparison key: NFKC, one bracket and quote style, no whitespace."""
    if not s:
        return ""
    s = unicodedata.normalize("NFKC", s).translate(_QUOTES)
    return _WS.sub("", s)


def fold_brackets(s: str) -> str:
    """fold() plus every bracket variant mapped to 〔〕 (for 文号 and titles)."""
    return fold(s).translate(_BRACKETS)


def strip_spaces(s: str) -> str:
    return _WS.sub("", s)
