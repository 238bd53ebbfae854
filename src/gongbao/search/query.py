"""Query parsing: user input -> 文号, terms and phrases (never raw SQL or index query syntax)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache

from gongbao.docnum import find_doc_numbers
from gongbao.search.vocabulary import (bridge_keys, bridge_of, multi_char_question_words, question_words,
                                       stopwords)
from gongbao.text.chars import HAN
from gongbao.text.searchform import norm, synonyms, word_runs

MAX_QUERY_CHARS = 200
MAX_TERMS = 24
_SPLIT = re.compile(r"[\s\u3000]+")
# the A不A / A没A question form (贵不贵, 放不放假, 有没有): its answer is A
_A_NOT_A = re.compile(rf"([{HAN}])[不没]\1")
# 运盐政发[2024]10 typed without its 号
_NO_HAO = re.compile(rf"[{HAN}]\s*[〔\[(（【［]\s*(?:19|20)\d\d\s*[〕\])）】］]\s*\d{{1,5}}(?![\d\s]*号)")


@dataclass
class ParsedQuery:
    text: str  # the query as used (control characters dropped, length capped)
    doc_numbers: list[str] = field(default_factory=list)  # canonical 文号 in the query
    terms: list[str] = field(default_factory=list)  # normalized terms, each matched as a substring
    phrases: list[str] = field(default_factory=list)  # normalized multi-term runs as typed
    groups: list[list[str]] = field(default_factory=list)  # the terms of each phrase
    dropped: list[str] = field(default_factory=list)  # question words left out
    variants: dict[str, list[str]] = field(default_factory=dict)  # term -> equivalents (itself first)
    bridged: dict[str, list[str]] = field(default_factory=dict)  # everyday term -> official terms

    def forms(self, term: str) -> list[str]:
        """What the user typed and its equivalents: the term's own forms."""
        return self.variants.get(term, [term])

    def all_forms(self, term: str) -> list[str]:
        """Own forms, then the official terms of the everyday-vocabulary bridge."""
        return self.forms(term) + self.bridged.get(term, [])


def variants_of(term: str) -> list[str]:
    """The term and its equivalents (data/search_synonyms.txt)."""
    return synonyms().get(term, [term])


@lru_cache(maxsize=1)
def _query_jieba():
    """jieba for queries: its dictionary, the equivalents (住建局, 跨境电商 …) and the everyday
    phrases of the bridge kept whole (雾霾天, 上了年纪). A tokenizer of its own, so that the title
    words an index holds (gongbao.text.searchform.title_words) do not depend on the bridge's
    vocabulary."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    for w in (*synonyms(), *bridge_keys()):
        if len(w) > 1:
            tokenizer.add_word(w)
    return tokenizer


def clean_query(q: str) -> str:
    q = "".join(c if unicodedata.category(c)[0] != "C" else " " for c in (q or "")[: MAX_QUERY_CHARS * 2])
    return q.strip()[:MAX_QUERY_CHARS]


def parse_query(q: str, exists: Callable[[str], bool] | None = None) -> ParsedQuery:
    """Split a query into 文号 and terms.

    Terms come from jieba, without question words (data/question_words.txt, and the A不A form:
    放不放假 -> 放假) and, when the query says more, without general words
    (data/query_stopwords.txt). Neighbouring words that spell an everyday phrase of the bridge
    (上/了/年纪) become one term with the official terms it stands for (``bridged``). A
    one-character piece that jieba split off is glued to its neighbour when the glued string
    occurs in the library (``exists``), so that 煤/改电 becomes 煤改电 and 钟/龙刚 becomes 钟龙刚.
    """
    text = clean_query(q)
    parsed = ParsedQuery(text=text)
    rest = text
    for d in find_doc_numbers(_NO_HAO.sub(r"\g<0>号", text)):
        if d.complete:
            parsed.doc_numbers.append(d.normalized)
            rest = rest.replace(d.raw, " ").replace(d.raw[:-1], " ")
    terms: list[str] = []
    general: list[str] = []
    for chunk in _SPLIT.split(rest):
        for run in word_runs(_A_NOT_A.sub(r"\1", norm(chunk))):
            before = len(parsed.dropped)
            pieces = _segment(run, exists, parsed.dropped)
            general += [p for p in pieces if p in stopwords()]
            terms += pieces
            # typed as one: a run of words, or a passage pasted with its particles (标准和设备淘汰):
            # single characters dropped from it, and the library holds it as typed (a question
            # such as 路坏了谁来修 is not a passage)
            dropped = parsed.dropped[before:]
            pasted = not dropped or (all(len(w) == 1 for w in dropped) and (exists is None or exists(run)))
            if len(pieces) > 1 and pasted and run not in parsed.phrases:
                parsed.phrases.append(run)
                parsed.groups.append(pieces)
    if len(general) < len(terms):  # general words only count when nothing else is asked
        parsed.dropped += general
        terms = [t for t in terms if t not in general]
        parsed.groups = [[t for t in g if t not in general] for g in parsed.groups]
    parsed.terms = list(dict.fromkeys(terms))[:MAX_TERMS]
    parsed.variants = {t: variants_of(t) for t in parsed.terms if len(variants_of(t)) > 1}
    parsed.bridged = {t: b for t in parsed.terms
                      if (b := [x for x in bridge_of(t) if x not in parsed.forms(t)])}
    return parsed


def _segment(run: str, exists: Callable[[str], bool] | None, dropped: list[str]) -> list[str]:
    if len(run) <= 2:
        if run in question_words():
            dropped.append(run)
            return []
        return [run]
    if run in synonyms() or run in bridge_keys():
        return [run]
    parts = [run]
    for w in multi_char_question_words():  # cut question words out first: 多少钱 must not leave 钱 behind
        nxt = []
        for p in parts:
            bits = p.split(w)
            if len(bits) > 1:
                dropped.append(w)
            nxt += [b for b in bits if b]
        parts = nxt
    words: list[str] = []
    for p in parts:
        cut = _merge_bridge_phrases(_query_jieba().lcut(p, HMM=True))
        if parts == [run] and len(run) <= 4 and exists is not None and not bridge_keys() & set(cut) \
                and exists(run):
            return [run]  # a short run found as such in the library: one term (示例县, 张某某)
        for w in cut:
            for c in _question_part(w):
                dropped.append(c)
                w = w.replace(c, "")
            if w in question_words():
                dropped.append(w)
            elif w.strip():
                words.append(w)
    return _glue(words, exists)


def _question_part(word: str) -> list[str]:
    """The question word in a two-character word jieba made up, not in its dictionary, of a
    question word and a neighbour (能领, 要交: a modal and its verb; 远有: 远 and 有)."""
    if len(word) != 2 or _query_jieba().FREQ.get(word):
        return []
    return [c for c in word if c in question_words()]


BRIDGE_WORDS = 4  # an everyday phrase spans at most this many jieba words (村里/的/路)


def _merge_bridge_phrases(words: list[str]) -> list[str]:
    """Join neighbouring jieba words that spell an everyday phrase of the bridge, longest first
    (上/了/年纪 -> 上了年纪): phrases are only found on word boundaries, so that 食品 is not
    cut out of 食品安全."""
    keys = bridge_keys()
    out: list[str] = []
    i = 0
    while i < len(words):
        for n in range(min(BRIDGE_WORDS, len(words) - i), 1, -1):
            if "".join(words[i : i + n]) in keys:
                out.append("".join(words[i : i + n]))
                i += n
                break
        else:
            out.append(words[i])
            i += 1
    return out


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
