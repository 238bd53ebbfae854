"""Human-readable output of a parse (the default of `gongbao parse`)."""

from __future__ import annotations

from rich.console import Console
from rich.markup import escape

from gongbao.models import Gazette


def print_outline(gazette: Gazette, console: Console) -> None:
    issue = gazette.issue
    if issue.title:
        head = f"[bold]{escape(issue.title)}[/bold]"
        if issue.year:
            head += f"  {issue.year}年第{issue.number or '?'}期"
        if issue.total_number:
            head += f"（总第{issue.total_number}期）"
        console.print(head)
        meta = [x for x in (issue.publisher and f"主办 {issue.publisher}", issue.published and f"出版 {issue.published}") if x]
        if meta:
            console.print("  ".join(escape(m) for m in meta))
        console.print(f"目录 {len(issue.toc)} 条，正文 {len(gazette.documents)} 件\n")
    else:
        console.print(f"[bold]{escape(gazette.source)}[/bold]  {len(gazette.documents)} 件文件\n")
    section = None
    for i, d in enumerate(gazette.documents, 1):
        if d.section and d.section != section:
            section = d.section
            console.print(f"[bold cyan]【{escape(section)}】[/bold cyan]")
        facts = [x for x in (d.doc_number, d.issuer, d.date and f"成文 {d.date}",
                             d.toc_page and f"第{d.toc_page}页", d.public_marker) if x]
        console.print(f"{i:>3}. [bold]{escape(d.title or '(无标题)')}[/bold]")
        console.print(f"     {escape(' · '.join(str(f) for f in facts))}  [dim]行 {d.start_line}-{d.end_line}[/dim]")
        if d.recipients:
            console.print(f"     [dim]主送[/dim] {escape('、'.join(d.recipients))}")
        if d.attachments:
            console.print(f"     [dim]附件[/dim] {escape('；'.join(d.attachments))}")
        if d.cites:
            console.print(f"     [dim]引用[/dim] {escape('、'.join(d.cites))}")
    for w in gazette.warnings:
        console.print(f"[yellow]warning:[/yellow] {escape(w)}")
