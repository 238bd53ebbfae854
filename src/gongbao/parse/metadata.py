"""A document's metadata from its heading and its lines: issuer, title, recipients, date,
public marker, attachments and cited 文号, each with the line(s) it came from."""

from __future__ import annotations

import re

from gongbao.docnum import find_doc_numbers
from gongbao.models import Document
from gongbao.parse.headings import Heading
from gongbao.parse.lines import Line
from gongbao.parse.patterns import (
    doc_type_of,
    looks_like_org,
    looks_like_recipients,
    public_marker,
    signature_date,
    split_orgs,
    split_recipients,
)
from gongbao.text.dates import DATE_RE, match_to_iso
from gongbao.text.normalize import close_up

_ISSUER_BEFORE_TITLE = re.compile(r"^(?P<org>.{2,60}?)\s*(?=关于)")
_ATTACH_HEAD = re.compile(r"^附\s*件\s*(?:\d+|[一二三四五六七八九十]+)?\s*[:：]\s*(?P<rest>.*)$")
_ATTACH_ITEM = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)\s*[.、．,，]\s*")
_ATTACH_LABEL = re.compile(r"^(?:附?表[一二三四五六七八九十\d]+)")
_ONLINE = re.compile(r"[（(]\s*见\s*网\s*络\s*版\s*[)）]|[（(]\s*另\s*发\s*[)）]|[（(]\s*略\s*[)）]")
_ATTACH_SECTION = re.compile(r"^附\s*件\s*(?:\d+|[一二三四五六七八九十]+)?$")
_INTERPRETATION = re.compile(r"负责解读|负责解释")
_SPEECH_DATE = re.compile(r"^[—\-－]{1,2}")


def _join(lines: list[Line], idx: list[int]) -> str:
    return close_up(" ".join(lines[i].text for i in idx))


_TRAILING_DOCNUM = re.compile(r"[（(][^()（）]{4,30}号[)）]$")
_BOOK_TITLE = re.compile(r"《(?P<t>[^《》]{4,80})》")


def _decree_fields(lines: list[Line], h: Heading, doc: Document) -> None:
    """政府令: the decree number stands for the 文号, the regulation it issues for the title."""
    org = lines[h.title_lines[0]].key[:-1]
    doc.issuer, doc.issuers = org, [org]
    doc.doc_number = h.decree
    doc.doc_type = "令"
    doc.lines["issuer"] = doc.lines["doc_number"] = [lines[h.start].no, lines[h.end].no]
    m = _BOOK_TITLE.search(lines[h.subject_line].key) if h.subject_line is not None else None
    doc.title = m.group("t") if m else lines[h.title_lines[0]].key
    doc.lines["title"] = [lines[h.subject_line].no] if m else [lines[h.start].no]


def heading_fields(lines: list[Line], h: Heading, doc: Document) -> None:
    """Title, issuer(s) and 文号 from the heading block."""
    if h.decree:
        _decree_fields(lines, h, doc)
        return
    title = _TRAILING_DOCNUM.sub("", _join(lines, h.title_lines))
    issuer_text = ""
    if h.issuer_lines:
        issuer_text = " ".join(lines[i].text for i in h.issuer_lines)
        doc.lines["issuer"] = [lines[i].no for i in h.issuer_lines]
    else:
        # "运城市盐湖区人民政府 关于印发…" : the issuer shares the title's first line.
        first = lines[h.title_lines[0]].plain if h.title_lines else ""
        m = _ISSUER_BEFORE_TITLE.match(first.strip())
        if m:
            cand = m.group("org").strip()
            if split_orgs(cand) or looks_like_org(close_up(cand)) or re.search(r"等\d+个?部门$", close_up(cand)):
                issuer_text = cand
                doc.lines["issuer"] = [lines[h.title_lines[0]].no]
    if not issuer_text and h.red_head is not None:
        issuer_text = lines[h.red_head].key[:-2]
        doc.lines["issuer"] = [lines[h.red_head].no]
    if issuer_text:
        orgs = split_orgs(issuer_text) or [close_up(issuer_text)]
        doc.issuer = "、".join(orgs)
        doc.issuers = [o for o in orgs if not re.search(r"等\d+个?部门$", o)]
        # The formal title (GB/T 9704): issuer + 关于 + subject + 文种.
        if "关于" in title:
            title = doc.issuer + title[title.find("关于"):]
        elif not title.startswith(close_up(issuer_text)):
            title = doc.issuer + title
    doc.title = title or None
    doc.lines["title"] = [lines[i].no for i in h.title_lines]
    doc.doc_type = doc_type_of(doc.title)
    if h.docnum is not None:
        doc.doc_number = h.docnum.normalized
        doc.lines["doc_number"] = [lines[h.docnum_index].no]


def body_fields(lines: list[Line], h: Heading, end: int, doc: Document, body_start: int | None = None) -> None:
    """Recipients, date, public marker, attachments and cited 文号 from the lines after the
    heading up to (not including) index ``end``. ``body_start`` < heading start when the
    document's first lines were printed above its heading (see displaced_starts)."""
    displaced = body_start is not None and body_start < h.start
    start = body_start if displaced else h.end + 1
    # 主送机关: the line(s) right after the heading ending with a colon.
    for j in range(start, min(start + 2, end)):
        text = lines[j].text
        if looks_like_recipients(text):
            doc.recipients = split_recipients(text)
            doc.lines["recipients"] = [lines[j].no]
            break
        if j + 1 < end and looks_like_recipients(lines[j].text + lines[j + 1].text) and not lines[j].key.endswith("。"):
            doc.recipients = split_recipients(lines[j].text + lines[j + 1].text)
            doc.lines["recipients"] = [lines[j].no, lines[j + 1].no]
            break
    _date(lines, start, end, doc, skip=(h.start, h.end + 1) if displaced else None)
    for j in range(min(h.start, start), end):
        pm = public_marker(lines[j].text)
        if pm:
            doc.public_marker, doc.public = pm
            doc.lines["public"] = [lines[j].no]
            break
    _attachments(lines, start, end, doc)
    own = doc.doc_number
    cites: list[str] = []
    cite_lines: list[int] = []
    body = [j for j in range(start, end) if not (displaced and h.start <= j <= h.end)]
    text = "\n".join(lines[j].text for j in body)
    line_of = _line_index(lines, body)
    for d in find_doc_numbers(text):
        n = d.normalized
        if d.complete and not d.is_order and n != own and n not in cites:
            cites.append(n)
            cite_lines.append(line_of(d.span[0]))
    doc.cites = cites
    if cite_lines:
        doc.lines["cites"] = cite_lines


def _line_index(lines: list[Line], indices: list[int]):
    """Map a character offset in '\\n'.join(texts) back to a file line number."""
    offsets = []
    pos = 0
    for j in indices:
        offsets.append((pos, lines[j].no))
        pos += len(lines[j].text) + 1

    def line_of(offset: int) -> int:
        lo, hi = 0, len(offsets) - 1
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if offsets[mid][0] <= offset:
                lo = mid
            else:
                hi = mid - 1
        return offsets[lo][1]

    return line_of


def _date(lines: list[Line], start: int, end: int, doc: Document, skip: tuple[int, int] | None = None) -> None:
    # A speech or report dates itself under its title: "——2024年3月26日在…会议上".
    for j in range(start, min(start + 3, end)):
        t = lines[j].text
        if _SPEECH_DATE.match(t) and (m := DATE_RE.search(t)) and (iso := match_to_iso(m)):
            doc.date = iso
            doc.lines["date"] = [lines[j].no]
            return
    for j in range(start, end):
        if skip and skip[0] <= j < skip[1]:
            continue
        sd = signature_date(lines[j].text)
        if sd:
            doc.date = sd[0]
            doc.lines["date"] = [lines[j].no]
            if sd[1] and len(sd[1]) > len(doc.issuers):
                doc.issuers = sd[1]
            elif not sd[1] and j - 1 >= start:
                orgs = split_orgs(lines[j - 1].text)
                if orgs and len(orgs) > len(doc.issuers):
                    doc.issuers = orgs
            _signature_block(lines, start, j, doc)
            if not doc.issuer and doc.issuers:
                doc.issuer = "、".join(doc.issuers)
                doc.lines["issuer"] = doc.lines.get("signature", [lines[j].no])
            return


def _signature_block(lines: list[Line], start: int, date_index: int, doc: Document) -> None:
    """Joint documents sign with one organ per line above the date."""
    orgs: list[str] = []
    nos: list[int] = []
    j = date_index - 1
    while j >= start and len(orgs) < 12:
        found = split_orgs(lines[j].text)
        if not found:
            break
        orgs = found + orgs
        nos.insert(0, lines[j].no)
        j -= 1
    if orgs:
        doc.lines["signature"] = nos
        if len(orgs) > len(doc.issuers):
            doc.issuers = orgs


def _strip_attachment(s: str, doc: Document) -> str:
    s = close_up(s)
    m = _ONLINE.search(s)
    if m:
        s = s[: m.start()]
    m = DATE_RE.search(s)
    if m:
        s = s[: m.start()]
        for org in doc.issuers + ([doc.issuer] if doc.issuer else []):
            if org and s.endswith(org):
                s = s[: -len(org)]
    s = _ATTACH_ITEM.sub("", s.strip())
    return s.strip(" 《》<>.。;；,，")


def _attachments(lines: list[Line], start: int, end: int, doc: Document) -> None:
    items: list[str] = []
    nos: list[int] = []
    for j in range(start, end):
        m = _ATTACH_HEAD.match(lines[j].text)
        if not m:
            continue
        rest = m.group("rest").strip()
        cur = [rest] if rest else []
        cur_nos = [lines[j].no] if rest else []
        k = j + 1
        while k < end:
            t = lines[k].text
            sd = signature_date(t)
            if sd and sd[1] and _ATTACH_ITEM.match(t):
                cur.append(t)  # the last item shares its line with the signature
                cur_nos.append(lines[k].no)
                break
            if (sd or public_marker(t) or split_orgs(t) or _ATTACH_SECTION.match(lines[k].key)
                    or len(lines[k].key) > 80 or _INTERPRETATION.search(t) or looks_like_recipients(t)):
                break
            if _ATTACH_ITEM.match(t) or _ATTACH_LABEL.match(lines[k].key):
                cur.append(t)
                cur_nos.append(lines[k].no)
            elif cur and not _ONLINE.search(cur[-1]) and not cur[-1].rstrip().endswith(("》", "表", "单", "册")):
                cur[-1] = cur[-1] + t  # an item wrapped over a line seam
            elif not cur:
                cur.append(t)
                cur_nos.append(lines[k].no)
            else:
                break
            k += 1
        for raw in cur:
            # Several items on one line: "1.A(见网络版) 2.B(见网络版)"
            for part in re.split(r"(?<=[)）》])\s*(?=\d+\s*[.、．])", raw):
                item = _strip_attachment(part, doc)
                if item and item not in items:
                    items.append(item)
        nos.extend(cur_nos)
        break
    if not items:
        # No 附件: list; attachment sections ("附件1" over a title line) name them instead.
        for j in range(start, end - 1):
            if _ATTACH_SECTION.match(lines[j].key) and len(lines[j + 1].key) <= 60 and not _ATTACH_SECTION.match(lines[j + 1].key):
                t = _strip_attachment(lines[j + 1].text, doc)
                if t and "\t" not in lines[j + 1].text and t not in items:
                    items.append(t)
                    nos.append(lines[j + 1].no)
    doc.attachments = items
    if nos:
        doc.lines["attachments"] = nos
