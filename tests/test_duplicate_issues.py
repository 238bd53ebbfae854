"""One issue, one set of documents: the same gazette from two files is reported, never doubled
(ids come from the masthead and the 文号); a moved file replaces its old path."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from gongbao.cli import app
from gongbao.models import Document, Gazette, IssueInfo
from gongbao.store import Library
from gongbao.store.ingest import ingest_paths
from gongbao.store.library import DuplicateIssue

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"


def test_the_same_gazette_from_two_files_is_reported_not_doubled(tmp_path: Path) -> None:
    a = tmp_path / "公报.txt"
    b = tmp_path / "公报（下载）.txt"
    a.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text(EXAMPLE.read_text(encoding="utf-8") + "\n（本期完）\n", encoding="utf-8")  # one trailing line more
    db = tmp_path / "lib.db"
    r = CliRunner().invoke(app, ["ingest", str(a), "--db", str(db)])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(app, ["ingest", str(b), "--db", str(db)])
    assert r.exit_code == 0 and "duplicate:" in r.output and b.name in r.output and a.name in r.output
    assert "1 duplicate" in r.output
    with Library(db) as lib:
        assert lib.count_documents() == 6 and lib.count_issues() == 1
        numbers = [n for (n,) in lib.db.execute("SELECT doc_number FROM documents WHERE doc_number IS NOT NULL")]
        assert all(len(lib.rowids_by_number(n)) == 1 for n in numbers)  # `show 文号` has one answer
        again = ingest_paths(lib, [a, b], workers=1)
        assert (again.unchanged, len(again.duplicates)) == (1, 1) and lib.count_documents() == 6


def test_a_moved_and_edited_file_replaces_its_old_path(tmp_path: Path) -> None:
    a = tmp_path / "old" / "公报.txt"
    a.parent.mkdir()
    a.write_text(EXAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    with Library(tmp_path / "lib.db") as lib:
        ingest_paths(lib, [a], workers=1)
        ids = sorted(r[0] for r in lib.db.execute("SELECT doc_id FROM documents"))
        b = tmp_path / "new" / "公报.txt"
        b.parent.mkdir()
        b.write_text(a.read_text(encoding="utf-8") + "\n（本期完）\n", encoding="utf-8")
        a.unlink()
        r = ingest_paths(lib, [b], workers=1)
        assert (r.added, r.replaced, r.duplicates) == (0, 1, [])
        assert sorted(r[0] for r in lib.db.execute("SELECT doc_id FROM documents")) == ids
        assert [p for (p,) in lib.db.execute("SELECT source_path FROM issues")] == [str(b.resolve())]


def gazette(number: int | None, variant: int, year: int | None = 2024) -> Gazette:
    """A two-document issue; ``variant`` changes a line of text, not the masthead."""
    lines = ["示例县人民政府公报", f"{year}年第{number}期", "标题一", "正文" + "改" * variant, "标题二", "正文"]
    docs = [Document(title=f"关于第{k}事项的通知", doc_number=f"示政发〔2024〕{k}号", start_line=s, end_line=s + 1,
                     span_start=s) for k, s in ((1, 3), (2, 5))]
    return Gazette("g.txt", IssueInfo(title="示例县人民政府公报", year=year, number=number), docs, lines)


def test_a_masthead_without_year_or_number_names_no_single_issue(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a")
    (tmp_path / "b.txt").write_text("b")
    with Library(tmp_path / "lib.db") as lib:
        lib.store_gazette(gazette(None, 0, year=None), str(tmp_path / "a.txt"), "a" * 64)
        assert lib.store_gazette(gazette(None, 1, year=None), str(tmp_path / "b.txt"), "b" * 64) == "added"
        assert lib.count_issues() == 2


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.tuples(st.sampled_from(["a", "b", "c"]), st.sampled_from([1, 2]), st.sampled_from([0, 1])),
                      min_size=1, max_size=8))
def test_no_sequence_of_ingests_doubles_an_issue(steps: list[tuple[str, int, int]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        with Library(folder / "lib.db") as lib:
            for name, number, variant in steps:
                path = folder / f"{name}.txt"
                path.write_text(f"{number}-{variant}")  # the file exists while it is stored
                try:
                    lib.store_gazette(gazette(number, variant), str(path), f"{number}{variant}".ljust(64, "0"))
                except DuplicateIssue:
                    pass
                issues = [n for (n,) in lib.db.execute("SELECT number FROM issues")]
                assert sorted(issues) == sorted(set(issues))  # each issue once
                assert lib.count_documents() == 2 * len(issues)
