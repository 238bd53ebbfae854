"""Files as published -> text: PDFs made here with reportlab, HTML, DOCX, and bad files."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

import pdfmake
from system import needs
from gongbao.intake import IntakeText, detect, load
from gongbao.text.decode import InputError

pytestmark = needs("font")

DOC = """示例县人民政府文件
示县政发〔2024〕7号
示例县人民政府
关于做好春季农田水利建设工作的通知
各乡镇人民政府，县直各有关单位：
为切实做好今年春季农田水利建设工作，确保灌溉用水安全，现将有关事项通知如下。
一、提高思想认识。各乡镇要把农田水利建设作为当前的一项重要任务，主要负责同志亲自抓，分管负责同志具体抓，层层落实责任。
二、突出建设重点。重点抓好渠道清淤、泵站维修和小型水库除险加固，三月底前完成全部渠道清淤任务。
三、加强资金保障。县财政安排专项资金用于农田水利设施维修，各乡镇要做到专款专用。

示例县人民政府
2024年3月5日
（此件公开发布）
"""


def numbered(n: int) -> str:
    return "\n".join(f"第{k}段：各乡镇要按照县政府的统一部署，"
                     f"认真组织实施农田水利建设第{k}项任务，确保按期完成。"
                     for k in range(1, n + 1))


@pytest.fixture
def text_pdf(tmp_path: Path) -> Path:
    p = tmp_path / "示例县公报.pdf"
    pdfmake.text_to_pdf(DOC + "\n" + numbered(60), p, header="示例县人民政府公报 2024年第1期")
    return p


def lines_of(r: IntakeText) -> list[str]:
    return r.text.split("\n")[:-1]


def test_text_layer_pdf_gives_the_text_with_a_page_for_every_line(text_pdf):
    r = load(text_pdf)
    assert r.kind == "pdf" and r.meta["page_count"] >= 2 and r.meta["ocr_pages"] == []
    lines = lines_of(r)
    assert len(lines) == len(r.pages)
    assert "示县政发〔2024〕7号" in lines
    assert r.pages[lines.index("示县政发〔2024〕7号")] == 1
    last = next(i for i, ln in enumerate(lines) if ln.startswith("第60段"))
    assert r.pages[last] == r.meta["page_count"]
    assert "\f" in lines  # page seams


def test_wrapped_paragraphs_come_back_as_one_line(text_pdf):
    lines = lines_of(load(text_pdf))
    para = [ln for ln in DOC.split("\n") if ln.startswith("一、")][0]
    assert para in lines


def test_running_header_and_page_number_footer_are_dropped(text_pdf):
    r = load(text_pdf)
    assert "公报" not in r.text
    assert "—" not in r.text


def test_two_column_pdf_is_read_column_by_column(tmp_path):
    left = [f"左栏第{k}段文字用来测试两栏排版的阅读顺序是否正确无误。" for k in range(1, 13)]
    p = tmp_path / "两栏.pdf"
    pdfmake.text_to_pdf("\n".join(left), p, columns=2, title="关于两栏排版公报的测试通知", header=None,
                        footer=False, lines_per_page=20)
    lines = [ln for ln in lines_of(load(p)) if ln.strip()]
    assert lines[0] == "关于两栏排版公报的测试通知"
    body = [ln for ln in lines[1:] if ln != "\f"]
    assert body[: len(left)] == left


def test_image_only_pdf_without_ocr_is_a_clear_error(tmp_path, text_pdf):
    scan = tmp_path / "扫描件.pdf"
    pdfmake.image_pdf(text_pdf, scan, dpi=60)
    with pytest.raises(InputError, match="no text in this PDF.*--ocr"):
        load(scan, ocr="never")


needs_tesseract = needs("tesseract")


@needs_tesseract
def test_scanned_pdf_is_ocred_page_by_page(tmp_path):
    from difflib import SequenceMatcher

    src = tmp_path / "src.pdf"
    pdfmake.text_to_pdf(DOC, src, size=14, header=None, footer=False)
    scan = tmp_path / "扫描件.pdf"
    pdfmake.image_pdf(src, scan, dpi=200)
    r = load(scan, ocr="auto")
    assert r.meta["ocr_pages"] == [1]
    assert "示县政发〔2024〕7号" in r.text
    assert "关于做好春季农田水利建设工作的通知" in r.text
    want = "".join(DOC.split())
    got = "".join(r.text.split())
    assert SequenceMatcher(None, want, got, autojunk=False).ratio() >= 0.9


@needs_tesseract
def test_ocr_always_reads_a_text_layer_page_too(tmp_path):
    src = tmp_path / "src.pdf"
    pdfmake.text_to_pdf("关于做好春季农田水利建设工作的通知", src, size=16, header=None, footer=False)
    r = load(src, ocr="always")
    assert r.meta["ocr_pages"] == [1] and "农田水利" in r.text


def test_ocr_line_repair_restores_the_year_brackets_of_a_doc_number():
    from gongbao.intake.ocr import fix_line

    assert fix_line("运盐政发【2024]】10号") == "运盐政发〔2024〕10号"
    assert fix_line("(运政办发[2024] 16号)") == "(运政办发〔2024〕16号)"
    assert fix_line("运盐政发2024]10号") == "运盐政发〔2024〕10号"
    assert fix_line("共有[2024]户") == "共有[2024]户"
    assert fix_line("截至2024年10号楼") == "截至2024年10号楼"


def test_tesseract_tsv_lines_are_joined_without_spaces_between_chinese():
    from gongbao.intake.ocr import parse_tsv

    head = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = ["5\t1\t1\t1\t1\t1\t100\t100\t40\t40\t95\t运城", "5\t1\t1\t1\t1\t2\t150\t100\t40\t40\t95\t市",
            "5\t1\t1\t1\t2\t1\t100\t160\t40\t40\t95\t2024年", "5\t1\t1\t1\t2\t2\t400\t160\t40\t40\t95\t36"]
    boxes = parse_tsv("\n".join([head] + rows), 0.5)
    assert [b.text for b in boxes] == ["运城市", "2024年\t36"]
    assert boxes[0].x0 == 50 and boxes[0].x1 == 95


# ---------------------------------------------------------------- bad files


def test_encrypted_pdf_is_a_clear_error(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    p = tmp_path / "加密.pdf"
    c = canvas.Canvas(str(p), encrypt=StandardEncryption("secret", canPrint=0))
    c.drawString(100, 700, "secret text")
    c.save()
    with pytest.raises(InputError, match="encrypted") as e:
        load(p)
    assert str(p) in str(e.value)


def test_a_pdf_locked_only_against_editing_is_read(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption
    from reportlab.pdfgen import canvas

    pdfmake._register()
    p = tmp_path / "禁止编辑.pdf"
    c = canvas.Canvas(str(p), encrypt=StandardEncryption("", ownerPassword="owner", canModify=0))
    c.setFont(pdfmake.FONT, 14)
    c.drawString(100, 700, "关于做好春季农田水利建设工作的通知")
    c.save()
    assert load(p).text.strip() == "关于做好春季农田水利建设工作的通知"


def test_truncated_pdf_is_a_clear_error(tmp_path, text_pdf):
    p = tmp_path / "截断.pdf"
    data = text_pdf.read_bytes()
    p.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="truncated"):
        load(p)


def test_a_pdf_that_is_really_an_html_page_is_a_clear_error(tmp_path):
    p = tmp_path / "公报.pdf"
    p.write_text("<!DOCTYPE html><html><body>404 页面不存在</body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"named \.pdf but is an HTML page"):
        load(p)


def test_a_pdf_that_is_really_a_zip_is_a_clear_error(tmp_path):
    p = tmp_path / "公报.pdf"
    with zipfile.ZipFile(p, "w") as z:
        z.writestr("a.txt", "x")
    with pytest.raises(InputError, match="ZIP archive"):
        load(p)


def test_a_pdf_with_zero_pages_is_a_clear_error(tmp_path):
    p = tmp_path / "空.pdf"
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, o in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + o + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref))
    p.write_bytes(out.getvalue())
    with pytest.raises(InputError, match="no pages|damaged"):
        load(p)


def test_a_file_taking_longer_than_its_timeout_is_a_clear_error(text_pdf):
    with pytest.raises(InputError, match="timed out"):
        load(text_pdf, timeout=1e-9)


def test_an_empty_or_missing_file_is_a_clear_error(tmp_path):
    (tmp_path / "空.pdf").write_bytes(b"")
    with pytest.raises(InputError, match="empty"):
        load(tmp_path / "空.pdf")
    with pytest.raises(InputError, match="no such file"):
        load(tmp_path / "无.pdf")


def test_the_format_comes_from_the_content(tmp_path, text_pdf):
    named_txt = tmp_path / "公报.txt"
    named_txt.write_bytes(text_pdf.read_bytes())
    assert detect(named_txt) == "pdf"
    plain = tmp_path / "公报"
    plain.write_text(DOC, encoding="utf-8")
    assert detect(plain) == "txt"
    assert load(plain).pages is None


# ---------------------------------------------------------------- HTML and Word

HTML = """<!DOCTYPE html><html><head><meta charset="utf-8"><title>关于做好春季农田水利建设工作的通知_示例县人民政府</title>
<meta name="ArticleTitle" content="关于做好春季农田水利建设工作的通知"></head><body>
<div class="top-nav"><ul><li><a href="/">首页</a></li><li><a href="/xxgk">政府信息公开</a></li><li><a href="/hd">互动交流</a></li></ul></div>
<nav>网站导航 机构设置 政策文件</nav>
<table class="xxgk-head"><tr><td>索引号：</td><td>11140000MB0000000X/2024-00012</td><td>主题分类：</td><td>农业、水利</td></tr>
<tr><td>发文机关：</td><td>示例县人民政府</td><td>成文日期：</td><td>2024年03月05日</td></tr>
<tr><td>标　　题：</td><td colspan="3">关于做好春季农田水利建设工作的通知</td></tr>
<tr><td>发文字号：</td><td>示县政发〔2024〕7号</td><td>发布日期：</td><td>2024-03-08</td></tr></table>
<div class="article"><h1>关于做好春季农田水利建设工作的通知</h1>
<div id="zoom"><p style="text-align:center">示县政发〔2024〕7号</p><p>各乡镇人民政府，县直各有关单位：</p>
<p>　　为切实做好今年春季<span>农田水利</span>建设工作，确保灌溉用水安全，现将有关事项通知如下。</p>
<p>　　一、提高思想认识。各乡镇要把农田水利建设作为当前的一项重要任务。</p>
<table><tr><td>乡镇</td><td>任务（处）</td></tr><tr><td>东关镇</td><td>12</td></tr></table>
<p style="text-align:right">示例县人民政府<br>2024年3月5日</p></div></div>
<div class="footer">主办：示例县人民政府办公室 网站标识码 1400000000 <a href="#">网站地图</a></div>
<script>var x = "脚本里的文字";</script></body></html>"""  # noqa: E501 - a page as sites write it, long lines and all


def test_html_keeps_the_document_and_drops_the_site(tmp_path):
    p = tmp_path / "通知.html"
    p.write_text(HTML, encoding="utf-8")
    r = load(p)
    lines = lines_of(r)
    assert r.kind == "html" and r.pages is None
    assert lines[0] == "关于做好春季农田水利建设工作的通知"
    assert "示县政发〔2024〕7号" in lines
    assert "为切实做好今年春季农田水利建设工作，确保灌溉用水安全，现将有关事项通知如下。" in lines
    assert "东关镇\t12" in lines
    assert lines[-2:] == ["示例县人民政府", "2024年3月5日"]
    for junk in ("首页", "网站导航", "网站地图", "脚本", "索引号"):
        assert junk not in r.text


def test_html_metadata_header_goes_into_meta(tmp_path):
    p = tmp_path / "通知.htm"
    p.write_text(HTML, encoding="utf-8")
    meta = load(p).meta
    assert meta["index_no"] == "11140000MB0000000X/2024-00012"
    assert meta["issuer"] == "示例县人民政府"
    assert meta["doc_number"] == "示县政发〔2024〕7号"
    assert meta["date"] == "2024-03-05"
    assert meta["published"] == "2024-03-08"
    assert meta["title"] == "关于做好春季农田水利建设工作的通知"


def test_html_in_gbk_is_decoded_by_its_declared_charset(tmp_path):
    p = tmp_path / "通知.html"
    p.write_bytes(HTML.replace('charset="utf-8"', 'charset="gb2312"').encode("gb18030"))
    assert "示县政发〔2024〕7号" in load(p).text


def test_docx_paragraphs_and_table_rows_in_order(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("关于做好春季农田水利建设工作的通知")
    d.add_paragraph("示县政发〔2024〕7号")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "乡镇", "任务（处）"
    t.cell(1, 0).text, t.cell(1, 1).text = "东关镇", "12"
    d.add_paragraph("示例县人民政府")
    p = tmp_path / "通知.docx"
    d.save(str(p))
    r = load(p)
    assert r.kind == "docx"
    assert lines_of(r) == ["关于做好春季农田水利建设工作的通知", "示县政发〔2024〕7号", "乡镇\t任务（处）",
                           "东关镇\t12",
                           "示例县人民政府"]


def test_doc_without_a_converter_is_a_clear_error(tmp_path, monkeypatch):
    from gongbao.intake import docx as docxmod

    monkeypatch.setattr(docxmod, "doc_converter", lambda: None)
    p = tmp_path / "通知.doc"
    p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(InputError, match="LibreOffice.*antiword"):
        load(p)


def test_a_docx_named_pdf_is_a_clear_error(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("通知")
    p = tmp_path / "通知.pdf"
    d.save(str(p))
    with pytest.raises(InputError, match="Word .docx"):
        load(p)


def test_ocr_mode_is_checked():
    with pytest.raises(ValueError):
        load(Path(__file__), ocr="sometimes")


# ---------------------------------------------------------------- pipeline and CLI


def test_parse_path_gives_each_document_its_page(text_pdf):
    from gongbao.pipeline import parse_path

    g = parse_path(text_pdf)
    assert g.pages is not None and len(g.pages) == len(g.lines)
    d = g.to_dict()["documents"][0]
    assert d["doc_number"] == "示县政发〔2024〕7号" and d["page"] == 1


def test_parse_path_isolated_gives_the_same_parse(text_pdf):
    from gongbao.pipeline import parse_path

    assert parse_path(text_pdf, isolate=True).to_dict() == parse_path(text_pdf).to_dict()


def test_parse_path_fills_missing_fields_from_the_html_header(tmp_path):
    from gongbao.pipeline import parse_path

    p = tmp_path / "通知.html"
    p.write_text(HTML, encoding="utf-8")
    g = parse_path(p)
    assert len(g.documents) == 1
    doc = g.documents[0]
    assert doc.doc_number == "示县政发〔2024〕7号"
    assert doc.date == "2024-03-05"


def test_cli_parse_reads_a_pdf_and_rejects_a_bad_ocr_mode(text_pdf):
    from typer.testing import CliRunner

    from gongbao.cli import app

    r = CliRunner().invoke(app, ["parse", str(text_pdf), "--json", "--ocr", "never"])
    assert r.exit_code == 0, r.output
    out = json.loads(r.stdout)
    assert out["documents"][0]["page"] == 1
    bad = CliRunner().invoke(app, ["parse", str(text_pdf), "--ocr", "sometimes"])
    assert bad.exit_code != 0 and "--ocr" in bad.output


def test_isolated_load_returns_the_same_text_and_ends_a_hang_with_a_clear_error(text_pdf, monkeypatch):
    import time as _time

    from gongbao import intake

    assert intake.load_isolated(text_pdf).text == load(text_pdf).text
    with pytest.raises(InputError, match="encrypted|truncated|named"):
        bad = text_pdf.with_name("坏.pdf")
        bad.write_text("<html><body>登录</body></html>", encoding="utf-8")
        intake.load_isolated(bad)

    def hang(*a, **k):
        _time.sleep(60)

    monkeypatch.setattr(intake, "load", hang)  # the child is forked: it inherits the patch
    t0 = _time.monotonic()
    with pytest.raises(InputError, match="timed out"):
        intake.load_isolated(text_pdf, timeout=0.5)
    assert _time.monotonic() - t0 < 10


@needs_tesseract
def test_a_scan_with_a_stamped_page_number_is_still_ocred(tmp_path):
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    import pypdfium2 as pdfium

    src = tmp_path / "src.pdf"
    pdfmake.text_to_pdf("关于做好春季农田水利建设工作的通知\n示县政发〔2024〕7号", src, size=16, header=None,
                        footer=False)
    doc = pdfium.PdfDocument(str(src))
    img = doc[0].render(scale=200 / 72, grayscale=True).to_pil()
    doc.close()
    p = tmp_path / "盖章扫描件.pdf"
    c = canvas.Canvas(str(p), pagesize=pdfmake.A4)
    c.drawImage(ImageReader(img), 0, 0, *pdfmake.A4)
    pdfmake._register()
    c.setFont(pdfmake.FONT, 9)
    c.drawString(280, 20, "第 1 页 共 1 页 扫描件")
    c.save()
    r = load(p, ocr="auto")
    assert r.meta["ocr_pages"] == [1]
    assert "示县政发〔2024〕7号" in r.text


def test_a_landscape_table_on_a_rotated_page_reads_left_to_right(tmp_path):
    from reportlab.pdfgen import canvas

    pdfmake._register()
    p = tmp_path / "横排附件.pdf"
    c = canvas.Canvas(str(p), pagesize=pdfmake.A4)
    c.setPageRotation(90)
    c.setFont(pdfmake.FONT, 12)
    rows = ["附件：重点工程项目表", "序号\t项目名称\t责任单位", "1\t城区供水管网改造工程\t区水务局"]
    for k, t in enumerate(rows):  # drawn turned by 90 degrees so that the rotated page shows them upright
        c.saveState()
        c.translate(60 + 20 * k, 40)
        c.rotate(90)
        pdfmake._draw_line(c, 0, 0, t, 12)
        c.restoreState()
    c.save()
    assert lines_of(load(p)) == rows


def test_without_tesseract_auto_keeps_the_text_pages_and_warns(tmp_path, text_pdf, monkeypatch):
    import pypdfium2 as pdfium

    from gongbao.intake import ocr as ocrmod

    monkeypatch.setattr(ocrmod, "available", lambda: False)
    scan = tmp_path / "扫描页.pdf"
    pdfmake.image_pdf(text_pdf, scan, dpi=40)
    mixed = pdfium.PdfDocument.new()
    for f in (text_pdf, scan):
        src = pdfium.PdfDocument(str(f))
        mixed.import_pages(src, [0])
        src.close()
    p = tmp_path / "混合.pdf"
    mixed.save(str(p))
    mixed.close()
    r = load(p, ocr="auto")
    assert "示县政发〔2024〕7号" in r.text
    assert r.meta["not_ocred"] == [2] and "not installed" in r.meta["warnings"][0]
    with pytest.raises(InputError, match="tesseract"):
        load(scan, ocr="auto")
    with pytest.raises(InputError, match="tesseract"):
        load(p, ocr="always")


def test_html_of_an_old_table_layout_site_finds_the_document_by_its_prose(tmp_path):
    nav = "".join(f'<a href="/l{k}">栏目链接第{k}个</a><br>' for k in range(30))
    page = (f'<html><head><meta charset="utf-8"></head><body><table><tr><td>{nav}</td>'
            '<td><table><tr><td>关于开展春季植树活动的通知<br>各乡镇人民政府：<br>'
            '为改善生态环境，县政府决定于三月开展全民义务植树活动，请各单位认真组织。<br>示例县人民政府<br>'
            '2024年3月1日</td></tr></table></td></tr></table><div>版权所有 示例县人民政府'
            ' 技术支持某公司</div></body></html>')
    p = tmp_path / "旧站.htm"
    p.write_text(page, encoding="utf-8")
    lines = lines_of(load(p))
    assert lines[0] == "关于开展春季植树活动的通知"
    assert lines[-1] == "2024年3月1日"
    assert not any("栏目链接" in ln or "版权所有" in ln for ln in lines)
