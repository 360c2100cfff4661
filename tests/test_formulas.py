"""No formula leaves the project: every CSV, TSV and XLSX we write neutralises formula-like text.

Each leading character of OWASP's rule (=, +, -, @, tab, carriage return) goes through the one
neutraliser (ungass_kg.cells) and through the writers that use it: the validation report
(CLI and HTTP), figure and saved-query tables, the matrix and activity tables, the template.
Nothing else in a value changes, and ``/sparql``'s text/csv keeps the W3C format.
"""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

import pytest
import requests
from openpyxl import Workbook, load_workbook

from tests.cli import run_process
from ungass_kg import cells
from ungass_kg.figures import build
from ungass_kg.queries import get
from ungass_kg.store import EmbeddedStore
from ungass_kg.validate import validate_bytes
from ungass_kg.web.saved_jobs import table_delimited

ROOT = Path(__file__).resolve().parent.parent
LEADING = ["=", "+", "-", "@", "\t", "\r"]
HEADER = "Title,Description,Chapters,Lead entity,Participating entities,Reach,Reporting year"


def _parse(text: str, delimiter: str = ",") -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _live(values: list[str]) -> list[str]:
    return [v for v in values if v[:1] in LEADING]


@pytest.mark.parametrize("lead", LEADING, ids=repr)
def test_each_leading_character_gets_a_quote_and_nothing_else_changes(lead: str) -> None:
    value = f'{lead}HYPERLINK("http://evil.example/", "x")'
    line = cells.csv_row(["plain", value, 3, 2.5])
    assert _parse(line) == [["plain", "'" + value, "3", "2.5"]]
    assert line.split(",", 1)[1].startswith('"\'')  # the neutralised cell is quoted
    assert cells.neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["plain", "'already", "a=b", " =1", "", "1-2", "x@y"])
def test_other_text_is_left_alone(value: str) -> None:
    assert cells.neutralise(value) == value
    assert _parse(cells.csv_row([value, "z"])) == [[value, "z"]]


def test_numbers_stay_numbers_even_negative() -> None:
    assert cells.csv_row([-2, -0.5, True, None]) == "-2,-0.5,true,\n"


def test_quoting_matches_the_csv_module_for_ordinary_text() -> None:
    rows = [["a,b", 'say "hi"', "line\nbreak", ""], [""], ["x"]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    assert cells.csv_text(rows) == buf.getvalue()


def test_tsv_uses_the_same_rule() -> None:
    assert _parse(cells.csv_row(["=1+2", "b"], delimiter="\t"), "\t") == [["'=1+2", "b"]]


@pytest.mark.parametrize("lead", LEADING, ids=repr)
def test_xlsx_cells_stay_text(lead: str) -> None:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    value = f"{lead}1+2"
    cells.set_text(ws.cell(1, 1), value)
    cells.append_row(ws, [value, 5])
    buf = io.BytesIO()
    wb.save(buf)
    back = load_workbook(io.BytesIO(buf.getvalue())).active
    assert back is not None
    for ref in ("A1", "A2"):
        c = back[ref]
        assert c.value == value and c.data_type == "s" and c.quotePrefix, ref  # text, shown as typed
    assert back["B2"].value == 5


def _formula_csv() -> bytes:
    rows = [f'{lead}HYPERLINK("http://evil.example/"),{lead}2,I,{lead}UNODC,@SUM(1),Global,2023'
            for lead in ("=", "+", "-", "@")]
    rows.append('"\tTab",d,I,UNODC,UNODC,Global,2023')
    rows.append('"\rReturn",d,I,UNODC,UNODC,Global,2023')
    return (HEADER + "\n" + "\n".join(rows) + "\n").encode()


def test_validation_report_csv_neutralises_uploaded_values(bundled_store) -> None:
    report = validate_bytes(_formula_csv(), "formula.csv", bundled_store)
    table = _parse(report.to_csv())
    values = [c for row in table for c in row]
    assert not _live(values)
    # the uploaded values are still there, behind the quote
    assert any(v.startswith("'=") or v.startswith("'-") or v.startswith("'@") for v in values)


def test_validation_report_csv_over_http(live_server) -> None:
    r = requests.post(live_server.url + "/validate", params={"format": "csv"},
                      files={"file": ("formula.csv", _formula_csv())}, timeout=60)
    assert r.status_code == 200
    values = [c for row in _parse(r.text) for c in row]
    assert values and not _live(values)


def test_validation_report_csv_on_the_cli(bundled_store_path, tmp_path) -> None:
    store = tmp_path / "kb"
    shutil.copytree(bundled_store_path, store)
    f = tmp_path / "formula.csv"
    f.write_bytes(_formula_csv())
    r = run_process("validate", f, "--format", "csv", store=store)
    assert r.returncode == 1, r.stderr
    values = [c for row in _parse(r.stdout) for c in row]
    assert values and not _live(values)


@pytest.fixture(scope="module")
def poisoned_store(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory):
    """The bundled store with UNODC's label and acronym replaced by formulas (as stored data could be)."""
    path = tmp_path_factory.mktemp("poisoned") / "store"
    shutil.copytree(bundled_store_path, path)
    store = EmbeddedStore(path)
    store.update("""
        PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        PREFIX ung: <https://w3id.org/ungass-kg/ontology#>
        DELETE { GRAPH ?g { ?e skos:prefLabel ?l ; ung:acronym ?a } }
        INSERT { GRAPH ?g { ?e skos:prefLabel "=HYPERLINK(\\"http://evil.example/\\",\\"x\\")"@en ;
                               ung:acronym "@SUM(1+1)" } }
        WHERE { GRAPH ?g { ?e skos:prefLabel ?l ; ung:acronym ?a }
                FILTER (?e = <https://w3id.org/ungass-kg/id/entity/unodc>) }
    """)
    yield store
    store.close()


def test_figure_tables_neutralise_stored_labels(poisoned_store) -> None:
    fig = build(poisoned_store, get("figure-1"), {})
    values = [c for row in _parse(fig.csv()) for c in row]
    assert any(v.startswith("'=HYPERLINK") or v.startswith("'@SUM") for v in values), values[:20]
    assert not _live(values)
    tsv = table_delimited(fig.result, "\t").decode()
    assert not _live([c for row in _parse(tsv, "\t") for c in row])
    csv_long = table_delimited(fig.result, ",").decode()
    assert not _live([c for row in _parse(csv_long) for c in row])


def test_figure_matrix_tables_neutralise_stored_labels(poisoned_store) -> None:
    from ungass_kg.figures.matrix import pivot

    fig = build(poisoned_store, get("figure-1"), {})
    m = pivot(fig.query, fig.rows)
    assert not _live([c for row in _parse(m.csv()) for c in row])
    ws = load_workbook(io.BytesIO(m.xlsx())).active
    assert ws is not None
    texts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert all(c.data_type == "s" for c in texts)
    assert any(c.value.startswith(("=", "@")) and c.quotePrefix for c in texts)


def test_sparql_csv_keeps_the_w3c_format(live_server) -> None:
    # the documented exception: SPARQL 1.1 CSV results are data for a client, written as they are
    q = 'SELECT ?v WHERE { VALUES ?v { "=1+2" } }'
    r = requests.get(live_server.url + "/sparql", params={"query": q}, headers={"Accept": "text/csv"}, timeout=30)
    assert r.status_code == 200 and _parse(r.text) == [["v"], ["=1+2"]]
