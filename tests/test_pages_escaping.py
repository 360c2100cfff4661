"""A label holding ``<script>`` is shown as text on every page type, never run as markup.

The labels are loaded into a copy of the bundled store behind a real server; each page type
is fetched and must contain the escaped text and no script element other than our own.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, SKOS, XSD

from tests.browser import launched
from tests.conftest import LiveServer, start_server, stop_server
from ungass_kg.store import EmbeddedStore

ID = Namespace("https://w3id.org/ungass-kg/id/")
UNG = Namespace("https://w3id.org/ungass-kg/ontology#")
EVIL = "<script>alert('{}')</script>"
BROWSER = "text/html,application/xhtml+xml,*/*;q=0.8"


def evil_graph() -> Graph:
    g = Graph()
    ent, act, prog, mand = ID["entity/xss"], ID["activity/xss"], ID["programme/xss"], ID["mandate/xss"]
    mech, area, para = ID["mechanism/xss"], ID["area/xss"], ID["document/xss/para/1"]
    for node, cls, kind in ((ent, UNG.MatrixEntity, "entity"), (prog, UNG.Programme, "programme"),
                            (mand, UNG.Mandate, "mandate"), (mech, UNG.CoordinationMechanism, "mechanism"),
                            (area, UNG.Country, "area")):
        g.add((node, RDF.type, cls))
        g.add((node, SKOS.prefLabel, Literal(EVIL.format(kind), lang="en")))
    g.add((ent, UNG.acronym, Literal(EVIL.format("acronym"))))
    g.add((ent, URIRef("http://www.w3.org/2000/01/rdf-schema#seeAlso"), URIRef("javascript:alert(1)")))
    g.add((act, RDF.type, UNG.Activity))
    g.add((act, DCTERMS.title, Literal(EVIL.format("activity"))))
    g.add((act, DCTERMS.description, Literal('"><img src=x onerror=alert(1)>')))
    g.add((act, UNG.chapter, ID["chapter/1"]))
    g.add((act, UNG.leadEntity, ent))
    for e in (ent, ID["entity/unodc"]):
        g.add((act, UNG.participant, e))
    g.add((act, UNG.reach, ID["reach/country"]))
    g.add((act, UNG.area, area))
    g.add((act, UNG.programme, prog))
    g.add((act, UNG.reportingYear, Literal(2023, datatype=XSD.integer)))
    g.add((act, DCTERMS.source, para))
    q = BNode()
    g.add((act, UNG.statedQuantity, q))
    g.add((q, RDF.value, Literal(5, datatype=XSD.integer)))
    g.add((q, UNG.qualifier, Literal(EVIL.format("qualifier"))))
    g.add((prog, UNG.mandate, mand))
    g.add((prog, UNG.leadEntity, ent))
    g.add((para, RDF.type, UNG.Paragraph))
    g.add((para, RDF.value, Literal(EVIL.format("paragraph"))))
    ms = ID["membership/xss/xss"]
    g.add((ms, RDF.type, ORG.Membership))
    g.add((ms, ORG.member, ent))
    g.add((ms, ORG.organization, mech))
    g.add((ms, ORG.role, ID["role/member"]))
    g.add((mech, ORG.hasMembership, ms))
    return g


@pytest.fixture(scope="module")
def evil_server(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    base = tmp_path_factory.mktemp("evil")
    shutil.copytree(bundled_store_path, base / "store")
    store = EmbeddedStore(base / "store")
    store.apply({"https://w3id.org/ungass-kg/graph/test-xss": evil_graph()})
    store.close()
    server = start_server(base / "store", base / "server.log")
    yield server
    stop_server(server)


PAGES = {  # page -> the labels it must show (escaped)
    "/": [],
    "/id/entity/xss": ["entity", "activity", "mechanism", "programme"],
    "/id/activity/xss": ["activity", "entity", "programme", "area", "paragraph", "qualifier"],
    "/id/chapter/1": ["activity"],
    "/id/programme/xss": ["programme", "mandate", "activity"],
    "/id/mandate/xss": ["mandate", "programme"],
    "/id/mechanism/xss": ["mechanism", "acronym"],
    "/id/area/xss": ["area", "activity"],
    "/id/document/xss/para/1": ["paragraph"],
    "/id/entity/": ["entity"],
    "/id/activity/": ["activity"],
    "/id/entity/unodc": ["activity", "acronym"],
    "/figures/": [],
    "/figures/figure-1": ["acronym"],
    "/validate": [],
    "/sparql": [],
    "/ontology": [],
    "/shapes": [],
    "/catalog": [],
    "/dumps/": [],
}
OUR_SCRIPT = re.compile(r'<script src="[^"]*/static/query\.js"></script>')  # by path or public URL
# the scripts' words (JSON from the catalogs, escaped by tojson): no "<" may get inside it
OUR_TEXTS = re.compile(r'<script type="application/json" id="(?:query|search)-text">[^<]*</script>')


@pytest.mark.parametrize("path", list(PAGES))
def test_script_in_labels_is_shown_as_text(evil_server: LiveServer, path: str) -> None:
    r = requests.get(evil_server.url + path, headers={"Accept": BROWSER}, timeout=60)
    assert r.status_code == 200, r.text[:300]
    body = OUR_TEXTS.sub("", OUR_SCRIPT.sub("", r.text))
    assert "<script" not in body.lower()
    assert "<img src=x" not in body
    assert 'href="javascript:' not in body
    for kind in PAGES[path]:
        assert f"&lt;script&gt;alert(&#39;{kind}&#39;)&lt;/script&gt;" in body or \
            f"&lt;script&gt;alert(&#39;{kind}&#39;)" in body, kind


def test_not_found_page_escapes_the_address(evil_server: LiveServer) -> None:
    r = requests.get(evil_server.url + "/id/entity/%3Cscript%3Ealert(1)%3C%2Fscript%3E",
                     headers={"Accept": BROWSER}, timeout=30)
    assert r.status_code == 404
    assert "<script>alert(1)" not in r.text and "&lt;script&gt;alert(1)" in r.text


@pytest.mark.browser
def test_in_a_browser_the_label_is_text_and_no_script_runs(evil_server: LiveServer) -> None:
    with launched() as b:
        for path in ("/id/activity/xss", "/id/entity/xss", "/figures/figure-1"):
            mark = len(b.events)
            b.goto(evil_server.url + path)
            assert not [e for e in b.events[mark:] if e.get("method") == "Page.javascriptDialogOpening"]
            assert "<script>alert(" in b.text()  # shown, as text
            assert b.evaluate("document.scripts.length") <= 1  # only our own query.js, if any
