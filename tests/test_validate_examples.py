"""The example submissions in data/examples/ against the real shapes, registers and store."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from ungass_kg.namespaces import SH
from ungass_kg.store import EmbeddedStore
from ungass_kg.validate import validate_bytes

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"

# (row, column, rule) of every result the invalid example must produce: one per kind of error.
EXPECTED_INVALID = {
    (1, "Notes", "unknown-column"),
    (1, "Partner notes", "unknown-column"),
    (1, "Partner note", "missing-column"),
    (2, "Title", "title-required"),
    (3, "Chapters", "chapter-required"),
    (4, "Chapters", "chapter-register"),
    (5, "Lead entity", "lead-register"),
    (6, "Lead entity", "lead-exactly-one"),
    (7, "Participating entities", "participant-register"),
    (8, "Reach", "reach-exactly-one"),
    (9, "Reach", "reach-register"),
    (10, "Countries and regions", "country-reach-names-a-country"),
    (11, "Countries and regions", "regional-reach-names-an-area"),
    (12, "Countries and regions", "area-register"),
    (13, "Reporting year", "year-range"),
    (14, "Reporting year", "year-integer"),
    (15, "Reporting year", "year-integer"),
    (16, "Reporting year", "year-range"),
    (17, "Programme", "programme-register"),
    (18, "Quantities", "quantity-non-negative"),
    (19, "Quantities", "quantity-value"),
    (20, "Quantities", "quantity-kind"),
    (21, "Activity types", "activity-type-register"),
    (22, "Thematic focuses", "focus-register"),
    (23, "Other partners", "partner-register"),
    (24, "Description", "description-present"),
    (25, "Title", "duplicate-in-submission"),
    (26, "Title", "duplicate-in-submission"),
    (27, "Description", "merged-cells"),
    (28, "Description", "description-present"),
    (29, "Reporting year", "formula"),
    (30, "Reporting year", "formula-without-value"),
}


def _report(name: str, store: EmbeddedStore):
    path = EXAMPLES / name
    return validate_bytes(path.read_bytes(), path.name, store)


def test_invalid_example_reports_exactly_one_result_per_broken_cell(bundled_store: EmbeddedStore) -> None:
    report = _report("unodc-2023-invalid.xlsx", bundled_store)
    assert report.result_keys() == EXPECTED_INVALID
    assert len(report.results) == len(EXPECTED_INVALID)  # no cell reported twice
    assert not report.conforms
    assert report.activities == 29


def test_invalid_example_severities_and_hints(bundled_store: EmbeddedStore) -> None:
    report = _report("unodc-2023-invalid.xlsx", bundled_store)
    by_key = {r.key(): r for r in report.results}
    warnings = {k for k, r in by_key.items() if r.severity == "Warning"}
    assert warnings == {(1, "Notes", "unknown-column"), (1, "Partner notes", "unknown-column"),
                        (1, "Partner note", "missing-column"), (29, "Reporting year", "formula")}
    # advice about an optional field is sh:Info, kept apart from the warnings (issue 11)
    infos = {k for k, r in by_key.items() if r.severity == "Info"}
    assert infos == {(24, "Description", "description-present"), (28, "Description", "description-present")}
    # the note's own misspellings get the right suggestion (para 49 "UNDOC", footnote 13 "UNHRC")
    lead = by_key[(5, "Lead entity", "lead-register")]
    assert (lead.value, lead.suggestion) == ("UNDOC", "did you mean UNODC?")
    part = by_key[(7, "Participating entities", "participant-register")]
    assert (part.value, part.suggestion) == ("UNHRC", "did you mean UNHCR?")
    assert by_key[(15, "Reporting year", "year-integer")].suggestion == "this is a date; type the year only: 2023"
    assert "Excel date (2023-03-15)" in (by_key[(16, "Reporting year", "year-range")].suggestion or "")
    assert by_key[(29, "Reporting year", "formula")].value == "2023"  # the cached value, not evaluated
    assert by_key[(1, "Partner notes", "unknown-column")].suggestion == "Partner note"
    assert all(r.message for r in report.results)
    assert all(r.sheet == "Activities" for r in report.results)


@pytest.mark.parametrize("name", ["unodc-2023-valid.xlsx", "unodc-2023-valid.csv"])
def test_valid_examples_conform(bundled_store: EmbeddedStore, name: str) -> None:
    report = _report(name, bundled_store)
    assert report.conforms, report.to_text()
    assert report.activities == 8
    assert all(r.severity in ("Warning", "Info") for r in report.results)
    assert report.data is not None
    # every mapped activity has the lead among its participants (materialised on ingest)
    from ungass_kg.namespaces import UNG

    for act in report.data.subjects(RDF.type, UNG.Activity):
        assert report.data.value(act, UNG.leadEntity) in set(report.data.objects(act, UNG.participant))


def test_valid_xlsx_and_csv_map_to_the_same_activities(bundled_store: EmbeddedStore) -> None:
    a = _report("unodc-2023-valid.xlsx", bundled_store).data
    b = _report("unodc-2023-valid.csv", bundled_store).data
    assert a is not None and b is not None
    from rdflib.compare import isomorphic

    assert isomorphic(a, b)


def test_report_formats(bundled_store: EmbeddedStore) -> None:
    report = _report("unodc-2023-invalid.xlsx", bundled_store)
    doc = json.loads(json.dumps(report.to_json()))
    assert doc["file"] == "unodc-2023-invalid.xlsx" and doc["conforms"] is False
    assert doc["counts"] == {"Violation": 26, "Warning": 4, "Info": 2}
    keys = {"severity", "sheet", "row", "column", "value", "message", "suggestion", "focus_node", "path", "shape"}
    assert all(keys <= set(r) for r in doc["results"])
    # Turtle: a standard sh:ValidationReport with one sh:result per result
    g = Graph().parse(data=report.to_turtle(), format="turtle")
    rep = next(g.subjects(RDF.type, SH.ValidationReport))
    assert str(g.value(rep, SH.conforms)) == "false"
    assert len(list(g.objects(rep, SH.result))) == len(report.results)
    for res in g.objects(rep, SH.result):
        assert g.value(res, SH.focusNode) is not None and g.value(res, SH.resultSeverity) is not None
    # CSV: header + one line per result
    lines = report.to_csv().splitlines()
    assert lines[0].startswith("severity,sheet,row,column,value,message,suggestion")
    assert len(lines) == len(report.results) + 1
    # text: grouped by row, severity first
    text = report.to_text()
    assert "Row 5 (sheet Activities)" in text and "VIOLATION Lead entity" in text and "did you mean UNODC?" in text
    # HTML: one page, nothing external
    page = report.to_html()
    assert page.startswith("<!DOCTYPE html>") and "http" not in page.split("<body>")[0].replace("viewport", "")
    assert "<script" not in page and "did you mean UNODC?" in page
