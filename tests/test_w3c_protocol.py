"""The W3C SPARQL 1.1 Protocol test manifest (w3c/rdf-tests ``sparql/sparql11/protocol``), one
test per entry, against a real server on loopback.

The suite is not copied into the project: it is read from the folder ``tests/w3c_suites.py``
finds (``UNGASS_KG_CONFORMANCE``, holding ``sparql11-protocol/``, or ``../shared/conformance``
beside the checkout). Where that folder exists, or when ``CI`` is set, a missing manifest fails
the run instead of skipping.

Each entry's requests are sent as the manifest writes them (method, path, headers, body in its
character encoding) to ``/sparql`` with the write token; the status class, the result format
and the boolean are checked as the manifest states them, and every 2xx body is parsed in its
media type. Before each entry the dataset is reset to the manifest's graphs (``data1.nt`` ...
under their ``http://kasei.us/...`` names) plus ``data0.rdf``, which the manifest names as a
default graph without shipping it: the endpoint refuses graphs it does not hold (403), so the
dataset parameters are exercised on graphs that exist.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection
from rdflib.term import Node

from tests.conftest import LiveServer, start_server, stop_server
from tests.w3c_suites import conformance_dir, must_run
from ungass_kg.store import EmbeddedStore

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
TOKEN = "w3c-protocol-token"
DATA0 = "http://kasei.us/2009/09/sparql/data/data0.rdf"

RESULT_TYPES = {"boolean": {"application/sparql-results+json", "application/sparql-results+xml"},
                "tabular": {"application/sparql-results+json", "application/sparql-results+xml", "text/csv",
                            "text/tab-separated-values"},
                "RDF": {"text/turtle", "application/ld+json", "application/n-triples", "application/rdf+xml",
                        "application/trig"}}
RDFLIB_FORMATS = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
                  "application/rdf+xml": "xml", "application/trig": "trig"}


def _manifest() -> tuple[Graph, list[Node]] | None:
    folder = conformance_dir()
    path = folder / "sparql11-protocol" / "manifest.ttl" if folder else None
    if path is None or not path.is_file():
        return None
    g = Graph().parse(path, format="turtle")
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    return g, list(Collection(g, g.value(manifest, MF.entries)))


MANIFEST = _manifest()
ENTRIES = MANIFEST[1] if MANIFEST else []


def _name(entry: Node) -> str:
    return str(entry).rsplit("#", 1)[-1]


def test_the_manifest_is_there_when_it_must_be() -> None:
    """In CI, or where the shared suites exist, the protocol suite runs: it is never skipped."""
    if MANIFEST is None:
        if must_run():
            pytest.fail("the W3C SPARQL 1.1 Protocol manifest is missing: set UNGASS_KG_CONFORMANCE to the "
                        "folder holding sparql11-protocol/ (or lay ../shared/conformance beside the checkout)")
        pytest.skip("no W3C conformance suites on this machine (set UNGASS_KG_CONFORMANCE)")
    assert len(ENTRIES) == 34


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    base = tmp_path_factory.mktemp("w3c-protocol")
    store = EmbeddedStore(base / "store")
    store.apply({DATA0: b"<http://example.org/s0> <http://example.org/p0> \"0\" .\n"})  # not empty: no bootstrap
    store.close()
    s = start_server(base / "store", base / "server.log", {"UNGASS_KG_WRITE_TOKEN": TOKEN})
    yield s
    stop_server(s)


def _reset_update() -> str:
    """DROP ALL, then the manifest's graphs and data0.rdf, as one update."""
    assert MANIFEST is not None
    g, _ = MANIFEST
    graphs: dict[str, str] = {DATA0: "<http://example.org/s0> <http://example.org/p0> \"0\" ."}
    for data in g.objects(None, UT.graphData):
        file, label = g.value(data, UT.graph), g.value(data, RDFS.label)
        graphs[str(label)] = Path(str(file).removeprefix("file://")).read_text(encoding="utf-8")
    parts = ["DROP ALL"] + [f"INSERT DATA {{ GRAPH <{name}> {{\n{nt}\n}} }}" for name, nt in sorted(graphs.items())]
    return " ;\n".join(parts)


def _send(ep: str, g: Graph, request: Node) -> requests.Response:
    path = str(g.value(request, HT.absolutePath))
    # The manifest's service lives at /sparql/; ours at /sparql (same query string).
    url = ep + path[len("/sparql/"):] if path.startswith("/sparql/") else ep + path.removeprefix("/sparql")
    headers = {"Authorization": f"Bearer {TOKEN}"}
    header_list = g.value(request, HT.headers)
    if header_list is not None:
        for h in Collection(g, header_list):
            headers[str(g.value(h, HT.fieldName))] = str(g.value(h, HT.fieldValue))
    body = None
    content = g.value(request, HT.body)
    if content is not None:
        encoding = str(g.value(content, CNT.characterEncoding) or "UTF-8")
        body = str(g.value(content, CNT.chars)).encode(encoding.lower())
    return requests.request(str(g.value(request, HT.methodName)), url, data=body, headers=headers, timeout=60)


def _boolean(r: requests.Response, media_type: str) -> bool | None:
    if media_type == "application/sparql-results+json":
        value: Any = r.json().get("boolean")
        return value if isinstance(value, bool) else None
    root = ET.fromstring(r.content)
    for el in root.iter("{http://www.w3.org/2005/sparql-results#}boolean"):
        return (el.text or "").strip() == "true"
    return None


def _parses(r: requests.Response, media_type: str) -> None:
    """A 2xx body is well-formed in the type it claims."""
    if media_type in RDFLIB_FORMATS:
        Graph().parse(data=r.content, format=RDFLIB_FORMATS[media_type])
    elif media_type == "application/sparql-results+json":
        doc = json.loads(r.content)
        assert "head" in doc and ("boolean" in doc or "results" in doc)
    elif media_type == "application/sparql-results+xml":
        assert ET.fromstring(r.content).tag == "{http://www.w3.org/2005/sparql-results#}sparql"


@pytest.mark.parametrize("entry", ENTRIES, ids=[_name(e) for e in ENTRIES])
def test_w3c_protocol(server: LiveServer, entry: Node) -> None:
    assert MANIFEST is not None
    g, _ = MANIFEST
    ep = server.url + "/sparql"
    reset = requests.post(ep, data=_reset_update().encode(), timeout=60,
                          headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert reset.status_code == 200, reset.text
    requests_list = list(Collection(g, g.value(g.value(entry, MF.action), HT.requests)))
    for i, request in enumerate(requests_list, 1):
        r = _send(ep, g, request)
        step = f"{_name(entry)} request {i}: {r.status_code} {r.headers.get('content-type')} {r.text[:200]!r}"
        expected = g.value(request, HT.resp)
        classes = {str(s).rsplit("#StatusCode", 1)[-1] for s in g.objects(expected, MF.expectedStatus)}
        assert f"{str(r.status_code)[0]}xx" in classes, f"expected {sorted(classes)}; {step}"
        media_type = r.headers.get("content-type", "").split(";")[0].strip()
        fmt = g.value(expected, MF.expectedFormat)
        if fmt is not None:
            assert media_type in RESULT_TYPES[str(fmt)], f"format {fmt}; {step}"
        if 200 <= r.status_code < 300 and r.content:
            _parses(r, media_type)
        boolean = g.value(expected, MF.expectedBoolean)
        if boolean is not None:
            assert _boolean(r, media_type) is boolean.toPython(), step


def test_relative_iris_resolve_against_the_endpoint(server: LiveServer) -> None:
    """The base IRI of a query is the endpoint's own URL: the public URL when configured, else the
    configured base (``https://w3id.org/ungass-kg/sparql``), never the Host the client sent."""
    r = requests.post(server.url + "/sparql", data=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
                      headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples",
                               "Host": "evil.example"}, timeout=30)
    assert r.status_code == 200, r.text
    assert r.text.strip() == ('<https://w3id.org/ungass-kg/s> <https://w3id.org/ungass-kg/p> '
                              '"1"^^<http://www.w3.org/2001/XMLSchema#integer> .')
