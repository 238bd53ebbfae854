"""Page geometry -> text lines: reading order, headers/footers, paragraphs (pure, no files)."""

from __future__ import annotations

from gongbao.intake.layout import Box, Line, PageLines, assemble, join_words, order_boxes

EM = 10.0


def row(y: float, *cells: tuple[float, str]) -> list[Box]:
    """Boxes on one printed line at height y: (x0, text) each, 1 em per character."""
    return [Box(x, y, x + EM * len(t), y + EM, t) for x, t in cells]


def texts(lines: list[Line]) -> list[str]:
    return [ln.text for ln in lines]


def test_single_column_lines_come_top_to_bottom_whatever_the_box_order():
    boxes = row(120, (50, "第二行")) + row(100, (50, "第一行")) + row(140, (50, "第三行"))
    assert texts(order_boxes(boxes)) == ["第一行", "第二行", "第三行"]


def test_runs_of_one_line_are_joined_left_to_right():
    boxes = row(100, (90, "人民政府"), (50, "运城市盐湖区"[:4]))
    assert texts(order_boxes(boxes)) == ["运城市盐人民政府"]


def test_two_columns_are_read_left_column_first_under_a_title_box():
    title = row(60, (100, "关于两栏排版的测试通知标题"))
    body = []
    for k in range(6):
        y = 100 + 16 * k
        body += row(y, (50, f"左栏第{k}行文字内容充满"), (200, f"右栏第{k}行文字内容充满"))
    out = texts(order_boxes(title + body))
    assert out[0] == "关于两栏排版的测试通知标题"
    assert out[1:7] == [f"左栏第{k}行文字内容充满" for k in range(6)]
    assert out[7:] == [f"右栏第{k}行文字内容充满" for k in range(6)]


def test_toc_page_numbers_stay_on_their_line():
    boxes = []
    for k in range(6):
        boxes += row(100 + 16 * k, (50, f"关于第{k}项工作的通知文件标题"), (400, str(k + 1)))
    out = texts(order_boxes(boxes))
    assert out == [f"关于第{k}项工作的通知文件标题\t{k + 1}" for k in range(6)]


def test_a_ragged_table_is_read_row_by_row_not_column_by_column():
    names = ["张三", "李四五", "王六", "赵七", "钱八"]
    posts = ["区政府副区长", "区财政局局长", "区发展和改革委员会主任", "区审批局局长", "区农业农村局副局长"]
    boxes = []
    for k, (n, p) in enumerate(zip(names, posts)):
        boxes += row(100 + 16 * k, (50, n), (250, p))
    out = texts(order_boxes(boxes))
    assert out == [f"{n}\t{p}" for n, p in zip(names, posts)]


def page(number: int, lines: list[tuple[float, float, str]], width=300.0, height=600.0) -> PageLines:
    """lines: (x0, top, text), 1 em per character; margins of 50 on both sides (text x=50..250)."""
    return PageLines(number, width, height, [Line(t, x, y, x + EM * len(t), y + EM) for x, y, t in lines])


def body(n: int, start: float = 100.0) -> list[tuple[float, float, str]]:
    return [(50, start + 16 * k, f"正文第{n}页第{k}行") for k in range(3)]


def test_running_headers_and_page_numbers_are_dropped():
    pages = [page(i, [(120, 20, f"某市人民政府公报2024年第{i}期")] + body(i) + [(190, 570, f"— {i} —")])
             for i in range(1, 5)]
    text, line_pages = assemble(pages)
    assert "公报" not in text and "—" not in text
    assert "正文第3页第2行" in text


def test_a_heading_repeated_on_two_pages_of_forty_is_kept():
    pages = [page(i, body(i)) for i in range(1, 41)]
    pages[0].lines.insert(0, Line("关于某事的通知", 50, 20, 120, 30))
    pages[1].lines.insert(0, Line("关于某事的通知", 50, 20, 120, 30))
    text, _ = assemble(pages)
    assert text.count("关于某事的通知") == 2


def test_every_line_has_its_page_and_pages_are_separated_by_a_form_feed_line():
    pages = [page(1, body(1)), page(2, body(2))]
    text, line_pages = assemble(pages, join=False)
    lines = text.split("\n")[:-1]
    assert len(lines) == len(line_pages)
    assert lines[3] == "\f" and line_pages[3] == 2
    assert line_pages[lines.index("正文第2页第0行")] == 2
    assert line_pages[lines.index("正文第1页第2行")] == 1


def test_a_full_line_followed_by_one_at_the_left_edge_is_one_paragraph():
    # the column runs from x=50 to x=250 (20 em); the paragraph starts indented by 2 em
    lines = [(70, 100, "现将有关事项通知如下各单位要认真"), (50, 116, "贯彻执行确保各项任务按期完成工作有"),
             (50, 132, "序推进。"), (70, 148, "特此通知。")]
    lines += [(70, 164 + 16 * k, "另一段落的文字内容排满一整行文字") for k in range(4)]
    text, _ = assemble([page(1, lines)])
    out = text.split("\n")
    assert out[0] == "现将有关事项通知如下各单位要认真贯彻执行确保各项任务按期完成工作有序推进。"
    assert out[1] == "特此通知。"


def test_a_wide_vertical_gap_gives_a_blank_line():
    lines = [(50, 100, "第一段"), (50, 116, "第一段续"), (50, 160, "第二段")]
    text, _ = assemble([page(1, lines)], join=False)
    assert text.split("\n")[:4] == ["第一段", "第一段续", "", "第二段"]


def test_joining_words_puts_spaces_only_between_latin_words():
    assert join_words(["运城市", "人民政府"]) == "运城市人民政府"
    assert join_words(["YUNCHENG", "GONGBAO"]) == "YUNCHENG GONGBAO"
    assert join_words(["〔2024〕2", "26号"]) == "〔2024〕226号"


def test_a_paragraph_running_over_a_page_break_is_joined_before_the_form_feed():
    first = "为做好今年的春季农田水利建设工作特"  # indented by 2 em, ends at x=250
    full = "现将有关事项通知如下各单位要认真贯彻执行"  # 20 em: x=50 to 250
    p1 = page(1, [(70, 100, first), (50, 116, full), (50, 132, full), (50, 148, "完成。"),
                  (70, 164, first), (50, 180, full)])
    p2 = page(2, [(50, 100, "确保按期完成。"), (70, 116, "二、第二段。")])
    text, line_pages = assemble([p1, p2])
    lines = text.split("\n")[:-1]
    assert lines[0] == first + full + full + "完成。"
    assert lines[1:] == [first + full + "确保按期完成。", "\f", "二、第二段。"]
    assert line_pages == [1, 1, 2, 2]


def test_one_line_paragraphs_that_are_mostly_indented_are_not_run_together():
    # the column runs from x=50 to x=250; most wide lines are one-line paragraphs indented by
    # 2 em that end short of the edge; one paragraph wraps, and its continuation line shows
    # where the column really starts
    one = "各单位要按照要求认真组织实施确保完成"  # 17 em: x=70 to 240
    first, rest = "因人事变动经研究决定调整组成人员名单", "如下各成员单位要认真履行职责并按期报送"
    lines = [(70, 100 + 16 * k, one) for k in range(4)]
    lines += [(70, 164, first), (50, 180, rest), (70, 196, "主任：某某某"), (70, 212, "副主任：某某")]
    out = assemble([page(1, lines)])[0].split("\n")[:-1]
    assert out == [one] * 4 + [first + rest, "主任：某某某", "副主任：某某"]
