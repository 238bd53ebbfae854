"""Text read back from scans by OCR: the slips a scan leaves, on invented documents."""

from __future__ import annotations

import pytest

from gongbao.docnum import find_doc_numbers
from gongbao.parse import parse_gazette
from gongbao.parse.patterns import split_orgs
from gongbao.text.glyphs import repair_ocr_confusions


def test_a_speck_before_the_year_does_not_lose_the_doc_number():
    [d] = find_doc_numbers("示政任字[52024]6号")
    assert d.normalized == "示政任字〔2024〕6号" and d.span == (0, 13)


@pytest.mark.parametrize("text, fixed", [
    ("示例具人民政府", "示例县人民政府"), ("具直各单位：", "县直各单位："), ("示例具财政局", "示例县财政局"),
    ("提供具体措施", "提供具体措施"), ("具有法律效力", "具有法律效力"), ("农具直销", "农具直销"),
])
def test_county_misread_in_organ_names(text, fixed):
    assert repair_ocr_confusions(text) == fixed


def test_organ_names_run_together_are_split():
    assert split_orgs("甲县人民政府乙县人民政府") == ["甲县人民政府", "乙县人民政府"]
    assert split_orgs("中共甲县委办公室甲县人民政府办公室") == ["中共甲县委办公室", "甲县人民政府办公室"]
    assert split_orgs("甲县人民政府办公室") == ["甲县人民政府办公室"]


def test_speech_dateline_and_page_footer_as_ocr_reads_them():
    text = ("示例市人民政府公报\n2024年第1期\n目  录\n政府工作报告……1\n\n政府工作报告\n一一2024年3月26日在示例市第五届人民代表大会第三次会议上\n"
            "示例市人民政府市长 张某\n各位代表：\n现在，我代表市人民政府向大会报告工作。\n一 145 一\n过去一年，全市经济稳定增长。\n")
    [d] = parse_gazette(text).documents
    assert d.title == "政府工作报告" and d.date == "2024-03-26" and d.doc_type == "报告"
    assert "145" not in parse_gazette(text).clean_lines[10]


def test_the_table_of_contents_mends_a_misread_doc_number():
    text = ("示例县人民政府公报\n2024年第1期\n目  录\n关于同意设立某镇农贸市场的批复（示政函〔2024〕12号）……1\n\n"
            "示例县人民政府关于同意设立某镇农贸市场的批复\n示政冰〔2024〕12号\n某镇人民政府：\n同意。\n示例县人民政府\n2024年6月3日\n")
    [d] = parse_gazette(text).documents
    assert d.doc_number == "示政函〔2024〕12号" and d.toc_page == 1


def test_a_heading_whose_doc_number_ocr_garbled_is_still_a_document():
    text = ("示例县人民政府关于做好防汛工作的通知\n示政发〔2024〕1号\n各乡镇人民政府：\n请做好防汛工作。\n示例县人民政府\n2024年5月1日\n"
            "示例县人民政府办公室关于做好春耕工作的通知\n示政办发〔202有38号\n各乡镇人民政府：\n请做好春耕工作。\n"
            "示例县人民政府办公室\n2024年3月2日\n")
    a, b = parse_gazette(text).documents
    assert b.title == "示例县人民政府办公室关于做好春耕工作的通知"
    assert (b.issuer, b.date, b.recipients) == ("示例县人民政府办公室", "2024-03-02", ["各乡镇人民政府"])
    assert a.date == "2024-05-01"


def _notice(code: str, seq: int, issuer: str = "示例县人民政府") -> str:
    return (f"{issuer}关于第{seq}项工作的通知\n{code}〔2024〕{seq}号\n各乡镇人民政府：\n请做好第{seq}项工作。\n"
            f"{issuer}\n2024年5月{seq}日\n")


def test_a_code_misread_once_is_mended_from_the_issue():
    text = _notice("示政函", 1) + _notice("示政函", 2) + _notice("示政发", 3) + _notice("示政图", 4)
    assert [d.doc_number for d in parse_gazette(text).documents][-1] == "示政函〔2024〕4号"


def test_a_code_printed_once_with_a_real_ending_stays():
    text = _notice("示政函", 1) + _notice("示政函", 2) + _notice("示政字", 3)
    assert [d.doc_number for d in parse_gazette(text).documents][-1] == "示政字〔2024〕3号"


def test_an_issuer_with_a_speck_read_as_a_character_is_mended():
    text = _notice("示政发", 1) + _notice("示政发", 2) + _notice("示政发", 3) + _notice("示政发", 4, "示例有县人民政府")
    d = parse_gazette(text).documents[-1]
    assert d.issuer == "示例县人民政府" and d.title.startswith("示例县人民政府关于")


@pytest.mark.parametrize("line, iso", [("2022年3月28月", "2022-03-28"), ("示例县人民政府办公室2024年7月29有日", "2024-07-29"),
                                       ("3.项目清单(见网络版)示例县人民政府2024年8月19日", "2024-08-19")])
def test_signing_dates_as_ocr_reads_them(line, iso):
    from gongbao.parse.patterns import signature_date

    assert signature_date(line)[0] == iso
