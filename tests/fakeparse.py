"""A stand-in for the gazette parser in library tests: fixtures mark their fields explicitly.

Format (tests/fixtures/library/*.txt): a masthead line "X人民政府公报", "YYYY年第N期", then
documents, each opened by "标题：…" followed by "文号：", "发文机关：", "日期：" lines.
The library must not depend on how a parser finds these fields, only on the Gazette it gets.
"""

from __future__ import annotations

import re
from pathlib import Path

from gongbao.docnum import find_doc_numbers
from gongbao.models import Document, Gazette, IssueInfo
from gongbao.text.decode import read_text_file, split_lines


def fake_parse_path(path, **intake_options) -> Gazette:
    lines = split_lines(read_text_file(path))
    issue = IssueInfo()
    if lines and lines[0].endswith("公报"):
        issue.title = lines[0]
        m = re.match(r"(\d{4})年第(\d+)期", lines[1] if len(lines) > 1 else "")
        if m:
            issue.year, issue.number = int(m.group(1)), int(m.group(2))
    docs: list[Document] = []
    for i, line in enumerate(lines, 1):
        if line.startswith("标题："):
            if docs:
                docs[-1].end_line = i - 1
            docs.append(Document(title=line[3:], start_line=i, span_start=i, end_line=len(lines)))
        elif docs and line.startswith("文号："):
            docs[-1].doc_number = line[3:]
        elif docs and line.startswith("发文机关："):
            docs[-1].issuer = line[5:]
            docs[-1].issuers = [line[5:]]
        elif docs and line.startswith("日期："):
            docs[-1].date = line[3:]
    if not docs:
        raise ValueError("no documents")
    for d in docs:
        d.doc_type = "通知" if d.title.endswith("通知") else None
        body = "\n".join(lines[d.start_line : d.end_line])
        d.cites = [n.normalized for n in find_doc_numbers(body) if n.complete
                   and n.normalized != d.doc_number]
    return Gazette(source=Path(path).name, issue=issue, documents=docs, lines=lines)
