"""Dereferencing /id/ URIs on a real server: content negotiation, headers, base mapping, 404."""

from __future__ import annotations

import re

import pytest
import requests
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from ungass_kg.present import formats
from ungass_kg.present.iris import BaseMap

UNG = "https://w3id.org/ungass-kg/ontology#"
CANONICAL = "https://w3id.org/ungass-kg/"
RDF_TYPES = {
    "text/turtle": "turtle",
    "application/ld+json": "json-ld",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}


def get(url: str, accept: str | None = None, **params: str) -> requests.Response:
    headers = {"Accept": accept} if accept else {}
    return requests.get(url, headers=headers, params=params, timeout=30, allow_redirects=False)


@pytest.mark.parametrize("media_type", list(RDF_TYPES))
def test_each_rdf_type_names_the_entity_by_its_canonical_iri(live_server, media_type: str) -> None:
    r = get(live_server.url + "/id/entity/unodc", media_type)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith(media_type)
    g = Graph().parse(data=r.content, format=RDF_TYPES[media_type])
    me = URIRef(CANONICAL + "id/entity/unodc")
    # One IRI per thing: the RDF names what the SPARQL endpoint and the dumps name, whichever
    # host serves it (a partner who loads both gets one entity, one ontology).
    assert (me, SKOS.prefLabel, Literal("United Nations Office on Drugs and Crime", lang="en")) in g
    assert (me, RDF.type, URIRef(UNG + "MatrixEntity")) in g
    assert "127.0.0.1" not in r.text


def test_html_is_the_default_for_browsers_with_vary_and_alternates(live_server) -> None:
    r = get(live_server.url + "/id/entity/unodc",
            "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "accept" in r.headers["vary"].lower()
    link = r.headers["link"]
    for media_type in RDF_TYPES:
        assert f'type="{media_type}"' in link
    assert '<https://w3id.org/ungass-kg/id/entity/unodc>; rel="canonical"' in link
    assert "United Nations Office on Drugs and Crime" in r.text
    # Links to other resources stay on this server (by path), not at the canonical base.
    hrefs = re.findall(r'href="([^"]+)"', r.text)
    ours = [h for h in hrefs if "/id/" in h]
    assert ours and all(h.startswith("/id/") for h in ours)


def test_no_accept_header_gives_html(live_server) -> None:
    r = requests.get(live_server.url + "/id/chapter/1", headers={"Accept": ""}, timeout=30)
    assert r.headers["content-type"].startswith("text/html")


def test_q_values_are_respected(live_server) -> None:
    r = get(live_server.url + "/id/entity/who", "text/html;q=0.1, application/n-triples;q=0.9")
    assert r.headers["content-type"].startswith("application/n-triples")


@pytest.mark.parametrize(("suffix", "media_type"), [(".ttl", "text/turtle"), (".jsonld", "application/ld+json"),
                                                     (".nt", "application/n-triples"),
                                                     (".rdf", "application/rdf+xml"), (".html", "text/html")])
def test_extension_overrides_accept(live_server, suffix: str, media_type: str) -> None:
    r = get(live_server.url + "/id/entity/who" + suffix, "text/html")
    assert r.status_code == 200 and r.headers["content-type"].startswith(media_type)
    # an extension fixes the format: Vary names no Accept (Accept-Language still applies to HTML)
    assert "accept" not in {v.strip() for v in r.headers.get("vary", "").lower().split(",")}


def test_format_parameter_overrides_accept(live_server) -> None:
    r = get(live_server.url + "/id/entity/who", "text/html", format="turtle")
    assert r.headers["content-type"].startswith("text/turtle")
    Graph().parse(data=r.text, format="turtle")


def test_unknown_resource_is_404_in_html_and_plain(live_server) -> None:
    r = get(live_server.url + "/id/entity/no-such-thing", "text/html")
    assert r.status_code == 404 and "<html" in r.text.lower() and "Not found" in r.text
    r = get(live_server.url + "/id/entity/no-such-thing", "text/turtle")
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/plain")
    r = get(live_server.url + "/id/entity/no-such-thing.ttl")
    assert r.status_code == 404


def test_unacceptable_type_is_406(live_server) -> None:
    r = get(live_server.url + "/id/entity/who", "image/png")
    assert r.status_code == 406


def test_activity_description_closes_blank_nodes_and_labels_its_objects(live_server) -> None:
    r = get(live_server.url + "/id/activity/aircop-2023", "text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    base = CANONICAL.rstrip("/")
    act = URIRef(base + "/id/activity/aircop-2023")
    quantities = list(g.objects(act, URIRef(base + "/ontology#statedQuantity")))
    assert quantities, "the stated quantities are part of the description"
    assert all(g.value(q, RDF.value) is not None for q in quantities)
    lead = g.value(act, URIRef(base + "/ontology#leadEntity"))
    assert lead is not None and g.value(lead, SKOS.prefLabel) is not None
    # The source paragraph is named too, so the quote can be shown without another request.
    sources = list(g.objects(act, URIRef("http://purl.org/dc/terms/source")))
    assert sources and all(str(s).startswith(base + "/id/document/") for s in sources)


def test_entity_description_includes_its_activities(live_server) -> None:
    g = Graph().parse(data=get(live_server.url + "/id/entity/who", "text/turtle").text, format="turtle")
    who = URIRef(CANONICAL + "id/entity/who")
    activities = set(g.subjects(URIRef(UNG + "participant"), who))
    assert len(activities) >= 5


def test_folder_lists_its_resources(live_server) -> None:
    r = get(live_server.url + "/id/entity/")
    assert r.status_code == 200
    assert 'href="/id/entity/unodc"' in r.text
    assert get(live_server.url + "/id/nothing-here/").status_code == 404
    index = get(live_server.url + "/id/")
    assert index.status_code == 200 and 'href="/id/entity/"' in index.text


# --- the pieces, without a server -----------------------------------------------------------
def test_negotiation_rules() -> None:
    assert formats.negotiate(None) is formats.HTML
    assert formats.negotiate("*/*") is formats.HTML
    assert formats.negotiate("application/ld+json") is formats.JSONLD
    assert formats.negotiate("text/turtle;q=0.2, application/rdf+xml;q=0.8") is formats.RDFXML
    assert formats.negotiate("image/png") is None
    assert formats.negotiate("text/*", formats.RDF_REPRESENTATIONS) is formats.TURTLE
    assert formats.split_extension("entity/unodc.ttl") == ("entity/unodc", formats.TURTLE)
    assert formats.split_extension("area/asia.pacific") == ("area/asia.pacific", None)


def test_base_map_moves_only_our_iris() -> None:
    bm = BaseMap.for_public("http://localhost:8000")
    assert bm.to_public("https://w3id.org/ungass-kg/id/entity/who") == "http://localhost:8000/id/entity/who"
    assert bm.to_public("http://www.w3.org/ns/org#member") == "http://www.w3.org/ns/org#member"
    site = BaseMap.for_public("https://example.org/kb/", relative_links=True)
    assert site.href("https://w3id.org/ungass-kg/id/chapter/1") == "/kb/id/chapter/1"
    assert site.to_public("https://w3id.org/ungass-kg/id/chapter/1") == "https://example.org/kb/id/chapter/1"


def test_head_gives_the_headers_of_get(live_server) -> None:
    r = requests.head(live_server.url + "/id/entity/who", headers={"Accept": "text/turtle"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    assert "accept" in r.headers["vary"].lower() and not r.content


def test_etag_lets_clients_revalidate(live_server) -> None:
    first = get(live_server.url + "/id/entity/who", "text/turtle")
    etag = first.headers["etag"]
    again = requests.get(live_server.url + "/id/entity/who", timeout=30,
                         headers={"Accept": "text/turtle", "If-None-Match": etag})
    assert again.status_code == 304 and not again.content
    html = get(live_server.url + "/id/entity/who", "text/html")
    assert html.headers["etag"] != etag  # each representation has its own validator


def test_description_of_an_iri_that_holds_a_variable_name(fresh_store) -> None:
    """The checked IRI is pasted into the query text once: a ``?x`` inside it (a query string)
    stays part of the IRI. It used to be replaced by the IRI again, and the query did not parse."""
    from ungass_kg.present.describe import describe

    iri = CANONICAL + "id/document/report?x=1"
    citing = CANONICAL + "id/entity/unodc"
    fresh_store.update(f'INSERT DATA {{ GRAPH <urn:g> {{ <{iri}> <{SKOS.prefLabel}> "Report" . '
                       f'<{citing}> <http://purl.org/dc/terms/references> <{iri}> . '
                       f'<{citing}> <{SKOS.prefLabel}> "UNODC" . }} }}')
    g = describe(fresh_store, iri)
    me = URIRef(iri)
    assert (me, SKOS.prefLabel, Literal("Report")) in g
    assert (URIRef(citing), URIRef("http://purl.org/dc/terms/references"), me) in g  # the incoming link
    assert (URIRef(citing), SKOS.prefLabel, Literal("UNODC")) in g  # with its subject's label
