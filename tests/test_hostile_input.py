"""Hostile input through every door: each attack is refused with one line, 400 or 413, exit 2.

The attacks (tests/hostile_files.py) are the catalogue of docs/reliability.md: entity bombs and
external entities in RDF/XML and in XLSX parts, a zip bomb, cells far away, too many cells or
parts, deep JSON-LD / RDF/XML / Turtle, huge literals, lines and cells, too many triples or rows.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
import requests

from ungass_kg.errors import InputError, TooLarge
from ungass_kg.limits import Limits, check_xlsx, json_depth
from ungass_kg.loading import parse_file
from ungass_kg.validate import validate_bytes

from . import hostile_files as hf
from .cli import run_process

ROOT = Path(__file__).resolve().parent.parent

# name, file name, builder, expected error, a word the one-line message must contain
ATTACKS: list[tuple[str, str, Callable[[], bytes], type[InputError], str]] = [
    ("rdfxml-entity-bomb", "lol.rdf", hf.rdfxml_entity_bomb, InputError, "entity"),
    ("rdfxml-external-entity", "xxe.rdf", hf.rdfxml_external_entity, InputError, "entity"),
    ("rdfxml-deep", "deep.rdf", hf.rdfxml_deep, TooLarge, "nested"),
    ("jsonld-deep", "deep.jsonld", hf.jsonld_deep, TooLarge, "nested"),
    ("turtle-huge-literal", "big.ttl", hf.turtle_huge_literal, TooLarge, "literal"),
    ("turtle-many-triples", "many.ttl", lambda: hf.turtle_many_triples(800_000), TooLarge, "triples"),
    ("xlsx-zip-bomb", "bomb.xlsx", hf.xlsx_zip_bomb, TooLarge, "inflates"),
    ("xlsx-external-entity", "xxe.xlsx", hf.xlsx_external_entity, InputError, "entity"),
    ("xlsx-entity-bomb", "lol.xlsx", hf.xlsx_entity_bomb_in_styles, InputError, "entity"),
    ("xlsx-far-cell", "far.xlsx", hf.xlsx_far_cell, TooLarge, "row 1,048,576"),
    ("xlsx-many-cells", "cells.xlsx", hf.xlsx_many_cells, TooLarge, "cells"),
    ("xlsx-huge-cell", "cell.xlsx", hf.xlsx_huge_cell, TooLarge, "characters"),
    ("xlsx-many-parts", "parts.xlsx", hf.xlsx_many_parts, TooLarge, "parts"),
    ("csv-huge-cell", "cell.csv", hf.csv_huge_cell, TooLarge, "characters"),
    ("csv-many-rows", "rows.csv", lambda: hf.csv_many_rows(60_000), TooLarge, "rows"),
    ("csv-blank-lines", "blank.csv", hf.csv_blank_lines, TooLarge, "rows"),
    ("csv-wide", "wide.csv", hf.csv_wide, TooLarge, "columns"),
]
IDS = [a[0] for a in ATTACKS]


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return {name: build() for name, _, build, _, _ in ATTACKS}


@pytest.mark.parametrize(("name", "filename", "build", "error", "word"), ATTACKS, ids=IDS)
def test_reader_refuses(bundled_store, files, name, filename, build, error, word) -> None:
    with pytest.raises(error) as info:
        validate_bytes(files[name], filename, bundled_store)
    msg = str(info.value)
    assert type(info.value) is error
    assert msg.startswith(filename) and word in msg and "\n" not in msg, msg


def test_deep_turtle_is_read_in_linear_time_and_refused_for_what_it_lacks(bundled_store) -> None:
    # Oxigraph's Turtle parser keeps its own stack: 100,000 levels parse (no crash); the file
    # is then refused for holding no activity, like any other RDF without one
    with pytest.raises(InputError, match="no activity"):
        validate_bytes(hf.turtle_deep(), "deep.ttl", bundled_store)


def test_caps_come_from_the_limits(bundled_store) -> None:
    small = Limits(triples=10, rows=3, literal=50)
    with pytest.raises(TooLarge, match="more than 10 triples"):
        validate_bytes(hf.turtle_many_triples(11), "t.ttl", bundled_store, limits=small)
    with pytest.raises(TooLarge, match="more than 3 rows"):
        validate_bytes(hf.csv_many_rows(200), "r.csv", bundled_store, limits=small)
    with pytest.raises(TooLarge, match="51 characters"):
        validate_bytes(hf.csv_huge_cell(51), "c.csv", bundled_store, limits=small)
    # under the caps the same kinds of file are read
    assert validate_bytes(hf.csv_many_rows(3), "r.csv", bundled_store, limits=small).activities == 3


def test_valid_workbooks_pass_the_checks() -> None:
    extent = check_xlsx(hf.VALID_XLSX.read_bytes(), "valid.xlsx")
    sheet = next(iter(extent.values()))
    assert sheet.rows == 9 and sheet.cells > 50


def test_json_depth_skips_brackets_inside_strings() -> None:
    assert json_depth(b'{"a": "[[[[{{{{", "b": [1, {"c": "\\"]]]"}]}') == 3
    assert json_depth(hf.jsonld_deep(300)) == 300


@pytest.mark.parametrize("build", [hf.rdfxml_entity_bomb, hf.rdfxml_deep])
def test_load_refuses_xml_attacks(tmp_path, build) -> None:
    path = tmp_path / "x.rdf"
    path.write_bytes(build())
    with pytest.raises(InputError):
        parse_file(path, None)


def test_load_refuses_deep_jsonld_and_huge_lines(tmp_path) -> None:
    deep, nq = tmp_path / "deep.jsonld", tmp_path / "big.nq"
    deep.write_bytes(hf.jsonld_deep())
    nq.write_bytes(hf.nquads_huge_line())
    with pytest.raises(TooLarge, match="nested"):
        parse_file(deep, None)
    with pytest.raises(TooLarge, match="literal of 2,000,000"):
        parse_file(nq, None)


# ----------------------------------------------------------------------------- over HTTP

@pytest.mark.parametrize(("name", "filename", "build", "error", "word"), ATTACKS, ids=IDS)
def test_http_refuses_with_a_4xx(live_server, files, name, filename, build, error, word) -> None:
    r = requests.post(live_server.url + "/validate", files={"file": (filename, files[name])}, timeout=60)
    assert r.status_code == (413 if error is TooLarge else 400), r.text[:300]
    detail = r.json()["detail"]
    assert word in detail and "\n" not in detail and "Traceback" not in detail


def test_server_still_answers_after_the_attacks(live_server) -> None:
    r = requests.get(live_server.url + "/sparql", params={"query": "ASK { ?s ?p ?o }"},
                     headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200 and r.json()["boolean"] is True


# ---------------------------------------------------------------------------- on the CLI

@pytest.fixture(scope="module")
def cli_store(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("hostile-cli") / "kb"
    shutil.copytree(bundled_store_path, copy)
    return copy


@pytest.mark.parametrize(("name", "filename", "command"), [
    ("rdfxml-entity-bomb", "lol.rdf", "validate"),
    ("xlsx-zip-bomb", "bomb.xlsx", "validate"),
    ("xlsx-external-entity", "xxe.xlsx", "validate"),
    ("jsonld-deep", "deep.jsonld", "validate"),
    ("xlsx-zip-bomb", "bomb.xlsx", "submit"),
    ("rdfxml-entity-bomb", "lol.rdf", "load"),
    ("jsonld-deep", "deep.jsonld", "load"),
])
def test_cli_exits_2_with_one_line(cli_store, tmp_path, files, name, filename, command) -> None:
    path = tmp_path / filename
    path.write_bytes(files[name])
    extra = ["--entity", "UNODC", "--period", "2023"] if command == "submit" else []
    before = run_process("graphs", store=cli_store).stdout
    r = run_process(command, str(path), *extra, store=cli_store)
    assert r.returncode == 2, r.stderr[-500:]
    assert "Traceback" not in r.stderr and "panicked" not in r.stderr
    lines = [ln for ln in r.stderr.splitlines() if ln.strip()]
    assert len(lines) == 1 and lines[0].startswith("error: ") and filename in lines[0], r.stderr
    assert run_process("graphs", store=cli_store).stdout == before  # nothing was written


def test_cli_report_of_a_valid_file_is_unchanged(cli_store) -> None:
    r = run_process("validate", str(hf.VALID_XLSX), "--format", "json", store=cli_store)
    assert r.returncode == 0 and json.loads(r.stdout)["conforms"] is True
