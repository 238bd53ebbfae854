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
    file: Path = typer.Argument(..., help="A gazette issue or a single document (.txt; see `ingest` for other formats)."),
    as_json: bool = typer.Option(False, "--json", help="Print the parse as JSON (the contract in ../shared/eval/README.md)."),
    text: bool = typer.Option(False, "--text", help="With --json: include each document's text."),
) -> None:
    """Split a gazette into its documents with their official metadata.

    Example: gongbao parse examples/示例区政府公报2024年第1期.txt --json
    """
    from gongbao.pipeline import parse_path

    try:
        gazette = parse_path(file)
    except InputError as e:
        fail(str(e))
        return
    if as_json:
        json.dump(gazette.to_dict(with_text=text), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return
    from gongbao.render import print_outline

    print_outline(gazette, Console())


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
