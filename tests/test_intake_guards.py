"""Plain text gets the same guards as other formats: no blocking, a size cap, a time limit for
every step; encodings and formats told from the bytes, from the file's start."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongbao.intake import detect, load
from gongbao.text.decode import InputError, decode_bytes

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"
CLI = [sys.executable, "-m", "gongbao.cli"]

_line = st.text(alphabet=st.sampled_from("通知关于做好工作的县人民政府办公室一二三四五〔〕、，。：；（）《》0123456789"),
                min_size=1, max_size=60)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(lines=st.lists(_line, min_size=2, max_size=40), encoding=st.sampled_from(["utf-16-le", "utf-16-be"]))
def test_utf16_without_a_bom_is_decoded_however_little_ascii_it_holds(lines: list[str], encoding: str) -> None:
    text = "\n".join(lines) + "\n"
    assert decode_bytes(text.encode(encoding), "x.txt") == text


def test_a_gazette_in_utf16_without_a_bom_parses_like_its_utf8(tmp_path: Path) -> None:
    from gongbao.pipeline import parse_path

    f = tmp_path / "公报.txt"
    f.write_bytes(EXAMPLE.read_text(encoding="utf-8").encode("utf-16-le"))
    assert parse_path(f).to_dict()["documents"] == parse_path(EXAMPLE).to_dict()["documents"]


@pytest.mark.parametrize("data", [b"\x00\x01\x02binary\x00" * 50, os.urandom(4096) + b"\x00\x00"])
def test_bytes_with_nuls_that_read_as_no_text_stay_binary(data: bytes) -> None:
    with pytest.raises(InputError, match="binary"):
        decode_bytes(data, "x.txt")


def test_a_text_quoting_the_pdf_header_is_text(tmp_path: Path) -> None:
    f = tmp_path / "说明.txt"
    f.write_text("关于电子文件格式的说明\n\n文件头为%PDF-1.7的文件是PDF文件。\n" + EXAMPLE.read_text(encoding="utf-8"),
                 encoding="utf-8")
    assert detect(f) == "txt"
    assert load(f).kind == "txt"


def test_a_pdf_with_bytes_before_its_header_is_still_a_pdf(tmp_path: Path) -> None:
    f = tmp_path / "公报.pdf"
    f.write_bytes(b"\r\n\x00junk\n%PDF-1.7\n1 0 obj\n<< >>\nendobj\n%%EOF\n")
    assert detect(f) == "pdf"
    as_txt = tmp_path / "公报.txt"
    as_txt.write_bytes(f.read_bytes())
    with pytest.raises(InputError, match="binary"):  # not named .pdf: the bytes decide, from the start
        load(as_txt)


def _cli(*args: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("make", ["fifo", "dev_zero"])
def test_what_is_not_a_regular_file_is_refused_at_once(tmp_path: Path, make: str) -> None:
    f = tmp_path / f"{make}.txt"
    if make == "fifo":
        os.mkfifo(f)  # nobody writes to it: reading it would wait forever
    else:
        f.symlink_to("/dev/zero")  # reading it would fill memory
    t0 = time.monotonic()
    out = _cli("parse", str(f))
    assert time.monotonic() - t0 < 30
    assert out.returncode == 2 and "Traceback" not in out.stderr
    assert f.name in out.stderr and "not a regular file" in out.stderr


def test_html_nested_200k_levels_is_one_line_not_a_recursion_error(tmp_path: Path) -> None:
    f = tmp_path / "深.html"
    f.write_text("<html><body>" + "<div>" * 200_000 + "关于做好防汛工作的通知" + "</div>" * 200_000 + "</body></html>",
                 encoding="utf-8")
    out = _cli("parse", str(f), timeout=120)
    assert out.returncode == 2 and "Traceback" not in out.stderr and len(out.stderr.strip().splitlines()) == 1
    assert "深.html" in out.stderr and "nested" in out.stderr


def test_html_nested_deeper_than_recursion_allows_but_within_reason_is_read(tmp_path: Path) -> None:
    f = tmp_path / "通知.html"
    body = "示例县人民政府关于做好防汛工作的通知\n<p>各乡镇人民政府：</p><p>请做好防汛工作。</p>"
    f.write_text("<html><body>" + "<div>" * 990 + body + "</div>" * 990 + "</body></html>", encoding="utf-8")
    text = load(f).text
    assert "各乡镇人民政府：" in text and "请做好防汛工作。" in text


def test_the_outline_of_a_300kb_one_line_file_is_quick(tmp_path: Path) -> None:
    f = tmp_path / "一行.txt"
    f.write_text("关于做好防汛工作的通知" * 9100, encoding="utf-8")  # 300 KB, no line end
    t0 = time.monotonic()
    out = _cli("parse", str(f), timeout=300)
    assert out.returncode == 0, out.stderr
    assert time.monotonic() - t0 < 30  # rich's highlighter over the title took minutes


def test_the_time_limit_covers_plain_text_and_its_parse(tmp_path: Path, monkeypatch) -> None:
    import gongbao.pipeline
    from gongbao.pipeline import parse_file

    def stuck(*a, **k):
        time.sleep(120)

    monkeypatch.setattr(gongbao.pipeline, "parse_gazette", stuck)  # the reader is forked: it inherits this
    t0 = time.monotonic()
    with pytest.raises(InputError, match="timed out after 1s") as e:
        parse_file(EXAMPLE, timeout=1)
    assert EXAMPLE.name in str(e.value) and time.monotonic() - t0 < 15


def test_cli_parse_of_plain_text_obeys_timeout(monkeypatch) -> None:
    from typer.testing import CliRunner

    import gongbao.pipeline
    from gongbao.cli import app

    monkeypatch.setattr(gongbao.pipeline, "parse_gazette", lambda *a, **k: time.sleep(120))
    r = CliRunner().invoke(app, ["parse", str(EXAMPLE), "--timeout", "1"])
    assert r.exit_code == 2 and "timed out" in r.output and EXAMPLE.name in r.output


def test_the_reader_parses_a_private_copy_and_names_its_checksum(tmp_path: Path, monkeypatch) -> None:
    import hashlib
    import tempfile

    import gongbao.pipeline
    from gongbao.pipeline import parse_file

    f = tmp_path / "公报.txt"
    f.write_bytes(EXAMPLE.read_bytes())
    before = hashlib.sha256(f.read_bytes()).hexdigest()
    real = gongbao.pipeline.parse_gazette

    def rewrite_then_parse(text, **kw):  # the file changes while the reader works
        f.write_text("另一个文件\n", encoding="utf-8")
        return real(text, **kw)

    monkeypatch.setattr(gongbao.pipeline, "parse_gazette", rewrite_then_parse)
    parsed = parse_file(f)
    assert parsed.sha256 == before and len(parsed.gazette.documents) == 6 and parsed.gazette.source == f.name
    assert not list(Path(tempfile.gettempdir()).glob(f"gongbao-snapshot-{os.getpid()}-*"))  # copy removed
