"""文号 (document number) parsing, in the spirit of eyecite.

A 文号 has three parts: the issuing organ's code (机关代字, e.g. 运盐政发), the year in
brackets and the sequence number: ``运盐政发〔2024〕10号``. Published text writes the brackets
as 〔〕 [] () （） 【】 or worse, puts spaces anywhere ("交政发 [2024] 10 号"), splits the
number over lines, and carries error forms such as "(1995)12号" (no code) or "晋政字第36号"
(no year). ``find_doc_numbers`` finds them all with their character spans;
``DocNumber.normalized`` gives the canonical form with 〔〕 and no spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from gongbao.data import load_lines
from gongbao.text.chars import CLOSE_BRACKETS, OPEN_BRACKETS, is_han
from gongbao.text.script import to_simplified
_FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULLWIDTH_RE = re.compile("[０-９]")

_O = re.escape(OPEN_BRACKETS)
_C = re.escape(CLOSE_BRACKETS)
# Tokenize on the tail (bracketed year, number, 号), which is cheap to find, then read the
# organ code backwards from it and trim it at the last function word
# ("根据晋财农〔2024〕132号" -> 晋财农): a regex with a leading code would backtrack at
# every Han character of the text.
_SP = r"[ \t\u3000]*"
_TAIL_RE = re.compile(
    rf"(?:[{_O}][ \t\u3000\n]*(?P<year>(?:19|20)\d\d)[ \t\u3000\n]*[{_C}][ \t\u3000\n]*第?"
    rf"|(?P<year_bare>(?:19|20)\d\d){_SP}年)"
    rf"[ \t\u3000\n]*(?P<seq>\d{{1,5}})[ \t\u3000\n]*号"
)
# 晋政字第36号: no year at all.
_NOYEAR_RE = re.compile(rf"字{_SP}第{_SP}(?P<seq>\d{{1,5}}){_SP}号")
_MAX_RUN = 14
_OCR_YEAR = re.compile(rf"(?<=[{_O}])[ \t]*[12][0-9OoDlI]{{3}}[ \t]*(?=[{_C}])")
_OCR_DIGITS = str.maketrans("OoDlI", "00011")
_OCR_STRAY = re.compile(rf"(?<=[{_O}])\d(?=(?:19|20)\d\d[ \t]*[{_C}])")

MAX_CODE = 10
_TAIL_WORDS = ("为", "是", "的", "有", "和", "及", "与", "见", "即", "在", "于", "从", "按", "依", "据")


@dataclass(frozen=True)
class DocNumber:
    """A 文号 found in text. ``span`` is the [start, end) character span in that text."""

    issuer_code: str  # 机关代字, e.g. 运盐政发; "" when the text omits it
    year: int | None
    seq: int
    raw: str
    span: tuple[int, int]

    @property
    def normalized(self) -> str:
        if self.year is None:
            return f"{self.issuer_code}第{self.seq}号"
        return f"{self.issuer_code}〔{self.year}〕{self.seq}号"

    @property
    def complete(self) -> bool:
        """Has code, year and number: the form that identifies one document."""
        return bool(self.issuer_code) and self.year is not None

    @property
    def is_order(self) -> bool:
        """A decree number (国务院令, 农业部令〔2010〕7号): it numbers a regulation, not a 公文."""
        return self.issuer_code.endswith("令")

    def __str__(self) -> str:
        return self.normalized


@lru_cache(maxsize=1)
def _stopwords() -> tuple[str, ...]:
    words = load_lines("docnum_stopwords.txt")
    return tuple(sorted(words, key=len, reverse=True))


def _trim_code(code: str) -> str:
    """Drop the words before the organ code: the code starts after the last function word
    that leaves at least two characters of code ("财政部财农" -> 财农, but 中组部发 stays)."""
    if code.endswith(_TAIL_WORDS):
        return ""  # "编号为〔2024〕395号": a function word right before the bracket, no code
    cut = 0
    for word in _stopwords():
        i = code.rfind(word)
        while i >= 0:
            if len(code) - (i + len(word)) >= 2:
                cut = max(cut, i + len(word))
                break
            i = code.rfind(word, 0, i)
    code = code[cut:]
    if code in _stopwords():
        return ""
    if len(code) > MAX_CODE:
        code = code[-MAX_CODE:]
    return code


def _offset_of_suffix(spaced: str, n: int) -> int:
    """Offset in ``spaced`` where its last ``n`` non-space characters begin."""
    seen = 0
    for i in range(len(spaced) - 1, -1, -1):
        if spaced[i] not in " \u3000":
            seen += 1
            if seen == n:
                return i
    return 0


def _code_before(t: str, pos: int) -> tuple[str, int]:
    """The Han run that ends just before ``pos`` (over spaces and one line break), without
    spaces, and where it starts. "交政办 发" (a space inside the code) is one code."""
    i = pos
    while i > 0 and t[i - 1] in " \t\u3000":
        i -= 1
    if i > 0 and t[i - 1] == "\n":
        i -= 1
        while i > 0 and t[i - 1] in " \t\u3000":
            i -= 1
    end = j = i
    while j > 0 and end - j < _MAX_RUN and is_han(t[j - 1]):
        j -= 1
    if 0 < end - j <= 2 and j > 1 and t[j - 1] in " \u3000" and is_han(t[j - 2]):
        k = j - 1
        while k > 0 and (j - 1) - k < _MAX_RUN - 2 and is_han(t[k - 1]):
            k -= 1
        j = k
    code = t[j:end].replace(" ", "").replace("\u3000", "")
    trimmed = _trim_code(code)
    return trimmed, (j + _offset_of_suffix(t[j:end], len(trimmed)) if trimmed else pos)


def find_doc_numbers(text: str) -> list[DocNumber]:
    """Every 文号 in ``text``, in order, with spans into ``text``."""
    if not text or "号" not in text:
        return []
    t = text.translate(_FULLWIDTH_DIGITS) if _FULLWIDTH_RE.search(text) else text
    if _OCR_YEAR.search(t):  # "〔2O24〕": OCR read a zero as the letter O (same length: spans hold)
        t = _OCR_YEAR.sub(lambda m: m.group().translate(_OCR_DIGITS), t)
    if _OCR_STRAY.search(t):  # "[52024]": a speck read as a digit before the year
        t = _OCR_STRAY.sub(" ", t)
    found: list[DocNumber] = []
    for m in _TAIL_RE.finditer(t):
        code, start = _code_before(t, m.start())
        if m.group("year_bare") and not code:
            continue  # "2024年10号" alone is no 文号
        year = m.group("year") or m.group("year_bare")
        found.append(DocNumber(code, int(year), int(m.group("seq")), text[start : m.end()], (start, m.end())))
    if "字" in t:
        for m in _NOYEAR_RE.finditer(t):
            if any(a < m.end() and m.start() < b for a, b in (d.span for d in found)):
                continue
            code, start = _code_before(t, m.start() + 1)
            if not code.endswith("字") or len(code) < 2:
                continue
            found.append(DocNumber(code, None, int(m.group("seq")), text[start : m.end()], (start, m.end())))
        found.sort(key=lambda d: d.span)
    return found


_WRAPPERS = "()（）[]【】〔〕<>《》 \t\u3000"


def parse_doc_number(s: str) -> DocNumber | None:
    """Parse a string that is one 文号 (perhaps wrapped in brackets, perhaps with spaces)."""
    if not s:
        return None
    core = s.strip(_WRAPPERS) if s.strip().startswith(tuple(OPEN_BRACKETS)) else s.strip()
    found = find_doc_numbers(core)
    if len(found) != 1:
        return None
    d = found[0]
    rest = (core[: d.span[0]] + core[d.span[1] :]).strip(_WRAPPERS)
    return d if not rest else None


@lru_cache(maxsize=8192)  # storing a document asks for its 文号 several times
def normalize_doc_number(s: str | None) -> str | None:
    """The canonical form of a 文号 string, or None when it is not one. A 文号 printed in
    traditional script (浙政辦發〔2022〕73號) has the canonical form of its simplified one, so
    that either spelling names the same document; one that reads as it is keeps its characters
    (乾政发: 乾 is also a simplified character)."""
    if not s:
        return None
    d = parse_doc_number(s)
    if d is None and (simplified := to_simplified(s)) != s:
        d = parse_doc_number(simplified)
    return d.normalized if d else None


def is_doc_number_line(line: str) -> DocNumber | None:
    """A line holding only a 文号 (the line under or over a document's title)."""
    s = line.strip()
    if not s or len(s) > 40:
        return None
    return parse_doc_number(s)
