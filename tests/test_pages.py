"""Pages for people on a real server: what each page shows, and basic accessible markup."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
import requests
from rdflib import RDF, Graph, URIRef
from rdflib.namespace import OWL, SH

from ungass_kg import queries

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


class Outline(HTMLParser):
    """Collects what accessibility checks need: lang, landmarks, headings, images, inputs, labels."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [a for t, a in self.tags if t == tag]


def page(url: str, path: str) -> str:
    r = requests.get(url + path, headers={"Accept": BROWSER}, timeout=60)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    assert r.headers["content-type"].startswith("text/html")
    return r.text


def check_accessible(body: str) -> None:
    o = Outline()
    o.feed(body)
    assert o.all("html")[0].get("lang") == "en"
    assert len(o.all("main")) == 1 and o.all("nav")
    assert len(o.all("h1")) == 1
    assert any(m.get("name") == "viewport" for m in o.all("meta"))  # usable on a phone
    assert all(img.get("alt") for img in o.all("img"))
    labelled = {lab.get("for") for lab in o.all("label")}
    for field in o.all("input") + o.all("select") + o.all("textarea"):
        if field.get("type") not in ("hidden", "submit"):
            assert field.get("id") in labelled, field
    # No external resources: every stylesheet and script comes from this host.
    for link in o.all("link"):
        href = str(link.get("href"))
        if link.get("rel") == "stylesheet":
            assert not href.startswith(("http://", "https://", "//")) or "127.0.0.1" in href
    for script in o.all("script"):
        src = script.get("src")
        assert src is None or "127.0.0.1" in src or src.startswith("/")


PAGES = ["/", "/id/entity/unodc", "/id/activity/aircop-2023", "/id/chapter/2", "/id/programme/inspire",
         "/id/mandate/agenda-2030", "/id/mechanism/iasc", "/id/area/004", "/id/entity/", "/figures/",
         "/validate", "/ontology", "/shapes", "/catalog", "/dumps/"]


@pytest.mark.parametrize("path", PAGES)
def test_page_has_accessible_markup(live_server, path: str) -> None:
    check_accessible(page(live_server.url, path))


def test_home_page_says_what_it_is_counts_figures_and_how_to_query(live_server) -> None:
    body = page(live_server.url, "/")
    assert "2016" in body and "world drug problem" in body
    counts = dict(re.findall(r"<dt>([^<]+)</dt><dd>(\d+)</dd>", body))
    assert int(counts["activities"]) > 0 and int(counts["entities counted in the matrix"]) == 23
    for q in queries.catalog():
        if q.figure:
            assert f"/figures/{q.name}" in body
    assert 'href="/sparql"' in body


def test_entity_page_shows_chapters_activities_partners_and_memberships(live_server) -> None:
    body = page(live_server.url, "/id/entity/unodc")
    assert "Chapters it works in" in body and "Whom it works with" in body
    assert "Its activities by chapter and year" in body
    for numeral in ("I", "II", "III", "IV", "V", "VI", "VII"):  # UNODC works in all seven (para 15)
        assert f'/id/chapter/{["I", "II", "III", "IV", "V", "VI", "VII"].index(numeral) + 1}">{numeral}</a>' in body
    assert ">WHO</a>" in body  # a partner
    assert "Coordination mechanisms" in body and "/id/mechanism/" in body
    assert "Programmes" in body and "/id/programme/" in body


def test_activity_page_shows_every_field_with_labels_and_quotes_its_source(live_server) -> None:
    body = page(live_server.url, "/id/activity/aircop-2023")
    turtle = requests.get(live_server.url + "/id/activity/aircop-2023.ttl", timeout=30).text
    g = Graph().parse(data=turtle, format="turtle")
    act = URIRef("https://w3id.org/ungass-kg/id/activity/aircop-2023")
    # Each property of the activity is on the page, by its label from the ontology.
    labels = Graph().parse(data=requests.get(live_server.url + "/ontology.ttl", timeout=30).text, format="turtle")
    for p in set(g.predicates(act)):
        label = labels.value(p, URIRef("http://www.w3.org/2000/01/rdf-schema#label"))
        if label is not None:
            assert f">{label}</a>" in body, label
    para = next(g.objects(act, URIRef("http://purl.org/dc/terms/source")))
    assert str(para).startswith("https://w3id.org/ungass-kg/id/")
    text = requests.get(live_server.url + str(para)[len("https://w3id.org/ungass-kg"):] + ".ttl", timeout=30).text
    quoted = Graph().parse(data=text, format="turtle").value(para, RDF.value)
    assert quoted is not None and "<blockquote" in body
    assert str(quoted)[:60].replace("'", "&#39;").replace('"', "&#34;") in body


def test_chapter_programme_mandate_mechanism_and_country_pages(live_server) -> None:
    chapter = page(live_server.url, "/id/chapter/2")
    assert "Availability and access" in chapter and "Entities working in this chapter" in chapter
    assert "/id/activity/" in chapter
    res = requests.get(live_server.url + "/sparql", params={"query": """PREFIX org: <http://www.w3.org/ns/org#>
        SELECT ?m (COUNT(?x) AS ?n) WHERE { ?x org:organization ?m ; org:member ?e }
        GROUP BY ?m ORDER BY DESC(?n) LIMIT 1"""},
        headers={"Accept": "application/sparql-results+json"}, timeout=30).json()
    mech = res["results"]["bindings"][0]["m"]["value"].replace("https://w3id.org/ungass-kg", "")
    mechanism = page(live_server.url, mech)
    assert "Members" in mechanism and mechanism.count("/id/entity/") >= 2
    country = page(live_server.url, "/id/area/004")
    assert "Afghanistan" in country and "/id/activity/" in country
    programme = page(live_server.url, "/id/programme/inspire")
    assert "Programme" in programme
    mandate = page(live_server.url, "/id/mandate/agenda-2030")
    assert "Mandate" in mandate


def test_figure_page_shows_table_query_and_chart(live_server) -> None:
    body = page(live_server.url, "/figures/figure-1")
    assert "<table" in body and "The query" in body
    assert "SELECT" in body
    for link in re.findall(r'href="([^"]+/queries/figure-1\.[a-z.]+)"', body):
        assert requests.get(link, timeout=60).status_code == 200, link
    assert "data:image/svg+xml;base64," in body  # the chart, inline


def test_figure_page_puts_published_beside_computed(live_server) -> None:
    body = page(live_server.url, "/figures/figure-2")
    assert "Published beside computed" in body and "The note says" in body


def test_validation_page_has_an_upload_form(live_server) -> None:
    body = page(live_server.url, "/validate")
    assert 'enctype="multipart/form-data"' in body and 'name="file"' in body and 'type="file"' in body


def test_query_page_lists_saved_queries_as_examples(live_server) -> None:
    body = page(live_server.url, "/sparql")
    assert '<textarea id="query"' in body
    for q in queries.catalog():
        assert f'value="{q.name}"' in body
    assert "/static/query.js" in body
    js = requests.get(live_server.url + "/static/query.js", timeout=30)
    assert js.status_code == 200 and "textContent" in js.text and "innerHTML" not in js.text


def test_ontology_documentation_and_negotiation(live_server) -> None:
    body = page(live_server.url, "/ontology")
    turtle = requests.get(live_server.url + "/ontology", headers={"Accept": "text/turtle"}, timeout=30).text
    g = Graph().parse(data=turtle, format="turtle")
    assert any(g.subjects(RDF.type, OWL.Ontology))
    # The ontology served on loopback names the terms the data uses, not this host's copies.
    assert "127.0.0.1" not in turtle
    assert (URIRef("https://w3id.org/ungass-kg/ontology#Activity"), RDF.type, OWL.Class) in g
    classes = [c for c in g.subjects(RDF.type, OWL.Class) if isinstance(c, URIRef)]
    assert len(classes) > 10
    for c in classes:
        assert f'id="{str(c).rsplit("#", 1)[1]}"' in body  # every class has its anchor: IRIs land on it
    assert "Domain" in body and "Range" in body
    r = requests.get(live_server.url + "/ontology.jsonld", timeout=30)
    assert r.headers["content-type"].startswith("application/ld+json")


def test_shapes_documentation_and_negotiation(live_server) -> None:
    body = page(live_server.url, "/shapes")
    assert "Activity" in body and "Severity" in body
    r = requests.get(live_server.url + "/shapes", headers={"Accept": "application/n-triples"}, timeout=30)
    g = Graph().parse(data=r.text, format="nt")
    assert any(g.subjects(RDF.type, SH.NodeShape))


def test_static_files_are_served_and_no_path_escapes(live_server) -> None:
    assert requests.get(live_server.url + "/static/site.css", timeout=30).headers["content-type"].startswith("text/css")
    assert requests.get(live_server.url + "/static/..%2Fpages.py", timeout=30).status_code == 404
