"""Chinese full-text search over a gongbao library."""

from gongbao.search.engine import Hit, SearchResult, ranked, search
from gongbao.search.query import ParsedQuery, parse_query

__all__ = ["Hit", "ParsedQuery", "SearchResult", "parse_query", "ranked", "search"]
