"""Debian packages some tests need, checked once per run.

A test marked ``@needs("font")`` (or "tesseract", "chromium") is skipped with the install line
when the package is missing, except under ``CI=true``, where a missing package fails the test:
CI must exercise PDF, OCR and the browser, not pass by skipping them.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
from pathlib import Path

import pytest

FONT_FILE = Path("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc")
CHROMIUM = Path("/usr/bin/chromium")


@functools.cache
def _tesseract_with_chi_sim() -> bool:
    exe = shutil.which("tesseract")
    if exe is None:
        return False
    out = subprocess.run([exe, "--list-langs"], capture_output=True, text=True, timeout=30)
    return "chi_sim" in (out.stdout + out.stderr).split()


REQUIREMENTS = {
    "font": (FONT_FILE.exists, f"the CJK font {FONT_FILE} (apt-get install fonts-wqy-zenhei)"),
    "tesseract": (_tesseract_with_chi_sim,
                  "tesseract with chi_sim (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"),
    "chromium": (CHROMIUM.exists, f"{CHROMIUM} (apt-get install chromium)"),
}


def needs(*names: str) -> pytest.MarkDecorator:
    unknown = set(names) - REQUIREMENTS.keys()
    assert not unknown, f"unknown system requirement {unknown}"
    return pytest.mark.system(*names)


def in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"1", "true", "yes"}


def check(names: tuple[str, ...]) -> None:
    """Skip (or, under CI, fail) the running test when a package in ``names`` is missing."""
    missing = [hint for name in names for present, hint in [REQUIREMENTS[name]] if not present()]
    if not missing:
        return
    msg = "needs " + "; ".join(missing)
    if in_ci():
        pytest.fail(f"CI=true and a system package is missing: {msg}", pytrace=False)
    pytest.skip(msg)
