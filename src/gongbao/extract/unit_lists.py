"""Lists of responsible units as 公文 print them: ``县发改局、县财政局等按职责分工负责``,
``牵头单位：A；责任单位：B、C``, ``黄埔区、南沙区政府``, ``财政、公安等部门``.

A part that shares its ending with the next one is completed from it (市、县财政 -> 市财政,
县财政; 规划、建设等行政管理部门 -> 规划行政管理部门, 建设行政管理部门); a fixed collective
stays whole (各省、自治区、直辖市财政厅(局); 市、县两级市场监管局).
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongbao.data import organ_endings
from gongbao.text.chars import HAN, split_outside_brackets, squeeze


@lru_cache(maxsize=1)
def organ_end() -> str:
    """Regex alternation of the endings of unit names (``data/organ_endings.tsv``, those a task
    unit may end with), longest first."""
    return "(?:" + "|".join(map(re.escape, organ_endings("task"))) + ")"


@lru_cache(maxsize=1)
def _unit_rx() -> re.Pattern[str]:
    return re.compile(rf"^[{HAN}（）()、]{{1,40}}?{organ_end()}(?:[（(][^()（）]{{1,12}}[)）])?$")


_PLACE = re.compile(rf"^(?![全我本该各此])[{HAN}]{{1,8}}?[省市县区州盟旗镇乡]$")
_BLANKET = re.compile(r"^(全[省市县区])?(各级)?(各|有关|相关|其他|其它)+(级|有关|相关)?(部门|单位|方面|地区|"
                      r"地方|机关|同志)*(和|及)?(单位)?$")
_TAIL = re.compile(
    r"(按照?(?:各自)?(?:职责|职能)(?:分工)?(?:负责|落实)?|分别负责|共同负责|负责落实|具体负责|具体落实|组织实施|"
    r"抓好落实|督导|指导|负责|落实|配合|协助|参与|等相关部门|等有关部门|等部门|等单位|等)$"
)
_PARTNER = re.compile(r"(配合|协助|参与|协同)$")
_JOINERS = re.compile(r"(?<=等部门)[和及]|(?<=等单位)[和及]|[和及](?=各)")
_AND = re.compile(r"[和及与]")
_LEAD_WORDS = re.compile(r"^(由|请|其他|以及)")
_STOPS = re.compile(r"[。：:]")
_COLLECTIVE = re.compile(r"[两三四]级|各级")
_KIND_TAIL = re.compile(r"(?:行政主管部门|行政管理部门|主管部门|管理部门|部门|单位|机构)$")
LABELS = "牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|参与单位|协同单位"
_LABEL = re.compile(rf"({LABELS})\s*[:：]")
_LABELLED = re.compile(rf"({LABELS})[:：](?P<v>.*?)(?=(?:[;；,，]?(?:{LABELS})[:：])|$)")


def is_unit(name: str) -> bool:
    """A name that ends like an organ (局, 委, 人民政府, 部门, 街道办事处 …)."""
    return bool(_unit_rx().match(name))


def is_place(name: str) -> bool:
    """A place that can carry a duty (哈尔滨市, 江南区), not 全市 / 我县 / 各区."""
    return bool(_PLACE.match(name)) and len(name) >= 2


def is_blanket(name: str) -> bool:
    """All addressees at once (各有关部门, 全市各级各部门, 相关单位): nobody in particular."""
    return bool(_BLANKET.match(name))


def _split_and(part: str) -> list[str]:
    """哈尔滨市和省森工总局 -> two units; 住房和城乡建设局 stays one."""
    out, start = [], 0
    for m in _AND.finditer(part):
        left = part[start:m.start()]
        if (is_unit(left) or is_place(left)) and m.end() < len(part):
            out.append(left)
            start = m.end()
    out.append(part[start:])
    return out


def _place_tail(last: str) -> str | None:
    """The organ part of ``南沙区政府`` / ``县财政`` after its place prefix."""
    for i, ch in enumerate(last[:-1]):
        if ch in "省市县区州盟旗镇乡" and is_unit("某" + last[i + 1:]) and last[i + 1] not in "级直":
            return last[i + 1:]
    return None


def _kind_tail(last: str) -> tuple[str, str] | None:
    """(stem, ending) of ``交通运输等部门`` / ``公安部门``: the organ kind the list shares."""
    if "等" in last:
        stem, _, tail = last.rpartition("等")
        return (stem, tail) if _KIND_TAIL.search(tail) or is_unit(tail) else None
    m = _KIND_TAIL.search(last)
    return (last[: m.start()], m.group()) if m and m.start() > 0 else None


def _complete_run(run: list[str], last: str) -> list[str]:
    """Bare parts before ``last`` completed from its ending, or the run kept whole."""
    if (run[0].startswith("各") and not is_unit(run[0])) or _COLLECTIVE.search(last):
        return ["、".join(run + [last])]
    if all(b in "省市县区乡镇" for b in run) and not _place_tail(last):
        return ["、".join(run + [last])]
    kind = _kind_tail(last)
    place = _place_tail(last)
    out = []
    for b in run:
        if _town(b) and is_unit(b):  # 甲镇、乙镇人民政府 (but 甲镇、县财政局 stay apart)
            out.append(b + place if place and last[len(last) - len(place) - 1] == b[-1] else b)
        elif (is_place(b) or b in "省市县区乡镇") and place:
            out.append(b + place)
        elif kind and not is_place(b):
            out.append(b + kind[1])
        else:
            out.append(b)
    out.append(kind[0] + kind[1] if kind and "等" in last else last)
    return out


def _town(p: str) -> bool:
    """甲镇 / 乙乡: a unit that may share the organ named after the next town (甲镇、乙镇人民政府)."""
    return p[-1] in "镇乡" and not p.startswith("各")


def distribute(parts: list[str]) -> list[str]:
    """Complete each run of bare parts from the unit that closes it (see the module doc)."""
    out: list[str] = []
    run: list[str] = []
    for p in parts:
        if (is_unit(p) and not _town(p)) or (p.startswith("各") and run and not is_unit(run[0])):
            out.extend(_complete_run(run, p) if run else [p])
            run = []
        else:
            run.append(p)
    return out + run


def _strip_tail(piece: str) -> str:
    """Drop 按职责分工负责 / 等部门 / 配合 …, but keep the 等部门 that bare names share
    (交通运输等部门)."""
    for _ in range(3):
        m = _TAIL.search(piece)
        if not m:
            break
        if m.group().startswith("等") and not is_unit(piece[: m.start()]) and _kind_tail(piece):
            break
        piece = piece[: m.start()].strip()
    return piece


def clean_units(s: str) -> list[str]:
    """The unit names of a list, tails such as 按职责分工负责 / 等部门 dropped."""
    pieces: list[str] = []
    for u in split_outside_brackets(s, "、，,；;", opens="（(", closes="）)"):
        for piece in _JOINERS.split(_strip_tail(u.strip(" :：。."))):
            pieces.append(_LEAD_WORDS.sub("", _strip_tail(piece.strip())))
    pieces = [p.lstrip("（(") if p.count("（") + p.count("(") > p.count("）") + p.count(")")
              else p for p in pieces]
    whole = distribute([p for p in pieces if p])
    units = [u for w in whole for u in _split_and(w) if 2 <= len(u) <= 40 and not _STOPS.search(u)]
    return list(dict.fromkeys(units))


def named(units: list[str]) -> bool:
    """Every name looks like an organ (or 各… collective)."""
    return bool(units) and all(is_unit(u) or u.startswith("各") for u in units)


def parse_units(note: str) -> tuple[list[str], list[str]] | None:
    """(lead, units) of a unit note, or None when it names no organ."""
    s = squeeze(note)
    lead: list[str] = []
    others: list[str] = []
    if _LABEL.search(s):
        for m in _LABELLED.finditer(s):
            names = clean_units(m.group("v"))
            (lead if m.group(1).startswith("牵头") else others).extend(names)
    elif "牵头" in s:
        m = re.match(r"^(?P<lead>.*?)(?:按照?职责)?牵头[,，;；]?(?P<rest>.*)$", s)
        if m:
            lead = clean_units(m.group("lead"))
            others = clean_units(m.group("rest"))
    elif any(_PARTNER.search(seg) for seg in re.split(r"[，,；;]", s)) and re.search(r"负责[，,；;]", s):
        # 区市场监管局负责，区商务局配合: the one in charge leads
        for seg in re.split(r"[，,；;]", s):
            (others if _PARTNER.search(seg) else lead).extend(clean_units(seg))
    else:
        others = clean_units(s)
    units = list(dict.fromkeys(lead + others))
    if not units or not any(is_unit(u) for u in units):
        return None
    if sum(bool(is_unit(u) or u.startswith("各")) for u in units) < len(units) / 2:
        return None
    return (lead or units), units


def label_at(text: str, pos: int = 0) -> re.Match[str] | None:
    """The next 牵头单位： / 责任单位： label in ``text`` from ``pos``."""
    return _LABEL.search(text, pos)


def starts_with_label(s: str) -> bool:
    return bool(_LABEL.match(s))
