"""Ranked search over a library: candidates from the bigram index, idf-weighted term coverage.

1. The query is parsed into 文号 and terms (gongbao.search.query): jieba words without
   question words, with equivalents from data/search_synonyms.txt (住建局 = 住房和城乡建设局)
   and, for everyday words, the official terms they stand for (data/everyday_terms.tsv:
   烧煤 -> 燃煤 散煤; gongbao.search.vocabulary), which earn BRIDGE_WEIGHT of the word's weight.
2. Each term's document frequency (of any of its forms) gives it an idf weight. A term found
   nowhere is dropped when the query still has at least twice as many words found as typed (a
   question); otherwise it stays and the query returns nothing (地铁建设: 地铁 nowhere, 建设
   everywhere). Single characters never carry a match alone. A term carrying more than half of
   the query's weight must occur; the rest are optional.
3. BM25 in the index (title > 文号/issuer/section > body) picks the best CANDIDATES (for a very
   common expression in a large library, among the documents added last first; all of them when
   too few of those hold the query: Repository.match_candidates); they are
   re-scored by coverage (share of the query's idf weight the document holds; kept when
   >= MIN_COVERAGE), terms in the title (two-character terms only when on jieba word
   boundaries of the title: 化工 is not in 一体化工作), the query's phrases as typed (a passage
   pasted with its particles too, when the library holds it), and for a compound typed without
   spaces (森林火灾), its words near each other.
4. A 文号 in the query puts the document with that number first, then documents that mention
   it (its parts adjacent in the index; in a large library where its bigrams are everywhere,
   the documents whose parsed citations name it).
5. The total and the facets count the documents found (_answer_counts); counts, and the
   documents holding a rare term, are kept with the library's state for the next queries.
"""

from __future__ import annotations

import html
import itertools
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from gongbao.match import Filters, Match, Phrase, all_of, any_of
from gongbao.search.backend import Repository
from gongbao.search.query import ParsedQuery, parse_query
from gongbao.text.searchform import OffsetMap, norm

MIN_COVERAGE = 0.5
EXACT_DF = 10_000  # a term whose bigrams allow more matches than this: its df is that bound
CANDIDATES = 200
HOLDERS_MAX = 1500  # a term in at most this many documents: they are listed to tell which candidates hold it
COUNT_ROWS = 2000  # documents of an answer listed to count it with filters or proximity, and for its facets
PHRASE_MIN_HITS = 10  # a phrase found as typed this often is the query (the same on every page)
MAX_SUBSETS = 64  # combinations of terms that reach the coverage counted in the index, at most
MENTION_SCAN_MAX = 15_000  # a 文号 whose bigrams allow more matches: citing documents from the store
SNIPPET_CHARS = 110


@dataclass
class Hit:
    id: str
    doc_number: str | None
    title: str | None
    issuer: str | None
    date: str | None
    doc_type: str | None
    section: str | None
    region: str | None
    source: str
    start_line: int
    score: float
    snippet: str  # matched terms wrapped in <mark>…</mark>, the rest HTML-escaped
    line: int | None = None  # input line where the snippet starts
    matched: list[str] = field(default_factory=list)


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit]
    page: int = 1
    limit: int = 10
    terms: list[str] = field(default_factory=list)
    doc_numbers: list[str] = field(default_factory=list)
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    unindexed: int = 0  # documents stored but not yet searchable (an ingest running or interrupted)
    total_exact: bool = True  # False: ``total`` is a lower bound ("2,000+"); search(exact=True) counts all
    facets_over: int = 0  # how many of the documents found the facet counts cover (all of them: total)

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query, "total": self.total, "total_exact": self.total_exact,
            "facets_over": self.facets_over, "page": self.page, "limit": self.limit,
            "unindexed": self.unindexed,
            "terms": self.terms, "doc_numbers": self.doc_numbers,
            "hits": [asdict(h) for h in self.hits],
            "facets": {k: [{"value": v, "count": c} for v, c in vals] for k, vals in self.facets.items()},
        }


def _idf(n: int, df: int) -> float:
    return math.log(1 + (n - df + 0.5) / (df + 0.5))


class _LibraryCounts:
    """Document counts and frequencies of one library state, shared by every query in this
    process until an ingest changes the library: counting a common term's matches is the
    costliest step of a search in a large library."""

    MAX_TERMS = 50_000
    MAX_LISTED = 500_000  # row ids kept in ``holders``, at most (~30 MB)

    def __init__(self) -> None:
        self.state: tuple | None = None
        self.n = 0
        self.df: dict[Match, int] = {}  # a term's document frequency (exact, or a bound: EXACT_DF)
        self.counts: dict[Match, int] = {}  # exact counts of matches
        self.exists: dict[Match, bool] = {}
        self.answers: dict[tuple, Any] = {}  # (query, filters, rows listed) -> _Found
        # the documents holding a term found in at most HOLDERS_MAX (_Stats.holders): which
        # candidates hold it is then known without asking the index again
        self.holders: OrderedDict[Match, frozenset[int]] = OrderedDict()
        self.listed = 0

    def keep_holders(self, m: Match, rowids: frozenset[int]) -> None:
        self.holders[m] = rowids
        self.listed += len(rowids)
        while self.listed > self.MAX_LISTED:
            self.listed -= len(self.holders.popitem(last=False)[1])

    MAX_ANSWERS = 1024

    def of(self, repo: Repository) -> "_LibraryCounts":
        state = repo.state()
        if state != self.state or len(self.df) > self.MAX_TERMS:
            self.state, self.n, self.df, self.exists, self.answers = state, repo.count_documents(), {}, {}, {}
            self.counts = {}
            self.holders, self.listed = OrderedDict(), 0
        return self


_COUNTS: dict[tuple, _LibraryCounts] = {}


def _counts(repo: Repository) -> _LibraryCounts:
    key = (type(repo).__name__, str(getattr(repo, "path", id(repo))))
    return _COUNTS.setdefault(key, _LibraryCounts()).of(repo)


class _Stats:
    """Document frequencies of query terms (each term with its equivalents and the official
    terms an everyday word stands for)."""

    def __init__(self, repo: Repository):
        self.repo = repo
        self.shared = _counts(repo)
        self.n = max(self.shared.n, 1)
        self.forms: dict[str, list[str]] = {}  # every form of a term
        self.own: dict[str, list[str]] = {}  # the term and its equivalents, without the bridge
        self._df: dict[str, int] = {}

    def expr(self, term: str) -> Match | None:
        return any_of([Phrase(f) for f in self.forms.get(term, [term]) if f])

    def found_as_typed(self, term: str) -> bool:
        """Is the term itself (or an equivalent) in the library, not only what it stands for?"""
        if term not in self.own or self.own[term] == self.forms.get(term, [term]):
            return self.df(term) > 0
        m = any_of([Phrase(f) for f in self.own[term]])
        if m not in self.shared.exists:
            self.shared.exists[m] = m is not None and self.repo.match_exists(m)
        return self.shared.exists[m]

    def df(self, term: str) -> int:
        if term not in self._df:
            m = self.expr(term)
            if m is None:
                self._df[term] = 0
            elif m in self.shared.df:
                self._df[term] = self.shared.df[m]
            else:
                c = self.repo.match_estimate(m)
                if 0 < c <= EXACT_DF:  # (an estimate of 0 is exact: some bigram is nowhere)
                    c = self.count(m)
                self._df[term] = self.shared.df[m] = c
        return self._df[term]

    def count(self, m: Match) -> int:
        """How many documents match ``m`` (kept with the library's counts)."""
        if m not in self.shared.counts:
            self.shared.counts[m] = self.repo.match_count(m)
        return self.shared.counts[m]

    def holders(self, m: Match) -> frozenset[int] | None:
        """The documents holding ``m`` when it is counted and found in few (listing them costs
        less than asking the index which of 200 candidates hold it), else None."""
        shared = self.shared
        if m not in shared.holders and shared.counts.get(m, HOLDERS_MAX + 1) <= HOLDERS_MAX:
            _, rows = self.repo.match_set(m, HOLDERS_MAX) if shared.counts[m] else (0, frozenset())
            if rows is not None:
                shared.keep_holders(m, rows)
        return shared.holders.get(m)

    def rough_idf(self, term: str) -> float:
        """The term's idf from its count when this query has it, else from the index statistics
        (an upper bound of its count, read at no cost): enough to place a snippet."""
        if term in self._df:
            return _idf(self.n, self._df[term])
        m = self.expr(term)
        return _idf(self.n, self.repo.match_estimate(m) if m is not None else 0)

    def exists(self, term: str) -> bool:
        """Is the term anywhere? Asked of pieces that might be glued together (煤/改电): the
        first match answers, no counting, unless the term can only be in few documents (then
        its count, which the query will want, answers)."""
        m = self.expr(term)
        if m is None:
            return False
        if m not in self.shared.exists:
            if m in self.shared.df:
                self.shared.exists[m] = self.shared.df[m] > 0
            elif (bound := self.repo.match_estimate(m)) <= HOLDERS_MAX:
                self.shared.exists[m] = bound > 0 and self.count(m) > 0
            else:
                self.shared.exists[m] = self.repo.match_exists(m)
        return self.shared.exists[m]


def _prepare(repo: Repository, query: str) -> tuple[_Stats, ParsedQuery]:
    stats = _Stats(repo)
    pq = parse_query(query, stats.exists)
    stats.forms = {t: pq.all_forms(t) for t in pq.terms if len(pq.all_forms(t)) > 1}
    stats.own = {t: pq.forms(t) for t in pq.bridged}
    stats._df = {t: c for t, c in stats._df.items() if t not in stats.forms}  # counted without equivalents
    return stats, pq


def search(repo: Repository, query: str, filters: Filters | None = None, page: int = 1, limit: int = 10,
           sort: str = "relevance", exact: bool = False) -> SearchResult:
    """One page of hits, with the number of documents found and facet counts over them. Both
    are exact up to COUNT_ROWS documents, and beyond when the index can count the answer itself
    (no filters, no compound to keep together); otherwise ``total`` is a lower bound
    (``total_exact`` False) and the facets cover the first COUNT_ROWS (``facets_over``), unless
    ``exact``: then every document found is counted (slower for very common words)."""
    page = max(1, page)
    limit = max(1, min(limit, 100))
    stats, pq = _prepare(repo, query)
    res = SearchResult(query=query, total=0, hits=[], page=page, limit=limit, terms=pq.terms,
                       doc_numbers=pq.doc_numbers, unindexed=repo.unindexed())
    plan = _plan(repo, stats, pq, filters)
    k = max(CANDIDATES, page * limit * 3)
    scored, _ = _rank(repo, stats, pq, plan, filters, k, page * limit)
    found = _answer_counts(repo, stats, pq, plan, filters, exact, scored if k == CANDIDATES else None)
    res.total, res.total_exact = found.total, found.exact
    res.facets, res.facets_over = found.facets, found.over
    if not scored:
        return res
    if sort == "date":
        dates = repo.documents([r for r, _ in scored])
        scored.sort(key=lambda x: (dates[x[0]].date or ""), reverse=True)
    rows = scored[(page - 1) * limit : page * limit]
    docs = repo.documents([r for r, _ in rows])  # the page's, not every candidate's (~0.7 ms for 200)
    texts = repo.texts([r for r, _ in rows])
    weights = {t: plan.weights[t] if t in plan.weights else stats.rough_idf(t) for t in pq.terms}
    for rowid, score in rows:
        d = docs[rowid]
        text = texts.get(rowid, "")
        snippet, line, matched = make_snippet(text, norm(text), pq, weights, d.span_start)
        res.hits.append(Hit(id=d.doc_id, doc_number=d.doc_number, title=d.title, issuer=d.issuer, date=d.date,
                            doc_type=d.doc_type, section=d.section, region=d.region, source=d.source,
                            start_line=d.start_line, score=round(score, 4), snippet=snippet, line=line,
                            matched=matched))
    return res


def ranked(repo: Repository, query: str, filters: Filters | None = None, cap: int = 1000,
           sort: str = "relevance") -> list[int]:
    """Row ids of every document a search finds (up to ``cap``) in its order, not one page:
    for exports and feeds."""
    stats, pq = _prepare(repo, query)
    scored, _ = _rank(repo, stats, pq, _plan(repo, stats, pq, filters), filters, cap)
    rowids = [r for r, _ in scored[:cap]]
    if sort == "date":
        docs = repo.documents(rowids)
        rowids.sort(key=lambda r: docs[r].date or "" if r in docs else "", reverse=True)
    return rowids


@dataclass
class _Plan:
    """What a query asks of the library, the same on every page: the documents bearing its 文号
    (listed first), its terms with their weights, and what the index is asked for."""

    exact: list[int]
    terms: list[str]
    weights: dict[str, float]
    must: list[str] = field(default_factory=list)  # terms a document must hold
    core: Match | None = None  # the terms as an index expression (required ones, the rest boosting)
    expr: Match | None = None  # core, or a mention of the query's 文号: the candidates
    mentions: Match | None = None  # a 文号 alone: the documents mentioning it
    citing: list[int] | None = None  # ... from parsed citations, when its bigrams are everywhere
    compound: list[str] | None = None  # the query is one compound: its words must occur together

    @property
    def total_w(self) -> float:
        return sum(self.weights.values())


def _plan(repo: Repository, stats: _Stats, pq: ParsedQuery, filters: Filters | None) -> _Plan:
    exact: list[int] = []
    for num in pq.doc_numbers:
        exact += [r for r in repo.filter_rowids(repo.rowids_by_number(num), filters) if r not in exact]
    terms = _query_terms(pq, stats)
    plan = _Plan(exact, terms, {t: _idf(stats.n, stats.df(t)) for t in terms})
    if terms and plan.total_w > 0:
        _plan_terms(plan, stats, pq)
    elif pq.doc_numbers:
        _plan_mentions(plan, repo, pq, filters)
    return plan


def _query_terms(pq: ParsedQuery, stats: _Stats) -> list[str]:
    """The terms searched: those found (or all, _tolerate_absent), or the phrase as typed when it
    is found often enough to be the query."""
    if _one_phrase(pq, pq.terms, stats):  # (its words need not be counted then)
        return [pq.phrases[0]]
    terms = _tolerate_absent(pq.terms, stats)
    return [pq.phrases[0]] if _one_phrase(pq, terms, stats) else terms


def _one_phrase(pq: ParsedQuery, terms: list[str], stats: _Stats) -> bool:
    return len(pq.groups) == 1 and set(pq.groups[0]) >= set(terms) and len(pq.phrases[0]) >= 5 \
        and stats.df(pq.phrases[0]) >= PHRASE_MIN_HITS


def _plan_terms(plan: _Plan, stats: _Stats, pq: ParsedQuery) -> None:
    """The terms a document must hold (more than half the weight), the index expression of the
    candidates, and whether the query is one compound."""
    terms = plan.terms
    plan.must = [t for t in terms if plan.weights[t] > (1 - MIN_COVERAGE) * plan.total_w]
    present = [t for t in terms if stats.df(t) > 0]
    # single characters never carry a match alone when the query has words
    carried = any(_meaningful(t) for t in present) or not any(_meaningful(t) for t in terms)
    if present and carried and all(stats.df(t) > 0 for t in plan.must):
        required = [m for t in plan.must if (m := stats.expr(t))]
        optional = [m for t in present if t not in plan.must and (m := stats.expr(t))]
        plan.core = all_of(required, boost=optional) if required else any_of(optional)
        # a 文号 next to words: documents mentioning it too
        plan.expr = any_of([plan.core, *(Phrase(norm(n)) for n in pq.doc_numbers)]) if plan.core else None
    if len(pq.groups) == 1 and set(pq.groups[0]) >= set(terms) and _compound(pq.groups[0]):
        plan.compound = pq.groups[0]


def _plan_mentions(plan: _Plan, repo: Repository, pq: ParsedQuery, filters: Filters | None) -> None:
    """A 文号 alone: the documents that mention it."""
    expr = any_of([Phrase(norm(n)) for n in pq.doc_numbers])
    if expr is not None and repo.match_estimate(expr) > MENTION_SCAN_MAX:
        # its bigrams are everywhere (digits, 政办发): finding every mention would read much
        # of the index; the documents whose parsed citations name it are in the store
        citing = [r for n in pq.doc_numbers for r in repo.rowids_citing(n)]
        plan.citing = repo.filter_rowids(list(dict.fromkeys(citing)), filters)
    else:
        plan.mentions = expr


def _rank(repo: Repository, stats: _Stats, pq: ParsedQuery, plan: _Plan, filters: Filters | None,
          k: int, min_hits: int = 10) -> tuple[list[tuple[int, float]], bool]:
    """The documents found among the best ``k`` candidates, best first, and whether those
    candidates were every match."""
    scored: dict[int, float] = {}
    cands: list[tuple[int, float]] = []
    if plan.expr is not None:
        # in a large library the candidates may come from the documents added last
        # (Repository.match_candidates); when too few of them hold enough of the query, all
        for recent_first in (True, False) if repo.ranks_recent_first(plan.expr) else (False,):
            cands = repo.match_candidates(plan.expr, filters, k, recent_first=recent_first)
            scored = _rescore(repo, stats, cands, pq, plan.terms, plan.weights, plan.total_w, set(plan.must),
                              max(40, 2 * min_hits))
            if len(scored) >= min_hits or len(cands) < k:
                break
    elif plan.citing is not None:
        scored = {r: 1.0 for r in plan.citing}
    elif plan.mentions is not None:
        cands = repo.match_candidates(plan.mentions, filters, k)
        scored = dict(cands)
    complete = len(cands) < k
    if not plan.exact and not scored:
        return [], complete
    top = max(scored.values(), default=1.0)
    out = [(r, top * 2 + 10 - i) for i, r in enumerate(plan.exact)]
    out += sorted(((r, s) for r, s in scored.items() if r not in plan.exact), key=lambda x: -x[1])
    return out, complete


@dataclass
class _Found:
    total: int
    exact: bool  # False: total is a lower bound
    rowids: list[int]  # the documents found (all of them, or the first ``limit``)
    facets: dict[str, list[tuple[Any, int]]] = field(default_factory=dict)
    over: int = 0  # documents the facets count


def _answer_counts(repo: Repository, stats: _Stats, pq: ParsedQuery, plan: _Plan, filters: Filters | None,
                   exact: bool, sample: list[tuple[int, float]] | None = None) -> _Found:
    """Total and facets of a search, kept with the library's counts until it changes (paging
    through an answer counts it once). An answer larger than COUNT_ROWS that the index counts
    by itself is not listed: its facets count the best CANDIDATES documents (``sample``: the
    first page's ranking, when at hand)."""
    shared = stats.shared
    limit = None if exact else COUNT_ROWS
    key = (pq.text, repr(filters), limit)
    found = shared.answers.get(key)
    if found is None:
        found = _count(repo, stats, pq, plan, filters, limit)
        listed = found.rowids
        if not listed and found.total:
            listed = [r for r, _ in (sample if sample is not None else _rank(repo, stats, pq, plan, filters,
                                                                             CANDIDATES)[0])]
        in_store, found.facets = repo.facet_counts(listed)
        stored = set(in_store)
        if found.exact and len(found.rowids) == found.total and len(stored) < found.total:
            found.total = len(stored)  # index entries of documents replaced meanwhile
        found.rowids = [r for r in found.rowids if r in stored]
        found.over = len(stored)
        if len(shared.answers) >= shared.MAX_ANSWERS:
            shared.answers.clear()
        shared.answers[key] = found
    return found


def _count(repo: Repository, stats: _Stats, pq: ParsedQuery, plan: _Plan, filters: Filters | None,
           limit: int | None) -> _Found:
    """How many documents the search finds: those _rank would find among every match, counted
    by the index where it can (the coverage rule as combinations of terms), from listed
    documents where filters or a compound's proximity must be checked on them (at most
    ``limit``, None: all)."""
    if plan.citing is not None:
        rows = list(dict.fromkeys(plan.exact + plan.citing))
        return _Found(len(rows), True, rows[:limit] if limit else rows)
    m = plan.mentions if plan.mentions is not None else _covering(plan, stats, pq)
    if m is None and plan.core is not None:  # the coverage rule is too many combinations: rank them all
        scored, complete = _rank(repo, stats, pq, plan, filters, limit or 10**9)
        return _Found(len(scored), complete, [r for r, _ in scored])
    if m in (None, _NOTHING):
        rows, complete = [], True
    else:
        unfiltered = filters is None or not filters.any()
        if limit is not None and unfiltered and not plan.compound:
            n = stats.count(m)  # every match counts: the index says how many
            if n > limit:
                others = len(set(plan.exact) - repo.match_among(m, plan.exact)) if plan.exact else 0
                return _Found(n + others, True, [])
        held = stats.holders(m) if unfiltered else None  # (a one-term query's, listed by the re-scorer)
        rows, complete = (sorted(held), True) if held is not None else repo.match_rowids(m, filters, limit)
    if plan.compound:
        rows = _together(repo, pq, plan.compound, rows)
    rows = list(dict.fromkeys(plan.exact + rows))
    return _Found(len(rows), complete, rows)


_NOTHING = Phrase("")  # _covering: no document can hold enough of the query


def _covering(plan: _Plan, stats: _Stats, pq: ParsedQuery) -> Match | None:
    """The documents that hold enough of the query (MIN_COVERAGE of its weight, as _rescore
    asks) as one index expression: combinations of the terms, the required ones always, whose
    weights make up enough. An everyday word counts fully as typed and BRIDGE_WEIGHT through the
    official terms it stands for, as in _rescore. _NOTHING when no document can; None when there
    is nothing to match, or too many combinations (MAX_SUBSETS)."""
    if plan.core is None:
        return None
    w, total = plan.weights, plan.total_w
    negligible = {t for t in plan.terms if t not in plan.must and w[t] <= NEGLIGIBLE * total}
    need = MIN_COVERAGE * total - sum(w[t] for t in negligible) - 1e-9
    levels = {t: _levels(t, w[t], stats, pq) for t in plan.terms
              if t not in negligible and (t in plan.must or stats.df(t) > 0)}
    others = [t for t in levels if t not in plan.must]
    chosen: list[dict[str, int]] = []  # term -> level (0: as typed; 1: through the bridge)
    for size in range(len(others) + 1):
        for combo in itertools.combinations(others, size):
            terms = [*plan.must, *combo]
            # weakest levels first: a combination they satisfy makes its stronger forms needless
            for pick in itertools.product(*(range(len(levels[t]) - 1, -1, -1) for t in terms)):
                req = dict(zip(terms, pick))
                if sum(levels[t][k][0] for t, k in req.items()) < need or \
                        any(all(t in req and req[t] <= k for t, k in c.items()) for c in chosen):
                    continue
                chosen.append(req)
                if len(chosen) > MAX_SUBSETS:
                    return None
    enough = any_of([c for req in chosen
                     if (c := all_of([e for t, k in req.items() if (e := levels[t][k][1])]))])
    return _NOTHING if enough is None else enough


def _levels(term: str, weight: float, stats: _Stats, pq: ParsedQuery) -> list[tuple[float, Match | None]]:
    """What holding a term is worth, and the index expression for it: the term (or an
    equivalent) as typed; for an everyday word also any of its forms, at BRIDGE_WEIGHT."""
    if term not in pq.bridged:
        return [(weight, stats.expr(term))]
    return [(weight, any_of([Phrase(f) for f in pq.forms(term)])), (BRIDGE_WEIGHT * weight, stats.expr(term))]


def _together(repo: Repository, pq: ParsedQuery, group: list[str], rowids: list[int]) -> list[int]:
    """The documents among ``rowids`` that do not hold every word of the compound apart from
    each other (as _rescore drops them)."""
    texts = repo.search_texts(rowids)
    keep = []
    for r in rowids:
        title, body = texts.get(r, ("", ""))
        holds_all = all(any(f in title or f in body for f in pq.all_forms(t)) for t in group)
        if not holds_all or _near(group, pq, title) or _near(group, pq, body):
            keep.append(r)
    return keep


def _tolerate_absent(terms: list[str], stats: _Stats) -> list[str]:
    """Drop terms found nowhere when the rest of the query still says enough.

    A question names more than it needs (煤改电每户补贴多少钱: the text says 元/户, not 每户);
    a topic query does not (地铁建设: without 地铁 only 建设 is left). A single character found
    nowhere is dropped (it can neither carry a match nor stop one). Absent words are dropped when
    at least two meaningful terms (not single characters) are found as typed, not only through
    the official terms they stand for, and they outnumber the absent ones two to one; otherwise
    they stay, and being required, make the query return nothing (台风来了怎么防: 台风 nowhere,
    来 and 防 everywhere; 彩票中奖要交税吗: 中奖 nowhere, 交税 only as 税收).
    """
    terms = [t for t in terms if _meaningful(t) or stats.df(t) > 0]
    present = [t for t in terms if stats.df(t) > 0]
    absent = len(terms) - len(present)
    typed = [t for t in present if _meaningful(t) and stats.found_as_typed(t)]
    if absent and len(typed) >= 2 and 2 * absent <= len(typed):
        return present
    return terms


def _meaningful(term: str) -> bool:
    """Can this term carry a match? Not a single character: one character of a query is in most
    documents (来, 防), and a query whose words are found nowhere must not match on it."""
    return len(term) > 1


NEGLIGIBLE = 0.02  # share of a query's weight below which a term's presence is not checked
BRIDGE_WEIGHT = 0.6  # share of an everyday word's weight earned by an official term it stands for
NEAR_CHARS = 12  # words of a compound typed without spaces must start within this distance


def _rescore(repo: Repository, stats: _Stats, cands: list[tuple[int, float]], pq: ParsedQuery,
             terms: list[str], weights: dict[str, float], total_w: float,
             must: set[str], top: int = 40) -> dict[int, float]:
    """Coverage, title and phrase bonuses for the candidates, from index look-ups and titles;
    document text is read only for compounds that need proximity."""
    if not cands:
        return {}
    r = _Rescorer(repo, stats, pq, terms, weights, total_w, must, [rowid for rowid, _ in cands])
    kept = r.covering(cands)
    apart = _apart(repo, [rowid for rowid, _, _ in kept], pq, r.titles, r.contains, r.in_phrase)
    out = r.scores(kept, apart)
    r.demote_split_words(out, top)
    return out


class _Rescorer:
    """What the candidates of one ranking hold of the query: the terms (or their equivalents, or
    the official terms an everyday word stands for) in their titles, texts and typed phrases."""

    def __init__(self, repo: Repository, stats: _Stats, pq: ParsedQuery, terms: list[str],
                 weights: dict[str, float], total_w: float, must: set[str], ids: list[int]):
        self.repo, self.pq, self.terms, self.ids = repo, pq, terms, ids
        self.stats = stats
        self.weights, self.total_w, self.must = weights, total_w, must
        self.titles = {r: t for r, (t, _) in repo.search_texts(ids, body=False).items()}
        self.forms = {t: pq.all_forms(t) for t in terms}
        self.in_title = {r: {t: f for t in terms if (f := self.found(t, title))}  # term -> form in the title
                         for r, title in self.titles.items()}
        # a document holding a typed phrase holds each of its words as typed: only the other
        # candidates are asked for them (a pasted sentence is one phrase of many words)
        self.in_phrase = {p: self._members(Phrase(p)) for p in pq.phrases}
        self.typed = {t: set().union(*(self.in_phrase[p] for p, g in zip(pq.phrases, pq.groups) if t in g))
                      for t in terms}
        # a term in most documents (a one-character fragment) weighs next to nothing: not worth
        # asking the index which candidates hold it
        self.negligible = {t for t in terms if t not in must and weights[t] <= NEGLIGIBLE * total_w}
        self.has = {t: self._holding(stats.expr(t), t) for t in terms
                    if t not in must and t not in self.negligible}
        # an everyday word found as typed earns more than the official terms it stands for
        self.own = {t: self._holding(any_of([Phrase(f) for f in pq.forms(t)]), t)
                    for t in terms if t in pq.bridged and t not in self.negligible}
        self.crossing: dict[int, list[str]] = {}  # two-character terms found in a title
        self.bonuses: dict[int, float] = {}

    def _members(self, m: Match | None, among: list[int] | None = None) -> set[int]:
        among = self.ids if among is None else among
        if m is None or not among:
            return set()
        holders = self.stats.holders(m)
        return {r for r in among if r in holders} if holders is not None else self.repo.match_among(m, among)

    def _holding(self, m: Match | None, t: str) -> set[int]:
        return self.typed[t] | self._members(m, [r for r in self.ids if r not in self.typed[t]])

    def found(self, t: str, text: str) -> str | None:
        return next((f for f in self.forms[t] if f in text), None)

    def credit(self, t: str, r: int) -> float:
        """How much of term t's weight document r earns: 1 for the term (or an equivalent),
        BRIDGE_WEIGHT for only an official term the everyday word stands for, else 0."""
        if t in self.negligible:
            return 1.0
        in_title = self.in_title[r].get(t)
        if not (t in self.must or in_title or r in self.has.get(t, ())):
            return 0.0  # (a word left out of the query because it is found nowhere: not in has)
        # own forms come first in self.forms: one of them in the title is the form found there
        if t not in self.pq.bridged or in_title in self.pq.forms(t) or r in self.own[t]:
            return 1.0
        return BRIDGE_WEIGHT

    def contains(self, t: str, r: int) -> bool:
        return self.credit(t, r) > 0

    def covering(self, cands: list[tuple[int, float]]) -> list[tuple[int, float, float]]:
        """(row id, BM25, coverage) of the candidates holding MIN_COVERAGE of the query's weight."""
        kept = []
        for rowid, bm in cands:
            if rowid in self.titles:
                cov = sum(self.weights[t] * self.credit(t, rowid) for t in self.terms) / self.total_w
                if cov >= MIN_COVERAGE:
                    kept.append((rowid, bm, cov))
        return kept

    def scores(self, kept: list[tuple[int, float, float]], apart: dict[int, int]) -> dict[int, float]:
        """BM25 weighed by coverage, the terms in the title, the phrases as typed, compounds apart."""
        pq = self.pq
        only_compound = (len(pq.groups) == 1 and set(pq.groups[0]) >= set(self.terms)
                         and _compound(pq.groups[0]))
        out: dict[int, float] = {}
        for rowid, bm, cov in kept:
            if apart.get(rowid) and only_compound:
                continue  # the query is one two-word compound (森林火灾): its words must occur together
            title = self.titles[rowid]
            in_title = self.in_title[rowid]
            self.crossing[rowid] = [t for t, f in in_title.items() if len(f) == 2]
            earned = [self.weights[t] * (1.0 if f in pq.forms(t) else BRIDGE_WEIGHT)
                      for t, f in in_title.items()]
            bonus = 1.0 + 1.5 * sum(earned) / self.total_w
            if any(p in title for p in pq.phrases):
                bonus += 0.5
            elif any(rowid in s for s in self.in_phrase.values()):
                bonus += 0.25
            self.bonuses[rowid] = bonus
            # +1: BM25 is ~0 for a term in most documents; coverage and title still rank then
            out[rowid] = (bm + 1.0) * cov * cov * bonus * (0.3 ** apart.get(rowid, 0))
        return out

    def demote_split_words(self, out: dict[int, float], top: int) -> None:
        """Two-character terms in a title across a word boundary (化工 in 一体化工作) lose the
        title credit: the index holds each title's jieba words; checked for the first pages only."""
        first = sorted(out, key=out.get, reverse=True)[:top]
        crossing, in_title = self.crossing, self.in_title
        forms = {(t, in_title[r][t]) for r in first for t in crossing.get(r, [])}
        aligned = {f: self.repo.title_word_among(f, [r for r in first if t in crossing.get(r, [])])
                   for t, f in forms if f}
        for rowid in first:
            wrong = [t for t in crossing.get(rowid, []) if rowid not in aligned.get(in_title[rowid][t], ())]
            if wrong:
                b = self.bonuses[rowid]
                lost = 1.5 * sum(self.weights[t] for t in wrong) / self.total_w
                out[rowid] *= 0.5 ** len(wrong) * (b - lost) / b


def _apart(repo: Repository, rowids: list[int], pq: ParsedQuery, titles: dict[int, str],
           contains: Callable[[str, int], bool], in_phrase: dict[str, set[int]]) -> dict[int, int]:
    """For each document, how many typed compounds holding all their words it has only apart:
    a document holding the compound as typed has them together; otherwise proximity is read
    in the title, else in the text (read only for those documents)."""
    check = [(r, g) for r in rowids for p, g in zip(pq.phrases, pq.groups)
             if r not in in_phrase[p] and all(contains(t, r) for t in g) and not _near(g, pq, titles[r])]
    reading = list(dict.fromkeys(r for r, _ in check))
    bodies = {r: b for r, (_, b) in repo.search_texts(reading).items()} if reading else {}
    apart: dict[int, int] = {}
    for r, g in check:
        if not _near(g, pq, bodies.get(r, "")):
            apart[r] = apart.get(r, 0) + 1
    return apart


def _near(group: list[str], pq: ParsedQuery, text: str) -> bool:
    """Do the words of one typed compound occur close together in ``text``?"""
    where = []
    for t in group:
        pos = [m for f in pq.all_forms(t) for m in _positions(f, text)]
        if not pos:
            return False
        where.append(pos)
    return _within(where, NEAR_CHARS * max(1, len(group) - 1))


def _compound(group: list[str]) -> bool:
    """Two words typed as one (森林火灾, 地铁建设): a concept, not a list of wishes."""
    return len(group) == 2 and len("".join(group)) <= 6


def _positions(term: str, text: str, cap: int = 200) -> list[int]:
    out = []
    i = text.find(term)
    while i >= 0 and len(out) < cap:
        out.append(i)
        i = text.find(term, i + 1)
    return out


def _within(where: list[list[int]], span: int) -> bool:
    """Is there one position from each list, all within ``span`` characters?"""
    events = sorted((p, k) for k, ps in enumerate(where) for p in ps)
    last: dict[int, int] = {}
    for p, k in events:
        last[k] = p
        if len(last) == len(where) and p - min(last.values()) <= span:
            return True
    return False


def make_snippet(text: str, normed: str, pq: ParsedQuery, weights: dict[str, float],
                 span_start: int) -> tuple[str, int | None, list[str]]:
    """A window of the text around the best cluster of matched terms, terms in <mark>.

    ``normed`` is norm(text); matches are found there and mapped back.
    """
    if not text:
        return "", None, []
    spans = _spans(normed, _needles(pq, weights))
    found = {s[2] for s in spans}
    matched = [t for t in pq.terms if any(f in found for f in pq.all_forms(t))]
    lo = _best_window(spans)
    hi = min(len(normed), lo + SNIPPET_CHARS)
    to_orig = OffsetMap(text, hi)
    o_lo = to_orig(lo) if lo < len(normed) else len(text)
    o_hi = to_orig(hi - 1) + 1 if hi > 0 else 0
    flags = bytearray(o_hi - o_lo)
    for a, b, _, _ in spans:
        if lo <= a and b <= hi:
            first, last = to_orig(a) - o_lo, to_orig(b - 1) - o_lo
            flags[first : last + 1] = b"\x01" * (last + 1 - first)  # spaces inside a match stay marked
    snippet = " ".join(_marked(text, o_lo, flags).split())
    prefix = "…" if o_lo > 0 else ""
    suffix = "…" if o_hi < len(text) else ""
    return prefix + snippet + suffix, span_start + text.count("\n", 0, o_lo), matched


Span = tuple[int, int, str, float]  # start, end, needle, weight in the search form of a text


def _needles(pq: ParsedQuery, weights: dict[str, float]) -> list[tuple[str, float]]:
    """What to mark: every form of each term with its weight (an official term an everyday word
    stands for earns BRIDGE_WEIGHT of it), the 文号 most, a run typed as one (a passage pasted)
    as much as its words together; one weight per text, the highest."""
    needles = [(f, weights.get(t, 1.0) * (1.0 if f in pq.forms(t) else BRIDGE_WEIGHT))
               for t in pq.terms for f in pq.all_forms(t)] + [(norm(n), 5.0) for n in pq.doc_numbers]
    needles += [(p, sum(weights.get(t, 1.0) for t in g)) for p, g in zip(pq.phrases, pq.groups)]
    return list({f: w for f, w in sorted(needles, key=lambda x: x[1])}.items())


def _spans(normed: str, needles: list[tuple[str, float]]) -> list[Span]:
    """Where each needle occurs (its first 50 places), in order."""
    spans: list[Span] = []
    for t, w in needles:
        i = normed.find(t) if t else -1
        n = 0
        while i >= 0 and n < 50:
            spans.append((i, i + len(t), t, w))
            i = normed.find(t, i + len(t))
            n += 1
    return sorted(spans)


def _best_window(spans: list[Span]) -> int:
    """The start of the window of SNIPPET_CHARS holding the most weight of different needles
    (windows starting 20 characters before a match; two pointers)."""
    lo, best_score = 0, -1.0
    inside: Counter[str] = Counter()  # matches of each needle in the window
    score, j = 0.0, -1
    for i, (a, _, _, _) in enumerate(spans):
        if i:
            gone = spans[i - 1]
            inside[gone[2]] -= 1
            if not inside[gone[2]]:
                score -= gone[3]
        while j + 1 < len(spans) and spans[j + 1][0] < a + SNIPPET_CHARS - 20:
            j += 1
            if not inside[spans[j][2]]:
                score += spans[j][3]
            inside[spans[j][2]] += 1
        if score > best_score + 1e-9:
            lo, best_score = max(0, a - 20), score
    return lo


def _marked(text: str, o_lo: int, flags: bytearray) -> str:
    """text[o_lo : o_lo + len(flags)] HTML-escaped, the flagged runs in <mark>."""
    pieces: list[str] = []
    start = o_lo
    for run in _FLAGGED.finditer(flags):
        a, b = o_lo + run.start(), o_lo + run.end()
        pieces += [html.escape(text[start:a], quote=False),
                   f"<mark>{html.escape(text[a:b], quote=False)}</mark>"]
        start = b
    pieces.append(html.escape(text[start : o_lo + len(flags)], quote=False))
    return "".join(pieces)


_FLAGGED = re.compile(rb"\x01+")
