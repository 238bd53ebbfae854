"""One query layer: the CLI's --json and the REST API give the same tasks, citations, documents,
appointments, money rules and exports for the same question."""

from __future__ import annotations

import csv
import io
import json

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from gongbao.cli import app as cli
from gongbao.query import EXPORT_COLUMNS, BadParameter, SearchParams
from gongbao.server import create_app
from weblib import build_library


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build_library(tmp_path_factory.mktemp("query"))


@pytest.fixture(scope="module")
def api(db):
    return TestClient(create_app(db))


def cli_json(db, *args):
    r = CliRunner().invoke(cli, [*map(str, args), "--db", str(db), "--json"])
    assert r.exit_code == 0, r.output
    return json.loads(r.stdout)


def doc_id(api, number: str) -> str:
    return api.get("/api/documents", params={"doc_number": number}).json()["documents"][0]["id"]


@pytest.mark.parametrize("cli_args, params", [
    ([], {}),
    (["--unit", "县住房和城乡建设局"], {"unit": "县住房和城乡建设局"}),  # stored as 县住建局: the same organ
    (["--unit", "县发改局"], {"unit": "县发改局"}),  # stored as 县发展和改革局
    (["--unit", "县财政局", "--overdue"], {"unit": "县财政局", "overdue": "true"}),
    (["--due-before", "2025-01-01"], {"due_before": "2025-01-01"}),
])
def test_tasks_are_the_same(db, api, cli_args, params):
    rows = cli_json(db, "tasks", *cli_args)
    assert rows == api.get("/api/tasks", params=params).json()["items"]
    assert all("overdue" in r for r in rows)


def test_tasks_of_an_organ_by_its_full_name(db):
    rows = cli_json(db, "tasks", "--unit", "县住房和城乡建设局")
    assert "完成煤改电改造" in {r["task"] for r in rows}  # stored with 县住建局 as lead


@pytest.mark.parametrize("number", ["青政发〔2024〕7号", "青政发〔2023〕15号", "青政发〔2024〕9号"])
def test_documents_and_citations_are_the_same(db, api, number):
    did = doc_id(api, number)
    shown = cli_json(db, "show", number)
    assert shown.pop("source_path")  # the local CLI says where the file lay; the server keeps it private
    served = api.get(f"/api/documents/{did}").json()
    assert shown == served
    citations = api.get(f"/api/documents/{did}/citations").json()
    assert citations == {"id": did, "cites": served["cites"], "cited_by": served["cited_by"]}
    assert all(set(c) == {"doc_number", "title", "id", "relation",
                          "line"} for c in served["cites"] + served["cited_by"])


def test_cites_have_one_shape_in_every_output(db, api):
    did = doc_id(api, "青政发〔2024〕7号")
    line = next(json.loads(x) for x in CliRunner().invoke(cli,
                                                          ["export", "--db", str(db)]).stdout.splitlines()
                if json.loads(x)["id"] == did)
    served = api.get(f"/api/documents/{did}").json()
    exported = [json.loads(x) for x in api.get("/api/export",
                                               params={"q": "青政发〔2024〕7号"}).text.splitlines()]
    assert line["cites"] == served["cites"] == exported[0]["cites"]
    assert line["cites"][0] == {"doc_number": "青政发〔2023〕15号", "title": served["cites"][0]["title"],
                                "id": doc_id(api, "青政发〔2023〕15号"), "relation": "basis", "line": 43}
    rows = list(csv.DictReader(io.StringIO(CliRunner().invoke(cli,
                                                              ["export", "--db", str(db), "--format",
                                                               "csv"]).stdout)))
    assert json.loads(next(r for r in rows if r["id"] == did)["cites"]) == served["cites"]


@pytest.mark.parametrize("cli_args, params", [
    (["appointments", "--person", "张明"], {"person": "张明"}),
    (["appointments", "--organ", "交通运输局"], {"organ": "交通运输局"}),
    (["appointments", "--action", "remove"], {"action": "remove"}),
])
def test_appointments_are_the_same(db, api, cli_args, params):
    assert cli_json(db, *cli_args) == api.get("/api/appointments", params=params).json()["items"]


@pytest.mark.parametrize("cli_args, params", [([], {}), (["--unit", "户"], {"unit": "户"}),
                                              (["--kind", "cap"], {"kind": "cap"})])
def test_money_rules_are_the_same(db, api, cli_args, params):
    assert cli_json(db, "money", *cli_args) == api.get("/api/money", params=params).json()["items"]


def test_search_is_the_same(db, api):
    assert cli_json(db, "search", "清洁取暖", "--year", "2024") == \
        api.get("/api/search", params={"q": "清洁取暖", "year": 2024}).json()


def test_export_as_csv_from_the_api(api):
    total = api.get("/api/search", params={"q": "青禾县", "limit": 1}).json()["total"]
    r = api.get("/api/export", params={"q": "青禾县", "format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert tuple(rows[0]) == EXPORT_COLUMNS and len(rows) == total + 1
    assert api.get("/api/export", params={"q": "青禾县", "format": "xml"}).status_code == 422


def test_bad_choices_are_one_line_in_the_cli(db):
    for args in (["appointments", "--action", "promote"], ["money", "--kind", "bribe"],
                 ["export", "--format", "xml"], ["search", "x", "--sort", "popular"]):
        r = CliRunner().invoke(cli, [*args, "--db", str(db)])
        assert r.exit_code == 2 and "must be" in r.output and "Traceback" not in r.output, args


@pytest.mark.parametrize("params, param", [
    (SearchParams(q=" "), "q"), (SearchParams(q="补贴", page=101), "page"),
    (SearchParams(q="补贴", date_from="2024-05-01", date_to="2024-01-01"), "date_from")])  # type: ignore[arg-type]
def test_search_parameters_are_checked_once(params, param):
    with pytest.raises(BadParameter) as e:
        params.check(need_words=True)
    assert e.value.param == param
