"""Search totals and facet counts are the number of documents found, the same on every page, in
the CLI, the API, the pages and the export (or a lower bound marked "+", the exact figure one
click away)."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gongbao.models import Document, Gazette, IssueInfo
from gongbao.search import engine
from gongbao.search.engine import ranked, search
from gongbao.match import FACETS, Filters
from gongbao.store import Library, matching

WORDS = ["清洁取暖", "补贴", "农村道路", "养护", "资金", "消防", "安全", "检查", "森林", "火灾",
         "防汛", "应急", "医疗", "保险", "教育", "就业", "养老", "服务", "环境", "整治"]
N_ISSUES, PER_ISSUE = 12, 30  # 360 documents: more than the 200 candidates a page ranks


def _gazette(i: int) -> Gazette:
    rng = random.Random(i)
    lines = ["示例县人民政府公报", f"{2020 + i % 4}年第{i + 1}期"]
    docs = []
    for j in range(PER_ISSUE):
        words = rng.sample(WORDS, 4)
        title = f"关于{words[0]}{words[1]}工作的通知"
        start = len(lines) + 1
        lines += [title, f"示政发〔{2020 + i % 4}〕{i * PER_ISSUE + j + 1}号", "各乡镇人民政府：",
                  f"现就{words[2]}有关事项通知如下，请做好{words[3]}。", "示例县人民政府"]
        docs.append(Document(title=title, doc_number=f"示政发〔{2020 + i % 4}〕{i * PER_ISSUE + j + 1}号",
                             issuer="示例县人民政府", issuers=["示例县人民政府"], doc_type="通知",
                             date=f"{2020 + i % 4}-0{1 + j % 9}-1{j % 10}", start_line=start,
                             span_start=start, end_line=len(lines)))
    issue = IssueInfo(title="示例县人民政府公报", year=2020 + i % 4, number=i + 1)
    return Gazette(f"g{i}.txt", issue, docs, lines)


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("counts") / "lib.db"
    with Library(path) as lib:
        for i in range(N_ISSUES):
            lib.store_gazette(_gazette(i), f"/gazettes/g{i}.txt", f"{i:064d}")
    return path


QUERIES = ["补贴", "工作", "清洁取暖 补贴", "农村道路养护资金", "森林火灾", "消防安全检查", "通知"]


@pytest.mark.parametrize("query", QUERIES)
def test_the_total_is_every_document_found_on_every_page(db: Path, query: str) -> None:
    with Library(db, readonly=True) as lib:
        every = ranked(lib, query, cap=100_000)
        first, later = search(lib, query), search(lib, query, page=21)
        assert first.total == later.total == len(every) and first.total_exact
        if len(every) > 200:
            assert first.total > engine.CANDIDATES  # was capped at the candidates a page ranks
        years = dict(first.facets["year"])
        assert sum(years.values()) == first.total == first.facets_over


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(words=st.lists(st.sampled_from(WORDS + ["工作", "通知", "有关", "地铁"]), min_size=1, max_size=4),
       year=st.sampled_from([None, 2021, 2023]), page=st.integers(1, 30))
def test_any_query_counts_what_the_export_lists(db: Path, words: list[str], year: int | None,
                                                page: int) -> None:
    query = " ".join(words)
    f = Filters(year=year)
    with Library(db, readonly=True) as lib:
        every = ranked(lib, query, f, cap=100_000)
        res = search(lib, query, f, page=page)
        assert res.total_exact and res.total == len(every)
        assert {h.id for h in res.hits} <= {d.doc_id for d in lib.documents(every).values()}


def test_cli_api_and_pages_say_the_same_number(db: Path) -> None:
    import json

    from gongbao.server import create_app
    from gongbao.cli import app

    with Library(db, readonly=True) as lib:
        want = len(ranked(lib, "补贴", cap=100_000))
    cli = json.loads(CliRunner().invoke(app, ["search", "补贴", "--db", str(db), "--json"]).stdout)
    client = TestClient(create_app(db))
    api = client.get("/api/search", params={"q": "补贴"}).json()
    exported = client.get("/api/export", params={"q": "补贴"})
    page = client.get("/", params={"q": "补贴", "page": 5}).text
    assert cli["total"] == api["total"] == int(exported.headers["X-Total-Count"]) == want
    assert f"找到 <strong>{want:,}</strong> 件" in page


def test_beyond_the_listed_documents_a_lower_bound_is_marked_and_exact_counts_all(db: Path,
                                                                                  monkeypatch) -> None:
    from gongbao.server import create_app

    monkeypatch.setattr(engine, "COUNT_ROWS", 20)  # as 2,000 would be in a large library
    with Library(db, readonly=True) as lib:
        want = len(ranked(lib, "工作", Filters(year=2021), cap=100_000))
        res = search(lib, "工作", Filters(year=2021))
        assert not res.total_exact and 20 <= res.total <= want and res.facets_over <= 20
        full = search(lib, "工作", Filters(year=2021), exact=True)
        assert full.total_exact and full.total == want == full.facets_over
        unfiltered = search(lib, "工作")  # without filters the index counts them all
        assert unfiltered.total_exact and unfiltered.total == len(ranked(lib, "工作", cap=100_000))
        assert unfiltered.facets_over == engine.CANDIDATES < unfiltered.total  # the best ranked, said so
    client = TestClient(create_app(db))
    page = client.get("/", params={"q": "工作", "year": 2021}).text
    assert f"{res.total:,}+</strong>" in page and "exact=true" in page and "精确统计" in page
    assert "按前 200 件统计" in client.get("/", params={"q": "工作"}).text  # facets of a sample say so
    exact_page = client.get("/", params={"q": "工作", "year": 2021, "exact": "true"}).text
    assert f"找到 <strong>{want:,}</strong> 件" in exact_page
    r = CliRunner().invoke(__import__("gongbao.cli", fromlist=["app"]).app,
                           ["search", "工作", "--year", "2021", "--db", str(db)])
    assert f"{res.total:,}+ (--exact counts them all) documents" in r.stdout


def _counted_from_records(lib: Library, rowids: list[int]) -> dict[str, dict]:
    docs = lib.documents(rowids)
    return {name: dict(Counter(v for d in docs.values() if (v := getattr(d, name)) is not None))
            for name in FACETS}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(picks=st.lists(st.integers(-5, N_ISSUES * PER_ISSUE + 40), max_size=400, unique=True),
       table=st.booleans())
def test_facets_count_the_stored_documents_among_those_found(db: Path, picks: list[int], table: bool,
                                                             monkeypatch) -> None:
    """Documents are counted from SQLite or from the library's table; either way each facet's
    counts are those of the stored records, commonest first, ties alike, and row ids that name
    nothing stored (replaced meanwhile) are left out."""
    monkeypatch.setattr(matching, "FACET_TABLE_PAYS", 0.0 if table else float("inf"))
    with Library(db, readonly=True) as lib:
        stored, counted = lib.facet_counts(picks)
        monkeypatch.setattr(matching, "FACET_TABLE_PAYS", float("inf") if table else 0.0)
        assert lib.facet_counts(picks) == (stored, counted)  # the other way
        assert stored == [r for r in picks if r in set(lib.documents(picks))]
        want = _counted_from_records(lib, stored)
        for name in FACETS:
            assert dict(counted[name]) == want[name]
            assert [c for _, c in counted[name]] == sorted(want[name].values(), reverse=True)


def test_the_facet_table_is_built_once_reading_facets_has_cost_enough(tmp_path: Path, monkeypatch) -> None:
    """A one-off search (the CLI) reads the documents it found from SQLite; a process that has
    spent FACET_TABLE_PAYS of the table's cost doing so builds the table."""
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        for i in range(4):
            lib.store_gazette(_gazette(i), f"/gazettes/g{i}.txt", f"{i:064d}")
        every = list(lib.iter_rowids())
        monkeypatch.setattr(matching, "FACET_ROW_COST", 1.0)  # a table costing seconds a document
        first = lib.facet_counts(every)
        assert str(path) not in matching._FACET_TABLES and matching._FACET_SPENT[str(path)] > 0
        monkeypatch.setattr(matching, "FACET_ROW_COST", 1e-9)  # ... or next to nothing
        assert lib.facet_counts(every) == first and str(path) in matching._FACET_TABLES


def test_the_facet_table_follows_the_library(tmp_path: Path, monkeypatch) -> None:
    """The table of the whole library is rebuilt when an ingest adds or replaces an issue, and
    shared by every reader of the library in the process."""
    monkeypatch.setattr(matching, "FACET_TABLE_PAYS", 0.0)
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        for i in range(4):
            lib.store_gazette(_gazette(i), f"/gazettes/g{i}.txt", f"{i:064d}")
        every = list(lib.iter_rowids())
        assert len(every) >= matching.FACET_TABLE_MIN
        assert dict(lib.facet_counts(every)[1]["year"]) == {2020: 30, 2021: 30, 2022: 30, 2023: 30}
        lib.store_gazette(_gazette(4), "/gazettes/g4.txt", f"{4:064d}")  # a fifth issue of 2020
        again = list(lib.iter_rowids())
        assert dict(lib.facet_counts(again)[1]["year"]) == {2020: 60, 2021: 30, 2022: 30, 2023: 30}
        replaced = _gazette(0)
        for d in replaced.documents:
            d.date = "2019" + d.date[4:]
        assert lib.store_gazette(replaced, "/gazettes/g0.txt", f"{99:064d}") == "replaced"
        now = list(lib.iter_rowids())
        both = list(dict.fromkeys(again + now))  # the old issue's row ids name nothing now
        stored, counted = lib.facet_counts(both)
        assert stored == [r for r in both if r in set(now)] and len(stored) == 150
        assert dict(counted["year"]) == {2019: 30, 2020: 30, 2021: 30, 2022: 30, 2023: 30}
        table = matching._FACET_TABLES[str(path)][1]
    with Library(path, readonly=True) as reader:  # another reader of the same state: the same table
        assert dict(reader.facet_counts(now)[1]["year"]) == dict(counted["year"])
        assert matching._FACET_TABLES[str(path)][1] is table
