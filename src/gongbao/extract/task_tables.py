"""Task tables: a 任务/分工 table with a column of responsible units, one row per task.

Two layouts: tab-separated rows (a table kept as a table), and one cell a line, as web pages
and PDF text layers give a table: a header of short cells (序号 / 重点工作 / 牵头单位 / 配合单位
/ 完成时限), then rows that each start with their number on a line of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongbao.extract._text import DocLines
from gongbao.extract.deadlines import find_deadlines
from gongbao.extract.unit_lists import named, parse_units
from gongbao.models import Task
from gongbao.text.chars import HAN_CHAR, SECTION_MARK, SUBSECTION_MARK, squeeze

_UNIT_COLUMN = re.compile(r"(单位|部门|乡镇|责任|牵头|主体|分工)")
_TASK_TABLE = re.compile(r"(任务|分工|职责|措施)")
_TASK_COLUMN = re.compile(r"^(主要|重点|具体|工作|细化|职责)?(任务|措施|职责|分工|工作)(内容|清单|"
                          r"事项)?$|.*(分工|职责)$")
_DEADLINE_COLUMN = re.compile(r"(时限|时间|进度|节点)")
_LEAD_COLUMN = re.compile(r"牵头")
_CELL_HEADER_UNIT = re.compile(r"^(牵头|责任|配合|协同|参与|主责)(单位|部门)$|^责任(主体|人)$")
_ROW_NUMBER = re.compile(r"^\d{1,3}[.．、]?$")
_SECTION = re.compile(f"^(?:{SECTION_MARK}|{SUBSECTION_MARK})")


@dataclass
class _Row:
    line: int  # the line of the task cell
    cells: list[str]
    header: list[str]


def _title(text: str) -> str:
    t = squeeze(text)
    m = re.search(r"[。；;]", t)
    return (t[: m.start()] if m else t)[:80].strip("，,：: ")


def _row_task(row: _Row, year: int | None) -> Task | None:
    """The task of one row: its unit cells (a 牵头 column leads), its task cell, its deadline."""
    lead, units, used = _row_units(row)
    if not units:
        return None
    units = list(dict.fromkeys(lead + units))
    dl_text, dl = find_deadlines(" ".join(c for k, c in enumerate(row.cells) if k not in used), year)
    return Task(task=_title(_task_text(row, used)), lead=list(dict.fromkeys(lead)) or units, units=units,
                deadline=dl, deadline_text=dl_text, line=row.line)


def _row_units(row: _Row) -> tuple[list[str], list[str], set[int]]:
    """(lead, units, the cells that name them) of one row: cells of a unit column, or naming
    who is responsible (…负责, …牵头), or any cell of a table without a header."""
    lead: list[str] = []
    units: list[str] = []
    used: set[int] = set()
    for ci, c in enumerate(row.cells):
        col = row.header[ci] if ci < len(row.header) else ""
        if not c or len(c) > 120 or not (_UNIT_COLUMN.search(col) or re.search(r"(负责|牵头)$", c)
                                         or not row.header):
            continue
        parsed = parse_units(c)
        if not parsed or not named(parsed[1]):
            continue
        used.add(ci)
        if _LEAD_COLUMN.search(col) or (not row.header and not units):
            lead += parsed[1]
        elif not lead and parsed[0] != parsed[1]:  # 区商务局牵头，区财政局配合
            lead += parsed[0]
        units += parsed[1]
    return lead, units, used


def _task_text(row: _Row, used: set[int]) -> str:
    """The task of a row: its task column, else its longest text cell, else its cells with
    their headers."""
    task_cols = [k for k, h in enumerate(row.header) if _TASK_COLUMN.match(h) and k < len(row.cells)
                 and row.cells[k]]
    if task_cols:
        return row.cells[task_cols[0]]
    texts = [x for k, x in enumerate(row.cells) if k not in used and len(HAN_CHAR.findall(x)) >= 6]
    if texts:
        return max(texts, key=len)
    return "，".join(f"{h}{x}" for k, (h, x) in enumerate(zip(row.header, row.cells)) if x and k not in used
                    and h != "序号")


def _tab_tables(doc: DocLines) -> list[tuple[str, list[str], list[tuple[int, list[str]]]]]:
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


def _tab_rows(doc: DocLines) -> list[_Row]:
    """Rows of the tab-separated tables whose caption or header speaks of 任务/分工/职责/措施."""
    rows: list[_Row] = []
    for caption, header, body in _tab_tables(doc):
        if _TASK_TABLE.search(caption) or any(_TASK_COLUMN.match(h) for h in header):
            rows += [_Row(n, cells, header) for n, cells in body]
    return rows


def _cell_header(texts: list[str], i: int) -> list[str] | None:
    """The header cells starting at line ``i`` (序号), when they name a unit column."""
    header = []
    for t in texts[i : i + 12]:
        s = squeeze(t)
        if len(s) > 8 or _ROW_NUMBER.match(s):
            break
        header.append(s)
    if any(_CELL_HEADER_UNIT.match(h) for h in header) and any(_TASK_COLUMN.match(h) for h in header):
        return header
    return None


def _cell_rows(doc: DocLines) -> list[_Row]:
    """Rows of tables laid out one cell a line: ``1`` / task / units … until the next number."""
    texts, numbers = doc.texts, doc.numbers
    rows: list[_Row] = []
    i = 0
    while i < len(texts):
        header = _cell_header(texts, i) if squeeze(texts[i]) == "序号" else None
        if header is None:
            i += 1
            continue
        i += len(header)
        expect, width = 1, len(header) + 2
        while i < len(texts) and squeeze(texts[i]) != "序号":
            s = squeeze(texts[i])
            if not (_ROW_NUMBER.match(s) and int(re.sub(r"\D", "", s)) == expect):
                i += 1
                continue
            j = i + 1
            while j < len(texts) and j - i <= width and not _ROW_NUMBER.match(squeeze(texts[j])) \
                    and not _SECTION.match(squeeze(texts[j])):
                j += 1
            cells = [squeeze(t) for t in texts[i + 1 : j]]
            if cells:
                rows.append(_Row(numbers[i + 1], cells, _cell_columns(header, cells)))
            expect += 1
            i = j
    return rows


def _cell_columns(header: list[str], cells: list[str]) -> list[str]:
    """Column names for a row's cells after its number: the header without 序号, or, when the
    counts differ (a header cell wrapped over two lines, an empty cell dropped), unit columns
    guessed from the cells themselves."""
    names = [h for h in header if h != "序号"]
    if len(names) == len(cells):
        return names
    units = [h for h in names if _CELL_HEADER_UNIT.match(h)]
    out, k, task = [], 0, False
    for c in cells:
        if not task and len(HAN_CHAR.findall(c)) >= 6:  # the task column comes before the units
            out.append("工作任务")
            task = True
            continue
        parsed = parse_units(c) if task and len(c) <= 120 and not c.endswith("。") else None
        if parsed and named(parsed[1]) and k < len(units):
            out.append(units[k])
            k += 1
        else:
            out.append("")
    return out


def table_tasks(doc: DocLines, year: int | None) -> list[Task]:
    """One task per row of each task table."""
    out = []
    for row in _tab_rows(doc) + _cell_rows(doc):
        task = _row_task(row, year)
        if task:
            out.append(task)
    return out
