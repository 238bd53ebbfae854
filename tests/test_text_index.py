"""The library's full-text index: kept in step with SQLite through crashes, rebuilds and locks."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from gongbao.search import search
from gongbao.match import AllOf, AnyOf, Filters, Phrase
from gongbao.store import Library
from gongbao.store.ingest import ingest_paths
from gongbao.store.library import IndexOutdated, index_path
from gongbao.store.textindex import IndexBusy, date_number, grams, phrase_cover
from gongbao.text.searchform import norm

EXAMPLE = Path(__file__).parents[1] / "examples"


@pytest.fixture
def built(tmp_path) -> Path:
    lib = Library(tmp_path / "lib.db")
    ingest_paths(lib, [EXAMPLE], workers=1)
    lib.close()
    return tmp_path / "lib.db"


def test_index_answers_phrases_any_and_all(built):
    lib = Library(built, readonly=True)
    n = lib.count_documents()
    assert lib.match_count(Phrase("煤改电")) >= 1
    assert lib.match_count(Phrase("煤改电补贴不存在的话")) == 0
    both = lib.match_count(AllOf((Phrase("煤改电"), Phrase("消防"))))
    either = lib.match_count(AnyOf((Phrase("煤改电"), Phrase("消防"))))
    assert both <= min(lib.match_count(Phrase("煤改电")), lib.match_count(Phrase("消防"))) <= either <= n
    assert lib.match_estimate(Phrase("煤改电")) >= lib.match_count(Phrase("煤改电"))
    # a one-character term: anywhere in the text, also as the last character
    assert lib.match_count(Phrase("煤")) >= lib.match_count(Phrase("煤改"))
    # 文号 with their brackets are phrases like any other text
    assert lib.match_count(Phrase("示政发〔2024〕5号")) >= 1


def test_crash_before_the_index_commit_is_caught_up(tmp_path):
    lib = Library(tmp_path / "lib.db")
    ingest_paths(lib, [EXAMPLE], workers=1)
    n = lib.count_documents()
    # store a changed copy, then "crash": SQLite committed, the index writer never committed
    src = next(EXAMPLE.glob("*.txt"))
    copy = tmp_path / "copy.txt"
    copy.write_text(src.read_text(encoding="utf-8").replace("煤改电", "煤改风电")
                    .replace("2024年第2期", "2024年第9期"), encoding="utf-8")  # another issue
    from gongbao.pipeline import parse_path

    lib.store_gazette(parse_path(copy), str(copy), "sha-copy")
    assert lib.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] > 0
    lib.index.abandon()
    lib.db.close()
    lib = Library(tmp_path / "lib.db")  # catches up from index_queue
    assert lib.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0
    assert lib.match_count(Phrase("煤改风电")) == 1
    assert lib.index.num_docs(lib.generation()) == lib.count_documents() == 2 * n
    assert search(lib, "煤改风电").total >= 1
    lib.close()


def test_rolled_back_file_leaves_nothing_in_the_index(tmp_path, monkeypatch):
    lib = Library(tmp_path / "lib.db")
    ingest_paths(lib, [EXAMPLE], workers=1)
    before = lib.match_count(Phrase("煤改电"))
    src = next(EXAMPLE.glob("*.txt"))
    copy = tmp_path / "copy.txt"
    copy.write_text(src.read_text(encoding="utf-8").replace("煤改电", "煤改风电")
                    .replace("2024年第2期", "2024年第9期"), encoding="utf-8")  # another issue
    from gongbao.pipeline import parse_path

    g = parse_path(copy)
    monkeypatch.setattr(Library, "_resolve_links",
                        lambda *a: (_ for _ in ()).throw(RuntimeError("disk full")))
    with pytest.raises(RuntimeError):
        lib.store_gazette(g, str(copy), "sha-copy")
    lib.flush()
    assert lib.match_count(Phrase("煤改风电")) == 0 and lib.match_count(Phrase("煤改电")) == before
    assert lib.db.execute("SELECT count(*) FROM index_queue").fetchone()[0] == 0
    lib.close()


def test_lost_index_folder_is_rebuilt_by_a_writer_and_named_to_readers(built):
    want = [h.id for h in search(Library(built, readonly=True), "消防").hits]
    shutil.rmtree(index_path(built))
    with pytest.raises(IndexOutdated, match="missing"):
        Library(built, readonly=True).index  # noqa: B018
    lib = Library(built)  # rebuilds
    assert [h.id for h in search(lib, "消防").hits] == want
    lib.close()


def test_library_from_an_older_index_version_is_rebuilt(built):
    lib = Library(built)
    lib.set_meta("index_version", "2")
    lib.db.execute("CREATE VIRTUAL TABLE fts USING fts5(title, meta, body, content='')")
    lib.close()
    lib = Library(built)
    names = {r[0] for r in lib.db.execute("SELECT name FROM sqlite_master")}
    assert "fts" not in names and search(lib, "消防").total >= 1
    lib.close()


def test_second_writer_waits_then_fails_clearly(built, monkeypatch):
    import gongbao.store.textindex as textindex

    monkeypatch.setattr(textindex, "BUSY_SECONDS", 0.3)
    first = Library(built)
    first.index.writer()
    second = Library(built)
    src = next(EXAMPLE.glob("*.txt"))
    from gongbao.pipeline import parse_path

    with pytest.raises(IndexBusy, match="another gongbao process"):
        second.store_gazette(parse_path(src), "/elsewhere.txt", "sha-x")
    gone = "SELECT count(*) FROM issues WHERE source_path = '/elsewhere.txt'"
    assert second.db.execute(gone).fetchone()[0] == 0
    first.close()
    second.close()


def test_readers_see_new_commits(built):
    reader = Library(built, readonly=True)
    assert reader.match_count(Phrase("煤改风电")) == 0
    writer = Library(built)
    src = next(EXAMPLE.glob("*.txt"))
    copy = built.parent / "copy.txt"
    copy.write_text(src.read_text(encoding="utf-8").replace("煤改电", "煤改风电")
                    .replace("2024年第2期", "2024年第9期"), encoding="utf-8")  # another issue
    ingest_paths(writer, [copy], workers=1)
    assert reader.match_count(Phrase("煤改风电")) >= 1
    writer.close()


def test_filters_in_the_index_agree_with_sql(built):
    lib = Library(built, readonly=True)
    for f in (Filters(issuer="示例县"), Filters(year=2024),
              Filters(date_from="2024-05", date_to="2024-06-30"),
              Filters(doc_type="通知"), Filters(section="人事"), Filters(region="示例")):
        got = sorted(r for r, _ in lib.match_candidates(Phrase("示例"), f, 100))
        want = sorted(lib.filter_rowids(list(lib.iter_rowids()), f))
        assert got == want, f


def test_date_numbers():
    assert date_number("2024-03-05") == 20240305
    assert date_number("2024") == 20240101 and date_number("2024", upper=True) == 20241231
    assert date_number("2024-02", upper=True) == 20240231 and date_number(None) is None


def test_library_of_schema_1_is_upgraded(built):
    want = [h.id for h in search(Library(built, readonly=True), "消防").hits]
    lib = Library(built)
    # back to the first schema: text and lines in documents, titles in search_text, FTS5 index
    lib.db.executescript("""
        ALTER TABLE documents ADD COLUMN lines TEXT NOT NULL DEFAULT '{}';
        ALTER TABLE documents ADD COLUMN text TEXT NOT NULL DEFAULT '';
        UPDATE documents SET lines = (SELECT lines FROM doc_text t WHERE t.id = documents.id),
                             text = (SELECT text FROM doc_text t WHERE t.id = documents.id);
        DROP TABLE doc_text;
        DROP TABLE title_links;
        DROP INDEX documents_search_title;
        ALTER TABLE documents DROP COLUMN search_title;
        CREATE TABLE search_text (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL);
        CREATE VIRTUAL TABLE fts USING fts5(title, meta, body, content='');
        ALTER TABLE tasks DROP COLUMN qualified;
        DROP INDEX issues_stable;
        ALTER TABLE issues DROP COLUMN stable_id;
        UPDATE meta SET value = '1' WHERE key = 'schema_version';
        UPDATE meta SET value = '2' WHERE key = 'index_version';
    """)
    lib.close()
    shutil.rmtree(index_path(built))
    with pytest.raises(IndexOutdated):
        Library(built, readonly=True).index  # noqa: B018
    lib = Library(built)
    assert [h.id for h in search(lib, "消防").hits] == want
    rec = lib.record(lib.resolve_key(want[0]))
    assert rec.text and rec.lines
    assert lib.get_meta("schema_version") == "6"
    lib.close()


def test_library_of_schema_2_drops_its_second_text_copy(built):
    lib = Library(built)
    want = [(h.id, h.snippet) for h in search(lib, "消防").hits]
    lib.db.executescript("""
        CREATE TABLE search_text (id INTEGER PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
                                  body TEXT NOT NULL);
        INSERT INTO search_text SELECT id, text FROM doc_text;
        DROP TABLE title_links;
        ALTER TABLE tasks DROP COLUMN qualified;
        DROP INDEX issues_stable;
        ALTER TABLE issues DROP COLUMN stable_id;
        UPDATE meta SET value = '2' WHERE key = 'schema_version';
    """)
    commits = lib.get_meta("index_commit")
    lib.close()
    told: list[str] = []
    lib = Library(built, on_upgrade=told.append)
    assert told == ["schema 2 -> 6"]  # the CLI prints it: a large library takes minutes
    tables = {r[0] for r in lib.db.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")}
    assert "search_text" not in tables and lib.get_meta("schema_version") == "6"
    assert lib.get_meta("index_commit") == commits  # the index is kept as it is
    assert [(h.id, h.snippet) for h in search(lib, "消防").hits] == want
    lib.close()


def test_very_common_expressions_are_ranked_in_the_documents_added_last_first(built, monkeypatch):
    import gongbao.store.matching as matching
    import gongbao.store.textindex as textindex

    lib = Library(built, readonly=True)
    every = sorted(r for r, _ in lib.match_candidates(Phrase("示例"), None, 100))
    newest = max(lib.iter_rowids())
    monkeypatch.setattr(matching, "FULL_RANK_MAX", 0)
    monkeypatch.setattr(matching, "FULL_RANK_WORDS_MAX", 0)
    monkeypatch.setattr(textindex, "RECENT_DOCS", 1)
    # enough matches among the newest rows: the older ones are not examined
    word = norm(lib.documents([newest])[newest].title)[:2]
    assert [r for r, _ in lib.match_candidates(Phrase(word), None, 1)] == [newest]
    # too few: earlier rows are taken until every match is found
    assert sorted(r for r, _ in lib.match_candidates(Phrase("示例"), None, 100)) == every
    oldest = min(lib.iter_rowids())
    only_old = next(norm(lib.texts([oldest])[oldest])[i : i + 6] for i in range(0, 600, 7)
                    if lib.match_count(Phrase(norm(lib.texts([oldest])[oldest])[i : i + 6])) == 1)
    assert lib.match_exists(Phrase(only_old)) and not lib.match_exists(Phrase("示例不存在的话"))


def test_words_of_one_bigram_are_ranked_over_every_match_longer_than_phrases(built, monkeypatch):
    """Ranking every match of a two-character word reads one posting list, no positions: in a
    library under ten times the documents the recent-first ranking examines first, it stays
    cheaper than that up to many more matches than a phrase does."""
    import gongbao.store.matching as matching
    import gongbao.store.textindex as textindex

    lib = Library(built, readonly=True)
    monkeypatch.setattr(matching, "FULL_RANK_MAX", 0)
    assert not lib.ranks_recent_first(Phrase("示例")) and not lib.ranks_recent_first(AnyOf((Phrase("示例"),
                                                                                           Phrase("通知"))))
    assert lib.ranks_recent_first(Phrase("示例县")) and lib.ranks_recent_first(AllOf((Phrase("示例"),),
                                                                                   (Phrase("示例县"),)))
    monkeypatch.setattr(matching, "FULL_RANK_WORDS_MAX", 0)
    assert lib.ranks_recent_first(Phrase("示例"))
    monkeypatch.setattr(matching, "FULL_RANK_WORDS_MAX", 10**9)
    monkeypatch.setattr(textindex, "RECENT_DOCS", 0)  # a library over ten times what it examines first
    assert lib.ranks_recent_first(Phrase("示例"))


def test_phrases_match_exactly_where_the_text_holds_them(built):
    lib = Library(built, readonly=True)
    texts = {r: norm(t) for r, t in lib.texts(list(lib.iter_rowids())).items()}
    some = next(iter(texts.values()))
    for n in range(2, 12):
        for i in range(0, 400, 37):
            sub = some[i : i + n]
            assert lib.match_count(Phrase(sub)) == sum(sub in t for t in texts.values()), sub


def test_phrase_cover_spells_the_whole_phrase_with_the_fewest_bigrams():
    for n in range(2, 14):
        text = "".join(chr(0x4E00 + i) for i in range(n))
        g = grams(text)
        cover = phrase_cover(g, [(i * 7919) % 13 for i in range(len(g))])
        covered = {o + k for o, _ in cover for k in (0, 1)}
        assert covered == set(range(n)) and len(cover) == (n + 1) // 2
        assert all(g[o] == w for o, w in cover)
    assert phrase_cover(["补贴"], [5]) == [(0, "补贴")]
    # the rarest bigram is kept when the count allows a choice: 甲乙丙 -> 甲乙+乙丙 either way,
    # 甲乙丙丁 -> 甲乙+丙丁 (2) whatever the frequencies; 5 characters: 3 of 4 with the rare one
    assert (1, "乙丙") in phrase_cover(grams("甲乙丙丁戊"), [9, 1, 9, 9])


def test_title_words_are_index_terms(built):
    lib = Library(built, readonly=True)
    # a title word is one index term; words are cut with jieba's search mode
    assert lib.index.searcher(lib.generation()).doc_freq("title_words", "清洁取暖") >= 1


def test_library_of_schema_3_gets_qualified_task_units(built):
    lib = Library(built)
    lib.db.executescript("""
        ALTER TABLE tasks DROP COLUMN qualified;
        DROP INDEX issues_stable;
        ALTER TABLE issues DROP COLUMN stable_id;
        DROP TABLE title_links;
        UPDATE meta SET value = '3' WHERE key = 'schema_version';
    """)
    lib.close()
    told: list[str] = []
    lib = Library(built, on_upgrade=told.append)
    assert told == ["schema 3 -> 6"] and lib.get_meta("schema_version") == "6"
    rows = lib.tasks()
    assert rows and all(t.qualified == [] for t in rows)  # filled when a file is ingested again
    lib.close()
