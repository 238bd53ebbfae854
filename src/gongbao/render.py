"""Human-readable output of a parse (the default of `gongbao parse`)."""

from __future__ import annotations

import functools

from rich.console import Console
from rich.markup import escape

from gongbao.models import Gazette


def print_outline(gazette: Gazette, console: Console) -> None:
    """The outline, printed without rich's highlighter: it runs its patterns over every line
    printed, and a title can be a whole one-line file (300 KB took minutes)."""
    say = functools.partial(console.print, highlight=False)
    issue = gazette.issue
    if issue.title:
        head = f"[bold]{escape(issue.title)}[/bold]"
        if issue.year:
            head += f"  {issue.year}年第{issue.number or '?'}期"
        if issue.total_number:
            head += f"（总第{issue.total_number}期）"
        say(head)
        meta = [x for x in (issue.publisher and f"主办 {issue.publisher}", issue.published and f"出版 {issue.published}") if x]
        if meta:
            say("  ".join(escape(m) for m in meta))
        say(f"目录 {len(issue.toc)} 条，正文 {len(gazette.documents)} 件\n")
    else:
        say(f"[bold]{escape(gazette.source)}[/bold]  {len(gazette.documents)} 件文件\n")
    section = None
    for i, d in enumerate(gazette.documents, 1):
        if d.section and d.section != section:
            section = d.section
            say(f"[bold cyan]【{escape(section)}】[/bold cyan]")
        facts = [x for x in (d.doc_number, d.issuer, d.date and f"成文 {d.date}",
                             d.toc_page and f"第{d.toc_page}页", d.public_marker) if x]
        say(f"{i:>3}. [bold]{escape(d.title or '(无标题)')}[/bold]")
        say(f"     {escape(' · '.join(str(f) for f in facts))}  [dim]行 {d.start_line}-{d.end_line}[/dim]")
        if d.recipients:
            say(f"     [dim]主送[/dim] {escape('、'.join(d.recipients))}")
        if d.attachments:
            say(f"     [dim]附件[/dim] {escape('；'.join(d.attachments))}")
        if d.cites:
            say(f"     [dim]引用[/dim] {escape('、'.join(d.cites))}")
    for w in gazette.warnings:
        say(f"[yellow]warning:[/yellow] {escape(w)}")
