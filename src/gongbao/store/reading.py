"""Reading a library: the records the query layer asks for (gongbao.store.base.ReadModel), in SQL.

A mixin of gongbao.store.library.Library (``self.db`` is its SQLite connection): the SQL of
reading lives here, the SQL of writing and of the search index's bookkeeping in library.py.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Sequence
from typing import Any

from gongbao.docnum import normalize_doc_number
from gongbao.models import Appointment, Citation, MoneyRule, Task
from gongbao.match import Filters
from gongbao.store.identity import cited_title_key
from gongbao.store.records import (AppointmentRow, CitationLink, DocumentRecord, DocumentSummary,
                                   IssueMasthead,
                                    IssueRecord, IssueSummary, MoneyRow, TaskRow, TocLink)
from gongbao.text.canonical import canonical

CHUNK = 500  # row ids bound in one IN (...) list


def conditions(conds: list[tuple[str, Any, int]]) -> tuple[list[str], list[Any]]:
    """SQL conditions for the values given: (SQL with n placeholders, the value, n), a value of
    None or "" leaving its condition out, a list being the arguments themselves (any_of)."""
    where: list[str] = []
    args: list[Any] = []
    for sql, value, n in conds:
        if value is None or value == "" or value == []:
            continue
        where.append(sql)
        args += value if isinstance(value, list) else [value] * n
    return where, args


def filter_sql(f: Filters | None) -> tuple[str, list[Any]]:
    """`` AND …`` conditions on documents ``d`` for the filters, and their arguments."""
    if f is None:
        return "", []
    where, args = conditions([
        ("(instr(d.issuer, ?) > 0 OR instr(d.issuers, ?) > 0)", f.issuer, 2),
        ("instr(coalesce(d.region, ''), ?) > 0", f.region, 1),
        ("d.year = ?", f.year, 1), ("d.date >= ?", f.date_from, 1), ("d.date <= ?", f.date_to, 1),
        ("(d.doc_type = ? OR (d.doc_type IS NULL AND d.title LIKE '%' || ?))", f.doc_type, 2),
        ("instr(coalesce(d.section, ''), ?) > 0", f.section, 1)])
    return (" AND " + " AND ".join(where)) if where else "", args


def any_of(sql: str, values: Sequence[str]) -> tuple[str, list[Any], int]:
    """A condition for conditions(): ``sql`` (each placeholder the value) holds for any of ``values``."""
    n = sql.count("?")
    return "(" + " OR ".join([sql] * len(values)) + ")", [v for v in values for _ in range(n)], 0


def issue_label(title: str | None, year: int | None, number: int | None, total_number: int | None,
                source: str) -> str:
    """"示例县人民政府公报 2024年第4期（总第16期）", or the file name without a masthead."""
    if not title:
        return source or ""
    out = title
    if year:
        out += f" {year}年" + (f"第{number}期" if number else "")
    if total_number:
        out += f"（总第{total_number}期）"
    return out


_SUMMARY_COLS = ("d.doc_id, d.title, d.doc_number, d.issuer, d.date, d.doc_type, d.section, d.region,"
                 " i.source_name, d.start_line")
_ISSUE_COLS = ", ".join(f"i.{c} AS issue_{c}" for c in ("stable_id", "title", "year", "number",
                                                        "total_number",
                                                     "published", "publisher", "region", "source_name"))
_FACT_DOC = "d.doc_id, d.doc_number, d.title AS doc_title, i.source_name AS source"


def _masthead(r: Sequence[Any]) -> dict[str, Any]:
    """The IssueMasthead fields of a row that starts with _ISSUE_COLS."""
    sid, title, year, number, total, published, publisher, region, source = r[:9]
    return {"id": sid, "label": issue_label(title, year, number, total, source), "title": title, "year": year,
            "number": number, "total_number": total, "published": published, "publisher": publisher,
            "region": region, "source": source}


def _fact_rows(r: sqlite3.Row, cols: Sequence[str]) -> dict[str, Any]:
    out = {k: r[k] for k in (*cols, "doc_id", "doc_number", "doc_title", "source")}
    for k in ("lead", "units", "split", "qualified"):
        if isinstance(out.get(k), str):
            out[k] = json.loads(out[k])
    return out


class Reading:
    """The read model of a SQLite library (see gongbao.store.base.ReadModel)."""

    db: sqlite3.Connection

    # -- documents ---------------------------------------------------------------------------
    def count_documents(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def count_issues(self) -> int:
        return self.db.execute("SELECT count(*) FROM issues").fetchone()[0]

    def rowids_by_number(self, doc_number: str) -> list[int]:
        return [r[0] for r in self.db.execute(
            "SELECT id FROM documents WHERE doc_number = ? ORDER BY date DESC, id", (doc_number,))]

    def rowid_of(self, doc_id: str) -> int | None:
        """A document's row id from its stable id."""
        row = self.db.execute("SELECT id FROM documents WHERE doc_id = ?",
                              (doc_id.strip().lower(),)).fetchone()
        return row[0] if row else None

    def resolve_key(self, key: str) -> int | None:
        """A document's row id from its stable id or its 文号 (any bracket form; the newest)."""
        rowid = self.rowid_of(key)
        if rowid is None and (num := normalize_doc_number(key.strip())):
            rowid = next(iter(self.rowids_by_number(num)), None)
        return rowid

    def iter_rowids(self) -> Iterator[int]:
        last = 0
        while True:
            rows = self.db.execute("SELECT id FROM documents WHERE id > ? ORDER BY id LIMIT 1000",
                                   (last,)).fetchall()
            if not rows:
                return
            yield from (r[0] for r in rows)
            last = rows[-1][0]

    def summaries(self, rowids: Sequence[int]) -> list[DocumentSummary]:
        """The stored documents among these row ids, in their order."""
        found: dict[int, DocumentSummary] = {}
        ids = list(rowids)
        for k in range(0, len(ids), CHUNK):
            chunk = ids[k : k + CHUNK]
            for r in self.db.execute(f"SELECT d.id, {_SUMMARY_COLS} FROM documents d JOIN issues i ON i.id"
                                     " = d.issue_id"
                                     f" WHERE d.id IN ({','.join('?' * len(chunk))})", chunk):
                found[r[0]] = DocumentSummary(*r[1:])
        return [found[r] for r in rowids if r in found]

    def list_documents(self, filters: Filters | None, page: int,
                       limit: int) -> tuple[int, list[DocumentSummary]]:
        """Documents newest first, filtered: how many there are, and one page of them."""
        fsql, fargs = filter_sql(filters)
        w = (" WHERE 1=1" + fsql) if fsql else ""
        total = self.db.execute(f"SELECT count(*) FROM documents d{w}", fargs).fetchone()[0]
        ids = [r[0] for r in self.db.execute(
            f"SELECT d.id FROM documents d{w} ORDER BY d.date DESC, d.id DESC LIMIT ? OFFSET ?",
            (*fargs, limit, (page - 1) * limit))]
        return total, self.summaries(ids)

    def record(self, rowid: int, with_text: bool = True) -> DocumentRecord | None:
        """Everything stored about one document (None when it is gone)."""
        r = self.db.execute(
            f"SELECT {_ISSUE_COLS}, d.*, t.lines AS line_map, {'t.text' if with_text else 'NULL'} AS text,"
            " i.source_path, i.sha256, i.parser_version FROM documents d JOIN doc_text t ON t.id = d.id"
            " JOIN issues i ON i.id = d.issue_id WHERE d.id = ?", (rowid,)).fetchone()
        if r is None:
            return None
        cites, cited_by = self.links(rowid)
        resolved = {c.doc_number: c.id for c in cites if c.doc_number}
        by_title = {c.title: c.id for c in cites if not c.doc_number and c.id}
        issue = IssueMasthead(**_masthead(r))
        return DocumentRecord(
            id=r["doc_id"], title=r["title"], doc_number=r["doc_number"], issuer=r["issuer"],
            issuers=json.loads(r["issuers"]), doc_type=r["doc_type"], date=r["date"], region=r["region"],
            recipients=json.loads(r["recipients"]), section=r["section"], toc_page=r["toc_page"],
            public=None if r["public"] is None else bool(r["public"]), public_marker=r["public_marker"],
            attachments=json.loads(r["attachments"]), cites=cites, cited_by=cited_by,
            start_line=r["start_line"], end_line=r["end_line"], span_start=r["span_start"],
            lines=json.loads(r["line_map"]), source=r["issue_source_name"], source_path=r["source_path"],
            sha256=r["sha256"], parser_version=r["parser_version"], issue_id=issue.id, issue=issue,
            citations=[Citation(**c, resolved=resolved.get(normalize_doc_number(c["cited_number"] or "")
                                                           or c["cited_number"]) if c["cited_number"]
                                else by_title.get(c["cited_title"]))
                       for c in self._facts_of("citations", rowid,
                                               ("cited_number", "cited_title", "relation", "line"))],
            appointments=[Appointment(**a) for a in self._facts_of("appointments", rowid, _APPOINTMENT)],
            tasks=[Task(**t) for t in self._facts_of("tasks", rowid, _TASK)],
            money=[MoneyRule(**m) for m in self._facts_of("money", rowid, _MONEY)],
            text=r["text"])

    def _facts_of(self, table: str, rowid: int, cols: Sequence[str]) -> list[dict[str, Any]]:
        rows = self.db.execute(f"SELECT {', '.join(cols)} FROM {table} WHERE doc = ? ORDER BY seq", (rowid,))
        out = []
        for r in rows:
            rec = dict(zip(cols, r))
            for k in ("lead", "units", "split", "qualified"):
                if isinstance(rec.get(k), str):
                    rec[k] = json.loads(rec[k])
            out.append(rec)
        return out

    # -- citation links ----------------------------------------------------------------------
    def links(self, rowid: int) -> tuple[list[CitationLink], list[CitationLink]]:
        """What a document cites, in the order its text names them (the 文号 the parser found,
        then those only its extracted citations name, then titles cited without a 文号), and
        the stored documents citing it."""
        targets = {r[0]: (r[1], r[2]) for r in self.db.execute(
            "SELECT l.cited_number, t.doc_id, t.title FROM links l LEFT JOIN documents t ON t.id = l.target"
            " WHERE l.src = ?", (rowid,))}
        parsed = json.loads(self.db.execute("SELECT cites FROM documents WHERE id = ?",
                                            (rowid,)).fetchone()[0])
        facts = self.db.execute("SELECT cited_number, cited_title, relation, line FROM citations"
                                " WHERE doc = ?"
                                " ORDER BY seq", (rowid,)).fetchall()
        first: dict[str, sqlite3.Row] = {}
        for f in facts:
            if f[0]:
                first.setdefault(normalize_doc_number(f[0]) or f[0], f)
        numbers = [normalize_doc_number(n) or n for n in parsed] + list(first) + sorted(targets)
        cites = []
        for num in dict.fromkeys(n for n in numbers if n in targets):
            fact = first.get(num)
            doc_id, title = targets[num]
            cites.append(CitationLink(doc_number=num, title=title or (fact[1] if fact else None), id=doc_id,
                                      relation=fact[2] if fact else None, line=fact[3] if fact else None))
        by_title = {r[0]: r[1] for r in self.db.execute(
            "SELECT l.cited_title, t.doc_id FROM title_links l JOIN documents t ON t.id = l.target"
            " WHERE l.src = ?", (rowid,))}
        cites += [CitationLink(doc_number=None, title=f[1], id=by_title.get(cited_title_key(f[1])),
                               relation=f[2], line=f[3])
                  for f in facts if not f[0] and f[1]]
        cited_by = [CitationLink(doc_number=r[0], title=r[2], id=r[1], relation=r[3],
                                 line=r[4]) for r in self.db.execute(
            "SELECT s.doc_number, s.doc_id, s.title, c.relation, c.line FROM links l JOIN documents s ON"
            " s.id = l.src"
            " LEFT JOIN citations c ON c.doc = l.src AND c.seq = (SELECT min(seq) FROM citations"
            " WHERE doc = l.src AND cited_number = l.cited_number)"
            " WHERE l.target = ? ORDER BY s.date, s.id", (rowid,))]
        cited_by += self._cited_by_title(rowid)
        return cites, cited_by

    def _cited_by_title(self, rowid: int) -> list[CitationLink]:
        """The stored documents citing this one by its title (no 文号), with the first such
        citation's relation and line."""
        out = []
        for src, doc_number, doc_id, title, key in self.db.execute(
                "SELECT s.id, s.doc_number, s.doc_id, s.title, l.cited_title FROM title_links l"
                " JOIN documents s ON s.id = l.src WHERE l.target = ? ORDER BY s.date, s.id", (rowid,)):
            fact = next((f for f in self.db.execute(
                "SELECT cited_title, relation, line FROM citations WHERE doc = ? AND cited_number IS NULL"
                " ORDER BY seq", (src,)) if cited_title_key(f[0]) == key), None)
            out.append(CitationLink(doc_number=doc_number, title=title, id=doc_id,
                                    relation=fact[1] if fact else None, line=fact[2] if fact else None))
        return out

    # -- issues ------------------------------------------------------------------------------
    def issues(self, region: str | None = None, publisher: str | None = None, year: int | None = None,
               page: int = 1, limit: int = 50) -> tuple[int, list[IssueSummary]]:
        """Issues newest first, with the number of documents in each: how many, and one page."""
        where, args = conditions([("instr(coalesce(i.region, ''), ?) > 0", region, 1),
                                  ("instr(coalesce(i.publisher, ''), ?) > 0", publisher, 1),
                                  ("i.year = ?", year, 1)])
        w = (" WHERE " + " AND ".join(where)) if where else ""
        total = self.db.execute(f"SELECT count(*) FROM issues i{w}", args).fetchone()[0]
        rows = self.db.execute(
            f"SELECT {_ISSUE_COLS}, (SELECT count(*) FROM documents d WHERE d.issue_id = i.id)"
            f" FROM issues i{w} ORDER BY coalesce(i.published, printf('%04d', i.year)) DESC, i.year DESC,"
            " i.number DESC, i.id DESC LIMIT ? OFFSET ?", (*args, limit, (page - 1) * limit)).fetchall()
        return total, [IssueSummary(**_masthead(r), documents=r[9]) for r in rows]

    def issue_counts(self) -> dict[str, list[tuple[Any, int]]]:
        """How many issues each region, publisher and year has (region and publisher by count)."""
        out: dict[str, list[tuple[Any, int]]] = {}
        for col, order in (("region", "n DESC, v"), ("publisher", "n DESC, v"), ("year", "v DESC")):
            out[col] = [(r[0], r[1]) for r in self.db.execute(
                f"SELECT {col} AS v, count(*) AS n FROM issues WHERE {col} IS NOT NULL GROUP BY v"
                f" ORDER BY {order}")]
        return out

    def issue(self, issue_id: str) -> IssueRecord | None:
        """One issue: masthead, table of contents (entries linked to its documents), documents."""
        r = self.db.execute(f"SELECT {_ISSUE_COLS}, i.id, i.warnings FROM issues i WHERE i.stable_id = ?",
                            (issue_id.strip().lower(),)).fetchone()
        if r is None:
            return None
        rowids = [d[0] for d in self.db.execute("SELECT id FROM documents WHERE issue_id = ? ORDER BY seq",
                                                (r[9],))]
        docs = self.summaries(rowids)
        toc = [TocLink(title=t[0], doc_number=t[1], page=t[2], page_end=t[3], section=t[4], line=t[5],
                       document=None)
               for t in self.db.execute("SELECT title, doc_number, page, page_end, section, line FROM"
                                        " toc_entries"
                                        " WHERE issue_id = ? ORDER BY seq", (r[9],))]
        _link_toc(toc, docs)
        return IssueRecord(**_masthead(r), toc=toc, documents=docs, warnings=json.loads(r[10]))

    # -- extracted facts ---------------------------------------------------------------------
    def _found(self, table: str, cols: Sequence[str], conds: list[tuple[str, Any, int]],
               order: str) -> list[dict[str, Any]]:
        """Rows of a fact table with the document each comes from; ``conds`` as for conditions()."""
        where, args = conditions(conds)
        q = (f"SELECT {', '.join('f.' + c for c in cols)}, {_FACT_DOC} FROM {table} f"
             " JOIN documents d ON d.id = f.doc JOIN issues i ON i.id = d.issue_id"
             + (" WHERE " + " AND ".join(where) if where else "") + f" ORDER BY {order}")
        return [_fact_rows(r, cols) for r in self.db.execute(q, args)]

    def tasks(self, units: Sequence[str] = (), due_before: str | None = None,
              due_after: str | None = None) -> list[TaskRow]:
        """Tasks (soonest deadline first) whose lead, units or qualified units contain any of ``units``."""
        return [TaskRow(**r) for r in self._found("tasks", _TASK, [
            any_of("(instr(f.units, ?) > 0 OR instr(f.lead, ?) > 0 OR instr(f.qualified, ?) > 0)", units),
            ("f.deadline < ?", due_before, 1), ("f.deadline >= ?", due_after, 1)],
            "f.deadline IS NULL, f.deadline, d.id, f.seq")]

    def appointments(self, person: str | None = None, action: str | None = None,
                     organs: Sequence[str] = ()) -> list[AppointmentRow]:
        """Appointments newest first: of a person (name contains), an action, in an organ (organ
        or post contains any of ``organs``)."""
        return [AppointmentRow(**r) for r in self._found("appointments", _APPOINTMENT, [
            ("instr(f.person, ?) > 0", person, 1), ("f.action = ?", action, 1),
            any_of("(instr(coalesce(f.organ, ''), ?) > 0 OR instr(f.post, ?) > 0)", organs)],
            "d.date DESC, d.id, f.seq")]

    def money(self, unit: str | None = None, kind: str | None = None) -> list[MoneyRow]:
        """Money rules newest first, per ``unit`` (户, 亩 …) and of a ``kind``."""
        conds = [("f.unit = ?", unit, 1), ("f.kind = ?", kind, 1)]
        return [MoneyRow(**r) for r in self._found("money", _MONEY, conds, "d.date DESC, d.id, f.seq")]


_TASK = ("task", "lead", "units", "deadline", "deadline_text", "line", "qualified")
_APPOINTMENT = ("person", "action", "post", "organ", "note", "line")
_MONEY = ("amount", "rate", "unit", "kind", "beneficiary", "condition", "cap", "split", "line", "text")


def _link_toc(toc: list[TocLink], docs: list[DocumentSummary]) -> None:
    """Point each TOC entry at its document: the one with its 文号, else the one whose title
    holds (or ends with) the entry's title."""
    by_number = {d.doc_number: d.id for d in docs if d.doc_number}
    by_title = [(canonical(d.title), d.id) for d in docs if d.title]
    for entry in toc:
        entry.document = by_number.get(entry.doc_number) if entry.doc_number else None
        if entry.document is None:
            t = canonical(entry.title)
            entry.document = next((i for dt, i in by_title if t and (t in dt or dt.endswith(t))), None)
