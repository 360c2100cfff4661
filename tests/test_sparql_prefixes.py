"""/sparql predeclares the documented prefixes; an undeclared one is named with its position."""

from __future__ import annotations

import pytest
import requests
from rdflib import Graph, Literal, URIRef

from tests.conftest import LiveServer
from ungass_kg.errors import QueryError
from ungass_kg.namespaces import PREFIXES
from ungass_kg.sparql_prefixes import predeclare

README_QUERY = """SELECT ?chapter (COUNT(?a) AS ?activities)
    WHERE { ?a a ung:Activity ; ung:chapter/skos:prefLabel ?chapter }
    GROUP BY ?chapter ORDER BY DESC(?activities)"""


def test_only_missing_prefixes_are_added() -> None:
    q = "PREFIX ung: <http://example.org/own#> SELECT * WHERE { ?s ung:p ?o ; skos:prefLabel ?l }"
    out = predeclare(q)
    assert out.endswith(q) and "PREFIX skos:" in out and out.count("PREFIX ung:") == 1
    plain = "SELECT * WHERE { ?s <http://a/b> 'x:y' . _:b <http://a/c> ?o }"
    assert predeclare(plain) == plain  # strings, IRIs and blank nodes are no prefixed names


def test_unknown_prefix_is_named_with_line_and_column() -> None:
    with pytest.raises(QueryError, match=r"unknown prefix 'skoss:' at line 2, column 8"):
        predeclare("SELECT * WHERE {\n  ?s a skoss:Concept }")


def test_syntax_errors_point_into_the_users_own_text() -> None:
    q = "SELECT * WHERE { ?s a ung:Activity }}"
    with pytest.raises(QueryError, match=r"line 1, column (\d+)") as err:
        predeclare(q)
    column = int(err.value.message.rsplit("column ", 1)[1].split(":")[0])
    assert 35 <= column <= len(q) + 1  # not shifted by the declarations put in front


def test_readme_query_runs_unchanged(live_server: LiveServer) -> None:
    r = requests.get(live_server.url + "/sparql", params={"query": README_QUERY},
                     headers={"Accept": "application/sparql-results+json"}, timeout=30)
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    assert len(rows) == 7 and rows[0]["chapter"]["value"] == "Demand reduction"
    assert rows[0]["activities"]["value"] == "20"


def test_undeclared_prefix_is_a_400_naming_it(live_server: LiveServer) -> None:
    r = requests.get(live_server.url + "/sparql", params={"query": "SELECT * WHERE { ?s foo:bar ?o }"}, timeout=30)
    assert r.status_code == 400 and "unknown prefix 'foo:'" in r.text and "column 21" in r.text


def test_service_description_lists_the_prefixes(live_server: LiveServer) -> None:
    r = requests.get(live_server.url + "/sparql", headers={"Accept": "text/turtle"}, timeout=30)
    g = Graph().parse(data=r.text, format="turtle")
    sh = "http://www.w3.org/ns/shacl#"
    declared = {str(g.value(d, URIRef(sh + "prefix"))): str(g.value(d, URIRef(sh + "namespace")))
                for d in g.objects(None, URIRef(sh + "declare"))}
    assert declared == PREFIXES
    assert Literal("ung") in set(g.objects(None, URIRef(sh + "prefix")))
