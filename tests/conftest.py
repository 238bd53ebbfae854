"""Shared fixtures. The real gazettes live in ../shared/corpus beside the repository, never in it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import system

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def corpus_files() -> list[Path]:
    return sorted(CORPUS.glob("*.txt")) if CORPUS.is_dir() else []


@pytest.fixture
def corpus() -> list[Path]:
    """The corpus gazettes (NAME.txt); the test is skipped when ../shared/corpus is absent."""
    files = corpus_files()
    if not files:
        pytest.skip(f"no corpus at {CORPUS} (the real gazettes live in ../shared/corpus)")
    return files


def load_gold(txt: Path, kind: str = "gold") -> dict:
    return json.loads(txt.with_name(txt.name[: -len(".txt")] + f".{kind}.json").read_text(encoding="utf-8"))


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "system(*names): needs Debian packages (see tests/system.py)")


def pytest_runtest_setup(item: pytest.Item) -> None:
    for mark in item.iter_markers("system"):
        system.check(mark.args)
