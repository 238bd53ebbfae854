"""Page layout to text lines: reading order, running headers/footers, paragraphs, page seams.

Pure geometry, shared by the PDF text layer (boxes from pdfium) and OCR (lines from
Tesseract). Coordinates are top-down points: ``top < bottom``.

- ``order_boxes``: text runs of one page -> lines in reading order. Bands of the page that share
  a vertical gutter are read column by column (two-column pages); a title box spanning the
  gutter stays in its place above the columns.
- ``assemble``: the lines of every page -> (text, page of each line). Repeated lines at the top
  or bottom of pages (running headers and footers) and page-number lines are dropped; lines of
  one paragraph (a line filling its column followed by one starting at the column's edge) are
  joined; a larger vertical gap gives a blank line; each new page starts with a line holding
  only a form feed, so the text keeps one line per text line and stays parseable line by line.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from statistics import median

_PAGE_NUMBER = re.compile(
    r"^[\s\-—–－_·•]*(第\s*)?[0-9０-９]{1,4}(\s*页)?(\s*[/／]\s*(共\s*)?[0-9]{1,4}\s*页?)?[\s\-—–－_·•]*$"
)
_DIGITS = re.compile(r"[0-9０-９一二三四五六七八九十〇]+")
_SPACES = re.compile(r"\s+")


@dataclass
class Box:
    """A run of text on one printed line."""

    x0: float
    top: float
    x1: float
    bottom: float
    text: str

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class Line:
    """One printed line with its position; ``col`` is its column's (x0, x1) when the page was
    read in columns, else None (the page's text block)."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    col: tuple[float, float] | None = None

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass
class PageLines:
    number: int  # 1-based page number
    width: float
    height: float
    lines: list[Line]


# --------------------------------------------------------------------------- reading order


def _bands(boxes: list[Box]) -> list[list[Box]]:
    """Split boxes into horizontal bands separated by vertical space no box covers."""
    bands: list[list[Box]] = []
    bottom = None
    for b in sorted(boxes, key=lambda b: b.top):
        if bottom is not None and b.top < bottom - 0.25 * min(b.height, bands[-1][-1].height):
            bands[-1].append(b)
            bottom = max(bottom, b.bottom)
        else:
            bands.append([b])
            bottom = b.bottom
    return bands


def _gutter(bands: list[list[Box]], x0: float, x1: float, em: float) -> tuple[float, float] | None:
    """The vertical gutter of a two-column page: the widest x-range near the middle that the
    fewest bands cross (at most a fifth of them: titles, headers), with real text columns on
    both sides; None for a one-column page."""
    width = x1 - x0
    if width <= 0 or len(bands) < 4:
        return None
    lo, hi = int(x0 + 0.3 * width), int(x0 + 0.7 * width)
    # crossing[k]: how many bands have a box strictly across x = lo + k (difference array)
    diff = [0] * (hi - lo + 2)
    for band in bands:
        covered = []
        for b in sorted(band, key=lambda b: b.x0):
            if covered and b.x0 <= covered[-1][1]:
                covered[-1][1] = max(covered[-1][1], b.x1)
            else:
                covered.append([b.x0, b.x1])
        for a, b in covered:
            first, last = max(lo, math.floor(a) + 1), min(hi, math.ceil(b) - 1)
            if first <= last:
                diff[first - lo] += 1
                diff[last - lo + 1] -= 1
    crossing, run = [], 0
    for d in diff[:-1]:
        run += d
        crossing.append(run)
    best = min(crossing)
    if best > 0.2 * len(bands):
        return None
    runs, start = [], None
    for k, c in enumerate(crossing + [best + 1]):
        if c == best and start is None:
            start = k
        elif c != best and start is not None:
            runs.append((start, k - 1))
            start = None
    a, b = max(runs, key=lambda r: r[1] - r[0])
    g0, g1 = float(lo + a), float(lo + b)
    if g1 - g0 < max(0.8 * em, 0.02 * width) - 2:
        return None
    inside = [bx for band in bands for bx in band if not (bx.x0 < g0 + 1 and bx.x1 > g1 - 1)]
    return (g0, g1) if _is_column_split(inside, g0, g1, x0, x1) else None


def _is_column_split(boxes: list[Box], g0: float, g1: float, x0: float, x1: float) -> bool:
    """The gutter splits the text into page columns, not a table or a TOC: it lies near the
    middle, both sides hold several lines and are of comparable width (a TOC's page-number
    column or a name|post table has one narrow side; a column of a list of names may be half
    as wide as its neighbour)."""
    left = [b for b in boxes if b.x1 <= g0 + 0.5]
    right = [b for b in boxes if b.x0 >= g1 - 0.5]
    if len(left) < 2 or len(right) < 2:
        return False
    width = x1 - x0
    if not (0.35 * width <= (g0 + g1) / 2 - x0 <= 0.65 * width):
        return False
    spans = []
    for side in (left, right):
        if len(_group_lines(side)) < 3:
            return False
        spans.append(max(b.x1 for b in side) - min(b.x0 for b in side))
    return min(spans) >= 0.3 * width and min(spans) >= 0.45 * max(spans)


def _group_lines(boxes: list[Box], col: tuple[float, float] | None = None) -> list[Line]:
    """Boxes of one column -> printed lines (top to bottom, runs left to right)."""
    rows: list[list[Box]] = []
    spans: list[list[float]] = []
    for b in sorted(boxes, key=lambda b: (b.top + b.bottom) / 2):
        c = (b.top + b.bottom) / 2
        if rows:
            t, btm = spans[-1]
            if t <= c <= btm or min(btm, b.bottom) - max(t, b.top) >= 0.5 * min(b.height, btm - t):
                rows[-1].append(b)
                spans[-1] = [min(t, b.top), max(btm, b.bottom)]
                continue
        rows.append([b])
        spans.append([b.top, b.bottom])
    lines = []
    for row in rows:
        row.sort(key=lambda b: b.x0)
        em = median(b.height for b in row) or 1.0
        parts: list[str] = []
        prev = None
        for b in row:
            text = b.text
            if prev is not None:
                gap = b.x0 - prev.x1
                if gap > 3 * em:
                    parts[-1] = parts[-1].rstrip()
                    parts.append("\t")
                    text = text.lstrip()
                elif gap > 1.2 * em and not parts[-1].endswith(" ") and not text.startswith(" "):
                    parts.append(" ")
            parts.append(text)
            prev = b
        text = "".join(parts).strip()
        if text:
            lines.append(Line(text, min(b.x0 for b in row), min(b.top for b in row),
                              max(b.x1 for b in row), max(b.bottom for b in row), col))
    return lines


def order_boxes(boxes: list[Box], col: tuple[float, float] | None = None, depth: int = 0) -> list[Line]:
    """Text runs of one page (or one column) -> lines in reading order.

    On a two-column page, bands that cross the gutter (title boxes, running headers) are read
    in their place; each stretch of bands between them is read left column, then right.
    """
    boxes = [b for b in boxes if b.text.strip() and b.x1 > b.x0 and b.bottom > b.top]
    if not boxes:
        return []
    x0 = min(b.x0 for b in boxes)
    x1 = max(b.x1 for b in boxes)
    em = median(b.height for b in boxes)
    bands = _bands(boxes)
    gutter = _gutter(bands, x0, x1, em) if depth < 2 else None
    if gutter is None:
        return _group_lines(boxes, col)
    g0, g1 = gutter
    out: list[Line] = []
    left: list[Box] = []
    right: list[Box] = []

    def flush() -> None:
        out.extend(order_boxes(left, (x0, g0), depth + 1))
        out.extend(order_boxes(right, (g1, x1), depth + 1))
        left.clear()
        right.clear()

    for band in bands:
        if any(b.x0 < g0 + 1 and b.x1 > g1 - 1 for b in band):
            flush()
            out.extend(_group_lines(band, col))
            continue
        for b in band:
            (left if b.x1 <= g0 + 1 else right).append(b)
    flush()
    return out


# --------------------------------------------------------------------------- whole document


def _key(text: str) -> str:
    """Header/footer identity: digits (page and issue numbers) and spaces folded away."""
    return _DIGITS.sub("#", _SPACES.sub("", text))


def _margin_lines(page: PageLines, k: int = 2) -> list[int]:
    """Indexes of the lines that could be running headers or footers: near the top or bottom."""
    idx = sorted(range(len(page.lines)), key=lambda i: page.lines[i].top)
    h = page.height
    top = [i for i in idx[:k] if page.lines[i].bottom <= 0.15 * h]
    bot = [i for i in idx[-k:] if page.lines[i].top >= 0.85 * h]
    return sorted(set(top + bot))


def running_lines(pages: list[PageLines]) -> list[set[int]]:
    """Per page, the indexes of lines to drop: repeated headers/footers and page numbers."""
    counts: Counter[str] = Counter()
    cands = []
    for p in pages:
        c = _margin_lines(p)
        cands.append(c)
        counts.update({_key(p.lines[i].text) for i in c})
    need = max(2, int(0.3 * len(pages) + 0.999))
    drop = []
    for p, c in zip(pages, cands):
        d = set()
        for i in c:
            t = p.lines[i].text
            if _PAGE_NUMBER.match(t) or (len(pages) >= 2 and counts[_key(t)] >= need):
                d.add(i)
        drop.append(d)
    return drop


def _join(a: str, b: str) -> str:
    """Two pieces of one paragraph: a space only between Latin words (a number or a Chinese
    sentence broken at the line end is joined as it was)."""
    if a and b and (a[-1].isascii()
                    and (a[-1].isalpha() or a[-1] in ",.;:!?")) and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


def _mode_edge(values: list[float], em: float, low: bool) -> float:
    """Where most lines start (``low``) or end: the most common em-wide bin, then that bin's
    extreme value."""
    bins = Counter(int(v // em) for v in values)
    top = max(bins.values())
    best = min(b for b, c in bins.items() if c == top) if low else max(b for b, c in bins.items() if c == top)
    inside = [v for v in values if int(v // em) == best]
    return min(inside) if low else max(inside)


def join_words(words: list[str]) -> str:
    """Words of one line: no space next to Chinese, one space between Latin words."""
    out = ""
    for w in words:
        out = _join(out, w) if out else w
    return out


def _text_box(pages: list[PageLines]) -> tuple[float, float]:
    """The body's left and right edges over the whole document: where most wide lines start
    and end (a few overlong, indented or tabular lines do not move them)."""
    body = [ln for p in pages for ln in p.lines if ln.col is None and "\t" not in ln.text]
    if len(body) < 3:
        body = [ln for p in pages for ln in p.lines]
    if not body:
        return 0.0, 0.0
    lo = min(ln.x0 for ln in body)
    hi = max(ln.x1 for ln in body)
    wide = [ln for ln in body if ln.x1 - ln.x0 >= 0.5 * (hi - lo)] or body
    em = max(1.0, median(ln.height for ln in wide))
    left, right = _mode_edge([ln.x0 for ln in wide], em, True), _mode_edge([ln.x1 for ln in wide], em, False)
    # In a short document most wide lines may be the first lines of paragraphs, indented by
    # two characters (GB/T 9704): the edge is then where their continuation lines start.
    continued = [ln.x0 for ln in wide if 1.5 * em <= left - ln.x0 <= 2.5 * em]
    if continued:
        left = min(continued)
    # A short document may have no line that runs to the right margin: its longest line is
    # not the edge. Page margins are near symmetric (GB/T 9704: 28 mm left, 26 mm right).
    # So when few lines end at the edge found, it is checked against the page's margins.
    width = median(p.width for p in pages) if pages else 0.0
    at_edge = sum(1 for ln in wide if abs(ln.x1 - right) <= 1.5 * em)
    if at_edge < 6 and width > right and left < width / 2:
        right = max(right, width - left - 2 * em)
    return left, right


def _fills(ln: Line, box: tuple[float, float], h: float) -> bool:
    """The line runs to the right edge of its column (its paragraph goes on)."""
    c0, c1 = ln.col or box
    return ln.x1 >= c1 - 1.5 * h and ln.x1 - ln.x0 >= 0.8 * (c1 - c0)


def _starts_flush(ln: Line, box: tuple[float, float], h: float) -> bool:
    """The line starts at its column's left edge, not indented: a continuation, not a new
    paragraph (GB/T 9704 indents paragraphs by two characters); a table row is never one."""
    return ln.x0 <= (ln.col or box)[0] + 0.5 * h and "\t" not in ln.text


def assemble(pages: list[PageLines], drop_running: bool = True, join: bool = True) -> tuple[str, list[int]]:
    """All pages -> (text, page of each line). See the module docstring.

    A paragraph running on over a page break is joined too; the page's form-feed line then
    comes after it (the joined line counts on the page where it began)."""
    drop = running_lines(pages) if drop_running else [set() for _ in pages]
    out = _Text()
    page = _Page(box=_text_box(pages), join=join)
    for p, d in zip(pages, drop):
        lines = [ln for i, ln in enumerate(p.lines) if i not in d]
        if not lines:
            if out.lines:
                out.add("\f", p.number)
            out.prev = None
            continue
        page.start(lines)
        _add_page(out, p.number, lines, page)
    return "\n".join(out.lines) + ("\n" if out.lines else ""), out.pages


@dataclass
class _Text:
    """The text assembled so far: its lines, the page of each, the layout line last added."""

    lines: list[str] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    prev: Line | None = None

    def add(self, text: str, page: int) -> None:
        self.lines.append(text)
        self.pages.append(page)


@dataclass
class _Page:
    """The measures a page's lines are joined by: the body's edges, the line height of this page
    and the one before, the usual line pitch."""

    box: tuple[float, float]
    join: bool
    h: float = 0.0
    prev_h: float = 0.0
    pitch: float = 0.0

    def start(self, lines: list[Line]) -> None:
        self.prev_h, self.h = self.h, median(ln.height for ln in lines)
        steps = [b.top - a.top for a, b in zip(lines, lines[1:]) if a.col == b.col and b.top > a.top]
        self.pitch = sorted(steps)[len(steps) // 4] if steps else 1.5 * self.h

    def runs_on(self, prev: Line | None, ln: Line, first: bool, seam: bool) -> tuple[bool, bool]:
        """(does ``ln`` continue the paragraph of ``prev``, is there a paragraph gap before it):
        ``first`` on its page, after a page break when ``seam``."""
        if prev is None:
            return False, False
        if first:
            return (self.join and seam and _fills(prev, self.box, self.prev_h)
                    and _starts_flush(ln, self.box, self.h)
                    and (ln.col is None) == (prev.col is None)), False
        step = ln.top - prev.top
        same_col = ln.col == prev.col and step > 0
        blank = same_col and step > 1.6 * self.pitch and step > 1.8 * self.h
        return (self.join and same_col and not blank and step < 1.6 * self.pitch
                and _fills(prev, self.box, self.h)
                and _starts_flush(ln, self.box, self.h)), blank


def _add_page(out: _Text, number: int, lines: list[Line], page: _Page) -> None:
    """One page's lines, each joined to the paragraph it continues or on a line of its own; a
    form-feed line where the page starts (after the paragraph that runs on into it)."""
    seam = bool(out.lines)  # a form-feed line is owed before this page's next new line
    for k, ln in enumerate(lines):
        joined, blank = page.runs_on(out.prev, ln, k == 0, seam)
        out.prev = ln
        if joined:
            out.lines[-1] = _join(out.lines[-1], ln.text)
            continue
        if seam:
            out.add("\f", number)
            seam = False
        elif blank:
            out.add("", number)
        out.add(ln.text, number)
    if seam:  # the whole page ran on into the previous one
        out.add("\f", number)
