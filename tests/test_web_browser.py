"""The web app in a real browser (Debian's chromium through playwright), screenshots in tests/artifacts/.

search -> facet -> open a document -> follow a citation -> back to the issue, on a desktop and
a phone-sized screen, with JavaScript on, and reading without JavaScript.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote

import pytest

from liveserver import CHROMIUM_ARGS, live_server
from system import CHROMIUM, needs
from weblib import build_library

pytestmark = [pytest.mark.browser, needs("chromium")]
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture(scope="module")
def browser():
    from playwright import sync_api
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    with live_server(build_library(tmp_path_factory.mktemp("browser"))) as url:
        yield url


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("device, viewport", [("desktop", {"width": 1280, "height": 900}),
                                              ("phone", {"width": 390, "height": 844})])
def test_search_facet_document_citation_issue(browser, base_url, device, viewport):
    context = browser.new_context(viewport=viewport, locale="zh-CN")
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    page.goto(base_url + "/")
    page.fill(".big-search input[name=q]", "清洁取暖")
    page.press(".big-search input[name=q]", "Enter")
    page.wait_for_url("**/?q=*")
    assert page.locator(".hit").count() >= 3
    assert page.locator(".hit mark").count() > 0
    shot(page, f"{device}-1-search")

    if device == "phone":  # facets start folded on a small screen
        page.click(".facet-box > summary")
    page.click("[data-facet=year] a:text-is('2024')")
    page.wait_for_url("**year=2024*")
    assert "清洁取暖" in unquote(page.url) and page.locator(".chip").count() == 1
    titles = page.locator(".hit h2 a").all_inner_texts()
    assert titles and all("冬季清洁取暖规划》的通知" not in t for t in titles)
    shot(page, f"{device}-2-facet")

    page.click(".hit h2 a:has-text('农村清洁取暖补贴实施办法')")
    page.wait_for_url("**/documents/*")
    assert page.locator("h1").inner_text().endswith("补贴实施办法》的通知")
    assert page.locator(".meta-panel").inner_text().count("青政发〔2024〕7号") == 1
    shot(page, f"{device}-3-document")

    page.click("#cites a:has-text('青政发〔2023〕15号')")
    page.wait_for_url("**/documents/*")
    assert "冬季清洁取暖规划" in page.locator("h1").inner_text()
    assert page.locator("#cites .unresolved", has_text="鲁政发〔2019〕3号").count() == 1
    shot(page, f"{device}-4-cited")

    page.click(".crumbs a")
    page.wait_for_url("**/issues/*")
    assert page.locator(".masthead h1").inner_text() == "青禾县人民政府公报"
    assert "2023年第4期" in page.locator(".masthead").inner_text()
    assert page.locator(".toc-list a").count() == 1
    shot(page, f"{device}-5-issue")
    assert problems == []
    context.close()


def test_line_anchor_and_reading_without_javascript(browser, base_url):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1000, "height": 800})
    page = context.new_page()
    page.goto(base_url + "/api/documents?doc_number=青政发[2024]7号")
    did = page.locator("body").inner_text().split('"id":"')[1][:12]
    page.goto(f"{base_url}/documents/{did}#L53")
    line = page.locator("#L53")
    assert "3300元" in line.inner_text()
    # the :target highlight
    assert line.evaluate("e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    box = line.bounding_box()
    assert box and 0 <= box["y"] <= 800  # scrolled into view
    page.screenshot(path=str(ARTIFACTS / "nojs-line-anchor.png"))
    page.goto(base_url + "/?q=补贴&sort=date")
    assert page.locator(".hit").count() >= 1
    context.close()


def test_injected_script_does_not_run(browser, base_url):
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(base_url + "/?q=" + "加强管理<script>alert('q')</script>")
    page.click(".hit h2 a")
    page.wait_for_url("**/documents/*")
    assert "<script>alert('title')</script>" in page.locator("h1").inner_text()
    page.goto(base_url + "/browse")
    assert dialogs == []
    context.close()


def test_api_docs_render_offline(browser, base_url):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(base_url + "/api/docs")
    page.wait_for_selector(".opblock", timeout=20000)
    assert page.locator(".opblock").count() >= 11
    page.screenshot(path=str(ARTIFACTS / "api-docs.png"))
    context.close()
