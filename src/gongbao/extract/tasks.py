"""Tasks with responsible units and deadlines.

Four layouts are read:
- numbered measures followed by a unit note: ``（牵头单位：A；责任单位：B、C）``,
  ``（A牵头，B、C等按职责分工负责）``, ``[A按职责牵头，B配合]`` or ``责任单位：A`` lines below
  the item. A note closing a run of sibling items without notes of their own applies to the
  whole run; an item holding several notes (一是…（A负责）；二是…（B负责）) gives one task each;
- duty sentences (:mod:`gongbao.extract.duties`): ``由A负责…``, ``A要…``, ``A负责…``;
- task tables (:mod:`gongbao.extract.task_tables`), tab-separated or one cell a line.
Units are kept as written (the scorer and readers see the text); ``qualified`` adds the name
within the issuing region (:mod:`gongbao.extract.units`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongbao.extract._text import DocLines
from gongbao.extract.deadlines import find_deadlines
from gongbao.extract.duties import duty_tasks
from gongbao.extract.task_tables import table_tasks
from gongbao.extract.unit_lists import is_unit, label_at, parse_units, starts_with_label
from gongbao.extract.units import qualify_units
from gongbao.models import Task
from gongbao.text.chars import (CIRCLED_MARK, CN_NUMERALS, HAN, ITEM_MARK, SECTION_MARK, SUBITEM_MARK,
                                 SUBSECTION_MARK, squeeze)

# Item markers, outermost first: 一、 （一） 1. （1） ①
_MARKERS = [re.compile(f"^{mark}") for mark in (SECTION_MARK, SUBSECTION_MARK,
                                                rf"(?:{ITEM_MARK}|\d{{1,2}}\s)",
                                                 SUBITEM_MARK, CIRCLED_MARK)]
_BULLET = re.compile(r"^[-•·\s]+")
_OTHER_LABEL = re.compile(r"(完成时限|完成时间|时间节点|时限要求|时间要求|进度安排|时限|工作要求|工作目标|"
                          r"目标任务|备注)\s*[:：]")
# the next item printed on a note's line: "责任单位：A 16.提升…" (layout spaces may be gone)
_NEXT_ITEM = re.compile(rf"(?<=[{HAN}）)])\s*(?=(?:{ITEM_MARK}|{SUBSECTION_MARK}|[{CN_NUMERALS}]{{1,3}}、"
                        rf")\s*[{HAN}])")
_NOTE_CUE = re.compile(r"(负责|牵头|落实|配合)$|牵头[,，]")
_SENT_END = re.compile(r"[。；;]")
_BRACKET = re.compile(r"[（(\[【）)\]】]")

Note = tuple[int, int, list[str], list[str]]  # start, end, lead, units


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


def _bracket_note(text: str, a: int, b: int, inner: str, tail: int) -> Note | None:
    s = squeeze(inner)
    head = re.split(r"[，,；;]", s)[0]  # （A负责，2024年6月底前完成）: the units come first
    if starts_with_label(s) or _NOTE_CUE.search(s):
        parsed = parse_units(s)
    elif _NOTE_CUE.search(head):
        parsed = parse_units(head)
    elif b == tail:  # a bare unit list closing the item: （各有关部门）
        parsed = parse_units(s)
        if parsed and not all(is_unit(u) for u in parsed[1]):
            parsed = None
    else:
        return None
    return (a, b, parsed[0], parsed[1]) if parsed else None


def _wrapped(note: str, nxt: str) -> bool:
    """A unit list that goes on over the line end: ``责任单位：县住建局、县`` / ``财政局``."""
    last = re.split(r"[、，,；;:：]", squeeze(note))[-1]
    return bool(nxt.strip()) and _marker(nxt.lstrip()) is None and (not last or not is_unit(last))


def _label_note(text: str, start: int) -> Note | None:
    """``牵头单位：A`` from ``start`` over the lines that go on with a label
    (``配合单位：B``), up to a 完成时限： label."""
    end = text.find("\n", start)
    while end >= 0 and (starts_with_label(squeeze(text[end + 1 : end + 40]))
                        or _wrapped(text[start:end], text[end + 1 : end + 40])):
        end = text.find("\n", end + 1)
    end = len(text) if end < 0 else end
    other = _OTHER_LABEL.search(text, start, end) or _NEXT_ITEM.search(text, start, end)
    end = other.start() if other else end
    parsed = parse_units(text[start:end])
    return (start, end, parsed[0], parsed[1]) if parsed else None


def find_unit_notes(text: str) -> list[Note]:
    """Every unit note in ``text``, in order: bracketed notes, then labelled lines."""
    tail = len(text.rstrip(" 。.；;\n"))
    notes = [n for a, b, inner in _brackets(text) if (n := _bracket_note(text, a, b, inner, tail))]
    pos = 0
    while (m := label_at(text, pos)) is not None:
        if not any(a <= m.start() < b for a, b, _, _ in notes):
            note = _label_note(text, m.start())
            if note:
                notes.append(note)
                pos = note[1]
                continue
        pos = m.end()
    return sorted(notes)


def find_unit_note(text: str) -> Note | None:
    """The first unit note in ``text``: (start, end, lead, units)."""
    notes = find_unit_notes(text)
    return notes[0] if notes else None


@dataclass
class _Block:
    level: int  # marker rank; 9 = no marker (a paragraph)
    line: int
    marker_end: int
    texts: list[str] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    covered: bool = False  # has a descendant with a unit note

    @property
    def text(self) -> str:
        return "\n".join(self.texts)

    def line_at(self, offset: int) -> int:
        pos = 0
        for t, n in zip(self.texts, self.lines):
            pos += len(t) + 1
            if offset < pos:
                return n
        return self.lines[-1]


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


def _pieces(doc: DocLines):
    """(line, text) of the document's lines, a unit-note line that also starts the next item
    ("责任单位：A 16.提升…") cut in two."""
    for n, raw in zip(doc.numbers, doc.texts):
        t = _BULLET.sub("", raw)
        m = _NEXT_ITEM.search(t) if starts_with_label(squeeze(t)) else None
        if m:
            yield n, t[: m.start()]
            yield n, t[m.end():]
        else:
            yield n, t


def _blocks(doc: DocLines) -> list[_Block]:
    blocks: list[_Block] = []
    for n, t in _pieces(doc):
        if "\t" in t:
            continue
        mk = _marker(t)
        if mk:
            blocks.append(_Block(mk[0], n, mk[1], [t], [n]))
        elif blocks:
            blocks[-1].texts.append(t)
            blocks[-1].lines.append(n)
        else:
            blocks.append(_Block(9, n, 0, [t], [n]))
    return blocks


def _task(block: _Block, note: Note | None, year: int | None) -> Task:
    text = block.text
    lead, units = (note[2], note[3]) if note else ([], [])
    dl_text, dl = find_deadlines(squeeze(text), year)  # the note may hold the time limit
    head = squeeze(block.texts[0][block.marker_end:])
    if block.level <= 1 and len(block.texts) > 1 and head and len(head) <= 30 and not _SENT_END.search(head):
        title = head.strip("，,：: ")  # a heading line: （四）畅通工作 (numbered items wrap instead)
    else:
        title = _title(text, block.marker_end) or squeeze(text)[:40]
    return Task(task=title, lead=lead, units=units, deadline=dl, deadline_text=dl_text, line=block.line)


def _later_tasks(block: _Block, first: Task, year: int | None) -> list[Task]:
    """Tasks of the second and later notes of one item: each covers the text since the
    note before it; a note right after another (配合单位： below 牵头单位：) joins it."""
    out: list[Task] = []
    text = block.text
    prev_end = block.notes[0][1]
    for a, b, lead, units in block.notes[1:]:
        segment, seg_start, prev_end = text[prev_end:a], prev_end, b
        body = segment.lstrip("。；;，,\n ")
        mk = _marker(body)
        body = body[mk[1]:] if mk else body
        if len(re.findall(rf"[{HAN}]", segment)) < 4:
            prev = out[-1] if out else first
            prev.units = list(dict.fromkeys(prev.units + units))
            continue
        dl_text, dl = find_deadlines(squeeze(segment), year)
        title = _title(body, 0).lstrip("一二三四五六七八九十是")
        line = block.line_at(seg_start + len(segment) - len(body))
        out.append(Task(task=title or squeeze(segment)[:40], lead=lead, units=units, deadline=dl,
                        deadline_text=dl_text,
                        line=line))
    return out


def _share_note(blocks: list[_Block], i: int, note: Note, year: int | None,
                taken: set[int]) -> list[tuple[int, Task]]:
    """Earlier siblings without a note of their own share this one (not across a parent, not
    past a sibling whose sub-items had notes, not among top-level 一、二、 parts); every
    ancestor now has a sub-item with a note."""
    b = blocks[i]
    out: list[tuple[int, Task]] = []
    j = i - 1
    while j >= 0 and blocks[j].level >= b.level:
        sib = blocks[j]
        if sib.level == b.level:
            if sib.notes or sib.covered or b.level == 0:
                break
            out.append((j, _task(sib, (0, 0, note[2], note[3]), year)))
            sib.covered = True
            taken.update(sib.lines)
        j -= 1
    level = b.level
    for k in range(i - 1, -1, -1):
        if blocks[k].level < level:
            blocks[k].covered = True
            level = blocks[k].level
    return out


def _numbered_tasks(doc: DocLines, year: int | None) -> tuple[list[Task], set[int]]:
    """Tasks from unit notes, and the lines of the items that gave them."""
    blocks = _blocks(doc)
    for b in blocks:
        b.notes = find_unit_notes(b.text)
    out: list[tuple[int, Task]] = []
    taken: set[int] = set()  # the lines of items up to their last note
    for i, b in enumerate(blocks):
        if not b.notes or b.level == 9:  # no note, or a note in the preamble before any item
            continue
        first = _task(b, b.notes[0], year)
        out.append((i, first))
        taken |= {n for n in b.lines if n <= b.line_at(b.notes[-1][1] - 1)}
        out.extend((i, t) for t in _later_tasks(b, first, year))
        out.extend(_share_note(blocks, i, b.notes[0], year, taken))
    out.sort(key=lambda x: x[0])
    return [t for _, t in out], taken


def extract_tasks(doc: DocLines, year: int | None = None, region: str | None = None) -> list[Task]:
    """Tasks that name responsible units, in line order. ``region`` (the issuer's place, e.g.
    某某市某某区) qualifies the printed unit names."""
    tasks, taken = _numbered_tasks(doc, year)
    rows = table_tasks(doc, year)
    tasks += rows
    taken |= {t.line for t in rows}
    # a document that assigns its tasks by notes or a table: 要/应 sentences are no more tasks
    modal = len(tasks) < 3
    tasks += [t for t in duty_tasks(doc, year, modal) if t.line not in taken]
    tasks.sort(key=lambda t: t.line)
    for t in tasks:
        t.qualified = qualify_units(t.units, region)
    return tasks
