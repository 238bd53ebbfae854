"""Gazette parsing: text -> Gazette (masthead, TOC, documents with metadata)."""

from __future__ import annotations

from gongbao.models import Gazette


def parse_gazette(text: str, source: str = "<text>") -> Gazette:
    raise NotImplementedError("parser lands in the next commit")
