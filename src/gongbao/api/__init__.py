"""The REST API under /api (FastAPI routes over gongbao.query); gongbao.server mounts it."""

from gongbao.api.routes import router

__all__ = ["router"]
