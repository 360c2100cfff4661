"""Cases from the W3C SPARQL 1.1 Protocol (and our limits) against a real server on loopback.

The server here runs with small limits (3 s, 50 rows, 64 kB bodies) and a write token so
each limit and each refusal can be seen; it works on its own copy of the bundled store.
"""

from __future__ import annotations

import csv
import io
import json
import threading
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import RDF

from tests.conftest import LiveServer, serving_copy

TOKEN = "protocol-token"
ONTOLOGY = "https://w3id.org/ungass-kg/graph/ontology"
REFERENCE = "https://w3id.org/ungass-kg/graph/reference"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
SRX = "{http://www.w3.org/2005/sparql-results#}"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
HOSTILE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def server(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    env = {"UNGASS_KG_WRITE_TOKEN": TOKEN, "UNGASS_KG_QUERY_TIMEOUT": "3", "UNGASS_KG_MAX_ROWS": "50",
           "UNGASS_KG_MAX_BODY": "65536", "UNGASS_KG_CORS_ORIGINS": "https://partner.example",
           "UNGASS_KG_WORKER_MEMORY_MB": "512"}
    with serving_copy(bundled_store_path, tmp_path_factory.mktemp("protocol"), env) as s:
        yield s


@pytest.fixture(scope="module")
def ep(server: LiveServer) -> str:
    return server.url + "/sparql"


def count(resp: requests.Response) -> int:
    assert resp.status_code == 200, resp.text
    return int(resp.json()["results"]["bindings"][0]["n"]["value"])


# --- query operation: the three ways to send a query (Protocol 2.1.1-2.1.3) -------------------

def test_query_via_get(ep: str) -> None:
    r = requests.get(ep, params={"query": "SELECT ?c WHERE { ?c a <https://w3id.org/ungass-kg/ontology#Chapter> }"},
                     timeout=30)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    chapters = {b["c"]["value"] for b in r.json()["results"]["bindings"]}
    assert "https://w3id.org/ungass-kg/id/chapter/1" in chapters and len(chapters) == 7


def test_query_via_url_encoded_post(ep: str) -> None:
    assert count(requests.post(ep, data={"query": COUNT}, timeout=30)) > 1000


def test_query_via_direct_post(ep: str) -> None:
    r = requests.post(ep, data=COUNT.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert count(r) == count(requests.get(ep, params={"query": COUNT}, timeout=30))


def test_dataset_from_protocol_parameters(ep: str) -> None:
    union = count(requests.get(ep, params={"query": COUNT}, timeout=30))
    onto = count(requests.get(ep, params={"query": COUNT, "default-graph-uri": ONTOLOGY}, timeout=30))
    both = count(requests.get(ep, params={"query": COUNT, "default-graph-uri": [ONTOLOGY, REFERENCE]},
                              timeout=30))
    assert 0 < onto < both < union
    named = requests.post(ep, data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                    "named-graph-uri": REFERENCE}, timeout=30)
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [REFERENCE]


def test_dataset_from_the_query(ep: str) -> None:
    onto = count(requests.get(ep, params={"query": COUNT, "default-graph-uri": ONTOLOGY}, timeout=30))
    r = requests.get(ep, params={"query": f"SELECT (COUNT(*) AS ?n) FROM <{ONTOLOGY}> WHERE {{ ?s ?p ?o }}"},
                     timeout=30)
    assert count(r) == onto


# --- errors the protocol names --------------------------------------------------------------

def test_malformed_query_is_400_with_the_parsers_message(ep: str) -> None:
    r = requests.get(ep, params={"query": "SELECT ?s WHERE { ?s ?p "}, timeout=30)
    assert r.status_code == 400
    assert "malformed query" in r.text and "line 1, column" in r.text  # position from the parser
    assert len(r.text.strip().splitlines()) == 1  # one readable line, not the parser's token list


def test_two_query_parameters_are_400(ep: str) -> None:
    r = requests.get(ep, params=[("query", "ASK {}"), ("query", "ASK {}")], timeout=30)
    assert r.status_code == 400 and "2 'query' parameters" in r.text


def test_update_sent_as_a_query_is_400(ep: str) -> None:
    r = requests.get(ep, params={"query": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, timeout=30)
    assert r.status_code == 400 and "SPARQL Update" in r.text


def test_update_by_get_is_refused(ep: str) -> None:
    r = requests.get(ep, params={"update": "INSERT DATA { <urn:a> <urn:b> <urn:c> }"}, timeout=30)
    assert r.status_code == 400 and "POST" in r.text


def test_unsupported_body_type_is_415(ep: str) -> None:
    r = requests.post(ep, data=b"ASK {}", headers={"Content-Type": "text/plain"}, timeout=30)
    assert r.status_code == 415


def test_unacceptable_type_is_406(ep: str) -> None:
    r = requests.get(ep, params={"query": "ASK {}"}, headers={"Accept": "image/png"}, timeout=30)
    assert r.status_code == 406
    r = requests.get(ep, params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1"},
                     headers={"Accept": "text/csv"}, timeout=30)
    assert r.status_code == 406


def test_body_over_the_limit_is_413(ep: str) -> None:
    big = "ASK {} #" + "x" * 70_000
    r = requests.post(ep, data=big.encode(), headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert r.status_code == 413


# --- content negotiation ----------------------------------------------------------------------

SELECT3 = "SELECT ?c ?label WHERE { ?c a <https://w3id.org/ungass-kg/ontology#Chapter> ; " \
          "<http://www.w3.org/2004/02/skos/core#prefLabel> ?label } ORDER BY ?c LIMIT 3"


def test_select_in_each_results_format(ep: str) -> None:
    js = requests.get(ep, params={"query": SELECT3}, headers={"Accept": "application/sparql-results+json"},
                      timeout=30).json()
    expected = [b["c"]["value"] for b in js["results"]["bindings"]]
    assert len(expected) == 3

    r = requests.get(ep, params={"query": SELECT3}, headers={"Accept": "application/sparql-results+xml"},
                     timeout=30)
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    root = ET.fromstring(r.content)
    assert [u.text for u in root.iter(SRX + "uri")] == expected

    r = requests.get(ep, params={"query": SELECT3}, headers={"Accept": "text/csv"}, timeout=30)
    assert r.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(r.text)))
    assert [row["c"] for row in rows] == expected

    r = requests.get(ep, params={"query": SELECT3}, headers={"Accept": "text/tab-separated-values"}, timeout=30)
    lines = r.text.strip().split("\n")
    assert lines[0] == "?c\t?label" and [ln.split("\t")[0] for ln in lines[1:]] == [f"<{u}>" for u in expected]


def test_format_parameter_overrides_accept(ep: str) -> None:
    r = requests.get(ep, params={"query": SELECT3, "format": "csv"},
                     headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.headers["content-type"].startswith("text/csv")


def test_quality_values_decide(ep: str) -> None:
    r = requests.get(ep, params={"query": "ASK {}"},
                     headers={"Accept": "application/sparql-results+json;q=0.5, application/sparql-results+xml"},
                     timeout=30)
    assert r.headers["content-type"].startswith("application/sparql-results+xml")
    assert ET.fromstring(r.content).find(SRX + "boolean").text == "true"  # type: ignore[union-attr]


@pytest.mark.parametrize("media_type,rdflib_format", [
    ("text/turtle", "turtle"), ("application/ld+json", "json-ld"), ("application/n-triples", "nt"),
    ("application/rdf+xml", "xml"), ("application/trig", "trig"),
])
def test_construct_in_each_rdf_format(ep: str, media_type: str, rdflib_format: str) -> None:
    q = "CONSTRUCT { ?c a <https://w3id.org/ungass-kg/ontology#Chapter> } " \
        "WHERE { ?c a <https://w3id.org/ungass-kg/ontology#Chapter> }"
    r = requests.get(ep, params={"query": q}, headers={"Accept": media_type}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media_type)
    g = Graph()
    g.parse(data=r.content, format=rdflib_format)
    assert URIRef("https://w3id.org/ungass-kg/id/chapter/7") in set(g.subjects(RDF.type, None))
    assert len(g) == 7


# --- service description and the page --------------------------------------------------------

def test_service_description(ep: str) -> None:
    r = requests.get(ep, headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    # Without UNGASS_KG_PUBLIC_URL the endpoint is named from the configured base, not the Host header.
    svc = URIRef("https://w3id.org/ungass-kg/sparql")
    assert (svc, RDF.type, SD.Service) in g
    assert (svc, SD.endpoint, svc) in g
    assert (svc, SD.supportedLanguage, SD.SPARQL11Query) in g
    names = {str(n) for n in g.objects(None, SD.name)}
    assert ONTOLOGY in names and REFERENCE in names


def test_browsers_get_a_query_page(ep: str) -> None:
    r = requests.get(ep, headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "<form" in r.text.lower() or "<textarea" in r.text.lower()


# --- safety -------------------------------------------------------------------------------------

def test_service_is_refused(ep: str) -> None:
    r = requests.get(ep, params={"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"},
                     timeout=30)
    assert r.status_code == 403 and "SERVICE" in r.text


def test_service_inside_a_string_is_not_a_service(ep: str) -> None:
    r = requests.get(ep, params={"query": 'SELECT ?x WHERE { BIND("SERVICE <http://x/>" AS ?x) }'}, timeout=30)
    assert r.status_code == 200


@pytest.mark.parametrize("query,params", [
    ("SELECT * FROM <http://example.org/elsewhere> WHERE { ?s ?p ?o }", {}),
    ("PREFIX ex: <http://example.org/> SELECT * FROM NAMED ex:g WHERE { GRAPH ?g { ?s ?p ?o } }", {}),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"default-graph-uri": "http://example.org/elsewhere"}),
    ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", {"named-graph-uri": "http://example.org/elsewhere"}),
])
def test_graphs_outside_the_store_are_refused(ep: str, query: str, params: dict[str, str]) -> None:
    r = requests.get(ep, params={"query": query, **params}, timeout=30)
    assert r.status_code == 403 and "example.org" in r.text


def test_row_cap_truncates_with_a_flag(ep: str) -> None:
    q = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    r = requests.get(ep, params={"query": q}, timeout=30)
    assert r.headers.get("X-Result-Truncated") == "true" and r.headers.get("X-Result-Max-Rows") == "50"
    body = r.json()
    assert len(body["results"]["bindings"]) == 50 and body["truncated"] is True
    x = requests.get(ep, params={"query": q}, headers={"Accept": "application/sparql-results+xml"}, timeout=30)
    root = ET.fromstring(x.content)
    assert len(root.findall(f"{SRX}results/{SRX}result")) == 50
    assert root.find(f"{SRX}head/{SRX}link") is not None
    c = requests.get(ep, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                     headers={"Accept": "application/n-triples"}, timeout=30)
    assert c.headers.get("X-Result-Truncated") == "true" and len(c.text.strip().split("\n")) == 50
    small = requests.get(ep, params={"query": q + " LIMIT 10"}, timeout=30)
    assert "X-Result-Truncated" not in small.headers and "truncated" not in small.json()


def test_runaway_query_is_stopped_while_others_are_answered(ep: str) -> None:
    events: list[str] = []
    slow: dict[str, object] = {}
    started = threading.Event()

    def run_slow() -> None:
        started.set()
        r = requests.get(ep, params={"query": HOSTILE}, timeout=120)
        slow["status"], slow["text"] = r.status_code, r.text
        events.append("slow")

    t = threading.Thread(target=run_slow)
    t.start()
    started.wait()
    for _ in range(3):
        r = requests.get(ep, params={"query": "ASK {}"}, timeout=60)
        assert r.status_code == 200 and r.json()["boolean"] is True
    events.append("fast")
    t.join()
    assert events == ["fast", "slow"]  # answered while the runaway query was still running
    assert slow["status"] == 503 and "time limit" in str(slow["text"])
    # The stopped worker is replaced: the endpoint keeps answering.
    for _ in range(4):
        assert count(requests.get(ep, params={"query": COUNT}, timeout=60)) > 0


def test_query_that_would_exhaust_memory_dies_alone(ep: str) -> None:
    sort_everything = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"
    r = requests.get(ep, params={"query": sort_everything}, timeout=60)
    assert r.status_code == 503 and "memory" in r.text
    assert requests.get(ep, params={"query": "ASK {}"}, timeout=60).json()["boolean"] is True


# --- caching and CORS ----------------------------------------------------------------------------

def test_etag_and_not_modified(ep: str) -> None:
    h = {"Accept": "application/sparql-results+json"}
    r1 = requests.get(ep, params={"query": SELECT3}, headers=h, timeout=30)
    etag = r1.headers["ETag"]
    r2 = requests.get(ep, params={"query": SELECT3}, headers={**h, "If-None-Match": etag}, timeout=30)
    assert r2.status_code == 304 and r2.content == b""
    other = requests.get(ep, params={"query": SELECT3}, headers={"Accept": "text/csv"}, timeout=30)
    assert other.headers["ETag"] != etag
    stale = requests.get(ep, params={"query": SELECT3}, headers={**h, "If-None-Match": '"old"'}, timeout=30)
    assert stale.status_code == 200 and stale.json() == r1.json()


def test_cors_for_configured_origins(ep: str) -> None:
    ok = requests.get(ep, params={"query": "ASK {}"}, headers={"Origin": "https://partner.example"}, timeout=30)
    assert ok.headers.get("access-control-allow-origin") == "https://partner.example"
    other = requests.get(ep, params={"query": "ASK {}"}, headers={"Origin": "https://other.example"}, timeout=30)
    assert "access-control-allow-origin" not in other.headers


# --- update operation -----------------------------------------------------------------------------

INSERT = "INSERT DATA { GRAPH <https://w3id.org/ungass-kg/graph/test-protocol> { <urn:x:s> <urn:x:p> 'o' } }"
ASK_INSERTED = "ASK { <urn:x:s> <urn:x:p> 'o' }"


def asked(ep: str) -> bool:
    return bool(requests.get(ep, params={"query": ASK_INSERTED}, timeout=30).json()["boolean"])


def test_update_needs_the_token(ep: str) -> None:
    assert requests.post(ep, data={"update": INSERT}, timeout=30).status_code == 401
    wrong = requests.post(ep, data={"update": INSERT}, headers={"Authorization": "Bearer nope"}, timeout=30)
    assert wrong.status_code == 403
    direct = requests.post(ep, data=INSERT.encode(), headers={"Content-Type": "application/sparql-update"},
                           timeout=30)
    assert direct.status_code == 401
    assert not asked(ep)


def test_update_with_the_token_changes_the_store_and_the_etag(ep: str) -> None:
    q = {"query": ASK_INSERTED}
    before = requests.get(ep, params=q, timeout=30)
    r = requests.post(ep, data={"update": INSERT}, headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert r.status_code == 200, r.text
    after = requests.get(ep, params=q, headers={"If-None-Match": before.headers["ETag"]}, timeout=30)
    assert after.status_code == 200 and after.json()["boolean"] is True
    assert after.headers["ETag"] != before.headers["ETag"]
    drop = "DROP GRAPH <https://w3id.org/ungass-kg/graph/test-protocol>"
    r = requests.post(ep, data=drop.encode(), timeout=30,
                      headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200 and not asked(ep)


def test_load_is_refused_even_with_the_token(ep: str) -> None:
    r = requests.post(ep, data={"update": "LOAD <http://127.0.0.1:9/data.ttl>"},
                      headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert r.status_code == 403


def test_query_and_update_together_are_400(ep: str) -> None:
    r = requests.post(ep, data={"query": "ASK {}", "update": INSERT},
                      headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert r.status_code == 400 and not asked(ep)


def test_errors_are_one_line(ep: str) -> None:
    r = requests.get(ep, params={"query": "SELECT * FROM <http://example.org/x> WHERE { ?s ?p ?o }"}, timeout=30)
    assert r.text.count("\n") == 1 and "Traceback" not in r.text
    js = json.loads(requests.get(ep, params={"query": "ASK {}"}, timeout=30).text)
    assert js["boolean"] is True


# --- the update's dataset from the protocol (2.2.3) -------------------------------------------

def _update(ep: str, text: str, params: dict[str, str | list[str]] | None = None) -> requests.Response:
    return requests.post(ep, params=params, data=text.encode(), timeout=30,
                         headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})


def test_using_graph_uri_sets_the_where_dataset_of_each_operation(ep: str) -> None:
    target = "https://w3id.org/ungass-kg/graph/test-using"
    text = (f"INSERT {{ GRAPH <{target}> {{ ?c a <urn:x:SeenInDefault> }} }} "
            f"WHERE {{ ?c a <https://w3id.org/ungass-kg/ontology#Chapter> }} ;\n"
            f"INSERT {{ GRAPH <{target}> {{ ?c a <urn:x:SeenInNamed> }} }} "
            f"WHERE {{ GRAPH ?g {{ ?c a <https://w3id.org/ungass-kg/ontology#Chapter> }} }}")
    # The chapters live in the reference graph: given only as a named graph, the default graph is empty.
    assert _update(ep, text, {"using-named-graph-uri": REFERENCE}).status_code == 200
    seen = "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{}> {{ ?c a <urn:x:{}> }} }}"
    assert count(requests.get(ep, params={"query": seen.format(target, "SeenInDefault")}, timeout=30)) == 0
    named = count(requests.get(ep, params={"query": seen.format(target, "SeenInNamed")}, timeout=30))
    assert named > 0
    # Given as the default graph: the first operation sees them, the GRAPH ?g one sees no named graph.
    assert _update(ep, f"DROP GRAPH <{target}> ;\n" + text, {"using-graph-uri": REFERENCE}).status_code == 200
    assert count(requests.get(ep, params={"query": seen.format(target, "SeenInDefault")}, timeout=30)) == named
    assert count(requests.get(ep, params={"query": seen.format(target, "SeenInNamed")}, timeout=30)) == 0
    assert _update(ep, f"DROP GRAPH <{target}>").status_code == 200


@pytest.mark.parametrize("text", [
    "WITH <urn:x:g> INSERT { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "INSERT { GRAPH <urn:x:g> { ?s ?p ?o } } USING <urn:x:h> WHERE { ?s ?p ?o }",
])
def test_using_graph_uri_with_a_dataset_in_the_update_is_400(ep: str, text: str) -> None:
    r = _update(ep, text, {"using-graph-uri": REFERENCE})
    assert r.status_code == 400 and "using-graph-uri" in r.text


def test_using_graph_uri_must_be_an_iri(ep: str) -> None:
    r = _update(ep, "INSERT { GRAPH <urn:x:g> { ?s ?p ?o } } WHERE { ?s ?p ?o }",
                {"using-graph-uri": "urn:x:a> } ; DROP ALL ; INSERT { <urn:x:b"})
    assert r.status_code == 400 and "not an absolute IRI" in r.text
    assert count(requests.get(ep, params={"query": COUNT}, timeout=30)) > 0


def test_named_graph_uri_alone_leaves_the_default_graph_empty(ep: str) -> None:
    r = requests.get(ep, params={"query": COUNT, "named-graph-uri": REFERENCE}, timeout=30)
    assert count(r) == 0
    r = requests.get(ep, params={"query": f"SELECT (COUNT(*) AS ?n) FROM NAMED <{REFERENCE}> WHERE {{ ?s ?p ?o }}"},
                     timeout=30)
    assert count(r) == 0


def test_relative_iris_in_updates_resolve_against_the_endpoint(ep: str) -> None:
    target = "https://w3id.org/ungass-kg/graph/test-base"
    assert _update(ep, f"INSERT DATA {{ GRAPH <{target}> {{ <s> <p> <o> }} }}").status_code == 200
    r = requests.get(ep, params={"query": f"ASK {{ GRAPH <{target}> {{ <https://w3id.org/ungass-kg/s> "
                                          "<https://w3id.org/ungass-kg/p> <https://w3id.org/ungass-kg/o> } }"},
                     timeout=30)
    assert r.json()["boolean"] is True
    assert _update(ep, f"DROP GRAPH <{target}>").status_code == 200
