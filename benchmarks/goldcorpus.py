"""Gazettes built from the corpus's hand-checked gold files (for benchmarks, not for the product).

The parser is the product's way in; benchmarks use the gold segmentation so that search and
storage can be measured on their own, independent of parser quality.
"""

from __future__ import annotations

import json
from pathlib import Path

from gongbao.models import Document, Gazette, IssueInfo
from gongbao.text.decode import read_text_file, split_lines

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"


def gold_gazette(txt: Path) -> Gazette:
    gold = json.loads(txt.with_name(txt.name[:-4] + ".gold.json").read_text(encoding="utf-8"))
    lines = split_lines(read_text_file(txt))
    gi = gold["issue"]
    issue = IssueInfo(title=gi.get("title"), year=gi.get("year"), number=gi.get("number"),
                      total_number=gi.get("total_number"), published=gi.get("published"))
    docs = []
    gds = gold["documents"]
    for k, g in enumerate(gds):
        end = gds[k + 1]["start_line"] - 1 if k + 1 < len(gds) else len(lines)
        issuer = g.get("issuer")
        issuers = issuer if isinstance(issuer, list) else ([issuer] if issuer else [])
        docs.append(Document(title=g.get("title"), doc_number=g.get("doc_number"),
                             issuer=issuers[0] if issuers else None, issuers=issuers, date=g.get("date"),
                             section=g.get("section"), toc_page=g.get("toc_page"), public=g.get("public"),
                             attachments=g.get("attachments") or [], cites=g.get("cites") or [],
                             start_line=g["start_line"], end_line=end, span_start=g["start_line"]))
    return Gazette(source=txt.name, issue=issue, documents=docs, lines=lines)


def corpus_gazettes(corpus: Path = CORPUS) -> list[tuple[Path, Gazette]]:
    return [(p, gold_gazette(p)) for p in sorted(corpus.glob("*.txt"))]
