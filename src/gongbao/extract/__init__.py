"""Actionable facts pulled out of parsed documents: citations, appointments, tasks, money."""

from __future__ import annotations

from gongbao.models import Gazette


def extract_gazette(gazette: Gazette) -> Gazette:
    """Fill each document's citations, appointments, tasks and money lists (in place)."""
    return gazette
