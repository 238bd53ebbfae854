"""Atom feeds of searches: subscribe to a topic, get its newest documents."""

from __future__ import annotations

import datetime
import re
from typing import Any
from xml.sax.saxutils import escape as xml_escape

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(text: str) -> str:
    """Text for XML 1.0, which has no control characters, even escaped."""
    return xml_escape(_XML_ILLEGAL.sub("", text))


def atom_feed(query: str, page: dict[str, Any], base_url: str, self_url: str, alternate: str) -> str:
    """An Atom feed of one page of a search sorted by date (gongbao.query.search)."""
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    dates = [h["date"] for h in page["hits"] if h.get("date")]
    out = ['<?xml version="1.0" encoding="utf-8"?>',
           '<feed xmlns="http://www.w3.org/2005/Atom">',
           f"<title>{_x('公报检索：' + query)}</title>",
           f"<id>{_x(self_url)}</id>",
           f'<link rel="self" href="{_x(self_url)}"/>',
           f'<link rel="alternate" type="text/html" href="{_x(base_url + alternate.lstrip("/"))}"/>',
           f"<updated>{f'{max(dates)}T00:00:00Z' if dates else now}</updated>",
           "<generator>gongbao</generator>"]
    for h in page["hits"]:
        out += _entry(h, base_url, now)
    out.append("</feed>")
    return "\n".join(out) + "\n"


def _entry(h: dict[str, Any], base_url: str, now: str) -> list[str]:
    link = f"{base_url}documents/{h['id']}"
    summary = " · ".join(v for v in (h["doc_number"], h["issuer"], h["date"]) if v)
    return ["<entry>",
            f"<title>{_x(h['title'] or h['doc_number'] or h['id'])}</title>",
            f'<link rel="alternate" type="text/html" href="{_x(link)}"/>',
            f"<id>{_x(link)}</id>",
            f"<updated>{h['date'] + 'T00:00:00Z' if h.get('date') else now}</updated>",
            f"<author><name>{_x(h['issuer'] or '未署名')}</name></author>",
            f'<summary type="html">{_x(summary + "<br/>" + h["snippet"])}</summary>',
            "</entry>"]
