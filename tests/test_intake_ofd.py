"""OFD files (GB/T 33190-2016) made here with tests/ofdmake.py -> text, pages and metadata;
damaged and hostile packages -> one-line errors naming the file."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

import ofdmake
import pdfmake
from system import needs
from gongbao.intake import detect, load, load_isolated
from gongbao.intake.ofd import numbers
from gongbao.text.decode import InputError
from test_intake_files import DOC, lines_of, numbered

pytestmark = needs("font")

FIXTURES = Path(__file__).parent / "fixtures"
GAZETTE = FIXTURES / "web" / "青禾县人民政府公报2024年第3期.txt"


@pytest.fixture
def notice(tmp_path: Path) -> Path:
    p = tmp_path / "示例县通知.ofd"
    ofdmake.text_to_ofd(DOC + "\n" + numbered(60), p, header="示例县人民政府公报 2024年第1期",
                        info={"Title": "关于做好春季农田水利建设工作的通知",
                              "Author": "示例县人民政府办公室"},
                        custom={"发文字号": "示县政发〔2024〕7号", "成文日期": "2024年3月5日"})
    return p


def test_ofd_gives_the_text_with_a_page_for_every_line(notice):
    seen = []
    r = load(notice, progress=lambda done, total, stage: seen.append((done, total, stage)))
    assert r.kind == "ofd" and r.meta["page_count"] >= 2
    assert seen[-1] == (r.meta["page_count"], r.meta["page_count"], "read")  # the progress bar
    lines = lines_of(r)
    assert len(lines) == len(r.pages)
    assert r.pages[lines.index("示县政发〔2024〕7号")] == 1
    last = next(i for i, ln in enumerate(lines) if ln.startswith("第60段"))
    assert r.pages[last] == r.meta["page_count"]
    assert "\f" in lines


def test_ofd_wrapped_paragraphs_joined_and_running_header_and_footer_dropped(notice):
    r = load(notice)
    assert [ln for ln in DOC.split("\n") if ln.startswith("一、")][0] in lines_of(r)
    assert "公报" not in r.text and "—" not in r.text


def test_ofd_reads_as_the_same_text_as_a_pdf_of_the_same_pages(tmp_path):
    text = GAZETTE.read_text(encoding="utf-8")
    pdf, ofd = tmp_path / "g.pdf", tmp_path / "g.ofd"
    pdfmake.text_to_pdf(text, pdf)
    ofdmake.text_to_ofd(text, ofd)
    assert load(ofd).text == load(pdf).text


@pytest.mark.parametrize("writer", [
    {"per_char": True},  # one TextObject per character, as some converters write
    {"ctm": True},  # object space in points scaled to millimetres by a CTM
    {"reverse_page_names": True},  # page folders named last to first: Document.xml's order rules
    {"seal": False},
])
def test_ofd_writers_variants_read_the_same(tmp_path, writer):
    text = GAZETTE.read_text(encoding="utf-8")
    plain, variant = tmp_path / "a.ofd", tmp_path / "b.ofd"
    ofdmake.text_to_ofd(text, plain)
    ofdmake.text_to_ofd(text, variant, **writer)
    a, b = load(plain), load(variant)
    assert (b.text, b.pages) == (a.text, a.pages)


def test_two_column_ofd_is_read_column_by_column_as_the_pdf_of_the_same_pages(tmp_path):
    left = [f"左栏第{k}段文字用来测试两栏排版的阅读顺序是否正确无误。" for k in range(1, 13)]
    layout = dict(columns=2, title="关于两栏排版公报的测试通知", header=None, footer=False, lines_per_page=20)
    ofdmake.text_to_ofd("\n".join(left), tmp_path / "两栏.ofd", **layout)
    pdfmake.text_to_pdf("\n".join(left), tmp_path / "两栏.pdf", **layout)
    lines = [ln for ln in lines_of(load(tmp_path / "两栏.ofd")) if ln.strip()]
    assert lines == [ln for ln in lines_of(load(tmp_path / "两栏.pdf")) if ln.strip()]
    assert lines[0] == "关于两栏排版公报的测试通知" and [ln for ln in lines if ln != "\f"][1:] == left


def text_object(x: float, y: float, text: str, size: float = 4.0, delta: str | None = None,
                extra: str = "") -> str:
    d = f' DeltaX="{delta}"' if delta else ""
    return (f'<ofd:TextObject ID="1" Boundary="{x} {y} 150 {size * 1.5}" Font="1" Size="{size}"{extra}>'
            f'<ofd:TextCode X="0" Y="{size}"{d}>{text}</ofd:TextCode></ofd:TextObject>')


@pytest.mark.parametrize("value, expected", [
    ("0 0 210 297", [0, 0, 210, 297]),
    ("g 3 4.5", [4.5, 4.5, 4.5]),
    ("1 g 2 4.5 2", [1, 4.5, 4.5, 2]),
    ("", []),
    ("-1.5e1 .5", [-15, 0.5]),
])
def test_ofd_number_arrays_expand_g_runs(value, expected):
    assert numbers(value) == expected


def test_spaced_out_title_and_wide_gaps_as_delta_x(tmp_path):
    page = (text_object(30, 40, "通知", delta="8")  # two characters 2 em apart: one space
            + text_object(30, 60, "姓名职务", delta="4 24 4")  # a gap of 5 em: a table cell
            + text_object(30, 80, "第一行内容"))
    p = tmp_path / "间距.ofd"
    p.write_bytes(ofdmake.package([page]))
    assert lines_of(load(p)) == ["通 知", "姓名\t职务", "第一行内容"]


def test_ctm_rotating_a_landscape_table_reads_left_to_right(tmp_path):
    # text written along the page's height and turned upright by a CTM of a 90 degree rotation
    page = "".join(text_object(20 + 10 * k, 200, t, extra=' CTM="0 -1 1 0 0 0"')
                   for k, t in enumerate(["附件：重点项目表", "序号一号项目"]))
    p = tmp_path / "旋转.ofd"
    p.write_bytes(ofdmake.package([page]))
    assert lines_of(load(p)) == ["附件：重点项目表", "序号一号项目"]


def test_template_page_text_is_read_with_the_page(tmp_path):
    p = tmp_path / "模板.ofd"
    p.write_bytes(ofdmake.package([text_object(30, 60, "正文第一行")],
                                  templates={5: text_object(30, 20, "模板页眉文字")}))
    assert lines_of(load(p)) == ["模板页眉文字", "正文第一行"]


def test_doc_info_and_custom_data_go_into_meta(notice):
    meta = load(notice).meta
    assert meta["title"] == "关于做好春季农田水利建设工作的通知"
    assert meta["author"] == "示例县人民政府办公室"
    assert meta["created"] == "2024-03-05"
    assert meta["custom"]["发文字号"] == "示县政发〔2024〕7号"
    assert meta["doc_number"] == "示县政发〔2024〕7号"
    assert meta["date"] == "2024-03-05"


def test_a_word_file_name_as_title_is_not_taken_for_the_document_title(tmp_path):
    p = tmp_path / "a.ofd"
    ofdmake.text_to_ofd("通知正文第一段内容", p, info={"Title": "Microsoft Word - 通知.doc"})
    meta = load(p).meta
    assert "title" not in meta and meta["file_title"] == "Microsoft Word - 通知.doc"


def test_custom_data_fills_the_doc_number_the_text_lacks(tmp_path):
    from gongbao.pipeline import parse_path

    body = "\n".join(ln for ln in DOC.split("\n") if "〔2024〕" not in ln)
    p = tmp_path / "无文号.ofd"
    ofdmake.text_to_ofd(body, p, header=None, footer=False, custom={"发文字号": "示县政发〔2024〕7号"})
    [doc] = parse_path(p).documents
    assert doc.doc_number == "示县政发〔2024〕7号"


def test_format_of_an_ofd_comes_from_its_content(tmp_path, notice):
    bare = tmp_path / "公文"
    bare.write_bytes(notice.read_bytes())
    assert detect(bare) == "ofd"
    named_pdf = tmp_path / "公文.pdf"
    named_pdf.write_bytes(notice.read_bytes())
    with pytest.raises(InputError, match=r"named \.pdf but is an OFD file"):
        detect(named_pdf)


# ---------------------------------------------------------------- a gazette through parse, ingest, CLI


def fields(gazette) -> list[tuple]:
    keys = ("title", "doc_number", "issuer", "date", "section", "toc_page", "public", "attachments", "cites")
    return [tuple(str(d.get(k)) for k in keys) for d in gazette.to_dict()["documents"]]


def test_round_trip_of_a_gazette_through_ofd_parses_as_its_text(tmp_path):
    from gongbao.pipeline import parse_path

    p = tmp_path / "青禾县人民政府公报2024年第3期.ofd"
    ofdmake.text_to_ofd(GAZETTE.read_text(encoding="utf-8"), p)
    from_text, from_ofd = parse_path(GAZETTE), parse_path(p)
    assert len(from_text.documents) == 3
    assert fields(from_ofd) == fields(from_text)
    issue = ("title", "year", "number", "total_number", "published")
    assert [from_ofd.to_dict()["issue"][k] for k in issue] == [from_text.to_dict()["issue"][k] for k in issue]
    pdfmake.text_to_pdf(GAZETTE.read_text(encoding="utf-8"), tmp_path / "同上.pdf")
    pages = [d["page"] for d in from_ofd.to_dict()["documents"]]
    assert pages == [d["page"] for d in parse_path(tmp_path / "同上.pdf").to_dict()["documents"]]
    assert pages[0] == 1 and pages == sorted(pages) and pages[-1] > 1


def test_cli_parse_and_isolated_load_read_an_ofd(notice):
    from typer.testing import CliRunner

    from gongbao.cli import app

    r = CliRunner().invoke(app, ["parse", str(notice), "--json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["documents"][0]["doc_number"] == "示县政发〔2024〕7号"
    assert load_isolated(notice).text == load(notice).text


def test_ingest_walks_folders_for_ofd_files(tmp_path, notice):
    from gongbao.store import Library
    from gongbao.store.ingest import ingest_paths

    folder = tmp_path / "收文"
    (folder / "子目录").mkdir(parents=True)
    (folder / "子目录" / "通知.ofd").write_bytes(notice.read_bytes())
    lib = Library(tmp_path / "lib.db")
    report = ingest_paths(lib, [folder], workers=1)
    assert (report.added, report.failed) == (1, [])
    assert lib.count_documents() >= 1
    lib.close()


# ---------------------------------------------------------------- damaged and hostile packages

GOOD_PAGE = text_object(30, 40, "关于做好春季农田水利建设工作的通知")
NS = ofdmake.NS


def with_entries(replace: dict[str, bytes | str | None]) -> bytes:
    """A good one-page package with some entries replaced (None: left out) or added."""
    good = zipfile.ZipFile(__import__("io").BytesIO(ofdmake.package([GOOD_PAGE])))
    buf = __import__("io").BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in good.namelist():
            if name not in replace:
                z.writestr(name, good.read(name))
        for name, data in replace.items():
            if data is not None:
                z.writestr(name, data)
    return buf.getvalue()


def ofd_xml(doc_root: str = "Doc_0/Document.xml", prolog: str = "", body: str | None = None) -> str:
    body = body if body is not None else f"<ofd:DocBody><ofd:DocRoot>{doc_root}</ofd:DocRoot></ofd:DocBody>"
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<ofd:OFD xmlns:ofd="{NS}">{body}</ofd:OFD>'


BILLION_LAUGHS = ('<!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{k} "{("&lol" + (str(k - 1) if k > 1 else "") + ";") * 10}">'
                            for k in range(1, 10)) + "]>")
XXE = '<!DOCTYPE r [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


def zip_bomb() -> bytes:
    page = GOOD_PAGE + " " * (8 << 20)  # 8 MB of spaces deflate about 1000:1
    return with_entries({"Doc_0/Pages/Page_0/Content.xml": ofdmake._page_xml(page, None)})


BAD_OFD = {
    "not a ZIP": (lambda: b"OFD file? no: plain text", r"named \.ofd but is plain text"),
    "truncated ZIP": (lambda: ofdmake.package([GOOD_PAGE])[:300], r"damaged"),
    "ZIP without OFD.xml": (lambda: with_entries({"OFD.xml": None}), r"no OFD\.xml"),
    "OFD.xml without a document": (lambda: with_entries({"OFD.xml": ofd_xml(body="")}), r"no DocBody"),
    "missing Document.xml": (lambda: with_entries({"Doc_0/Document.xml": None}), r"Document\.xml.*missing"),
    "missing page": (lambda: with_entries({"Doc_0/Pages/Page_0/Content.xml": None}), r"page 1 .*missing"),
    "broken XML": (lambda: with_entries({"Doc_0/Pages/Page_0/Content.xml": "<ofd:Page><oops"}),
                   r"Content\.xml is not well-formed XML"),
    "XML bomb (billion laughs)": (lambda: with_entries({"OFD.xml": ofd_xml(doc_root="&lol9;",
                                                                           prolog=BILLION_LAUGHS)}),
                                  r"declares a DTD or entities"),
    "external entity": (lambda: with_entries({"OFD.xml": ofd_xml(doc_root="&xxe;", prolog=XXE)}),
                        r"declares a DTD or entities"),
    "path traversal in an entry name": (lambda: with_entries({"../../escape.xml": "<x/>"}),
                                        r"unsafe entry name '\.\./\.\./escape\.xml'"),
    "absolute entry name": (lambda: with_entries({"/etc/cron.d/x": "x"}), r"unsafe entry name"),
    "location climbing out of the package": (
        lambda: with_entries({"OFD.xml": ofd_xml(doc_root="../../Doc_0/Document.xml")}),
        r"outside the package"),
    "ZIP bomb": (zip_bomb, r"compressed \d+:1"),
    "no pages": (lambda: with_entries({"Doc_0/Document.xml": f'<ofd:Document xmlns:ofd="{NS}"><ofd:Pages/>'
                                       "</ofd:Document>"}), r"lists no pages"),
    "no text": (lambda: ofdmake.package(['<ofd:PathObject ID="3" Boundary="0 0 10 10"/>']),
                r"no text in this OFD file"),
}


@pytest.mark.parametrize("case", list(BAD_OFD))
def test_a_damaged_ofd_gets_a_one_line_error_naming_the_file(tmp_path, case, monkeypatch):
    make, reason = BAD_OFD[case]
    p = tmp_path / "坏.ofd"
    p.write_bytes(make())

    def never(*a, **k):
        raise AssertionError("an archive entry was written to disk")

    monkeypatch.setattr(zipfile.ZipFile, "extract", never)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", never)
    with pytest.raises(InputError, match=reason) as e:
        load(p)
    assert str(e.value).startswith(str(p)) and "\n" not in str(e.value)
    assert sorted(f.name for f in tmp_path.iterdir()) == ["坏.ofd"]


def test_an_oversized_part_is_refused_before_it_is_read(tmp_path, monkeypatch):
    from gongbao.intake import ofd

    p = tmp_path / "大.ofd"
    ofdmake.text_to_ofd(DOC, p)
    monkeypatch.setattr(ofd, "MAX_PART", 2000)
    with pytest.raises(InputError, match=r"inflates to \d+ bytes"):
        load(p)


def test_a_damaged_ofd_in_the_isolated_child_is_the_same_one_line_error(tmp_path):
    p = tmp_path / "坏.ofd"
    p.write_bytes(with_entries({"OFD.xml": ofd_xml(prolog=BILLION_LAUGHS)}))
    with pytest.raises(InputError, match="declares a DTD"):
        load_isolated(p)


def test_an_ofd_taking_longer_than_its_timeout_is_a_clear_error(notice):
    with pytest.raises(InputError, match="timed out"):
        load(notice, timeout=1e-9)


@needs("tesseract")
def test_an_ofd_page_that_is_only_a_scan_is_ocred(tmp_path):
    from test_intake_images import DOC_NUMBER, TITLE, encoded, page_image

    scan = page_image(DOC, crop=0.6)  # 200 dpi: 210 mm wide, 0.6 of 297 mm high
    height = 297 * 0.6
    page = (f'<ofd:ImageObject ID="5" ResourceID="1" Boundary="0 0 210 {height}" CTM="210 0 0 {height} 0 0"/>'
            + text_object(90, 285, "扫描件", size=3))  # a stamp is not a text layer
    p = tmp_path / "扫描件.ofd"
    p.write_bytes(ofdmake.package([page], images={1: encoded(scan, "PNG")}))
    r = load(p)
    assert r.meta["ocr_pages"] == [1]
    assert DOC_NUMBER in r.text and TITLE in r.text
    with pytest.raises(InputError, match="no text in this OFD file"):
        p.write_bytes(ofdmake.package([page.replace("扫描件", "")], images={1: encoded(scan, "PNG")}))
        load(p, ocr="never")


@needs("tesseract")
def test_a_scan_in_a_format_pillow_cannot_decode_is_left_out_with_a_warning(tmp_path):
    page = ('<ofd:ImageObject ID="5" ResourceID="1" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/>'
            + text_object(90, 285, "扫描件", size=3))
    p = tmp_path / "扫描件.ofd"
    p.write_bytes(ofdmake.package([page], images={1: b"\x97JB2\r\n\x1a\n not decodable here"}))
    r = load(p)
    assert r.meta["not_ocred"] == [1] and "page 1 was not OCRed" in r.meta["warnings"][0]
