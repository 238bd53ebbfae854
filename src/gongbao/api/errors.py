"""Errors as JSON with a clear message (API) or a small HTML page (web), never a traceback."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any, Callable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from gongbao.store.base import LibraryError

log = logging.getLogger("gongbao.api")


class ApiError(Exception):
    """A request that cannot be answered: status code and one sentence saying why."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
        self.message = message


def _param_problem(err: dict[str, Any]) -> dict[str, Any]:
    loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
    name = ".".join(loc) or "request"
    out: dict[str, Any] = {"param": name, "message": err.get("msg", "invalid value")}
    if "input" in err and isinstance(err["input"], (str, int, float)) and err["input"] != {}:
        text = str(err["input"])
        out["value"] = text if len(text) <= 80 else text[:80] + "…"
    return out


def validation_message(problems: list[dict[str, Any]]) -> str:
    parts = []
    for p in problems:
        got = f" (got {p['value']!r})" if "value" in p else ""
        parts.append(f"parameter '{p['param']}': {p['message']}{got}")
    return "invalid request: " + "; ".join(parts)


HtmlRenderer = Callable[[Request, int, str], Response]


def install(app: FastAPI, html: HtmlRenderer | None = None) -> None:
    """Register the handlers. Paths under /api get JSON; pages get ``html(request, status, message)``."""

    def respond(request: Request, status: int, message: str, details: list[dict[str, Any]] | None = None) -> Response:
        if html is not None and not request.url.path.startswith("/api"):
            return html(request, status, message)
        return JSONResponse({"error": message, "status": status, "details": details or []}, status_code=status)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = [_param_problem(e) for e in exc.errors()]
        return respond(request, 422, validation_message(problems), problems)

    @app.exception_handler(ApiError)
    async def _api(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, exc.message)

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such page: {request.url.path}"
        elif exc.status_code == 405:
            message = f"method {request.method} is not allowed here (the library is read-only)"
        return respond(request, exc.status_code, message)

    @app.exception_handler(LibraryError)
    async def _library(request: Request, exc: LibraryError) -> Response:  # e.g. the index damaged meanwhile
        return respond(request, 503, str(exc))

    @app.exception_handler(sqlite3.DatabaseError)
    async def _damaged(request: Request, exc: sqlite3.DatabaseError) -> Response:
        from gongbao.store.health import database_error

        path = getattr(request.app.state.reader, "path", "library")
        return respond(request, 503, str(database_error(path, exc)))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:  # pragma: no cover - a bug
        log.exception("unexpected error on %s", request.url.path)
        return respond(request, 500, f"internal error ({type(exc).__name__}); the request was not completed")
