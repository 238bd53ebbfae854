"""On the real gazettes: every extracted item points at a line of its own document."""

import pytest

from gongbao.pipeline import parse_path


@pytest.mark.corpus
def test_extracted_lines_lie_inside_their_documents(corpus):
    for path in corpus:
        gz = parse_path(path)
        for doc in gz.documents:
            first = doc.span_start or doc.start_line
            for item in doc.citations + doc.appointments + doc.tasks + doc.money:
                assert first <= item.line <= doc.end_line, (path.name, doc.doc_number, item)
            for t in doc.tasks:
                assert t.lead and set(t.lead) <= set(t.units), (path.name, t)
                assert t.deadline is None or len(t.deadline) == 10
