"""The saved-query API over HTTP (real server): catalog, OpenAPI, typed parameters, formats, ETags."""

from __future__ import annotations

import csv
import io
import json

import pytest
import requests
from rdflib import Graph

from tests.conftest import LiveServer
from ungass_kg.store import EmbeddedStore

queries = pytest.importorskip("ungass_kg.queries")

FIG1 = "/queries/figure-1"
UNODC = "https://w3id.org/ungass-kg/id/entity/unodc"


def get(server: LiveServer, path: str, **kw: object) -> requests.Response:
    return requests.get(server.url + path, timeout=60, **kw)  # type: ignore[arg-type]


def test_catalog_as_json_lists_every_saved_query(live_server: LiveServer) -> None:
    r = get(live_server, "/queries", headers={"Accept": "application/json"})
    assert r.status_code == 200
    listed = {q["name"]: q for q in r.json()["queries"]}
    assert set(listed) == {q.name for q in queries.catalog()}
    fig1 = listed["figure-1"]
    assert fig1["url"] == FIG1 and fig1["formats"]["csv"] == FIG1 + ".csv"
    assert {p["name"] for p in fig1["params"]} >= {"entity", "chapter"}


def test_catalog_as_html_for_browsers(live_server: LiveServer) -> None:
    r = get(live_server, "/queries", headers={"Accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert f'href="{FIG1}"' in r.text and f'href="{FIG1}.csv"' in r.text


def test_openapi_has_one_operation_per_saved_query(live_server: LiveServer) -> None:
    doc = get(live_server, "/openapi.json").json()
    assert doc["openapi"].startswith("3.1")
    names = [q.name for q in queries.catalog()]
    for name in names:
        assert "get" in doc["paths"][f"/queries/{name}"], name
    assert len([p for p in doc["paths"] if p.startswith("/queries/")]) == len(names) >= 6
    params = {p["name"]: p for p in doc["paths"][FIG1]["get"]["parameters"]}
    declared = {p.name: p for p in queries.get("figure-1").params}
    assert set(declared) <= set(params)
    assert "unodc" in params["entity"]["schema"]["enum"] and "I" in params["chapter"]["schema"]["enum"]
    for name, p in declared.items():
        if p.default is not None:
            assert "default" in params[name]["schema"], name
    assert params["format"]["schema"]["enum"][:3] == ["json", "csv", "tsv"]


def test_a_parameter_narrows_the_result_as_the_query_does(live_server: LiveServer,
                                                           bundled_store: EmbeddedStore) -> None:
    r = get(live_server, FIG1, params={"entity": "unodc"}, headers={"Accept": "application/json"})
    assert r.status_code == 200, r.text
    rows = r.json()["rows"]
    assert rows and {row["entity"] for row in rows} == {UNODC}
    direct = queries.run(bundled_store, "figure-1", {"entity": "unodc"})
    assert [str(d["participations"]) for d in direct.rows] == [str(row["participations"]) for row in rows]


def test_table_formats_by_extension_and_by_accept(live_server: LiveServer) -> None:
    by_ext = get(live_server, FIG1 + ".csv", params={"entity": "who"})
    by_accept = get(live_server, FIG1, params={"entity": "who"}, headers={"Accept": "text/csv"})
    assert by_ext.headers["content-type"].startswith("text/csv") and by_ext.text == by_accept.text
    rows = list(csv.DictReader(io.StringIO(by_ext.text)))
    assert rows and {r["entityLabel"] for r in rows} == {"WHO"}
    tsv = get(live_server, FIG1 + ".tsv", params={"entity": "who"})
    assert tsv.text.split("\n")[0].startswith("?entity\t") and len(tsv.text.strip().split("\n")) == len(rows) + 1
    forced = get(live_server, FIG1, params={"entity": "who", "format": "csv"}, headers={"Accept": "application/json"})
    assert forced.text == by_ext.text


@pytest.mark.parametrize("params,word", [
    ({"entity": "nobody"}, "entity"),
    ({"chapter": "9"}, "chapter"),
    ({"from": "twenty"}, "from"),
    ({"bogus": "1"}, "bogus"),
])
def test_bad_parameter_values_are_422(live_server: LiveServer, params: dict[str, str], word: str) -> None:
    r = get(live_server, FIG1, params=params)
    assert r.status_code == 422 and word in r.json()["detail"]


def test_unknown_query_and_format(live_server: LiveServer) -> None:
    assert get(live_server, "/queries/no-such-query").status_code == 404
    assert get(live_server, FIG1, headers={"Accept": "application/x-nothing"}).status_code == 406


def test_etag_depends_on_parameters_and_gives_304(live_server: LiveServer) -> None:
    a = get(live_server, FIG1 + ".json", params={"entity": "unodc"})
    b = get(live_server, FIG1 + ".json", params={"entity": "who"})
    assert a.headers["ETag"] != b.headers["ETag"]
    again = get(live_server, FIG1 + ".json", params={"entity": "unodc"}, headers={"If-None-Match": a.headers["ETag"]})
    assert again.status_code == 304
    # The same value written differently is the same request.
    roman = get(live_server, FIG1 + ".json", params={"chapter": "II"})
    arabic = get(live_server, FIG1 + ".json", params={"chapter": "2"})
    assert roman.headers["ETag"] == arabic.headers["ETag"]


def test_chart_spec_and_cube(live_server: LiveServer) -> None:
    if not hasattr(pytest.importorskip("ungass_kg.figures"), "build"):
        pytest.skip("the figures part (ungass_kg.figures.build) is not installed")
    svg = get(live_server, FIG1 + ".svg")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml") and b"<svg" in svg.content
    png = get(live_server, FIG1 + ".png")
    assert png.status_code == 200 and png.content[:8] == b"\x89PNG\r\n\x1a\n"
    spec = get(live_server, FIG1 + ".vl.json")
    assert spec.status_code == 200 and "vega-lite" in json.loads(spec.text).get("$schema", "")
    cube = get(live_server, FIG1 + ".ttl")
    assert cube.status_code == 200
    g = Graph().parse(data=cube.text, format="turtle")
    assert len(g) > 0
