"""The vocabulary a query is read with, loaded from data files (gongbao/data):

- question_words.txt: words that shape a question (怎么, 多少, 哪些, 吗 …): never a search term;
- query_stopwords.txt: words too general to pick documents (政策, 规定, 有关 …): left out of a
  query that says more, searched when they are all it says;
- search_synonyms.txt: equivalents (住建局 = 住房和城乡建设局), matched as the user's own word
  (loaded with the search form, gongbao.text.searchform: the index's title words keep them whole);
- everyday_terms.tsv: the bridge from everyday words to the terms 公文 use (看病 -> 就医 医疗保险),
  matched with a lower weight than the user's own words (gongbao.search.engine.BRIDGE_WEIGHT).
  Every pair was written here; a thesaurus measured as a second source did not help (README.md,
  "Everyday words").
"""

from __future__ import annotations

from functools import lru_cache

from gongbao.data import load_lines
from gongbao.text.searchform import norm

BRIDGE = True  # benchmarks/search_judged.py --no-bridge measures the search without it


@lru_cache(maxsize=1)
def question_words() -> frozenset[str]:
    return frozenset(norm(w) for w in load_lines("question_words.txt"))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(norm(w) for w in load_lines("query_stopwords.txt"))


@lru_cache(maxsize=1)
def multi_char_question_words() -> tuple[str, ...]:
    """Question words of two or more characters, longest first: cut out of a query before it is
    segmented, so that 多少钱 leaves no 钱 behind."""
    return tuple(sorted((w for w in question_words() if len(w) > 1), key=len, reverse=True))


@lru_cache(maxsize=1)
def everyday_terms() -> dict[str, tuple[str, ...]]:
    """everyday_terms.tsv: everyday phrase -> official terms."""
    out: dict[str, tuple[str, ...]] = {}
    for line in load_lines("everyday_terms.tsv"):
        phrase, _, terms = line.partition("\t")
        key = norm(phrase)
        if key and terms.strip():
            out[key] = tuple(dict.fromkeys(norm(t) for t in terms.split() if norm(t) != key))
    return out


def bridge_keys() -> frozenset[str]:
    """Every everyday phrase of the bridge (none when it is switched off)."""
    return _keys() if BRIDGE else frozenset()


@lru_cache(maxsize=1)
def _keys() -> frozenset[str]:
    return frozenset(everyday_terms())


def bridge_of(term: str) -> list[str]:
    """The official terms a query term stands for (not the term itself)."""
    return list(everyday_terms().get(term, ())) if BRIDGE else []
