"""The template: columns from the shapes, drop-downs from the registers, and a filled copy validates."""

from __future__ import annotations

import io
import re

import openpyxl
from openpyxl.utils import get_column_letter

from ungass_kg.namespaces import SH, sparql_prologue
from ungass_kg.store import EmbeddedStore, SelectResult
from ungass_kg.template import build_template, template_columns
from ungass_kg.validate import registers_for, validate_bytes
from ungass_kg.validate.shapes import activity_shapes


def _wb(store: EmbeddedStore) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(build_template(registers_for(store), "xlsx")))


def _dropdown(wb: openpyxl.Workbook, header: str) -> list[str] | None:
    ws = wb["Activities"]
    col = next(c.column for c in ws[1] if c.value == header)
    letter = get_column_letter(col)
    for dv in ws.data_validations.dataValidation:
        if any(r.min_col == col for r in dv.sqref.ranges) and dv.type == "list":
            m = re.fullmatch(r"Lists!\$([A-Z]+)\$(\d+):\$([A-Z]+)\$(\d+)", dv.formula1 or "")
            assert m, dv.formula1
            lists = wb["Lists"]
            return [lists[f"{m.group(1)}{r}"].value for r in range(int(m.group(2)), int(m.group(4)) + 1)]
    assert letter
    return None


def test_headers_are_the_shapes_names_in_order(bundled_store: EmbeddedStore) -> None:
    wb = _wb(bundled_store)
    assert wb.sheetnames == ["Activities", "Help", "Lists"]
    headers = [c.value for c in wb["Activities"][1]]
    names = {str(n) for s, n in activity_shapes().subject_objects(SH.name)}
    assert headers == [c.header for c in template_columns()]
    assert set(headers) <= names
    assert headers[:4] == ["Title", "Description", "Chapters", "Lead entity"]
    help_rows = {r[0].value: r[3].value for r in wb["Help"].iter_rows(min_row=2) if r[0].value in headers}
    assert set(help_rows) == set(headers) and all(help_rows.values())


def test_dropdowns_follow_the_registers(bundled_store: EmbeddedStore) -> None:
    wb = _wb(bundled_store)
    chapters = _dropdown(wb, "Chapters")
    assert chapters is not None and len(chapters) == 7 and chapters[0].startswith("I ")
    assert sorted(_dropdown(wb, "Reach") or []) == ["Country", "Global", "Regional"]
    res = bundled_store.query(sparql_prologue() + """SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {
        GRAPH <https://w3id.org/ungass-kg/graph/reference> { ?e a ?t } VALUES ?t { ung:Entity ung:MatrixEntity } }""")
    assert isinstance(res, SelectResult)
    entities = _dropdown(wb, "Lead entity")
    assert entities is not None and len(entities) == int(str(res.rows[0]["n"]))
    assert "UNODC" in entities and "UNDOC" not in entities
    assert _dropdown(wb, "Participating entities") == entities
    countries = _dropdown(wb, "Countries and regions") or []
    assert "Afghanistan" in countries and "Central Asia" in countries
    for header in ("Activity types", "Programme", "Thematic focuses"):
        assert _dropdown(wb, header), header
    assert _dropdown(wb, "Title") is None


def test_csv_template_is_the_header_row(bundled_store: EmbeddedStore) -> None:
    data = build_template(registers_for(bundled_store), "csv").decode("utf-8")
    assert data.strip() == ",".join(c.header for c in template_columns())


def test_filled_template_reports_cells(bundled_store: EmbeddedStore) -> None:
    """What the acceptance check does: fill the template, get the typo and the missing chapter back."""
    wb = _wb(bundled_store)
    ws = wb["Activities"]
    col = {c.value: c.column for c in ws[1]}
    chapter = (_dropdown(wb, "Chapters") or [""])[0]
    for r, (title, lead, ch) in enumerate([("Activity one", "UNDOC", chapter), ("Activity two", "WHO", None)],
                                          start=2):
        ws.cell(r, col["Title"], title)
        ws.cell(r, col["Lead entity"], lead)
        ws.cell(r, col["Participating entities"], lead)
        ws.cell(r, col["Reach"], "Global")
        ws.cell(r, col["Reporting year"], 2023)
        if ch:
            ws.cell(r, col["Chapters"], ch)
    buf = io.BytesIO()
    wb.save(buf)
    report = validate_bytes(buf.getvalue(), "filled.xlsx", bundled_store)
    violations = {(r.row, r.column, r.rule) for r in report.results if r.severity == "Violation"}
    assert violations == {(2, "Lead entity", "lead-register"), (2, "Participating entities", "participant-register"),
                          (3, "Chapters", "chapter-required")}
    assert {r.suggestion for r in report.results if r.row == 2 and r.value == "UNDOC"} == {"did you mean UNODC?"}
