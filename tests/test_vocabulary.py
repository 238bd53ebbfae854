"""Each vocabulary is defined once (gongbao.models), and every place that names its values
agrees with it: the data, the extractors, the pages' labels, the API's schema, the CLI's help."""

from __future__ import annotations

from typing import get_args

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from gongbao.api import router
from gongbao.cli import app
from gongbao.data import load_lines
from gongbao.extract.money import _KINDS
from gongbao.models import Action, DocType, MoneyKind, Relation
from gongbao.web.pages import ACTIONS, MONEY_KINDS, RELATIONS


def test_doc_types_are_the_kinds_of_the_data_file():
    kinds = {line.split("\t")[1] for line in load_lines("doc_types.tsv")}
    assert kinds == set(get_args(DocType))


@pytest.mark.parametrize("labels, vocabulary",
                         [(RELATIONS, Relation), (ACTIONS, Action), (MONEY_KINDS, MoneyKind)])
def test_every_value_has_one_label_on_the_pages(labels, vocabulary):
    assert list(labels) == list(get_args(vocabulary))


def test_money_kinds_found_by_the_extractor_are_kinds():
    assert {kind for kind, _ in _KINDS} <= set(get_args(MoneyKind))


def test_the_api_offers_the_values_of_the_vocabularies():
    api = FastAPI()
    api.include_router(router)
    spec = TestClient(api).get("/openapi.json").json()
    params = {p["name"]: p["schema"] for path in ("/api/appointments", "/api/money")
              for p in spec["paths"][path]["get"]["parameters"]}
    assert params["action"]["anyOf"][0]["enum"] == list(get_args(Action))
    assert params["kind"]["anyOf"][0]["enum"] == list(get_args(MoneyKind))


@pytest.mark.parametrize("command, vocabulary", [("appointments", Action), ("money", MoneyKind)])
def test_the_cli_help_names_the_values(command, vocabulary):
    out = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "200"}).output
    assert all(v in out for v in get_args(vocabulary))


def test_organ_endings_are_one_list_read_by_the_signature_and_the_task_units():
    """One file says how organ names end and where each ending is trusted: a signature line
    ends with an organ (人民政府), a task's unit may end more loosely (…部门)."""
    from gongbao.data import organ_endings
    from gongbao.extract.unit_lists import organ_end
    from gongbao.parse.patterns import looks_like_org

    uses = {u for line in load_lines("organ_endings.tsv") for u in line.split("\t")[1].split()}
    assert uses == {"signature", "task"}
    assert "人民政府" in organ_endings("signature") and "部门" not in organ_endings("signature")
    assert "部门" in organ_endings("task") and "部门" in organ_end()
    assert looks_like_org("示例县人民政府") and not looks_like_org("示例县有关部门")
