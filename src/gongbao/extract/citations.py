"""Citations: the 文号 and 《titles》 a document cites, with how it cites them.

Relations: ``basis`` (根据/依据/按照/贯彻落实/结合…精神), ``implements`` (the notice that issues
or forwards the cited text: 现将《…》印发给你们), ``repeals`` (…同时废止/不再执行), ``amends``
(对《…》进行修改/调整, 同意调整《…》), ``refers`` (参照《…》执行), otherwise ``mentions`` (also
what was issued before: 先后印发了《…》). Titles listed together (《A》、《B》已经…印发) share
their relation. ``resolved`` stays None here: the library links a citation to the document
with its 文号 whenever that document is stored, before or after (gongbao.store).
"""

from __future__ import annotations

import re

from gongbao.docnum import find_doc_numbers, normalize_doc_number
from gongbao.extract._text import SENTENCE_END, DocLines
from gongbao.models import Citation, Relation
from gongbao.text.chars import HAN, squeeze

_TITLE = re.compile(r"《([^《》]{2,160}?)》")
# 部门规章 and 公告 numbers: 交通运输部令2022年第32号, (2019年农业农村部令3号),
# 国家林业和草原局公告（2023年第17号）
_ORDER = re.compile(
    rf"(?:(?P<y1>(?:19|20)\d\d)年)?(?P<org>[{HAN}]{{2,14}}?)(?P<kind>令|公告)"
    r"[（(]?(?:(?P<y2>(?:19|20)\d\d)年)?第?(?P<n>\d{1,4})号[）)]?"
)
_ORDER_VERB = re.compile(r"^(根据|依据|按照|依照|遵照|参照|执行|落实|贯彻|对照|及|与|和)+")

_REPEAL = re.compile(r"^[^。；;，,]{0,12}?(同时废止|予以废止|废止|停止执行|不再执行|自行失效)")
_AMEND = re.compile(r"(进行修改|修改如下|作如下修改|予以修改|进行调整|调整如下|作如下调整|"
                    r"予以调整|进行修订|修订如下)")
_ISSUE_AFTER = re.compile(r"(现予以?印发|现印发|予以印发|印发给你们|印发你们|转发给你们|现转发|予以转发|"
                          r"现予以?公布|现予以?发布)")
_ISSUE_BEFORE = re.compile(r"((现将|现把|特将|兹将)[^《》。；]{0,10}|关于(印发|转发|发布))$")
_MENTION_BEFORE = re.compile(r"(制定|编制|编制完成|研究制定|修订完善|起草|推广普及|原则同意|同意|印发了|"
                             r"出台了|发布了|下发了)(?!的)(?=[^《》。；，]{0,6}$)")
_MENTION_AFTER = re.compile(r"^[^。；]{0,30}?(收悉|的请示)")
_BASIS_BEFORE = re.compile(
    r"(根据|依据|按照|依照|遵照|参照|贯彻|落实|执行|对照|遵循|对标|依托|严格按|符合|违反|结合|(?<![一-龥])按|以$|^接)"
)
_BASIS_AFTER = re.compile(r"^[^。；，]{0,26}?(精神|要求|规定|为依据|为基本依据|基础上|"
                          r"第[一二三四五六七八九十百零\d]+条|执行|有关规定|之规定)")
_OPEN_NUM = "（(〔[【"
_SPIRIT_AFTER = re.compile(r"^[)）\s]*(?:等)?(?:文件|有关)?(精神|要求|规定)")
_AMEND_BEFORE = re.compile(r"(?<!新)(修改|调整)$")  # 同意调整《…》 (新修订《…》 names the law)
_REFERS = re.compile(r"参照")
_LISTED = re.compile(r"^[)）\]】、，,和及与\s]*$")


def _order_number(m: re.Match[str]) -> str | None:
    year = m.group("y2") or m.group("y1")
    org = m.group("org")
    # the organ name starts after a leading verb (根据/按照…)
    org = _ORDER_VERB.sub("", org)
    if not year:  # 住房和城乡建设部令第11号: a decree numbered without its year
        if m.group("kind") == "令" and "第" in m.group(0):
            return f"{org}{m.group('kind')}第{int(m.group('n'))}号"
        return None
    return f"{org}{m.group('kind')}{year}年第{int(m.group('n'))}号"


def _windows(text: str, anchors: str, back: int = 40, ahead: int = 12) -> list[tuple[int, int]]:
    """Merged [start, end) windows around each anchor character: the decree-number regex
    runs only there, not over the whole document."""
    spans: list[list[int]] = []
    for m in re.finditer("[" + re.escape(anchors) + "]", text):
        a, b = max(0, m.start() - back), min(len(text), m.start() + ahead)
        if spans and a <= spans[-1][1]:
            spans[-1][1] = b
        else:
            spans.append([a, b])
    return [(a, b) for a, b in spans]


def _windowed(text: str, anchors: str, pattern: re.Pattern[str]) -> list[re.Match[str]]:
    out: list[re.Match[str]] = []
    for a, b in _windows(text, anchors):
        out.extend(pattern.finditer(text, a, b))
    return out


def _numbers(text: str):
    """Complete 文号 in ``text`` as (start, end, DocNumber)."""
    return [(d.span[0], d.span[1], d) for d in find_doc_numbers(text) if d.complete]


_ENDS = re.compile("[" + re.escape(SENTENCE_END) + "\n]")


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """[a, b) of the sentence around text[start:end] (b is the end mark's index)."""
    a = max(text.rfind(ch, 0, start) for ch in SENTENCE_END + "\n") + 1
    m = _ENDS.search(text, end)
    return a, (m.start() if m else len(text))


def _last(rx: re.Pattern[str], s: str) -> int:
    """Start of the last match of ``rx`` in ``s``, -1 when none."""
    pos = -1
    for m in rx.finditer(s):
        pos = m.start()
    return pos


def classify(text: str, start: int, end: int, first_in_sentence: bool, in_table: bool) -> Relation:
    """The relation of the citation at text[start:end] to the citing document."""
    s0, s1 = _sentence_bounds(text, start, end)
    before, after = text[s0:start], text[end:s1 + 1]
    if _REPEAL.search(after):
        return "repeals"
    if _SPIRIT_AFTER.match(after):  # 结合《…》精神，现作如下调整: the spirit is the basis
        refers = _last(_REFERS, before)
        return "refers" if refers >= 0 and refers == _last(_BASIS_BEFORE, before) else "basis"
    if _AMEND.search(after[:24]) or _AMEND_BEFORE.search(before) or (
            before.endswith("对") and re.search(r"修改|调整|修订", text[end:s1 + 60])):
        return "amends"
    if first_in_sentence and (_ISSUE_AFTER.search(after)
                              or _ISSUE_BEFORE.search(before)) and "印发的" not in before[-6:]:
        return "implements"
    if _MENTION_AFTER.search(after):
        return "mentions"
    mention = _last(_MENTION_BEFORE, before)
    basis = _last(_BASIS_BEFORE, before)
    if mention > basis:  # the nearer verb decides: 依据《…》 vs 编制《…》
        return "mentions"
    if basis >= 0 and basis == _last(_REFERS, before):
        return "refers"
    if basis >= 0 or _BASIS_AFTER.search(after):
        return "basis"
    return "basis" if in_table else "mentions"


def _clean_title(raw: str) -> str:
    t = squeeze(raw).replace("<", "〈").replace(">", "〉")
    if len(t) > 2 and t[0] in "“\"" and t[-1] in "”\"":
        t = t[1:-1]
    return t


# Names in 《》 that are forms, certificates, registers or periodicals, not documents.
_NOT_A_DOCUMENT = re.compile(r"(表|登记表|证|证明|证书|执照|簿|记录|公报|日报|晚报|杂志|期刊|"
                             r"卡|领导小组|工作专班)$")


def _is_document_title(title: str) -> bool:
    if len(title) < 3 or re.fullmatch(r"[\d\s\W]+", title):
        return False
    return not _NOT_A_DOCUMENT.search(re.sub(r"[（(][^（()）]*[)）]$", "", title))


def _number_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, normalized) of every complete 文号 and every order number (部令/公告)."""
    spans = [(a, b, d.normalized) for a, b, d in _numbers(text)]
    for m in _windowed(text, "令公", _ORDER):
        number = _order_number(m)
        if not number:
            continue
        # the generic 文号 reading of an order number (交通运输部令〔2022〕32号) is wrong: replace it
        spans = [(a, b, n) for a, b, n in spans if not (a < m.end() and m.start() < b)]
        spans.append((m.start(), m.end(), number))
    return sorted(spans)


def _alone_on_line(text: str, a: int, b: int) -> bool:
    start = text.rfind("\n", 0, a) + 1
    end = text.find("\n", b)
    return not squeeze(text[start:a] + text[b : len(text) if end < 0 else end]).strip("（()）〔〕[]")


Found = tuple[int, int, str | None, str | None]  # start, end, 文号, title of a citation in the text


def extract_citations(doc: DocLines, own_number: str | None = None) -> list[Citation]:
    """Every 文号 and 《title》 cited in a document, first occurrence of each, in order."""
    text = doc.joined
    num_spans = _number_spans(text)
    taken: list[tuple[int, int]] = []  # the spans of 文号 that belong to a title
    found = [c for tm in _TITLE.finditer(text) if (c := _titled(text, tm, num_spans, taken))]
    head = text.find("。")
    for a, b, n in num_spans:
        if any(x <= a < y for x, y in taken) or (a < head and _alone_on_line(text, a, b)):
            continue  # a number alone on a line above the first sentence: the document's own
        found.append((a, b, n, None))
    own = normalize_doc_number(own_number) if own_number else None
    return _first_of_each(doc, sorted(f for f in found if not (f[2] and own and f[2] == own)))


def _titled(text: str, tm: re.Match[str], num_spans: list[tuple[int, int, str]],
            taken: list[tuple[int, int]]) -> Found | None:
    """The citation a 《title》 makes, with the 文号 in brackets right after it (or one written as
    the title: 《交通运输部令2022年第32号》); None for a short name (以下简称《条例》)."""
    title = _clean_title(tm.group(1))
    if not _is_document_title(title) or text.endswith("简称", 0, tm.start()):
        return None
    after = _number_after(text, tm.end(), num_spans)
    if after:
        taken.append(after[:2])
    inner = [(a, b, n) for a, b, n in num_spans if tm.start() <= a and b <= tm.end()]
    if inner and len(squeeze(tm.group(1))) <= len(squeeze(text[inner[0][0]:inner[0][1]])) + 2:
        taken.append(inner[0][:2])
        return tm.start(), tm.end(), inner[0][2], None
    taken += [(a, b) for a, b, _ in inner]
    return (tm.start(), after[1], after[2], title) if after else (tm.start(), tm.end(), None, title)


def _number_after(text: str, j: int, num_spans: list[tuple[int, int, str]]) -> tuple[int, int, str] | None:
    """The 文号 in the bracket that opens at ``j`` (spaces and line breaks skipped)."""
    while j < len(text) and text[j] in " \u3000\n":
        j += 1
    if j < len(text) and text[j] in _OPEN_NUM:
        return next(((a, b, n) for a, b, n in num_spans if j <= a <= j + 14), None)
    return None


def _first_of_each(doc: DocLines, found: list[Found]) -> list[Citation]:
    """One citation per 文号 or title, at its first place, with the strongest relation any of
    its places gives; titles listed together (《A》、《B》已经…印发) share one relation."""
    text = doc.joined
    out: list[Citation] = []
    index: dict[str, int] = {}
    last_sentence = None
    before: tuple[int, Relation] | None = None  # end and relation of the citation before
    for start, end, number, title in found:
        s0, _ = _sentence_bounds(text, start, end)
        first, last_sentence = last_sentence != s0, s0
        in_table = "\t" in text[text.rfind("\n", 0, start) + 1:start]
        relation = classify(text, start, end, first, in_table)
        if before and _LISTED.match(text[before[0]:start]) and relation not in ("repeals", "amends"):
            relation = before[1]
        before = (end, relation)
        key = number or title
        if key not in index:
            index[key] = len(out)
            out.append(Citation(cited_number=number, cited_title=title, relation=relation,
                                line=doc.line_at(start)))
        elif out[index[key]].relation == "mentions" and relation != "mentions":
            out[index[key]].relation = relation
    return out
