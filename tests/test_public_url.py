"""The public URL setting: absolute links come from UNGASS_KG_PUBLIC_URL (or, only when trusted,
from X-Forwarded-*), never from the Host header a client sends; RDF keeps the canonical IRIs."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import DCAT, RDF

from tests.conftest import LiveServer, serving_copy

CANONICAL = "https://w3id.org/ungass-kg/"
PUBLIC = "https://kg.example.org/ungass/"
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")
EVIL = {"Host": "evil.example", "X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"}
# Every document that writes absolute URLs, in the type that carries them.
DOCUMENTS = [("/sparql", "text/turtle"), ("/catalog", "text/turtle"), ("/.well-known/void", "text/turtle"),
             ("/id/entity/unodc", "text/turtle"), ("/id/entity/unodc", "text/html"), ("/", "text/html"),
             ("/sparql", "text/html"), ("/ontology", "text/turtle"), ("/dumps/", "text/html")]


def _server(bundled: Path, tmp: pytest.TempPathFactory, env: dict[str, str]) -> Iterator[LiveServer]:
    with serving_copy(bundled, tmp.mktemp("public-url"), env) as s:
        yield s


@pytest.fixture(scope="module")
def public(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    yield from _server(bundled_store_path, tmp_path_factory, {"UNGASS_KG_PUBLIC_URL": PUBLIC.rstrip("/")})


@pytest.fixture(scope="module")
def proxied(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    yield from _server(bundled_store_path, tmp_path_factory, {"UNGASS_KG_TRUST_FORWARDED": "true"})


@pytest.mark.parametrize(("path", "accept"), DOCUMENTS)
def test_the_host_header_is_never_reflected(live_server: LiveServer, path: str, accept: str) -> None:
    r = requests.get(live_server.url + path, headers={**EVIL, "Accept": accept}, timeout=60)
    assert r.status_code == 200, r.text[:200]
    assert "evil.example" not in r.text and "evil.example" not in r.headers.get("link", "")


def test_with_a_public_url_absolute_links_use_it(public: LiveServer) -> None:
    sd = Graph().parse(data=requests.get(public.url + "/sparql", headers={**EVIL, "Accept": "text/turtle"},
                                         timeout=30).text, format="turtle")
    assert (URIRef(PUBLIC + "sparql"), SD.endpoint, URIRef(PUBLIC + "sparql")) in sd
    cat = Graph().parse(data=requests.get(public.url + "/catalog", headers={"Accept": "text/turtle"},
                                          timeout=60).text, format="turtle")
    downloads = {str(u) for u in cat.objects(None, DCAT.downloadURL)}
    assert downloads and all(u.startswith(PUBLIC + "dumps/") for u in downloads)
    assert set(cat.objects(None, DCAT.endpointURL)) == {URIRef(PUBLIC + "sparql")}
    # The things described keep their canonical IRIs.
    assert (URIRef(CANONICAL + "catalog"), RDF.type, DCAT.Catalog) in cat
    void = Graph().parse(data=requests.get(public.url + "/.well-known/void", timeout=60).text, format="turtle")
    assert all(str(u).startswith(PUBLIC + "dumps/") for u in void.objects(None, VOID.dataDump))
    page = requests.get(public.url + "/id/entity/unodc", headers={"Accept": "text/html"}, timeout=30).text
    links = re.findall(r'href="([^"]+)"', page)
    ours = [h for h in links if "/id/" in h]
    assert ours and all(h.startswith(PUBLIC + "id/") for h in ours)
    # Relative IRIs in queries resolve against the public endpoint.
    r = requests.post(public.url + "/sparql", data=b"CONSTRUCT { <s> <p> 1 } WHERE {}", timeout=30,
                      headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert r.text.startswith(f"<{PUBLIC}s> <{PUBLIC}p> ")


def test_forwarded_headers_count_only_when_trusted(live_server: LiveServer, proxied: LiveServer) -> None:
    forwarded = {"X-Forwarded-Host": "proxy.example:8443", "X-Forwarded-Proto": "https",
                 "X-Forwarded-Prefix": "/kb", "Accept": "text/turtle"}
    sd = Graph().parse(data=requests.get(proxied.url + "/sparql", headers=forwarded, timeout=30).text,
                       format="turtle")
    assert (URIRef("https://proxy.example:8443/kb/sparql"), SD.endpoint,
            URIRef("https://proxy.example:8443/kb/sparql")) in sd
    untrusted = requests.get(live_server.url + "/sparql", headers=forwarded, timeout=30).text
    assert "proxy.example" not in untrusted and f"<{CANONICAL}sparql>" in untrusted
    # A forwarded host that is no host name is ignored, not written into answers.
    junk = {**forwarded, "X-Forwarded-Host": 'x"><script>'}
    body = requests.get(proxied.url + "/sparql", headers=junk, timeout=30).text
    assert "<script>" not in body and f"<{CANONICAL}sparql>" in body
