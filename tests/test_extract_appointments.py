import pytest

from extract_fixtures import assert_lines_inside, gazette

from gongbao.extract import extract_gazette

# Two columns read row by row: the 免去 list is interleaved with the 任命 list and the signature.
TEXT = """示例市人民政府 关于张三等人任免职务的通知
示政任字〔2024〕2号
市教育局等单位：
王五市卫生健康委员会副主任职务。
经市政府研究决定，任命：
张三、赵六为市教育局副局长。
李 四为市水利局局长(试用
期一年)；
示例市人民政府
免去：
2024年5月6日
孙七的市商务局局长职务；
周八为市数据中心主任，免去其
市信息中心主任职务。
关于做好供暖工作的通知
由分管副市长任组长，市住建局为牵头单位。"""


def _docs():
    gz = gazette(TEXT, [
        {"start": 1, "end": 14, "title": "示例市人民政府关于张三等人任免职务的通知",
         "issuer": "示例市人民政府"},
        {"start": 15, "end": 16, "title": "关于做好供暖工作的通知"},
    ])
    extract_gazette(gz)
    return gz.documents


def test_appointments_in_an_interleaved_layout():
    got = {(a.person, a.action): a for a in _docs()[0].appointments}
    assert set(got) == {("张三", "appoint"), ("赵六", "appoint"), ("李四", "appoint"), ("王五", "remove"),
                        ("孙七", "remove"), ("周八", "appoint"), ("周八", "remove")}
    assert got[("李四", "appoint")].post == "市水利局局长"
    assert got[("李四", "appoint")].note == "试用期一年"
    assert got[("王五", "remove")].post == "市卫生健康委员会副主任"
    assert got[("周八", "remove")].post == "市信息中心主任"
    assert got[("孙七", "remove")].organ == "市商务局"


def test_no_appointments_outside_personnel_notices_and_lines_inside():
    docs = _docs()
    assert docs[1].appointments == []
    for d in docs:
        assert_lines_inside(d)


OTHER_FORMS = """关于王甲等同志职务任免的通知
经研究决定：
任命王甲同志为县文化和旅游局局长（挂职一年）；
刘乙任县统计局副局长；
免去陈丙同志的县统计局局长职务；
周丁不再担任县信访局局长职务。"""


def test_other_wordings_of_appointments():
    gz = gazette(OTHER_FORMS,
                 [{"start": 1, "end": 6, "title": "关于王甲等同志职务任免的通知",
                   "issuer": "示例县人民政府"}])
    extract_gazette(gz)
    got = {(a.person, a.action): a for a in gz.documents[0].appointments}
    assert set(got) == {("王甲", "appoint"), ("刘乙", "appoint"), ("陈丙", "remove"), ("周丁", "remove")}
    assert got[("王甲", "appoint")].note == "挂职一年"
    assert got[("王甲", "appoint")].post == "县文化和旅游局局长"
    assert got[("周丁", "remove")].post == "县信访局局长"


def _read(title: str, text: str, issuer: str = "示例县人民政府"):
    from gongbao.extract._text import DocLines
    from gongbao.extract.appointments import extract_appointments

    lines = text.split("\n")
    return [(a.line, a.person, a.action, a.post, a.note)
            for a in extract_appointments(DocLines.from_lines(lines, 1, len(lines)), title, issuer)]


@pytest.mark.parametrize("title,text,expected", [
    pytest.param("关于任免干部的通知",
                 "经县政府研究，决定任命张甲为县发展和改革局局长，李乙为县财政局副局长（试用期一年）；免去王丙的县财政局副局长职务。",
                 [(1, "张甲", "appoint", "县发展和改革局局长", None),
                  (1, "李乙", "appoint", "县财政局副局长", "试用期一年"),
                  (1, "王丙", "remove", "县财政局副局长", None)], id="prose-several-people-one-sentence"),
    pytest.param("关于聘任县政府法律顾问的决定", "决定聘任张甲、李乙为县人民政府法律顾问，聘期三年。",
                 [(1, "张甲", "appoint", "县人民政府法律顾问", "聘期三年"),
                  (1, "李乙", "appoint", "县人民政府法律顾问", "聘期三年")], id="pinren-with-term"),
    pytest.param("县人民政府关于张甲等同志职务任免的决定",
                 "县人民政府决定：\n张甲任县教育局局长；\n李乙任县卫生健康局副局长，免去其县医院院长职务；\n免去赵丁县统计局局长职务。",
                 [(2, "张甲", "appoint", "县教育局局长", None),
                  (3, "李乙", "appoint", "县卫生健康局副局长", None),
                  (3, "李乙", "remove", "县医院院长", None),
                  (4, "赵丁", "remove", "县统计局局长", None)], id="decision-list"),
    pytest.param("关于任免干部的通知", "任命张甲为县农业农村局\n副局长（试用期一年）。",
                 [(1, "张甲", "appoint", "县农业农村局副局长", "试用期一年")], id="post-over-two-lines"),
    pytest.param("关于聘任专家咨询委员会委员的决定",
                 "决定聘任张甲等3名同志为县人民政府专家咨询委员会委员。\n附件\n县人民政府专家咨询委员会委员名单\n"
                 "（以姓氏笔画为序）\n张  甲（女）    某某大学教授\n李乙          某某研究院研究员、"
                 "学术委员会主任\n王丙丁        某某医院主任医师",
                 [(5, "张甲", "appoint", "县人民政府专家咨询委员会委员", None),
                  (6, "李乙", "appoint", "县人民政府专家咨询委员会委员", None),
                  (7, "王丙丁", "appoint", "县人民政府专家咨询委员会委员", None)],
                  id="roster-after-the-decision"),
    pytest.param("关于任免干部的通知",
                 "经研究决定：\n任命：\n张  甲    县财政局副局长（试用期一年）\n李乙     "
                 " 县统计局局长\n免去：\n王丙      县统计局局长职务",
                 [(3, "张甲", "appoint", "县财政局副局长", "试用期一年"),
                  (4, "李乙", "appoint", "县统计局局长", None),
                  (6, "王丙", "remove", "县统计局局长", None)], id="list-rows-under-headings"),
    pytest.param("关于任免干部的通知", "任命王丙为县财政局副局长、县国资中心主任。",
                 [(1, "王丙", "appoint", "县财政局副局长", None),
                  (1, "王丙", "appoint", "县国资中心主任", None)],
                 id="two-posts-in-two-organs"),
    pytest.param("关于任免干部的通知", "任命王丙为县财政局党组书记、局长。",
                 [(1, "王丙", "appoint", "县财政局党组书记、局长", None)], id="one-post-of-two-titles"),
    pytest.param("关于提名的通知", "提名张甲为县人民政府副县长人选。", [],
                 id="a-nomination-is-no-appointment"),
])
def test_appointment_forms(title, text, expected):
    assert _read(title, text) == expected
