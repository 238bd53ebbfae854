"""The ASGI application: REST API under /api, web pages everywhere else, one read-only library."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

import gongbao
from gongbao.api import errors
from gongbao.api.reader import Reader
from gongbao.api.routes import router
from gongbao.api.service import ResultCache

STRICT_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
# Swagger UI starts itself with an inline script
DOCS_CSP = STRICT_CSP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'").replace(
    "style-src 'self'", "style-src 'self' 'unsafe-inline'")


def create_app(db: str | os.PathLike[str], cache_size: int = 1024) -> FastAPI:
    """The app over the library file ``db``, opened read-only (raises LibraryMissing when absent).

    ``cache_size`` answers to searches are kept until the library changes (0: no cache).
    """
    reader = Reader(Path(db))
    reader.search_cache = ResultCache(cache_size)
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
    app.state.reader = reader
    app.include_router(router)

    from gongbao.web import pages

    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=pages.STATIC), name="static")
    errors.install(app, html=pages.error_page)
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
