"""Chinese full-text search over a gongbao library."""

from gongbao.search.engine import Hit, SearchResult, search
from gongbao.search.query import ParsedQuery, parse_query

__all__ = ["Hit", "ParsedQuery", "SearchResult", "parse_query", "search"]
