from extract_fixtures import assert_lines_inside, gazette

from gongbao.extract import extract_gazette
from gongbao.extract.deadlines import find_deadlines

TEXT = """关于印发示例县行动方案的通知
二、重点任务
（一）建设绿色家园
1.推进植树造林。完成造林1万亩。
2.加强湿地保护。2025年6月底前完成湿地调查。（牵头单位：县林业局；责任单位：县水利局、
各乡镇人民政府）
（二）改善交通
1.改造农村公路。11月30日前完成改造。（县交通局、县财政局按照职责分工负责）
2.完善公交站点，年底前建成。
责任单位：县交通局
三、职责分工
县财政局负责筹措配套资金。县审计局：负责资金审计。
附件
序号	任务	责任单位	完成时限
1	建设充电桩100个	县能源局、县住建局	长期坚持"""


def _doc():
    gz = gazette(TEXT,
                 [{"start": 1, "end": 17, "title": "关于印发示例县行动方案的通知", "date": "2024-03-01"}])
    extract_gazette(gz)
    return gz.documents[0]


def test_a_unit_note_covers_the_run_of_items_before_it():
    tasks = {t.line: t for t in _doc().tasks}
    assert tasks[4].lead == ["县林业局"] and tasks[5].lead == ["县林业局"]
    assert tasks[5].units == ["县林业局", "县水利局", "各乡镇人民政府"]
    assert tasks[5].deadline == "2025-06-30"
    assert tasks[4].deadline is None
    assert 3 not in tasks  # the heading above the run is not a task


def test_parenthesised_units_and_deadline_year_from_the_document():
    tasks = {t.line: t for t in _doc().tasks}
    assert tasks[8].units == ["县交通局", "县财政局"] and tasks[8].lead == tasks[8].units
    assert tasks[8].deadline == "2024-11-30" and tasks[8].deadline_text == "11月30日前"
    assert tasks[9].units == ["县交通局"] and tasks[9].deadline == "2024-12-31"


def test_responsibility_sentences_and_table_rows():
    tasks = _doc().tasks
    by_lead = {(t.line, t.lead[0]) for t in tasks}
    assert (12, "县财政局") in by_lead and (12, "县审计局") in by_lead
    row = [t for t in tasks if t.line == 15][0]
    assert row.units == ["县能源局", "县住建局"]
    assert row.deadline is None and row.deadline_text == "长期坚持"
    assert_lines_inside(_doc())


def test_deadline_forms():
    assert find_deadlines("到2025年底，全面完成", 2024) == ("到2025年底", "2025-12-31")
    assert find_deadlines("2月底前完成", 2024) == ("2月底前", "2024-02-29")
    assert find_deadlines("力争年内挂牌", 2022) == ("年内", "2022-12-31")
    assert find_deadlines("2024年冬季清洁取暖", 2024) == (None, None)
    assert find_deadlines("每年12月底前报送", 2024) == ("每年12月底前", None)  # recurring: no date
    assert find_deadlines("4月中旬前完成部署", 2024) == ("4月中旬前", "2024-04-20")


NOTES = """关于加强管理的通知
（二）工作措施
1.加强领导。各部门要提高认识。
2.压实责任。各有关部门要按照职责分工做好工作。（各有关部门）
3.做好保障。县财政局（县国资中心）要安排资金。
本文件由县发展和改革局负责解读。
县统计局负责人：张三。"""


def test_bare_unit_note_closing_an_item_but_not_inside_text_and_no_notes_or_people():
    gz = gazette(NOTES, [{"start": 1, "end": 7, "title": "关于加强管理的通知", "date": "2024-01-05"}])
    extract_gazette(gz)
    tasks = {t.line: t for t in gz.documents[0].tasks}
    assert tasks[4].units == ["各有关部门"]
    assert tasks[3].units == ["各有关部门"]  # the run before the note shares it
    # （县国资中心） inside the sentence is no unit note: the unit is the sentence's subject
    assert tasks[5].units == ["县财政局（县国资中心）"] and tasks[5].task == "安排资金"
    assert 6 not in tasks and 7 not in tasks


TABLES = """关于做好承接事项的通知
附件
序号	事项名称	加强事中事后监管措施	承接部门
1	农药经营许可	开展双随机一公开监管并公开结果	县行政审批局
2024年冬季改造目标任务表
序号	乡镇	改造户数
1	东关镇	30"""


def test_only_task_tables_give_tasks():
    gz = gazette(TABLES, [{"start": 1, "end": 8, "title": "关于做好承接事项的通知", "date": "2024-09-01"}])
    extract_gazette(gz)
    tasks = gz.documents[0].tasks
    assert [(t.line, t.units) for t in tasks] == [(7, ["东关镇"])]
    assert "改造户数30" in tasks[0].task


LABELLED = """关于印发示例县2024年重点工作任务的通知
（一）加快项目建设。推进重点项目开工。
牵头单位：县发改局
配合单位：县财政局、县自然资源局
完成时限：2024年12月底前
（二）优化营商环境。深化放管服改革。
责任单位：县行政审批局
完成时限：长期坚持
附件
序号	重点任务	牵头单位	配合单位	完成时限
1	建成城市书房5个	县文旅局	县财政局、县住建局	2024年10月底前"""


def test_unit_lines_and_a_table_with_lead_and_partner_columns():
    gz = gazette(LABELLED,
                 [{"start": 1, "end": 11, "title": "关于印发示例县2024年重点工作任务的通知",
                   "date": "2024-02-01"}])
    extract_gazette(gz)
    tasks = {t.line: t for t in gz.documents[0].tasks}
    assert tasks[2].lead == ["县发改局"] and tasks[2].units == ["县发改局", "县财政局", "县自然资源局"]
    assert tasks[2].deadline == "2024-12-31"
    assert tasks[6].units == ["县行政审批局"] and tasks[6].deadline_text == "长期坚持"
    row = tasks[11]
    assert row.lead == ["县文旅局"] and row.units == ["县文旅局", "县财政局", "县住建局"]
    assert row.deadline == "2024-10-31" and row.task.startswith("建成城市书房")
