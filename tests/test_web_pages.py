"""Server-rendered pages: state in the URL, facets, document layout, issue TOC, facts pages, escaping."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient

from gongbao.server import create_app
from gongbao.web.pages import layout_lines, safe_snippet
from weblib import build_library


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    return TestClient(create_app(build_library(tmp_path_factory.mktemp("pages"))),
                      raise_server_exceptions=False)


def doc_id(client, number: str) -> str:
    return client.get("/api/documents", params={"doc_number": number}).json()["documents"][0]["id"]


def links(html: str) -> list[str]:
    return [h.replace("&amp;", "&") for h in re.findall(r'href="([^"]+)"', html)]


def test_home_page_lists_recent_issues(client):
    r = client.get("/")
    assert r.status_code == 200 and "政府公报文库" in r.text
    assert "青禾县人民政府公报 2024年第4期（总第28期）" in r.text


def test_search_page_results_facets_and_state_in_url(client):
    r = client.get("/", params={"q": "清洁取暖"})
    assert r.status_code == 200
    assert "青政发〔2024〕7号" in r.text and "<mark>" in r.text
    facet = next(h for h in links(r.text) if "year=2023" in h)
    state = parse_qs(urlsplit(facet).query)
    assert state == {"q": ["清洁取暖"], "year": ["2023"]}
    narrowed = client.get(facet)
    assert "青政发〔2023〕15号" in narrowed.text and "青政发〔2024〕7号" not in narrowed.text
    # the active filter can be removed and keeps the query
    assert any(parse_qs(urlsplit(h).query) == {"q": ["清洁取暖"]} for h in links(narrowed.text))


def test_search_page_sort_and_pagination_links(client):
    r = client.get("/", params={"q": "青禾县", "limit": 2})
    hrefs = links(r.text)
    assert any(parse_qs(urlsplit(h).query).get("sort") == ["date"] for h in hrefs)
    page2 = next(h for h in hrefs if parse_qs(urlsplit(h).query).get("page") == ["2"])
    assert parse_qs(urlsplit(page2).query)["limit"] == ["2"]
    assert client.get(page2).status_code == 200


def test_bad_page_parameters_give_an_html_error_not_500(client):
    r = client.get("/", params={"q": "补贴", "year": "abc"})
    assert r.status_code == 422 and "text/html" in r.headers["content-type"] and "year" in r.text
    r = client.get("/documents/000000000000")
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert client.get("/issues/nothing").status_code == 404
    assert client.get("/browse", params={"year": "x"}).status_code == 422


def test_document_page_metadata_text_anchors_and_citations(client):
    did = doc_id(client, "青政发〔2024〕7号")
    html = client.get(f"/documents/{did}").text
    for field in ("青政发〔2024〕7号", "青禾县人民政府", "2024-08-12", "县政府文件", "此件公开发布",
                  "各乡镇人民政府"):
        assert field in html
    assert 'id="L27"' in html and 'href="#L27"' in html  # every input line has an anchor
    cited = doc_id(client, "青政发〔2023〕15号")
    assert f'href="/documents/{cited}"' in html  # cites
    assert f'href="/documents/{doc_id(client, "青政办发〔2024〕21号")}"' in html  # cited by
    assert f'href="/api/documents/{did}"' in html and "下载 JSON" in html
    issue = client.get(f"/api/documents/{did}").json()["issue_id"]
    assert f'href="/issues/{issue}"' in html


def test_document_page_shows_unresolved_citation_as_plain_number(client):
    html = client.get(f"/documents/{doc_id(client, '青政发〔2023〕15号')}").text
    assert "鲁政发〔2019〕3号" in html
    assert not re.search(r'<a [^>]*>鲁政发〔2019〕3号', html)


def test_document_page_shows_extracted_facts_with_line_links(client):
    html = client.get(f"/documents/{doc_id(client, '青政发〔2024〕9号')}").text
    for text in ("任务分工", "完成煤改电改造", "县住建局", "已逾期", "人事任免", "张明", "县交通运输局局长",
                 "资金标准", "3300元", "市级 2100元", "引用关系", "依据"):
        assert text in html, text
    assert 'href="#L7"' in html and 'href="#L10"' in html


def test_document_url_with_a_doc_number_redirects_to_the_stable_id(client):
    r = client.get("/documents/青政发[2024]7号", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == ("/documents/"
                                                              f"{doc_id(client, '青政发〔2024〕7号')}")


def test_issue_page_masthead_and_toc_link_documents(client):
    issue = next(i for i in client.get("/api/issues").json()["issues"] if i["total_number"] == 27)
    html = client.get(f"/issues/{issue['id']}").text
    assert "青禾县人民政府公报" in html and "2024年第3期" in html and "（总第27期）" in html
    for n in ("青政发〔2024〕7号", "青政办发〔2024〕21号", "青政办发〔2024〕22号"):
        assert f'href="/documents/{doc_id(client, n)}"' in html


def test_browse_by_region_and_year_newest_first(client):
    html = client.get("/browse").text
    assert html.index("2024年第4期") < html.index("2024年第3期") < html.index("2023年第4期")
    narrowed = client.get("/browse", params={"year": 2023}).text
    assert "2023年第4期" in narrowed and "2024年第3期" not in narrowed
    assert "恶意县" in html and "恶意县人民政府公报" not in client.get("/browse",
                                                           params={"region": "青禾县"}).text


def test_tasks_page_groups_by_unit_and_marks_overdue(client):
    html = client.get("/tasks").text
    assert "县住建局" in html and "县发展和改革局" in html
    late_row = re.search(r'<tr class="overdue"><td>完成煤改电改造', html)
    assert late_row and "已逾期" in html
    assert not re.search(r'<tr class="overdue"><td>建立长效运行机制', html)
    only = client.get("/tasks", params={"unit": "县发改局"}).text
    assert "建立长效运行机制" in only and "完成煤改电改造" not in only
    # a unit that only shares a task (责任单位, not 牵头) has it on its list too
    helper = client.get("/tasks", params={"unit": "县财政局"}).text
    assert "<h2>县财政局" in helper and "完成煤改电改造" in helper and "<h2>县住建局" not in helper


def test_appointments_page_by_person_and_organ(client):
    html = client.get("/appointments", params={"person": "张明"}).text
    assert "张明" in html and "县交通运输局局长" in html and "李锐" not in html
    by_organ = client.get("/appointments", params={"by": "organ"}).text
    assert "青禾县人民政府" in by_organ and "李锐" in by_organ
    assert client.get("/appointments", params={"by": "x"}).status_code == 422


def test_money_page(client):
    assert "3300元/户" in client.get("/money").text


# -- security -----------------------------------------------------------------------------------
def test_script_in_a_gazette_is_escaped_everywhere(client):
    did = doc_id(client, "恶政发〔2024〕1号")
    pages = [client.get(f"/documents/{did}").text, client.get("/", params={"q": "加强管理"}).text,
             client.get("/", params={"q": "补贴发放"}).text, client.get("/browse").text]
    issue = client.get(f"/api/documents/{did}").json()["issue_id"]
    pages.append(client.get(f"/issues/{issue}").text)
    for html in pages:
        assert "<script>alert" not in html and "<img src=x" not in html and "<b>原标准" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in pages[0]
    assert "&lt;img src=x onerror=alert(&#39;body&#39;)&gt;" in pages[0]


def test_script_in_a_query_is_escaped(client):
    q = '"><script>alert(1)</script><mark>'
    for path in ("/", "/tasks", "/appointments"):
        params = {"q": q} if path == "/" else {"unit": q, "person": q}
        html = client.get(path, params=params).text
        assert "<script>alert(1)" not in html, path
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html, path
    feed = client.get("/api/feed.atom", params={"q": q}).text
    assert "<script>" not in feed


def test_security_headers_and_no_file_reads_outside_the_library(client):
    r = client.get("/")
    assert "script-src 'self'" in r.headers["content-security-policy"]
    assert r.headers["x-content-type-options"] == "nosniff"
    for path in ("/static/../../../etc/passwd", "/static/%2e%2e/%2e%2e/pyproject.toml",
                 "/static/..%2f..%2fapi%2fapp.py",
                 "/api/docs/assets/../../../../etc/passwd", "/documents/..%2F..%2Fetc%2Fpasswd"):
        r = client.get(path)
        assert r.status_code == 404, path
        assert "root:" not in r.text and "def create_app" not in r.text
    assert client.get("/static/style.css").status_code == 200


def test_safe_snippet_keeps_only_marks():
    assert safe_snippet("a<mark>补贴</mark>&lt;b&gt;") == "a<mark>补贴</mark>&lt;b&gt;"
    assert safe_snippet("<script>x</script><mark>y</mark>") == "&lt;script&gt;x&lt;/script&gt;<mark>y</mark>"
    assert safe_snippet("<mark>open only") == "open only"


def test_layout_lines_marks_headings_title_and_signature():
    text = ("某县关于某事的通知\n某政发〔2024〕1号\n\n一、总体要求\n（一）基本原则\n2024年"
            "1月1日\n某县某某工作"
            "实施方案\n第三条 本办法自发布之日起施行。")
    cls = {line["n"]: line["cls"] for line in layout_lines(text, 10,
                                                           {"title": [10], "doc_number": [11], "date": [15]})}
    assert cls == {10: "title", 11: "docnum", 12: "blank", 13: "h2", 14: "h3", 15: "sign", 16: "subtitle",
                   17: "art"}
