"""The gazette parser, one problem class per test, on small gazettes written for the test."""

from __future__ import annotations

from pathlib import Path

from gongbao.parse import parse_gazette

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"


def doc(text: str, i: int = 0):
    return parse_gazette(text).documents[i]


def line_of(text: str, needle: str) -> int:
    return next(i for i, ln in enumerate(text.split("\n"), 1) if needle in ln)


NOTICE = """示例市人民政府 关于印发《示例市 2024 年 城市更新 工作方案》的 通 知

示政发〔2024〕3号

各县（市、区）人民政府，市直各有关单位：

《示例市2024年城市更新工作方案》已经市人民政府同意，现印发给你们，请认真贯彻执行。

示例市人民政府

2024年3月1日

（此件公开发布）

示例市2024年城市更新工作方案

为推进城市更新，根据《示例省城市更新条例》和省政府办公厅《关于推进城市更新的通知》（示省政办发〔2023〕9号）精神，制定本方案。

一、工作目标

到2024年底，完成老旧小区改造30个。

示例市住房和城乡建设局

2024年2月20日
"""


def test_single_document_file() -> None:
    g = parse_gazette(NOTICE, source="one.txt")
    assert g.issue.title is None and g.issue.year is None
    [d] = g.documents
    assert d.title == "示例市人民政府关于印发《示例市2024年城市更新工作方案》的通知"
    assert d.doc_number == "示政发〔2024〕3号"
    assert d.issuer == "示例市人民政府" and d.doc_type == "通知"
    assert d.recipients == ["各县（市、区）人民政府", "市直各有关单位"]
    # the notice's own signature, not the plan's, which comes later
    assert d.date == "2024-03-01"
    assert d.public is True and d.public_marker == "此件公开发布"
    assert d.cites == ["示省政办发〔2023〕9号"]
    assert d.start_line == 1 and d.end_line == len(NOTICE.rstrip("\n").split("\n"))
    assert d.lines["doc_number"] == [3] and d.lines["date"] == [11]


def test_issuing_notice_is_one_document_with_its_plan() -> None:
    g = parse_gazette(NOTICE + "\n" + NOTICE.replace("示政发〔2024〕3号", "示政发〔2024〕4号"))
    assert [d.doc_number for d in g.documents] == ["示政发〔2024〕3号", "示政发〔2024〕4号"]
    assert g.documents[0].end_line == g.documents[1].start_line - 1


def test_doc_number_above_title_and_red_head() -> None:
    text = "示例市人民政府文件\n\n示政发〔2024〕7号\n\n示例市人民政府关于加强消防安全工作的意见\n\n各县（市、区）人民政府：\n\n为加强消防安全工作，提出如下意见。\n\n示例市人民政府\n2024年4月2日\n"
    d = doc(text)
    assert d.doc_number == "示政发〔2024〕7号"
    assert d.title == "示例市人民政府关于加强消防安全工作的意见"
    assert d.doc_type == "意见" and d.start_line == 1 and d.date == "2024-04-02"


def test_issuer_on_its_own_line_and_bracket_variants() -> None:
    for dn in ("示政函 [2024] 12 号", "示政函(2024)12号", "示政函（2024）12 号", "示政函【2024】12号"):
        text = f"（此件公开发布）\n\n示例县人民政府\n\n关于同意设立青山镇农贸市场的批复\n\n{dn}\n\n青山镇人民政府：\n\n同意。\n\n示例县人民政府\n2024年6月3日\n"
        d = doc(text)
        assert d.doc_number == "示政函〔2024〕12号", dn
        assert d.issuer == "示例县人民政府" and d.start_line == 3 and d.doc_type == "批复"


def test_doc_number_split_over_lines_with_signer() -> None:
    text = "示例县人民政府关于2023年工作情况的报告\n\n示政\n〔2024〕2号   签发人：王刚\n\n示例市人民政府：\n\n现将情况报告如下。\n\n示例县人民政府\n2024年1月9日\n"
    d = doc(text)
    assert d.doc_number == "示政〔2024〕2号" and d.doc_type == "报告"


def test_joint_documents() -> None:
    text = ("示例县住房和城乡建设局 示例县发展和改革局 关于规范物业服务收费的通知\n\n示建字〔2024〕3号\n\n"
            "各物业服务企业：\n\n现就有关事项通知如下。\n\n示例县住房和城乡建设局\n\n示例县发展和改革局\n\n2024年6月12日\n")
    d = doc(text)
    assert d.issuer == "示例县住房和城乡建设局、示例县发展和改革局"
    assert d.issuers == ["示例县住房和城乡建设局", "示例县发展和改革局"]
    text2 = ("示例市住房和城乡建设局等3部门 关于印发《车位租售管理细则》的通知\n\n示建房字〔2024〕7号\n\n各县（市、区）住房和城乡建设局：\n\n现予印发。\n\n"
             "示例市住房和城乡建设局\n\n示例市自然资源局\n\n示例市市场监督管理局\n\n2024年1月30日\n")
    d2 = doc(text2)
    assert d2.issuer == "示例市住房和城乡建设局等3部门"
    assert d2.issuers == ["示例市住房和城乡建设局", "示例市自然资源局", "示例市市场监督管理局"]


def test_chinese_numeral_date_and_public_markers() -> None:
    base = "示例县人民政府关于张明任职的通知\n\n示政任字〔2024〕2号\n\n县直各单位：\n\n任命张明为县教育局局长。\n\n示例县人民政府\n二〇二四年十月十日\n\n{m}\n"
    assert doc(base.format(m="（此件依申请公开）")).public is False
    assert doc(base.format(m="(删减后公开)")).public is False
    assert doc(base.format(m="公开方式：主动公开")).public is True
    d = doc(base.format(m=""))
    assert d.public is None and d.date == "2024-10-10"


def test_letter_spacing_and_stray_spaces() -> None:
    text = "示例 县 人民政府 关于 印发 示例县 旅游 发展 规划 的 通 知\n\n示政发〔2024〕9号\n\n各乡镇人民政府：\n\n现印发。\n\n示例县人民政府\n2024 年 5 月 6 日\n"
    d = doc(text)
    assert d.title == "示例县人民政府关于印发示例县旅游发展规划的通知"
    assert d.date == "2024-05-06"


def test_attachments_listed_and_wrapped() -> None:
    text = ("示例县人民政府关于调整执法事项的通知\n\n示政发〔2024〕11号\n\n各乡镇人民政府：\n\n现将目录印发给你们。\n\n"
            "附件: 1. 青山镇综合行政执法事项\n\n清单(见网络版)\n\n- 2. 绿水乡综合行政执法事项清单(见网络版)\n\n"
            "3. 白云乡综合行政执法事项清单(见网络版) 示例县人民政府 2024年8月19日\n\n(此件公开发布)\n")
    d = doc(text)
    assert d.attachments == ["青山镇综合行政执法事项清单", "绿水乡综合行政执法事项清单", "白云乡综合行政执法事项清单"]
    assert d.date == "2024-08-19" and d.public is True


def test_report_without_doc_number() -> None:
    text = ("政 府 工 作 报 告\n\n——2024年3月26日在示例市第五届人民代表大会第四次会议上\n\n示例市人民政府市长 王刚\n\n各位代表：\n\n"
            "现在，我代表市人民政府向大会报告工作。\n")
    d = doc(text)
    assert d.title == "政府工作报告" and d.doc_number is None
    assert d.date == "2024-03-26" and d.issuer == "示例市人民政府"


def test_tables_and_markup_do_not_break_documents() -> None:
    text = ("示例县人民政府关于公布权责清单的通知\n\n示政发〔2024〕12号\n\n各乡镇人民政府：\n\n现予公布。\n\n示例县人民政府\n2024年7月1日\n\n"
            "| 序号 | 事项 | 依据 |\n|---|---|---|\n| 1 | 行政许可 | 《行政许可法》 |\n\n序号\t事项\t实施主体\n1\t<b>审批</b>\t县审批局<br/>\n")
    g = parse_gazette(text)
    assert len(g.documents) == 1 and g.documents[0].date == "2024-07-01"


def test_example_gazette_masthead_toc_and_sections() -> None:
    g = parse_gazette(EXAMPLE.read_text(encoding="utf-8"))
    i = g.issue
    assert (i.title, i.year, i.number, i.total_number, i.published) == ("示例县人民政府公报", 2024, 2, 9, "2024-06-28")
    assert i.publisher == "示例县人民政府办公室"
    # wrapped entry, two entries on one line, page glued to text, TOC interrupted by a masthead block
    assert [(e.doc_number, e.page) for e in i.toc[:3]] == [("示政发〔2024〕5号", 1), ("示政函〔2024〕12号", 4), ("示政发〔2024〕6号", 5)]
    assert [e.section for e in i.toc] == ["县政府文件"] * 3 + ["县政府办公室文件"] * 2 + ["人事任免"]
    docs = g.documents
    assert len(docs) == 6
    assert [d.toc_page for d in docs] == [1, 4, 5, 7, 10, 12]
    # the 任免 notice has no TOC entry of its own: it falls under "任免人员名单 (12)"
    assert docs[-1].section == "人事任免" and docs[-1].doc_number == "示政任字〔2024〕2号"
    assert docs[1].date == "2024-06-03" and docs[1].public_marker == "主动公开"
    assert docs[3].public is False


def test_toc_section_prefix_and_missing_heading() -> None:
    text = ("示例县人民政府公报\n2024年第1期(总第5期)\n目 录\n"
            "关于印发示例县防汛预案的通知(示政发〔2024〕1号)1\n"
            "县政府办公室文件\n关于做好春耕工作的通知(示政办发〔2024〕2号)3\n"
            "人事任免文件 关于张三等人任免职务的通知(示政任字〔2024〕1号)5\n\n"
            "示例县人民政府 关于印发示例县防汛预案的通知\n\n示政发〔2024〕1号\n\n各乡镇人民政府：\n\n现印发。\n\n示例县人民政府 2024年1月5日\n\n"
            "示例县人民政府办公室 关于做好春耕工作的通知\n\n示政办发〔2024〕2号\n\n各乡镇人民政府：\n\n请做好春耕。\n\n示例县人民政府办公室 2024年2月5日\n\n"
            "示例县人民政府 关于张三等人任免职务的通知\n\n示政任字〔2024〕1号\n\n县直各单位：\n\n任命张三为县水利局局长。\n\n示例县人民政府 2024年3月5日\n")
    g = parse_gazette(text)
    assert [d.section for d in g.documents] == ["县政府文件", "县政府办公室文件", "人事任免文件"]
    assert [d.toc_page for d in g.documents] == [1, 3, 5]
    assert [d.date for d in g.documents] == ["2024-01-05", "2024-02-05", "2024-03-05"]


def test_running_headers_and_page_footers_are_ignored() -> None:
    body = NOTICE.split("\n")
    pages = []
    for k in range(0, len(body), 6):
        pages += body[k : k + 6] + ["", f"— {k // 6 + 1} —", "", "示例市人民政府公报", "2024年第3期", ""]
    text = "\n".join(pages)
    g = parse_gazette(text)
    [d] = g.documents
    assert d.date == "2024-03-01" and d.doc_number == "示政发〔2024〕3号"
    furniture = [i for i, ln in enumerate(pages) if ln in ("示例市人民政府公报", "2024年第3期") or ln.startswith("— ")]
    assert len(furniture) > 6 and all(g.clean_lines[i] == "" for i in furniture[3:])


def test_title_box_printed_after_its_page_body() -> None:
    def page(n: int, day: int) -> str:
        return (f"各乡镇人民政府：\n\n现将第{n}号方案印发给你们。\n\n示例县人民政府\n\n2024年5月{day}日\n\n（此件公开发布）\n\n"
                f"示例县人民政府 关于印发第{n}号方案的通知\n\n示政发〔2024〕{n}号\n\n第{n}号方案\n\n一、目标\n\n做好工作。\n\n")
    text = "".join(page(n, n + 10) for n in (1, 2, 3))
    g = parse_gazette(text)
    assert [d.doc_number for d in g.documents] == ["示政发〔2024〕1号", "示政发〔2024〕2号", "示政发〔2024〕3号"]
    assert [d.date for d in g.documents] == ["2024-05-11", "2024-05-12", "2024-05-13"]
    assert [d.start_line for d in g.documents] == [line_of(text, f"第{n}号方案的通知") for n in (1, 2, 3)]
    assert all(d.recipients == ["各乡镇人民政府"] and d.public for d in g.documents)
    for a, b in zip(g.documents, g.documents[1:]):
        assert a.end_line < b.span_start


def test_broken_font_glyphs() -> None:
    text = NOTICE.replace("示政发〔2024〕3号", "示政发也2024页3号").replace("到2024年底", "2024耀2025年")
    d = doc(text)
    assert d.doc_number == "示政发〔2024〕3号"


def test_two_column_interleaved_signature() -> None:
    text = ("示例市人民政府 关于李四等人任免职务的通知\n\n示政任字〔2024〕5号\n\n市农业农村局等单位：\n\n经市政府党组会议 2024 年 3 月 19 日研究决\n\n"
            "原市乡村振兴局市管\n\n定,任命:\n\n李四为市农业农村局副局长。\n\n示例市人民政府\n\n免去:\n\n2024年3月19日\n\n王五市民政局副局长职务。\n")
    d = doc(text)
    assert d.date == "2024-03-19" and d.recipients == ["市农业农村局等单位"]


def test_doc_number_on_the_title_line() -> None:
    text = "示例市人民政府关于做好防汛工作的通知（示政发〔2024〕8号）\n\n各县（市、区）人民政府：\n\n请做好防汛工作。\n\n示例市人民政府\n2024年6月1日\n"
    d = doc(text)
    assert d.doc_number == "示政发〔2024〕8号" and d.title == "示例市人民政府关于做好防汛工作的通知"


def test_government_decree() -> None:
    text = ("示例省人民政府令\n\n第 300 号\n\n《示例省城市供水管理办法》已经2024年5月10日省人民政府第30次常务会议通过，现予公布，自2024年7月1日起施行。\n\n"
            "省长 王刚\n\n2024年5月20日\n\n示例省城市供水管理办法\n\n第一条 为了加强城市供水管理，制定本办法。\n")
    d = doc(text)
    assert d.doc_number == "示例省人民政府令第300号" and d.title == "示例省城市供水管理办法"
    assert d.issuer == "示例省人民政府" and d.date == "2024-05-20" and d.doc_type == "命令"


def test_ocr_letter_o_in_the_year() -> None:
    d = doc(NOTICE.replace("示政发〔2024〕3号", "示政发〔2O24〕3号"))
    assert d.doc_number == "示政发〔2024〕3号"


def test_toc_with_running_header_on_its_pages() -> None:
    text = ("示例县人民政府公报\n2024年第1期\n目 录\n县政府文件\n关于印发示例县防汛预案的\n通知(示政发〔2024〕1号)1\n"
            "示例县人民政府公报\n2024年第1期\n关于做好春耕工作的通知(示政发〔2024〕2号)3\n\n"
            "示例县人民政府 关于印发示例县防汛预案的通知\n\n示政发〔2024〕1号\n\n各乡镇人民政府：\n\n现印发。\n\n示例县人民政府 2024年1月5日\n\n"
            "示例县人民政府 关于做好春耕工作的通知\n\n示政发〔2024〕2号\n\n各乡镇人民政府：\n\n请做好春耕。\n\n示例县人民政府 2024年2月5日\n")
    toc = parse_gazette(text).issue.toc
    assert [(e.title, e.page) for e in toc] == [("关于印发示例县防汛预案的通知", 1), ("关于做好春耕工作的通知", 3)]


def test_toc_title_without_doc_number_wrapped_in_the_body() -> None:
    text = ("示例市人民政府公报\n2024年第1期\n目 录\n关于表彰全市消防安全先进单位和先进个人的决定……3\n\n"
            "关于表彰全市消防安全先进单位\n和先进个人的决定\n\n（2024年1月9日市人民政府第5次常务会议通过）\n\n为表彰先进，市人民政府决定予以表彰。\n\n示例市人民政府\n2024年1月10日\n")
    [d] = parse_gazette(text).documents
    assert d.title == "关于表彰全市消防安全先进单位和先进个人的决定" and d.toc_page == 3
    assert d.start_line == 6 and d.lines["title"] == [6, 7] and d.date == "2024-01-10"


def test_running_headers_carrying_page_numbers() -> None:
    body = NOTICE.split("\n")
    pages = []
    for k in range(0, len(body), 5):
        pages += body[k : k + 5] + ["", f"示例市人民政府公报 · {k // 5 + 2} ·", ""]
    g = parse_gazette("\n".join(pages))
    [d] = g.documents
    assert d.date == "2024-03-01" and d.title.endswith("工作方案》的通知")
    headers = [i for i, ln in enumerate(pages) if "公报 ·" in ln]
    assert len(headers) >= 3 and all(g.clean_lines[i] == "" for i in headers[1:])


def test_close_printed_inside_the_next_document_goes_back_to_its_own():
    """A signature block floated below a page break into the next document (PDF text out of
    reading order): the document without a close takes it back, the next one keeps its own."""
    first = ("示例县人民政府关于做好防汛工作的通知\n示政发〔2024〕1号\n各乡镇人民政府：\n请做好防汛工作，"
             "汛期每日报告一次。\n附件：防汛责任表\n")
    second_head = "示例县人民政府办公室关于做好春耕工作的通知\n示政办发〔2024〕2号\n各乡镇人民政府：\n请做好春耕工作。\n"
    first_close = "示例县人民政府\n2024年5月1日\n（此件公开发布）\n"
    second_close = "示例县人民政府办公室\n2024年3月2日\n（此件依申请公开）\n"
    g = parse_gazette(first + second_head + first_close + second_close)
    a, b = g.documents
    assert (a.date, a.public, a.attachments) == ("2024-05-01", True, ["防汛责任表"])
    assert (b.date, b.public) == ("2024-03-02", False)


def test_run_on_heading_inside_an_issue_starts_a_document():
    text = ("示例县人民政府公报\n2024年第1期\n目  录\n关于做好防汛工作的通知……1\n关于做好春耕工作的通知……2\n\n"
            "示例县人民政府关于做好防汛工作的通知\n示政发〔2024〕1号\n各乡镇人民政府：\n请做好防汛工作。\n"
            "示例县人民政府\n2024年5月1日\n"
            "示例县人民政府关于做好春耕工作的通知 示政发〔2024〕2号 各乡镇人民政府：请做好春耕工作。"
            "示例县人民政府 2024年3月2日\n")
    g = parse_gazette(text)
    assert [d.doc_number for d in g.documents] == ["示政发〔2024〕1号", "示政发〔2024〕2号"]
    assert g.documents[1].title == "示例县人民政府关于做好春耕工作的通知" and g.documents[1].date == "2024-03-02"
    assert g.clean_lines[-1].startswith("示例县人民政府关于做好春耕工作的通知")  # the reader's line is whole


ISSUE_HEAD = "示例市人民政府公报\n2025年第1期\n目  录\n关于甲事的通报……1\n关于乙事的函……2\n\n"


def test_issue_documents_headed_by_a_docnum_with_its_date_and_by_a_letter_addressee():
    text = (ISSUE_HEAD + "示例省人民政府关于甲事的通报\n（示政函〔2010〕57号 2010年4月23日）\n各设区市人民政府：\n特此通报。\n"
            "示例省交通运输厅关于乙事的答复的函\n李某某代表：\n你提出的建议收悉，现答复如下：同意。\n示例省交通运输厅\n2022年3月2日\n")
    a, b = parse_gazette(text).documents
    assert (a.doc_number, a.date, a.recipients) == ("示政函〔2010〕57号", "2010-04-23", ["各设区市人民政府"])
    assert (b.title, b.recipients, b.date) == ("示例省交通运输厅关于乙事的答复的函", ["李某某代表"], "2022-03-02")


def test_issue_decree_on_one_line_and_unsigned_rule_without_a_guessed_issuer():
    text = (ISSUE_HEAD + "示例市人民政府令第114号\n《示例市垃圾管理办法》已经市人民政府常务会议通过，现予发布。\n市长 张某\n"
            "2004年12月14日\n示例市垃圾管理办法\n第一条 为加强垃圾管理，制定本办法。\n")
    [d] = parse_gazette(text).documents
    assert (d.doc_number, d.title, d.issuer, d.date, d.doc_type) == (
        "示例市人民政府令第114号", "示例市垃圾管理办法", "示例市人民政府", "2004-12-14", "命令")


def test_web_head_lines_between_docnum_and_addressee_do_not_shift_documents():
    doc1 = "示例省人民政府关于甲事的批复\n示函〔2015〕207号\n示例省人民政府\n2015年12月3日\n乙市人民政府：\n同意。\n示例省人民政府\n2015年12月3日\n"
    doc2 = "示例省人民政府关于乙事的批复\n示函〔2015〕208号\n示例省人民政府\n2015年12月9日\n丙市人民政府：\n同意。\n"
    a, b = parse_gazette(ISSUE_HEAD + doc1 + doc2).documents
    assert (a.start_line, a.span_start) == (b.start_line - 8, a.start_line)
    assert b.span_start == b.start_line and b.date == "2015-12-09" and b.recipients == ["丙市人民政府"]


def test_title_printed_twice_around_the_docnum_is_one_document():
    text = ("示例省人民政府办公厅关于同意某市为省级园林城市的复函\n办字〔2010〕65号\n示例省人民政府办公厅\n"
            "关于同意某市为省级园林城市\n的复函\n某市人民政府：\n你市请示收悉。同意。\n二〇一〇年六月二十三日\n")
    [d] = parse_gazette(text).documents
    assert d.doc_number == "办字〔2010〕65号" and d.recipients == ["某市人民政府"] and d.date == "2010-06-23"


def test_close_that_cuts_the_next_documents_sentence_goes_back():
    first = "示例县人民政府关于做好防汛工作的通知\n示政发〔2024〕1号\n各乡镇人民政府：\n请做好防汛工作，汛期每日报告一次。\n"
    second = ("示例县人民政府关于做好春耕工作的通知\n示政发〔2024〕2号\n各乡镇人民政府：\n"
              "为做好今年春耕生产工作，确保粮食播种面积稳定，各乡镇要\n"
              "示例县人民政府\n2024年5月1日\n（此件公开发布）\n"
              "抓紧组织农资调运，保障春耕需要。\n示例县人民政府\n2024年3月2日\n")
    a, b = parse_gazette(first + second).documents
    assert (a.date, a.public) == ("2024-05-01", True)
    assert b.date == "2024-03-02"


def test_notices_on_like_subjects_stay_two_documents():
    text = ("示例县人民政府关于做好防汛工作的通知\n各乡镇人民政府：\n请做好防汛工作。\n示例县人民政府\n2024年5月1日\n"
            "示例县人民政府关于做好防火工作的通知\n各乡镇人民政府：\n请做好防火工作。\n示例县人民政府\n2024年5月2日\n")
    assert [d.date for d in parse_gazette(text).documents] == ["2024-05-01", "2024-05-02"]


def test_issuer_mark_over_the_docnum_and_a_title_over_a_colonless_addressee():
    text = ("示例市人民政府办公厅\n——————————\n示府办函〔2020〕78号\n市人民政府办公厅关于印发\n示例市气象灾害应急预案的通知\n"
            "各区、县人民政府，市政府有关工作部门：\n现将预案印发给你们。\n2020年9月15日\n"
            "示例区人民政府关于印发\n《示例区人民政府工作规则》的通知\n区政府各委、办、局，各街道办事处\n"
            "《示例区人民政府工作规则》已经区政府常务会议审议通过，现予印发。\n示例区人民政府\n2022年1月28日\n")
    a, b = parse_gazette(text).documents
    assert (a.start_line, a.issuer, a.doc_number) == (1, "示例市人民政府办公厅", "示府办函〔2020〕78号")
    assert b.title == "示例区人民政府关于印发《示例区人民政府工作规则》的通知" and b.date == "2022-01-28"


def test_date_printed_before_the_signing_organ():
    text = "关于下发年检操作规程的通知\n示例局\n1997年2月22日，示例局\n各分局：\n现将规程通知如下。\n"
    d = parse_gazette(text).documents[0]
    assert d.date == "1997-02-22" and d.issuer == "示例局"


def test_issue_without_a_toc_takes_sections_from_headings_in_the_body():
    text = ("【县政府文件】\n示例县人民政府关于做好防汛工作的通知\n示政发〔2024〕1号\n各乡镇人民政府：\n请做好防汛工作。\n"
            "示例县人民政府\n2024年5月1日\n县政府办公室文件\n示例县人民政府办公室关于做好春耕工作的通知\n示政办发〔2024〕2号\n"
            "各乡镇人民政府：\n请做好春耕工作。\n示例县人民政府办公室\n2024年3月2日\n")
    a, b = parse_gazette(text).documents
    assert (a.section, b.section) == ("县政府文件", "县政府办公室文件")
    assert a.issuer == "示例县人民政府" and b.issuer == "示例县人民政府办公室"


def test_early_close_followed_by_more_text_goes_back_but_a_notices_own_close_stays():
    first = "示例县人民政府关于做好防汛工作的通知\n示政发〔2024〕1号\n各乡镇人民政府：\n请做好防汛工作。\n"
    second = ("示例县人民政府关于做好春耕工作的通知\n示政发〔2024〕2号\n各乡镇人民政府：\n请做好春耕工作。\n"
              "示例县人民政府\n2024年5月1日\n（此件公开发布）\n一是抓好农资调运。\n二是抓好技术指导。\n三是抓好督促检查。\n")
    a, b = parse_gazette(first + second).documents
    assert a.date == "2024-05-01"
    notice = ("示例县人民政府关于印发春耕工作方案的通知\n示政发〔2024〕3号\n各乡镇人民政府：\n现将方案印发给你们。\n"
              "示例县人民政府\n2024年3月1日\n示例县春耕工作方案\n一、目标。\n二、措施。\n三、保障。\n")
    c, d = parse_gazette(first + notice).documents
    assert c.date is None and d.date == "2024-03-01"


def test_document_without_docnum_or_addressee_after_anothers_close():
    text = ("示例县人民政府关于做好防汛工作的通知\n示政发〔2024〕1号\n各乡镇人民政府：\n请做好防汛工作。\n示例县人民政府\n"
            "2024年5月1日\n（此件公开发布）\n示例县人民政府关于禁止燃放烟花爆竹的通告\n为保障公共安全，现就有关事项通告如下。\n"
            "示例县人民政府\n2024年1月20日\n")
    a, b = parse_gazette(text).documents
    assert b.title == "示例县人民政府关于禁止燃放烟花爆竹的通告" and b.date == "2024-01-20" and a.public is True


def _numbered_notice(n: int) -> str:
    return f"示例县人民政府关于第{n}项工作的通知\n示政发〔2024〕{n}号\n各乡镇人民政府：\n请做好第{n}项工作。\n"


def _close_of(n: int) -> str:
    return f"示例县人民政府\n2024年5月{n}日\n（此件公开发布）\n"


def test_closes_each_printed_one_document_late_go_back_as_a_run():
    notice, close = _numbered_notice, _close_of
    text = notice(1) + notice(2) + close(1) + notice(3) + close(2) + close(3)
    assert [d.date for d in parse_gazette(text).documents] == ["2024-05-01", "2024-05-02", "2024-05-03"]


def test_displaced_close_goes_back_but_the_issuing_notices_own_close_stays():
    """Document k+1 is a 印发 notice holding two closes: its own (just above the title of the plan
    it issues) and k's, printed after k+1's first lines. k takes the one that is not the notice's."""
    notice = ("示例县人民政府关于印发示例县春耕工作方案的通知\n示政发〔2024〕2号\n各乡镇人民政府：\n"
              "《示例县春耕工作方案》已经县政府同意，现印发给你们。\n" + _close_of(9) +
              "示例县春耕工作方案\n一、工作目标\n" + _close_of(1) +
              "全县粮食播种面积稳定在十万亩以上。\n二、工作措施\n抓好农资调运和技术指导。\n")
    dated = [(d.date, d.public) for d in parse_gazette(_numbered_notice(1) + notice).documents]
    assert dated == [("2024-05-01", True), ("2024-05-09", True)]


def test_run_of_late_closes_ending_in_an_issuing_notice():
    notice, close = _numbered_notice, _close_of
    issuing = ("示例县人民政府关于印发示例县养老服务清单的通知\n示政发〔2024〕9号\n各乡镇人民政府：\n现将清单印发给你们。\n"
               + close(9) + "示例县养老服务清单\n一、服务对象\n" + close(2) + "全县六十岁以上老年人。\n")
    text = notice(1) + notice(2) + close(1) + issuing
    assert [d.date for d in parse_gazette(text).documents] == ["2024-05-01", "2024-05-02", "2024-05-09"]


def test_attachment_list_split_by_a_seam_goes_back_with_its_close():
    """The 附件说明 began in document k ('附件：1. …'); its remaining items and the signature were
    printed after document k+1's first lines. The items go back with the close."""
    first = ("示例县人民政府关于调整执法事项的通知\n示政发〔2024〕1号\n各乡镇人民政府：\n现将执法事项目录印发给你们，"
             "请遵照执行。\n附件：1. 甲镇执法事项清单\n")
    second = ("示例县人民政府关于做好春耕工作的通知\n示政发〔2024〕2号\n各乡镇人民政府：\n为做好春耕，现通知如下。\n"
              "一、主要目标\n2. 乙镇执法事项清单\n3. 丙镇执法事项清单 示例县人民政府 2024年5月1日\n（此件公开发布）\n"
              "全县粮食播种面积稳定。\n示例县人民政府\n2024年3月2日\n")
    a, b = parse_gazette(first + second).documents
    assert a.date == "2024-05-01"
    assert a.attachments == ["甲镇执法事项清单", "乙镇执法事项清单", "丙镇执法事项清单"]
    assert (b.date, b.attachments) == ("2024-03-02", [])


def test_an_attachment_head_above_prose_is_not_the_closes():
    """'附件：' several lines above a signature, with sentences between them, heads another list
    (the next document's, printed before this close): the close does not carry it away."""
    first = "示例县人民政府关于做好防汛工作的通知\n示政发〔2024〕1号\n各乡镇人民政府：\n请做好防汛工作。\n"
    second = ("示例县人民政府关于调整执法事项的通知\n示政发〔2024〕2号\n各乡镇人民政府：\n现将目录印发给你们。\n"
              "附件：甲镇执法事项清单\n汛期每日报告一次。\n特此通知。\n示例县人民政府\n2024年5月1日\n（此件公开发布）\n"
              "请遵照执行。\n示例县人民政府\n2024年3月2日\n")
    a, b = parse_gazette(first + second).documents
    assert a.date == "2024-05-01" and a.attachments == []
    assert b.date == "2024-03-02" and b.attachments == ["甲镇执法事项清单"]


def test_late_closes_catch_up_after_several_documents_without_one():
    """Two short documents lose their closes to a third, which holds three after its first
    lines (each block floated below the next page break): the n-th close goes to the n-th."""
    text = (_numbered_notice(1) + _numbered_notice(2) + _numbered_notice(3)
            + "一、总体要求\n" + _close_of(1) + "示例县人民政府 2024年5月2日 （此件公开发布）\n" + _close_of(3)
            + "全县各乡镇要按要求做好第3项工作。\n")
    assert [d.date for d in parse_gazette(text).documents] == ["2024-05-01", "2024-05-02", "2024-05-03"]


def test_joint_close_goes_back_to_the_joint_document():
    """The joint report's close (two organs) floated below the next notice's own close: the
    report takes the close its two organs sign, not the notice's."""
    report = ("示例县人民政府 示例邻县人民政府关于界线联合检查情况的报告\n示政发〔2024〕10号\n示例市人民政府：\n"
              "两县完成了界线联合检查。\n特此报告\n")
    notice = ("示例县人民政府关于调整执法事项的通知\n示政发〔2024〕11号\n各乡镇人民政府：\n请遵照执行。\n"
              "示例县人民政府\n2024年8月19日\n（此件公开发布）\n示例县人民政府 示例邻县人民政府 2024年7月5日\n（此件公开发布）\n")
    a, b = parse_gazette(report + notice).documents
    assert (a.date, a.issuer) == ("2024-07-05", "示例县人民政府、示例邻县人民政府")
    assert (b.date, b.issuer) == ("2024-08-19", "示例县人民政府")


_PLAN_NOTICE = ("示例县人民政府关于印发示例县春耕工作方案的通知\n示政发〔2024〕2号\n各乡镇人民政府：\n"
                "现将方案印发给你们。\n" + _close_of(2) + "示例县春耕工作方案\n一、工作目标\n全县粮食播种面积稳定。\n"
                "二、工作措施\n1. 抓好农资调运。做到早储备、早调运。\n")
_NEXT_DECISION = ("示例县人民政府关于表彰春耕先进单位的决定\n示政发〔2024〕3号\n各乡镇人民政府：\n"
                  "为表彰先进，县政府决定予以表彰。\n")


def test_attachment_list_printed_among_the_next_documents_first_lines_goes_back():
    """The plan's 附件说明 (its text's last lines) came out after the next document's first lines."""
    text = (_PLAN_NOTICE + _NEXT_DECISION + "2. 抓好技术指导。组织农技人员下乡。\n附件：1. 春耕任务分解表\n2. 春耕农资储备表\n"
            "希望受表彰的单位珍惜荣誉，再接再厉。\n各乡镇要以先进为榜样，做好今年春耕工作。\n" + _close_of(3))
    a, b = parse_gazette(text).documents
    assert a.attachments == ["春耕任务分解表", "春耕农资储备表"] and b.attachments == []
    assert (a.date, b.date) == ("2024-05-02", "2024-05-03")


def test_attachment_list_remainder_after_the_next_documents_first_lines_goes_back():
    """The list broke off inside its first item; the item's end and the next items came out
    after the next document's first lines."""
    text = (_PLAN_NOTICE + "附件：1. 示例县2024年春耕\n" + _NEXT_DECISION + "农资储备表（见网络版）\n2. 示例县2024年春耕任务分解表\n"
            "3. 示例县2024年春耕督查表\n希望受表彰的单位珍惜荣誉，再接再厉。\n各乡镇要以先进为榜样，做好今年春耕工作。\n"
            + _close_of(3))
    a, b = parse_gazette(text).documents
    assert a.attachments == ["示例县2024年春耕农资储备表", "示例县2024年春耕任务分解表", "示例县2024年春耕督查表"]
    assert b.attachments == []


def test_an_issues_own_attachment_list_below_its_close_stays():
    text = (_numbered_notice(1) + "特此通知。\n" + _close_of(1) + "示例县人民政府办公室关于调整执法事项的通知\n"
            "示政办发〔2024〕4号\n各乡镇人民政府：\n现将调整后的目录印发给你们。\n示例县人民政府办公室\n2024年6月1日\n"
            "（此件公开发布）\n附件：调整后的执法事项目录\n附件\n调整后的执法事项目录\n序号\t事项\n")
    a, b = parse_gazette(text).documents
    assert a.attachments == [] and b.attachments == ["调整后的执法事项目录"]


def test_an_article_under_an_attachment_label_is_no_attachment_title():
    text = (_numbered_notice(1) + _close_of(1) + "附件\n第二条 举报工作应当遵循依靠群众、依法规范的原则。\n")
    assert parse_gazette(text).documents[0].attachments == []


def test_attachment_list_resumes_above_the_signature_after_text_cut_in():
    """Another document's lines cut into the list: the items numbered on from it, above the
    signature, still belong to it."""
    text = ("示例县人民政府关于调整执法事项的通知\n示政发〔2024〕1号\n各乡镇人民政府：\n请遵照执行。\n"
            "附件：1. 甲镇执法事项清单\n两县完成了界线联合检查，界桩完好。\n2. 乙镇执法事项清单\n3. 丙镇执法事项清单\n"
            + _close_of(1))
    [d] = parse_gazette(text).documents
    assert d.attachments == ["甲镇执法事项清单", "乙镇执法事项清单", "丙镇执法事项清单"]


def test_a_list_followed_by_its_attachments_stays_when_the_close_floated_away():
    """A short document's 附件说明 among its first lines, followed by the attachment's title: its
    own list (its close floated below the attachment), not the previous document's."""
    text = (_numbered_notice(1) + _close_of(1) + "示例县人民政府关于调整行政职权的通知\n示政发〔2024〕2号\n"
            "各乡镇人民政府：\n现将调整后的目录印发给你们。\n附件：示例县调整的行政职权目录\n示例县调整的行政职权目录\n附件\n"
            "序号\t调整事项\n1\t取消\n" + _close_of(2))
    a, b = parse_gazette(text).documents
    assert a.attachments == [] and b.attachments == ["示例县调整的行政职权目录"]
    assert (a.date, b.date) == ("2024-05-01", "2024-05-02")


def test_a_floated_signature_leaves_the_list_above_it_to_the_document_with_those_attachments():
    """The previous document's signature box floated to below this document's 附件说明; this
    document's attachments ('附件1', '附件2') follow, so the list stays here."""
    text = (_numbered_notice(1) + "特此通知。\n" + "示例县人民政府关于发放耕地地力补贴的通知\n示政发〔2024〕2号\n"
            "各乡镇人民政府：\n补贴标准为每亩67元。\n附件：1. 补贴发放范围\n2. 补贴工作领导小组\n" + _close_of(1)
            + "附件1\n补贴发放范围\n补贴对象为承包耕地的农户。\n附件2\n补贴工作领导小组\n组长：张某\n" + _close_of(2))
    a, b = parse_gazette(text).documents
    assert (a.date, a.attachments) == ("2024-05-01", [])
    assert (b.date, b.attachments) == ("2024-05-02", ["补贴发放范围", "补贴工作领导小组"])


def test_an_attachment_name_ending_a_line_does_not_run_on_into_the_next():
    text = (_numbered_notice(1) + "附件：1. 示例县行政审批事项清单（共11项）\n2. 示例县调整的行政职权目录\n"
            "示例县调整的行政职权目录\n序号\t事项名称\n")
    assert parse_gazette(text).documents[0].attachments == ["示例县行政审批事项清单（共11项）", "示例县调整的行政职权目录"]


def test_title_box_after_its_body_an_enumerated_item_is_not_the_address():
    """The title box came out after the first lines of its document; between them an item
    ending with a colon ('（一）…的居民：') is no 主送机关: the document's lines begin at its address."""
    text = (_numbered_notice(1) + _close_of(1) + "各乡镇人民政府，县直有关单位：\n"
            "根据《示例省殡葬管理办法》（示政办发〔2021〕15号），现就免除基本殡葬服务费用通知如下。\n一、免费对象\n"
            "（一）在本县死亡、遗体实行火化的居民：\n（二）在异地死亡、遗体已火化的本县户籍居民。\n"
            "示例县人民政府关于免除基本殡葬服务费用的通知\n示政发〔2024〕2号\n二、免费项目\n遗体接运费全免。\n" + _close_of(2))
    a, b = parse_gazette(text).documents
    assert b.recipients == ["各乡镇人民政府", "县直有关单位"] and b.cites == ["示政办发〔2021〕15号"]
    assert a.cites == []


def test_a_dateline_under_the_issued_papers_title_is_not_the_notices_date():
    """The notice's address, sentence and close came out above its title box; under the 文号
    follows the speech it issues, with the speech's dateline."""
    text = (_numbered_notice(1) + _close_of(1) + "各乡镇人民政府，县直各部门：\n现将县长所作的《政府工作报告》印发给你们。\n"
            + _close_of(9) + "示例县人民政府关于印发2024年政府工作报告的通知\n示政发〔2024〕2号\n政府工作报告\n"
            "——2024年1月25日在示例县第十七届人民代表大会第三次会议上\n各位代表：\n现在，我代表县人民政府报告工作。\n")
    a, b = parse_gazette(text).documents
    assert b.title == "示例县人民政府关于印发2024年政府工作报告的通知" and b.date == "2024-05-09"


def test_an_address_of_many_organs_joined_by_enumeration_commas():
    from gongbao.parse.patterns import looks_like_recipients

    assert looks_like_recipients(
        "各县（市、区）住房和城乡建设局、自然资源局、行政审批服务管理局、国防动员办公室、市场监督管理局，示例开发区相关职能部门："
    )
    assert not looks_like_recipients("（一）在本县死亡、遗体实行火化的居民：")


def test_the_rest_of_a_plans_points_and_its_list_printed_in_the_next_document_go_back():
    """The top of the next document came out before the plan's last points: '（三）' numbered on
    from the plan's '（二）', then the plan's 附件说明, stand among the next document's lines."""
    plan = (_PLAN_NOTICE + "三、保障措施\n（一）加强领导。成立工作专班。\n（二）压实责任。各部门按职责分工负责。\n")
    decision = ("示例县人民政府关于表彰春耕先进单位的决定\n示政发〔2024〕3号\n各乡镇人民政府：\n"
                "为表彰先进，县政府决定予以表彰。\n（三）加强宣传。及时宣传解读政策。\n"
                "附件：1. 春耕工作专班名单\n2. 春耕责任分工表\n" + _close_of(3))
    a, b = parse_gazette(plan + decision).documents
    assert a.attachments == ["春耕工作专班名单", "春耕责任分工表"] and b.attachments == []
    own = ("示例县人民政府关于表彰春耕先进单位的决定\n示政发〔2024〕3号\n各乡镇人民政府：\n"
           "（一）加强宣传。及时宣传解读政策。\n为表彰先进，县政府决定予以表彰。\n"
           "附件：1. 春耕工作专班名单\n2. 春耕责任分工表\n" + _close_of(3))
    a, b = parse_gazette(plan + own).documents
    assert a.attachments == [] and b.attachments == ["春耕工作专班名单", "春耕责任分工表"]


def test_a_seal_note_after_the_signing_organ_is_part_of_the_signature():
    """(代章): another organ's seal stands in for the signer's; the date beside it is still the
    signing date, the organ still the issuer."""
    from gongbao.parse.patterns import signature_date, split_orgs

    assert split_orgs("示例市评比达标表彰工作协调小组办公室（代章）") == ["示例市评比达标表彰工作协调小组办公室"]
    text = ("示例市评比达标表彰工作协调小组办公室关于申报评比项目的通知\n各县市区委、县人民政府：\n请按时申报。"
            "附件：2024年评比达标表彰项目申请表示例市评比达标表彰工作协调小组办公室(代章)2024年11月10日\n")
    [d] = parse_gazette(text).documents
    assert d.date == "2024-11-10" and d.issuer == "示例市评比达标表彰工作协调小组办公室"
    assert signature_date("示例县教育局（盖章） 2024年3月1日") == ("2024-03-01", ["示例县教育局"])


def test_a_list_whose_one_item_stands_on_its_head_line_stays_when_its_attachment_follows():
    text = (_numbered_notice(1) + _close_of(1) + "示例县人民政府关于调整行政职权的通知\n示政发〔2024〕2号\n"
            "各乡镇人民政府：\n现将调整后的目录印发给你们。\n附件：示例县调整的行政职权目录\n示例县调整的行政职权目录\n"
            "序号\t调整事项\n1\t取消\n2\t下放\n3\t保留\n" + _close_of(2))
    a, b = parse_gazette(text).documents
    assert a.attachments == [] and b.attachments == ["示例县调整的行政职权目录"]
