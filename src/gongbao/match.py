"""What a search asks of a library, independent of the library and its index: full-text matches
(``Phrase`` combined with ``AnyOf`` / ``AllOf``) and metadata ``Filters``.

The search engine (gongbao.search) builds these from parsed queries; a storage backend
(gongbao.store) answers them with its own queries (gongbao.store.textindex for the embedded
library). Match values are hashable, so that document frequencies can be cached by them. User
input only ever reaches an index as the text of a `Phrase`, never as query syntax.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phrase:
    """Documents where ``text`` (in search form: gongbao.text.searchform.norm) occurs as a substring."""

    text: str


@dataclass(frozen=True)
class AnyOf:
    parts: tuple[Match, ...]


@dataclass(frozen=True)
class AllOf:
    parts: tuple[Match, ...]
    boost: tuple[Match, ...] = ()  # not required: ranks documents holding them higher


Match = Phrase | AnyOf | AllOf


def any_of(parts: list[Match]) -> Match | None:
    parts = list(dict.fromkeys(parts))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else AnyOf(tuple(parts))


def all_of(parts: list[Match], boost: list[Match] | None = None) -> Match | None:
    parts = list(dict.fromkeys(parts))
    boost = [b for b in dict.fromkeys(boost or []) if b not in parts]
    if not parts:
        return None
    return parts[0] if len(parts) == 1 and not boost else AllOf(tuple(parts), tuple(boost))


def phrases(m: Match) -> list[str]:
    """Every phrase text in ``m``."""
    if isinstance(m, Phrase):
        return [m.text]
    return [t for p in (*m.parts, *getattr(m, "boost", ())) for t in phrases(p)]


@dataclass
class Filters:
    issuer: str | None = None  # substring of the issuer (any joint issuer)
    region: str | None = None  # substring of the region (示例市示例区)
    year: int | None = None
    date_from: str | None = None  # ISO, inclusive
    date_to: str | None = None  # ISO, inclusive
    doc_type: str | None = None  # 通知 / 批复 / … (the title's ending when the parser gave none)
    section: str | None = None  # substring of the gazette section

    def any(self) -> bool:
        return any(v is not None for v in vars(self).values())


FACETS = ("issuer", "region", "year", "doc_type", "section", "source")  # what a search's answer is counted by
FACET_TOP = 20  # values listed per facet, commonest first
