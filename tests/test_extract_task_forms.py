"""One invented case per way 公文 assign a task: notes after an item, duty sentences, task
tables (tab-separated or one cell a line), deadlines, and units named within the region."""

import pytest

from gongbao.extract._text import DocLines
from gongbao.extract.deadlines import find_deadlines
from gongbao.extract.tasks import extract_tasks
from gongbao.extract.unit_lists import clean_units
from gongbao.extract.units import qualify_units, region_of


def _tasks(text: str, year: int = 2024, region: str | None = None):
    lines = text.split("\n")
    return extract_tasks(DocLines.from_lines(lines, 1, len(lines)), year, region)


# (text, [(line, lead, units)])
FORMS = [
    pytest.param("（一）加强统筹。推进项目建设。（县发改局牵头，县财政局、县住建局等按职责分工负责）",
                 [(1, ["县发改局"], ["县发改局", "县财政局", "县住建局"])],
                 id="lead-then-others-in-brackets"),
    pytest.param("1.优化营商环境。深化改革。（牵头单位：市营商局；责任单位：市发改委、市财政局；配合单位：各县区政府）",
                 [(1, ["市营商局"], ["市营商局", "市发改委", "市财政局", "各县区政府"])], id="labelled-note"),
    pytest.param("2.加快项目建设。此项工作由市住建局负责，2023年12月底前完成。",
                 [(1, ["市住建局"], ["市住建局"])], id="you-x-fuze"),
    pytest.param("县教育局要加强校园安全管理，确保第一季度完成排查。",
                 [(1, ["县教育局"], ["县教育局"])], id="x-yao"),
    pytest.param("3.推进河长制。强化河湖管理。\n\n责任单位：区水利局、各乡镇\n\n完成时限：2024年6月底前",
                 [(1, ["区水利局", "各乡镇"], ["区水利局", "各乡镇"])], id="unit-line-below-the-item"),
    pytest.param("1.建设管网。\n责任单位：县住建局、县\n财政局、县自然资源局\n2.推进改造。\n责任单位：县发改局",
                 [(1, ["县住建局", "县财政局", "县自然资源局"], ["县住建局", "县财政局", "县自然资源局"]),
                  (4, ["县发改局"], ["县发改局"])], id="unit-line-wrapped"),
    pytest.param("（二）强化保障。一是完善机制（县委办负责）；二是加强督查（县督查室负责）。",
                 [(1, ["县委办"], ["县委办"]), (1, ["县督查室"], ["县督查室"])], id="two-notes-in-one-item"),
    pytest.param("5.强化数据共享。\n责任单位：县数据局 6.推进平台建设。建成平台。\n责任单位：县工信局",
                 [(1, ["县数据局"], ["县数据局"]), (2, ["县工信局"], ["县工信局"])],
                 id="next-item-on-the-note-line"),
    pytest.param("第三条 市环卫主管部门主管本市的垃圾管理工作。区环卫主管部门、镇人民政府、"
                 "街道办事处依照本办法负责本辖区的管理工作。",
                 [(1, ["市环卫主管部门"], ["市环卫主管部门"]),
                  (1, ["区环卫主管部门", "镇人民政府", "街道办事处"],
                   ["区环卫主管部门", "镇人民政府", "街道办事处"])],
                 id="regulation-articles"),
    pytest.param("市城管局会同规划、建设等行政管理部门制定治理规划。",
                 [(1, ["市城管局"], ["市城管局", "规划行政管理部门", "建设行政管理部门"])],
                 id="huitong-partners"),
    pytest.param("所需经费由市、县财政承担。", [(1, ["市财政", "县财政"], ["市财政", "县财政"])],
                 id="shared-level-prefix"),
    pytest.param("1.建设管网。新建管网10公里。（责任单位：县住建局；完成时限：2023年12月底前）",
                 [(1, ["县住建局"], ["县住建局"])], id="time-limit-inside-the-note"),
    pytest.param("2.开展培训。（县人社局负责，2024年6月底前完成）", [(1, ["县人社局"], ["县人社局"])],
                 id="units-then-time-in-one-bracket"),
    pytest.param("两城区人民政府在2016年8月31日前完成移交工作。",
                 [(1, ["两城区人民政府"], ["两城区人民政府"])], id="before-a-date-complete"),
]


@pytest.mark.parametrize("text,expected", FORMS)
def test_task_forms(text, expected):
    assert [(t.line, t.lead, t.units) for t in _tasks(text)] == expected


@pytest.mark.parametrize("text,deadline", [
    ("1.建设管网。（责任单位：县住建局；完成时限：2023年12月底前）", "2023-12-31"),
    ("2.开展培训。（县人社局负责，2024年6月底前完成）", "2024-06-30"),
    ("3.推进改造。\n牵头单位：县住建局\n完成时限：第三季度", "2024-09-30"),
    ("两城区人民政府在2016年8月31日前完成移交工作。", "2016-08-31"),
])
def test_task_deadlines(text, deadline):
    [task] = _tasks(text)
    assert task.deadline == deadline


NOT_TASKS = [
    pytest.param("各有关部门要认真履行职责，加强监督检查。", id="all-addressees"),
    pytest.param("全市各级各部门要提高认识。", id="blanket-group"),
    pytest.param("江南区人民政府要严格遵守协议的各项规定。", id="compliance"),
    pytest.param("各乡镇要结合实际，制定方案。", id="collective-call"),
    pytest.param("本办法由县司法局负责解释。", id="interpretation-note"),
    pytest.param("县建设领导小组负责领导全县建设工作。", id="leading-group"),
    pytest.param("县统计局负责人：张三。", id="head-of-unit"),
    pytest.param("认真办理建议是政府及其组成部门必须履行的职责。", id="copula-no-subject"),
    pytest.param("坚持有效市场与有为政府协同发力。", id="verb-no-subject"),
]


@pytest.mark.parametrize("text", NOT_TASKS)
def test_not_tasks(text):
    assert _tasks(text) == []


def test_modal_sentences_are_no_tasks_where_notes_assign_them():
    text = ("1.修路。（县交通局负责）\n2.建桥。（县住建局负责）\n3.植树。（县林业局负责）\n"
            "县发改局要加强统筹协调。\n县财政局负责筹措资金。")
    assert [(t.line, t.lead) for t in _tasks(text)] == [
        (1, ["县交通局"]), (2, ["县住建局"]), (3, ["县林业局"]), (5, ["县财政局"])]


CELL_TABLE = """重点任务分工
序号
重点工作
分管领导
牵头单位
配合单位
完成时限
1
建设污水处理厂一座。
张 三
县住建局
县财政局、县自然资源局
2023年12月底前
2
开展职业技能培训。
李 四
县人社局
甲镇、乙镇人民政府
长期坚持"""


def test_table_laid_out_one_cell_a_line():
    rows = [(t.line, t.task, t.lead, t.units, t.deadline, t.deadline_text) for t in _tasks(CELL_TABLE)]
    assert rows == [
        (9, "建设污水处理厂一座", ["县住建局"], ["县住建局", "县财政局", "县自然资源局"], "2023-12-31",
         "2023年12月底前"),
        (15, "开展职业技能培训", ["县人社局"], ["县人社局", "甲镇人民政府", "乙镇人民政府"], None,
         "长期坚持"),
    ]


@pytest.mark.parametrize("text,expected", [
    ("第一季度完成", ("第一季度", "2024-03-31")),
    ("2025年第二季度末前完成", ("2025年第二季度末前", "2025-06-30")),
    ("上半年完成", ("上半年", "2024-06-30")),
    ("年底前完成", ("年底前", "2024-12-31")),
    ("2023年12月底前完成", ("2023年12月底前", "2023-12-31")),
    ("持续推进平台建设", ("持续推进", None)),
    ("长期坚持", ("长期坚持", None)),
    ("每年3月报送上年度数据", ("每年3月", None)),
    ("每季度报送", ("每季度", None)),
])
def test_deadline_forms(text, expected):
    assert find_deadlines(text, 2024) == expected


@pytest.mark.parametrize("text,expected", [
    ("市、县财政", ["市财政", "县财政"]),
    ("甲区、乙区政府", ["甲区政府", "乙区政府"]),
    ("财政、公安、自然资源和规划等部门和相关城区政府",
     ["财政部门", "公安部门", "自然资源和规划部门", "相关城区政府"]),
    ("各省、自治区、直辖市财政厅(局)", ["各省、自治区、直辖市财政厅(局)"]),
    ("市、县两级市场监管局", ["市、县两级市场监管局"]),
    ("甲市和省林业局", ["甲市", "省林业局"]),
    ("县住房和城乡建设局", ["县住房和城乡建设局"]),
    ("甲镇、乙镇人民政府", ["甲镇人民政府", "乙镇人民政府"]),
    ("甲镇、县财政局", ["甲镇", "县财政局"]),
    ("各乡镇、县财政局", ["各乡镇", "县财政局"]),
    ("县发改局、县财政局等部门按职责分工负责", ["县发改局", "县财政局"]),
])
def test_unit_lists(text, expected):
    assert clean_units(text) == expected


def test_units_named_within_the_issuing_region():
    assert region_of("甲市乙区人民政府办公室") == "甲市乙区"
    assert region_of("县人民政府") is None
    units = ["区住建局", "市财政局", "县住建局", "丙县住建局"]
    assert qualify_units(units, "甲市乙区") == ["甲市乙区住房和城乡建设局", "甲市财政局",
                                            "县住房和城乡建设局",
                                                "丙县住房和城乡建设局"]
    [task] = _tasks("1.改造管网。（区住建局负责）", region="甲市乙区")
    assert task.units == ["区住建局"] and task.qualified == ["甲市乙区住房和城乡建设局"]


@pytest.mark.parametrize("note,lead,units", [
    ("市发改委牵头，各县区政府具体落实", ["市发改委"], ["市发改委", "各县区政府"]),
    ("市教育局、市人社局按职能分工落实", ["市教育局", "市人社局"], ["市教育局", "市人社局"]),
    ("区市场监管局负责，区商务局配合", ["区市场监管局"], ["区市场监管局", "区商务局"]),
    ("牵头单位：市卫健委 配合单位：市医保局、市财政局", ["市卫健委"], ["市卫健委", "市医保局", "市财政局"]),
    ("县应急局牵头，县消防救援大队、各乡镇（街道）配合", ["县应急局"],
     ["县应急局", "县消防救援大队", "各乡镇（街道）"]),
])
def test_unit_note_wordings(note, lead, units):
    from gongbao.extract.unit_lists import parse_units

    assert parse_units(note) == (lead, units)
