"""Figure pages recompute for the saved query's parameters, say what they are computed from,
embed without the site's chrome, and show their table as the matrix the figure draws."""

from __future__ import annotations

import csv
import io

import requests

from tests.conftest import LiveServer
from ungass_kg import figures
from ungass_kg.figures.matrix import pivot
from ungass_kg.store import EmbeddedStore


def test_figure_3_page_shows_whos_numbers(live_server: LiveServer) -> None:
    api = requests.get(live_server.url + "/queries/figure-3.json", params={"entity": "who"}, timeout=30).json()
    shares = {f"{r['share']:.1f}" for r in api["rows"]}
    page = requests.get(live_server.url + "/figures/figure-3", params={"entity": "who"},
                        headers={"Accept": "text/html"}, timeout=30).text
    plain = requests.get(live_server.url + "/figures/figure-3", timeout=30).text
    assert shares and all(s in page for s in shares)
    assert not all(s in plain for s in shares)
    assert 'option value="who" selected' in page
    assert "Computed from 33 activities in this knowledge base (with entity = who)" in page
    assert "/activities?entity=who" in page  # the same activities, explorable


def test_a_bad_parameter_is_a_422_page(live_server: LiveServer) -> None:
    r = requests.get(live_server.url + "/figures/figure-1", params={"chapter": "9"}, timeout=30)
    assert r.status_code == 422 and "text/html" in r.headers["content-type"]
    assert "parameter chapter" in r.text and "<h1>" in r.text


def test_embed_page_has_no_site_chrome(live_server: LiveServer) -> None:
    r = requests.get(live_server.url + "/figures/figure-2/embed", params={"reach": "global"}, timeout=30)
    assert r.status_code == 200
    assert "<header" not in r.text and "<nav" not in r.text and "<img" in r.text
    assert "reach = global" in r.text
    spec = requests.get(live_server.url + "/queries/figure-2.vl.json", params={"reach": "global"}, timeout=30)
    assert spec.json()["$schema"].startswith("https://vega.github.io/schema/vega-lite/")


def test_figure_1_table_is_entities_by_chapters(live_server: LiveServer, bundled_store: EmbeddedStore) -> None:
    r = requests.get(live_server.url + "/figures/figure-1/table.csv", timeout=30)
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0][0] == "Entity" and len(rows[0]) == 8 and rows[0][1] == "Demand reduction"
    assert len(rows) - 1 == 23  # the matrix entities
    unodc = next(row for row in rows if row[0] == "UNODC")
    fig = figures.build(bundled_store, "figure-1", {})
    want = {r["chapterLabel"]: r["participations"] for r in fig.rows if r["entityLabel"] == "UNODC"}
    assert [int(c) for c in unodc[1:]] == [want[h] for h in rows[0][1:]]
    x = requests.get(live_server.url + "/figures/figure-1/table.xlsx", timeout=30)
    assert x.status_code == 200 and x.content[:2] == b"PK"


def test_figure_5_is_a_symmetric_pair_matrix(bundled_store: EmbeddedStore) -> None:
    fig = figures.build(bundled_store, "figure-5", {})
    m = pivot(fig.query, fig.rows)
    assert m.columns == [label for label, _, _ in m.rows]
    at = {(label, c): cell for label, _, cells in m.rows for c, cell in zip(m.columns, cells, strict=True)}
    assert all(at[(a, b)] == at[(b, a)] for a in m.columns for b in m.columns)
    assert at[("UNODC", "WHO")] == str(next(r["activities"] for r in fig.rows
                                            if {r["entityALabel"], r["entityBLabel"]} == {"UNODC", "WHO"}))


def test_shares_are_rounded(bundled_store: EmbeddedStore) -> None:
    fig = figures.build(bundled_store, "figure-2", {})
    m = pivot(fig.query, fig.rows)
    cells = [c for _, _, cs in m.rows for c in cs if c]
    assert cells and all(len(c.split(".")[-1]) == 1 for c in cells if "." in c)
