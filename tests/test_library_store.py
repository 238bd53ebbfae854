"""The SQLite library: idempotent ingest, replacement, bad files, links, facts, export form."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fakeparse import fake_parse_path
from gongbao.models import Appointment, Citation, Document, Gazette, IssueInfo, MoneyRule, Task
from gongbao.match import Phrase
from gongbao.store import Library
from gongbao.store.ingest import ingest_paths
from gongbao.store.library import document_region
from gongbao.store.records import CitationLink

FIX = Path(__file__).parent / "fixtures" / "library"


@pytest.fixture
def fake_parser(monkeypatch):
    import gongbao.pipeline

    monkeypatch.setattr(gongbao.pipeline, "parse_path", fake_parse_path)


@pytest.fixture
def gazettes(tmp_path, fake_parser) -> Path:
    d = tmp_path / "in"
    shutil.copytree(FIX, d)
    return d


def test_same_files_twice_add_nothing(tmp_path, gazettes):
    lib = Library(tmp_path / "lib.db")
    r1 = ingest_paths(lib, [gazettes], workers=1)
    assert (r1.added, r1.documents, r1.failed) == (2, 6, [])
    ids = sorted(r[0] for r in lib.db.execute("SELECT doc_id FROM documents"))
    r2 = ingest_paths(lib, [gazettes], workers=1)
    assert (r2.added, r2.replaced, r2.unchanged) == (0, 0, 2)
    assert lib.count_documents() == 6
    # a copy of a stored file under another name is the same content: nothing added
    shutil.copy(next(gazettes.glob("示例*")), tmp_path / "copy.txt")
    assert ingest_paths(lib, [tmp_path / "copy.txt"], workers=1).unchanged == 1
    assert sorted(r[0] for r in lib.db.execute("SELECT doc_id FROM documents")) == ids


def test_changed_file_replaces_earlier_version(tmp_path, gazettes):
    lib = Library(tmp_path / "lib.db")
    ingest_paths(lib, [gazettes], workers=1)
    f = next(gazettes.glob("示例*"))
    doc_id = "SELECT doc_id FROM documents WHERE doc_number = '示政发〔2024〕3号'"
    id_before = lib.db.execute(doc_id).fetchone()[0]
    f.write_text(f.read_text(encoding="utf-8").replace("一级能效", "二级能效"), encoding="utf-8")
    r = ingest_paths(lib, [f], workers=1)
    assert (r.added, r.replaced) == (0, 1)
    assert lib.count_documents() == 6 and lib.count_issues() == 2
    assert lib.db.execute("SELECT count(*) FROM doc_text WHERE text LIKE '%二级能效%'").fetchone()[0] == 1
    assert lib.db.execute("SELECT count(*) FROM doc_text WHERE text LIKE '%一级能效%'").fetchone()[0] == 0
    # the stable id survives the re-ingest; the old text is gone from the index too
    assert lib.db.execute(doc_id).fetchone()[0] == id_before
    assert lib.match_count(Phrase("一级能效")) == 0 and lib.match_count(Phrase("二级能效")) == 1


def test_failed_replacement_keeps_old_version(tmp_path, gazettes, monkeypatch):
    lib = Library(tmp_path / "lib.db")
    ingest_paths(lib, [gazettes], workers=1)
    f = next(gazettes.glob("示例*"))
    f.write_text(f.read_text(encoding="utf-8") + "\n新增一行", encoding="utf-8")

    def broken(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr(lib, "_insert_gazette", broken)
    r = ingest_paths(lib, [f], workers=1)
    assert len(r.failed) == 1 and "disk full" in r.failed[0][1]
    assert lib.count_documents() == 6  # the old version is still whole


def test_bad_file_in_the_middle_of_a_batch(tmp_path, gazettes):
    (gazettes / "m_bad.txt").write_bytes(b"\x00\x01\x02" * 100)
    (gazettes / "m_empty.txt").write_bytes(b"")
    lib = Library(tmp_path / "lib.db")
    r = ingest_paths(lib, [gazettes, tmp_path / "missing.txt"], workers=1)
    assert r.added == 2 and lib.count_documents() == 6
    reasons = " | ".join(m for _, m in r.failed)
    assert len(r.failed) == 3
    assert "m_bad.txt" in reasons and "m_empty.txt" in reasons and "missing.txt" in reasons


def test_process_pool_ingest_matches_serial(tmp_path, gazettes):
    for i in range(4):
        shutil.copy(next(gazettes.glob("样例*")), gazettes / f"extra{i}.txt")
        p = gazettes / f"extra{i}.txt"
        p.write_text(p.read_text(encoding="utf-8").replace("2023年第2期", f"2023年第{i + 3}期"),
                     encoding="utf-8")
    lib = Library(tmp_path / "lib.db")
    r = ingest_paths(lib, [gazettes], workers=2)
    assert r.failed == [] and r.added == 6 and lib.count_documents() == 14


def test_citations_resolve_both_ways_and_on_arrival(tmp_path, gazettes):
    lib = Library(tmp_path / "lib.db")
    ingest_paths(lib, [next(gazettes.glob("样例*"))], workers=1)
    src = lib.resolve_key("样政发[2023]8号")
    assert lib.links(src)[0] == [CitationLink(doc_number="示政发〔2024〕3号", title=None, id=None)]
    ingest_paths(lib, [next(gazettes.glob("示例*"))], workers=1)  # the cited document arrives
    target = lib.resolve_key("示政发（2024）3号")
    assert lib.links(src)[0][0].id == lib.record(target).id
    cited_by = {x.doc_number for x in lib.links(target)[1]}
    assert cited_by == {"样政发〔2023〕8号", "示政发〔2024〕7号"}


def _hand_made() -> Gazette:
    lines = ["某县人民政府公报", "标题", "正文一", "正文二", "标题二", "正文"]
    d1 = Document(title="关于任免的通知", doc_number="某政任〔2024〕1号", issuer="某县人民政府",
                  issuers=["某县人民政府"], date="2024-05-01", start_line=2, end_line=4, span_start=2,
                  lines={"title": [2]},
                  citations=[Citation(cited_number="某政发〔2023〕4号", cited_title=None, relation="basis",
                                      line=3)],
                  appointments=[Appointment(person="张三", action="appoint", post="县教育局局长",
                                            organ="某县教育局",
                                            note="试用期一年", line=3)],
                  tasks=[Task(task="完成改造", lead=["区住建局"], units=["区住建局", "区财政局"],
                              deadline="2024-11-30", deadline_text="2024年11月30日前", line=4,
                              qualified=["某市某区住房和城乡建设局", "某市某区财政局"])],
                  money=[MoneyRule(amount=3300, rate=None, unit="户", kind="subsidy", beneficiary="农户",
                                   condition=None, cap=5000, split={"市级": 2100, "区级": 1200}, line=4,
                                   text="补贴3300元/户")])
    d2 = Document(title="关于某事的通知", doc_number="某政发〔2023〕4号", start_line=5, end_line=6,
                  span_start=5,
                  tasks=[Task(task="其他任务", lead=["区农业农村局"], units=["区农业农村局"],
                              deadline="2025-03-01",
                              deadline_text=None, line=6)])
    return Gazette("hand.txt", IssueInfo(title="某县人民政府公报", year=2024, number=1), [d1, d2], lines)


def test_extracted_facts_stored_and_queried(tmp_path):
    lib = Library(tmp_path / "lib.db")
    assert lib.store_gazette(_hand_made(), "/x/hand.txt", "abc") == "added"
    assert [t.task for t in lib.tasks(units=["住建局"], due_before="2025-01-01")] == ["完成改造"]
    assert [t.task for t in lib.tasks(due_before="2026-01-01")] == ["完成改造", "其他任务"]
    assert [t.task for t in lib.tasks(units=["农业农村局", "财政局"])] == ["完成改造",
                                                                   "其他任务"]  # any of them
    [done] = lib.tasks(units=["某市某区住房和城乡建设局"])  # the unit named within its region
    assert done.units == ["区住建局", "区财政局"] and done.qualified[0] == "某市某区住房和城乡建设局"
    assert done.doc_number == "某政任〔2024〕1号" and done.source == "hand.txt"
    assert lib.appointments(person="张三")[0].post == "县教育局局长"
    assert lib.appointments(person="李四") == [] and len(lib.appointments(organs=["某县", "教育局"])) == 1
    m = lib.money(unit="户")
    assert m[0].split == {"市级": 2100, "区级": 1200} and m[0].cap == 5000
    rec = lib.record(lib.resolve_key("某政任〔2024〕1号"))
    assert rec.citations[0].resolved == lib.record(lib.resolve_key("某政发〔2023〕4号")).id
    assert rec.lines == {"title": [2]} and rec.text == "标题\n正文一\n正文二"


def test_record_round_trips_to_the_model(tmp_path):
    lib = Library(tmp_path / "lib.db")
    g = _hand_made()
    lib.store_gazette(g, "/x/hand.txt", "abc")
    back = lib.record(lib.resolve_key("某政任〔2024〕1号")).to_document()
    want = g.documents[0]
    want.citations[0].resolved = lib.record(lib.resolve_key("某政发〔2023〕4号")).id
    want.cites = ["某政发〔2023〕4号"]  # the 文号 of its citations too (DocumentRecord.cites)
    assert back == want


def test_document_ids_are_stable_and_short(tmp_path):
    a = Library(tmp_path / "a.db")
    b = Library(tmp_path / "b.db")
    a.store_gazette(_hand_made(), "/x/hand.txt", "abc")
    b.store_gazette(_hand_made(), "/elsewhere/copy.txt", "abc")
    ids_a = [r[0] for r in a.db.execute("SELECT doc_id FROM documents ORDER BY seq")]
    ids_b = [r[0] for r in b.db.execute("SELECT doc_id FROM documents ORDER BY seq")]
    assert ids_a == ids_b and all(len(i) == 12 for i in ids_a) and len(set(ids_a)) == 2


@pytest.mark.parametrize("issuer, issuers, issue_region, region", [
    ("某县人民政府", [], "甲市乙区", "甲市乙区"),  # the masthead's place first
    ("甲市住房和城乡建设局", [], None, "甲市"),  # else the place the issuer names
    (None, ["县人民政府", "丙县财政局"], None, "丙县"),  # … or a joint issuer
    ("国务院办公厅", [], None, None),
])
def test_region_of_a_document(issuer, issuers, issue_region, region):
    assert document_region(Document(title=None, issuer=issuer, issuers=issuers), issue_region) == region
