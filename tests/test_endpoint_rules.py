"""The endpoint's decision rules on their own: negotiation, what a query names, the answer cache."""

from __future__ import annotations

import pytest

from ungass_kg.present.negotiation import GRAPH_TYPES, RESULT_TYPES, choose, from_format
from ungass_kg.web.caching import AnswerCache, CachedAnswer, make_etag
from ungass_kg.web.security import read_dataset


@pytest.mark.parametrize("accept,offers,expected", [
    (None, RESULT_TYPES, "application/sparql-results+json"),
    ("*/*", GRAPH_TYPES, "text/turtle"),
    ("text/csv;q=0.4, application/sparql-results+xml;q=0.9", RESULT_TYPES, "application/sparql-results+xml"),
    ("text/*", RESULT_TYPES, "text/csv"),
    ("application/json", GRAPH_TYPES, "application/ld+json"),
    ("application/xml", RESULT_TYPES, "application/sparql-results+xml"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", RESULT_TYPES,
     "application/sparql-results+xml"),
    ("text/turtle;q=0, */*", GRAPH_TYPES, "application/ld+json"),
    ("image/png", RESULT_TYPES, None),
    ("text/csv;q=0", RESULT_TYPES, None),
])
def test_choose(accept: str | None, offers: tuple[str, ...], expected: str | None) -> None:
    assert choose(offers, accept) == expected


def test_format_names_depend_on_the_query_kind() -> None:
    assert from_format(["json"], graph=False) == "application/sparql-results+json"
    assert from_format(["json"], graph=True) == "application/ld+json"
    assert from_format(["xml"], graph=True) == "application/rdf+xml"
    assert from_format(["tsv", "text/tab-separated-values"], graph=False) == "text/tab-separated-values"
    assert from_format(["csv"], graph=True) is None


def test_dataset_clauses_are_resolved() -> None:
    q = """BASE <http://example.org/base/>
    PREFIX ex: <http://example.org/ns#>
    SELECT * FROM ex:one FROM <two> FROM NAMED <http://example.org/three>
    WHERE { ?s ?p "FROM <http://nowhere/>" } # FROM <http://comment/>"""
    ds = read_dataset(q)
    assert ds.default == ["http://example.org/ns#one", "http://example.org/base/two"]
    assert ds.named == ["http://example.org/three"] and not ds.service


@pytest.mark.parametrize("query,service", [
    ("SELECT * WHERE { SERVICE <http://x/sparql> { ?s ?p ?o } }", True),
    ("select * where { service silent <http://x/sparql> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { ?s ?p 'SERVICE <http://x/>' }", False),
    ("SELECT ?service WHERE { ?s <http://x/SERVICE> ?service } # SERVICE", False),
    ("PREFIX ex: <http://x/> SELECT * WHERE { ?s ex:SERVICE ?o }", False),
])
def test_service_is_found_only_as_a_keyword(query: str, service: bool) -> None:
    assert read_dataset(query).service is service


def test_cache_is_bounded() -> None:
    cache = AnswerCache(max_entries=3, max_entry_bytes=10, max_total_bytes=24)
    for i in range(4):
        cache.put(f"e{i}", CachedAnswer(b"x" * 8, "text/plain"))
    assert cache.get("e0") is None and cache.get("e3") is not None  # oldest dropped (3 x 8 <= 24)
    cache.put("big", CachedAnswer(b"x" * 11, "text/plain"))
    assert cache.get("big") is None  # over the per-entry limit
    cache.put("e4", CachedAnswer(b"x" * 9, "text/plain"))
    assert cache.get("e1") is None and cache.get("e2") is None  # bytes stay within 24


def test_etag_changes_with_version_and_request() -> None:
    a = make_etag("v1", "q", "application/json")
    assert a == make_etag("v1", "q", "application/json")
    assert a != make_etag("v2", "q", "application/json") and a != make_etag("v1", "q", "text/csv")
