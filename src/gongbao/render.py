"""Human-readable output of a parse (the default of `gongbao parse`)."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from gongbao.models import Gazette


def print_outline(gazette: Gazette, console: Console) -> None:
    issue = gazette.issue
    if issue.title:
        head = f"[bold]{issue.title}[/bold]"
        if issue.year:
            head += f"  {issue.year}年第{issue.number or '?'}期"
        if issue.total_number:
            head += f"（总第{issue.total_number}期）"
        if issue.published:
            head += f"  出版 {issue.published}"
        console.print(head)
        if issue.publisher:
            console.print(f"主办: {issue.publisher}")
    else:
        console.print(f"[bold]{gazette.source}[/bold] (single document)")
    table = Table(show_lines=False, header_style="bold")
    for col in ("#", "行", "文号", "标题", "发文机关", "成文日期", "栏目", "页"):
        table.add_column(col, overflow="fold")
    for i, d in enumerate(gazette.documents, 1):
        table.add_row(
            str(i), f"{d.start_line}-{d.end_line}", d.doc_number or "", d.title or "",
            d.issuer or "", d.date or "", d.section or "", str(d.toc_page or ""),
        )
    console.print(table)
    for w in gazette.warnings:
        console.print(f"[yellow]warning:[/yellow] {w}")
