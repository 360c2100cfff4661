"""The CLI commands as a focal point runs them: template, validate (exit codes, formats), submit, submissions."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from rdflib import Graph

from ungass_kg.namespaces import SH

from .cli import Result
from .cli import run as run_cli

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "data" / "examples"


@pytest.fixture
def store_dir(bundled_store_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(bundled_store_path, copy)
    return copy


def run(store: Path, *args: str | Path, env: dict[str, str] | None = None) -> Result:
    return run_cli(*args, store=store, env=env)


def test_template_then_validate(store_dir: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    p = run(store_dir, "template", "-o", out)
    assert p.returncode == 0, p.stderr
    wb = openpyxl.load_workbook(out)
    assert wb.sheetnames == ["Activities", "Help", "Lists"]
    p = run(store_dir, "template", "--format", "csv", "-o", tmp_path / "t.csv")
    assert p.returncode == 0 and (tmp_path / "t.csv").read_text().startswith("Title,Description,Chapters")


def test_validate_exit_codes_and_formats(store_dir: Path, tmp_path: Path) -> None:
    ok = run(store_dir, "validate", EXAMPLES / "unodc-2023-valid.csv")
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "conforms" in ok.stdout

    bad = run(store_dir, "validate", EXAMPLES / "unodc-2023-invalid.xlsx", "--format", "json")
    assert bad.returncode == 1
    doc = json.loads(bad.stdout)
    assert doc["conforms"] is False and doc["counts"]["Violation"] == 26
    assert any(r["row"] == 5 and r["suggestion"] == "did you mean UNODC?" for r in doc["results"])

    ttl = run(store_dir, "validate", EXAMPLES / "unodc-2023-invalid.xlsx", "--format", "ttl")
    g = Graph().parse(data=ttl.stdout, format="turtle")
    assert ttl.returncode == 1 and len(list(g.subjects(None, SH.ValidationReport))) == 1

    page = tmp_path / "r.html"
    html = run(store_dir, "validate", EXAMPLES / "unodc-2023-invalid.xlsx", "--format", "html", "-o", page)
    assert html.returncode == 1 and "did you mean UNODC?" in page.read_text()

    csv = run(store_dir, "validate", EXAMPLES / "unodc-2023-invalid.xlsx", "--format", "csv")
    assert csv.returncode == 1 and csv.stdout.count("\n") == 33  # header + 32 results


def test_validate_unreadable_file_exits_2_with_one_line(store_dir: Path, tmp_path: Path) -> None:
    latin = tmp_path / "latin.csv"
    latin.write_bytes("Title,Chapters\nCoop\u00e9ration,I\n".encode("latin-1"))
    p = run(store_dir, "validate", latin)
    assert p.returncode == 2 and "Traceback" not in p.stderr
    assert p.stderr.strip().count("\n") == 0 and "latin.csv: line 2" in p.stderr
    p = run(store_dir, "validate", tmp_path / "missing.xlsx")
    assert p.returncode == 2 and "no such file" in p.stderr
    big = run(store_dir, "validate", EXAMPLES / "unodc-2023-valid.xlsx", env={"UNGASS_KG_MAX_BODY": "1000"})
    assert big.returncode == 2 and "over the 1,000 bytes limit" in big.stderr
    bad_ttl = tmp_path / "bad.ttl"
    bad_ttl.write_text("<a> <b> .\n")
    p = run(store_dir, "validate", bad_ttl)
    assert p.returncode == 2 and "bad.ttl: line 1" in p.stderr


def test_submit_twice_needs_replace(store_dir: Path) -> None:
    valid = EXAMPLES / "unodc-2023-valid.xlsx"
    first = run(store_dir, "submit", valid, "--entity", "UNODC", "--period", "2023")
    assert first.returncode == 0, first.stderr
    assert "Stored submission unodc-2023: 8 activities" in first.stderr
    again = run(store_dir, "submit", valid, "--entity", "UNODC", "--period", "2023")
    assert again.returncode == 1 and "--replace" in again.stderr and "nothing was stored" in again.stderr
    replaced = run(store_dir, "submit", valid, "--entity", "UNODC", "--period", "2023", "--replace")
    assert replaced.returncode == 0 and "Replaced submission unodc-2023" in replaced.stderr
    listed = run(store_dir, "submissions", "--format", "json")
    assert [r["id"] for r in json.loads(listed.stdout)] == ["unodc-2023"]
    rejected = run(store_dir, "submit", EXAMPLES / "unodc-2023-invalid.xlsx", "--entity", "WHO", "--period", "2023")
    assert rejected.returncode == 1 and "nothing was stored" in rejected.stderr and "Row 5" in rejected.stdout
    asked = run(store_dir, "submission-delete", "unodc-2023")  # issue 11: says what goes, needs --yes
    assert asked.returncode == 1 and "8 activities" in asked.stderr and "nothing was removed" in asked.stderr
    assert [r["id"] for r in json.loads(run(store_dir, "submissions", "--format", "json").stdout)] == ["unodc-2023"]
    history = json.loads(run(store_dir, "submissions", "--history", "--format", "json").stdout)
    assert [(v["version"], v["current"]) for v in history] == [(1, False), (2, True)]
    assert history[1]["revision_of"] == history[0]["iri"]
    deleted = run(store_dir, "submission-delete", "unodc-2023", "--yes")
    assert deleted.returncode == 0
    assert json.loads(run(store_dir, "submissions", "--format", "json").stdout) == []
