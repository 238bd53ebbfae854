"""文号 parsing: one small case per variant published text throws at us."""

from __future__ import annotations

import pytest

from gongbao.docnum import find_doc_numbers, is_doc_number_line, normalize_doc_number, parse_doc_number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("运盐政发〔2024〕10号", "运盐政发〔2024〕10号"),
        ("运盐政发[2024]10号", "运盐政发〔2024〕10号"),
        ("运盐政发(2024)10号", "运盐政发〔2024〕10号"),
        ("运盐政发（2024）10号", "运盐政发〔2024〕10号"),
        ("运盐政发【2024】10号", "运盐政发〔2024〕10号"),
        ("运盐政发［2024］10号", "运盐政发〔2024〕10号"),
        ("交政发 [2024] 10 号", "交政发〔2024〕10号"),
        ("运政函〔2024〕6 号", "运政函〔2024〕6号"),
        ("交政办 发〔2024〕24号", "交政办发〔2024〕24号"),  # a space inside the organ code
        ("运盐政发〔２０２４〕１０号", "运盐政发〔2024〕10号"),  # full-width digits
        ("晋政字〔1995〕第12号", "晋政字〔1995〕12号"),
        ("晋政字第36号", "晋政字第36号"),  # no year at all
        ("(1995)12号", "〔1995〕12号"),  # no organ code
        ("运政发2024年10号", "运政发〔2024〕10号"),
    ],
)
def test_variants_normalize(text: str, expected: str) -> None:
    found = find_doc_numbers(text)
    assert [d.normalized for d in found] == [expected]
    d = found[0]
    assert text[d.span[0] : d.span[1]] == d.raw


@pytest.mark.parametrize(
    "text, expected",
    [
        ("根据晋财农〔2024〕132号文件精神", "晋财农〔2024〕132号"),
        ("按照运政办发〔2024〕16号要求", "运政办发〔2024〕16号"),
        ("同时废止运政办发〔2020〕61号", "运政办发〔2020〕61号"),
        ("《关于…的通知》（国发〔2024〕7号）", "国发〔2024〕7号"),
        ("财政部财农〔2021〕121号", "财农〔2021〕121号"),
    ],
)
def test_code_starts_after_function_words(text: str, expected: str) -> None:
    assert [d.normalized for d in find_doc_numbers(text)] == [expected]


def test_split_across_lines() -> None:
    text = "关于调整乡镇行政执法事项目录的通知(交政发\n〔2024〕11 号)2"
    [d] = find_doc_numbers(text)
    assert d.normalized == "交政发〔2024〕11号"
    assert d.issuer_code == "交政发" and d.year == 2024 and d.seq == 11


def test_several_in_one_line_keep_order_and_spans() -> None:
    text = "运盐政办发[2024]40号、运盐政办发(2024)41号和晋财综〔2014〕59号"
    found = find_doc_numbers(text)
    assert [d.normalized for d in found] == ["运盐政办发〔2024〕40号", "运盐政办发〔2024〕41号",
                                             "晋财综〔2014〕59号"]
    assert all(text[a:b] == d.raw for d in found for a, b in [d.span])


def test_decree_numbers_are_marked() -> None:
    [d] = find_doc_numbers("（交通运输部令〔2022〕32号）")
    assert d.is_order
    assert not find_doc_numbers("(2010年农业部令2010年第7号)")


def test_not_doc_numbers() -> None:
    assert find_doc_numbers("2024年10号楼") == []
    assert find_doc_numbers("全区完成改造5060户。") == []
    assert find_doc_numbers("") == []


def test_whole_string_parsing() -> None:
    assert normalize_doc_number("（运政函[2024]2 号）") == "运政函〔2024〕2号"
    assert normalize_doc_number("不是文号") is None
    assert parse_doc_number("运政函〔2024〕2号 关于") is None
    assert is_doc_number_line("交政办函 [2024] 18 号") is not None
    assert is_doc_number_line("根据运政办发〔2024〕16号要求，现将有关事项通知如下。") is None
