"""Server-rendered pages (Jinja2): search, document, issue, browse, tasks, appointments.

Everything is readable without JavaScript; every page's state is in its URL. Templates
autoescape all text; the only markup taken from data is <mark> in search snippets, rebuilt
here from escaped text.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Optional
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from gongbao import query
from gongbao.models import Action, MoneyKind, Relation
from gongbao.parse.patterns import doc_type_of
from gongbao.query import Catalog, NotFound, QueryError, SearchParams
from gongbao.store.records import AppointmentRow, DocumentRecord, TocLink
from gongbao.text.chars import ARTICLE_MARK, CHAPTER_MARK, SECTION_MARK, SUBSECTION_MARK

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)

# what the vocabularies of gongbao.models read as on the pages (one label for each value)
RELATIONS: dict[Relation, str] = {"basis": "依据", "implements": "印发/转发", "repeals": "废止",
                                  "amends": "修改",
                                  "refers": "参照", "mentions": "提及"}
ACTIONS: dict[Action, str] = {"appoint": "任命", "remove": "免去", "other": "其他"}
MONEY_KINDS: dict[MoneyKind, str] = {"subsidy": "补贴", "reward": "奖励", "fee": "收费", "fine": "罚款",
                                     "voucher": "消费券", "cap": "上限", "premium": "保费", "other": "其他"}
FACET_LABELS = OrderedDict([("issuer", "发文机关"), ("region", "地区"), ("year", "年份"),
                            ("doc_type", "文种"), ("section", "栏目")])
FILTER_LABELS = {**FACET_LABELS, "date_from": "起始日期", "date_to": "截止日期"}


def safe_snippet(snippet: str | None) -> Markup:
    """A search snippet as markup: only <mark>…</mark> survives, all other text is escaped."""
    parts = re.split(r"(</?mark>)", snippet or "")
    out = []
    for part in parts:
        if part in ("<mark>", "</mark>"):
            out.append(part)
        else:
            out.append(html.escape(html.unescape(part), quote=False))
    text = "".join(out)
    if text.count("<mark>") != text.count("</mark>"):  # unbalanced: show as plain text
        text = html.escape(html.unescape(re.sub(r"</?mark>", "", snippet or "")), quote=False)
    return Markup(text)


def money_amount(v: float | None) -> str:
    if v is None:
        return ""
    if v >= 10000 and v % 10000 == 0:
        return f"{v / 10000:g}万元"
    return f"{v:g}元"


templates.env.filters.update(
    snippet=safe_snippet, relation=lambda r: RELATIONS.get(r or "", r or ""),
    action=lambda a: ACTIONS.get(a or "", a or ""), money_kind=lambda k: MONEY_KINDS.get(k or "", k or ""),
    yuan=money_amount, urlq=lambda s: quote(str(s), safe=""))
templates.env.globals.update(facet_labels=FACET_LABELS, filter_labels=FILTER_LABELS)


def library(request: Request) -> Catalog:
    return request.app.state.library.get()


L = Annotated[Catalog, Depends(library)]


def asked(p: Annotated[SearchParams, Depends()]) -> SearchParams:
    return p.check()


Asked = Annotated[SearchParams, Depends(asked)]


def render(request: Request, name: str, status: int = 200, **ctx: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, name, ctx, status_code=status)


def error_page(request: Request, status: int, message: str) -> Response:
    titles = {404: "找不到页面", 422: "请求参数有误", 405: "不支持的操作", 503: "文件库暂时无法使用"}
    return render(request, "error.html", status=status, status_code=status,
                  heading=titles.get(status, "出错了"), message=message)


def _page_links(page: int, pages: int, url) -> list[tuple[str, str | None]]:
    """Pagination: (label, url or None for the current page / a gap)."""
    if pages <= 1:
        return []
    nums = sorted({1, pages, *range(max(1, page - 2), min(pages, page + 2) + 1)})
    out: list[tuple[str, str | None]] = []
    if page > 1:
        out.append(("上一页", url(page - 1)))
    prev = 0
    for n in nums:
        if n - prev > 1:
            out.append(("…", None))
        out.append((str(n), None if n == page else url(n)))
        prev = n
    if page < pages:
        out.append(("下一页", url(page + 1)))
    return out


# -- search -------------------------------------------------------------------------------------
@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, lib: L, p: Asked):
    if not p.q.strip():
        home = query.overview(lib)
        return render(request, "home.html", p=p, recent=home.recent, n_docs=home.documents,
                      n_issues=home.issues,
                      unindexed=home.unindexed)
    res = query.search(lib, p, request.app.state.search_cache)
    facets = []
    for name, label in FACET_LABELS.items():
        active = getattr(p, name)
        values = [(v, c, p.url(**{name: v, "page": 1})) for v, c in
                  ((x["value"], x["count"]) for x in res["facets"].get(name, []))]
        if values or active is not None:
            facets.append({"name": name, "label": label, "vals": values, "active": active,
                           "clear": p.url(**{name: None, "page": 1})})
    chips = [(FILTER_LABELS[k], v, p.url(**{k: None, "page": 1})) for k, v in p.active_filters().items()]
    feed = "/api/feed.atom?" + urlencode(p.url_items(sort="relevance", page=1))
    export = "/api/export?" + urlencode(p.url_items(page=1))
    return render(request, "search.html", p=p, res=res, facets=facets, chips=chips,
                  pages=_page_links(p.page, res["pages"], lambda n: p.url(page=n)),
                  sort_links=[(label, p.url(sort=s, page=1), s == p.sort)
                              for s, label in (("relevance", "按相关度"), ("date", "按日期"))],
                  feed=feed, export=export, first=(p.page - 1) * p.limit + 1, exact_url=p.url(exact=True))


# -- documents ----------------------------------------------------------------------------------
_HEADING_RULES = [(re.compile(f"^{mark}"), cls) for mark, cls in (
    (CHAPTER_MARK, "h2"), (SECTION_MARK, "h2"), (SUBSECTION_MARK, "h3"), (ARTICLE_MARK, "art"),
    (r"附件\s*\d*[:：]?", "h3"))]
_FIELD_CLASSES = {"title": "title", "issuer": "title", "doc_number": "docnum", "recipients": "recipients",
                  "signature": "sign", "date": "sign", "public": "sign"}


def layout_lines(text: str, first: int, field_lines: dict[str, list[int]]) -> list[dict[str, Any]]:
    """A document's text (its first line is input line ``first``) as numbered input lines, each
    with a class saying how to lay it out; ``field_lines``: the lines of its fields (title …)."""
    marks: dict[int, str] = {}
    for field, cls in _FIELD_CLASSES.items():
        for n in field_lines.get(field, []):
            marks.setdefault(n, cls)
    head_end = max([n for f in ("doc_number", "recipients", "title") for n in field_lines.get(f, [])],
                   default=first)
    out = []
    for i, text in enumerate(text.split("\n")):
        n = first + i
        stripped = text.strip()
        cls = marks.get(n)
        if cls is None:
            if not stripped:
                cls = "blank"
            else:
                cls = next((c for rx, c in _HEADING_RULES if rx.match(stripped)), "p")
                if cls == "p" and n > head_end and len(stripped) <= 40 and doc_type_of(stripped) \
                        and not re.search(r"[，。；：,;]", stripped):
                    cls = "subtitle"  # the title of a text the document issues (附件: …实施方案)
        out.append({"n": n, "text": text, "cls": cls})
    return out


def _doc_facts_lines(rec: DocumentRecord) -> dict[int, list[str]]:
    """Line -> kinds of facts extracted from it (to mark them in the text)."""
    out: dict[int, list[str]] = {}
    for kind in ("citations", "tasks", "appointments", "money"):
        for item in getattr(rec, kind):
            if item.line:
                out.setdefault(item.line, []).append(kind)
    return out


@router.get("/documents/{key}", response_class=HTMLResponse)
def document_page(request: Request, lib: L, key: str):
    try:
        rec = query.document(lib, key)
    except NotFound:
        raise NotFound(f"这个库里没有编号为“{key.strip()}”的文件") from None
    if rec.id != key.strip().lower():  # /documents/运盐政发[2024]10号 -> the document's stable URL
        return RedirectResponse(f"/documents/{rec.id}", status_code=303)
    lines = layout_lines(rec.text or "", rec.span_start or rec.start_line or 1, rec.lines)
    return render(request, "document.html", d=rec, cit=rec, lines=lines, issue=rec.issue,
                  fact_lines=_doc_facts_lines(rec), today=query.today())


# -- issues and browsing ------------------------------------------------------------------------
@router.get("/issues/{issue_id}", response_class=HTMLResponse)
def issue_page(request: Request, lib: L, issue_id: str):
    try:
        issue = query.issue(lib, issue_id)
    except NotFound:
        raise NotFound(f"这个库里没有编号为“{issue_id}”的期刊") from None
    sections: list[tuple[str | None, list[TocLink]]] = []
    for entry in issue.toc:
        if not sections or sections[-1][0] != entry.section:
            sections.append((entry.section, []))
        sections[-1][1].append(entry)
    in_toc = {e.document for e in issue.toc if e.document}
    others = [d for d in issue.documents if d.id not in in_toc]
    return render(request, "issue.html", issue=issue, sections=sections, others=others)


@router.get("/browse", response_class=HTMLResponse)
def browse_page(
    request: Request, lib: L,
    region: Annotated[Optional[str], Query(max_length=200)] = None,
    publisher: Annotated[Optional[str], Query(max_length=200)] = None,
    year: Annotated[Optional[int], Query(ge=1900, le=2100)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
):
    limit = 30
    total, issues = query.issues(lib, region=region, publisher=publisher, year=year, page=page, limit=limit)
    state = {"region": region or None, "publisher": publisher or None, "year": year}

    def url(**changes: Any) -> str:
        s = {**state, **changes}
        items = [(k, str(v)) for k, v in s.items() if v is not None and v != ""
                 and not (k == "page" and v == 1)]
        return "/browse" + ("?" + urlencode(items) if items else "")

    counts = lib.issue_counts()
    groups = [(label, name, state[name], [(v, c, url(**{name: v, "page": 1})) for v, c in counts[name]],
               url(**{name: None, "page": 1}))
              for name, label in (("region", "地区"), ("publisher", "主办单位"), ("year", "年份"))]
    return render(request, "browse.html", issues=issues, total=total, groups=groups,
                  pages=_page_links(page, (total + limit - 1) // limit, lambda n: url(page=n)))


# -- extracted facts ----------------------------------------------------------------------------
@router.get("/tasks", response_class=HTMLResponse)
def tasks_page(
    request: Request, lib: L,
    unit: Annotated[Optional[str], Query(max_length=100)] = None,
    overdue: Annotated[Optional[bool], Query()] = None,
):
    rows = query.tasks(lib, unit, overdue=overdue)
    names = query.unit_names(unit)
    groups: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
    for r in rows:
        every = list(dict.fromkeys([*r.lead, *r.units])) or ["（未注明单位）"]
        for u in every:
            if names and not any(n in u for n in names):
                continue
            groups.setdefault(u, []).append({**asdict(r), "role": "牵头" if u in r.lead else "责任"})
    ordered = sorted(groups.items(), key=lambda kv: (-sum(x["overdue"] for x in kv[1]), -len(kv[1]), kv[0]))
    index = [(u, len(ts), sum(x["overdue"] for x in ts)) for u, ts in ordered]
    show_index = not names and overdue is None and len(rows) > 40  # a long list: pick a unit first
    return render(request, "tasks.html", groups=[] if show_index else ordered, index=index,
                  show_index=show_index,
                  unit=unit or "", overdue=overdue, total=len(rows), today=query.today())


@router.get("/appointments", response_class=HTMLResponse)
def appointments_page(
    request: Request, lib: L,
    person: Annotated[Optional[str], Query(max_length=50)] = None,
    organ: Annotated[Optional[str], Query(max_length=100)] = None,
    by: Annotated[str, Query(pattern="^(person|organ)$")] = "person",
):
    rows = query.appointments(lib, person, organ)
    groups: OrderedDict[str, list[AppointmentRow]] = OrderedDict()
    for r in rows:
        key = r.person if by == "person" else (r.organ or "（未注明机关）")
        groups.setdefault(key, []).append(r)
    return render(request, "appointments.html", groups=list(groups.items()), person=person or "",
                  organ=organ or "", by=by, total=len(rows))


@router.get("/money", response_class=HTMLResponse)
def money_page(
    request: Request, lib: L,
    unit: Annotated[Optional[str], Query(max_length=20)] = None,
    kind: Annotated[Optional[str], Query(max_length=20)] = None,
):
    try:
        rows = query.money(lib, unit, kind or None)
    except QueryError:
        rows = []  # a kind the form does not offer: nothing of that kind
    return render(request, "money.html", rows=rows[:500], total=len(rows), unit=unit or "", kind=kind or "")
