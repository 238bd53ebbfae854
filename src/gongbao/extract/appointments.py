"""Personnel appointments and removals (任免, 聘任) from 任免 notices and decisions.

A statement is read clause by clause, whatever leads it (经研究，决定：/ 现决定 / 任命：):
``张三为某局局长(试用期一年)`` / ``任命张三、李四为…`` / ``聘任张三为…`` / ``张三任…`` appoint,
``免去李四的某局副局长职务`` / ``李四某局副局长职务`` (under a 免去： heading) /
``李四不再担任…`` / ``…，免去其某职务`` remove. Several people may share one clause and one
sentence may hold several clauses. A two-column layout whose lines come interleaved ("任命:"
and "免去:" lists mixed with the signature and the date) still reads right, since each clause is
read on its own. A statement broken over lines is joined when the first line has no end mark.
``决定聘任张三等N名同志为…委员`` appoints the people of the roster (名单) that follows, one a line.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongbao.data import load_lines
from gongbao.extract._text import DocLines
from gongbao.models import Action, Appointment
from gongbao.text.chars import HAN, squeeze

_NOTICE_TITLE = re.compile(r"任免|任职|免职|任命|聘任|聘请|解聘|职务")
_HEADING = re.compile(r"^(决定|现)?(任命|免去|聘任|聘用|解聘|免职)[:：,，]?$")
_END = "；;。:：，,"
NAME = rf"(?!决定|经|为|根据|按照|同意|现)[{HAN}·]{{2,4}}"
NAMES = rf"(?P<names>{NAME}(?:[、,，和]{NAME})*?)(?:同志)?"
_CUE = re.compile(r"^(任命|聘任|聘用|聘请|免去|解聘|撤销)")
_PREAMBLE = re.compile(rf"^.*决定[:：,，]?(?=[{HAN}])")
_NOTE = r"(?:[(（](?P<note>[^)）]*)[)）])?"
_APPOINT = re.compile(rf"^{NAMES}(?:等[\d一二三四五六七八九十百]+名(?:同志)?)?(?:为|任(?![命免职])|"
                      rf"担任)(?P<post>[^；;。,，]+?){_NOTE}"
                      rf"(?:[,，]免去其(?P<rm>[^；;。]+?)职务|[,，](?P<tail>[^；;。]*))?[；;。:：,，]?$")
_REMOVE_DE = re.compile(rf"^{NAMES}(?P<de>的)(?P<post>[^；;。为]+?)(?:等)?职务[；;。:：,，]?$")
_NO_LONGER = re.compile(rf"^{NAMES}不再担任(?P<post>[^；;。]+?)(?:职务)?[；;。:：,，]?$")
_REMOVE = re.compile(rf"^{NAMES}(?P<de>)(?P<post>[^；;。为的]+?)(?:等)?职务[；;。:：,，]?$")
_REMOVE_HIM = re.compile(r"^免去其(?P<post>[^；;。]+?)职务")
# Where a sentence goes on with another person: ，李四为… / ；免去…
_NEXT = re.compile(rf"(?<=[，,；;])(?=(?:任命|聘任|免去|解聘)|{NAME}(?:同志)?(?:为|"
                   r"任(?![命免职])|不再担任|的))")
# What an organ name starts with: a level (市/县/区/省/乡/镇) or a place name ending in one.
_ORGAN_START = re.compile(r"(市|县|区|省|乡|镇|州|旗|中共|国家|自治)")
_NOTES = re.compile(r"(试用期[一二三四五六七八九十\d]+(?:年|个月)|挂职[^，,；;。)）]*|兼[^，,；;。)）]*|"
                    r"保留[^，,；;。)）]*待遇|聘期[^，,；;。)）]*)")
# A roster row: a name (maybe letter-spaced), maybe (女), then a wide gap or the line's end.
_ROSTER_ROW = re.compile(rf"^(?P<name>[{HAN}](?:[ \u3000]{{0,3}}[{HAN}]){{1,3}}?)["
                         rf" \u3000]*(?:[(（][男女][)）])?(?:[ \u3000]{{2,}}|\t|$)")
_NOT_A_NAME = re.compile(r"名单|附件|委员|顺序|为序|排名|单位|姓名|职务")


@lru_cache(maxsize=1)
def _title_suffix() -> re.Pattern[str]:
    titles = sorted(load_lines("post_titles.txt"), key=len, reverse=True)
    return re.compile("(副?(?:" + "|".join(map(re.escape, titles)) + "))$")


def is_appointment_notice(title: str | None, texts: list[str]) -> bool:
    if title and _NOTICE_TITLE.search(title) and re.search(r"任|免|聘", title):
        return True
    return any(_HEADING.match(squeeze(t)) for t in texts[:80])


def _is_post(post: str) -> bool:
    return bool(_title_suffix().search(post))


def _split_name(s: str, place_prefixes: tuple[str, ...]) -> tuple[str, str] | None:
    """'张云市人民政府…主任' -> ('张云', '市人民政府…主任'): the post starts with an organ."""
    for n in (2, 3, 4):
        rest = s[n:]
        if rest.startswith(place_prefixes) or _ORGAN_START.match(rest):
            return s[:n], rest
    return None


def _organ(post: str) -> str | None:
    """The organ of a post: 县财政局副局长 -> 县财政局 (of 县财政局党组书记、局长, the first)."""
    first = post.split("、")[0]
    m = _title_suffix().search(first)
    if not m or m.start() == 0:
        return None
    return first[: m.start()]


def _posts(post: str) -> list[str]:
    """县财政局副局长、县国资中心主任: two posts in two organs; 县财政局党组书记、局长: one."""
    parts = post.split("、")
    if len(parts) > 1 and all(_ORGAN_START.match(p) and _is_post(p) for p in parts):
        return parts
    return [post]


def _names(names: str) -> list[str]:
    return [re.sub(r"(同志|^(任命|聘任|聘用|聘请|免去))", "", n) for n in re.split(r"[、,，和]", names) if n]


def _open_bracket(t: str) -> bool:
    """A bracket opens in ``t`` that it does not close (the statement runs on)."""
    return t.count("(") + t.count("（") > t.count(")") + t.count("）")


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
            and ("为" in t or "任" in t or t.endswith("其") or _open_bracket(t))
        ):
            nxt = squeeze(doc.texts[i + 1])
            if re.match(rf"^{NAME}为", nxt) or re.match(r"^\d{4}年", nxt) or _HEADING.match(nxt):
                break
            t += nxt
            i += 1
        out.append((line, t))
        i += 1
    return out


def _clauses(statement: str) -> list[str]:
    """The clauses of one statement, its preamble (经研究，决定：) dropped."""
    s = _PREAMBLE.sub("", statement) if "决定" in statement else statement
    return [c for c in _NEXT.split(s) if c]


class _Reader:
    """Reads clauses in order, remembering the people of the last appointment (免去其…)."""

    def __init__(self, place: tuple[str, ...]):
        self.place = place
        self.out: list[Appointment] = []
        self.last: list[str] = []
        self.roster_post: tuple[str, str | None] | None = None
        self.mode: Action | None = None  # the list heading above: 任命： (appoint) / 免去： (remove)

    def add(self, names: list[str], action: Action, post: str, note: str | None, line: int) -> None:
        for name in names:
            for one in _posts(post):
                self.out.append(Appointment(person=name, action=action, post=one, organ=_organ(one),
                                            note=note or None,
                                            line=line))
        self.last = names

    def read(self, clause: str, line: int) -> None:
        heading = _HEADING.match(clause)
        if heading:
            self.mode = "remove" if heading.group(2) in ("免去", "解聘", "免职") else "appoint"
            return
        n = len(self.out)
        self._read(clause, line)
        if len(self.out) == n and self.mode:
            self._row(clause, line)

    def _row(self, clause: str, line: int) -> None:
        """A row of a list under 任命： / 免去：, name then post: ``张三 县财政局副局长（试用期一年）``."""
        m = re.match(rf"^(?P<body>[^（(]+?)(?:职务)?{_NOTE}[；;。,，]?$", clause)
        split = _split_name(m.group("body"), self.place) if m else None
        if split and _is_post(split[1]):
            self.add([split[0]], self.mode or "appoint", split[1], m.group("note") if self.mode == "appoint"
                     else None, line)

    def _read(self, clause: str, line: int) -> None:
        cue = _CUE.match(clause)
        body = clause[cue.end():] if cue else clause
        removing = bool(cue) and cue.group(1) in ("免去", "解聘", "撤销")
        m = _REMOVE_HIM.match(clause)
        if m and self.last:
            self.add(self.last, "remove", m.group("post"), None, line)
            return
        if not removing and self._appoint(body, line, clause):
            return
        self._remove(body, line)

    def _appoint(self, body: str, line: int, clause: str) -> bool:
        m = _APPOINT.match(body)
        if not m or not _is_post(m.group("post")):
            return False
        post, note = m.group("post"), m.group("note")
        if note is None:
            nm = _NOTES.search(post + "，" + (m.group("tail") or ""))
            note = nm.group(1) if nm else None
        self.add(_names(m.group("names")), "appoint", post, note, line)
        if re.search(r"等[\d一二三四五六七八九十百]+名", body):
            self.roster_post = (post, note)
        if m.group("rm"):
            self.add(self.last, "remove", m.group("rm"), None, line)
        return True

    def _remove(self, body: str, line: int) -> None:
        m = _NO_LONGER.match(body) or _REMOVE_DE.match(body) or _REMOVE.match(body)
        if not m:
            return
        names, post = m.group("names"), m.group("post")
        if "de" in m.groupdict() and not m.group("de") and "、" not in names:
            split = _split_name(names + post, self.place)
            if not split:
                return
            names, post = split
        if _is_post(post):
            self.add(_names(names), "remove", post, None, line)


def _roster(doc: DocLines, after: int, post: str, note: str | None) -> list[Appointment]:
    """People listed one a line (王某某(女)  某大学教授) after the decision that appoints them."""
    out = []
    for n, raw in zip(doc.numbers, doc.raws):
        if n <= after:
            continue
        m = _ROSTER_ROW.match(raw.strip())
        name = squeeze(m.group("name")) if m else ""
        heading = re.search(r"名单$|为序|^附件", squeeze(raw))
        if m and 2 <= len(name) <= 4 and not heading and not _NOT_A_NAME.search(name) \
                and not re.match(r"^[一二三四五六七八九十]", name):
            out.append(Appointment(person=name, action="appoint", post=post, organ=_organ(post), note=note,
                                   line=n))
    return out


def _place(issuer: str | None) -> tuple[str, ...]:
    m = re.match(r"^(.{2,6}?[市县区省])", squeeze(issuer or ""))
    return tuple(p for p in (m.group(1), m.group(1)[:-1]) if p) if m else ()


def extract_appointments(doc: DocLines, title: str | None = None,
                         issuer: str | None = None) -> list[Appointment]:
    """任免 statements of a 任免 notice (other documents give none)."""
    if not is_appointment_notice(title, doc.texts):
        return []
    reader = _Reader(_place(issuer))
    roster_from = None
    for line, statement in _statements(doc):
        if len(statement) > 400:
            continue
        for clause in _clauses(statement):
            had = reader.roster_post
            reader.read(clause, line)
            if reader.roster_post and not had:
                roster_from = line
    out = reader.out
    if reader.roster_post and roster_from is not None:
        listed = _roster(doc, roster_from, *reader.roster_post)
        names = {a.person for a in listed}
        out = [a for a in out if a.person not in names or a.action != "appoint"] + listed
    return out
