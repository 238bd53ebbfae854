"""A document's lines as one searchable text, with a map back to file line numbers."""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from gongbao.docnum import is_doc_number_line
from gongbao.text.chars import squeeze
from gongbao.text.normalize import clean_line

# Sentence ends: where a relation cue or a task statement stops applying.
SENTENCE_END = "。；;！!？?"
_BULLET = re.compile(r"^[-•]\s+")


def _ends_block(line: str) -> bool:
    """A line after which the text does not run on: a table row, a sentence or list end
    (。：；), or a short line such as a heading ("1.2 编制依据")."""
    s = line.rstrip()
    return "\t" in s or not s or s[-1] in "。：:；;！？!?" or len(squeeze(s)) <= 15


@dataclass
class DocLines:
    """The non-empty lines of one document (cleaned), each with its 1-based file line."""

    numbers: list[int]
    texts: list[str]
    first: int  # first file line of the document
    last: int  # last file line of the document
    raws: list[str] = field(default_factory=list)  # the same lines as printed (layout spaces kept)
    _joined: str | None = field(default=None, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    @classmethod
    def from_lines(cls, lines: list[str], first: int, last: int, cleaned: bool = False,
                   raw: list[str] | None = None) -> "DocLines":
        """``lines``: the file's lines, raw or (``cleaned``) as Gazette.clean_lines; ``raw``: the
        file's lines as printed, when ``lines`` are cleaned."""
        numbers, texts, raws = [], [], []
        printed = raw if raw is not None and len(raw) == len(lines) else (None if cleaned else lines)
        for n in range(max(first, 1), min(last, len(lines)) + 1):
            t = lines[n - 1] if cleaned else clean_line(lines[n - 1])
            if t:
                numbers.append(n)
                texts.append(t)
                raws.append(printed[n - 1] if printed is not None else t)
        return cls(numbers, texts, first, last, raws)

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def joined(self) -> str:
        """All lines joined, so that a 文号 or a 《title》 broken over a line seam reads as one;
        a newline only where the text does not run on (see ``_ends_block``), a leading list
        bullet ("- ") dropped."""
        if self._joined is None:
            parts, starts, pos = [], [], 0
            numbered = [len(t) <= 40 and "号" in t and is_doc_number_line(t) is not None for t in self.texts]
            numbered.append(False)
            for i, t in enumerate(self.texts):
                starts.append(pos)
                piece = _BULLET.sub("", t)
                open_bracket = piece.count("（") + piece.count("(") > piece.count("）") + piece.count(")")
                if _ends_block(piece) or numbered[i] or (numbered[i + 1] and not open_bracket):
                    piece += "\n"  # （某政办\n发〔2023〕15号）: a 文号 broken inside its bracket runs on
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
