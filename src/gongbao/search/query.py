"""Query parsing: user input -> 文号, terms and phrases (never raw SQL or index query syntax)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from gongbao.data import load_lines
from gongbao.docnum import find_doc_numbers
from gongbao.search.normalize import norm, word_runs

MAX_QUERY_CHARS = 200
MAX_TERMS = 24
_SPLIT = re.compile(r"[\s\u3000]+")
# 运盐政发[2024]10 typed without its 号
_NO_HAO = re.compile(r"[\u4e00-\u9fff]\s*[〔\[(（【［]\s*(?:19|20)\d\d\s*[〕\])）】］]\s*\d{1,5}(?![\d\s]*号)")


@dataclass
class ParsedQuery:
    text: str  # the query as used (control characters dropped, length capped)
    doc_numbers: list[str] = field(default_factory=list)  # canonical 文号 in the query
    terms: list[str] = field(default_factory=list)  # normalized terms, each matched as a substring
    phrases: list[str] = field(default_factory=list)  # normalized multi-term runs as typed
    groups: list[list[str]] = field(default_factory=list)  # the terms of each phrase
    dropped: list[str] = field(default_factory=list)  # question words left out
    variants: dict[str, list[str]] = field(default_factory=dict)  # term -> equivalents (itself first)

    def forms(self, term: str) -> list[str]:
        return self.variants.get(term, [term])


@lru_cache(maxsize=1)
def _stopwords() -> tuple[frozenset[str], tuple[str, ...]]:
    words = [norm(w) for w in load_lines("query_stopwords.txt")]
    multi = tuple(sorted((w for w in words if len(w) > 1), key=len, reverse=True))
    return frozenset(words), multi


@lru_cache(maxsize=1)
def _synonyms() -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for line in load_lines("search_synonyms.txt"):
        group = [norm(w) for w in line.split()]
        for w in group:
            out.setdefault(w, [w])
            out[w] += [x for x in group if x not in out[w]]
    return out


def variants_of(term: str) -> list[str]:
    """The term and its equivalents (data/search_synonyms.txt)."""
    return _synonyms().get(term, [term])


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    for w in _synonyms():  # keep 住建局, 跨境电商 … whole, so that their equivalents apply
        if len(w) > 1:
            jieba.add_word(w)
    return jieba


def title_words(normed_title: str) -> str:
    """The words of a title (jieba, search mode: 运城市人民政府 -> 运城 城市 运城市 人民 政府 人民政府 …),
    space-separated: a query word matches them as one index term, however common it is."""
    words = {w for w in _jieba().cut_for_search(normed_title) if len(w) > 1 and not w.isspace()}
    return " ".join(sorted(words))


def clean_query(q: str) -> str:
    q = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in (q or "")[: MAX_QUERY_CHARS * 2])
    return q.strip()[:MAX_QUERY_CHARS]


def parse_query(q: str, exists: Callable[[str], bool] | None = None) -> ParsedQuery:
    """Split a query into 文号 and terms.

    Terms come from jieba, without question words (data/query_stopwords.txt); a one-character
    piece that jieba split off is glued to its neighbour when the glued string occurs in the
    library (``exists``), so that 煤/改电 becomes 煤改电 and 钟/龙刚 becomes 钟龙刚.
    """
    text = clean_query(q)
    parsed = ParsedQuery(text=text)
    rest = text
    for d in find_doc_numbers(_NO_HAO.sub(r"\g<0>号", text)):
        if d.complete:
            parsed.doc_numbers.append(d.normalized)
            rest = rest.replace(d.raw, " ").replace(d.raw[:-1], " ")
    stop, multi = _stopwords()
    terms: list[str] = []
    for chunk in _SPLIT.split(rest):
        for run in word_runs(norm(chunk)):
            pieces = _segment(run, stop, multi, exists, parsed.dropped)
            terms += pieces
            if len(pieces) > 1 and "".join(pieces) == run and run not in parsed.phrases:  # typed as one
                parsed.phrases.append(run)
                parsed.groups.append(pieces)
    if not terms and parsed.dropped and not parsed.doc_numbers:
        terms = list(dict.fromkeys(parsed.dropped))  # a query of nothing but question words
        parsed.dropped = []
    parsed.terms = list(dict.fromkeys(terms))[:MAX_TERMS]
    parsed.variants = {t: variants_of(t) for t in parsed.terms if len(variants_of(t)) > 1}
    return parsed


def _segment(run: str, stop: frozenset[str], multi: tuple[str, ...],
             exists: Callable[[str], bool] | None, dropped: list[str]) -> list[str]:
    if len(run) <= 2:
        if run in stop:
            dropped.append(run)
            return []
        return [run]
    if run in _synonyms() or (exists is not None and len(run) <= 4 and run not in stop and exists(run)):
        return [run]  # a short run found as such in the library: one term (交城县, 钟龙刚)
    parts = [run]
    for w in multi:  # cut question words out first: 多少钱 must not leave 钱 behind
        nxt = []
        for p in parts:
            bits = p.split(w)
            if len(bits) > 1:
                dropped.append(w)
            nxt += [b for b in bits if b]
        parts = nxt
    words: list[str] = []
    for p in parts:
        for w in _jieba().lcut(p, HMM=True):
            if w in stop:
                dropped.append(w)
            elif w.strip():
                words.append(w)
    return _glue(words, exists)


def _glue(words: list[str], exists: Callable[[str], bool] | None) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        w = words[i]
        if len(w) == 1 and exists is not None:
            if i + 1 < len(words) and exists(w + words[i + 1]):
                out.append(w + words[i + 1])
                i += 2
                continue
            if out and exists(out[-1] + w):
                out[-1] = out[-1] + w
                i += 1
                continue
        out.append(w)
        i += 1
    return out
