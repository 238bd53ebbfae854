"""Ingest files into a library: idempotent by checksum, one transaction per file, bad files skipped.

Files are parsed in a process pool (parsing is CPU-bound and pure) and written from this
process only (SQLite has one writer).
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Executor, Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from gongbao.intake.isolate import die_with_parent
from gongbao.models import Gazette
from gongbao.store.base import Repository
from gongbao.store.library import DuplicateIssue, prepare_fts, sha256_file
from gongbao.text.decode import InputError

POOL_MIN_FILES = 4  # below this a pool costs more than it saves


@dataclass
class IngestReport:
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    documents: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)  # (path, one-line reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (path, one line): an issue stored from another file

    @property
    def ok(self) -> bool:
        return not self.failed


def bounded_map(pool: Executor, fn: Callable, items: Iterable, window: int = 16) -> Iterator:
    """pool.map with at most ``window`` results in flight (Executor.map submits everything at
    once and holds every result until it is consumed: a large batch would fill memory)."""
    pending: deque[Future] = deque()
    for item in items:
        pending.append(pool.submit(fn, *item) if isinstance(item, tuple) else pool.submit(fn, item))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def collect_files(paths: Iterable[str | os.PathLike[str]]) -> tuple[list[Path], list[tuple[str, str]]]:
    """Files to ingest: given files as they are, folders walked recursively for known extensions.
    What is not a regular file (a named pipe, a link to a device or to nothing) is kept, so that
    reading it says what it is, in one line."""
    from gongbao.intake import IMAGE_SUFFIXES, SUFFIXES

    walked = SUFFIXES + IMAGE_SUFFIXES  # every format intake reads
    files: list[Path] = []
    errors: list[tuple[str, str]] = []
    for p in map(Path, paths):
        if p.is_dir():
            files += sorted(f for f in p.rglob("*") if not f.is_dir() and f.suffix.lower() in walked
                            and not f.name.startswith("."))
        elif os.path.lexists(p):
            files.append(p)
        else:
            errors.append((str(p), f"{p}: no such file or folder"))
    seen: set[Path] = set()
    unique = []
    for f in files:
        r = input_path(f)
        if r not in seen:
            seen.add(r)
            unique.append(f)
    return unique, errors


def input_path(f: Path) -> Path:
    """The path a file is known by: a regular file's real path (one file reached by two paths is
    one file), anything else as given (its error names the link, not /dev/zero)."""
    return f.resolve() if f.is_file() else f.absolute()


@dataclass(frozen=True)
class IntakeOptions:
    """How files other than text are read: OCR mode and the per-file time limit."""

    ocr: str = "auto"
    timeout: float = 600.0


def _parse(path: str, index: bool = False, opts: IntakeOptions = IntakeOptions()
           ) -> tuple[str, Gazette | None, str | None, list | None, str | None]:
    """Parse one file in a child process killed at the time limit (gongbao.pipeline.parse_file),
    so that no file, of any format, can stop the batch: (path, gazette, one-line error, index
    rows when ``index``, sha256 of the bytes parsed)."""
    from gongbao.pipeline import parse_file

    try:
        parsed = parse_file(path, ocr=opts.ocr, timeout=opts.timeout, then=prepare_fts if index else None)
        return path, parsed.gazette, None, parsed.extra, parsed.sha256
    except InputError as e:
        return path, None, str(e), None, None
    except Exception as e:  # noqa: BLE001 - a parser bug on one file must not stop the batch
        return path, None, f"{path}: cannot parse ({type(e).__name__}: {e})", None, None


def _look(lib: Repository, path: str, report: IngestReport) -> tuple[str, str | None]:
    """A file's checksum before it is parsed, to skip what is stored already: (sha256, None) to
    parse it, or (…, "unchanged" / "failed") with the report told."""
    try:
        sha = sha256_file(path)
    except (InputError, OSError) as e:
        report.failed.append((path, str(e) if isinstance(e, InputError) else f"{path}: cannot read: {e.strerror}"))
        return "", "failed"
    old = lib.issue_by_path(path)
    if (old and old[1] == sha) or (not old and lib.has_checksum(sha)):
        report.unchanged += 1
        return sha, "unchanged"
    return sha, None


def ingest_paths(lib: Repository, paths: Iterable[str | os.PathLike[str]], workers: int | None = None,
                 progress: Callable[[str, str], None] | None = None,
                 on_total: Callable[[int], None] | None = None,
                 intake: IntakeOptions = IntakeOptions()) -> IngestReport:
    """Ingest files and folders. ``progress(path, outcome)`` is called once per file."""
    report = IngestReport()
    files, errors = collect_files(paths)
    report.failed += errors
    if on_total:
        on_total(len(files))
    todo: list[tuple[str, str]] = []
    for f in files:
        path = str(input_path(f))
        sha, outcome = _look(lib, path, report)
        if outcome is None:
            todo.append((path, sha))
        elif progress:
            progress(path, outcome)

    def store(path: str, sha: str, gazette: Gazette | None, error: str | None, rows: list | None,
              parsed_sha: str | None) -> None:
        sha = parsed_sha or sha  # the checksum of what was parsed, not of what the file held before
        if gazette is None:
            report.failed.append((path, error or f"{path}: cannot parse"))
            outcome = "failed"
        else:
            try:
                outcome = lib.store_gazette(gazette, path, sha, rows)
            except DuplicateIssue as e:
                report.duplicates.append((path, str(e)))
                outcome = "duplicate"
            except Exception as e:  # noqa: BLE001 - storage failure of one file: rolled back, reported
                report.failed.append((path, f"{path}: cannot store ({type(e).__name__}: {e})"))
                outcome = "failed"
            if outcome == "added":
                report.added += 1
            elif outcome == "replaced":
                report.replaced += 1
            elif outcome == "unchanged":
                report.unchanged += 1
            if outcome in ("added", "replaced"):
                report.documents += len(gazette.documents)
        if progress:
            progress(path, outcome)

    workers = workers if workers is not None else min(2, os.cpu_count() or 1)
    if workers > 1 and len(todo) >= POOL_MIN_FILES:
        shas = dict(todo)
        # the workers die with this process (kill -9 of an ingest leaves none behind)
        with ProcessPoolExecutor(max_workers=workers, initializer=die_with_parent, initargs=(os.getpid(),)) as pool:
            jobs = ((p, True, intake) for p, _ in todo)
            for path, gazette, error, rows, parsed_sha in bounded_map(pool, _parse, jobs, 2 * workers):
                store(path, shas[path], gazette, error, rows, parsed_sha)
    else:
        for path, sha in todo:
            store(path, sha, *_parse(path, False, intake)[1:])
    lib.flush()  # searchable from here on, in this process and in others
    return report
