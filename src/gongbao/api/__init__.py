"""REST API (FastAPI) over a gongbao library; `create_app` also mounts the web app."""

from gongbao.api.app import create_app

__all__ = ["create_app"]
