import pytest

from extract_fixtures import assert_lines_inside, gazette

from gongbao.extract import extract_gazette

TEXT = """关于印发示例县补贴办法的通知
一、设备补贴
“煤改电”项目一次性补贴设备资金3300元/户。其中市级财政补贴2100元/户，县级财政补贴1200元/户。
二、奖励标准
对新认定的示范企业，给予10万元一次性奖励。对年交易额超过500万元的企业，按每人400元给予培训补助，单个企业补助最高5万元。
三、其他
展位费给予60%的补助。耕地地力保护补贴标准为每亩补助67元。
项目总投资2亿元。"""


def _doc():
    gz = gazette(TEXT,
                 [{"start": 1, "end": 8, "title": "关于印发示例县补贴办法的通知", "date": "2024-03-01"}])
    extract_gazette(gz)
    return gz.documents[0]


def test_amount_unit_and_split_between_funding_levels():
    rules = {r.amount: r for r in _doc().money if r.amount}
    r = rules[3300]
    assert r.unit == "户" and r.kind == "subsidy" and r.line == 3
    assert r.split == {"市级": 2100, "县级": 1200}
    assert 2100 not in rules and 1200 not in rules


def test_wan_yuan_reward_cap_and_threshold():
    rules = _doc().money
    amounts = [r.amount for r in rules]
    assert 100000 in amounts  # 10万元
    assert 5000000 not in amounts  # 交易额超过500万元 is a condition, not a rule
    training = [r for r in rules if r.amount == 400][0]
    assert training.unit == "人" and training.cap == 50000


def test_rate_per_mu_and_no_rule_without_money_words():
    rules = _doc().money
    assert any(r.rate == 0.6 for r in rules)
    assert any(r.amount == 67 and r.unit == "亩" for r in rules)
    assert not any(r.amount == 200000000 for r in rules)
    assert_lines_inside(_doc())


LEVELS = """关于支持标准制定的若干政策
对主导国际标准、国家标准制修订的单位，在省级分别给予最高100万元、50万元的补助，市级配套分别给予20万、15万，县级再分别配套10万、5万。"""


def test_parallel_funding_level_lists_become_one_rule_per_position():
    gz = gazette(LEVELS, [{"start": 1, "end": 2, "title": "关于支持标准制定的若干政策"}])
    extract_gazette(gz)
    rules = {r.amount: r for r in gz.documents[0].money}
    assert set(rules) == {1300000, 700000}
    assert rules[1300000].split == {"省级": 1000000, "市级": 200000, "县级": 100000}
    assert rules[700000].line == 2


MORE = """关于某某事项的通知
违反规定的，由县城管局责令改正，处5000元以上2万元以下罚款。
逾期不改正的，处以1万元以下的罚款。
保费由县级财政补贴80%，农户自缴20%。
发放消费券面额为50元，共计500万元。
今年全县完成投资30亿元，增长12%。"""


def test_fines_kinds_and_totals():
    gz = gazette(MORE, [{"start": 1, "end": 6, "title": "关于某某事项的通知"}])
    extract_gazette(gz)
    got = [(r.line, r.kind, r.amount, r.rate, r.cap) for r in gz.documents[0].money]
    assert (2, "fine", 5000, None, 20000) in got
    assert (3, "fine", None, None, 10000) in got
    assert (4, "subsidy", None, 0.8, None) in got and (4, "premium", None, 0.2, None) in got
    assert (5, "voucher", 50, None, None) in got
    assert not [g for g in got if g[0] in (5, 6) and g[2] in (5000000, 3000000000)]


def test_split_listed_with_enumeration_comma_and_fragment_starts_at_its_block():
    text = "关于补贴的通知\n二、补贴标准\n煤改电设备购置补贴每户3300元，其中市级2100元、县级1200元。"
    gz = gazette(text, [{"start": 1, "end": 3, "title": "关于补贴的通知", "date": "2024-03-01"}])
    extract_gazette(gz)
    [r] = [r for r in gz.documents[0].money if r.amount == 3300]
    assert r.split == {"市级": 2100, "县级": 1200}
    assert r.text.startswith("煤改电")


def _rules(text: str):
    from gongbao.extract._text import DocLines
    from gongbao.extract.money import extract_money

    lines = text.split("\n")
    return [(r.amount, r.rate, r.unit, r.kind, r.cap, r.split)
            for r in extract_money(DocLines.from_lines(lines, 1, len(lines)))]


@pytest.mark.parametrize("text,expected", [
    pytest.param("改造补贴标准为2000元/户。", [(2000, None, "户", "subsidy", None, None)],
                 id="yuan-per-household"),
    pytest.param("对种植大户给予200元/亩的补贴，最高不超过5万元。",
                 [(200, None, "亩", "subsidy", 50000, None)],
                 id="yuan-per-mu-with-cap"),
    pytest.param("公益性岗位补贴按1500元/人·月发放。", [(1500, None, "人·月", "subsidy", None, None)],
                 id="yuan-per-person-month"),
    pytest.param("对新建项目奖励1.5亿元。", [(150000000, None, None, "reward", None, None)], id="yi-yuan"),
    pytest.param("市财政安排专项资金1.5亿元用于奖补。", [], id="a-budget-is-no-rule"),
    pytest.param("城乡居民基础养老金最低标准提高至每人每月123元。",
                 [(123, None, "人", "subsidy", None, None)],
                 id="benefit-standard-raised-to"),
    pytest.param("对购买新能源汽车的个人，每辆车给予3000元补贴。",
                 [(3000, None, "辆", "subsidy", None, None)],
                 id="counter-of-a-noun"),
    pytest.param("按设备投资额的10%给予奖励，封顶100万元。", [(None, 0.1, None, "reward", 1000000, None)],
                 id="rate-with-fengding"),
    pytest.param("返还数额按实际交纳数的70%计算。", [(None, 0.7, None, "subsidy", None, None)],
                 id="rate-of-a-refund"),
    pytest.param("每户补助3300元，其中市级2100元、区级1200元。",
                 [(3300, None, "户", "subsidy", None, {"市级": 2100, "区级": 1200})], id="split-by-amounts"),
    pytest.param("对完成改造的农户每户补贴3000元，所需资金由省、市、县按5:3:2的比例分担。",
                 [(3000, None, "户", "subsidy", None, {"省级": 0.5, "市级": 0.3, "县级": 0.2})],
                 id="split-by-ratio"),
    pytest.param("每户补助2000元。补助资金省级承担60%，市级承担20%，县级承担20%。",
                 [(2000, None, "户", "subsidy", None, {"省级": 0.6, "市级": 0.2, "县级": 0.2})],
                 id="split-by-percent"),
])
def test_money_forms(text, expected):
    assert _rules(text) == expected
