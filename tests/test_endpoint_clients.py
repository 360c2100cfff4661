"""Partners' own tools against ``ungass-kg serve``, unchanged: SPARQLWrapper and roqet (rasqal-utils)."""

from __future__ import annotations

import shutil
import subprocess
from xml.dom.minidom import Document

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, Unauthorized

from tests.conftest import LiveServer

CHAPTER = "https://w3id.org/ungass-kg/ontology#Chapter"
CHAPTERS = f"SELECT ?c WHERE {{ ?c a <{CHAPTER}> }} ORDER BY ?c"
EXPECTED = [f"https://w3id.org/ungass-kg/id/chapter/{i}" for i in range(1, 8)]


def wrapper(server: LiveServer, query: str, fmt: str) -> SPARQLWrapper:
    s = SPARQLWrapper(server.url + "/sparql")
    s.setQuery(query)
    s.setReturnFormat(fmt)
    return s


def test_sparqlwrapper_json(live_server: LiveServer) -> None:
    res = wrapper(live_server, CHAPTERS, JSON).query().convert()
    assert isinstance(res, dict)
    assert [b["c"]["value"] for b in res["results"]["bindings"]] == EXPECTED


def test_sparqlwrapper_json_by_post(live_server: LiveServer) -> None:
    s = wrapper(live_server, CHAPTERS, JSON)
    s.setMethod(POST)
    res = s.query().convert()
    assert isinstance(res, dict) and len(res["results"]["bindings"]) == 7


def test_sparqlwrapper_xml(live_server: LiveServer) -> None:
    doc = wrapper(live_server, CHAPTERS, XML).query().convert()
    assert isinstance(doc, Document)
    assert [u.firstChild.data for u in doc.getElementsByTagName("uri")] == EXPECTED


def test_sparqlwrapper_csv(live_server: LiveServer) -> None:
    data = wrapper(live_server, CHAPTERS, CSV).query().convert()
    assert isinstance(data, bytes)
    lines = data.decode().strip().splitlines()
    assert lines[0] == "c" and lines[1:] == EXPECTED


def test_sparqlwrapper_construct_as_turtle(live_server: LiveServer) -> None:
    q = f"CONSTRUCT {{ ?c a <{CHAPTER}> }} WHERE {{ ?c a <{CHAPTER}> }}"
    data = wrapper(live_server, q, TURTLE).query().convert()
    g = Graph().parse(data=data, format="turtle")
    assert sorted(str(s) for s in g.subjects(RDF.type, URIRef(CHAPTER))) == EXPECTED


def test_sparqlwrapper_sees_errors_as_its_own_exceptions(live_server: LiveServer) -> None:
    with pytest.raises(QueryBadFormed):
        wrapper(live_server, "SELECT ?s WHERE { ?s ", JSON).query()
    s = SPARQLWrapper(live_server.url + "/sparql")
    s.setMethod(POST)
    s.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")  # an update (sent as update=), without the token
    with pytest.raises(Unauthorized):
        s.query()


roqet = shutil.which("roqet")


@pytest.mark.skipif(roqet is None, reason="roqet not installed (Debian package rasqal-utils)")
def test_roqet_as_an_outside_client(live_server: LiveServer) -> None:
    out = subprocess.run(
        [roqet or "roqet", "-q", "-r", "csv", "-p", live_server.url + "/sparql", "-e", CHAPTERS],
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert out.returncode == 0, out.stderr
    rows = [ln.strip() for ln in out.stdout.strip().splitlines()]
    assert rows[0] == "c" and rows[1:] == EXPECTED


@pytest.mark.skipif(roqet is None, reason="roqet not installed (Debian package rasqal-utils)")
def test_roqet_gets_an_error_status_for_a_refused_query(live_server: LiveServer) -> None:
    q = "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"
    out = subprocess.run([roqet or "roqet", "-p", live_server.url + "/sparql", "-e", q],
                         capture_output=True, text=True, timeout=60, check=False)
    assert "403" in out.stderr
