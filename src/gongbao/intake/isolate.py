"""Reading a file in a child process: a private snapshot of its bytes, a hard time limit, and
no process left behind.

Whatever a file can do to its reader happens in a child process: block (a named pipe, a stuck
network share), hang or crash a library (pdfium, lxml, LibreOffice), exhaust the recursion
limit, be rewritten while it is read. The child first copies the file's bytes into a private
folder, hashing them as it goes (``Snapshot``), then reads that copy only: the checksum a
library stores is the one of the bytes that were parsed, computed once. The child is killed at
the time limit with everything it started (its own process group), and dies with its parent
(Linux PR_SET_PDEATHSIG), so killing a batch leaves no reader running.
"""

from __future__ import annotations

import ctypes
import hashlib
import multiprocessing as mp
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from gongbao.text.decode import InputError, open_regular

FILE_MAX_BYTES = 1 << 30  # the largest file of any format copied for reading (1 GiB)
_SNAPSHOT_PREFIX = "gongbao-snapshot-"
_PR_SET_PDEATHSIG = 1

Progress = Callable[[int, int, str], None]


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel kill this process when its parent dies (Linux), and exit now if the
    parent is already gone. Elsewhere nothing is done."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent_pid:
        os._exit(1)


@dataclass(frozen=True)
class Snapshot:
    """A private copy of a file's bytes, with the sha256 of exactly those bytes."""

    path: Path
    sha256: str
    size: int


def take_snapshot(path: str | os.PathLike[str], folder: Path, max_bytes: int = FILE_MAX_BYTES) -> Snapshot:
    """Copy ``path`` (a regular file of at most ``max_bytes``) into ``folder`` under its own name,
    hashing what is copied."""
    src = Path(path)
    fd = open_regular(src)
    h = hashlib.sha256()
    size = os.fstat(fd).st_size
    dest = folder / (src.name or "input")
    try:
        with os.fdopen(fd, "rb") as fh:
            if size <= max_bytes:
                size = 0
                with open(dest, "wb") as out:
                    while size <= max_bytes and (block := fh.read(1 << 20)):  # it may grow meanwhile
                        size += len(block)
                        h.update(block)
                        out.write(block)
    except OSError as e:
        raise InputError(src, f"cannot read: {e.strerror}") from None
    if size > max_bytes:
        raise InputError(src, f"file too large ({size / 1e6:.0f} MB; the limit for this format is "
                              f"{max_bytes / 1e6:.0f} MB)")
    return Snapshot(dest, h.hexdigest(), size)


def _sweep_stale_snapshots() -> None:
    """Remove the snapshot folders of processes that were killed before they could."""
    for d in Path(tempfile.gettempdir()).glob(_SNAPSHOT_PREFIX + "*"):
        try:
            pid = int(d.name[len(_SNAPSHOT_PREFIX):].split("-")[0])
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(d, ignore_errors=True)
        except (ValueError, OSError):
            continue


def _child(conn, work: Callable[..., Any], path: str, folder: str, limit: int | Callable[[Path], int],
           args: tuple, parent_pid: int) -> None:
    die_with_parent(parent_pid)
    os.setpgid(0, 0)  # what the reader starts (tesseract, soffice) is killed with it

    def progress(done: int, total: int, stage: str) -> None:
        conn.send(("progress", (done, total, stage)))

    try:
        max_bytes = limit(Path(path)) if callable(limit) else limit
        snap = take_snapshot(path, Path(folder), max_bytes)
        result = work(snap.path, *args, progress=progress)
        conn.send(("ok", (result, snap.sha256)))
    except InputError as e:
        reason = e.reason.replace(folder + os.sep, str(Path(path).parent) + os.sep)
        conn.send(("error", reason))
    except RecursionError:
        conn.send(("error", "nested too deeply to be read"))
    except MemoryError:
        conn.send(("error", "out of memory while reading it"))
    except BaseException as e:  # noqa: BLE001 - anything else crosses as one clear line, not a hang
        conn.send(("error", f"cannot read: {type(e).__name__}: {e}"))
    finally:
        conn.close()


def _kill(proc: mp.process.BaseProcess) -> None:
    """The child and what it started (its process group)."""
    if proc.pid is None:
        return
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        if proc.is_alive():
            proc.kill()


def run_isolated(path: str | os.PathLike[str], work: Callable[..., Any], args: tuple = (), timeout: float = 600.0,
                 progress: Progress | None = None, limit: int | Callable[[Path], int] = FILE_MAX_BYTES
                 ) -> tuple[Any, str]:
    """``work(snapshot_path, *args, progress=...)`` in a child process on a private copy of
    ``path``; returns (its result, the sha256 of the copy). Bad input, a crash and the time
    limit all end in an InputError naming ``path``. ``work`` (and ``limit``, the largest size
    copied, or a function of the path giving it) must be module-level functions (the child
    may be spawned); the result must pickle."""
    p = Path(path)
    _sweep_stale_snapshots()
    folder = tempfile.mkdtemp(prefix=f"{_SNAPSHOT_PREFIX}{os.getpid()}-")
    # fork is quick and keeps the caller's state; a process with threads is spawned instead
    ctx = mp.get_context("fork" if threading.active_count() == 1 else "spawn")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, work, str(p), folder, limit, args, os.getpid()), daemon=True)
    try:
        proc.start()
        child.close()
        return _wait(p, proc, parent, timeout, progress)
    finally:
        _kill(proc)
        proc.join(5)
        parent.close()
        shutil.rmtree(folder, ignore_errors=True)


def _wait(p: Path, proc: mp.process.BaseProcess, conn, timeout: float, progress: Progress | None) -> tuple[Any, str]:
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not conn.poll(left):
            raise InputError(p, f"timed out after {timeout:g}s")
        try:
            kind, value = conn.recv()
        except EOFError:
            proc.join(5)
            code = proc.exitcode
            why = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
            raise InputError(p, f"the reader crashed ({why})") from None
        if kind == "progress":
            if progress is not None:
                progress(*value)
            continue
        if kind == "ok":
            return value
        raise InputError(p, value)
