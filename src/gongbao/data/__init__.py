"""Reference data (function words, sections, organ aliases) kept out of the code."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load_lines(name: str) -> tuple[str, ...]:
    """Non-empty, non-comment lines of a data file."""
    text = resources.files(__name__).joinpath(name).read_text(encoding="utf-8")
    return tuple(
        line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    return json.loads(resources.files(__name__).joinpath(name).read_text(encoding="utf-8"))


@lru_cache(maxsize=None)
def organ_endings(use: str) -> tuple[str, ...]:
    """How names of organs end (organ_endings.tsv), for one ``use``: "signature" (an issuer or
    signing organ) or "task" (a responsible unit); longest first."""
    rows = (line.split("\t") for line in load_lines("organ_endings.tsv"))
    return tuple(sorted((end for end, uses in rows if use in uses.split()), key=len, reverse=True))
