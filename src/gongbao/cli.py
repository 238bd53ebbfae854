"""The gongbao command: a thin layer that parses options and calls library functions."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Optional

import typer
from rich.console import Console

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


def fail(message: str, code: int = 2) -> None:
    """One line on stderr, no traceback, non-zero exit."""
    err.print(f"[red]error:[/red] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(code)


@app.command()
def parse(
    file: Path = typer.Argument(..., help="A gazette issue or a single document: .txt, .pdf (text layer or scan), .html/.htm, .docx, .doc."),
    as_json: bool = typer.Option(False, "--json", help="Print the parse as JSON (the contract in ../shared/eval/README.md)."),
    text: bool = typer.Option(False, "--text", help="With --json: include each document's text."),
    ocr: str = typer.Option("auto", "--ocr", help="OCR PDF pages: auto (pages without a text layer) | always | never."),
    timeout: float = typer.Option(600.0, "--timeout", help="Give up on the file after this many seconds."),
) -> None:
    """Split a gazette into its documents with their official metadata.

    Example: gongbao parse examples/示例区政府公报2024年第1期.txt --json
             gongbao parse 交城县人民政府公报2024年第3期.pdf --ocr auto --json
    """
    from gongbao.pipeline import parse_path

    if ocr not in ("auto", "always", "never"):
        fail(f"--ocr must be auto, always or never, not {ocr!r}")
    try:
        with intake_progress() as progress:
            gazette = parse_path(file, ocr=ocr, timeout=timeout or None, progress=progress)
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
        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeRemainingColumn(), console=err, transient=True)
        self.bar.start()
        return self.update

    def update(self, done: int, total: int, stage: str) -> None:
        label = {"read": "reading pages", "ocr": "reading pages (OCR)"}.get(stage, stage)
        if self.task is None:
            self.task = self.bar.add_task(label, total=total)
        self.bar.update(self.task, completed=done, total=total, description=label)

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.stop()


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
