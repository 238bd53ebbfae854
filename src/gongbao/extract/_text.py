"""A document's lines as one searchable text, with a map back to file line numbers."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from gongbao.text.normalize import clean_line

# Sentence ends: where a relation cue or a task statement stops applying.
SENTENCE_END = "。；;！!？?"
HAN = "\u4e00-\u9fff"
_WS = re.compile(r"\s+")


def squeeze(s: str) -> str:
    """Drop all whitespace (layout spaces inside Chinese text, line seams)."""
    return _WS.sub("", s)


@dataclass
class DocLines:
    """The non-empty lines of one document (cleaned), each with its 1-based file line."""

    numbers: list[int]
    texts: list[str]
    first: int  # first file line of the document
    last: int  # last file line of the document
    _joined: str | None = field(default=None, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def from_lines(cls, lines: list[str], first: int, last: int) -> "DocLines":
        numbers, texts = [], []
        for n in range(max(first, 1), min(last, len(lines)) + 1):
            t = clean_line(lines[n - 1])
            if t:
                numbers.append(n)
                texts.append(t)
        return cls(numbers, texts, first, last)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def joined(self) -> str:
        """All lines joined without separators (a table row ends with a newline), so that a
        文号 or a 《title》 broken over a line seam reads as one."""
        if self._joined is None:
            parts, starts, pos = [], [], 0
            for t in self.texts:
                starts.append(pos)
                piece = t + "\n" if "\t" in t else t
                parts.append(piece)
                pos += len(piece)
            self._joined = "".join(parts)
            self._starts = starts
        return self._joined

    def line_at(self, offset: int) -> int:
        """The file line holding character ``offset`` of ``joined``."""
        _ = self.joined
        i = max(bisect_right(self._starts, offset) - 1, 0)
        return self.numbers[i] if self.numbers else self.first

    def clamp(self, line: int) -> int:
        return min(max(line, self.first), self.last)
