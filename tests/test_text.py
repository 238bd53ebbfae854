"""Decoding, normalization, broken-font glyphs and dates."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongbao.text.dates import cn_number, find_dates, parse_date
from gongbao.text.decode import InputError, decode_bytes, split_lines
from gongbao.text.glyphs import repair_glyphs, shifted_symbols
from gongbao.text.normalize import clean_line, close_up, fold, fold_brackets

SAMPLE = "运城市盐湖区人民政府公报\n2024年第4期（总第16期）\n"


@pytest.mark.parametrize(
    "data",
    [
        SAMPLE.encode("utf-8"),
        b"\xef\xbb\xbf" + SAMPLE.encode("utf-8"),
        SAMPLE.encode("gb18030"),
        SAMPLE.encode("gbk"),
        SAMPLE.encode("utf-16"),  # with BOM
        SAMPLE.encode("utf-16-le"),  # without BOM
        SAMPLE.encode("utf-16-be"),
    ],
)
def test_decodes_every_encoding(data: bytes) -> None:
    assert decode_bytes(data, "x.txt").lstrip("\ufeff") == SAMPLE


def test_crlf_and_lone_cr_are_line_ends_but_form_feed_is_not() -> None:
    assert split_lines("a\r\nb\rc\fd\n") == ["a", "b", "c\fd"]


@pytest.mark.parametrize(
    "data, reason",
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x00\x01\x02binary\x00" * 50, "binary"),
        (bytes(range(128, 256)) * 4, "undecodable"),
    ],
)
def test_bad_bytes_name_the_file_and_reason(data: bytes, reason: str) -> None:
    with pytest.raises(InputError) as e:
        decode_bytes(data, "bad.txt")
    assert "bad.txt" in str(e.value) and reason in str(e.value)


def test_close_up_removes_layout_spaces_only() -> None:
    assert close_up("运城 市") == "运城市"
    assert close_up("2024 年 10 月 10 日") == "2024年10月10日"
    assert close_up("通 知") == "通知"
    assert close_up("李 锐") == "李锐"
    assert close_up("Hello world") == "Hello world"
    assert close_up("组 长：\t彭梦森") == "组长：\t彭梦森"  # tabs are table cells


def test_fold_unifies_width_quotes_and_brackets() -> None:
    assert fold("（运政函[2024]2 号）") == "(运政函[2024]2号)"
    assert fold_brackets("运政函[2024]2 号") == fold_brackets("运政函〔2024〕2号")
    assert fold("“十四五”") == fold('"十四五"')


def test_shifted_glyph_table_comes_from_gb2312() -> None:
    table = shifted_symbols()
    assert table["耀"] == "～" and table["逸"] == "≥" and table["臆"] == "≤" and table["益"] == "℃"


@pytest.mark.parametrize(
    "broken, fixed",
    [
        ("2024耀2025年", "2024～2025年"),
        ("容积率逸2.0，绿地率逸35%", "容积率≥2.0，绿地率≥35%"),
        ("建筑密度臆35%", "建筑密度≤35%"),
        ("室温不低于18益", "室温不低于18℃"),
        ("运政发也2024页12号", "运政发〔2024〕12号"),
        ("效益显著，逸事一则", "效益显著，逸事一则"),  # real words stay
    ],
)
def test_repair_glyphs(broken: str, fixed: str) -> None:
    assert repair_glyphs(broken) == fixed


def test_clean_line() -> None:
    assert clean_line("  运城 市 人民政府  ") == "运城市人民政府"


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2024年10月10日", "2024-10-10"),
        ("2024 年 3 月 2 日", "2024-03-02"),
        ("二〇二四年十月十日", "2024-10-10"),
        ("二○二四年十二月三十一日", "2024-12-31"),
        ("2022年03月31日出版", "2022-03-31"),
        ("2024年2月30日", None),
    ],
)
def test_dates(text: str, iso: str | None) -> None:
    assert parse_date(text) == iso


def test_cn_numbers() -> None:
    numbers = ("一", "十", "十二", "二十", "三十一", "二〇二四")
    assert [cn_number(s) for s in numbers] == [1, 10, 12, 20, 31, 2024]
    assert find_dates("自2024年1月1日起至2025年12月31日止")[1][0] == "2025-12-31"


def test_shifted_circled_markers_only_in_a_list():
    from gongbao.text.glyphs import repair_glyphs

    assert repair_glyphs("淤加强领导。\n盂落实责任。") == "①加强领导。\n③落实责任。"
    assert repair_glyphs("榆林市人民政府关于加快推进工作的意见") == "榆林市人民政府关于加快推进工作的意见"
    assert repair_glyphs("淤泥清理工作已完成。") == "淤泥清理工作已完成。"


_SEARCH_CHARS = list("补贴发放 \n\t（）〔〕[]ＡＢa，。、“”《》文號0１2")
_SEARCH_TEXT = st.text(alphabet=st.sampled_from(_SEARCH_CHARS), max_size=600)


@given(_SEARCH_TEXT)
def test_offset_map_points_each_search_form_character_at_its_source(s: str) -> None:
    """Short texts (a regex over the deleted runs) and long ones (numpy) map alike: the
    character at the mapped offset is the one norm() turned into that search-form character."""
    from gongbao.text.canonical import canonical_table
    from gongbao.text.searchform import OffsetMap, norm

    normed, to_orig = norm(s), OffsetMap(s)
    for p, c in enumerate(normed):
        assert s[to_orig(p)].translate(canonical_table()) == c
    assert [to_orig(p) for p in range(len(normed))] == sorted({to_orig(p) for p in range(len(normed))})
