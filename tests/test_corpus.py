"""The real gazettes in ../shared/corpus, scored against their hand-checked gold with the
project's own scorer (../shared/eval/score_parse.py). Skipped when ../shared is absent."""

from __future__ import annotations

import importlib.util
import json

import pytest

from conftest import SHARED, load_gold
from gongbao.pipeline import parse_path

BARS = {"start": 0.97, "title": 0.97, "doc_number": 0.97, "issuer": 0.97, "date": 0.97,
        "section": 0.95, "public": 0.95, "toc_page": 0.9}


def scorer():
    path = SHARED / "eval" / "score_parse.py"
    if not path.exists():
        pytest.skip(f"no scorer at {path}")
    spec = importlib.util.spec_from_file_location("score_parse", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def test_corpus_meets_the_bars(corpus) -> None:
    sp = scorer()
    total = sp.Tally()
    issue_hits = issue_total = 0
    for txt in corpus:
        gold = load_gold(txt)
        pred = json.loads(json.dumps(parse_path(txt).to_dict()))
        total.merge(sp.score(gold, pred))
        h, n = sp.issue_score(gold, pred)
        issue_hits, issue_total = issue_hits + h, issue_total + n
    c = total.c
    assert sp.f1(c["docs_tp"][0], c["docs_gold"][0], c["docs_pred"][0]) >= 0.99
    for field, bar in BARS.items():
        assert total.rate(field) >= bar, field
    assert sp.f1(c["cites"][0], c["cites_g"][0], c["cites_p"][0]) >= 0.9
    assert sp.f1(c["att"][0], c["att_g"][0], c["att_p"][0]) >= 0.85
    assert issue_hits / issue_total >= 0.95


def test_every_field_points_at_lines_inside_its_document(corpus) -> None:
    for txt in corpus:
        g = parse_path(txt)
        for d in g.documents:
            for field, nos in d.lines.items():
                if field == "toc_page":
                    continue  # points into the TOC
                assert all(d.span_start <= no <= d.end_line for no in nos), (txt.name, d.doc_number, field)
