"""The web app: server-rendered pages over a library (gongbao.web.pages); gongbao.server mounts it."""

from gongbao.web.pages import STATIC, error_page, router

__all__ = ["STATIC", "error_page", "router"]
