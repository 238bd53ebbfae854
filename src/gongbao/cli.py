"""The gongbao command: a thin layer that parses options and calls library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional, get_args

import typer
from rich.console import Console

from gongbao.models import Action, MoneyKind
from gongbao.text.decode import InputError

app = typer.Typer(
    add_completion=False,
    no_args_is_help=True,
    help="gongbao (公报): parse, store, search and serve Chinese government gazettes.",
)
err = Console(stderr=True)


@app.callback()
def _root() -> None:
    """gongbao (公报): parse, store, search and serve Chinese government gazettes."""


DB_OPTION = typer.Option(None, "--db", envvar="GONGBAO_DB",
                         help="Library file (default: library.db in the user's data directory).")
JSON_OPTION = typer.Option(False, "--json", help="Print JSON.")


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, no traceback, non-zero exit."""
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


def fail_exit(message: str, code: int = 2) -> None:
    """fail() outside a command (main's last resort)."""
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    sys.exit(code)


# --- serve: web app and REST API (issue 4) -------------------------------------------------------

@app.command()
def serve(
    db: Optional[Path] = DB_OPTION,
    host: str = typer.Option("127.0.0.1", "--host",
                             help="Address to listen on (loopback unless told otherwise)."),
    port: int = typer.Option(8000, "--port", min=1, max=65535),
    workers: int = typer.Option(1, "--workers", min=1, max=64, help="Server processes."),
    cache: int = typer.Option(1024, "--cache", min=0,
                              help="Search answers kept in memory until the library changes (0: none)."),
    upgrade: bool = typer.Option(False, "--upgrade",
                                 help="First bring a library made by an older gongbao up to date (writes"
                                      " to it once)."),
) -> None:
    """Serve the library read-only: web app at /, REST API under /api (docs at /api/docs).

    Example: gongbao serve --db library.db --port 8000
    """
    import uvicorn

    from gongbao.server import app_factory_env, check_library
    from gongbao.store import LibraryError

    db = db or default_db()
    try:
        check_library(db, upgrade=upgrade, notify=_note(db))
    except LibraryError as e:
        fail(str(e))
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"[yellow]note:[/yellow] listening on {host}: the library is reachable from other machines")
    err.print(f"serving {db} read-only at http://{'[' + host + ']' if ':' in host else host}:{port}/ "
              f"(API docs: /api/docs)", highlight=False)
    app_factory_env(db, cache)
    uvicorn.run("gongbao.server:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning", access_log=False)


@app.command()
def parse(
    file: Path = typer.Argument(..., help="A gazette issue or a single document: .txt, .pdf (text layer or "
                                          "scan), .html/.htm, .docx, .doc, .ofd, or a scanned page as "
                                          "PNG/JPEG/TIFF/BMP."),
    as_json: bool = typer.Option(False, "--json",
                                 help="Print the parse as JSON (the contract in ../shared/eval/README.md)."),
    text: bool = typer.Option(False, "--text", help="With --json: include each document's text."),
    ocr: str = typer.Option("auto", "--ocr",
                            help="OCR scanned pages: auto (pages without a text layer) | always | never"
                                 " (images always need OCR)."),
    timeout: float = typer.Option(600.0, "--timeout", help="Give up on the file after this many seconds."),
) -> None:
    """Split a gazette into its documents with their official metadata.

    Example: gongbao parse examples/示例区政府公报2024年第1期.txt --json
             gongbao parse 示例县人民政府公报2024年第3期.pdf --ocr auto --json
    """
    from gongbao.pipeline import parse_path

    if ocr not in ("auto", "always", "never"):
        fail(f"--ocr must be auto, always or never, not {ocr!r}")
    try:
        with intake_progress() as progress:  # read in a child process killed at the time limit
            gazette = parse_path(file, ocr=ocr, timeout=timeout or None, progress=progress, isolate=True)
    except InputError as e:
        fail(str(e))
        return
    if as_json:
        json.dump(gazette.to_dict(with_text=text), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    from gongbao.render import print_outline

    print_outline(gazette, Console())


# ---- intake: progress bar for reading PDFs and OCR (used by parse; ingest can reuse it)


class intake_progress:
    """A rich progress bar on stderr for long files (shown only on a terminal); yields the
    callback ``progress(done, total, stage)`` that gongbao.intake.load accepts."""

    def __enter__(self):
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.bar = None
        self.task = None
        if not err.is_terminal:
            return None
        # redrawn on each update, without rich's refresh thread: a process with one thread
        # forks its reader children instead of spawning them (gongbao.intake.isolate)
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=err, transient=True, auto_refresh=False)
        self.bar.start()
        return self.update

    def update(self, done: int, total: int, stage: str) -> None:
        label = {"read": "reading pages", "ocr": "reading pages (OCR)"}.get(stage, stage)
        if self.task is None:
            self.task = self.bar.add_task(label, total=total)
        self.bar.update(self.task, completed=done, total=total, description=label, refresh=True)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


# --- library: ingest, search, show, export, tasks, appointments, money (issue 3) ----------------

def default_db() -> Path:
    """The library file used when --db is left out: in the user's data directory."""
    import platformdirs

    return Path(platformdirs.user_data_dir("gongbao", appauthor=False)) / "library.db"



def _note(path: Path):
    return lambda what: err.print(f"{path}: {what}", highlight=False, soft_wrap=True)


def _open_library(db: Optional[Path]):
    """The library for a read command: read-only, after the repairs its search index needs
    (gongbao.store.shared.open_for_reading); one line and exit 2 when it cannot be used."""
    from gongbao.store import LibraryError
    from gongbao.store.shared import open_for_reading

    path = db or default_db()
    _OPENED.append(path)
    try:
        return open_for_reading(path, upgrade=True, notify=_note(path))
    except LibraryError as e:
        fail(str(e))
        raise


def _open_for_writing(db: Optional[Path]):
    """The library for ingest: checked before anything is written (damaged, empty, foreign: one line)."""
    from gongbao.store import Library, LibraryError

    path = db or default_db()
    _OPENED.append(path)
    try:
        return Library(path,
                       on_upgrade=lambda what: err.print(f"{path}: upgrading the library made by an older"
                                                               f" gongbao ({what}); once, may take minutes"),
                       on_repair=_note(path))
    except LibraryError as e:
        fail(str(e))
        raise


_OPENED: list[Path] = []  # libraries this command opened (named when SQLite reports damage)


def _print_json(data: object) -> None:
    json.dump(data, sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


@app.command()
def ingest(
    paths: list[Path] = typer.Argument(..., help="Files or folders (walked recursively)."),
    db: Optional[Path] = DB_OPTION,
    workers: int = typer.Option(2, "--workers", min=1, help="Parser processes for large batches."),
    ocr: str = typer.Option("auto", "--ocr",
                            help="OCR pages without a usable text layer: auto|always|never."),
    timeout: float = typer.Option(600, "--timeout", min=1,
                                  help="Give up on one file after this many seconds."),
    verbose: bool = typer.Option(False, "--verbose", "-v", help="A line per file once it is stored (or not): "
                                                                 "added / replaced / unchanged /"
                                                                 " duplicate / failed."),
) -> None:
    """Add gazettes to the library. Same file twice adds nothing; a changed file replaces its old version.

    Example: gongbao ingest gazettes/ scans/ --ocr auto --db library.db
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    from gongbao.store.ingest import IntakeOptions, ingest_paths

    if ocr not in ("auto", "always", "never"):
        fail(f"--ocr must be auto, always or never, not {ocr!r}")

    lib = _open_for_writing(db)
    # no refresh thread (see intake_progress): redrawn as each file is done
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                  console=err, transient=True, auto_refresh=False) as bar:
        task = bar.add_task("ingesting", total=None)

        def on_file(path: str, outcome: str) -> None:
            if verbose:  # said after the file's transaction is committed
                bar.console.print(f"{outcome:9} {path}", highlight=False, markup=False, soft_wrap=True)
            bar.update(task, advance=1, description=f"{outcome:9} {Path(path).name[:40]}", refresh=True)

        report = ingest_paths(lib, paths, workers=workers, progress=on_file,
                              on_total=lambda n: bar.update(task, total=n),
                              intake=IntakeOptions(ocr=ocr, timeout=timeout))
    for _, message in report.duplicates:
        err.print(f"[yellow]duplicate:[/yellow] {message}", highlight=False, soft_wrap=True)
    for _, message in report.failed:
        err.print(f"[red]failed:[/red] {message}", highlight=False, soft_wrap=True)
    total = lib.count_documents()
    lib.close()
    dup = f"{len(report.duplicates)} duplicate, " if report.duplicates else ""
    err.print(f"{report.added} added, {report.replaced} replaced, {report.unchanged} unchanged, {dup}"
              f"{len(report.failed)} failed; {report.documents} documents stored, {total} in the library",
              highlight=False)
    if report.failed:
        raise typer.Exit(1)


def _rich_snippet(snippet: str):
    import html
    import re

    from rich.text import Text

    out = Text()
    for i, part in enumerate(re.split(r"</?mark>", snippet)):
        out.append(html.unescape(part), style="bold yellow" if i % 2 else None)
    return out


@app.command()
def search(
    query: str = typer.Argument(..., help="Words, a phrase, a 文号 in any bracket form, a name, a question."),
    db: Optional[Path] = DB_OPTION,
    issuer: Optional[str] = typer.Option(None, "--issuer", help="Issuer contains this (示例区)."),
    region: Optional[str] = typer.Option(None, "--region", help="Region contains this (示例市)."),
    year: Optional[int] = typer.Option(None, "--year", min=1900, max=2100),
    date_from: Optional[str] = typer.Option(None, "--from", help="Signed on or after (YYYY-MM-DD)."),
    date_to: Optional[str] = typer.Option(None, "--to", help="Signed on or before (YYYY-MM-DD)."),
    doc_type: Optional[str] = typer.Option(None, "--type", help="通知 / 批复 / 决定 / 意见 …"),
    section: Optional[str] = typer.Option(None, "--section"),
    page: int = typer.Option(1, "--page", min=1),
    limit: int = typer.Option(10, "--limit", min=1, max=100),
    sort: str = typer.Option("relevance", "--sort", help="relevance | date"),
    as_json: bool = JSON_OPTION,
    facets: bool = typer.Option(False, "--facets", help="Also print facet counts."),
    exact: bool = typer.Option(False, "--exact",
                               help="Count every document found, however many (slower for very "
                                                       "common words); else counts beyond 2,000 may"
                                                       " read 2,000+."),
) -> None:
    """Search the library in Chinese (--json: the answer of /api/search).

    Example: gongbao search "煤改电 补贴" --issuer 示例区 --year 2024 --db library.db
    """
    from gongbao import query as q

    p = _asked(lambda: q.SearchParams(
        q=query, issuer=issuer, region=region, year=year, date_from=_iso_date("--from", date_from),
        date_to=_iso_date("--to", date_to), doc_type=doc_type, section=section,
        sort=_choice("--sort", sort, q.Sort),
        page=page, limit=limit, exact=exact).check())
    lib = _open_library(db)
    result = q.search(lib, p)
    lib.close()
    if result["unindexed"]:
        err.print(f"[yellow]note:[/yellow] {result['unindexed']:,} more documents are stored but not yet"
                  " searchable "
                  "(an ingest is running, or was interrupted: `gongbao serve` or the next `gongbao ingest` "
                  "indexes them)", highlight=False, soft_wrap=True)
    if as_json:
        _print_json(result)
        return
    _print_hits(result, facets)


def _print_hits(result: dict, facets: bool) -> None:
    out = Console()
    page = result["page"]
    more = "" if result["total_exact"] else "+ (--exact counts them all)"
    out.print(f"{result['total']:,}{more} documents" + (f", page {page}" if page > 1 else ""),
              highlight=False)
    for n, h in enumerate(result["hits"], (page - 1) * result["limit"] + 1):
        meta = " · ".join(x for x in (h["doc_number"], h["issuer"], h["date"],
                                      f"{h['source']}:{h['start_line']}",
                                      h["id"]) if x)
        out.print(f"[bold]{n}. {_esc(h['title'] or '(untitled)')}[/bold]", highlight=False)
        out.print(f"   [dim]{_esc(meta)}[/dim]", highlight=False)
        out.print(_rich_snippet("   " + h["snippet"]), highlight=False)
    if facets and result["facets"]:
        if result["facets_over"] < result["total"]:
            out.print(f"[dim]facets over the first {result['facets_over']:,} documents (--exact: all)[/dim]")
        for name, values in result["facets"].items():
            if values:
                out.print(f"[bold]{name}[/bold]: " + ", ".join(f"{_esc(str(v['value']))} ({v['count']})"
                                                               for v in values[:8]))


def _esc(s: str) -> str:
    from rich.markup import escape

    return escape(s)


def _asked(make):
    """What ``make`` builds of the options, or their problem in one line (exit 2)."""
    from gongbao.query import QueryError

    try:
        return make()
    except QueryError as e:
        fail(str(e).replace("invalid request: parameter ", "option "))


def _choice(option: str, value: Optional[str], vocabulary):
    """``value`` when it is one of the Literal ``vocabulary`` (or None), else exit 2 in one line."""
    if value is not None and value not in get_args(vocabulary):
        fail(f"{option} must be {' | '.join(get_args(vocabulary))}, not {value!r}")
    return value


def _iso_date(option: str, value: Optional[str]):
    import datetime

    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        fail(f"{option} must be a date like 2024-01-31, not {value!r}")


@app.command()
def show(
    key: str = typer.Argument(..., help="A 文号 (any bracket form) or a document id."),
    db: Optional[Path] = DB_OPTION,
    as_json: bool = JSON_OPTION,
    no_text: bool = typer.Option(False, "--no-text", help="Metadata and links only."),
) -> None:
    """One document: metadata, text, the documents it cites and those citing it (--json: every
    stored field, the record /api/documents/ID gives).

    Example: gongbao show 运盐政发〔2024〕10号 --db library.db
    """
    from gongbao import query as q

    lib = _open_library(db)
    try:
        rec = q.document(lib, key, with_text=not no_text)
    except q.NotFound as e:
        fail(str(e))
        return
    finally:
        lib.close()
    if as_json:
        data = rec.to_dict()
        if no_text:
            data.pop("text")
        _print_json(data)
        return
    _print_document(rec)


def _print_document(rec) -> None:
    out = Console()
    out.print(f"[bold]{_esc(rec.title or '(untitled)')}[/bold]", highlight=False)
    for label, k in (("文号", "doc_number"), ("发文机关", "issuer"), ("成文日期", "date"),
                     ("文种", "doc_type"),
                     ("栏目", "section"), ("地区", "region"), ("来源", "source"), ("id", "id")):
        if getattr(rec, k):
            out.print(f"  {label}: {_esc(str(getattr(rec, k)))}", highlight=False)
    if rec.attachments:
        out.print("  附件: " + _esc("；".join(rec.attachments)), highlight=False)
    for label, links in (("cites", rec.cites), ("cited by", rec.cited_by)):
        out.print(f"[bold]{label}[/bold] ({len(links)})")
        for link in links:
            where = f"{link.title} [{link.id}]" if link.id else "(not in the library)"
            out.print(f"  {_esc(link.doc_number or '《' + (link.title or '') + '》')}  {_esc(where)}",
                      highlight=False)
    if rec.text is not None:
        out.print()
        out.print(rec.text, highlight=False, markup=False)


@app.command()
def export(
    db: Optional[Path] = DB_OPTION,
    fmt: str = typer.Option("jsonl", "--format", help="jsonl (every field) | csv (one row per document)"),
    output: Optional[Path] = typer.Option(None, "--output", "-o", help="File to write (default: stdout)."),
) -> None:
    """Every document, streamed: JSON lines with all stored fields (the /api/documents/ID record), or CSV.

    Example: gongbao export --db library.db --format jsonl > library.jsonl
    """
    from gongbao import query as q

    fmt = _choice("--format", fmt, q.ExportFormat)
    lib = _open_library(db)
    fh = open(output, "w", encoding="utf-8", newline="") if output else sys.stdout
    try:
        for line in q.export_lines(q.records(lib), fmt):
            fh.write(line)
    finally:
        if output:
            fh.close()
        lib.close()


def _print_facts(rows: list, columns: tuple[str, ...], as_json: bool) -> None:
    from dataclasses import asdict

    if as_json:
        _print_json([asdict(r) for r in rows])
        return
    from rich.table import Table

    table = Table(*columns, "document")
    for r in rows:
        values = [getattr(r, c) for c in columns]
        cells = [", ".join(v) if isinstance(v, list) else ("" if v is None else str(v)) for v in values]
        table.add_row(*map(_esc, cells), _esc(f"{r.doc_number or r.doc_title or ''} ({r.source}:{r.line})"))
    Console().print(table)
    err.print(f"{len(rows)} rows", highlight=False)


@app.command()
def tasks(
    db: Optional[Path] = DB_OPTION,
    unit: Optional[str] = typer.Option(None, "--unit", help="Lead or responsible unit, by any of its names "
                                                           "(县住建局 = 县住房和城乡建设局)."),
    due_before: Optional[str] = typer.Option(None, "--due-before", help="Deadline before this date."),
    due_after: Optional[str] = typer.Option(None, "--due-after", help="Deadline on or after this date."),
    overdue: Optional[bool] = typer.Option(None, "--overdue/--not-overdue",
                                           help="Only tasks past (or not past) "
                                                                                 "their deadline today."),
    as_json: bool = JSON_OPTION,
) -> None:
    """Tasks assigned in the stored documents (--json: the items of /api/tasks).

    Example: gongbao tasks --unit 区住建局 --due-before 2025-01-01
    """
    from gongbao import query as q

    before, after = _iso_date("--due-before", due_before), _iso_date("--due-after", due_after)
    lib = _open_library(db)
    rows = q.tasks(lib, unit, before and before.isoformat(), after and after.isoformat(), overdue)
    lib.close()
    _print_facts(rows, ("task", "lead", "units", "deadline", "overdue"), as_json)


@app.command()
def appointments(
    db: Optional[Path] = DB_OPTION,
    person: Optional[str] = typer.Option(None, "--person", help="Name contains this."),
    organ: Optional[str] = typer.Option(None, "--organ",
                                        help="Organ or post names this organ (any of its names)."),
    action: Optional[str] = typer.Option(None, "--action", help=" | ".join(get_args(Action))),
    as_json: bool = JSON_OPTION,
) -> None:
    """Appointments and removals (任免) (--json: the items of /api/appointments).

    Example: gongbao appointments --person 张三
    """
    from gongbao import query as q

    action = _choice("--action", action, Action)
    lib = _open_library(db)
    rows = q.appointments(lib, person, organ, action)
    lib.close()
    _print_facts(rows, ("person", "action", "post", "organ", "note"), as_json)


@app.command()
def money(
    db: Optional[Path] = DB_OPTION,
    unit: Optional[str] = typer.Option(None, "--unit", help="Per what: 户 / 人 / 亩 …"),
    kind: Optional[str] = typer.Option(None, "--kind", help=" | ".join(get_args(MoneyKind))),
    as_json: bool = JSON_OPTION,
) -> None:
    """Money rules (subsidies, fees, fines …) (--json: the items of /api/money).

    Example: gongbao money --unit 户
    """
    from gongbao import query as q

    kind = _choice("--kind", kind, MoneyKind)
    lib = _open_library(db)
    rows = q.money(lib, unit, kind)
    lib.close()
    _print_facts(rows, ("amount", "rate", "unit", "kind", "beneficiary", "cap"), as_json)


# --- end of library block ----------------------------------------------------------------------


def main() -> None:
    import sqlite3

    from gongbao.store import LibraryError

    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
    except sqlite3.DatabaseError as e:  # damage met while reading: one line, no traceback
        from gongbao.store.health import database_error

        where = _OPENED[-1] if _OPENED else Path("library")
        fail_exit(str(database_error(where, e)))
    except LibraryError as e:  # e.g. the search index damaged while a command ran
        fail_exit(str(e))


if __name__ == "__main__":
    main()
