"""Readers and row mapping: every format, bad files refused with one clear line."""

from __future__ import annotations

import csv
import io
import json

import openpyxl
import pytest
from rdflib.namespace import RDF

from ungass_kg.errors import InputError
from ungass_kg.namespaces import ID, UNG
from ungass_kg.store import EmbeddedStore
from ungass_kg.template import template_columns
from ungass_kg.validate import registers_for, validate_bytes

HEADER = [c.header for c in template_columns()]


def _csv(rows: list[list[str]], sep: str = ",", bom: bool = False, header: list[str] | None = None) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=sep, lineterminator="\r\n")
    w.writerow(header or HEADER)
    w.writerows(rows)
    text = buf.getvalue()
    return ("\ufeff" if bom else "").encode() + text.encode("utf-8")


def _row(**cells: str) -> list[str]:
    base = {"Title": "Pernambuco Cooperation", "Chapters": "VII", "Lead entity": "UNODC",
            "Participating entities": "UNODC; UNDP; UN-Habitat", "Reach": "Country",
            "Countries and regions": "Brazil", "Reporting year": "2023"}
    base.update(cells)
    return [base.get(h, "") for h in HEADER]


def _xlsx(rows: list[list[object]], sheet: str = "Activities", header: list[str] | None = None) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = sheet
    ws.append(header or HEADER)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- CSV variants
@pytest.mark.parametrize("sep,bom", [(",", False), (",", True), (";", False), (";", True)])
def test_csv_with_or_without_bom_and_either_separator(bundled_store: EmbeddedStore, sep: str, bom: bool) -> None:
    row = _row(**{"Participating entities": "unodc; undp; un-habitat"})  # names match case-insensitively
    report = validate_bytes(_csv([row], sep, bom), "a.csv", bundled_store)
    assert report.violations == 0, report.to_text()
    assert report.data is not None
    acts = list(report.data.subjects(RDF.type, UNG.Activity))
    assert len(acts) == 1
    assert set(report.data.objects(acts[0], UNG.participant)) == {ID["entity/unodc"], ID["entity/undp"],
                                                                   ID["entity/un-habitat"]}
    assert report.data.value(acts[0], UNG.area) == ID["area/076"]


def test_activity_iri_is_stable_and_not_a_row_number(bundled_store: EmbeddedStore) -> None:
    one = validate_bytes(_csv([_row()]), "a.csv", bundled_store, prefix="unodc-2023").data
    two = validate_bytes(_csv([_row(Title="Other activity"), _row()]), "b.csv", bundled_store,
                         prefix="unodc-2023").data
    assert one is not None and two is not None
    iri = ID["activity/unodc-2023-pernambuco-cooperation-unodc-2023"]
    assert (iri, RDF.type, UNG.Activity) in one and (iri, RDF.type, UNG.Activity) in two


def test_non_utf8_csv_is_refused_with_its_line(bundled_store: EmbeddedStore) -> None:
    data = _csv([_row(), _row(Title="Coop\u00e9ration")]).decode().encode("latin-1")
    with pytest.raises(InputError) as e:
        validate_bytes(data, "latin.csv", bundled_store)
    assert "latin.csv: line 3" in str(e.value) and "UTF-8" in str(e.value)


@pytest.mark.parametrize("data,needle", [
    (b"", "the file is empty"),
    (b"   \n", "the file is empty"),
])
def test_empty_file(bundled_store: EmbeddedStore, data: bytes, needle: str) -> None:
    with pytest.raises(InputError, match=needle):
        validate_bytes(data, "empty.csv", bundled_store)


def test_header_without_rows_is_refused(bundled_store: EmbeddedStore) -> None:
    with pytest.raises(InputError, match="no activity rows"):
        validate_bytes(_csv([]), "header-only.csv", bundled_store)


def test_file_over_the_size_limit_is_refused_before_parsing(bundled_store: EmbeddedStore) -> None:
    with pytest.raises(InputError, match="the file is 1,000,001 bytes, over the 1 MB limit"):
        validate_bytes(b"x" * 1_000_001, "big.csv", bundled_store, max_bytes=1_000_000)


def test_missing_required_column_is_named(bundled_store: EmbeddedStore) -> None:
    header = [h for h in HEADER if h != "Chapters"]
    row = [v for h, v in zip(HEADER, _row(), strict=True) if h != "Chapters"]
    report = validate_bytes(_csv([row], header=header), "a.csv", bundled_store)
    quality = ("programme-present", "activity-type-present", "description-present")
    assert report.result_keys() == {(1, "Chapters", "missing-column")} | {
        k for k in report.result_keys() if k[2] in quality}
    r = next(r for r in report.results if r.rule == "missing-column")
    assert r.severity == "Violation" and "'Chapters'" in r.message


# ---------------------------------------------------------------- XLSX
def test_xlsx_without_activities_sheet(bundled_store: EmbeddedStore) -> None:
    with pytest.raises(InputError, match="no 'Activities' sheet \\(it has: Sheet1\\)"):
        validate_bytes(_xlsx([_row()], sheet="Sheet1"), "a.xlsx", bundled_store)


def test_xlsx_that_is_not_a_zip(bundled_store: EmbeddedStore) -> None:
    with pytest.raises(InputError, match="not a readable XLSX"):
        validate_bytes(b"hello, this is text", "a.xlsx", bundled_store)


def test_old_xls_is_refused(bundled_store: EmbeddedStore) -> None:
    with pytest.raises(InputError, match="97-2003"):
        validate_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100, "a.xls", bundled_store)


def test_xlsx_numbers_and_cells(bundled_store: EmbeddedStore) -> None:
    row: list[object] = list(_row())
    row[HEADER.index("Reporting year")] = 2023.0  # numbers come back as floats from some programs
    row[HEADER.index("Quantities")] = "184 municipalities; 1,426 seizures or seizure cases reported"
    report = validate_bytes(_xlsx([row]), "a.xlsx", bundled_store)
    assert report.violations == 0, report.to_text()
    assert report.data is not None
    values = sorted(int(v) for q in report.data.objects(None, UNG.statedQuantity)
                    for v in report.data.objects(q, RDF.value))
    assert values == [184, 1426]


# ---------------------------------------------------------------- RDF
TTL = """@prefix ung: <https://w3id.org/ungass-kg/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@base <https://w3id.org/ungass-kg/id/> .
<activity/x> a ung:Activity ; dct:title "Pernambuco Cooperation" ; ung:chapter <chapter/7> ;
  ung:leadEntity <entity/unodc> ; ung:reach <reach/country> ; ung:area <area/076> ;
  ung:reportingYear 2023 .
<entity/fake> a ung:Entity .
"""


def test_turtle_submission_keeps_activities_only(bundled_store: EmbeddedStore) -> None:
    report = validate_bytes(TTL.encode(), "a.ttl", bundled_store)
    assert report.violations == 0, report.to_text()
    assert {r.rule for r in report.results if r.severity == "Warning"} >= {"not-an-activity"}
    assert report.data is not None
    assert (ID["activity/x"], UNG.participant, ID["entity/unodc"]) in report.data  # lead materialised
    assert (ID["entity/fake"], None, None) not in report.data


def test_turtle_syntax_error_names_line_and_column(bundled_store: EmbeddedStore) -> None:
    bad = TTL.replace('dct:title "Pernambuco Cooperation" ;', 'dct:title "Pernambuco Cooperation ;')
    with pytest.raises(InputError) as e:
        validate_bytes(bad.encode(), "bad.ttl", bundled_store)
    assert "bad.ttl: line" in str(e.value) and "column" in str(e.value)


def test_rdf_without_activities_is_refused(bundled_store: EmbeddedStore) -> None:
    with pytest.raises(InputError, match="no activity in the file"):
        validate_bytes(b"<urn:a> <urn:b> <urn:c> .\n", "empty.nt", bundled_store)


@pytest.mark.parametrize("fmt,name", [("json-ld", "a.jsonld"), ("xml", "a.rdf"), ("nt", "a.nt")])
def test_other_rdf_formats(bundled_store: EmbeddedStore, fmt: str, name: str) -> None:
    from rdflib import Graph

    g = Graph().parse(data=TTL, format="turtle")
    data = g.serialize(format=fmt)
    report = validate_bytes(data.encode() if isinstance(data, str) else data, name, bundled_store)
    assert report.violations == 0, report.to_text()
    assert report.activities == 1


def test_rdf_violation_names_focus_node_and_path(bundled_store: EmbeddedStore) -> None:
    bad = TTL.replace("ung:reportingYear 2023", "ung:reportingYear 2016")
    report = validate_bytes(bad.encode(), "a.ttl", bundled_store, media_type="text/turtle")
    hits = [r for r in report.results if r.rule == "year-range"]
    assert len(hits) == 1
    assert hits[0].focus_node == str(ID["activity/x"]) and hits[0].path == str(UNG.reportingYear)
    assert hits[0].row is None and json.dumps(report.to_json())


# ---------------------------------------------------------------- registers
def test_registers_follow_the_store_and_suggest(bundled_store: EmbeddedStore) -> None:
    regs = registers_for(bundled_store)
    assert regs.entities.lookup("unodc") == ID["entity/unodc"]
    assert regs.entities.lookup("United Nations Office on Drugs and Crime") == ID["entity/unodc"]
    assert regs.entities.lookup("UNDOC") is None  # the note's typo is not an alias
    assert regs.entities.suggest("UNDOC") == "UNODC"
    assert regs.entities.suggest("UNHRC") == "UNHCR"
    assert regs.chapters.lookup("iv") == regs.chapters.lookup("Human rights") == ID["chapter/4"]
    assert regs.areas.lookup("AFG") == regs.areas.lookup("afghanistan") == ID["area/004"]
    assert regs.areas.lookup("the Philippines") == ID["area/608"]


def test_html_report_escapes_what_the_file_contains(bundled_store: EmbeddedStore) -> None:
    row = _row(**{"Lead entity": "<script>alert(1)</script>"})
    page = validate_bytes(_csv([row]), "a.csv", bundled_store).to_html()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script" not in page
