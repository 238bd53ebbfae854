"""A missing Debian package skips a test on a workstation and fails it under CI=true."""

from __future__ import annotations

import pytest

import system


@pytest.fixture
def missing_tool(monkeypatch):
    monkeypatch.setitem(system.REQUIREMENTS, "font", (lambda: False, "a font (apt-get install x)"))


def test_missing_package_skips_outside_ci(missing_tool, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="apt-get install x"):
        system.check(("font",))


@pytest.mark.parametrize("value", ["true", "1", "TRUE"])
def test_missing_package_fails_under_ci(missing_tool, monkeypatch, value):
    monkeypatch.setenv("CI", value)
    with pytest.raises(pytest.fail.Exception, match="CI=true.*apt-get install x"):
        system.check(("font",))


def test_present_package_runs(monkeypatch):
    monkeypatch.setitem(system.REQUIREMENTS, "font", (lambda: True, "unused"))
    monkeypatch.setenv("CI", "true")
    system.check(("font",))
