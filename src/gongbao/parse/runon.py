"""Documents whose line breaks were lost: the heading and the closing run into the body.

Web pages and abstract sites often give a document as one long paragraph: "XX人民政府关于…的
通知 XX政发〔2024〕3号 各乡镇人民政府：为…。XX人民政府 2024年3月1日". The elements of
GB/T 9704 still come in their fixed order, so the run is cut where one element ends and the
next begins: after the title's 文种, around the document's own 文号 and its date, after the
主送机关's colon, and around a signature (organ or signer, then the date) after a sentence.
The pieces keep the line number they came from, so everything found in them stays traceable.
"""

from __future__ import annotations

import re
from functools import lru_cache

from gongbao.docnum import find_doc_numbers
from gongbao.parse.patterns import doc_types, looks_like_addressee, looks_like_org
from gongbao.text.dates import DATE_RE
from gongbao.text.chars import HAN

RUN_ON = 50  # a heading line is shorter than this; longer lines are looked into
HEAD_LINES = 5  # run-on headings are looked for in the first lines of the text only
# A 目录 entry ends with its page number: "…的通知(示政发〔2024〕1号)1", "…报告……12".
_TOC_ENTRY = re.compile(
    rf"(?:号\s*[)）〕\]]?|[{HAN}》)）])\s*[.·…]*\s*[(（]?\d{{1,3}}(?:\s*-\s*\d{{1,3}})?[)）]?\s*$"
)
_ISO_DATE = re.compile(r"^\s*(?:19|20)\d\d-\d{1,2}-\d{1,2}(?!\d)")
_LEAD_DATE = re.compile(rf"^\s*(?:{DATE_RE.pattern})")
_DECREE_HEAD = re.compile(rf"^[{HAN}][{HAN}（）()]{{1,23}}?令\s*第\s*\d{{1,5}}\s*号")
# A red head run into the title: "省政府文件青海省人民政府关于…" (a page number may precede it).
_RED_HEAD = re.compile(rf"^\d{{0,3}}\s*(?P<org>[{HAN}]{{2,30}}?)文件(?=[{HAN}])")
# The 主送机关 whose colon was lost, before the first sentence: "各县市区委、县人民政府,按照…"
_ADDRESSEE_COMMA = re.compile(
    r"^各[^。，,；;:：]{1,60}(?=[，,](?:按照|根据|为|经|现将|现就|近年|近期|今年|(?:19|20)\d\d年))"
)
# A signature inside a run: after a sentence, an organ (or a signer: 代省长车俊) and a date.
_SIGNER = rf"(?:代?(?:省长|市长|县长|区长|州长|盟长|旗长|主席|主任|局长|厅长|部长|总理)\s*[{HAN}·]{{2,4}})"
_SIGNATURE = re.compile(
    rf"(?<=[。；;！])\s*(?P<who>{_SIGNER}|[{HAN}（）()、 ]{{2,40}}?)\s*(?P<date>{DATE_RE.pattern})"
    r"(?![前后起至止的以，,、])"
)
# After a 文种 and before what follows a title: a 文号, a date, or the 主送机关.
_RECIPIENTS_HEAD = re.compile(r"[^：:。；;！？]{2,160}[：:]")


def split_run_on(text: str, head: bool) -> list[str]:
    """Cut a run-on line into the elements it holds (one piece when it holds one)."""
    if head and len(text) <= 100 and _TOC_ENTRY.search(text):
        head = False  # a 目录 entry: title, 文号 and page number belong together
    if len(text) <= RUN_ON and not head:
        return [text]
    pieces: list[str] = []
    rest = text
    if head:
        rest = _split_head(rest, pieces)
    pieces.extend(_split_signatures(rest))
    return [p for p in (p.strip() for p in pieces) if p]


def opens_document(text: str) -> bool:
    """A line that begins with a document's head run into what follows it: its own 文号 or
    decree number, or a 关于 title ending in a 文种 followed by a 文号, a date or the 主送机关."""
    t = text.strip()
    if "号" not in t[:40] and "关于" not in t[:120]:
        return False
    if _decree_head(t) or (t[:1] not in "(（[【〔" and _own_doc_number(t)):
        return len(t) > 30
    cut = _title(t)
    if not cut or "关于" not in t[:cut]:
        return False
    after = t[cut:].lstrip()
    # not a 目录 entry: there the 文号 follows the title in brackets
    return bool(after) and after[:1] not in "(（[【〔" and not _TOC_ENTRY.search(t)


def _split_head(rest: str, pieces: list[str]) -> str:
    """Peel heading elements off the start of the run, in the order GB/T 9704 prints them."""
    for _ in range(6):
        # a date is cut off only after a heading element ("浙政发〔2009〕69号 2009-11-03")
        cut = (
            _decree_head(rest)
            or _red_head(rest)
            or _own_doc_number(rest)
            or (pieces and _leading_date(rest))
            or _title(rest)
            or _recipients(rest)
            or (pieces and _addressee_without_colon(rest))
        )
        if not cut:
            break
        pieces.append(rest[:cut])
        rest = rest[cut:].lstrip(" ，,")
    return rest


def _decree_head(s: str) -> int:
    if "令" not in s[:26]:
        return 0
    m = _DECREE_HEAD.match(s)
    return m.end() if m else 0


def _red_head(s: str) -> int:
    m = _RED_HEAD.match(s)
    return m.end() if m and looks_like_org(m.group("org")) else 0


def _addressee_without_colon(s: str) -> int:
    m = _ADDRESSEE_COMMA.match(s)
    return m.end() if m else 0


def _own_doc_number(s: str) -> int:
    """A 文号 at the very start of the run (the document's own: a cited one sits in a sentence)."""
    if "号" not in s[:40]:
        return 0
    for d in find_doc_numbers(s[:40]):
        if d.span[0] <= 1 and d.complete:
            return d.span[1] + (1 if s[d.span[1] : d.span[1] + 1] in ")）" else 0)
        break
    return 0


def _leading_date(s: str) -> int:
    m = _ISO_DATE.match(s) or _LEAD_DATE.match(s)
    return m.end() if m else 0


def _title(s: str) -> int:
    """A title: up to the first 文种 that is followed by a 文号, a date or the 主送机关 – never
    inside a sentence (no 。，before it) and at most 120 characters."""
    stop = _SENTENCE_MARK.search(s, 0, 120)
    window = s[: stop.start() if stop else 120]
    if "关于" not in window and len(window) > 40:
        window = window[:40]
    for m in _doc_type_words().finditer(window):
        end = m.end()
        if ("关于" in window[:end] or end <= 40) and _opens_after_title(s[end:]):
            return end
    return 0


_SENTENCE_MARK = re.compile(r"[。；;，,！？]")


@lru_cache(maxsize=1)
def _doc_type_words() -> re.Pattern[str]:
    """Every 文种 word, longest first, ending where a word of its own could end."""
    return re.compile("|".join(re.escape(w) for w in doc_types()))


def _opens_after_title(after: str) -> bool:
    a = after.lstrip()
    if not a:
        return False
    if any(d.span[0] <= 1 and d.complete for d in find_doc_numbers(a[:40])):
        return True
    if _leading_date(a) or _ADDRESSEE_COMMA.match(a):
        return True
    m = _RECIPIENTS_HEAD.match(a)
    return bool(m and looks_like_addressee(m.group()))


def _recipients(s: str) -> int:
    m = _RECIPIENTS_HEAD.match(s)
    return m.end() if m and looks_like_addressee(m.group()) else 0


def _split_signatures(s: str) -> list[str]:
    if "日" not in s:
        return [s]
    out: list[str] = []
    pos = 0
    for m in _SIGNATURE.finditer(s):
        who = m.group("who").strip()
        if not (re.fullmatch(_SIGNER, who) or all(looks_like_org(p) for p in re.split(r"[ 、]+", who) if p)):
            continue
        out.append(s[pos : m.start("who")])
        out.append(s[m.start("who") : m.end()])
        pos = m.end()
    out.append(s[pos:])
    return out
