"""Government disclosure pages (政府信息公开): the document without the site around it.

The page's metadata header (索引号 / 发文机关 / 发文字号 / 成文日期 / 标题 …), when present, is
read into ``meta``; the document body is the element holding most of the page's Chinese
paragraph text (known content containers first), turned into one line per block and one
tab-separated line per table row.
"""

from __future__ import annotations

import re
from pathlib import Path

from gongbao.text.decode import InputError

# meta key -> labels as printed on the pages
LABELS = {
    "index_no": ("索引号",),
    "issuer": ("发文机关", "发布机构", "发布机关"),
    "doc_number": ("发文字号", "文号"),
    "date": ("成文日期",),
    "published": ("发布日期",),
    "title": ("标题", "名称"),
    "category": ("主题分类",),
}
_ALL_LABELS = sorted((lab for labs in LABELS.values() for lab in labs), key=len, reverse=True)
_LABEL_RE = {
    key: re.compile(
        r"(?<![^\n\t \u3000\xa0])(?:" + "|".join(r"[ \u3000\xa0]*".join(lab) for lab in labs) + r")"
        r"[ \u3000\xa0]*[:：]?[ \t\u3000\xa0]*\n?[ \t\u3000\xa0]*([^\n]*)"
    )
    for key, labs in LABELS.items()
}
_DROP_TAGS = ("script", "style", "noscript", "iframe", "form", "nav", "header", "footer", "aside",
              "button", "select", "input", "svg", "template", "object", "embed")
_CONTENT = ("#UCAP-CONTENT", ".pages_content", "#zoom", "#Zoom", ".TRS_Editor", ".trs_editor_view",
            ".article-content", ".article_content", ".article_con", ".xxgk_content", "#content",
            ".content", "article")
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "section", "article",
          "blockquote", "pre", "center", "dl", "dt", "dd", "hr", "tbody", "thead", "main", "address",
          "figure", "figcaption", "table", "tr"}
_HAN = re.compile(r"[\u4e00-\u9fff]")
MAX_DEPTH = 1000  # element nesting beyond which a page is refused (real pages nest a few dozen)
_WS = re.compile(r"[ \t\r\n\f\v\xa0]+")
_DATE = re.compile(r"(\d{4})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})")


def _iso(s: str | None) -> str | None:
    m = _DATE.search(s or "")
    return f"{int(m[1]):04d}-{int(m[2]):02d}-{int(m[3]):02d}" if m else None


def read_meta(text: str) -> dict:
    """The metadata header fields found in the page's text (one string per label)."""
    meta: dict = {}
    for key, rx in _LABEL_RE.items():
        m = rx.search(text)
        if not m:
            continue
        value = m.group(1).strip(" \t\u3000\xa0").split("\t")[0]
        for lab in _ALL_LABELS:  # a value cut at the next label printed on the same line
            i = value.find(lab)
            if i > 0:
                value = value[:i].strip(" \t\u3000\xa0")
        if value and not any(value.startswith(lab) for lab in _ALL_LABELS):
            meta[key] = value
    for key in ("date", "published"):
        if key in meta:
            meta[key] = _iso(meta[key]) or meta[key]
    return meta


def _cell(tag) -> str:
    return _WS.sub(" ", tag.get_text(" ")).strip(" \u3000")


def to_lines(node) -> list[str]:
    """An element as text lines: a line per block element, a tab-separated line per table row.
    The tree is walked with a stack of its own, not by recursion: a page nested thousands of
    levels deep is read like any other."""
    from bs4 import Comment, NavigableString, Tag

    lines: list[str] = []
    cur: list[str] = []

    def flush() -> None:
        s = "".join(cur).strip(" \u3000")
        if s:
            lines.append(s)
        cur.clear()

    stack = [(iter(node.children), False)]  # children still to read, and whether a line ends after them
    while stack:
        ch = next(stack[-1][0], None)
        if ch is None:
            if stack.pop()[1]:
                flush()
            continue
        if isinstance(ch, Comment):
            continue
        if isinstance(ch, NavigableString):
            cur.append(_WS.sub(" ", str(ch)))
            continue
        if not isinstance(ch, Tag):
            continue
        name = ch.name.lower()
        if name == "br":
            flush()
        elif name == "tr":
            flush()
            tds = ch.find_all(["td", "th"], recursive=False)
            if len(tds) == 1:  # a layout table's single cell: its own lines
                stack.append((iter(tds[0].children), True))
                continue
            cells = [_cell(td) for td in tds]
            if any(cells):
                lines.append("\t".join(cells).strip())
        elif name in _BLOCK:
            flush()
            stack.append((iter(ch.children), True))
        else:
            stack.append((iter(ch.children), False))
    flush()
    return lines


def _cjk(tag) -> int:
    return len(_HAN.findall(tag.get_text()))


def _counts(root, table: dict) -> tuple[int, int]:
    """(Chinese characters, of which inside links) for a tag and, in ``table``, its descendants
    with their depth below ``root`` (walked with a stack of its own, as in to_lines)."""
    from bs4 import NavigableString, Tag

    stack = [(root, iter(root.children), [0, 0])]
    while stack:
        tag, children, acc = stack[-1]
        ch = next(children, None)
        if isinstance(ch, Tag):
            stack.append((ch, iter(ch.children), [0, 0]))
        elif isinstance(ch, NavigableString):
            acc[0] += len(_HAN.findall(str(ch)))
        elif ch is None:
            stack.pop()
            table[id(tag)] = (acc[0], acc[1], len(stack))
            if stack:
                up = stack[-1][2]
                up[0] += acc[0]
                up[1] += acc[0] if tag.name == "a" else acc[1]
    return table[id(root)][:2]


def depth(root) -> int:
    """How deeply elements nest below ``root`` (walked with a stack of its own)."""
    from bs4 import Tag

    deepest = 0
    stack = [iter(root.children)]
    while stack:
        ch = next(stack[-1], None)
        if ch is None:
            stack.pop()
        elif isinstance(ch, Tag):
            stack.append(iter(ch.children))
            deepest = max(deepest, len(stack))
    return deepest


def find_content(soup):
    """The element holding the document: a known container, else the tightest element that
    holds nearly the most Chinese text outside links (navigation is mostly links)."""
    for sel in _CONTENT:
        for tag in soup.select(sel):
            if _cjk(tag) >= 40:
                return tag
    root = soup.body or soup
    table: dict = {}
    _counts(root, table)
    # text outside links, less the link text: a wrapper around the navigation scores low
    score = {k: t - 2 * lk for k, (t, lk, _) in table.items()}
    tags = root.find_all(["div", "td", "section", "article", "main", "table"])
    best = max((score[id(t)] for t in tags), default=0)
    if best <= 0:
        return root
    cands = [tag for tag in tags if score[id(tag)] >= 0.85 * best]
    return min(cands, key=lambda t: (table[id(t)][0], -table[id(t)][2])) if cands else root


def extract_html(path: Path) -> tuple[str, dict]:
    from bs4 import BeautifulSoup

    from gongbao.intake import read_html_bytes

    try:
        html = read_html_bytes(path)
    except OSError as e:
        raise InputError(path, f"cannot read: {e.strerror}") from None
    soup = BeautifulSoup(html, "lxml")
    nested = depth(soup)
    if nested > MAX_DEPTH:
        raise InputError(path, f"HTML elements nested {nested} levels deep (pages nest a few dozen): "
                               "not a document page")
    for t in soup(list(_DROP_TAGS)):
        t.decompose()
    page_text = "\n".join(to_lines(soup.body or soup))
    meta = read_meta(page_text)
    for name in ("ArticleTitle", "title"):
        tag = soup.find("meta", attrs={"name": name})
        if tag and tag.get("content") and "title" not in meta:
            meta["title"] = tag["content"].strip()
    content = find_content(soup)
    lines = to_lines(content)
    if not any(_HAN.search(ln) for ln in lines):
        raise InputError(path, "no Chinese document text found in this HTML page")
    title = meta.get("title")
    if not title:
        h = content.find_previous(["h1", "h2"]) or soup.find("h1")
        if h is not None and _cjk(h) >= 4:
            title = _cell(h)
            meta["title"] = title
    if title:
        head = "".join("".join(lines[:6]).split())
        if "".join(title.split()) not in head:
            lines.insert(0, title)
    return "\n".join(lines) + "\n", meta
