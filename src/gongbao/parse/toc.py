"""The table of contents (目录): entries with title, 文号, page and section.

Published TOCs wrap entries over lines, run several entries together on one line, glue page
numbers to the text ("…(交政发〔2024〕10号)1"), print the 文号 on its own line under the title,
carry section headings (区政府文件, 【 人事任免 】, "人事任免文件 关于…") and get interrupted by
masthead blocks (主办单位: … 电话: …). The TOC is read as a stream: text accumulates until an
entry end (a 文号 and/or a page number) closes it.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from gongbao.data import load_lines
from gongbao.docnum import find_doc_numbers
from gongbao.models import TocEntry
from gongbao.parse.lines import Line
from gongbao.parse.patterns import looks_like_recipients
from gongbao.text.normalize import close_up, fold, strip_spaces
from gongbao.text.chars import HAN

_PAGE_AFTER_DOCNUM = re.compile(
    r"[ \t]*[)）〕\]】]?[ \t]*[.·…．]*[ \t]*"
    r"(?:[（(][ \t]*(?P<p1>\d{1,3})(?:[ \t]*[-—–~～][ \t]*(?P<e1>\d{1,3}))?[ \t]*[)）]"
    r"|(?P<p2>\d{1,3})(?:[ \t]*[-—–~～][ \t]*(?P<e2>\d{1,3}))?)?(?!\d)"
)
# A 文号 too damaged to parse, still closing an entry: "(交政办发〔 2024 2号)43".
_BROKEN_DOCNUM = re.compile(
    r"[（(](?P<dn>[^()（）\n]{2,24}?号)[ \t]*[)）〕\]]?[ \t]*[.·…]*[ \t]*(?P<p>\d{1,3})?(?=\s|$)"
)
# A page number ending a line, after text: "政府工作报告……1", "任免人员名单 (17-18)".
_PAGE_AT_END = re.compile(
    rf"(?<=[{HAN})）》”\"])[ \t]*[.·…．]*[ \t]*"
    r"(?:[（(][ \t]*(?P<p1>\d{1,3})(?:[ \t]*[-—–~～][ \t]*(?P<e1>\d{1,3}))?[ \t]*[)）]"
    r"|(?P<p2>\d{1,3}))[ \t]*$"
)
_ONLY_PAGE = re.compile(
    r"^[ \t]*[.·…．]*[ \t]*[（(]?[ \t]*(?P<p>\d{1,3})"
    r"(?:[ \t]*[-—–~～][ \t]*(?P<e>\d{1,3}))?[ \t]*[)）]?[ \t]*$"
)
_FURNITURE = re.compile(r"^\S{1,6}[ \t]*[:：]|请|赠阅|订阅|欢迎|投稿|阅览")
_SYMBOLS = "★☆※◎●◆■▲◇□"
_MASTHEAD_LINE = re.compile(
    r"^(?:(?:19|20)\d\d年)?第\d{1,3}期(?:[(（]?总第\d{1,4}期[)）]?)?$|^目录$|^[A-Z ]{8,}$"
)
_SECTION_PREFIX = re.compile(rf"^[ \t]*(?P<s>[{HAN}]{{2,12}}?(?:文件|任免))[ \t]+(?=\S)")
_BRACKETED = re.compile(r"^[【\[〔［][^】\]〕］]{1,30}[】\]〕］]$")
_LEADER = " \t.·…．-—–(（"


@lru_cache(maxsize=1)
def section_names() -> tuple[str, ...]:
    return load_lines("sections.txt")


def section_heading(ln: Line) -> str | None:
    """A TOC line that is a section heading: 区 政 府 文 件 / 【 人事任免 】 / 部门规范性文件."""
    raw = ln.plain.strip().lstrip(_SYMBOLS).strip()
    key = ln.key.lstrip(_SYMBOLS).strip("【】[]〔〕［］")
    if not key or len(key) > 16 or find_doc_numbers(raw) or re.search(r"\d", key):
        return None
    if _BRACKETED.match(strip_spaces(raw)):
        return key
    if key.endswith("文件") or key in section_names():
        return key
    return None


def _page(m: re.Match[str]) -> tuple[int | None, int | None]:
    g = m.groupdict()
    p = g.get("p1") or g.get("p2") or g.get("p")
    e = g.get("e1") or g.get("e2") or g.get("e")
    return (int(p) if p else None), (int(e) if e else None)


def clean_title(s: str) -> str:
    s = close_up(s.replace("\n", " ")).strip(_LEADER + ")）")
    s = re.sub(r"^[-—–•·]\s*", "", s)
    if "——" in s and not s.startswith("——"):
        s = s.split("——", 1)[0]  # a speech's subtitle: ——2024年3月26日在…会议上
    return s.strip(_LEADER)


def title_key(title: str | None) -> str:
    """Comparison key of a title: folded, without the issuer before 关于."""
    t = fold(title)
    i = t.find("关于")
    return t[i:] if 0 < i <= 40 else t


def similar(a: str, b: str, at_least: float = 0.0) -> float:
    """Character similarity in [0, 1]; 0.0 early when it cannot reach ``at_least``."""
    if not a or not b:
        return 0.0
    if at_least and 2 * min(len(a), len(b)) / (len(a) + len(b)) < at_least:
        return 0.0
    sm = SequenceMatcher(None, a, b, autojunk=False)
    if at_least and sm.quick_ratio() < at_least:
        return 0.0
    return sm.ratio()


def title_span(lines: list[Line], i: int, hi: int, tk: str, k: str | None = None, fits=None) -> int:
    """How many lines from i spell the title whose key is ``tk`` (0: they do not). A title
    may be wrapped over two or three lines. ``fits`` says which lines may be part of a title."""
    k = title_key(lines[i].key) if k is None else k

    def same(a: str) -> bool:
        return len(a) <= len(tk) * 1.5 + 6 and (a == tk or (len(tk) >= 6 and similar(a, tk, 0.9) >= 0.9))

    if same(k):
        return 1
    if len(k) >= 4 and len(k) < len(tk) and tk.startswith(k[:4]):
        joined = k
        for extra in (1, 2):
            j = i + extra
            if j >= hi or (fits is not None and not fits(lines[j])):
                break
            joined += title_key(lines[j].key)
            if same(joined):
                return extra + 1
    return 0


class _TocReader:
    def __init__(self) -> None:
        self.entries: list[TocEntry] = []
        self.section: str | None = None
        self.pending = ""
        self.pending_line: int | None = None

    def emit(
        self, title: str, doc_number: str | None, page: int | None, page_end: int | None, line: int
    ) -> None:
        title = clean_title(title)
        if not title and not doc_number:
            return
        if title and (m := _SECTION_PREFIX.match(title)) and "关于" in title[m.end() :]:
            self.section = m.group("s")  # "人事任免文件 关于李晨之等人…"
            title = title[m.end() :]
        self.entries.append(
            TocEntry(
                title=close_up(title),
                doc_number=doc_number,
                page=page,
                section=self.section,
                line=self.pending_line or line,
                page_end=page_end,
            )
        )
        self.pending, self.pending_line = "", None

    def feed(self, ln: Line) -> None:
        raw = ln.plain
        if not re.search(rf"[{HAN}\d]", raw):
            return
        # A heading repeated as the first entry's title (【政府工作报告】 / 政府工作报告) is an entry.
        if (sec := section_heading(ln)) is not None and sec != self.section:
            self.section, self.pending, self.pending_line = sec, "", None
            return
        if (
            not self.pending
            and (m := _SECTION_PREFIX.match(raw))
            and ("关于" in raw[m.end() :] or find_doc_numbers(raw[m.end() :]))
        ):
            self.section = m.group("s")
            raw = raw[m.end() :]
        if self.pending and (m := _ONLY_PAGE.match(raw)):
            p, e = _page(m)
            self.emit(self.pending, None, p, e, ln.no)
            return
        buf = f"{self.pending}\n{raw}" if self.pending else raw
        if self.pending_line is None:
            self.pending_line = ln.no
        while buf.strip():
            dns = [d for d in find_doc_numbers(buf) if d.complete]
            broken = _BROKEN_DOCNUM.search(buf)
            if broken and dns and broken.start() < dns[0].span[0] and broken.end() <= dns[0].span[0]:
                dns = []
            elif broken and dns:
                broken = None
            if dns:
                d = dns[0]
                m = _PAGE_AFTER_DOCNUM.match(buf, d.span[1])
                p, e = _page(m)
                self.emit(buf[: d.span[0]], d.normalized, p, e, ln.no)
                buf = buf[m.end() :]
                continue
            if broken and (broken.group("p") or buf[broken.end() :].strip() == ""):
                self.emit(
                    buf[: broken.start()],
                    None,
                    int(broken.group("p")) if broken.group("p") else None,
                    None,
                    ln.no,
                )
                buf = buf[broken.end() :]
                continue
            m = _PAGE_AT_END.search(buf)
            if m and len(re.findall(rf"[{HAN}]", buf[: m.start()])) >= 4:
                p, e = _page(m)
                self.emit(buf[: m.start()], None, p, e, ln.no)
                buf = ""
                continue
            break
        self.pending = buf.strip()
        if not self.pending:
            self.pending_line = None


def is_toc_furniture(ln: Line) -> bool:
    """Masthead blocks that interrupt a TOC: 主办单位: …, 地 址: …, ★请各赠阅单位…"""
    key = strip_spaces(ln.plain)
    if key.startswith(tuple(_SYMBOLS)) and section_heading(ln) is None:
        return True
    if (key.endswith("公报") and "关于" not in key) or _MASTHEAD_LINE.match(key):
        return True  # a running header repeated on the TOC's pages
    m = _FURNITURE.search(key)
    return bool(m) and (m.start() == 0 or key.startswith(tuple(_SYMBOLS)))


def parse_toc(lines: list[Line], start: int, stop: int) -> tuple[list[TocEntry], int]:
    """Read TOC entries from lines[start:stop]. Reading also stops at the first line that
    repeats an entry's title (the body has begun). Returns (entries, index where it stopped)."""
    reader = _TocReader()
    keys: set[str] = set()
    i = start
    while i < stop:
        ln = lines[i]
        if is_toc_furniture(ln):
            i += 1
            continue
        # Body text has begun: a long line, a sentence, or recipients (never in a TOC).
        if len(ln.key) > 200 or ("。" in ln.key and len(ln.key) > 15) or looks_like_recipients(ln.text):
            if reader.pending_line is not None:  # the unfinished "entry" was the body's first line
                i = next((j for j in range(start, i) if lines[j].no == reader.pending_line), i)
            break
        if not reader.pending and len(ln.key) >= 4 and any(title_span(lines, i, stop, tk) for tk in keys):
            break
        before = len(reader.entries)
        reader.feed(ln)
        if len(reader.entries) != before:
            keys = {title_key(e.title) for e in reader.entries if e.title}
        i += 1
    return reader.entries, i
