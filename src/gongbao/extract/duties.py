"""Duty sentences: a named unit given a task in running text.

- ``由A负责…`` / ``…费用由A承担`` / ``由A、B商定``: A (and B) carry it;
- a clause whose subject is a unit list followed by a duty word: ``A负责…``, ``A主管…``,
  ``A要…`` / ``应…`` / ``须…``, ``A会同B…``, ``A承担…``, ``A是…主管部门``, ``A在…前完成…``,
  with what may stand between (``在市局统一领导下，``, ``依照本办法``, ``按照各自职责，``).
Not duties: all addressees at once (各有关部门要…), attitude and compliance (要严格遵守…),
``负责人``, ``由A负责解释`` (a note on the document, not a task).
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongbao.extract._text import DocLines
from gongbao.extract.deadlines import find_deadlines
from gongbao.extract.unit_lists import clean_units, is_blanket, is_place, is_unit, organ_end
from gongbao.models import Task
from gongbao.text.chars import (ARTICLE_MARK, HAN, ITEM_MARK, SECTION_MARK, SUBITEM_MARK, SUBSECTION_MARK,
                                squeeze)

_NAME_CHAR = rf"(?:(?!的|要|应(?!急)|在|由|对|负责|按照|依照)[{HAN}（）()、])"
_ADVERBIAL = (
    r"(?:(?:在|于)[^，。；]{0,30}?(?:下|前|内|中|时)[，,]?|对[^，。；]{0,20}?(?=要|应)|依照[^，。；]{0,20}?(?=负责|主管|承担|做好)|"
    r"按照[^，。；]{0,20}?[，,]|依法|根据[^，。；]{0,20}?[，,])?"
)
_VERB = (
    r"(?P<verb>要(?!求)|应(?![急用对聘])当?|须|必须|负责(?![人同])|主管(?!部门)|牵头|承担|会同|协同|配合|"
    r"是[^，。；]{0,30}?(?:主管部门|责任主体|责任单位|牵头单位|监管部门)|完成|将(?=[^。；]{2,80}?(?:报|交|送|返还|拨付|下达))|按(?!照|时|期|要求))"
)
_BY_VERB = r"(?P<verb>负责(?!解释|解读|人)|承担|牵头|组织实施|组织|会同|商定|统筹|实施|落实|办理)"
_CLAUSE_LEAD = re.compile(f"^(?:{ARTICLE_MARK}|{SECTION_MARK}|{SUBSECTION_MARK}|{ITEM_MARK}|{SUBITEM_MARK}"
                          r"|同时|另外|此外|其中|并|请)\s*")
_NOT_A_DUTY = re.compile(r"^(严格遵守|遵守|严格执行|认真执行|认真贯彻|贯彻执行|高度重视|"
                         r"提高(思想)?认识|统一思想|充分认识)")
_CLAUSES = re.compile(r"[^，,：:。；;！？!?\n\t]+")


@lru_cache(maxsize=1)
def _subject_rx() -> re.Pattern[str]:
    units = (rf"(?P<units>{_NAME_CHAR}{{1,60}}?(?:{organ_end()}|"
             rf"[省市县区州旗])(?:[（(][^()（）]{{1,12}}[)）])?)")
    # 涉及到的财政、公安等部门要…: a modifier (…的) only before a list of units
    return re.compile(rf"(?:[^，。；的]{{0,20}}?的(?=[^，。；的]*、))?{units}[:：]?\s*{_ADVERBIAL}{_VERB}")


@lru_cache(maxsize=1)
def _by_rx() -> re.Pattern[str]:
    units = (rf"(?P<units>{_NAME_CHAR}{{1,60}}?(?:{organ_end()}|"
             rf"[省市县区州旗])(?:[（(][^()（）]{{1,12}}[)）])?)")
    return re.compile(rf"由{units}(?:牵头)?{_BY_VERB}")


# 各乡镇, 有关单位, 各成员单位: everybody of a kind; 各省…财政厅(局) names one kind of organ
_COLLECTIVE = re.compile(r"^(?:各|有关|相关)(?!.*(?:局|厅|委|办|政府|中心|院)(?:[（(]局[)）])?$)|"
                         r"(?:成员单位|责任单位|配合单位)$")
_MODAL = "要应须必将按"
_LEADING_GROUP = re.compile(r"领导小组$")
# a clause that starts with a verb or a copula has no unit for subject (坚持有效市场与有为政府协同…)
_NO_SUBJECT = re.compile(r"^(是|其|为|坚持|推动|加强|推进|实行|建立|发挥|支持|鼓励|引导|实现|促进|"
                         r"充分|强化|完善|深化)")


def _units(raw: str, verb: str, charged: bool = False) -> list[str]:
    """The named units of a subject; places (哈尔滨市) only as subjects of 要/应/须, and
    collectives (各乡镇, 各成员单位) only when ``charged`` with a 负责 of their own (else
    ``各乡镇要…`` is a call to all, no task). A leading group directs, its office acts."""
    units = clean_units(raw)
    if any(_NO_SUBJECT.match(u) for u in units):
        return []
    modal = verb[0] in _MODAL
    ok = [u for u in units if is_unit(u) or u.startswith("各") or (is_place(u) and modal)]
    if not ok or len(ok) < len(units) or any(is_blanket(u) or _LEADING_GROUP.search(u) for u in ok):
        return []
    if modal and not charged:
        ok = [u for u in ok if not _COLLECTIVE.search(u)]
    return ok


def _sentences(text: str):
    """(start, sentence) for each sentence of running text (table rows left out)."""
    for m in re.finditer(r"[^。；;！？!?\n]+", text):
        if "\t" not in m.group():
            yield m.start(), m.group()


def _clause_starts(sentence: str):
    for m in _CLAUSES.finditer(sentence):
        lead = _CLAUSE_LEAD.match(m.group())
        yield m.start() + (lead.end() if lead else 0) + len(m.group()) - len(m.group().lstrip())


def _subject_duties(sentence: str, modal: bool) -> list[tuple[int, list[str], str]]:
    """(offset, units, task text) of each clause led by a unit list and a duty word."""
    out = []
    rx = _subject_rx()
    for start in _clause_starts(sentence):
        m = rx.match(sentence, start)
        if not m or (not modal and m.group("verb")[0] in _MODAL):
            continue
        rest = sentence[m.end("verb"):] if m.group("verb")[0] in "要应须" else sentence[m.start("verb"):]
        if _NOT_A_DUTY.match(squeeze(rest)) or re.match(r"^(了|过)", rest):
            continue
        units = _units(m.group("units"), m.group("verb"), "负责" in rest)
        if units:
            out.append((m.start("units"), units + _partners(m.group("verb"), rest), rest))
    return out


def _partners(verb: str, rest: str) -> list[str]:
    """The units a 会同 duty is shared with: ``会同规划、建设等部门制定…``."""
    if verb != "会同":
        return []
    m = re.match(rf"会同({_NAME_CHAR}{{1,60}}?{organ_end()})", squeeze(rest))
    return [u for u in clean_units(m.group(1)) if is_unit(u)] if m else []


def _by_duties(sentence: str) -> list[tuple[int, list[str], str]]:
    """(offset, units, task text) of each ``由A负责`` in a sentence."""
    out = []
    for m in _by_rx().finditer(sentence):
        units = _units(m.group("units"), m.group("verb"))
        if not units:
            continue
        a = max(sentence.rfind(c, 0, m.start()) for c in "，,：:") + 1
        if a == m.start() and a > 0:  # 对…如何返还，由A商定: what A does is the clause before
            a = max(sentence.rfind(c, 0, a - 1) for c in "，,：:") + 1
        what = re.sub(r"^(其中|对|并|同时)", "", sentence[a : m.start()]).rstrip("，,")
        out.append((m.start("units"), units, m.group("verb") + what + sentence[m.end():]))
    return out


def duty_tasks(doc: DocLines, year: int | None, modal: bool = True) -> list[Task]:
    """Tasks given to named units in running text, in order. ``modal``: read ``A要…`` too
    (not in a document that assigns its tasks by unit notes or a table)."""
    text = doc.joined
    out: list[Task] = []
    for base, sentence in _sentences(text):
        if not re.search(r"负责|主管|要|应|须|承担|会同|协同|牵头|完成|由|将|按", sentence):
            continue
        found = sorted(_subject_duties(sentence, modal) + _by_duties(sentence))
        for offset, units, what in found:
            dl_text, dl = find_deadlines(squeeze(sentence[offset:]), year)
            title = squeeze(what).strip("，,：: ")[:80]
            lead = units[:1] if "会同" in what[:2] else units
            out.append(Task(task=title, lead=lead, units=units, deadline=dl, deadline_text=dl_text,
                            line=doc.line_at(base + offset)))
    return out
