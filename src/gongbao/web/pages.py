"""Server-rendered pages (Jinja2): search, document, issue, browse, tasks, appointments.

Everything is readable without JavaScript; every page's state is in its URL. Templates
autoescape all text; the only markup taken from data is <mark> in search snippets, rebuilt
here from escaped text.
"""

from __future__ import annotations

import html
import re
from collections import OrderedDict
from pathlib import Path
from typing import Annotated, Any, Optional
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from gongbao.api import service
from gongbao.api.errors import ApiError
from gongbao.api.reader import Reader
from gongbao.api.service import SearchParams

HERE = Path(__file__).parent
STATIC = HERE / "static"
templates = Jinja2Templates(directory=str(HERE / "templates"))
router = APIRouter(include_in_schema=False)

RELATIONS = {"basis": "依据", "implements": "印发/转发", "repeals": "废止", "amends": "修改", "refers": "参照", "mentions": "提及"}
ACTIONS = {"appoint": "任命", "remove": "免去", "other": "其他"}
MONEY_KINDS = {"subsidy": "补贴", "reward": "奖励", "fee": "收费", "fine": "罚款", "voucher": "消费券",
               "cap": "上限", "premium": "保费", "other": "其他"}
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


def reader(request: Request) -> Reader:
    return request.app.state.reader


R = Annotated[Reader, Depends(reader)]


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
def search_page(request: Request, rd: R, p: Annotated[SearchParams, Depends(service.page_search_params)]):
    if not p.q.strip():
        _, recent = rd.issues(limit=8)
        return render(request, "home.html", p=p, recent=recent, n_docs=rd.lib.count_documents(),
                      n_issues=rd.lib.count_issues(), unindexed=rd.lib.unindexed())
    res = service.run_search(rd, p)
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
_HEADING_RULES = [
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+[章节编]"), "h2"),
    (re.compile(r"^[一二三四五六七八九十]+[、．.]"), "h2"),
    (re.compile(r"^[（(][一二三四五六七八九十]+[）)]"), "h3"),
    (re.compile(r"^第[一二三四五六七八九十百零〇\d]+条"), "art"),
    (re.compile(r"^附件\s*\d*[:：]?"), "h3"),
]
_DOC_TITLE_END = re.compile(r"(方案|办法|规划|意见|细则|规定|规则|计划|措施|通知|决定|通告|公告|名单|标准|要点|制度|清单|目录)$")
_FIELD_CLASSES = {"title": "title", "issuer": "title", "doc_number": "docnum", "recipients": "recipients",
                  "signature": "sign", "date": "sign", "public": "sign"}


def layout_lines(rec: dict[str, Any]) -> list[dict[str, Any]]:
    """The document's text as numbered input lines, each with a class saying how to lay it out."""
    marks: dict[int, str] = {}
    for field, cls in _FIELD_CLASSES.items():
        for n in rec.get("lines", {}).get(field, []):
            marks.setdefault(n, cls)
    first = rec.get("span_start") or rec.get("start_line") or 1
    head_end = max([n for f in ("doc_number", "recipients", "title") for n in rec.get("lines", {}).get(f, [])],
                   default=first)
    out = []
    for i, text in enumerate((rec.get("text") or "").split("\n")):
        n = first + i
        stripped = text.strip()
        cls = marks.get(n)
        if cls is None:
            if not stripped:
                cls = "blank"
            else:
                cls = next((c for rx, c in _HEADING_RULES if rx.match(stripped)), "p")
                if cls == "p" and n > head_end and len(stripped) <= 40 and _DOC_TITLE_END.search(stripped) \
                        and not re.search(r"[，。；：,;]", stripped):
                    cls = "subtitle"
        out.append({"n": n, "text": text, "cls": cls})
    return out


def _doc_facts_lines(rec: dict[str, Any]) -> dict[int, list[str]]:
    """Line -> kinds of facts extracted from it (to mark them in the text)."""
    out: dict[int, list[str]] = {}
    for kind in ("citations", "tasks", "appointments", "money"):
        for item in rec.get(kind, []):
            if item.get("line"):
                out.setdefault(item["line"], []).append(kind)
    return out


@router.get("/documents/{key}", response_class=HTMLResponse)
def document_page(request: Request, rd: R, key: str):
    key = key.strip()
    rowid = rd.document_rowid(key) if len(key) == 12 else None
    if rowid is None:
        ids = []
        try:
            ids = service.documents_by_number(rd, key)
        except ApiError:
            pass
        if ids:  # /documents/运盐政发[2024]10号 -> the document's stable URL
            return RedirectResponse(f"/documents/{ids[0]['id']}", status_code=303)
        raise ApiError(404, f"这个库里没有编号为“{key}”的文件")
    rec = service.document(rd, rowid)
    cit = service.citations(rd, rowid, rec)
    issue = rd.issue(rec["issue_id"]) if rec.get("issue_id") else None
    return render(request, "document.html", d=rec, cit=cit, lines=layout_lines(rec), issue=issue,
                  fact_lines=_doc_facts_lines(rec), today=service.today())


# -- issues and browsing ------------------------------------------------------------------------
@router.get("/issues/{issue_id}", response_class=HTMLResponse)
def issue_page(request: Request, rd: R, issue_id: str):
    issue = rd.issue(issue_id)
    if issue is None:
        raise ApiError(404, f"这个库里没有编号为“{issue_id}”的期刊")
    sections: list[tuple[str | None, list[dict[str, Any]]]] = []
    for entry in issue["toc"]:
        if not sections or sections[-1][0] != entry["section"]:
            sections.append((entry["section"], []))
        sections[-1][1].append(entry)
    in_toc = {e["document"] for e in issue["toc"] if e["document"]}
    others = [d for d in issue["documents"] if d["id"] not in in_toc]
    return render(request, "issue.html", issue=issue, sections=sections, others=others)


@router.get("/browse", response_class=HTMLResponse)
def browse_page(
    request: Request, rd: R,
    region: Annotated[Optional[str], Query(max_length=200)] = None,
    publisher: Annotated[Optional[str], Query(max_length=200)] = None,
    year: Annotated[Optional[int], Query(ge=1900, le=2100)] = None,
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
):
    limit = 30
    total, issues = rd.issues(region=region or None, publisher=publisher or None, year=year, page=page, limit=limit)
    state = {"region": region or None, "publisher": publisher or None, "year": year}

    def url(**changes: Any) -> str:
        s = {**state, **changes}
        items = [(k, str(v)) for k, v in s.items() if v is not None and v != "" and not (k == "page" and v == 1)]
        return "/browse" + ("?" + urlencode(items) if items else "")

    counts = rd.browse_counts()
    groups = [(label, name, state[name], [(v, c, url(**{name: v, "page": 1})) for v, c in counts[name]],
               url(**{name: None, "page": 1}))
              for name, label in (("region", "地区"), ("publisher", "主办单位"), ("year", "年份"))]
    return render(request, "browse.html", issues=issues, total=total, groups=groups,
                  pages=_page_links(page, (total + limit - 1) // limit, lambda n: url(page=n)))


# -- extracted facts ----------------------------------------------------------------------------
@router.get("/tasks", response_class=HTMLResponse)
def tasks_page(
    request: Request, rd: R,
    unit: Annotated[Optional[str], Query(max_length=100)] = None,
    overdue: Annotated[Optional[bool], Query()] = None,
):
    rows = service.tasks(rd, unit or None, None, None, overdue)
    names = service.unit_names(unit)
    groups: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
    for r in rows:
        lead = r.get("lead") or []
        every = list(dict.fromkeys([*lead, *(r.get("units") or [])])) or ["（未注明单位）"]
        for u in every:
            if unit and not any(n in u for n in names):
                continue
            groups.setdefault(u, []).append({**r, "role": "牵头" if u in lead else "责任"})
    ordered = sorted(groups.items(), key=lambda kv: (-sum(x["overdue"] for x in kv[1]), -len(kv[1]), kv[0]))
    index = [(u, len(ts), sum(t["overdue"] for t in ts)) for u, ts in ordered]
    show_index = not unit and overdue is None and len(rows) > 40  # a long list: pick a unit first
    return render(request, "tasks.html", groups=[] if show_index else ordered, index=index, show_index=show_index,
                  unit=unit or "", overdue=overdue, total=len(rows), today=service.today())


@router.get("/appointments", response_class=HTMLResponse)
def appointments_page(
    request: Request, rd: R,
    person: Annotated[Optional[str], Query(max_length=50)] = None,
    organ: Annotated[Optional[str], Query(max_length=100)] = None,
    by: Annotated[str, Query(pattern="^(person|organ)$")] = "person",
):
    rows = service.appointments(rd, person or None, organ or None, None)
    groups: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()
    for r in rows:
        key = r["person"] if by == "person" else (r.get("organ") or "（未注明机关）")
        groups.setdefault(key, []).append(r)
    return render(request, "appointments.html", groups=list(groups.items()), person=person or "",
                  organ=organ or "", by=by, total=len(rows))


@router.get("/money", response_class=HTMLResponse)
def money_page(
    request: Request, rd: R,
    unit: Annotated[Optional[str], Query(max_length=20)] = None,
    kind: Annotated[Optional[str], Query(max_length=20)] = None,
):
    rows = rd.lib.query_money(unit=unit or None, kind=kind or None)
    return render(request, "money.html", rows=rows[:500], total=len(rows), unit=unit or "", kind=kind or "")
