"""Web page chrome copied along with a document's text.

Text taken from a government site (or a mirror) carries the page around the document: font
size and print buttons (【字号】【打印】【关闭】), share links (分享到 微信 微博), visit counters
(阅读次数), the page's metadata labels (发布日期, 来源, 索引号, 发文字号) and the notices of
document-sharing sites (上传用户, 下载到本地). None of it is part of the document, but a
labelled 发文字号 or 成文日期 line is the page's statement of the document's own metadata.
"""

from __future__ import annotations

import re

# Labels of the page's metadata block and of site furniture, as they start a field.
_LABELS = (
    "发布日期|发布时间|上载日期|更新日期|更新时间|生成日期|时间|日期|来源|信息来源|文章来源|稿件来源|来源单位"
    "|作者|撰稿|责任编辑|编辑|审核|校对|浏览次数|阅读次数|点击次数|访问次数|访问量|浏览量|阅读量|点击数|点击率"
    "|被引量|上传用户|上传者|下载次数|索引号|主题分类|主题词|体裁分类|组配分类|服务对象|发布机构|发文机关|发文单位"
    "|发文字号|文号|成文日期|标题|名称|有效性|时效性|信息类别|分享到|分享|字号|字体"
    "|当前位置|您当前的位置|您所在的位置|所在位置|位置"
)
_FIELD = re.compile(rf"(?:^|(?<=[\s|｜,，;；【】\[\]日\d]))(?P<label>{_LABELS})\s*[:：]\s*")
# Lines that are the notices of a sharing site or an archive, whatever follows them.
_LINE_STARTS = re.compile(
    r"^\s*(?:本作品收录于|收录于|声明\s*[:：]|下载到本地|官方来源|来源\s*[:：]|相关报道见)"
)
# Buttons and links that stand alone.
_BUTTONS = re.compile(
    r"【\s*[大中小]\s*】|[【\[]\s*(?:字号|字体|打印|关闭|收藏|分享|编辑|返回顶部|打印本页|关闭窗口|加入收藏)\s*[:：]?\s*[】\]]"
    r"|打印本页|关闭窗口|加入收藏|返回顶部|返回首页|扫一扫|微信扫一扫|手机扫一扫|QQ\s*空间|qq\s*空间|新浪微博|微信|微博"
    r"|下载到本地|更方便阅读|本文档内容版权归属|官方来源|本作品收录于|收录于|相关报道见|打印|关闭|收藏"
    r"|[【\[]\s*[大中小](?:\s+[大中小]){1,2}\s*[】\]]|\[\s*[编編]\s*[辑輯]\s*\]|【\s*[编編]\s*[辑輯]\s*】"
)
_MAYBE = re.compile(r"[:：【\[]|打印|关闭|收藏|分享|微信|微博|空间|扫一扫|下载|版权|收录|来源|报道见|返回")
_DATETIME = re.compile(r"(?:19|20)\d\d[-/.年]\d{1,2}[-/.月]\d{1,2}日?(?:\s*\d{1,2}:\d{2}(?::\d{2})?)?")
_SENTENCE_END = re.compile(r"[。！？]")
_MAX_CHROME = 120
# Labels whose value is the document's own metadata as the page states it.
_META_LABELS = {
    "发文字号": "doc_number",
    "文号": "doc_number",
    "成文日期": "date",
    "发文机关": "issuer",
    "发文单位": "issuer",
    "标题": "title",
}
_INLINE_PREFIX = re.compile(r"^(?:<正>|原标题\s*[:：]|标题\s*[:：])\s*")
_EDIT_MARK = re.compile(r"\s*[\[【]\s*[编編]\s*[辑輯]\s*[\]】]\s*$")


def strip_inline_chrome(line: str) -> str:
    """Site markers glued to a line of the document: '<正>', '原标题:', a trailing '[编辑]'."""
    if line.startswith(("<正>", "原标题", "标题")):
        line = _INLINE_PREFIX.sub("", line)
    if "编" in line or "編" in line:
        line = _EDIT_MARK.sub("", line)
    return line


def chrome_fields(line: str) -> dict[str, str] | None:
    """The page-chrome fields of ``line`` ({label: value}), or None when the line is part of
    the document. A chrome line is short, has no sentence in it, and is made of labelled
    fields, buttons and dates."""
    if len(line) > _MAX_CHROME or not _MAYBE.search(line):
        return None  # most lines of a document: no label, no bracket, no button word
    if _LINE_STARTS.match(line):
        return {}
    if _SENTENCE_END.search(line):
        return None
    fields = list(_FIELD.finditer(line))
    rest = _BUTTONS.sub(" ", line)
    if not fields and rest == line:
        return None
    out: dict[str, str] = {}
    if fields:
        if fields[0].start() > 0 and not _is_residue(line[: fields[0].start()]):
            return None  # '资金来源：县财政' – a label inside the document's own text
        for k, m in enumerate(fields):
            end = fields[k + 1].start() if k + 1 < len(fields) else len(line)
            out[m.group("label")] = _BUTTONS.sub(" ", line[m.end() : end]).strip(" |｜")
        if len(fields) == 1 and not _standalone_field(fields[0].group("label"), out):
            return None
        return out
    return out if _is_residue(rest) else None


def _standalone_field(label: str, fields: dict[str, str]) -> bool:
    """One labelled field alone on a line is chrome only for labels a document's own text
    does not use that way ('时间：2024年3月1日' can be a meeting's time in a notice)."""
    value = fields[label]
    if label in ("时间", "日期", "名称", "位置", "分享", "编辑", "审核", "标题"):
        return bool(_DATETIME.fullmatch(value.strip())) and label in ("时间", "日期")
    return len(value) <= 60


def _is_residue(s: str) -> bool:
    """What is left once buttons are gone: separators, dates, counters."""
    s = _DATETIME.sub(" ", s)
    s = re.sub(r"[\s|｜:：,，.、·•>»/\\\-\[\]【】()（）]+|\d+次?", "", s)
    return len(s) <= 2


def page_metadata(fields: dict[str, str]) -> dict[str, str]:
    """The document's own metadata among a chrome line's fields (发文字号, 成文日期, …)."""
    return {_META_LABELS[k]: v for k, v in fields.items() if k in _META_LABELS and v}
