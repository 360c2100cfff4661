"""``reconcile``: the note's published numbers beside the computed ones, on crafted activities."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from tests.cli import Result, run
from ungass_kg import paths, synthetic
from ungass_kg.namespaces import PUBLISHED_GRAPH
from ungass_kg.reconcile import Line, exceeding, reconcile
from ungass_kg.store import EmbeddedStore
from ungass_kg.synthetic import Row

# (chapter, lead, participants, how many): shares of figure 3 are exactly the note's (42, 4, 19, 13, 13, 4, 5).
PLAN = [
    (1, "unodc", ("unodc",), 30), (1, "who", ("who", "unodc"), 6), (1, "unaids", ("unaids", "who"), 3),
    (1, "ilo", ("ilo",), 3),
    (2, "who", ("who",), 2), (2, "unodc", ("unodc",), 1), (2, "incb", ("incb",), 1),
    (3, "unodc", ("unodc",), 15), (3, "interpol", ("interpol",), 2), (3, "dppa", ("dppa",), 1), (3, "imo", ("imo",), 1),
    (4, "unodc", ("unodc",), 8), (4, "undp", ("undp",), 1), (4, "unfpa", ("unfpa",), 1),
    (4, "un-women", ("un-women", "ohchr"), 1), (4, "un-women", ("un-women",), 1), (4, "ohchr", ("ohchr",), 1),
    (5, "unodc", ("unodc",), 13),
    (6, "unodc", ("unodc", "who"), 4),
    (7, "unodc", ("unodc",), 5),
]


def crafted_rows() -> list[Row]:
    rows, i = [], 0
    for chapter, lead, participants, n in PLAN:
        for _ in range(n):
            rows.append(Row(f"crafted-{i:03d}", (chapter,), lead, tuple(sorted(participants)), "country", 2020))
            i += 1
    return rows


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from rdflib import Graph

    path = tmp_path_factory.mktemp("reconcile") / "store"
    store = EmbeddedStore(path)
    published = Graph()
    for f in sorted((paths.data_dir() / "published").glob("*.ttl")):
        published.parse(f)
    store.apply({str(PUBLISHED_GRAPH): published,
                 "urn:test:activities": synthetic.rows_to_ntriples(crafted_rows(), include_register=True)})
    store.close()
    return path


@pytest.fixture(scope="module")
def lines(store_path: Path) -> list[Line]:
    store = EmbeddedStore(store_path)
    try:
        return reconcile(store)
    finally:
        store.close()


def line(lines: list[Line], query: str, what: str, measure: str = "share") -> Line:
    found = [ln for ln in lines if ln.query == query and ln.what == what and ln.measure == measure]
    assert len(found) == 1, f"{query} {what}: {[ (ln.query, ln.what) for ln in lines]}"
    return found[0]


def test_every_published_number_is_reconciled_with_its_paragraph(lines: list[Line]) -> None:
    paras = {p.strip() for ln in lines for p in ln.paragraphs.split(",")}
    assert {"12", "15", "16", "17", "18", "19", "20", "21", "22", "23", "24", "27", "28", "30", "32", "33",
            "46"} <= paras
    assert all(ln.computed is not None for ln in lines)


def test_figure_3_matches_when_the_activities_match(lines: list[Line]) -> None:
    fig3 = [ln for ln in lines if ln.query == "figure-3"]
    assert len(fig3) == 7
    assert all(ln.difference is not None and abs(ln.difference) < 1e-9 for ln in fig3)
    assert line(lines, "figure-3", "I Demand reduction").approximate


def test_groups_sum_their_members_and_remainders_the_rest(lines: list[Line]) -> None:
    combined = line(lines, "figure-2", "IV Human rights · UNDP and UNFPA combined")
    assert combined.computed == pytest.approx(100 * 2 / 14)
    assert combined.difference == pytest.approx(100 * 2 / 14 - 11)
    others = line(lines, "figure-2", "I Demand reduction · other entities")
    assert others.computed == pytest.approx(100 * 3 / 51)  # ILO only: UNODC, WHO, UNAIDS are counted apart
    leads = line(lines, "figure-4-leads", "other lead entities")
    assert leads.computed == pytest.approx(100 * 4 / 14)


def test_ranks_and_counts(lines: list[Line]) -> None:
    assert line(lines, "figure-4", "VI International cooperation · inter-agency", "rank").difference == 0
    assert line(lines, "figure-4", "I Demand reduction · inter-agency", "rank").difference == 0
    assert line(lines, "organisations-per-chapter", "II Availability and access", "entityCount").difference == 0
    assert line(lines, "organisations-in-all-chapters", "UNODC", "chapterCount").difference == 0
    assert line(lines, "chapter-coverage-ranking", "UNODC", "rank").computed == 1
    over = line(lines, "figure-2", "I Demand reduction · UNODC")
    assert over.approximate and over.published == 50
    assert over.computed == pytest.approx(100 * 36 / 51) and over.difference == 0  # "over half" holds


def test_exceeding_uses_the_tolerance(lines: list[Line]) -> None:
    assert exceeding(lines, 1000) == []
    assert line(lines, "figure-4-leads", "other lead entities") in exceeding(lines, 10)


def run_cli(store: Path, *args: str) -> Result:
    return run("reconcile", *args, store=store, env={"COLUMNS": "160"})


def test_cli_table_csv_json_and_strict_exit_codes(store_path: Path) -> None:
    r = run_cli(store_path)
    assert r.returncode == 0 and "computed" in r.stdout and "I Demand reduction · UNODC" in r.stdout
    r = run_cli(store_path, "--format", "csv")
    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert r.returncode == 0 and {"published", "computed", "difference", "paragraphs"} <= set(rows[0])
    r = run_cli(store_path, "--format", "json")
    assert r.returncode == 0 and any(d["query"] == "figure-3" for d in json.loads(r.stdout))
    assert run_cli(store_path, "--strict", "--tolerance", "1000").returncode == 0
    r = run_cli(store_path, "--strict", "--tolerance", "5")
    assert r.returncode == 1 and "exceed" in r.stderr
    r = run_cli(store_path, "--from", "2021", "--to", "2020")
    assert r.returncode == 2 and "after" in r.stderr and "Traceback" not in r.stderr
