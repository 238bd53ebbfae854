"""REST API: every endpoint, bad parameters (422 with a message, never 500), stable ids, read-only."""

from __future__ import annotations

import hashlib
import json
import xml.etree.ElementTree as ET

import pytest
from fastapi.testclient import TestClient

from gongbao.server import create_app
from weblib import build_library

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(db), raise_server_exceptions=False)


def doc_id(client, number: str) -> str:
    return client.get("/api/documents", params={"doc_number": number}).json()["documents"][0]["id"]


# -- search -------------------------------------------------------------------------------------
def test_search_returns_ranked_hits_with_snippets_and_facets(client):
    r = client.get("/api/search", params={"q": "清洁取暖"})
    assert r.status_code == 200
    body = r.json()
    assert body["total"] >= 3 and body["hits"]
    hit = body["hits"][0]
    assert {"id", "title", "doc_number", "issuer", "date", "snippet"} <= hit.keys()
    assert "<mark>" in "".join(h["snippet"] for h in body["hits"])
    assert set(body["facets"]) == {"issuer", "region", "year", "doc_type", "section"}
    years = {f["value"]: f["count"] for f in body["facets"]["year"]}
    assert years.get(2023) == 1 and sum(years.values()) == body["total"]


def test_search_filter_narrows_to_the_facet_count(client):
    all_hits = client.get("/api/search", params={"q": "清洁取暖"}).json()
    count = {f["value"]: f["count"] for f in all_hits["facets"]["year"]}[2023]
    narrowed = client.get("/api/search", params={"q": "清洁取暖", "year": 2023}).json()
    assert narrowed["total"] == count
    assert all(h["date"].startswith("2023") for h in narrowed["hits"])
    assert narrowed["filters"] == {"year": 2023}


def test_search_sort_by_date_and_pagination(client):
    by_date = client.get("/api/search", params={"q": "青禾县", "sort": "date", "limit": 50}).json()
    dates = [h["date"] for h in by_date["hits"]]
    assert dates == sorted(dates, reverse=True) and len(dates) >= 4
    p1 = client.get("/api/search", params={"q": "青禾县", "sort": "date", "limit": 2}).json()
    p2 = client.get("/api/search", params={"q": "青禾县", "sort": "date", "limit": 2, "page": 2}).json()
    assert p1["pages"] == (p1["total"] + 1) // 2
    assert [h["id"] for h in p1["hits"] + p2["hits"]] == [h["id"] for h in by_date["hits"][:4]]


def test_search_by_doc_number_in_any_bracket_form(client):
    for q in ("青政发[2024]7号", "青政发(2024)7号", "青政发〔2024〕7号", "青政发【2024】7号"):
        hits = client.get("/api/search", params={"q": q}).json()["hits"]
        assert hits[0]["doc_number"] == "青政发〔2024〕7号", q


@pytest.mark.parametrize("params, param", [
    ({}, "q"),
    ({"q": "   "}, "q"),
    ({"q": "补贴", "year": "abc"}, "year"),
    ({"q": "补贴", "year": "3000"}, "year"),
    ({"q": "补贴", "page": "0"}, "page"),
    ({"q": "补贴", "limit": "1000"}, "limit"),
    ({"q": "补贴", "sort": "popular"}, "sort"),
    ({"q": "补贴", "date_from": "2024-13-01"}, "date_from"),
    ({"q": "补贴", "date_from": "2024-05-01", "date_to": "2024-01-01"}, "date_from"),
    ({"q": "补" * 501}, "q"),
    ({"q": "补贴", "page": "101", "limit": "10"}, "page"),
])
def test_search_bad_parameters_are_422_with_a_message(client, params, param):
    for path in ("/api/search", "/api/export", "/api/feed.atom"):
        r = client.get(path, params=params)
        assert r.status_code == 422, (path, params)
        body = r.json()
        assert param in body["error"] and body["status"] == 422


@pytest.mark.parametrize("q", ['"补贴', "补贴 OR 1=1; DROP TABLE documents; --", "NEAR(补贴 取暖)", "补贴*",
                               "（（（", "\x00\x07补贴\x1b", "'); --", "补" * 400, "title:补贴",
                               "^$.*+?{}[]\\|"])
def test_hostile_queries_never_fail(client, q):
    r = client.get("/api/search", params={"q": q})
    assert r.status_code == 200, r.text
    assert client.get("/", params={"q": q}).status_code == 200


# -- documents ----------------------------------------------------------------------------------
def test_document_has_every_field_text_and_issue(client):
    did = doc_id(client, "青政发〔2024〕7号")
    d = client.get(f"/api/documents/{did}").json()
    assert d["id"] == did and d["doc_number"] == "青政发〔2024〕7号"
    assert d["issuer"] == "青禾县人民政府" and d["date"] == "2024-08-12" and d["doc_type"] == "通知"
    assert d["section"] == "县政府文件" and d["recipients"] and d["public"] is True
    assert "煤改电设备购置补贴" in d["text"] and d["issue_id"]
    assert "source_path" not in d  # the server's file system stays private


def test_document_lookup_by_number_any_bracket(client):
    ids = {doc_id(client, n) for n in ("青政发[2024]7号", "青政发（2024）7号", "青政发〔2024〕7号",
                                       " 青政发〔2024〕7号 ")}
    assert len(ids) == 1
    assert client.get("/api/documents", params={"doc_number": "青政发〔2099〕1号"}).json()["total"] == 0
    r = client.get("/api/documents", params={"doc_number": "不是文号"})
    assert r.status_code == 422 and "文号" in r.json()["error"]


def test_document_listing_newest_first_with_filters(client):
    body = client.get("/api/documents", params={"issuer": "青禾县人民政府办公室"}).json()
    assert body["total"] == 2
    dates = [d["date"] for d in client.get("/api/documents").json()["documents"]]
    assert dates == sorted(dates, reverse=True)
    assert client.get("/api/documents", params={"page": "x"}).status_code == 422


@pytest.mark.parametrize("bad", ["000000000000", "nothere", "..%2F..%2Fetc%2Fpasswd", "%00", "a" * 300])
def test_unknown_document_is_404_json(client, bad):
    for suffix in ("", "/citations"):
        r = client.get(f"/api/documents/{bad}{suffix}")
        assert r.status_code == 404, (bad, suffix)
        assert r.headers["content-type"].startswith("application/json") and r.json()["error"]


def test_citations_both_directions_resolved_and_not(client):
    did = doc_id(client, "青政发〔2024〕7号")
    c = client.get(f"/api/documents/{did}/citations").json()
    cites = {x["doc_number"]: x for x in c["cites"]}
    assert cites["青政发〔2023〕15号"]["id"] == doc_id(client, "青政发〔2023〕15号")
    cited_by = {x["doc_number"] for x in c["cited_by"]}
    assert {"青政办发〔2024〕21号", "青政发〔2024〕9号"} <= cited_by
    old = client.get(f"/api/documents/{doc_id(client, '青政发〔2023〕15号')}/citations").json()
    numbered = {x["doc_number"]: x["id"] for x in old["cites"] if x["doc_number"]}
    assert numbered == {"鲁政发〔2019〕3号": None}  # not in the library: listed, unresolved


def test_citation_relation_and_line_from_extraction(client):
    c = client.get(f"/api/documents/{doc_id(client, '青政发〔2024〕9号')}/citations").json()
    assert c["cites"][0]["relation"] == "basis" and c["cites"][0]["line"] == 6


# -- issues -------------------------------------------------------------------------------------
def test_issues_newest_first_and_one_issue_with_linked_toc(client):
    body = client.get("/api/issues").json()
    published = [i["published"] for i in body["issues"]]
    assert published == sorted(published, reverse=True) and body["total"] == 4
    qh = next(i for i in body["issues"] if i["total_number"] == 27)
    issue = client.get(f"/api/issues/{qh['id']}").json()
    assert issue["title"] == "青禾县人民政府公报" and issue["number"] == 3
    assert [e["doc_number"] for e in issue["toc"]] == ["青政发〔2024〕7号", "青政办发〔2024〕21号",
                                                       "青政办发〔2024〕22号"]
    assert all(e["document"] for e in issue["toc"])
    assert issue["toc"][0]["document"] == doc_id(client, "青政发〔2024〕7号")
    assert client.get("/api/issues", params={"year": 2023}).json()["total"] == 1
    assert client.get("/api/issues", params={"region": "恶意县"}).json()["total"] == 1


def test_unknown_issue_is_404_and_bad_issue_filters_422(client):
    assert client.get("/api/issues/abcdefabcdef").status_code == 404
    assert client.get("/api/issues", params={"year": "twenty"}).status_code == 422
    assert client.get("/api/issues", params={"limit": 0}).status_code == 422


def test_ids_survive_reingest(tmp_path):
    db = build_library(tmp_path / "a")
    again = build_library(tmp_path / "b")  # the same gazettes from other paths, another file
    one, two = TestClient(create_app(db)), TestClient(create_app(again))
    for path in ("/api/issues", "/api/documents"):
        key = "issues" if path == "/api/issues" else "documents"
        ids = [sorted(x["id"] for x in client.get(path).json()[key]) for client in (one, two)]
        assert ids[0] == ids[1]


# -- export and feed ----------------------------------------------------------------------------
def test_export_streams_the_whole_search_as_jsonl(client):
    total = client.get("/api/search", params={"q": "青禾县", "limit": 1}).json()["total"]
    r = client.get("/api/export", params={"q": "青禾县", "limit": 1})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/x-ndjson")
    rows = [json.loads(line) for line in r.text.splitlines()]
    assert len(rows) == total >= 4 and int(r.headers["x-total-count"]) == total
    assert all(row["text"] and row["id"] for row in rows)
    filtered = client.get("/api/export", params={"q": "青禾县", "year": 2023}).text.splitlines()
    assert len(filtered) == 1


def test_atom_feed_of_a_saved_search(client):
    r = client.get("/api/feed.atom", params={"q": "清洁取暖"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/atom+xml")
    feed = ET.fromstring(r.content)
    entries = feed.findall(f"{ATOM}entry")
    assert entries and feed.find(f"{ATOM}title").text.endswith("清洁取暖")
    updated = [e.find(f"{ATOM}updated").text for e in entries]
    assert updated == sorted(updated, reverse=True)
    link = entries[0].find(f"{ATOM}link").get("href")
    assert "/documents/" in link and client.get(link).status_code == 200
    # control characters in a query cannot break the XML
    weird = client.get("/api/feed.atom", params={"q": "\x00\x01清洁\x0c取暖"})
    assert weird.status_code == 200 and ET.fromstring(weird.content).find(f"{ATOM}title") is not None


# -- facts --------------------------------------------------------------------------------------
def test_tasks_with_overdue_flag_and_filters(client):
    # the facts built in code (weblib.facts_gazette); the extractors may find more in the texts
    mine = "青政发〔2024〕9号"

    def tasks(**params):
        body = client.get("/api/tasks", params=params).json()
        return [t for t in body["items"] if t["doc_number"] == mine]

    by_task = {t["task"]: t for t in tasks()}
    assert by_task["完成煤改电改造"]["overdue"] is True and by_task["建立长效运行机制"]["overdue"] is False
    assert by_task["完成煤改电改造"]["doc_id"] == doc_id(client, mine)
    assert [t["task"] for t in tasks(unit="县财政局")] == ["完成煤改电改造"]
    # a short name finds the canonical one the extractors store (县发改局 = 县发展和改革局)
    assert [t["task"] for t in tasks(unit="县发改局")] == ["建立长效运行机制"]
    assert [t["task"] for t in tasks(overdue="true")] == ["完成煤改电改造"]
    assert [t["task"] for t in tasks(overdue="false")] == ["建立长效运行机制"]
    assert [t["task"] for t in tasks(due_before="2025-01-01")] == ["完成煤改电改造"]
    assert all(t["overdue"] for t in client.get("/api/tasks", params={"overdue": "true"}).json()["items"])
    for bad in ({"due_before": "明年"}, {"overdue": "maybe"}, {"limit": "-1"}):
        r = client.get("/api/tasks", params=bad)
        assert r.status_code == 422 and r.json()["error"].startswith("invalid request")


def test_appointments_by_person_organ_and_action(client):
    def people(**params):
        return [a["person"] for a in client.get("/api/appointments", params=params).json()["items"]]

    assert people(person="张明") == ["张明"]
    assert {a["person"] for a in client.get("/api/appointments",
                                            params={"organ": "交通运输局"}).json()["items"]} \
        == {"张明", "李锐"}
    assert people(action="remove") == ["李锐"]
    assert client.get("/api/appointments", params={"action": "promote"}).status_code == 422


def test_money_rules(client):
    items = [m for m in client.get("/api/money", params={"unit": "户"}).json()["items"]
             if m["doc_number"] == "青政发〔2024〕9号"]
    assert items[0]["amount"] == 3300 and items[0]["split"] == {"市级": 2100, "县级": 1200}
    assert client.get("/api/money", params={"kind": "bribe"}).status_code == 422


# -- the API as a whole -------------------------------------------------------------------------
def test_openapi_documents_every_endpoint_and_docs_work_offline(client):
    spec = client.get("/api/openapi.json").json()
    paths = set(spec["paths"])
    assert {"/api/search", "/api/documents", "/api/documents/{doc_id}", "/api/documents/{doc_id}/citations",
            "/api/issues", "/api/issues/{issue_id}", "/api/export", "/api/feed.atom", "/api/tasks",
            "/api/appointments", "/api/money"} <= paths
    assert not any(p.startswith("/documents") for p in paths)  # pages stay out of the API schema
    docs = client.get("/api/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text
    assert client.get("/api/docs/assets/swagger-ui-bundle.js").status_code == 200


def test_read_only(client, db):
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    for method in ("post", "put", "delete", "patch"):
        r = getattr(client, method)("/api/documents")
        assert r.status_code == 405 and "read-only" in r.json()["error"]
    client.get("/api/search", params={"q": "补贴"})
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    with pytest.raises(Exception, match="readonly"):
        client.app.state.library.get().db.execute("DELETE FROM documents")


def test_missing_library_is_a_clear_error(tmp_path):
    from gongbao.store import LibraryError

    with pytest.raises(LibraryError, match="no library here"):
        create_app(tmp_path / "nope.db")
    junk = tmp_path / "junk.db"
    junk.write_text("not sqlite")
    with pytest.raises(LibraryError, match="not a gongbao library"):
        create_app(junk)


def test_search_cache_answers_repeats_and_forgets_after_an_ingest(tmp_path):
    from gongbao.store import Library
    from weblib import FACTS_LINES, facts_gazette

    db = build_library(tmp_path)
    app = create_app(db)
    client = TestClient(app)
    cache = app.state.search_cache
    assert client.get("/api/search", params={"q": "冰雪旅游"}).json()["total"] == 0
    hits_before = cache.hits
    assert client.get("/api/search", params={"q": "冰雪旅游"}).json()["total"] == 0
    assert cache.hits == hits_before + 1
    g = facts_gazette()
    g.lines = [line.replace("建立长效运行机制", "发展冰雪旅游") for line in FACTS_LINES]
    g.issue.number = 5
    lib = Library(db)
    lib.store_gazette(g, str(tmp_path / "new.txt"), "1" * 64)
    lib.close()
    assert client.get("/api/search", params={"q": "冰雪旅游"}).json()["total"] == 1
