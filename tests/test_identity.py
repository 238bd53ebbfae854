"""Stable ids: computed once, from the frozen canonical form, stored with the issue and its
documents; libraries made before issue ids were stored keep the ids their server gave."""

from __future__ import annotations

import hashlib
import sqlite3

import pytest

from gongbao.models import Document, Gazette, IssueInfo
from gongbao.store import Library
from gongbao.store.identity import gazette_ids, masthead_key
from gongbao.text.canonical import canonical

ISSUE = IssueInfo(title="運城市鹽湖區人民政府公報", year=2024, number=4, total_number=16)
DOCS = [Document(title="關於印發《辦法》的通知", doc_number="运盐政发[２０２４]10号"),
        Document(title="关于某事的批复", issuer="某县人民政府", date="2024-05-01"),
        Document(title="关于某事的批复", issuer="某县人民政府", date="2024-05-01")]


@pytest.mark.parametrize("text, form", [
    ("運城市鹽湖區人民政府公報", "运城市盐湖区人民政府公报"),  # traditional script
    ("运盐政发[２０２４]10号", "运盐政发〔2024〕10号"),  # brackets and full width
    ("ＡＢＣ　关于 印发", "abc关于印发"),  # case and spaces
    (None, ""),
])
def test_canonical_form(text, form):
    assert canonical(text) == form


def test_ids_are_pinned():
    # the canonical form is frozen: these are the ids libraries hold and URLs use
    ids = gazette_ids(Gazette("x.txt", ISSUE, DOCS, []), "x.txt")
    assert ids.issue == "343191fd17e0"
    assert ids.documents == ("b57789071d9f", "58753e139951", "e5f4c24f5632")  # a repeated key is salted
    single = gazette_ids(Gazette("单个文件.txt", IssueInfo(), DOCS[:1], []), "单个文件.txt")
    assert (single.issue, single.documents) == ("edb726dae260", ("2c8727687546",))  # a file without masthead


def test_masthead_key_needs_a_number():
    assert masthead_key(ISSUE) == ("运城市盐湖区人民政府公报", 2024, 4, 16)
    assert masthead_key(IssueInfo(title="某县人民政府公报", year=2024)) is None


def _gazette(title: str, number: int | None) -> Gazette:
    lines = [title, "关于某事的通知", "正文"]
    return Gazette(f"{title}{number}.txt", IssueInfo(title=title, year=2024, number=number),
                   [Document(title="关于某事的通知", doc_number=f"某政发〔2024〕{number or 0}号",
                             start_line=2,
                             end_line=3, span_start=2)], lines)


def test_issue_ids_are_stored_with_the_documents(tmp_path):
    lib = Library(tmp_path / "lib.db")
    g = _gazette("某县人民政府公报", 3)
    lib.store_gazette(g, "/x/a.txt", "a" * 64)
    ids = gazette_ids(g, g.source)
    [(stored,)] = lib.db.execute("SELECT stable_id FROM issues").fetchall()
    assert stored == ids.issue and lib.issue(ids.issue).documents[0].id == ids.documents[0]
    assert lib.record(lib.resolve_key(ids.documents[0])).issue_id == ids.issue
    # the same masthead without a number is no duplicate: a second issue, its id salted with its path
    lib.store_gazette(_gazette("某县人民政府公报", None), "/x/b.txt", "b" * 64)
    lib.store_gazette(_gazette("某县人民政府公报", None), "/x/c.txt", "c" * 64)
    assert len({r[0] for r in lib.db.execute("SELECT stable_id FROM issues")}) == 3


def test_schema_4_libraries_get_the_issue_ids_their_server_gave(tmp_path):
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        for name in ("a", "b"):  # one masthead twice (no number: stored twice)
            lib.store_gazette(_gazette("某县人民政府公报", None), f"/x/{name}.txt", name * 64)
        lib.store_gazette(_gazette("另一县人民政府公报", 1), "/x/other.txt", "c" * 64)
        before = [r[0] for r in lib.db.execute("SELECT stable_id FROM issues ORDER BY id")]
    con = sqlite3.connect(path)
    con.executescript("DROP INDEX issues_stable; ALTER TABLE issues DROP COLUMN stable_id;"
                      "DROP TABLE title_links;"
                      "UPDATE meta SET value = '4' WHERE key = 'schema_version';")
    con.close()
    told: list[str] = []
    with Library(path, on_upgrade=told.append) as lib:
        after = [r[0] for r in lib.db.execute("SELECT stable_id FROM issues ORDER BY id")]
        names = [r[0] for r in lib.db.execute("SELECT source_name FROM issues ORDER BY id")]
    assert told == ["schema 4 -> 6"]
    # as the server made them: the masthead's id, then for the second file of it the id salted with its name
    first = gazette_ids(_gazette("某县人民政府公报", None), names[0]).issue
    assert after[0] == first == before[0]
    assert after[1] == hashlib.sha256(f"{first}|{names[1]}".encode()).hexdigest()[:12]
    assert after[2] == before[2]
