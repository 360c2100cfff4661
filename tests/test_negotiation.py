"""One negotiator for every route: RFC 9110 q-values, specificity and q=0 exclusions."""

from __future__ import annotations

import pytest
import requests

from ungass_kg.present import formats, media, negotiation

from .conftest import LiveServer

REFUSES_HTML = "text/html;q=0, */*;q=0.9"


@pytest.mark.parametrize(("accept", "expected"), [
    (None, formats.HTML),
    ("*/*", formats.HTML),  # browsers send */* too: HTML wins the tie
    ("text/*", formats.HTML),
    (REFUSES_HTML, formats.TURTLE),  # q=0 excludes HTML even though */* would take it
    ("text/html;q=0, text/*;q=0.5", formats.TURTLE),
    ("application/ld+json;q=0.5, text/turtle;q=0.8", formats.TURTLE),
    ("application/json", formats.JSONLD),
    ("text/plain", formats.NTRIPLES),
    ("application/xhtml+xml", formats.HTML),
    ("text/turtle;q=0, application/*;q=0.1", formats.JSONLD),
    ("image/png", None),
    ("*/*;q=0", None),
])
def test_representation_negotiation(accept: str | None, expected: formats.Representation | None) -> None:
    assert formats.negotiate(accept) is expected


def test_format_and_extension_override_accept() -> None:
    assert formats.choose("ttl", None, "text/html") is formats.TURTLE
    assert formats.choose(None, formats.RDFXML, "text/turtle") is formats.RDFXML
    assert formats.choose("yaml", None, "*/*") is None
    assert formats.by_extension("htm") is None and formats.by_key("htm") is formats.HTML


def test_406_names_every_offered_type() -> None:
    text = formats.not_acceptable()
    assert all(r.media_type in text for r in formats.REPRESENTATIONS)
    assert negotiation.not_acceptable(media.RESULT_TYPES).endswith(", ".join(media.RESULT_TYPES))


@pytest.mark.parametrize("path", ["/id/entity/unodc", "/id/chapter/1", "/ontology", "/shapes", "/catalog",
                                  "/sparql?query=ASK%7B%7D", "/sparql", "/queries/figure-1"])
def test_every_route_honours_q0_for_html(live_server: LiveServer, path: str) -> None:
    r = requests.get(live_server.url + path, headers={"Accept": REFUSES_HTML}, timeout=60)
    assert r.status_code == 200, r.text
    assert not r.headers["content-type"].startswith("text/html")


@pytest.mark.parametrize("path", ["/id/entity/unodc", "/ontology", "/catalog"])
def test_406_lists_the_offered_types(live_server: LiveServer, path: str) -> None:
    r = requests.get(live_server.url + path, headers={"Accept": "image/png"}, timeout=60)
    assert r.status_code == 406
    assert "offered: " in r.text and "text/turtle" in r.text


def test_conditional_get_on_a_resource_honours_weak_tags_and_star(live_server: LiveServer) -> None:
    url = live_server.url + "/id/entity/unodc"
    etag = requests.get(url, headers={"Accept": "text/turtle"}, timeout=60).headers["ETag"]
    for tag in (etag, "W/" + etag, "*", f'"other", {etag}'):
        r = requests.get(url, headers={"Accept": "text/turtle", "If-None-Match": tag}, timeout=60)
        assert r.status_code == 304, tag
    assert requests.get(url, headers={"Accept": "text/turtle", "If-None-Match": '"other"'},
                        timeout=60).status_code == 200
