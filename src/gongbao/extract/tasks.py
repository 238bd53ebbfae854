"""Tasks with responsible units and deadlines.

Three layouts are read:
- numbered measures followed by a unit note: ``（牵头单位：A；责任单位：B、C）``,
  ``（A、B按照职责分工负责）``, ``[A按职责牵头，B配合]`` or a ``责任单位：A`` line. A note closing
  a run of sibling items without notes of their own applies to the whole run;
- responsibility paragraphs: ``区财政局负责…`` / ``县公安局：负责…``;
- task tables (tab-separated rows) with a unit column.
Units are kept as written (the scorer and readers see the text); :mod:`gongbao.extract.units`
gives the canonical organ name for storage and queries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongbao.extract._text import DocLines, squeeze
from gongbao.extract.deadlines import find_deadlines
from gongbao.models import Task

# Item markers, outermost first: 一、 （一） 1. （1） ①
_MARKERS = [
    re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]"),
    re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]"),
    re.compile(r"^\d{1,2}(?:[.．、](?!\d)|\s)"),
    re.compile(r"^[（(]\d{1,2}[）)]"),
    re.compile(r"^[①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮]"),
]
_BULLET = re.compile(r"^[-•·\s]+")
ORGAN_END = (
    r"(?:局|委|委员会|办|办公室|中心|公司|集团|部|厅|队|站|所|社|联合会|会|政府|管委会|银行|行|"
    r"法院|检察院|院|校|镇|乡|街道|园区|开发区|高新区|指挥部|小组|单位|部门|办事处|村|社区|企业|景区|分局|支局|专班)"
)
_UNIT = re.compile(rf"^[\u4e00-\u9fff（）()、]{{1,40}}?{ORGAN_END}(?:[（(][^()（）]{{1,12}}[)）])?$")
_LABEL = re.compile(r"(牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|参与单位|协同单位)\s*[:：]")
_TAIL = re.compile(
    r"(按照?职责分工负责|按照?职责负责|按照?职能分工负责|按照?职责分工落实|分别负责|共同负责|负责落实|具体负责|"
    r"按照?职责|负责|落实|配合|参与|等相关部门|等有关部门|等部门|等单位|等)$"
)
_RESP = re.compile(
    rf"^(?P<units>(?![本此该])[\u4e00-\u9fff][\u4e00-\u9fff（）()、]{{1,60}}?{ORGAN_END}(?:[（(][^()（）]{{1,12}}[)）])?)"
    r"(?:[:：]\s*)?(?P<verb>负责(?![人解])|牵头|是[^，。；]{0,30}责任主体)"
)


_OTHER_LABEL = re.compile(r"(完成时限|完成时间|时间节点|时限要求|时间要求|进度安排|时限|工作要求|工作目标|目标任务|备注)\s*[:：]")
_JOINERS = re.compile(r"等部门和|等单位和|和(?=各)|及(?=各)")
_LEAD_WORDS = re.compile(r"^(由|请|其他|以及)")
_STOPS = re.compile(r"[。：:]")
_NOTE_CUE = re.compile(r"(负责|牵头|落实|配合)$|牵头[,，]")
_SENT_END = re.compile(r"[。；;]")
_SENT_SPLIT = re.compile(r"(?<=[。；;])\s*")


def _split(s: str) -> list[str]:
    """Split a unit list on 、，,；; outside brackets; join 市、县两级… back together."""
    parts, depth, cur = [], 0, ""
    for ch in s:
        if ch in "（(":
            depth += 1
        elif ch in "）)":
            depth = max(depth - 1, 0)
        if depth == 0 and ch in "、，,；;":
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    out: list[str] = []
    for p in parts:
        p = p.strip()
        if out and len(out[-1]) <= 1:
            out[-1] = out[-1] + "、" + p
        elif p:
            out.append(p)
    return out


def _clean_units(s: str) -> list[str]:
    units = []
    for u in _split(s):
        for piece in _JOINERS.split(u):
            piece = piece.strip(" :：。.")
            for _ in range(3):
                piece = _TAIL.sub("", piece).strip()
            piece = _LEAD_WORDS.sub("", piece)
            if 2 <= len(piece) <= 40 and not _STOPS.search(piece):
                units.append(piece)
    return list(dict.fromkeys(units))


def parse_units(note: str) -> tuple[list[str], list[str]] | None:
    """(lead, units) of a unit note, or None when it names no organ."""
    s = squeeze(note)
    lead: list[str] = []
    others: list[str] = []
    if _LABEL.search(s):
        for m in re.finditer(r"(牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|参与单位|协同单位)[:：](?P<v>.*?)(?=(?:[;；,，]?(?:牵头单位|牵头部门|责任单位|责任部门|配合单位|配合部门|参与单位|协同单位)[:：])|$)", s):
            names = _clean_units(m.group("v"))
            (lead if m.group(1).startswith("牵头") else others).extend(names)
    elif "牵头" in s:
        m = re.match(r"^(?P<lead>.*?)(?:按照?职责)?牵头[,，;；]?(?P<rest>.*)$", s)
        if m:
            lead = _clean_units(m.group("lead"))
            others = _clean_units(m.group("rest"))
    else:
        others = _clean_units(s)
    units = list(dict.fromkeys(lead + others))
    if not units or not any(_UNIT.match(u) for u in units):
        return None
    if sum(bool(_UNIT.match(u) or u.startswith("各")) for u in units) < len(units) / 2:
        return None
    return (lead or units), units


_BRACKET = re.compile(r"[（(\[【）)\]】]")


def _brackets(text: str) -> list[tuple[int, int, str]]:
    """(start, end, content) of top-level bracket groups （…） (…) […] 【…】."""
    out, stack = [], []
    for bm in _BRACKET.finditer(text):
        i, ch = bm.start(), bm.group()
        if ch in "（([【":
            stack.append(i)
        elif ch in "）)]】" and stack:
            a = stack.pop()
            if not stack:
                out.append((a, i + 1, text[a + 1 : i]))
    return out


def find_unit_note(text: str) -> tuple[int, int, list[str], list[str]] | None:
    """The first unit note in ``text``: (start, end, lead, units)."""
    tail = len(text.rstrip(" 。.；;\n"))
    for a, b, inner in _brackets(text):
        s = squeeze(inner)
        cue = _LABEL.match(s) or _NOTE_CUE.search(s)
        if not cue and b == tail:  # a bare unit list closing the item: （各有关部门）
            parsed = parse_units(s)
            if parsed and all(_UNIT.match(u) for u in parsed[1]):
                return a, b, parsed[0], parsed[1]
        if cue:
            parsed = parse_units(s)
            if parsed:
                return a, b, parsed[0], parsed[1]
    m = _LABEL.search(text)
    if m:
        end = text.find("\n", m.start())
        end = len(text) if end < 0 else end
        other = _OTHER_LABEL.search(text, m.end(), end)  # 完成时限：… is no unit
        end = other.start() if other else end
        parsed = parse_units(text[m.start():end])
        if parsed:
            return m.start(), end, parsed[0], parsed[1]
    return None


@dataclass
class _Block:
    level: int  # marker rank; 9 = no marker (a paragraph)
    line: int
    marker_end: int
    texts: list[str] = field(default_factory=list)
    note: tuple[int, int, list[str], list[str]] | None = None
    covered: bool = False  # has a descendant with a unit note

    @property
    def text(self) -> str:
        return "".join(self.texts)


def _marker(t: str) -> tuple[int, int] | None:
    """(level, length) of the item marker starting the line."""
    for level, rx in enumerate(_MARKERS):
        m = rx.match(t)
        if m:
            return level, m.end()
    return None


def _title(text: str, start: int) -> str:
    body = text[start:]
    m = _SENT_END.search(body)
    t = body[: m.start()] if m else body
    return squeeze(t)[:80].strip("，,：: ")


def _blocks(doc: DocLines) -> list[_Block]:
    blocks: list[_Block] = []
    for n, raw in zip(doc.numbers, doc.texts):
        if "\t" in raw:
            continue
        t = _BULLET.sub("", raw)
        mk = _marker(t)
        if mk:
            blocks.append(_Block(mk[0], n, mk[1], [t]))
        elif blocks:
            blocks[-1].texts.append(t)
        else:
            blocks.append(_Block(9, n, 0, [t]))
    return blocks


def _task(block: _Block, lead: list[str], units: list[str], year: int | None, note_span=None) -> Task:
    text = block.text
    if note_span:
        text = text[: note_span[0]] + text[note_span[1]:]
    dl_text, dl = find_deadlines(squeeze(text), year)
    head = squeeze(block.texts[0][block.marker_end:])
    if block.level <= 1 and len(block.texts) > 1 and head and len(head) <= 30 and not _SENT_END.search(head):
        title = head.strip("，,：: ")  # a heading line: （四）畅通工作 (numbered items wrap instead)
    else:
        title = _title(text, block.marker_end) or squeeze(text)[:40]
    return Task(title, lead, units, dl, dl_text, block.line)


def _numbered_tasks(doc: DocLines, year: int | None) -> list[Task]:
    blocks = _blocks(doc)
    for b in blocks:
        b.note = find_unit_note(b.text)
    out: list[tuple[int, Task]] = []
    for i, b in enumerate(blocks):
        if not b.note or b.level == 9:  # no note, or a note in the preamble before any item
            continue
        a, e, lead, units = b.note
        out.append((i, _task(b, lead, units, year, (a, e))))
        # earlier siblings without a note of their own share this one (not across a parent,
        # not past a sibling whose sub-items had notes, not among top-level 一、二、 parts)
        j = i - 1
        while j >= 0 and blocks[j].level >= b.level:
            sib = blocks[j]
            if sib.level == b.level:
                if sib.note or sib.covered or b.level == 0:
                    break
                out.append((j, _task(sib, lead, units, year)))
                sib.covered = True
            j -= 1
        # every ancestor now has a sub-item with a note
        level = b.level
        for k in range(i - 1, -1, -1):
            if blocks[k].level < level:
                blocks[k].covered = True
                level = blocks[k].level
    out.sort(key=lambda x: x[0])
    return [t for _, t in out]


def _responsibility_tasks(doc: DocLines, year: int | None, taken: set[int]) -> list[Task]:
    out: list[Task] = []
    for n, raw in zip(doc.numbers, doc.texts):
        if "\t" in raw or n in taken or not ("负责" in raw or "牵头" in raw or "责任主体" in raw):
            continue
        t = _BULLET.sub("", raw)
        mk = _marker(t)
        body = t[mk[1]:] if mk else t
        for piece in _SENT_SPLIT.split(body):
            m = _RESP.match(squeeze(piece))
            if not m:
                continue
            if "由" in m.group("units"):  # 本文件由某局负责解读: a note, not a task
                continue
            units = _clean_units(m.group("units"))
            if not units or not all(_UNIT.match(u) or u.startswith("各") for u in units):
                continue
            rest = squeeze(piece)[m.end("units"):].lstrip(":：")
            # the time limit may come later in the same paragraph: 确保11月30日前完成
            dl_text, dl = find_deadlines(squeeze(body[body.find(piece):]) if piece else rest, year)
            out.append(Task(_title(rest, 0), units, units, dl, dl_text, n))
    return out


_UNIT_COLUMN = re.compile(r"(单位|部门|乡镇|责任|牵头|主体|分工)")
_TASK_TABLE = re.compile(r"(任务|分工|职责|措施)")
_TASK_COLUMN = re.compile(r"^(主要|重点|具体|工作|细化|职责)?(任务|措施|职责|分工)(内容|清单)?$|.*(分工|职责)$")


def _tables(doc: DocLines) -> list[tuple[str, list[str], list[tuple[int, list[str]]]]]:
    """(caption, header cells, [(line, cells)]) of each run of tab-separated rows."""
    out: list[tuple[str, list[str], list[tuple[int, list[str]]]]] = []
    caption, prev, broken = "", -10, False
    for n, raw in zip(doc.numbers, doc.texts):
        if "\t" not in raw:
            caption, broken = raw, True
            continue
        cells = [squeeze(c) for c in raw.split("\t")]
        # a new table: after a gap, or after a text line when this row is no numbered row
        # (a page footer between two rows of one table does not split it)
        new = n - prev > 3 or (broken and not re.match(r"^\d+$", cells[0]))
        broken = False
        if new:
            out.append((squeeze(caption), cells, []))
        else:
            out[-1][2].append((n, cells))
        prev = n
    return out


def _table_tasks(doc: DocLines, year: int | None) -> list[Task]:
    """Rows of a task table: its caption or header speaks of 任务/分工/职责/措施, and a
    column names the responsible units."""
    out: list[Task] = []
    for caption, header, rows in _tables(doc):
        if not (_TASK_TABLE.search(caption) or any(_TASK_COLUMN.match(h) for h in header)):
            continue
        for n, cells in rows:
            lead: list[str] = []
            units: list[str] = []
            used: set[int] = set()
            for ci, c in enumerate(cells):
                col = header[ci] if ci < len(header) else ""
                if not c or len(c) > 120 or not (_UNIT_COLUMN.search(col) or re.search(r"(负责|牵头)$", c)):
                    continue
                parsed = parse_units(c)
                if not parsed or not all(_UNIT.match(u) or u.startswith("各") for u in parsed[1]):
                    continue
                used.add(ci)
                if "牵头" in col:
                    lead += parsed[1]
                elif not lead and parsed[0] != parsed[1]:  # 区商务局牵头，区财政局配合
                    lead += parsed[0]
                units += parsed[1]
            if not units:
                continue
            units = list(dict.fromkeys(lead + units))
            texts = [x for k, x in enumerate(cells) if k not in used and len(re.findall(r"[\u4e00-\u9fff]", x)) >= 6]
            task_text = max(texts, key=len) if texts else "，".join(
                f"{h}{x}" for k, (h, x) in enumerate(zip(header, cells)) if x and k not in used and h != "序号")
            dl_text, dl = find_deadlines(" ".join(cells), year)
            out.append(Task(_title(task_text, 0), list(dict.fromkeys(lead)) or units, units, dl, dl_text, n))
    return out


def extract_tasks(doc: DocLines, year: int | None = None) -> list[Task]:
    """Tasks that name responsible units, in line order."""
    tasks = _numbered_tasks(doc, year)
    tasks += _table_tasks(doc, year)
    taken = {t.line for t in tasks}
    tasks += _responsibility_tasks(doc, year, taken)
    tasks.sort(key=lambda t: t.line)
    return tasks
