"""Year over year (issue 11): a figure for two synthetic periods whose differences are known."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.cli import run_process
from ungass_kg.compare import compare
from ungass_kg.prefill import stored_activities, template_rows
from ungass_kg.store import EmbeddedStore
from ungass_kg.submissions import submit
from ungass_kg.template import build_template
from ungass_kg.validate import registers_for

HEADER = ["Title", "Chapters", "Lead entity", "Participating entities", "Reach", "Countries and regions",
          "Reporting year"]
CH1 = "https://w3id.org/ungass-kg/id/chapter/1"
CH3 = "https://w3id.org/ungass-kg/id/chapter/3"


def csv_bytes(rows: list[list[object]]) -> bytes:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows([HEADER, *rows])
    return buf.getvalue().encode()


def two_periods(store: EmbeddedStore) -> None:
    """2021: Alpha (chapter I), Beta (III). 2022: Alpha again (its 2021 Activity ID), Gamma (I); Beta gone."""
    submit(store, csv_bytes([["Alpha training", "I", "UNODC", "UNODC", "Global", "", 2021],
                             ["Beta seizure work", "III", "UNODC", "UNODC; WHO", "Global", "", 2021]]),
           "unodc-2021.csv", "UNODC", 2021)
    regs = registers_for(store)
    rows = template_rows(stored_activities(store, "UNODC", 2021).graph, regs)  # last year's, pre-filled
    alpha = next(r for r in rows if r["Title"] == "Alpha training")
    alpha["Reporting year"] = 2022
    rows = [alpha, {"Title": "Gamma prevention", "Chapters": "I", "Lead entity": "UNODC",
                    "Participating entities": "UNODC", "Reach": "Country", "Countries and regions": "Afghanistan",
                    "Reporting year": 2022}]
    submit(store, build_template(regs, "csv", rows), "unodc-2022.csv", "UNODC", 2022)


@pytest.fixture
def store(writable_store: EmbeddedStore) -> EmbeddedStore:
    two_periods(writable_store)  # on this test's own copy of the bundled knowledge base (conftest)
    return writable_store


def test_figure_3_moves_as_the_two_periods_differ(store: EmbeddedStore) -> None:
    c = compare(store, "figure-3", 2022, 2021)
    by = {x.key[0]: x for x in c.cells}
    assert by[CH1].values["activities"] == (1, 2, 1)
    assert [a["title"] for a in by[CH1].entered] == ["Gamma prevention"] and by[CH1].left == []
    assert by[CH3].values["activities"] == (1, None, -1) or by[CH3].values["activities"] == (1, 0, -1)
    assert [a["title"] for a in by[CH3].left] == ["Beta seizure work"] and by[CH3].entered == []
    # Alpha is the same activity in both years (same Activity ID, its own IRI per year)
    assert len(c.changed()) == 2
    doc = c.to_json()
    assert doc["changed"] == 2 and doc["period"] == 2022 and doc["against"] == 2021
    spec = c.spec()
    assert {v["period"] for v in spec["data"]["values"]} == {"2021", "2022"}


def test_figure_6_reach_cells(store: EmbeddedStore) -> None:
    c = compare(store, "figure-6", 2022, 2021)
    moved = {(x.labels.get("chapterNumber"), x.labels.get("reachLabel")): x for x in c.changed()}
    country = next(x for k, x in moved.items() if k[0] == 1 and str(k[1]).lower() == "country")
    assert country.values["activities"][2] == 1 and [a["title"] for a in country.entered] == ["Gamma prevention"]


def test_the_carried_activity_keeps_its_id_under_a_new_iri(store: EmbeddedStore) -> None:
    from ungass_kg.namespaces import sparql_prologue
    from ungass_kg.store import SelectResult

    res = store.query(sparql_prologue() + """SELECT ?a ?year ?id WHERE {
        ?a dct:title "Alpha training" ; ung:reportingYear ?year . OPTIONAL { ?a dct:identifier ?id } }
        ORDER BY ?year""")
    assert isinstance(res, SelectResult)
    [(a1, y1, i1), (a2, y2, i2)] = [(str(r["a"]), int(str(r["year"])), r.get("id")) for r in res.rows]
    assert (y1, y2) == (2021, 2022) and a2 == f"{a1}-2022" and i1 is None and str(i2) == a1.rsplit("/", 1)[-1]


def test_compare_on_the_command_line(store: EmbeddedStore, tmp_path: Path) -> None:
    path = store.path
    store.close()
    svg = tmp_path / "c.svg"
    run = run_process("compare", "figure-3", "2022", "2021", "--format", "json", "--chart", svg, store=path)
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["changed"] == 2 and svg.read_text().lstrip().startswith("<svg")
    same = run_process("compare", "figure-3", "2022", "2022", store=path)
    assert same.returncode == 2 and "different years" in same.stderr and "Traceback" not in same.stderr
