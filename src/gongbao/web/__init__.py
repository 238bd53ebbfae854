"""The web app: server-rendered pages over a library (see gongbao.web.pages)."""
