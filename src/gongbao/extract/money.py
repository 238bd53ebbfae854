"""Money rules: subsidies, rewards, fees, fines, vouchers, premiums and caps.

Each amount (万元 and 亿元 converted to yuan) or rate in a sentence that speaks of money
(补贴/补助/奖励/费/券/罚款/缴费…) becomes a rule, unless it is a threshold (满1000, 交易额
超过500万元, 500万元以上). ``最高/不超过 X`` is the cap of the rule before it in the sentence,
or a rule of kind ``cap`` of its own. ``元/户``, ``每亩``, ``生均`` give the unit. Amounts
tagged with a funding level (市级…2100元, 区级…1200元) that add up to the rule's amount
become its split.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from gongbao.extract._text import DocLines
from gongbao.models import MoneyKind, MoneyRule
from gongbao.text.chars import HAN, squeeze

_NUM = r"(?P<num>\d+(?:\.\d+)?)"
_MONEY = re.compile(
    _NUM + r"(?P<mult>亿元|万元|元|万(?=[、,，和及至到\-—~～。；;）)]|$))"
    r"(?:(?:[-—~～至到])(?P<num2>\d+(?:\.\d+)?)(?P<mult2>亿元|万元|元|万))?"
    rf"(?:/(?P<per>(?:(?!的|补|奖|标准|给予|资助|以|及|和|或)[{HAN}]){{1,3}}(?:[/·•][{HAN}])?)|(?P<per2>[户亩人具件辆次])(?=的|标准|[，,。；]))?"
)
_RATE = re.compile(_NUM + r"%(?:[-—~～至到](?P<num2>\d+(?:\.\d+)?)%)?")
_FULL = re.compile(r"全额(资助|补助|补贴|承担)")
_CUE = re.compile(r"补贴|补助|奖励|奖金|资助|扶持资金|贴息|券|罚款|罚金|保费|缴费|费用|服务费|收费|工资|报酬|"
                  r"支持|奖补|费|返还|补偿|救助|津贴|抚恤|慰问金|养老金|低保|保障金|生活费")
_KINDS: list[tuple[MoneyKind, re.Pattern[str]]] = [
    ("voucher", re.compile(r"券")),
    ("fine", re.compile(r"罚款|罚金|处以")),
    ("reward", re.compile(r"奖励|奖金|表彰")),
    ("subsidy",
     re.compile(r"补贴|补助|资助|扶持|贴息|支持|奖补|返还|补偿|救助|津贴|抚恤|慰问金|养老金|低保|保障金|生活费")),
    ("premium", re.compile(r"缴费|自缴|缴纳|保费")),
    ("fee", re.compile(r"费|收费")),
]
# 处5000元以上2万元以下罚款 / 处以1万元以下的罚款
_FINE_RANGE = re.compile(
    r"(?:(?P<lo>\d+(?:\.\d+)?)(?P<lom>万元|元|万)以上)?(?P<hi>\d+(?:\.\d+)?)(?P<him>万元|元)以下的?(?:罚款|罚金)"
)
_THRESHOLD_BEFORE = re.compile(
    r"(满|(?<![,，])达到|(?<![,，])达|(?<!不)超过|(?<!不)高于|≥|>|交易额|营收|营业收入|销售额|产值|投资额|总投资|投资|规模|"
    r"首次达到|金额在|以上的|合同额|消费(?![者券])|(?<!再)增加(?![至到])|提高(?![至到])|增长(?![至到])|上涨|减少|下降|"
    r"共计|合计|总计|累计|总额|总规模|总量|资金规模)[^，。；,;\d]{0,3}$"
)
# a budget set aside (安排专项资金1亿元, 投入5000万元): money spent, not a rule for anybody
_BUDGET_BEFORE = re.compile(r"(安排|设立|筹集|筹措|投入|下达|拨付|列支)[^，。；,;\d]{0,12}$")
_THRESHOLD_AFTER = re.compile(r"^(\(含\)|（含）)?(以上|以下|及以上|的项目|规模)")
_CAP_BEFORE = re.compile(r"(最高|不超过|不高于|不超|上限|封顶|最多|至多)[^，。；,;\d]{0,6}$")
_LEVEL = re.compile(r"(中央|省级|市级|县级|区级|乡级|(?:省|市|县|区)(?=财政(?![厅局])|配套|再|本级))")
_PER = re.compile(rf"(?:每|单个|单家|每个)(?P<u>[{HAN}]{{1,3}}?)(?=补|奖|给予|资助|\d|不|按|最高|"
                  r"发放|标准|费|的|每|限)")
_AVG = re.compile(r"(?P<u>[生人户])均")
_RATE_SKIP_BEFORE = re.compile(r"(增长|提高|下降|达到|占比|比例达到|率|覆盖|(?<!不)超过|收入的|"
                               r"不低于所在地)[^，。；,;\d]{0,4}$")
# a share of a cost between payers (省级承担60%, 中央应负担部分(…70%)): a split, not a rule
_SHARE = re.compile(r"负担|承担|分担")
_BENEFICIARY = re.compile(r"对([^，。；,;]{2,40}?)(?:的|,|，)?(?:给予|按|奖励|补助|补贴|资助)")
# Sentences end at 。；; a heading line break does not end one ("遗体接运费\n(含消毒):600元/具"),
# a table row does.
_MEASURE = re.compile(r"^[个位名]")
_PER_TIME = re.compile(r"(每年|每月|每天)$")
_TIME_UNIT = re.compile(r"^(年|月|天|日|季度|周)")
_COUNTERS = "辆台头只套件株座间张吨"
_RATE_CUE = re.compile(r"补助|补贴|奖励|支持|保费|分配|支付|留给|贴息|资助|上浮|奖金|返还|补偿|计发")
_SENT = re.compile(r"[^。；;\t]+(?:\t[^\n]*)?")


def _yuan(num: str, mult: str) -> float:
    v = float(num)
    if mult.startswith("亿"):
        v *= 1e8
    elif mult.startswith("万"):
        v *= 1e4
    return round(v, 2)


def _num(v: float) -> float | int:
    return int(v) if float(v).is_integer() else v


def _kind(*contexts: str) -> MoneyKind:
    """The kind named in the nearest context that names one (the clause, then around it)."""
    for s in contexts:
        for kind, rx in _KINDS:
            if rx.search(s):
                return kind
    return "other"


def _clause(sent: str, pos: int) -> tuple[int, int]:
    a = max(sent.rfind(c, 0, pos) for c in ",，") + 1
    ends = [i for i in (sent.find(c, pos) for c in ",，") if i >= 0]
    return a, (min(ends) if ends else len(sent))


def _unit(sent: str, a: int, b: int, pos: int, per: str | None) -> str | None:
    if per:
        return per
    for m in reversed(list(_PER.finditer(sent[a:pos + 1]))):
        u = _MEASURE.sub("", m.group("u")) or m.group("u")
        u = _PER_TIME.sub("", u)
        if not u or _TIME_UNIT.match(u):  # 每年贴息, 每月: how often, not per what
            continue
        return u[0] if u[0] in _COUNTERS else u  # 每辆车 -> 辆, 每张面额 -> 张
    m = _AVG.search(sent[max(0, a - 12):b])
    if m:
        return m.group("u")
    return None


def extract_money(doc: DocLines) -> list[MoneyRule]:
    """Money rules in a document, in order of appearance."""
    text = doc.joined
    out: list[MoneyRule] = []
    summary: set[int] = set()
    for sm in _SENT.finditer(text):
        if not _CUE.search(sm.group()):
            continue
        r = _Sentence(doc, sm.group(), sm.start())
        for pos, kind, m in _tokens(r.text):
            at = r.place(pos, kind, m)
            if at is not None:
                _READERS[kind](r, at)
        if not _attach_split(r.rules, r.levels, out):
            r.rules += _parallel_levels(r.levels, r.text)
        near = [x for x in out[-1:] if doc.line_at(r.base) - x.line <= 3]
        _attach_shares(_shares(r.text), [x for _, x in r.rules] or near)
        _keep(r.text, r.rules, out, summary)
    return out


@dataclass
class _At:
    """An amount, a rate, 全额 or a fine range of a sentence, with its clause ([a, b))."""

    pos: int
    m: re.Match[str]
    a: int
    b: int
    in_list: bool  # after 、和及或: the same role as the one before
    line: int
    frag: str  # the text quoted with its rule

    @property
    def before(self) -> str:
        return self.m.string[max(0, self.pos - 14) : self.pos]

    @property
    def after(self) -> str:
        return self.m.string[self.m.end() : self.m.end() + 8]

    @property
    def clause(self) -> str:
        return self.m.string[self.a : self.b]

    @property
    def lead(self) -> str:
        """The clause up to this amount."""
        return self.m.string[self.a : self.pos]

    @property
    def ctx(self) -> str:
        return self.m.string[max(0, self.a - 30) : self.b]


@dataclass
class _Sentence:
    """The rules read of one sentence so far."""

    doc: DocLines
    text: str
    base: int  # its offset in the document's text
    rules: list[tuple[int, MoneyRule]] = field(default_factory=list)
    levels: list[tuple[str, float, int]] = field(default_factory=list)  # (funding level, amount, line)
    prev_end: int = -5
    prev_skip: bool = False
    prev_level: bool = False

    def place(self, pos: int, kind: str, m: re.Match[str]) -> _At | None:
        """The token in its clause, or None when it is a threshold or a budget (满1000, 投入5000万元),
        or listed after one."""
        a, b = _clause(self.text, pos)
        in_list = self.text[self.prev_end:pos] in ("、", "和", "及", "或")
        self.prev_end = m.end()
        before, after = self.text[max(0, pos - 14):pos], self.text[m.end():m.end() + 8]
        skip = (kind == "money"
                and (_THRESHOLD_BEFORE.search(before) or _BUDGET_BEFORE.search(self.text[a:pos]))) \
            or _THRESHOLD_AFTER.search(after) or (in_list and self.prev_skip)
        self.prev_skip = bool(skip)
        if skip:
            return None
        # the quoted fragment starts at the block holding the amount, not at a heading above it
        frag = squeeze(self.text[max(a, self.text.rfind("\n", 0, pos) + 1):b])[:120]
        return _At(pos, m, a, b, in_list, self.doc.line_at(self.base + pos), frag)

    def add(self, at: _At, *, kind: MoneyKind, amount: float | None = None, rate: float | None = None,
            unit: str | None = None, cap: float | None = None, condition: bool = True) -> None:
        self.rules.append((at.pos, MoneyRule(amount=amount, rate=rate, unit=unit, kind=kind,
                                             beneficiary=_beneficiary(self.text),
                                             condition=_condition(self.text, at.a) if condition else None,
                                             cap=cap, split=None, line=at.line, text=at.frag)))


def _amount(r: _Sentence, at: _At) -> None:
    """An amount: a funding level's share (其中市级2100元), the cap of the rule before it or a
    rule of kind cap (最高不超过…), or a rule of its own."""
    m = at.m
    amount = _yuan(m.group("num"), m.group("mult"))
    cap2 = _yuan(m.group("num2"), m.group("mult2")) if m.group("num2") else None
    capped = bool(_CAP_BEFORE.search(at.lead))
    if _level_share(r, at, amount, capped):
        return
    unit = _unit(r.text, at.a, at.b, at.pos, m.group("per") or m.group("per2"))
    if capped and not cap2:
        _cap(r, at, amount, unit)
    elif _CUE.search(at.ctx) or r.rules:
        r.add(at, kind=_kind(at.clause, at.ctx), amount=_num(amount), unit=unit, cap=_num(cap2) if cap2
              else None)


def _level_share(r: _Sentence, at: _At, amount: float, capped: bool) -> bool:
    """Is the amount a funding level's (the level nearest it: 其中市级2100元、县级1200元), or
    listed after one? Kept as a level of the sentence."""
    lv = None
    for lv in _LEVEL.finditer(at.lead):
        pass
    if lv and capped and "分别" not in at.lead:
        lv = None  # 省级最高奖励500万元: the cap of the rate before it
    if not lv and not (at.in_list and r.prev_level):
        r.prev_level = False
        return False
    r.prev_level = True
    if lv:
        name = lv.group(1) if lv.group(1).endswith("级") else lv.group(1) + "级"
        r.levels.append((name, amount, at.line))
    return True


def _cap(r: _Sentence, at: _At, amount: float, unit: str | None) -> None:
    """最高/不超过 X: the cap of the rule before it in the sentence, or a rule of its own: 每个展位
    补助最高2.5万元 (kind cap), 补助不超过30万元 (its kind)."""
    prev = r.rules[-1][1] if r.rules else None
    same_clause = prev is not None and r.rules[-1][0] >= at.a
    if prev and prev.cap is None and (same_clause
                                      or not (_PER.search(r.text[at.a:at.pos + 1]) and prev.unit is None)):
        prev.cap = _num(amount)
        if prev.unit is None:
            prev.unit = unit
        return
    kind = "cap" if unit or _kind(at.clause) == "other" else _kind(at.clause)
    r.add(at, kind=kind, unit=unit, cap=_num(amount), condition=False)


def _rate(r: _Sentence, at: _At) -> None:
    if _RATE_SKIP_BEFORE.search(at.before) or not _RATE_CUE.search(at.ctx + at.after) \
            or _SHARE.search(r.text[max(0, at.a - 20):at.pos]):
        return
    r.add(at, kind=_kind(at.clause, at.ctx), rate=round(float(at.m.group("num")) / 100, 4))


def _fine(r: _Sentence, at: _At) -> None:
    """处5000元以上2万元以下罚款: the lower bound as the amount, the upper as the cap."""
    m = at.m
    lo = _num(_yuan(m.group("lo"), m.group("lom"))) if m.group("lo") else None
    r.add(at, kind="fine", amount=lo, cap=_num(_yuan(m.group("hi"), m.group("him"))))


def _full(r: _Sentence, at: _At) -> None:
    r.add(at, kind="subsidy", rate=1.0)  # 全额补贴


_READERS = {"money": _amount, "rate": _rate, "fine": _fine, "full": _full}


def _tokens(sent: str) -> list[tuple[int, str, re.Match[str]]]:
    """(position, kind, match) of each amount, rate, 全额 and fine range of a sentence, in order
    (an amount inside a fine range is part of it)."""
    tokens = [(m.start(), "money", m) for m in _MONEY.finditer(sent)]
    tokens += [(m.start(), "rate", m) for m in _RATE.finditer(sent)]
    tokens += [(m.start(), "full", m) for m in _FULL.finditer(sent)]
    fines = list(_FINE_RANGE.finditer(sent))
    tokens = [t for t in tokens if not any(f.start() <= t[0] < f.end() for f in fines)]
    tokens += [(m.start(), "fine", m) for m in fines]
    return sorted(tokens, key=lambda x: x[0])


def _keep(sent: str, s_rules: list[tuple[int, MoneyRule]], out: list[MoneyRule], summary: set[int]) -> None:
    """Append a sentence's rules to ``out``, each rule once."""
    seen: set[tuple] = set()
    for pos, r in s_rules:
        if r.kind == "voucher" and r.unit is None and "张" in sent:
            r.unit = "张"
        key = (r.amount, r.rate, r.cap, r.kind)
        if any(k == key and abs(p - pos) <= 24 for k, p in seen):  # 100元消费券，满1000减100元: one rule
            continue
        seen.add((key, pos))
        if any((o.amount, o.rate, o.cap, o.kind) == key and abs(o.line - r.line) <= 3
               and id(o) in summary for o in out[-8:]):
            continue  # a summary (面额分别为…) and its detail a line below: one rule
        if r.kind == "other" and r.rate is not None and any(o.rate == r.rate
                                                            and o.amount is None for o in out):
            continue  # a rate restated without a kind of its own: the earlier rule stands
        if "分别为" in sent:
            summary.add(id(r))
        out.append(r)


def _attach_split(s_rules, levels, out) -> bool:
    """Level-tagged amounts that add up to a rule's amount (in this sentence or the one
    before, for 其中市级…) become its split."""
    if not levels:
        return True
    total = round(sum(v for _, v, _ in levels), 2)
    for target in [r for _, r in s_rules] + out[-3:][::-1]:
        if target.amount is not None and abs(float(target.amount) - total) < 0.01:
            target.split = {name: _num(v) for name, v, _ in levels}
            return True
    return False


_LV = r"(?:中央|省级?|市级?|县级?|区级?|乡镇?级?)"
_RATIO_SHARES = re.compile(rf"(?P<levels>{_LV}(?:[、和与及]{_LV})+)[^，。；"
                           rf"]{{0,12}}?按照?(?P<ratio>\d+(?:[:：]\d+)+)的?比例")
_PERCENT_SHARE = re.compile(rf"(?P<lv>{_LV})(?:财政)?(?:承担|负担|分担|配套)(?P<p>\d+(?:\.\d+)?)%")


def _level_name(lv: str) -> str:
    return lv if lv.endswith("级") or lv == "中央" else lv + "级"


def _shares(sent: str) -> dict[str, float] | None:
    """How funding levels share a cost: 省、市、县按5:3:2比例分担 / 省级承担60%，市级承担40%
    -> {"省级": 0.5, …} (fractions of the whole)."""
    s = squeeze(sent)
    m = _RATIO_SHARES.search(s)
    if m:
        names = [_level_name(x) for x in re.split(r"[、和与及]", m.group("levels"))]
        parts = [float(x) for x in re.split(r"[:：]", m.group("ratio"))]
        if len(names) == len(parts) and sum(parts):
            return {n: round(p / sum(parts), 4) for n, p in zip(names, parts)}
    found = {_level_name(x.group("lv")): round(float(x.group("p")) / 100,
                                               4) for x in _PERCENT_SHARE.finditer(s)}
    return found if len(found) >= 2 else None


def _attach_shares(shares: dict[str, float] | None, candidates: list[MoneyRule]) -> None:
    """The shares become the split of the rule they pay for: the last one of the sentence,
    or of the sentence before."""
    if shares and candidates and candidates[-1].split is None:
        candidates[-1].split = shares


def _parallel_levels(levels, sent: str) -> list[tuple[int, MoneyRule]]:
    """省级分别给予100万元、50万元，市级分别给予20万、15万，县级再分别配套10万、5万: one
    rule per position, its amount the sum over the levels, the levels its split."""
    groups: dict[str, list[tuple[float, int]]] = {}
    for name, v, line in levels:
        groups.setdefault(name, []).append((v, line))
    sizes = {len(g) for g in groups.values()}
    if len(groups) < 2 or len(sizes) != 1:
        return []
    n = sizes.pop()
    kind = _kind(sent)
    out = []
    for i in range(n):
        split = {name: _num(g[i][0]) for name, g in groups.items()}
        line = next(iter(groups.values()))[i][1]
        total = _num(round(sum(g[i][0] for g in groups.values()), 2))
        out.append((10**9 + i,
                    MoneyRule(amount=total, rate=None, unit=None, kind=kind, beneficiary=_beneficiary(sent),
                                         condition=None, cap=None, split=split, line=line,
                                         text=squeeze(sent)[:120])))
    return out


def _beneficiary(sent: str) -> str | None:
    m = _BENEFICIARY.search(sent)
    return squeeze(m.group(1))[:40] if m else None


def _condition(sent: str, a: int) -> str | None:
    c = squeeze(sent[:a]).strip("，,")
    return c[-60:] or None
