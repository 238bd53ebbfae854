"""The code passes ruff with the project's settings ([tool.ruff] in pyproject.toml: pycodestyle
errors, pyflakes, lines of at most 110 columns, cyclomatic complexity at most 20)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ruff_finds_nothing():
    r = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "src", "tests", "benchmarks"],
                       cwd=REPO, capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
