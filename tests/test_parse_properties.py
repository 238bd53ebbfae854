"""Properties of the parser on arbitrary text: it never crashes, and what it reports stays
inside the file (spans never overlap, every cited line exists)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongbao.parse import parse_gazette
from gongbao.text.decode import split_lines

# Pieces of real gazette text, so that random text also hits headings, TOCs and signatures.
PIECES = [
    "示例县人民政府公报", "2024年第2期（总第9期）", "目 录", "县政府文件", "【 人事任免 】",
    "关于印发《示例方案》的通知", "示政发〔2024〕5号", "示政函 [2024] 12 号", "(示政办发〔2024〕21号)7",
    "各乡镇人民政府，县直各有关单位：", "示例县人民政府", "2024年5月20日", "二〇二四年六月三日",
    "（此件公开发布）", "附件：1.示例表", "一、工作目标", "——2024年3月26日在大会上", "\t1\t青山镇\t300",
    "现将有关事项通知如下：", "政 府 工 作 报 告", "— 3 —", "示例县人民政府 关于张明任职的通知",
]
lines_strategy = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=40), st.just("")), max_size=60)


def check(text: str) -> None:
    g = parse_gazette(text)
    n = len(split_lines(text))
    prev_end = 0
    for d in g.documents:
        assert 1 <= d.span_start <= d.start_line <= d.end_line <= max(n, 1)
        assert d.span_start > prev_end, "document spans overlap"
        prev_end = d.end_line
        for field, nos in d.lines.items():
            assert all(1 <= no <= n for no in nos), field
    for e in g.issue.toc:
        assert 1 <= e.line <= n


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(lines_strategy)
def test_never_crashes_and_spans_stay_inside(lines: list[str]) -> None:
    check("\n".join(lines))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400))
def test_arbitrary_unicode(text: str) -> None:
    check(text)
