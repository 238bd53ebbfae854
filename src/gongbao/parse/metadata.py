"""A document's metadata from its heading and its lines: issuer, title, recipients, date,
public marker, attachments and cited 文号, each with the line(s) it came from."""

from __future__ import annotations

import re

from gongbao.docnum import find_doc_numbers
from gongbao.models import Document
from gongbao.parse.headings import Heading
from gongbao.parse.lines import Line
from gongbao.parse.patterns import (
    ATTACH_HEAD,
    ATTACH_SECTION,
    ATTACHMENT_NAME_END,
    BOOK_TITLE,
    TRAILING_DOCNUM,
    canonical_doc_type,
    doc_type_from_body,
    doc_type_of,
    looks_like_addressee,
    looks_like_org,
    looks_like_recipients,
    public_marker,
    signature_date,
    split_orgs,
    split_recipients,
)
from gongbao.text.dates import DATE_RE, match_to_iso
from gongbao.text.normalize import close_up
from gongbao.text.chars import ARTICLE_MARK, HAN

# The issuer opens a title, before 关于 or the verb of a notice that passes a text on.
_ISSUER_BEFORE_TITLE = re.compile(r"^(?P<org>.{2,60}?)\s*(?=关于|印发|转发|批转|颁发|贯彻|转载)")
_ATTACH_ITEM = re.compile(r"^(?:\d+|[一二三四五六七八九十]+)\s*[.、．,，]\s*")
_ATTACH_LABEL = re.compile(r"^(?:附?表[一二三四五六七八九十\d]+)")
_ONLINE = re.compile(r"[（(]\s*见\s*网\s*络\s*版\s*[)）]|[（(]\s*另\s*发\s*[)）]|[（(]\s*略\s*[)）]")
_ARTICLE = re.compile(rf"^{ARTICLE_MARK}")
_INTERPRETATION = re.compile(r"负责解读|负责解释")
_SPEECH_DATE = re.compile(r"^(?:[—\-－]{1,2}|一一(?=\s*(?:19|20)\d\d))")


def _join(lines: list[Line], idx: list[int]) -> str:
    """Lines of one element joined: a line break inside Chinese text is no space."""
    out = ""
    for i in idx:
        t = lines[i].text.strip()
        out += (
            " "
            if out and out[-1].isascii() and out[-1].isalnum() and t[:1].isascii() and t[:1].isalnum()
            else ""
        ) + t
    return close_up(out)


def _heading_title(lines: list[Line], h: Heading) -> tuple[str, list[int]]:
    """The title as the heading prints it; a decree without one is named by the rule it
    publishes (《…》 in its first sentence), failing that by its header."""
    if h.title_lines:
        return TRAILING_DOCNUM.sub("", _join(lines, h.title_lines)), [lines[i].no for i in h.title_lines]
    if h.subject_line is not None:
        m = BOOK_TITLE.search(lines[h.subject_line].key)
        return (m.group("t") if m else lines[h.subject_line].key), [lines[h.subject_line].no]
    if h.decree_org and h.decree_kind:
        return h.decree_org + h.decree_kind, [lines[h.start].no]
    return "", []


def _heading_issuer(lines: list[Line], h: Heading, title: str) -> tuple[str, list[int]]:
    """The issuer the heading names: an issuer line over the title, the organ before 关于 on
    the title's first line, the red head (XX文件), a decree's header – the fullest of those
    that name the same organ."""
    found: list[tuple[str, list[int]]] = []
    if h.issuer_lines:
        found.append(
            (
                _without_province_label(" ".join(lines[i].text for i in h.issuer_lines)),
                [lines[i].no for i in h.issuer_lines],
            )
        )
    elif h.title_lines:
        first = lines[h.title_lines[0]].plain
        m = _ISSUER_BEFORE_TITLE.match(first.strip()) or _ISSUER_BEFORE_TITLE.match(title)
        if m:
            cand = m.group("org").strip()
            if _is_issuer(cand):
                found.append((cand, [lines[h.title_lines[0]].no]))
    if h.decree_org:  # a decree's header names its issuer (XX人民政府令)
        return h.decree_org, [lines[h.start].no]
    if h.red_head is not None:
        key = lines[h.red_head].key
        found.append((key[:-2] if key.endswith("文件") else key, [lines[h.red_head].no]))
    found.extend((_without_province_label(lines[j].key), [lines[j].no]) for j in h.head_orgs)
    if not found:
        return "", []
    best = found[0]
    for cand in found[1:]:
        if fuller_name(close_up(cand[0]), close_up(best[0])) == close_up(cand[0]) != close_up(best[0]):
            best = cand
    return best


def heading_fields(lines: list[Line], h: Heading, doc: Document) -> None:
    """Title, issuer(s), 文号 and doc_type from the heading block."""
    title, title_nos = _heading_title(lines, h)
    issuer_text, issuer_nos = _heading_issuer(lines, h, title)
    if issuer_text:
        doc.lines["issuer"] = issuer_nos
        orgs = split_orgs(issuer_text) or [close_up(issuer_text)]
        doc.issuer = "、".join(orgs)
        doc.issuers = [o for o in orgs if not re.search(r"等\d+个?部门$", o)]
        # The formal title (GB/T 9704): issuer + 关于 + subject + 文种. A rule's own name
        # (…办法, 政府工作报告) is not a 关于 title and takes no issuer.
        if h.title_lines and title.startswith(_TITLE_VERBS):
            title = doc.issuer + title
    doc.title = _SITE_YEAR.sub("", title) or None
    doc.lines["title"] = title_nos
    if h.decree_kind:
        doc.doc_type_word = h.decree_kind
        doc.doc_type = "命令" if h.decree_kind == "令" else "公告"
    else:
        doc.doc_type_word = doc_type_of(doc.title)
        doc.doc_type = canonical_doc_type(doc.doc_type_word)
    if h.docnum is not None:
        doc.doc_number = h.docnum.normalized
        doc.lines["doc_number"] = [lines[h.docnum_index].no]
    elif h.decree:
        doc.doc_number = h.decree
        doc.lines["doc_number"] = [lines[h.start].no]


# A site's label after a complete title: "…管理规定(2002年)", "…的批复（2007年）".
_SITE_YEAR = re.compile(rf"(?<=[{HAN}])[(（](?:19|20)\d\d年[)）]$")


_TITLE_VERBS = ("关于", "印发", "转发", "批转", "颁发", "贯彻", "转载")
_SESSION = re.compile(r"第[一二三四五六七八九十百\d]+届")


def _is_issuer(cand: str) -> bool:
    cand = close_up(cand.strip())
    return bool(split_orgs(cand) or looks_like_org(cand) or re.search(r"等\d+个?部门$", cand))


# A site labels a city's organ with its province: 福建省厦门市人民政府 (the organ is 厦门市人民政府).
_PROVINCE_LABEL = re.compile(rf"^[{HAN}]{{2,7}}?(?:省|自治区)(?=[{HAN}]{{2,10}}?(?:市|自治州|州|盟|地区))")
# A name relative to the reader's region: 市政府办公室, 县财政局, 区人民政府.
_RELATIVE = re.compile(r"^(?:市|县|区|省|州|旗|乡|镇|自治区|自治州)(?!委员会$)")


def _without_province_label(name: str) -> str:
    return _PROVINCE_LABEL.sub("", name.strip())


def is_relative_name(name: str) -> bool:
    return bool(_RELATIVE.match(name))


def fuller_name(a: str, b: str) -> str | None:
    """Of two names of the same organ, the fuller one ('徐州市人民政府办公室' over '市政府办公室',
    '中华人民共和国国务院' over '国务院'); None when they name different organs."""
    ca, cb = (_SESSION.sub("", x.replace("人民政府", "政府")) for x in (a, b))
    if len(ca) < 2 or len(cb) < 2:
        return None
    if ca == cb:
        return a if len(a) >= len(b) else b
    if ca.endswith(cb):
        return a
    if cb.endswith(ca):
        return b
    return None


def body_indices(h: Heading, end: int, body_start: int | None = None) -> list[int]:
    """The document's own lines after its heading, up to (not including) index ``end``.
    ``body_start`` < heading start when its first lines were printed above its heading (see
    displaced_starts): they are read first, the heading's lines left out."""
    if body_start is not None and body_start < h.start:
        return [j for j in range(body_start, end) if not h.start <= j <= h.end]
    return list(range(h.end + 1, end))


def body_fields(all_lines: list[Line], h: Heading, idx: list[int], doc: Document) -> None:
    """Recipients, date, public marker, attachments, cited 文号 and (for an untitled document)
    its kind, from the document's lines ``idx`` in reading order."""
    lines = [all_lines[j] for j in idx]
    start, end = 0, len(lines)
    _recipients(lines, start, end, doc)
    _date(lines, start, end, doc, head_date=h.head_date)
    above = [all_lines[j] for j in range(h.start, h.end + 1)] if not idx or idx[0] > h.start else []
    for ln in above + lines:
        pm = public_marker(ln.text)
        if pm:
            doc.public_marker, doc.public = pm
            doc.lines["public"] = [ln.no]
            break
    _attachments(lines, start, end, doc)
    if doc.doc_type is None and not doc.title:
        close = doc.lines.get("date", [lines[end - 1].no if end > start else 0])[0]
        own = [lines[j].text for j in range(start, end) if lines[j].no <= close]
        doc.doc_type = doc_type_from_body("".join(own))
    own = doc.doc_number
    cites: list[str] = []
    cite_lines: list[int] = []
    body = list(range(start, end))
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


def _recipients(lines: list[Line], start: int, end: int, doc: Document) -> None:
    """主送机关: the line right under the heading (or the one after a speaker's line), perhaps
    wrapped over two lines; a first line without its colon when the body follows it."""
    for j in range(start, min(start + 3, end)):
        text = lines[j].text
        if looks_like_addressee(text):
            doc.recipients = split_recipients(text)
            doc.lines["recipients"] = [lines[j].no]
            return
        if j + 1 < end and looks_like_addressee(lines[j + 1].text) and text.rstrip()[-1:] not in "，,、；;":
            continue  # a speaker's or a date line above the address: not part of it
        if j + 1 < end and looks_like_addressee(text + lines[j + 1].text) and not lines[j].key.endswith("。"):
            doc.recipients = split_recipients(text + lines[j + 1].text)
            doc.lines["recipients"] = [lines[j].no, lines[j + 1].no]
            return
    if (
        start + 1 < end
        and looks_like_addressee(lines[start].text, colon=False)
        and (len(lines[start + 1].key) > 30 or "。" in lines[start + 1].key)
    ):
        doc.recipients = split_recipients(lines[start].text)
        doc.lines["recipients"] = [lines[start].no]


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


def _date(lines: list[Line], start: int, end: int, doc: Document, head_date: str | None = None) -> None:
    """The signing date (成文日期) and the signature above it. A date printed in the head
    beside the 文号 is the signing date too; a speech dates itself under its title."""
    for j in range(start, min(start + 3, end)):
        t = lines[j].text
        if _SPEECH_DATE.match(t) and (m := DATE_RE.search(t)) and (iso := match_to_iso(m)):
            doc.date = iso
            doc.lines["date"] = [lines[j].no]
            return
    for j in range(start, end):
        sd = signature_date(lines[j].text)
        if sd:
            doc.date = head_date or sd[0]
            doc.lines["date"] = [lines[j].no]
            orgs, nos = _signature(lines, start, j, sd[1])
            if orgs:
                doc.lines["signature"] = nos
                _settle_issuer(doc, orgs, nos)
            return
    if head_date:
        doc.date = head_date


def _signature(
    lines: list[Line], start: int, date_index: int, on_date_line: list[str]
) -> tuple[list[str], list[int]]:
    """The signing organs: on the date line itself, or one per line above it (joint documents)."""
    orgs: list[str] = list(on_date_line)
    nos: list[int] = [lines[date_index].no] if orgs else []
    j = date_index - 1
    while j >= start and len(orgs) < 12:
        found = split_orgs(lines[j].text)
        if not found:
            break
        orgs = found + orgs
        nos.insert(0, lines[j].no)
        j -= 1
    return orgs, nos


def _settle_issuer(doc: Document, signed: list[str], nos: list[int]) -> None:
    """The signature names the issuing organs in full (GB/T 9704 7.3.5): it completes a
    heading that abbreviates (市政府办公室 -> 徐州市人民政府办公室) or names only the lead of a
    joint document; an organ the heading names differently stays as the heading has it."""
    if not doc.issuer:
        doc.issuer, doc.issuers = "、".join(signed), signed
        doc.lines["issuer"] = nos
        return
    lead = doc.issuers[0] if doc.issuers else doc.issuer
    fuller = fuller_name(signed[0], lead)
    if fuller is not None and not is_relative_name(signed[0]):
        fuller = signed[0]  # the organ's own form of its name
    if fuller is None:
        if len(signed) > len(doc.issuers):
            doc.issuers = signed
        return
    if len(signed) >= len(doc.issuers):
        names = [fuller, *signed[1:]] if len(signed) > 1 else [fuller]
        if names != doc.issuers or doc.issuer != "、".join(names):
            doc.issuers = names
            doc.issuer = "、".join(names)
            doc.lines["issuer"] = nos


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
    """附件说明: the list under '附件：' before the signature, or else the attachment sections
    ('附件1' over a title line) printed after it."""
    items: list[str] = []
    nos: list[int] = []
    for j in range(start, end):
        if m := ATTACH_HEAD.match(lines[j].text):
            cur, cur_nos = _attachment_list(lines, j, end, m.group("rest").strip())
            cur, cur_nos = _list_resumed(lines, j, end, cur, cur_nos)
            for raw in cur:
                # Several items on one line: "1.A(见网络版) 2.B(见网络版)"
                for part in re.split(r"(?<=[)）》])\s*(?=\d+\s*[.、．])", raw):
                    item = _strip_attachment(part, doc)
                    if item and item not in items:
                        items.append(item)
            nos.extend(cur_nos)
            break
    if not items:
        items, nos = _attachment_sections(lines, start, end, doc)
    doc.attachments = items
    if nos:
        doc.lines["attachments"] = nos


def _list_resumed(
    lines: list[Line], j: int, end: int, cur: list[str], cur_nos: list[int]
) -> tuple[list[str], list[int]]:
    """The list, with its remainder when other text cut in between (lines out of reading order):
    an item numbered on from the list's last, above the signature, resumes it."""
    nums = [int(m.group(1)) for t in cur if (m := _ITEM_NO.match(t))]
    if not nums:
        return cur, cur_nos
    after = max((i for i in range(j, end) if lines[i].no in cur_nos), default=j) + 1
    for k in range(after + 1, end):
        m = _ITEM_NO.match(lines[k].text)
        if not m or int(m.group(1)) != nums[-1] + 1 or "。" in lines[k].key:
            continue
        more, more_nos = _attachment_list(lines, k, end, lines[k].text.strip())
        closes = any(signature_date(lines[i].text) for i in range(k, min(end, k + len(more) + 3)))
        return (cur + more, cur_nos + more_nos) if closes else (cur, cur_nos)
    return cur, cur_nos


_ITEM_NO = re.compile(r"^\s*(\d+)\s*[.、．]")


def _ends_attachment_list(lines: list[Line], k: int, sd) -> bool:
    t = lines[k].text
    return bool(
        sd
        or public_marker(t)
        or split_orgs(t)
        or ATTACH_SECTION.match(lines[k].key)
        or len(lines[k].key) > 80
        or _INTERPRETATION.search(t)
        or looks_like_recipients(t)
    )


def _attachment_list(lines: list[Line], j: int, end: int, rest: str) -> tuple[list[str], list[int]]:
    """The items of the list that line ``j`` ('附件：…') opens, with their line numbers."""
    cur, cur_nos, _ = _read_attachment_list(lines, j, end, rest)
    return cur, cur_nos


def attachment_list_end(lines: list[Line], j: int, end: int) -> int:
    """The index of the last line of the list that line ``j`` ('附件：…') opens."""
    m = ATTACH_HEAD.match(lines[j].text)
    return _read_attachment_list(lines, j, end, m.group("rest").strip() if m else "")[2]


def _read_attachment_list(lines: list[Line], j: int, end: int, rest: str) -> tuple[list[str], list[int], int]:
    cur = [rest] if rest else []
    cur_nos = [lines[j].no] if rest else []
    last = j
    for k in range(j + 1, end):
        t = lines[k].text
        sd = signature_date(t)
        if sd and sd[1] and _ATTACH_ITEM.match(t):
            cur.append(t)  # the last item shares its line with the signature
            cur_nos.append(lines[k].no)
            return cur, cur_nos, k
        if _ends_attachment_list(lines, k, sd):
            break
        if _ATTACH_ITEM.match(t) or _ATTACH_LABEL.match(lines[k].key) or not cur:
            cur.append(t)
            cur_nos.append(lines[k].no)
        elif not _ONLINE.search(cur[-1]) and not ATTACHMENT_NAME_END.search(cur[-1].rstrip()):
            cur[-1] = cur[-1] + t  # an item wrapped over a line seam
        else:
            break
        last = k
    return cur, cur_nos, last


def _attachment_sections(
    lines: list[Line], start: int, end: int, doc: Document
) -> tuple[list[str], list[int]]:
    items: list[str] = []
    nos: list[int] = []
    for j in range(start, end - 1):
        nxt = lines[j + 1]
        if (
            ATTACH_SECTION.match(lines[j].key)
            and len(nxt.key) <= 60
            and not ATTACH_SECTION.match(nxt.key)
            and not _ARTICLE.match(nxt.key)  # an article of a rule's text, not an attachment's title
        ):
            t = _strip_attachment(nxt.text, doc)
            if t and "\t" not in nxt.text and t not in items:
                items.append(t)
                nos.append(nxt.no)
    return items, nos
