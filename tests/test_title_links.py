"""Titles cited without a 文号 link to the stored document they name, as 文号 do: when the title
opens with its issuer (a 公文 title names its organ, GB/T 9704 7.2.3), whichever of the two
documents is stored first; a title without its issuer may be any of many and links nothing."""

from __future__ import annotations

import sqlite3

import pytest

from gongbao.models import Citation, Document, Gazette, IssueInfo
from gongbao.store import Library
from gongbao.store.identity import cited_title_key
from gongbao.text.searchform import norm

CITED = "示例县人民政府关于做好春耕工作的通知"


def _issue(number: int, docs: list[Document]) -> Gazette:
    lines = [f"示例县人民政府公报 2024年第{number}期"] + [d.title or "" for d in docs]
    for i, d in enumerate(docs, 2):
        d.start_line = d.end_line = d.span_start = i
    issue = IssueInfo(title="示例县人民政府公报", year=2024, number=number)
    return Gazette(f"{number}.txt", issue, docs, lines)


def _cited() -> Document:
    return Document(title=CITED, doc_number="示政发〔2024〕1号", issuer="示例县人民政府", date="2024-03-01")


def _citing() -> Document:
    return Document(title="示例县农业农村局关于春耕备耕的通知", doc_number="示农发〔2024〕5号",
                    date="2024-03-10", citations=[Citation(None, f"《{CITED}》", "basis", 3),
                                                  Citation(None, "政府工作报告", "mentions", 4)])


def test_a_title_names_one_document_only_with_its_issuer():
    assert cited_title_key(f"《{CITED}》") == norm(CITED)
    joint = "示例县人民政府 示例县人民武装部关于做好征兵工作的通知"
    assert cited_title_key(joint) is not None
    assert cited_title_key("关于做好春耕工作的通知") is None
    assert cited_title_key("政府工作报告") is None and cited_title_key(None) is None


@pytest.mark.parametrize("cited_first", [True, False])
def test_a_title_citation_links_both_ways_whichever_is_stored_first(tmp_path, cited_first):
    lib = Library(tmp_path / "lib.db")
    issues = [(_issue(1, [_cited()]), "/x/1.txt", "a" * 64), (_issue(2, [_citing()]), "/x/2.txt", "b" * 64)]
    for g, path, sha in issues if cited_first else issues[::-1]:
        lib.store_gazette(g, path, sha)
    [cited_id] = [r[0] for r in lib.db.execute("SELECT id FROM documents WHERE title = ?", (CITED,))]
    [citing_id] = [r[0] for r in lib.db.execute("SELECT id FROM documents WHERE id != ?", (cited_id,))]
    cited, citing = lib.record(cited_id), lib.record(citing_id)
    by_title = {c.title: c.id for c in citing.cites}
    assert by_title[f"《{CITED}》"] == cited.id and by_title["政府工作报告"] is None
    assert [c.resolved for c in citing.citations] == [cited.id, None]
    assert [(c.id, c.relation, c.line) for c in cited.cited_by] == [(citing.id, "basis", 3)]
    lib.close()


def test_a_document_does_not_link_to_itself_and_a_replaced_target_relinks(tmp_path):
    lib = Library(tmp_path / "lib.db")
    own = _cited()
    own.citations = [Citation(None, CITED, "mentions", 2)]  # a notice naming itself
    lib.store_gazette(_issue(1, [own]), "/x/1.txt", "a" * 64)
    lib.store_gazette(_issue(2, [_citing()]), "/x/2.txt", "b" * 64)
    assert lib.db.execute("SELECT count(*) FROM title_links WHERE src = target").fetchone()[0] == 0
    lib.store_gazette(_issue(1, [_cited()]), "/x/1.txt", "c" * 64)  # the cited issue's file replaced
    [(target,)] = lib.db.execute("SELECT target FROM title_links").fetchall()
    assert lib.db.execute("SELECT title FROM documents WHERE id = ?", (target,)).fetchone()[0] == CITED
    lib.close()


def test_schema_5_libraries_get_their_title_links(tmp_path):
    path = tmp_path / "lib.db"
    with Library(path) as lib:
        lib.store_gazette(_issue(1, [_cited()]), "/x/1.txt", "a" * 64)
        lib.store_gazette(_issue(2, [_citing()]), "/x/2.txt", "b" * 64)
    con = sqlite3.connect(path)
    con.executescript("DROP TABLE title_links; DROP INDEX documents_search_title;"
                      "UPDATE meta SET value = '5' WHERE key = 'schema_version';")
    con.close()
    told: list[str] = []
    with Library(path, on_upgrade=told.append) as lib:
        assert told == ["schema 5 -> 6"]
        [(src, target)] = lib.db.execute("SELECT src, target FROM title_links").fetchall()
        assert lib.db.execute("SELECT title FROM documents WHERE id = ?", (target,)).fetchone()[0] == CITED
