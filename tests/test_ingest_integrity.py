"""No silent loss at ingest: the checksum stored is the one of the bytes parsed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from gongbao.store import Library
from gongbao.store.ingest import ingest_paths

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "示例县人民政府公报2024年第2期.txt"


def _sha(p: Path) -> str:
    return hashlib.sha256(p.read_bytes()).hexdigest()


def test_a_file_rewritten_during_ingest_is_stored_with_the_checksum_of_what_was_parsed(tmp_path, monkeypatch):
    import gongbao.store.ingest as ingest

    f = tmp_path / "公报.txt"
    old = EXAMPLE.read_text(encoding="utf-8")
    f.write_text(old, encoding="utf-8")
    new = old.replace("2024年第2期", "2024年第3期")
    real_sha = ingest.sha256_file

    def hash_then_rewrite(path):  # the file is replaced between the look at it and its parse
        digest = real_sha(path)
        Path(path).write_text(new, encoding="utf-8")
        return digest

    monkeypatch.setattr(ingest, "sha256_file", hash_then_rewrite)
    with Library(tmp_path / "lib.db") as lib:
        assert ingest_paths(lib, [f], workers=1).added == 1
        stored_sha, number = lib.db.execute("SELECT sha256, number FROM issues").fetchone()
        assert number == 3 and stored_sha == _sha(f)  # the content stored and its own checksum
        monkeypatch.setattr(ingest, "sha256_file", real_sha)
        # a copy of the file as it was before is another issue: stored, not skipped as "unchanged"
        copy = tmp_path / "旧.txt"
        copy.write_text(old, encoding="utf-8")
        r = ingest_paths(lib, [copy], workers=1)
        assert (r.added, r.unchanged) == (1, 0)
        assert sorted(n for (n,) in lib.db.execute("SELECT number FROM issues")) == [2, 3]
