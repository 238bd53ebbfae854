"""One way in for data: read a file, parse it, extract facts from it."""

from __future__ import annotations

import os
from pathlib import Path

from gongbao.extract import extract_gazette
from gongbao.models import Gazette
from gongbao.parse import parse_gazette
from gongbao.text.decode import read_text_file


def parse_path(path: str | os.PathLike[str]) -> Gazette:
    """Parse one file into a Gazette with extracted facts. Raises InputError on bad input."""
    text = read_text_file(path)
    gazette = parse_gazette(text, source=Path(path).name)
    return extract_gazette(gazette)
