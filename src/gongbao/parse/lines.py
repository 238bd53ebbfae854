"""The parser's view of the input: non-empty lines, cleaned, with page furniture set aside.

Every ``Line`` keeps its 1-based line number in the input, so whatever the parser finds can be
traced to its source. Page furniture (running headers, page-number footers) is recognised by
shape and repetition, never by the name of a particular gazette.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from gongbao.parse.runon import HEAD_LINES, RUN_ON, opens_document, split_run_on
from gongbao.text.chrome import chrome_fields, page_metadata, strip_inline_chrome
from gongbao.text.glyphs import repair_glyphs, repair_marks, repair_ocr_confusions
from gongbao.text.normalize import close_up, remove_invisible
from gongbao.text.chars import HAN


@dataclass(slots=True)
class Line:
    no: int  # 1-based line number in the input
    raw: str  # as in the input (trailing whitespace removed)
    text: str  # clean_line(raw): layout spaces closed up, glyphs repaired
    key: str  # text without any whitespace: for comparisons
    plain: str = ""  # markup stripped, spaces kept (the TOC needs them to split entries)


# "— 12 —", "- 12 -", "·12·", "第 12 页", "12/96"
_PAGE_NUMBER_LINE = re.compile(
    r"^[\s>]*(?:[-—–－·•一]\s*\d{1,4}\s*[-—–－·•一]|第\s*\d{1,4}\s*页(?:\s*共\s*\d+\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)
# A page footer glued to the end of a text line by the extraction: "…请 — 32 —".
_GLUED_PAGE_NUMBER = re.compile(r"\s+[—–]\s*\d{1,4}\s*[—–]\s*$")
_DIGITS = re.compile(r"\d+")
_MASTHEAD_LINES = 12  # non-empty lines at the top of an issue that hold its masthead
_ISSUE_TAG = re.compile(r"(?:19|20)\d\d\s*年?\s*第\s*\d{1,3}\s*期")
_MARKUP = re.compile(
    r"<(?:/?(?:p|br|div|span|td|tr|th|table|tbody|thead|b|i|strong|em|font|center)\b[^>]*|input[^>]*)/?>",
    re.I,
)
_LIST_BULLET = re.compile(r"^\s*(?:[-*+•●◆■]\s+|>\s*)")


def _strip_markup(s: str) -> str:
    """Markdown/HTML left over by the extraction: tags, bullets, table pipes, emphasis."""
    if "<" in s:
        s = _MARKUP.sub(" ", s)
    if s.lstrip().startswith(("-", "*", "+", "•", "●", ">")):
        s = _LIST_BULLET.sub("", s)
    if s.lstrip().startswith("|") and s.rstrip().endswith("|"):
        cells = [c.strip() for c in s.strip().strip("|").split("|")]
        if all(re.fullmatch(r":?-{2,}:?", c) for c in cells if c):
            return ""  # markdown table rule
        s = "\t".join(cells)
    if "**" in s:
        s = s.replace("**", "")
    if s.lstrip().startswith("#"):
        s = s.lstrip().lstrip("#")
    return s


_SENTENCE_MARK = re.compile(r"[。；！？]")
_HAS_WORD = re.compile(rf"[\w{HAN}]")
_MARKUP_START = ("-", "*", "+", "•", "●", ">", "|", "#")


def prepare_lines(raw_lines: list[str], page_meta: dict[str, str] | None = None) -> list[Line]:
    """Clean every non-empty line and drop page furniture and web page chrome (see
    ``reader_lines`` for the cleaned text of every line). The document metadata a chrome line
    states (发文字号：…) goes into ``page_meta``. A run-on line at the top of the text is cut
    into the heading elements it holds (pieces keep their line number)."""
    # Glyph repair and space closing run once over the whole text (their patterns never
    # cross a line end), which is several times faster than line by line.
    joined = "\n".join(raw_lines)
    plain_lines = repair_ocr_confusions(repair_marks(repair_glyphs(remove_invisible(joined)))).split("\n")
    clean_lines = close_up("\n".join(plain_lines)).split("\n")
    out: list[Line] = []
    for i, (raw, plain, text) in enumerate(zip(raw_lines, plain_lines, clean_lines), 1):
        if not text or text.isspace():
            continue
        if "<" in plain or plain.lstrip().startswith(_MARKUP_START) or "**" in plain:
            plain = _strip_markup(plain)
            text = close_up(plain)
        if "—" in text or "–" in text:
            plain = _GLUED_PAGE_NUMBER.sub("", plain)
            text = _GLUED_PAGE_NUMBER.sub("", text)
        text = strip_inline_chrome(text.strip(" \u3000\t"))
        if not text or (len(text) <= 24 and (_PAGE_NUMBER_LINE.match(text) or not _HAS_WORD.search(text))):
            continue
        chrome = chrome_fields(text)
        if chrome is not None:
            if page_meta is not None:
                for k, v in page_metadata(chrome).items():
                    page_meta.setdefault(k, v)
            continue
        # heading elements stand above the first sentence, or open a line of their own
        head = (
            len(out) < HEAD_LINES and not any(_SENTENCE_MARK.search(o.key) for o in out)
        ) or opens_document(text)
        if len(text) <= RUN_ON and not head:
            out.append(Line(i, raw, text, "".join(text.split()), plain.strip()))
            continue
        pieces = split_run_on(text, head=head)
        for piece in pieces:
            out.append(
                Line(i, raw, piece, "".join(piece.split()), piece if len(pieces) > 1 else plain.strip())
            )
    return _drop_running_headers(out)


def _drop_running_headers(lines: list[Line]) -> list[Line]:
    """Running headers and footers: short lines repeated down the file that name the
    gazette or the issue (…公报, 2024年第2期), page numbers in them counted as one shape
    ("运城市人民政府公报·12·"). Only a first copy in the masthead at the top stays."""
    shape = {id(ln): _DIGITS.sub("#", ln.key) for ln in lines if len(ln.key) <= 40}
    counts = Counter(shape.values())
    example = {shape[id(ln)]: ln.key for ln in lines if id(ln) in shape}
    furniture = {
        k
        for k, n in counts.items()
        if n >= 3 and ("公报" in k or _ISSUE_TAG.search(example[k])) and "关于" not in k
    }
    if not furniture:
        return lines
    seen: set[str] = set()
    kept = []
    for i, ln in enumerate(lines):
        k = shape.get(id(ln))
        if k in furniture:
            # The first copy stays when it is the masthead at the top of the file.
            if k in seen or i >= _MASTHEAD_LINES:
                continue
            seen.add(k)
        kept.append(ln)
    return kept


def reader_lines(n: int, lines: list[Line]) -> list[str]:
    """The cleaned text of all ``n`` input lines; "" for blank lines and page furniture."""
    out = [""] * n
    for ln in lines:  # the pieces of a run-on line were one line of the input
        out[ln.no - 1] = out[ln.no - 1] + " " + ln.text if out[ln.no - 1] else ln.text
    return out
