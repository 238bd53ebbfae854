"""Personnel appointments and removals (任免) from 任免 notices.

Each statement is read on its own, so a two-column layout whose lines come interleaved
("任命:" and "免去:" lists mixed with the signature and the date) still reads right:
``张三为市某局局长(试用期一年)；`` appoints, ``李四的某局副局长职务；`` / ``李四某局副局长职务。``
removes, ``…，免去其某职务`` removes the same person. Names padded with spaces ("李 锐") are
joined. A statement broken over two lines is joined when the first line has no end mark.
"""

from __future__ import annotations

import re

from gongbao.extract._text import DocLines, squeeze
from gongbao.models import Appointment

_NOTICE_TITLE = re.compile(r"任免|任职|免职|任命|聘任|解聘|职务")
_HEADING = re.compile(r"^(决定|现)?(任命|免去|聘任|聘用|解聘|免职)[:：,，]?$")
_END = "；;。:：，,"
NAME = r"[\u4e00-\u9fff·]{2,4}"
_APPOINT = re.compile(rf"^(?:任命|聘任|聘用)?(?P<names>{NAME}(?:[、,，]{NAME})*)(?:同志)?(?:为|任(?![命免职]))(?P<post>[^；;。]+?)(?:[(（](?P<note>[^)）]*)[)）])?(?:[,，]免去其(?P<rm>[^；;。]+?)职务)?[；;。:：,，]?$")
_REMOVE_DE = re.compile(rf"^(?:免去)?(?P<names>{NAME}(?:[、,，]{NAME})*)(?:同志)?(?P<de>的)(?P<post>[^；;。为]+?)(?:等)?职务[；;。:：,，]?$")
_NO_LONGER = re.compile(rf"^(?P<names>{NAME}(?:[、,，]{NAME})*?)(?:同志)?不再担任(?P<post>[^；;。]+?)(?:职务)?[；;。:：,，]?$")
_REMOVE = re.compile(rf"^(?:免去)?(?P<names>{NAME}(?:[、,，]{NAME})*?)(?P<de>)(?P<post>[^；;。为的]+?)(?:等)?职务[；;。:：,，]?$")
_TITLE_SUFFIX = re.compile(
    r"(副?(?:主任|局长|部长|队长|院长|校长|秘书长|理事长|主席|书记|处长|科长|所长|站长|馆长|社长|行长|总经理|经理|董事长|会长|园长|主任科员|调研员|委员|成员|组长|大队长|支队长|中队长|审判员|检察员|庭长))$"
)
# What an organ name starts with: a level (市/县/区/省/乡/镇) or a place name ending in one.
_ORGAN_START = re.compile(r"(市|县|区|省|乡|镇|州|旗|中共|国家|自治)")
_NOTES = re.compile(r"(试用期[一二三四五六七八九十\d]+(?:年|个月)|挂职[^，,；;。)）]*|兼[^，,；;。)）]*|保留[^，,；;。)）]*待遇)")


def is_appointment_notice(title: str | None, texts: list[str]) -> bool:
    if title and _NOTICE_TITLE.search(title) and re.search(r"任|免|聘", title):
        return True
    return any(_HEADING.match(squeeze(t)) for t in texts[:80])


def _split_name(s: str, place_prefixes: tuple[str, ...]) -> tuple[str, str] | None:
    """'张云市人民政府…主任' -> ('张云', '市人民政府…主任'): the post starts with an organ."""
    for n in (2, 3, 4):
        rest = s[n:]
        if rest.startswith(place_prefixes) or _ORGAN_START.match(rest):
            return s[:n], rest
    return None


def _person(name: str) -> str:
    return re.sub(r"同志$", "", name)


def _organ(post: str) -> str | None:
    m = _TITLE_SUFFIX.search(post)
    if not m or m.start() == 0:
        return None
    return post[: m.start()]


def _statements(doc: DocLines) -> list[tuple[int, str]]:
    """(line, text) per statement: a line without an end mark is joined with the next line
    when that line does not itself start a statement."""
    out: list[tuple[int, str]] = []
    i, n = 0, len(doc.texts)
    while i < n:
        line, t = doc.numbers[i], squeeze(doc.texts[i])
        while (
            i + 1 < n
            and t
            and t[-1] not in _END
            and ("为" in t or t.endswith("其") or t.count("(") + t.count("（") > t.count(")") + t.count("）"))
        ):
            nxt = squeeze(doc.texts[i + 1])
            if re.match(rf"^{NAME}为", nxt) or re.match(r"^\d{4}年", nxt) or _HEADING.match(nxt):
                break
            t += nxt
            i += 1
        out.append((line, t))
        i += 1
    return out


def extract_appointments(doc: DocLines, title: str | None = None, issuer: str | None = None) -> list[Appointment]:
    """任免 statements of a 任免 notice (other documents give none)."""
    if not is_appointment_notice(title, doc.texts):
        return []
    prefixes: list[str] = []
    if issuer:
        m = re.match(r"^(.{2,6}?[市县区省])", squeeze(issuer))
        if m:
            prefixes += [m.group(1), m.group(1)[:-1]]
    place = tuple(p for p in prefixes if p)
    out: list[Appointment] = []
    for line, t in _statements(doc):
        if len(t) > 120:
            continue
        m = _APPOINT.match(t)
        if m and _TITLE_SUFFIX.search(m.group("post")):
            post = m.group("post")
            note = m.group("note")
            if note is None:
                nm = _NOTES.search(post)
                if nm:
                    note = nm.group(1)
            for name in re.split(r"[、,，]", m.group("names")):
                name = _person(re.sub(r"^(任命|聘任|聘用)", "", name))
                out.append(Appointment(name, "appoint", post, _organ(post), note or None, line))
                if m.group("rm"):
                    rm = m.group("rm")
                    out.append(Appointment(name, "remove", rm, _organ(rm), None, line))
            continue
        m = _NO_LONGER.match(t)
        if m and _TITLE_SUFFIX.search(m.group("post")):
            for name in re.split(r"[、,，]", m.group("names")):
                out.append(Appointment(_person(name), "remove", m.group("post"), _organ(m.group("post")), None, line))
            continue
        m = _REMOVE_DE.match(t) or _REMOVE.match(t)
        if m:
            names, post = m.group("names"), m.group("post")
            if not m.group("de") and "、" not in names:
                split = _split_name(names + post, place)
                if not split:
                    continue
                names, post = split
            if not _TITLE_SUFFIX.search(post):
                continue
            for name in re.split(r"[、,，]", names):
                name = _person(re.sub(r"^免去", "", name))
                out.append(Appointment(name, "remove", post, _organ(post), None, line))
    return out
