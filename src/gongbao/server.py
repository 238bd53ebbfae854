"""The served app, assembled: the REST API (gongbao.api) under /api, the web pages (gongbao.web)
everywhere else, over one library opened read-only; and how `gongbao serve` starts it.

The API and the pages are siblings that know nothing of each other: both ask the query layer
(gongbao.query) through ``library(request)``; the errors it raises are answered here, as JSON
under /api and as a page elsewhere.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import gongbao
from gongbao import api, web
from gongbao.query import BadParameter, NotFound, ResultCache
from gongbao.store.base import LibraryError
from gongbao.store.health import database_error
from gongbao.store.shared import SharedLibrary, open_for_reading

log = logging.getLogger("gongbao.server")
ENV = "GONGBAO_SERVE_DB"
STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI starts itself with an inline script
DOCS_CSP = STRICT_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'")


def create_app(db: str | os.PathLike[str], cache_size: int = 1024) -> FastAPI:
    """The app over the library file ``db``, opened read-only (LibraryError, one line, when it
    cannot be served). ``cache_size`` answers to searches are kept until the library changes."""
    app = FastAPI(
        title="gongbao API",
        version=gongbao.__version__,
        description="Read-only access to a library of Chinese government gazettes (政府公报): search, "
                    "documents with their metadata, text and extracted facts, citations, issues, feeds. "
                    "Errors are JSON: {\"error\": message, \"status\": code, \"details\": [...]}.",
        openapi_url="/api/openapi.json",
        docs_url=None,
        redoc_url=None,
    )
    app.state.library = SharedLibrary(Path(db))
    app.state.search_cache = ResultCache(cache_size)
    app.include_router(api.router)
    app.include_router(web.router)
    app.mount("/static", StaticFiles(directory=web.STATIC), name="static")
    install_errors(app)
    _mount_docs(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        docs = request.url.path.startswith("/api/docs")
        response.headers.setdefault("Content-Security-Policy", DOCS_CSP if docs else STRICT_CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    return app


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI at /api/docs from the swagger-ui-bundle package (no CDN: works offline)."""
    try:
        from swagger_ui_bundle import swagger_ui_path
    except ImportError:  # pragma: no cover - a dependency; without it /api/openapi.json still works
        return
    app.mount("/api/docs/assets", StaticFiles(directory=swagger_ui_path), name="swagger")

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url="/api/openapi.json", title="gongbao API",
                                   swagger_js_url="/api/docs/assets/swagger-ui-bundle.js",
                                   swagger_css_url="/api/docs/assets/swagger-ui.css",
                                   swagger_favicon_url="/api/docs/assets/favicon-32x32.png")


# -- errors: JSON under /api, a page elsewhere, never a traceback ---------------------------------------
def _param_problem(err: dict[str, Any]) -> dict[str, Any]:
    loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
    out: dict[str, Any] = {"param": ".".join(loc) or "request", "message": err.get("msg", "invalid value")}
    if "input" in err and isinstance(err["input"], (str, int, float)):
        text = str(err["input"])
        out["value"] = text if len(text) <= 80 else text[:80] + "…"
    return out


def validation_message(problems: list[dict[str, Any]]) -> str:
    parts = []
    for p in problems:
        got = f" (got {p['value']!r})" if "value" in p else ""
        parts.append(f"parameter '{p['param']}': {p['message']}{got}")
    return "invalid request: " + "; ".join(parts)


def respond(request: Request, status: int, message: str,
            details: list[dict[str, Any]] | None = None) -> Response:
    if not request.url.path.startswith("/api"):
        return web.error_page(request, status, message)
    return JSONResponse({"error": message, "status": status, "details": details or []}, status_code=status)


def _http_message(request: Request, exc: StarletteHTTPException) -> str:
    message = exc.detail if isinstance(exc.detail, str) else "request failed"
    if exc.status_code == 404 and message == "Not Found":
        return f"no such page: {request.url.path}"
    if exc.status_code == 405:
        return f"method {request.method} is not allowed here (the library is read-only)"
    return message


def install_errors(app: FastAPI) -> None:
    """Answer every error in one sentence: 422 for a bad parameter (naming it), 404 for what
    the library does not hold, 503 for a library that cannot be read now, 500 for a bug."""
    def invalid(request: Request, exc: RequestValidationError) -> Response:
        problems = [_param_problem(e) for e in exc.errors()]
        return respond(request, 422, validation_message(problems), problems)

    handlers: dict[type[Exception], Callable[[Request, Any], Response]] = {
        RequestValidationError: invalid,
        BadParameter: lambda rq, e: respond(rq, 422, str(e), [{"param": e.param, "message": str(e)}]),
        NotFound: lambda rq, e: respond(rq, 404, str(e)),
        StarletteHTTPException: lambda rq, e: respond(rq, e.status_code, _http_message(rq, e)),
        LibraryError: lambda rq, e: respond(rq, 503, str(e)),  # e.g. the index damaged meanwhile
        sqlite3.DatabaseError: lambda rq,
        e: respond(rq, 503, str(database_error(rq.app.state.library.path, e))),
    }
    for kind, handler in handlers.items():
        app.add_exception_handler(kind, handler)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:  # pragma: no cover - a bug
        log.exception("unexpected error on %s", request.url.path)
        return respond(request, 500, f"internal error ({type(exc).__name__}); the request was not completed")


# -- starting the server ------------------------------------------------------------------------------
def check_library(db: str | os.PathLike[str], upgrade: bool = False,
                  notify: Callable[[str], None] | None = None) -> None:
    """Raise LibraryError (one clear line) unless ``db`` is a library that can be served.

    Its search index is first repaired when it must be (gongbao.store.shared.open_for_reading:
    documents stored but not indexed after an interrupted ingest, a missing or damaged index),
    ``notify`` told each repair; with ``upgrade``, a library of an older gongbao is brought up
    to date. The server itself only reads.
    """
    if Path(db).is_file():
        try:
            open_for_reading(db, upgrade=upgrade, notify=notify).close()
        except LibraryError as e:
            if "older gongbao" in str(e):
                raise LibraryError(f"{e} (gongbao serve --upgrade)") from None
            raise
    SharedLibrary(Path(db)).close()


def app_factory_env(db: str | os.PathLike[str], cache_size: int = 1024) -> None:
    """Pass the settings to the app factory (uvicorn may call it in worker processes)."""
    os.environ[ENV] = str(Path(db).resolve())
    os.environ[ENV + "_CACHE"] = str(cache_size)


def app_from_env() -> FastAPI:
    app = create_app(os.environ[ENV], cache_size=int(os.environ.get(ENV + "_CACHE", "1024")))
    warm_up(app)
    return app


def warm_up(app: FastAPI) -> None:
    """Load the search engine's word lists and tables now, not during the first user's search."""
    from gongbao.search import search

    shared = app.state.library
    search(shared.get(), "公报 通知")
    shared.close()  # the connection belongs to this thread; request threads open their own
