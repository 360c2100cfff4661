"""Maps: activities per country and region counted as SPARQL counts them, regional activities
kept for their region, drawn offline from the committed Natural Earth geometry."""

from __future__ import annotations

import json
import re
from pathlib import Path

import requests

from tests.cli import run_process
from tests.conftest import LiveServer
from ungass_kg import figures
from ungass_kg.figures import maps
from ungass_kg.namespaces import sparql_prologue
from ungass_kg.store import EmbeddedStore, SelectResult


def independent_counts(store: EmbeddedStore, extra: str = "") -> dict[str, int]:
    res = store.query(sparql_prologue() + f"""SELECT ?area (COUNT(DISTINCT ?a) AS ?n) WHERE {{
        ?a a ung:Activity ; ung:area ?area . {extra} }} GROUP BY ?area""")
    assert isinstance(res, SelectResult)
    return {str(r["area"]): int(str(r["n"])) for r in res.rows}


def test_counts_per_area_equal_sparql_counts(bundled_store: EmbeddedStore) -> None:
    fig = figures.build(bundled_store, "figure-6-map", {})
    got = {str(r["area"]): r["activities"] for r in fig.rows}
    assert got == independent_counts(bundled_store) and got
    who = figures.build(bundled_store, "figure-6-map", {"entity": "who"})
    want = independent_counts(bundled_store, "?a ung:participant <https://w3id.org/ungass-kg/id/entity/who> .")
    assert {str(r["area"]): r["activities"] for r in who.rows} == want


def test_regional_activities_count_for_their_region_only(bundled_store: EmbeddedStore) -> None:
    fig = figures.build(bundled_store, "figure-6-map", {})
    regions = [r for r in fig.rows if r["kind"] == "region"]
    assert regions, "the note names regional activities (e.g. Central Asia)"
    spec = fig.spec
    countries = spec["vconcat"][0]["layer"][1]["transform"][0]["from"]["data"]["values"]
    region_codes = {r["areaCode"] for r in regions}
    assert not {c["id"] for c in countries} & region_codes  # no region is drawn as a country
    bars = spec["vconcat"][1]["data"]["values"]
    assert {b["name"] for b in bars} == {r["areaLabel"] for r in regions}


def test_the_spec_is_a_geoshape_over_the_committed_geometry(bundled_store: EmbeddedStore) -> None:
    spec = figures.build(bundled_store, "figure-6-map", {}).spec
    text = json.dumps(spec)
    assert '"geoshape"' in text and '"topojson"' in text and "http" not in json.dumps(spec["vconcat"][0])
    world = maps.world()
    ids = [g["id"] for g in world["objects"]["countries"]["geometries"] if "id" in g]
    assert len(ids) > 170 and all(re.fullmatch(r"\d{3}", i) for i in ids)
    assert "004" in ids and "076" in ids  # Afghanistan, Brazil: M49 = ISO 3166-1 numeric
    licence = (maps.GEO.parent / "LICENSE-world-atlas.txt").read_text()
    assert "Natural Earth" in licence and "ISC" in licence
    assert figures.build(bundled_store, "figure-6-map", {}).svg().startswith("<svg")


def test_figures_out_writes_the_map(tmp_path: Path, bundled_store_path: Path) -> None:
    import shutil

    store = tmp_path / "kb"
    shutil.copytree(bundled_store_path, store)
    out = tmp_path / "figs"
    r = run_process("figures", "--out", out, store=store)
    assert r.returncode == 0, r.stderr
    spec = (out / "figure-6-map" / "figure-6-map.vl.json").read_text()
    assert '"geoshape"' in spec
    assert (out / "figure-6-map" / "figure-6-map.png").read_bytes()[:4] == b"\x89PNG"


def test_pages_show_the_map(live_server: LiveServer) -> None:
    page = requests.get(live_server.url + "/figures/figure-6", headers={"Accept": "text/html"}, timeout=60).text
    assert page.count('alt="Map: ') == 2 and "Inter-agency activities only" in page
    assert "Central Asia" in page  # a regional activity, in the table beside the map
    entity = requests.get(live_server.url + "/id/entity/who", headers={"Accept": "text/html"}, timeout=60).text
    assert 'alt="Map: ' in entity and "Explore these activities" in entity
    chapter = requests.get(live_server.url + "/id/chapter/1", headers={"Accept": "text/html"}, timeout=60).text
    assert 'alt="Map: ' in chapter and "/activities?chapter=1" in chapter
