"""Build a small Gazette from made-up text for the extraction tests."""

from __future__ import annotations

from gongbao.models import Document, Gazette, IssueInfo


def gazette(text: str, docs: list[dict]) -> Gazette:
    """``docs``: dicts with start (1-based line), end, and optional title/doc_number/date/issuer."""
    lines = text.split("\n")
    documents = [
        Document(
            title=d.get("title"),
            doc_number=d.get("doc_number"),
            issuer=d.get("issuer"),
            date=d.get("date"),
            start_line=d["start"],
            span_start=d["start"],
            end_line=d["end"],
        )
        for d in docs
    ]
    return Gazette(source="fixture.txt", issue=IssueInfo(), documents=documents, lines=lines)


def assert_lines_inside(doc: Document) -> None:
    for item in doc.citations + doc.appointments + doc.tasks + doc.money:
        assert doc.span_start <= item.line <= doc.end_line, item
