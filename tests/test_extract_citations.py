import pytest

from extract_fixtures import assert_lines_inside, gazette

from gongbao.extract import extract_gazette

TEXT = """关于印发《示例县冬季供暖工作方案》的通知
示政发〔2024〕3号
各乡镇人民政府：
现将《示例县冬季供暖工作方案》印发给你们，请认真贯彻执行。
示例县冬季供暖工作方案
为做好供暖工作，根据《某省人民政府关于做好冬季供暖的通知》（某政发〔2024〕
12号）和《中华人民共和国节约能源法》，结合实际，制定本方案。
各乡镇要推广普及《居民节能手册》。
2019年印发的《示例县供暖管理办法》（示政办发〔2019〕8号）同时废止。
对《示例县燃气管理规定》（示政发〔2020〕5号）进行修改。
依据《机动车维修管理规定》（2023年交通运输部令第15号）（以下简称《规定》）办理。
示例县人民政府
另一份文件按照示政发〔2021〕9号执行。"""


def _doc():
    gz = gazette(TEXT, [
        {"start": 1, "end": 12, "title": "关于印发《示例县冬季供暖工作方案》的通知",
         "doc_number": "示政发〔2024〕3号", "date": "2024-10-10"},
        {"start": 13, "end": 13, "title": "另一份"},
    ])
    extract_gazette(gz)
    return gz.documents


def _by_key(doc):
    return {c.cited_number or c.cited_title: c for c in doc.citations}


def test_number_broken_over_a_line_seam_is_one_citation_with_its_title():
    c = _by_key(_doc()[0])["某政发〔2024〕12号"]
    assert c.cited_title == "某省人民政府关于做好冬季供暖的通知"
    assert c.relation == "basis"
    assert c.line == 6


def test_relations():
    cites = _by_key(_doc()[0])
    assert cites["示例县冬季供暖工作方案"].relation == "implements"
    assert cites["中华人民共和国节约能源法"].relation == "basis"
    assert cites["居民节能手册"].relation == "mentions"
    assert cites["示政办发〔2019〕8号"].relation == "repeals"
    assert cites["示政发〔2020〕5号"].relation == "amends"


def test_order_numbers_are_normalized_and_short_names_skipped():
    cites = _by_key(_doc()[0])
    assert "规定" not in cites
    assert "交通运输部令2023年第15号" in cites
    assert cites["交通运输部令2023年第15号"].cited_title == "机动车维修管理规定"


def test_own_number_is_not_a_citation_and_lines_stay_inside():
    docs = _doc()
    assert "示政发〔2024〕3号" not in _by_key(docs[0])
    assert [c.cited_number for c in docs[1].citations] == ["示政发〔2021〕9号"]
    for d in docs:
        assert_lines_inside(d)


HEADED = """关于印发《示例县河道管理办法》的通知
示政办发〔2024〕7号
各乡镇人民政府：
现将《示例县河道管理办法》印发给你们，请遵照执行。
1.2 编制依据
依据《中华人民共和国水法》《某省河道管理条例》编制。
请填写《河道巡查登记表》。"""


def test_heading_and_number_lines_end_sentences_and_forms_are_not_documents():
    gz = gazette(HEADED,
                 [{"start": 1, "end": 7, "title": "关于印发《示例县河道管理办法》的通知",
                   "doc_number": "示政办发〔2024〕7号"}])
    extract_gazette(gz)
    cites = {c.cited_number or c.cited_title: c for c in gz.documents[0].citations}
    assert cites["示例县河道管理办法"].relation == "implements"
    assert cites["中华人民共和国水法"].relation == "basis"  # 依据 is nearer than 编制
    assert cites["某省河道管理条例"].relation == "basis"
    assert "河道巡查登记表" not in cites
    assert not any(c.cited_number for c in cites.values())


def _cites(text: str, own: str | None = None):
    from gongbao.extract._text import DocLines
    from gongbao.extract.citations import extract_citations

    lines = text.split("\n")
    return [(c.cited_number, c.cited_title, c.relation, c.line)
            for c in extract_citations(DocLines.from_lines(lines, 1, len(lines)), own)]


@pytest.mark.parametrize("text,expected", [
    pytest.param("根据《某省人民政府关于加强管理的意见》（某政发〔2023〕5号）精神，制定本方案。",
                 [("某政发〔2023〕5号", "某省人民政府关于加强管理的意见", "basis", 1)],
                 id="title-then-number"),
    pytest.param("按照《某市乡村振兴规划》要求，结合实际。", [(None, "某市乡村振兴规划", "basis", 1)],
                 id="title-alone"),
    pytest.param("依据某政办发〔2022〕12号文件，现通知如下。", [("某政办发〔2022〕12号", None, "basis", 1)],
                 id="bare-number"),
    pytest.param("根据《某省人民政府办公厅关于进一步\n加强安全生产工作的通知》（某政办\n发〔2023〕15号）要求，",
                 [("某政办发〔2023〕15号", "某省人民政府办公厅关于进一步加强安全生产工作的通知", "basis", 1)],
                 id="title-and-number-broken-over-lines"),
    pytest.param("依据《中华人民共和国安全生产法》《某省安全生产条例》等法律法规，制定本预案。",
                 [(None, "中华人民共和国安全生产法", "basis", 1), (None, "某省安全生产条例", "basis", 1)],
                 id="laws"),
    pytest.param("现将《某县行动方案》印发给你们，请认真贯彻执行。",
                 [(None, "某县行动方案", "implements", 1)], id="yinfa"),
    pytest.param("《甲办法》、《乙办法》已经县政府常务会议通过，现印发给你们。",
                 [(None, "甲办法", "implements", 1), (None, "乙办法", "implements", 1)],
                 id="listed-titles-share"),
    pytest.param("《某县管理办法》（某政发〔2019〕3号）同时废止。",
                 [("某政发〔2019〕3号", "某县管理办法", "repeals", 1)], id="repeal"),
    pytest.param("其他事项参照《某市实施细则》执行。", [(None, "某市实施细则", "refers", 1)],
                 id="canzhao-refers"),
    pytest.param("原则同意你县局部调整《某县土地利用总体规划》。",
                 [(None, "某县土地利用总体规划", "amends", 1)], id="adjust"),
    pytest.param("结合《某省关于开发区整合的批复》（某政秘〔2018〕4号）精神，现作如下调整：",
                 [("某政秘〔2018〕4号", "某省关于开发区整合的批复", "basis", 1)],
                 id="spirit-before-an-adjustment"),
    pytest.param("按照某政发〔2011〕7号精神，市政府办公室先后印发了《甲方案》和《乙通知》。",
                 [("某政发〔2011〕7号", None, "basis", 1), (None, "甲方案", "mentions", 1),
                  (None, "乙通知", "mentions", 1)],
                 id="issued-before-is-a-mention"),
    pytest.param("依据《公共租赁住房管理办法》(住房和城乡建设部令第11号)，制定本办法。",
                 [("住房和城乡建设部令第11号", "公共租赁住房管理办法", "basis", 1)],
                 id="decree-number-without-year"),
    pytest.param("某市人民政府令第9号\n《某市管理办法》已经市政府常务会议通过，现予发布。",
                 [(None, "某市管理办法", "implements", 2)], id="own-decree-number-line"),
])
def test_citation_forms(text, expected):
    assert _cites(text) == expected
