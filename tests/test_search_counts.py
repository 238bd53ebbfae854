"""Document frequencies are shared between queries until an ingest changes the library."""

from __future__ import annotations

from pathlib import Path

from gongbao.search import engine
from gongbao.search.engine import search
from gongbao.store import Library
from gongbao.store.ingest import ingest_paths

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"
MORE = """示例县人民政府关于发放消防补贴的通知

示政发〔2024〕9号

各乡镇人民政府：

对完成消防设施改造的商户给予补贴。

示例县人民政府
2024年7月1日
"""


def test_counts_are_reused_and_refreshed_by_an_ingest(tmp_path: Path) -> None:
    lib = Library(tmp_path / "lib.db")
    try:
        ingest_paths(lib, [EXAMPLE], workers=1)
        first = search(lib, "消防")
        counts = engine._counts(lib)
        assert counts.n == 6 and counts.df  # filled by the first query
        cached = dict(counts.df)
        search(lib, "消防")
        assert engine._counts(lib).df == cached  # nothing recounted
        more = tmp_path / "more.txt"
        more.write_text(MORE, encoding="utf-8")
        ingest_paths(lib, [more], workers=1)
        second = search(lib, "消防")
        assert engine._counts(lib).n == 7
        assert second.total == first.total + 1
    finally:
        lib.close()


def test_the_documents_holding_a_term_are_listed_once_and_the_oldest_lists_go_first(tmp_path: Path,
                                                                                   monkeypatch) -> None:
    """A term found in few documents has them listed once per library state, so the re-scorer
    and the total read the same list without asking the index again; the lists kept are bounded
    (the oldest are dropped first) and an ingest drops them all."""
    from gongbao.match import Phrase

    lib = Library(tmp_path / "lib.db")
    try:
        ingest_paths(lib, [EXAMPLE], workers=1)
        asked: list = []
        real = type(lib).match_set
        monkeypatch.setattr(type(lib), "match_set",
                            lambda self, m, limit: asked.append(m) or real(self, m, limit))
        res = search(lib, "消防")
        counts = engine._counts(lib)
        assert Phrase("消防") in counts.holders and len(counts.holders[Phrase("消防")]) == res.total
        search(lib, "消防 补贴")
        assert asked.count(Phrase("消防")) == 1  # listed once, read again
        monkeypatch.setattr(engine._LibraryCounts, "MAX_LISTED", 3)
        counts.keep_holders(Phrase("甲"), frozenset({1, 2}))
        counts.keep_holders(Phrase("乙"), frozenset({3, 4}))
        assert list(counts.holders) == [Phrase("乙")] and counts.listed == 2
        more = tmp_path / "more.txt"
        more.write_text(MORE, encoding="utf-8")
        ingest_paths(lib, [more], workers=1)
        search(lib, "补贴")
        assert Phrase("乙") not in engine._counts(lib).holders
    finally:
        lib.close()
