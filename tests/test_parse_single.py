"""Single documents as government sites and mirrors publish them: one convention per test,
on documents written for the test (GB/T 9704-2012 head and close, web damage)."""

from __future__ import annotations

import pytest

from gongbao.docnum import normalize_doc_number
from gongbao.parse import parse_gazette
from gongbao.parse.patterns import canonical_doc_type, doc_type_of
from gongbao.parse.runon import split_run_on
from gongbao.text.chrome import chrome_fields, page_metadata
from gongbao.text.script import fold_script, strip_pinyin_glosses


def one(text: str):
    docs = parse_gazette(text).documents
    assert len(docs) == 1, [d.title for d in docs]
    return docs[0]


BODY = "现将《青禾县农村道路养护办法》印发给你们，请认真贯彻执行。"


@pytest.mark.parametrize("word, kind", [
    ("关于印发《示例办法》的通知", "通知"), ("关于推进某事的实施意见", "意见"), ("示例县农村道路管理办法", "办法"),
    ("示例县道路暂行办法(试行)", "办法"), ("关于某事的复函", "函"), ("关于某事的通告", "other"),
    ("示例县城市总体规划", "other"), ("关于某事的决议", "other"), ("关于拟命名名单的公示", "other"),
    ("示例县应急工作方案", "方案"), ("关于同意设立某镇的批复", "批复"),
])
def test_doc_type_is_the_canonical_kind_of_the_title_ending(word, kind):
    assert canonical_doc_type(doc_type_of(word)) == kind


def test_title_ending_year_label_of_a_site_is_not_part_of_the_title():
    d = one("示例市人民政府关于同意调整某镇行政区划的批复(2019年)\n\n示政函〔2019〕8号\n\n某县人民政府：\n\n同意。\n\n"
            "示例市人民政府\n2019年5月1日\n")
    assert d.title == "示例市人民政府关于同意调整某镇行政区划的批复" and d.doc_type == "批复"


def test_title_printed_twice_and_issuer_line_and_red_head():
    text = ("青禾县人民政府关于印发青禾县农村道路养护办法的通知\n\n青禾县人民政府办公室文件\n\n"
            "青政办发〔2023〕4号\n\n青禾县人民政府办公室\n关于印发青禾县农村道路养护办法的通知\n\n"
            "各乡镇人民政府，县直各单位：\n\n" + BODY + "\n\n青禾县人民政府办公室\n2023年4月2日\n")
    d = one(text)
    assert d.title.endswith("关于印发青禾县农村道路养护办法的通知")
    assert d.doc_number == "青政办发〔2023〕4号"
    assert d.issuer == "青禾县人民政府办公室"
    assert d.date == "2023-04-02" and d.doc_type == "通知"


def test_title_repeated_over_wrapped_lines_is_one_title():
    text = ("青禾县人民政府办公室\n转发县农业农村局等部门\n关于做好春耕工作的意见的通知\n转发县农业农村局等部门\n"
            "关于做好春耕工作的意见的通知\n青政办发〔2023〕9号\n各乡镇人民政府：\n" + BODY + "\n青禾县人民政府办公室\n2023年3月1日\n")
    d = one(text)
    assert d.title == "青禾县人民政府办公室转发县农业农村局等部门关于做好春耕工作的意见的通知"
    assert d.doc_number == "青政办发〔2023〕9号"


def test_signature_completes_an_abbreviated_issuer():
    text = "市政府办公室关于做好防汛工作的通知\n青政办发〔2023〕5号\n各区人民政府：\n请做好防汛工作。\n青禾市人民政府办公室\n2023年6月1日\n"
    d = one(text)
    assert d.issuer == "青禾市人民政府办公室"


def test_an_organ_named_differently_by_the_signature_stays_as_the_heading_has_it():
    text = "青禾市人民政府关于某事的通知\n各区人民政府：\n请做好某事。\n青禾市应急管理局\n2023年6月1日\n"
    assert one(text).issuer == "青禾市人民政府"


def test_joint_signature_gives_every_issuer():
    text = ("关于开展农村道路安全检查的通知\n各乡镇人民政府：\n请开展检查。\n青禾县交通运输局\n青禾县公安局\n2023年6月1日\n")
    d = one(text)
    assert d.issuer == "青禾县交通运输局、青禾县公安局" and d.issuers == ["青禾县交通运输局", "青禾县公安局"]


def test_docnum_and_signing_date_in_brackets_under_the_title():
    text = "青禾省人民政府关于表彰先进集体的通报\n（青政函〔2010〕57号 2010年4月23日）\n各市人民政府：\n特此通报。\n"
    d = one(text)
    assert d.doc_number == "青政函〔2010〕57号" and d.date == "2010-04-23" and d.cites == []
    assert d.doc_type == "通报"


def test_page_that_starts_at_the_recipients_has_no_title_but_an_issuer_and_date():
    text = "各区人民政府，市政府各部门：\n现将《青禾市防汛预案》印发给你们，请认真执行。\n青禾市人民政府\n2022年5月30日\n（此件公开发布）\n"
    d = one(text)
    assert d.title is None
    assert d.issuer == "青禾市人民政府" and d.date == "2022-05-30"
    assert d.recipients == ["各区人民政府", "市政府各部门"]


def test_decree_with_header_and_the_rule_it_publishes():
    text = ("青禾省道路管理办法\n青禾省人民政府\n青禾省人民政府令\n第88号\n《青禾省道路管理办法》已经省人民政府常务会议通过，"
            "现予公布，自2021年1月1日起施行。\n省长  王某某\n二〇二〇年十二月一日\n青禾省道路管理办法\n第一条 为了管理道路，制定本办法。\n")
    d = one(text)
    assert d.title == "青禾省道路管理办法"
    assert d.doc_number == "青禾省人民政府令第88号" and d.doc_type == "命令"
    assert d.issuer == "青禾省人民政府" and d.date == "2020-12-01"


def test_short_decree_number():
    text = "青禾市人民政府关于禁止燃放烟花的通告\n青禾市人民政府\n青府令第 12 号\n《青禾市人民政府关于禁止燃放烟花的通告》已经市政府常务会议通过，现予发布。\n市 长\n二○○一年十二月三十日\n"
    d = one(text)
    assert d.doc_number == "青府令第12号" and d.doc_type == "命令"


def test_announcement_header_numbers_the_document():
    text = ("青禾市街道条例\n青禾市人民代表大会常务委员会公告\n〔十五届〕第20号\n《青禾市街道条例》已由常务委员会会议通过，现予公布。\n"
            "青禾市第十五届人民代表大会常务委员会\n2019年11月27日\n")
    d = one(text)
    assert d.title == "青禾市街道条例" and d.doc_number == "〔十五届〕第20号" and d.doc_type == "公告"
    assert d.issuer == "青禾市第十五届人民代表大会常务委员会" and d.date == "2019-11-27"


@pytest.mark.parametrize("line", [
    "【字号：大 中 小】【打印】【关闭】", "发布日期：2021年10月29日  来源：县民政局", "字体：【  】 【打印】",
    "[字体: ] 打印", "分享到: 微信", "微博 qq 空间", "来源 :某某政报 | 被引量 : 0次 | 上传用户:sk1011", "时间: 2019-02-12 15:58",
    "上载日期: 2019-11-21 来源: 市人民政府办公室", "2026年01月30日来源:市政府办公厅", "阅读次数：1234", "官方來源",
])
def test_web_page_chrome_lines(line):
    from gongbao.text.script import to_simplified

    assert chrome_fields(to_simplified(line)) is not None


@pytest.mark.parametrize("line", [
    "资金来源：县财政预算安排。", "时间：每年3月", "联系人：张三  电话：1234567", "各乡镇人民政府：",
    "请各单位打印后报送。", "（此件公开发布）", "公开方式：主动公开",
])
def test_document_lines_are_not_chrome(line):
    assert chrome_fields(line) is None


def test_chrome_line_states_the_document_number():
    assert page_metadata(chrome_fields("索引号：123 发文字号：青政发〔2024〕3号 成文日期：2024-01-02")) == {
        "doc_number": "青政发〔2024〕3号", "date": "2024-01-02"}


def test_chrome_is_not_part_of_title_or_recipients():
    text = ("青禾市人民政府关于印发防汛预案的通知\n青政发〔2026〕1号\n2026年01月30日来源:市政府办公厅\n[字体: ] 打印\n"
            "各区、县（市）人民政府，市政府各部门：\n" + BODY + "\n青禾市人民政府\n2026年1月25日\n")
    d = one(text)
    assert d.title == "青禾市人民政府关于印发防汛预案的通知"
    assert d.recipients == ["各区、县（市）人民政府", "市政府各部门"] and d.date == "2026-01-25"


def test_pinyin_glosses_are_removed_and_traditional_script_kept():
    assert strip_pinyin_glosses("關(guān)於印發(fā)通知(試行)") == "關於印發通知(試行)"
    assert strip_pinyin_glosses("部門(mén)和(a)") == "部門和(a)"
    text = ("青禾縣人民政府辦公廳關(guān)於印發(fā)農村道路管理辦法的通知\n青政辦發(fā)〔2015〕91號(hào)\n"
            "各鄉鎮人民政府，縣直各單位：\n現將辦法印發給你們。\n青禾縣人民政府辦公廳\n2015年8月6日\n")
    d = one(text)
    assert d.title == "青禾縣人民政府辦公廳關於印發農村道路管理辦法的通知"
    assert d.issuer == "青禾縣人民政府辦公廳" and d.recipients == ["各鄉鎮人民政府", "縣直各單位"]
    assert d.doc_number == "青政辦發〔2015〕91號"  # as printed; the store keys it by its simplified form
    assert normalize_doc_number(d.doc_number) == "青政办发〔2015〕91号"
    assert d.doc_type == "通知" and d.date == "2015-08-06"


def test_mixed_script_restores_to_the_majority_form():
    f = fold_script("辦法辦法办法")
    assert f.text == "办法办法办法" and f.restore("办法") == "辦法"


def test_run_on_heading_is_cut_at_its_elements():
    line = ("青禾省人民政府关于推进农村道路建设的实施意见 青政发[2009]69号 2009-11-03 为推进农村道路建设，"
            "现结合我省实际，提出以下实施意见。")
    assert split_run_on(line, head=True)[:3] == ["青禾省人民政府关于推进农村道路建设的实施意见", "青政发[2009]69号",
                                                 "2009-11-03"]
    line = "青禾县财政局关于公布补贴政策清单的通知   县直相关单位、各乡镇人民政府:为贯彻落实惠民政策，现公布如下。"
    assert split_run_on(line, head=True)[:2] == ["青禾县财政局关于公布补贴政策清单的通知", "县直相关单位、各乡镇人民政府:"]


def test_run_on_signature_after_a_sentence():
    line = "《青禾省某办法》已经省人民政府常务会议通过，现予公布。代省长张某2016年8月9日根据有关决定，省人民政府决定如下。"
    pieces = split_run_on(line, head=False)
    assert "代省长张某2016年8月9日" in pieces
    line = "各乡镇要高度重视。各乡镇2024年3月1日前完成自查。"
    assert split_run_on(line, head=False) == [line]


def test_whole_document_on_one_line():
    text = ("青禾省人民政府关于推进农村道路建设的实施意见 青政发[2009]69号 2009-11-03 为推进农村道路建设，"
            "根据《交通强国建设纲要》（中发〔2019〕5号）精神，现结合我省实际，提出以下实施意见。一、总体要求。\n")
    d = one(text)
    assert d.title == "青禾省人民政府关于推进农村道路建设的实施意见"
    assert d.doc_number == "青政发〔2009〕69号" and d.date == "2009-11-03"
    assert d.issuer == "青禾省人民政府" and d.doc_type == "意见" and d.cites == ["中发〔2019〕5号"]


def test_lost_spaces_and_yi_punctuation_are_repaired():
    text = "各市人民政府ꎬ省政府各部门:\n现将方案印发给你们ꎮ\n青禾省人民政府??????\n2023年1月19日????\n"
    d = one(text)
    assert d.issuer == "青禾省人民政府" and d.date == "2023-01-19"
    assert d.recipients == ["各市人民政府", "省政府各部门"]


def test_regulation_with_its_publication_note():
    text = ("（2017年10月27日青禾省人民政府令第119号公布 自2017年12月1日起施行）\n"
            "第一条 为了规范机关事务管理工作，制定本办法。\n第二条 本办法适用于全省。\n")
    d = one(text)
    assert d.doc_number == "青禾省人民政府令第119号" and d.date == "2017-10-27" and d.doc_type == "办法"
    assert d.issuer == "青禾省人民政府"


def test_site_province_label_is_not_part_of_the_issuer():
    text = ("青禾市新型墙体材料管理规定\n青禾省青禾市人民政府\n青禾市新型墙体材料管理规定\n"
            "第一条 为推进墙体材料革新，制定本规定。\n")
    d = one(text)
    assert d.issuer == "青禾市人民政府" and d.doc_type == "规定"


def test_signature_gives_the_organs_own_name():
    text = ("关于印发工作规则的通知\n青禾省青禾市人民政府办公室\n关于印发工作规则的通知\n青政办发〔2010〕15号\n"
            "各县（市、区）人民政府：\n现将工作规则印发给你们。\n青禾市人民政府办公室\n2010年3月1日\n")
    assert one(text).issuer == "青禾市人民政府办公室"


@pytest.mark.parametrize("first, expected", [
    ("各市、县、区人民政府，省人民政府各工作部门、各直属机构", ["各市、县、区人民政府", "省人民政府各工作部门、各直属机构"]),
    ("各乡镇人民政府、街道办事处", ["各乡镇人民政府", "街道办事处"]),
])
def test_addressee_whose_colon_was_lost(first, expected):
    text = first + "\n2023年，全省各地坚持以人民为中心，扎实推进各项工作，取得了显著成效，特予通报表扬。\n青禾省人民政府办公厅\n2023年5月15日\n"
    d = one(text)
    assert d.recipients == expected and d.doc_type == "通报"


def test_addressee_wrapped_after_a_comma_and_speech_addressee():
    text = ("青禾市人民政府办公厅关于调整行政区域界线的通知\n青府办〔2016〕40号\n各县、区人民政府，市政府各部门，\n"
            "市直各事业、企业单位：\n现就有关事项通知如下。\n青禾市人民政府办公厅\n2016年8月2日\n")
    assert one(text).recipients == ["各县、区人民政府", "市政府各部门", "市直各事业、企业单位"]
    speech = "政府工作报告\n——2024年1月22日在青禾区第十八届人民代表大会第三次会议上\n区人民政府区长 张某某\n各位代表：\n现在，我代表区人民政府向大会报告工作。\n"
    d = one(speech)
    assert d.recipients == ["各位代表"] and d.date == "2024-01-22" and d.doc_type == "报告"


@pytest.mark.parametrize("body, kind", [
    ("你省《关于设立某区的请示》收悉。现批复如下：同意。", "批复"),
    ("你们提出的建议收悉，现答复如下：我们将认真研究。", "函"),
    ("为加快产业结构调整，建议将淘汰指标调整为300万吨。妥否，请批示。", "请示"),
    ("经省人民政府同意，决定命名“青禾之乡”等12个乡镇。", "通知"),
    ("省政府决定，授予张某等50名同志青禾绿化奖章。", "决定"),
    ("现将《青禾市防汛预案》印发你们，请认真贯彻落实。", "通知"),
    ("申请旁听的公民，自公告发布之日起5个工作日内报名。", "公告"),
])
def test_kind_of_an_untitled_document_from_its_formula(body, kind):
    text = "各市人民政府，省政府各部门：\n" + body + "\n青禾省人民政府\n2023年3月1日\n"
    assert one(text).doc_type == kind


def test_red_head_and_title_run_together():
    text = ("1 省 政 府 文 件 青 禾 省 人 民 政 府 关 于 印 发 金 融 改 革 若 干 措 施 的 通 知 各 市 人 民 政 府 ， 省 政 府 各 部 门 ："
            " 现 将 措 施 印 发 给 你 们 。\n")
    d = one(text)
    assert d.title == "青禾省人民政府关于印发金融改革若干措施的通知" and d.issuer == "青禾省人民政府"


def test_title_runs_into_an_addressee_that_lost_its_colon():
    text = ("青评办函〔2022〕1号青禾市评比表彰工作办公室关于申报2023年表彰项目的通知各县市区委、县人民政府,按照省里要求，"
            "现就有关事项通知如下。一、申报范围。\n")
    d = one(text)
    assert d.doc_number == "青评办函〔2022〕1号"
    assert d.title == "青禾市评比表彰工作办公室关于申报2023年表彰项目的通知"
    assert d.recipients == ["各县市区委", "县人民政府"]


def test_title_line_opening_with_a_bracket_continues_the_title():
    text = ("青禾省人民政府办公厅关于印发青禾省\n交通运输三年行动方案\n(2025—2027年)的通知\n青府办〔2025〕5号\n"
            "各地级以上市人民政府：\n现将方案印发给你们。\n")
    d = one(text)
    assert d.title == "青禾省人民政府办公厅关于印发青禾省交通运输三年行动方案(2025—2027年)的通知"
    assert d.doc_number == "青府办〔2025〕5号" and d.doc_type == "通知"


def test_stored_text_has_no_pinyin_glosses():
    g = parse_gazette("青禾县人民政府关于推进四好農(nóng)村路建设的通知\n各乡镇人民政府：\n请推進(jìn)農(nóng)村路建设。\n")
    assert "(nóng)" not in g.document_text(g.documents[0]) and "四好農村路" in g.document_text(g.documents[0])


@pytest.mark.parametrize("close", ["二O二四年十月十日", "二〇二四年十月十日\n发布日期：2024-10-15", "2024年10月10日\n（2024年11月1日起施行）"])
def test_signing_date_is_the_one_beside_the_signature(close):
    text = "青禾县人民政府关于某事的通知\n各乡镇人民政府：\n请做好某事，本通知自2024年11月1日起施行。\n青禾县人民政府\n" + close + "\n"
    assert one(text).date == "2024-10-10"


def test_a_title_keeps_the_issuer_it_prints_when_an_organ_line_names_it_in_full():
    """The organ line under the 文号 names the issuer in full (中华人民共和国国务院); the title
    prints it short (国务院关于…) and stays as printed; the issuer is the full name."""
    text = ("示例国务院关于同意某省调整某市部分行政区划的批复\n国函〔2015〕207号\n中华人民共和国示例国务院\n"
            "2015年12月3日\n\n某省人民政府：\n\n你省请示收悉。现批复如下：同意。\n")
    d = one(text)
    assert d.title == "示例国务院关于同意某省调整某市部分行政区划的批复"
    assert d.issuer == "中华人民共和国示例国务院"


def test_a_doc_number_in_traditional_script_has_the_simplified_canonical_form():
    assert normalize_doc_number("國函〔2015〕207號") == normalize_doc_number("国函〔2015〕207号") == "国函〔2015〕207号"
    assert normalize_doc_number("乾政发〔2024〕1号") == "乾政发〔2024〕1号"  # 乾 reads as it is
    text = ("示例省人民政府關於同意某市調整行政區劃的批覆\n示政函〔2015〕207號\n某市人民政府：\n"
            "你市《關於調整行政區劃的請示》（某政〔2015〕54號）收悉。同意。\n示例省人民政府\n2015年12月3日\n")
    d = one(text)
    assert (d.doc_number, d.cites) == ("示政函〔2015〕207號", ["某政〔2015〕54號"])

