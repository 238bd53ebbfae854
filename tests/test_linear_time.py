"""Time grows with the input, not with its square: an issue of thousands of documents (a year
of gazettes in one text file) is sectioned in one pass."""

from __future__ import annotations

import time

from gongbao.models import Document, TocEntry
from gongbao.parse.sections import _page_ranges


def test_toc_page_ranges_of_20000_documents_take_one_pass() -> None:
    n = 20_000
    # the first and the last document matched to TOC entries; every one between them unmatched
    docs = [Document(title=f"文件{i}", start_line=i, end_line=i, span_start=i) for i in range(n)]
    docs[0].toc_page, docs[-1].toc_page = 1, 9
    toc = [TocEntry(title="文件0", doc_number=None, page=1, section="政府文件", line=1),
           TocEntry(title=f"文件{n - 1}", doc_number=None, page=9, section="政府文件", line=3),
           TocEntry(title="任免人员名单", doc_number=None, page=2, page_end=3, section="人事任免", line=2)]
    t0 = time.perf_counter()
    _page_ranges(docs, toc, {0: 0, n - 1: 1})
    assert time.perf_counter() - t0 < 3  # looking for the matched neighbours anew for each took minutes
    assert all((d.toc_page, d.section) == (2, "人事任免") for d in docs[1:-1])  # the roster between pages 1 and 9
