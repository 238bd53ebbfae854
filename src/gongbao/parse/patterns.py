"""Shapes of the lines that make up an official document (GB/T 9704-2012 elements)."""

from __future__ import annotations

import re
from functools import lru_cache

from gongbao.data import load_lines, organ_endings
from gongbao.text.chars import (
    ARTICLE_MARK,
    CHAPTER_MARK,
    HAN,
    ITEM_MARK,
    SECTION_MARK,
    SUBITEM_MARK,
    SUBSECTION_MARK,
    split_outside_brackets,
)
from gongbao.text.dates import DATE_RE, match_to_iso, numeric_date


@lru_cache(maxsize=1)
def _doc_type_table() -> dict[str, str]:
    return dict(line.split("\t") for line in load_lines("doc_types.tsv"))


@lru_cache(maxsize=1)
def doc_types() -> tuple[str, ...]:
    """文种 words, longest first (so 实施方案 wins over 方案)."""
    return tuple(sorted(_doc_type_table(), key=len, reverse=True))


# What may follow the 文种 at the end of a title: (试行), (暂行), (2024年修订), a closing bracket.
_TITLE_TAIL = re.compile(
    r"(?:[（(](?:试行|暂行|征求意见稿|草案|修订|[^()（）]{0,12}年[^()（）]{0,4})[)）]|[。 )）》」”\"])+$"
)


def doc_type_of(title: str | None) -> str | None:
    """The 文种 word a title ends with (关于…的通知 -> 通知; …办法(试行) -> 办法)."""
    if not title:
        return None
    t = _TITLE_TAIL.sub("", title)
    for word in doc_types():
        if t.endswith(word):
            return word
    return None


@lru_cache(maxsize=1)
def _doc_type_phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple(
        (re.compile(rx), kind)
        for rx, kind in (line.split("\t") for line in load_lines("doc_type_phrases.tsv"))
    )


def doc_type_from_body(text: str) -> str | None:
    """The kind of a document whose title is not visible, from the formula its body uses
    (特此批复 -> 批复, 妥否，请批示 -> 请示, 印发给你们 -> 通知)."""
    for rx, kind in _doc_type_phrases():
        if rx.search(text):
            return kind
    return None


def canonical_doc_type(word: str | None) -> str | None:
    """The kind of document a 文种 word names: 实施意见 -> 意见, 令 -> 命令, 通告 -> other."""
    return _doc_type_table().get(word) if word else None


def looks_like_org(s: str) -> bool:
    """A name of an organ: 运城市盐湖区人民政府, 区发改局, 国网盐湖供电公司 …"""
    if not s or len(s) > 40 or len(s) < 2:
        return False
    if re.search(r"[，。；：:;,、《》“”\"()（）\d]", s):
        return False
    return s.endswith(organ_endings("signature"))


ORG_LIST_SPLIT = re.compile(r"[ \u3000、]+")


def split_orgs(s: str) -> list[str] | None:
    """'交城县人民政府 文水县人民政府' -> both names; None when any part is not an organ.
    Names run together without a space (OCR, PDF text) are cut where one organ's name ends
    and another's begins: '甲县人民政府乙县人民政府'."""
    parts = [p for p in ORG_LIST_SPLIT.split(_SEAL_NOTE.sub("", s).strip()) if p]
    if parts and all(looks_like_org(p) for p in parts):
        return [q for p in parts for q in _run_together(p)]
    return None


_LEAD_NAME_ENDS = ("人民政府", "委员会", "办公室", "办公厅")
# A note on the seal after a signing organ's name: (代章) when another organ's seal stands in
# for its own, (盖章), (印).
_SEAL_NOTE = re.compile(r"\s*[（(]\s*(?:代章|盖章|公章|印章|章|印)\s*[)）]")


def _run_together(name: str) -> list[str]:
    for end in _LEAD_NAME_ENDS:
        i = name.find(end)
        while 0 <= i and i + len(end) < len(name):
            head, rest = name[: i + len(end)], name[i + len(end) :]
            if (
                len(rest) >= 4
                and looks_like_org(rest)
                and rest.endswith(_LEAD_NAME_ENDS)
                and re.match(rf"[{HAN}]{{1,8}}?[省市县区州旗乡镇]", rest)
            ):
                return [head, *_run_together(rest)]
            i = name.find(end, i + 1)
    return [name]


PUBLIC_MARKER = re.compile(
    r"(?:(?:公开方式|公开属性|信息公开选项|公开选项|公开类型)\s*[:：]?\s*)?"
    r"(此件公开发布|此件主动公开|此件依申请公开|此件不予公开|此件不公开|此件删减后公开"
    r"|主动公开|依申请公开|不予公开|删减后公开|不公开|公开发布)"
)
_PUBLIC_TRUE = ("公开发布", "主动公开")


def public_marker(text: str) -> tuple[str, bool] | None:
    """A public-disclosure marker on a short line: (marker, is public)."""
    m = PUBLIC_MARKER.search(text)
    if not m:
        return None
    rest = (text[: m.start()] + text[m.end() :]).strip(" ()（）[]【】<>")
    # The marker stands alone, or closes a signature/date line.
    if len(rest) > 40 and not DATE_RE.search(rest):
        return None
    marker = m.group(1)
    is_public = marker.endswith(_PUBLIC_TRUE) and "依申请" not in marker and "不" not in marker
    return marker, is_public


# The head of a government signing a decree: 省长 王某某, 代市长张某, 自治区主席 某某某.
SIGNER = re.compile(
    rf"(?:代理?)?(?:\S{{0,6}}?(?:省长|市长|县长|区长|州长|盟长|旗长|主席|主任|总理|部长|局长|厅长))[{HAN}·]{{0,4}}"
)
_DATE_LINE_REST = re.compile(r"^[>\-—\s*·•]*$")


def signature_date(text: str) -> tuple[str, list[str]] | None:
    """A signature/date line: a date, optionally after the signing organ(s) and before a
    public marker ('交城县人民政府 2024年8月23日 (此件公开发布)'). Returns (ISO, organs)."""
    m = DATE_RE.search(text)
    if not m:
        return _ocr_date_line(text)
    iso = match_to_iso(m)
    if not iso:
        return None
    before = _SEAL_NOTE.sub("", text[: m.start()]).strip(" >-—*·")
    after = text[m.end() :].strip()
    if after and not before and after[:1] in ",，、" and (late := split_orgs(after.lstrip(",，、 "))):
        return iso, late  # '1997年2月22日，国家外汇管理局': the date printed before the organ
    if after:
        pm = PUBLIC_MARKER.search(after)
        if pm:
            after = (after[: pm.start()] + after[pm.end() :]).strip(" ()（）[]【】")
        if after and not _DATE_LINE_REST.match(after):
            return None
    orgs: list[str] = []
    if before and SIGNER.fullmatch(before.replace(" ", "")):
        return iso, []  # a decree is signed by its head: 省长 王某某 / 代省长张某
    if before:
        found = split_orgs(before)
        if found is None:
            # "…清单(见网络版) 示例县人民政府 2024年8月19日": the signature closes a text line.
            tokens = before.split()
            tail: list[str] = []
            while len(tokens) > 1 and looks_like_org(tokens[-1]):
                tail.insert(0, _after_paper(tokens.pop()))
            if not tail:
                # the spaces lost (OCR): the organ after the line's last punctuation mark
                last = _LAST_RUN.search(before)
                if not last or last.start() == 0 or not (tail := split_orgs(_after_paper(last.group()))):
                    return None
            found = tail
        orgs = found
    return iso, orgs


_LAST_RUN = re.compile(rf"[{HAN}]{{4,40}}$")
# How the name of an attached paper ends (a table, list, plan, rule, bracketed note); 表 of 代表
# is no table.
_NAME_END = r"[)）》]|(?<!代)表|单|册|录|书|则|法|案"
# The end of an attached paper's name ('…执法事项清单', '…项目申请表'), glued to the organ that
# signs after it when the item and the signature share a line and the space between is lost.
_PAPER_NAME_END = re.compile(_NAME_END)
_PLACE_START = re.compile(rf"[{HAN}]{{1,8}}?[省市县区州盟旗乡镇]")


def _after_paper(run: str) -> str:
    """A run of characters with an attachment's name cut off its front: the signing organ,
    which opens with its place (示例县人民政府, 某市…办公室). The last such cut: a paper's name
    may hold 表 itself (达标表彰项目申请表)."""
    organ = run
    for m in _PAPER_NAME_END.finditer(run):
        rest = run[m.end() :]
        if len(rest) >= 4 and _PLACE_START.match(rest) and looks_like_org(rest):
            organ = rest
    return organ
# A date line as OCR reads it: 日 taken for 月/曰/目, or a speck inside ('2024年7月29有日').
_OCR_DATE = re.compile(
    rf"^\s*(?P<org>[^\d]*?)\s*(?P<y>(?:19|20)\d\d)\s*年\s*(?P<m>\d{{1,2}})\s*月\s*(?P<d>\d{{1,2}})\s*(?:[月曰目]|[{HAN}]日)\s*$"
)


def _ocr_date_line(text: str) -> tuple[str, list[str]] | None:
    """A line holding only a date that OCR garbled in its last character."""
    m = _OCR_DATE.match(text)
    if not m:
        return None
    orgs = split_orgs(m.group("org")) if m.group("org").strip() else []
    iso = numeric_date(f"{m.group('y')}-{m.group('m')}-{m.group('d')}")
    return (iso, orgs) if iso and orgs is not None else None


RECIPIENTS_END = re.compile(r"[:：]$")
_RECIPIENT_HINT = re.compile(
    r"各|局|委|政府|单位|公司|中心|办|院|会|部|厅|所|处|站|队|校|镇|乡|街道|区|县|市"
)


# Words of a sentence that ends in a colon ("现将有关事项通知如下："), not of a list of organs.
_NOT_RECIPIENTS = re.compile(
    r"如下|现将|现就|特此|根据|按照|为了|为进一步|通知|报告|决定|研究|同意|印发|请|要求|以下|下列|包括"
    r"|主要|具体|职责|内容|情况|措施|目标|原则|任务|负责|分工|组成|成员|组长|名单|方式|时间|地点|标准|如何|是"
)


def looks_like_recipients(text: str) -> bool:
    """主送机关: '各乡镇人民政府、街道办事处，区直各有关单位：'."""
    if not RECIPIENTS_END.search(text) or len(text) > 160:
        return False
    body = text.rstrip(":：")
    if re.search(r"[。；;！？]", body) or len(body) < 2:
        return False
    if body.startswith(("附件", "联系人", "联系电话", "电话", "邮箱", "地址", "说明", "备注", "注")):
        return False
    if ENUMERATION.match(body.lstrip(" -*•")):
        return False  # an item of a list in the text ('（一）在本县死亡的居民：'), not an address
    if _NOT_RECIPIENTS.search(body):
        return False
    # an organ's name is short; a list of them is split at commas and enumeration commas
    if any(len(p) > 40 for part in split_recipients(body) for p in split_outside_brackets(part, "、")):
        return False
    return bool(_RECIPIENT_HINT.search(body))


# Words of a sentence, not of an address line (现将有关事项通知如下：).
_NOT_ADDRESSEE = re.compile(
    r"如下|现将|现就|特此|根据|按照|通知|决定|要求|以下|下列|包括|具体|主要|为了|为进一步"
)
_LABEL_END = re.compile(
    r"(?:时间|日期|地点|方式|电话|传真|邮箱|网址|地址|联系人|邮编|名称|内容|要求|范围|对象|条件|标准)$"
)
_ADDRESSEE_END = re.compile(
    r"(?:政府|委|办|局|厅|署|单位|部门|机构|企业|院校|学校|管委会|公署|办事处|代表|朋友|同志|群众|居民|村民|市民|委员)\S{0,6}$"
)


def looks_like_addressee(text: str, colon: bool = True) -> bool:
    """The line right under a document's head, read as its 主送机关 by position (GB/T 9704
    7.2.4): short parts without sentence punctuation, ending with a colon – or, when the page
    lost it (``colon=False``), every part naming a group of organs ('…各直属機構')."""
    t = text.strip()
    ends = bool(RECIPIENTS_END.search(t))
    if not ends and colon:
        return False
    body = t.rstrip(":：").strip()
    if len(body) < 2 or len(body) > 250 or re.search(r"[。；;！？!?]", body):
        return False
    if body.startswith(
        ("附件", "联系人", "联系电话", "电话", "邮箱", "地址", "说明", "备注", "注", "时间", "地点")
    ):
        return False
    if (
        _NOT_ADDRESSEE.search(body)
        or "签发" in body
        or re.search(r"\d\s*号", body)
        or _LABEL_END.search(body)
    ):
        return False
    parts = split_outside_brackets(body, "，,；;")
    if any(len(p) > 80 for p in parts):
        return False
    # without its colon only a list of organ groups reads as an address (各…, A，B)
    return ends or (
        (len(parts) > 1 or body.startswith("各")) and all(_ADDRESSEE_END.search(p) for p in parts)
    )


def split_recipients(text: str) -> list[str]:
    """'各县（市、区）人民政府，市直各有关单位：' -> two organs. The list is cut at commas and
    semicolons outside brackets, and at 、 only where every part is a whole organ name
    (各乡镇人民政府、街道办事处), never inside 各委、办、局."""
    body = text.rstrip(":：").strip()
    out: list[str] = []
    for part in split_outside_brackets(body, "，,；;"):
        pieces = split_outside_brackets(part, "、")
        if len(pieces) > 1 and all(len(p) >= 3 and looks_like_org(p.lstrip("各")) for p in pieces):
            out.extend(pieces)
        else:
            out.append(part)
    return out


# A 文号 in brackets closing a title line: "…的通知（示政发〔2024〕8号）".
TRAILING_DOCNUM = re.compile(r"[（(](?P<dn>[^()（）]{4,30}号)[)）]$")
# A title in book brackets: 《示例市城市供水管理办法》.
BOOK_TITLE = re.compile(r"《(?P<t>[^《》]{4,80})》")

# A section heading in the body names a kind of document relative to the issuing government
# (区政府文件, 县政府办公室文件, 部门文件) or is a 栏目 name; a red head names a whole organ
# (示例县人民政府文件) and is not one.
RELATIVE_SECTION = re.compile(rf"^(?:[市县区州盟旗省镇乡]|部门|政府|本级)[{HAN}]{{0,10}}文件$")


# Enumeration at the start of a body line: 一、 （一） 1. (1) 第一条 …
ENUMERATION = re.compile(
    f"^(?:{SECTION_MARK}|{SUBSECTION_MARK}|{SUBITEM_MARK}|{ITEM_MARK}|{ARTICLE_MARK}|{CHAPTER_MARK})"
)

# A line ending so does not run on into the next: an attachment's name is complete.
ATTACHMENT_NAME_END = re.compile(f"(?:{_NAME_END})$")

# The 附件说明 (GB/T 9704 7.3.4): '附件：1. …' opens it; an attachment itself begins with a
# label line of its own ('附件1', '附件二').
ATTACH_HEAD = re.compile(r"^附\s*件\s*(?:\d+|[一二三四五六七八九十]+)?\s*[:：]\s*(?P<rest>.*)$")
ATTACH_SECTION = re.compile(r"^附\s*件\s*(?:\d+|[一二三四五六七八九十]+)?$")
