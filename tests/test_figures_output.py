"""``ungass-kg figures``: tables, Vega-Lite specs, SVG/PNG charts, cubes and index.html."""

from __future__ import annotations

import csv
import json
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
from rdflib import Graph
from rdflib.namespace import RDF

from tests.cli import Result, run
from ungass_kg import figures, queries
from ungass_kg.namespaces import QB
from ungass_kg.store import EmbeddedStore

CHAPTER_NAMES = ["Demand reduction", "Availability and access", "Supply reduction", "Human rights",
                 "Trends and challenges", "International cooperation", "Alternative development"]


def run_cli(*args: str, store: Path) -> Result:
    return run(*args, store=store)


@pytest.fixture(scope="module")
def site(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    import shutil

    base = tmp_path_factory.mktemp("figs")
    store = base / "store"
    shutil.copytree(bundled_store_path, store)
    out = base / "site"
    r = run_cli("figures", "--out", str(out), "--from", "2017", "--to", "2023", store=store)
    assert r.returncode == 0, r.stderr
    return out, r.stdout


def test_every_saved_query_gets_all_its_files(site: tuple[Path, str]) -> None:
    out, stdout = site
    for q in queries.catalog():
        folder = out / q.name
        for ext in ("csv", "json", "vl.json", "svg", "png", "ttl", "rq"):
            assert (folder / f"{q.name}.{ext}").is_file(), f"{q.name}.{ext}"
        assert (folder / f"{q.name}.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        ElementTree.fromstring((folder / f"{q.name}.svg").read_text())  # well-formed SVG
        with (folder / f"{q.name}.csv").open() as f:
            assert next(csv.reader(f)) == [c.name for c in q.columns]
        doc = json.loads((folder / f"{q.name}.json").read_text())
        assert doc["query"] == q.name and doc["params"] == {"from": "2017", "to": "2023"}
        g = Graph().parse(folder / f"{q.name}.ttl")
        assert any(g.subjects(RDF.type, QB.DataSet))
        assert len(list(g.subjects(RDF.type, QB.Observation))) == len(doc["rows"])
    assert "well formed" in stdout and "FAILS" not in stdout


def test_charts_name_chapters_as_the_note_and_label_percentages(site: tuple[Path, str]) -> None:
    out, _ = site
    for name in ("figure-2", "figure-3", "figure-4", "figure-6"):
        svg = (out / name / f"{name}.svg").read_text()
        spec = json.loads((out / name / f"{name}.vl.json").read_text())
        assert f"Figure {name[-1]}" in spec["title"]["text"][0]
        assert "%" in svg, f"{name}: no per-cent labels"
        for label in CHAPTER_NAMES:
            rows = json.loads((out / name / f"{name}.json").read_text())["rows"]
            if any(r.get("chapterLabel") == label for r in rows):
                assert label in svg
    fig1 = (out / "figure-1" / "figure-1.svg").read_text()
    assert all(label in fig1 for label in CHAPTER_NAMES) and "UNODC" in fig1


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.images: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "img":
            self.images.append(dict(attrs)["src"] or "")
        if tag in ("script", "link"):
            self.scripts += 1


def test_index_shows_every_figure_with_chart_table_and_query(site: tuple[Path, str]) -> None:
    out, _ = site
    html = (out / "index.html").read_text()
    p = _Text()
    p.feed(html)
    assert len(p.images) == len(queries.catalog()) and p.scripts == 0  # no external assets
    for src in p.images:
        assert (out / src).is_file()
    for q in queries.catalog():
        assert q.title.replace("'", "&#39;") in html
    assert "SELECT ?entity ?entityLabel ?chapter" in html and "&lt;https://w3id.org/ungass-kg/ontology#&gt;" in html


def test_table_and_json_of_a_figure(bundled_store: EmbeddedStore) -> None:
    fig = figures.build(bundled_store, "figure-3")
    assert fig.columns == ["chapter", "chapterNumber", "chapterLabel", "activities", "share"]
    assert abs(sum(float(r["share"]) for r in fig.rows) - 100) < 1e-6  # type: ignore[arg-type]
    assert fig.csv().splitlines()[0] == "chapter,chapterNumber,chapterLabel,activities,share"
    assert fig.json()["rows"] == fig.rows


def test_bad_years_and_unknown_query_are_one_line_errors(tmp_path: Path) -> None:
    r = run_cli("figures", "--out", str(tmp_path / "o"), "--from", "2023", "--to", "2019", store=tmp_path / "s")
    assert r.returncode == 2 and "after" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("figure", "no-such-figure", store=tmp_path / "s")
    assert r.returncode == 2 and "no saved query no-such-figure" in r.stderr and "Traceback" not in r.stderr
    r = run_cli("figure", "figure-1", "-p", 'chapter=1"}', store=tmp_path / "s")
    assert r.returncode == 2 and "parameter chapter" in r.stderr and "Traceback" not in r.stderr


def test_figure_command_prints_a_parameterised_result(tmp_path: Path, bundled_store_path: Path) -> None:
    import shutil

    shutil.copytree(bundled_store_path, tmp_path / "s")
    r = run_cli("figure", "figure-1", "-p", "chapter=II", "--format", "csv", store=tmp_path / "s")
    assert r.returncode == 0, r.stderr
    rows = list(csv.DictReader(r.stdout.splitlines()))
    assert len(rows) == 23 and {row["chapterLabel"] for row in rows} == {"Availability and access"}
