"""One issue, one vocabulary: what a scan garbled in one place, the issue prints right in others.

A gazette's documents come from a handful of organs using a handful of 机关代字. A 文号 whose
code was read once with a last character no 机关代字 ends in (交政办困), one character away from
a code the issue prints elsewhere (交政办函), is that code misread. An issuer printed once with
one character more than the name many more of its documents carry (交城有县人民政府 beside
交城县人民政府) is that name with a speck read as a character.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from gongbao.data import load_lines
from gongbao.docnum import find_doc_numbers, parse_doc_number
from gongbao.models import Document


@lru_cache(maxsize=1)
def _code_ends() -> frozenset[str]:
    return frozenset("".join(load_lines("docnum_code_ends.txt")))


@lru_cache(maxsize=1)
def _misread_as() -> dict[str, str]:
    """Character -> the characters OCR reads in its place (data/ocr_confusions.tsv)."""
    return dict(line.split("\t") for line in load_lines("ocr_confusions.tsv"))


def mend_issue(docs: list[Document], text: str) -> None:
    """Mend garbled 文号 codes and issuer names against the rest of the issue's text."""
    if len(docs) < 2:
        return
    odd = [
        d
        for d in docs
        if (n := parse_doc_number(d.doc_number or "")) and n.issuer_code[-1:] not in _code_ends()
    ]
    if odd:  # the issue's text is read for codes only when a number needs it
        codes = Counter(d.issuer_code for d in find_doc_numbers(text) if d.complete)
        for doc in odd:
            _mend_doc_number(doc, codes)
    names = Counter(d.issuer for d in docs if d.issuer)
    for doc in docs:
        _mend_issuer(doc, names)


def _mend_doc_number(doc: Document, codes: Counter[str]) -> None:
    d = parse_doc_number(doc.doc_number or "")
    if d is None or d.year is None or codes[d.issuer_code] > 1 or d.issuer_code[-1:] in _code_ends():
        return
    stem = d.issuer_code[:-1]
    odd = d.issuer_code[-1]
    known = [c for c in codes if len(c) == len(d.issuer_code) and c[:-1] == stem and c[-1] in _code_ends()]
    if len(known) > 1:  # which right code the odd character is a known misreading of
        known = [c for c in known if odd in _misread_as().get(c[-1], "")]
    if len(known) == 1:
        doc.doc_number = f"{known[0]}〔{d.year}〕{d.seq}号"


def _one_less(name: str) -> set[str]:
    return {name[:i] + name[i + 1 :] for i in range(len(name))} if len(name) >= 5 else set()


def _mend_issuer(doc: Document, names: Counter[str]) -> None:
    """A name the issue prints much more often with one character less is that name."""
    name = doc.issuer
    if not name:
        return
    known = [m for m in _one_less(name) if names[m] >= max(2, 2 * names[name])]
    if len(known) != 1:
        return
    right = known[0]
    if doc.title and doc.title.startswith(name):
        doc.title = right + doc.title[len(name) :]
    doc.issuer = right
    doc.issuers = [right if x == name else x for x in doc.issuers]
