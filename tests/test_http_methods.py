"""HEAD, OPTIONS, CORS preflights, Allow and Last-Modified on every route of a real server."""

from __future__ import annotations

import time
from collections.abc import Iterator
from email.utils import parsedate_to_datetime
from pathlib import Path

import pytest
import requests

from tests.conftest import LiveServer, serving_copy

TOKEN = "methods-token"
ASK = {"query": "ASK {}"}
# GET routes with path parameters, with values that exist in the bundled data.
WITH_PARAMETERS = ["/id/entity/unodc", "/id/entity/", "/queries/figure-1?entity=unodc", "/queries/figure-1.csv",
                   "/ontology.ttl", "/dumps/ungass-kg.ttl"]


@pytest.fixture(scope="module")
def server(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving_copy(bundled_store_path, tmp_path_factory.mktemp("methods"),
                      {"UNGASS_KG_WRITE_TOKEN": TOKEN, "UNGASS_KG_CORS_ORIGINS": "https://yasgui.example"}) as s:
        yield s


def get_paths(server: LiveServer) -> list[str]:
    """Every GET path the API description names without parameters, plus some with."""
    spec = requests.get(server.url + "/openapi.json", timeout=30).json()
    plain = [p for p, ops in spec["paths"].items() if "get" in ops and "{" not in p]
    return sorted(set(plain)) + WITH_PARAMETERS + ["/sparql?query=ASK%7B%7D"]


def test_head_answers_every_get_route_like_get_without_a_body(server: LiveServer) -> None:
    paths = get_paths(server)
    assert "/sparql" in paths and "/catalog" in paths and "/ontology" in paths
    for path in paths:
        got = requests.get(server.url + path, timeout=120)
        head = requests.head(server.url + path, timeout=120)
        assert head.status_code == got.status_code == 200, (path, head.status_code, got.status_code)
        assert head.content == b"", path
        for name in ("content-type", "etag", "last-modified"):
            assert head.headers.get(name) == got.headers.get(name), (path, name)
        if "content-length" in got.headers:
            assert head.headers["content-length"] == got.headers["content-length"], path


def test_options_lists_the_methods_of_the_path(server: LiveServer) -> None:
    r = requests.options(server.url + "/sparql", timeout=30)
    assert r.status_code == 204
    assert r.headers["allow"] == "GET, HEAD, POST, OPTIONS"
    assert requests.options(server.url + "/id/entity/unodc", timeout=30).headers["allow"] == "GET, HEAD, OPTIONS"
    assert requests.options(server.url + "/no/such/path", timeout=30).status_code == 404


def test_405_names_every_method_of_the_path(server: LiveServer) -> None:
    r = requests.put(server.url + "/sparql", data=b"x", timeout=30)
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD, POST, OPTIONS"


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "application/sparql-query",
                                          "application/sparql-update"])
def test_cors_preflight_for_post_then_the_post(server: LiveServer, content_type: str) -> None:
    origin = "https://yasgui.example"
    pre = requests.options(server.url + "/sparql", timeout=30, headers={
        "Origin": origin, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type, authorization"})
    assert pre.status_code == 200, pre.text
    assert "POST" in pre.headers["access-control-allow-methods"]
    assert pre.headers["access-control-allow-origin"] == origin
    allowed = pre.headers["access-control-allow-headers"].lower()
    assert "content-type" in allowed and "authorization" in allowed
    body = {"application/x-www-form-urlencoded": b"query=ASK%20%7B%7D", "application/sparql-query": b"ASK {}",
            "application/sparql-update": b"INSERT DATA { GRAPH <urn:x:cors> { <urn:x:s> <urn:x:p> 1 } }"}
    r = requests.post(server.url + "/sparql", data=body[content_type], timeout=30,
                      headers={"Origin": origin, "Content-Type": content_type})
    assert r.headers["access-control-allow-origin"] == origin
    if content_type == "application/sparql-update":
        assert r.status_code == 401  # the preflight grants no write: the token is still needed
    else:
        assert r.status_code == 200 and "ETag" in r.headers.get("access-control-expose-headers", "")


def test_preflight_from_an_unlisted_origin_is_refused(server: LiveServer) -> None:
    pre = requests.options(server.url + "/sparql", timeout=30, headers={
        "Origin": "https://elsewhere.example", "Access-Control-Request-Method": "POST"})
    assert pre.status_code == 400 and "access-control-allow-origin" not in pre.headers


def test_last_modified_beside_the_etag_follows_writes(server: LiveServer) -> None:
    ep = server.url + "/sparql"
    first = requests.get(ep, params=ASK, timeout=30)
    stamp = parsedate_to_datetime(first.headers["last-modified"])
    assert first.headers["etag"]
    again = requests.get(ep, params=ASK, headers={"If-Modified-Since": first.headers["last-modified"]}, timeout=30)
    assert again.status_code == 304 and again.content == b""
    assert again.headers["etag"] == first.headers["etag"]
    time.sleep(1.1)  # HTTP dates have one-second resolution
    write = requests.post(ep, data=b"INSERT DATA { GRAPH <urn:x:lm> { <urn:x:s> <urn:x:p> 2 } }", timeout=30,
                          headers={"Content-Type": "application/sparql-update", "Authorization": f"Bearer {TOKEN}"})
    assert write.status_code == 200, write.text
    after = requests.get(ep, params=ASK, headers={"If-Modified-Since": first.headers["last-modified"]}, timeout=30)
    assert after.status_code == 200 and after.json()["boolean"] is True
    assert parsedate_to_datetime(after.headers["last-modified"]) > stamp
    page = requests.get(server.url + "/id/entity/unodc", headers={"Accept": "text/turtle"}, timeout=60)
    assert page.headers["etag"] and page.headers.get("last-modified") == after.headers["last-modified"]


def test_the_api_description_declares_head_and_options_as_answered(server: LiveServer) -> None:
    spec = requests.get(server.url + "/openapi.json", timeout=30).json()
    ids = [op["operationId"] for ops in spec["paths"].values() for op in ops.values() if "operationId" in op]
    assert len(ids) == len(set(ids))  # still one ID per operation
    for path, ops in spec["paths"].items():
        assert "options" in ops, path
        if "get" in ops:
            assert "head" in ops and set(ops["head"]["responses"]) == set(ops["get"]["responses"]), path
        if "{" in path:
            continue
        r = requests.options(server.url + path, timeout=30)
        declared = {m.upper() for m in ops if m != "options"} | {"OPTIONS"}
        assert r.status_code == 204 and declared <= set(r.headers["allow"].split(", ")), (path, r.headers)


@pytest.mark.parametrize(("path", "accept"), [("/catalog", "text/turtle"), ("/catalog", "text/html"),
                                              ("/.well-known/void", "text/turtle"), ("/ontology", "text/turtle"),
                                              ("/shapes", "text/html"), ("/dumps/", "text/html")])
def test_descriptions_carry_etag_and_last_modified_and_revalidate(server: LiveServer, path: str, accept: str) -> None:
    first = requests.get(server.url + path, headers={"Accept": accept}, timeout=120)
    assert first.status_code == 200 and first.headers["etag"] and first.headers["last-modified"]
    again = requests.get(server.url + path, headers={"Accept": accept, "If-None-Match": first.headers["etag"]},
                         timeout=60)
    assert again.status_code == 304 and again.content == b""
    since = requests.get(server.url + path, headers={"Accept": accept,
                                                     "If-Modified-Since": first.headers["last-modified"]}, timeout=60)
    assert since.status_code == 304
    other = requests.get(server.url + path, headers={"Accept": "application/n-triples"}, timeout=60)
    if other.status_code == 200 and other.headers["content-type"] != first.headers["content-type"]:
        assert other.headers["etag"] != first.headers["etag"]  # each representation its own validator
