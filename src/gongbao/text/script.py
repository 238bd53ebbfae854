"""Traditional script and injected pinyin, as mirror sites serve official documents.

Government documents are written in simplified script, but many sites mirror them converted to
traditional script (關於印發…的通知), and some converters inject the pinyin of a character
right after it: 關(guān)於印發(fā). The parser matches on the simplified form, character for
character, so that one set of rules reads both scripts, while what it reports keeps the
characters as printed (``ScriptFold.restore``). Pinyin glosses are damage and are removed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from gongbao.text.chars import HAN

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_SYLLABLE = rf"[a-zü{_TONED}]{{1,6}}"
# A pinyin gloss: a syllable in brackets right after a Han character, e.g. 關(guān), 發（fā）.
_GLOSS = re.compile(rf"(?<=[{HAN}])[(（]({_SYLLABLE})[)）]")
_HAS_TONE = re.compile(f"[{_TONED}]")
# Injected glosses are marked with tones; once a text is seen to carry several, toneless
# syllables in the same shape (們(men)) are glosses too.
_MIN_TONED_GLOSSES = 3
_LONG = 20_000


@lru_cache(maxsize=1)
def t2s_table() -> dict[int, str]:
    """Traditional -> simplified for single characters (OpenCC's character table)."""
    table: dict[int, str] = {}
    text = resources.files("opencc").joinpath("dictionary/TSCharacters.txt").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 2 and len(parts[0]) == 1:
            target = parts[1].split(" ")[0]
            if len(target) == 1 and target != parts[0]:
                table[ord(parts[0])] = target
    return table


@lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    return frozenset(chr(cp) for cp in t2s_table())


def strip_pinyin_glosses(text: str) -> str:
    """Remove pinyin injected after characters: 關(guān)於 -> 關於. Brackets holding other
    Latin text ((a), (PDF)) stay unless they are toneless syllables in a text full of glosses."""
    if "(" not in text and "（" not in text:
        return text
    toned = sum(1 for m in _GLOSS.finditer(text) if _HAS_TONE.search(m.group(1)))
    if toned == 0:
        return text
    if toned >= _MIN_TONED_GLOSSES:
        return _GLOSS.sub("", text)
    return _GLOSS.sub(lambda m: "" if _HAS_TONE.search(m.group(1)) else m.group(), text)


def to_simplified(text: str) -> str:
    """Character-for-character simplified form (same length as ``text``)."""
    return text.translate(t2s_table())


@dataclass
class ScriptFold:
    """A text folded to simplified script, and the way back for values taken from it."""

    text: str  # simplified, same length and line breaks as the original
    changed: bool
    _back: dict[str, str] = field(default_factory=dict)

    def restore(self, value: str | None) -> str | None:
        """A value read from the folded text, in the characters the original printed."""
        if not value or not self._back:
            return value
        return "".join(self._back.get(c, c) for c in value)


def fold_script(text: str) -> ScriptFold:
    """Fold traditional characters to simplified, remembering for each simplified character
    the form the text used most (a text mixing scripts restores to its majority form)."""
    seen = _traditional().intersection(text)
    # in a long text (an issue) a few stray traditional forms (後, 裏 in a quotation) change
    # no rule; a document of its own is folded for any
    if not seen or (len(text) > _LONG and sum(text.count(c) for c in seen) < len(text) // 200):
        return ScriptFold(text=text, changed=False)
    folded = to_simplified(text)
    seen: dict[str, Counter[str]] = defaultdict(Counter)
    for orig, simp in zip(text, folded):
        if orig != simp:
            seen[simp][orig] += 1
    total = Counter(folded)
    for simp, forms in seen.items():
        forms[simp] += total[simp] - sum(forms.values())
    back = {simp: forms.most_common(1)[0][0] for simp, forms in seen.items()}
    back = {s: o for s, o in back.items() if s != o}
    return ScriptFold(text=folded, changed=True, _back=back)
