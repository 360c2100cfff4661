"""More of the six languages: the scripts' words (query page, static search), countries' names in
charts and maps, the shapes and ontology pages, RDF negotiation under the static site's language
folders. A real server (``live_server``), headless Chromium for the scripts, a real nginx."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from rdflib import Graph, URIRef
from rdflib.namespace import SKOS

from tests.browser import Browser, visit, wait_for
from tests.conftest import free_port
from tests.static_site import Site, nginx_serving, published
from tests.test_languages import OTHERS, html_attrs, untranslated
from ungass_kg import i18n
from ungass_kg.present import script_text

AREA = "https://w3id.org/ungass-kg/id/area/"


def get(server, path: str, **headers: str) -> requests.Response:
    r = requests.get(server.url + path, headers={"Accept": "text/html", **headers}, timeout=120)
    assert r.status_code == 200, (path, r.status_code)
    return r


def script_block(html: str, name: str) -> dict:
    m = re.search(rf'<script type="application/json" id="{name}">(.*?)</script>', html, re.S)
    assert m, name
    return json.loads(m.group(1))


# ---------------------------------------------------------------- the scripts' words
def js_form(texts: dict, key: str, n: int) -> str:
    """What the scripts do (query.js, search.js ``count``): the form for n from the page's block."""
    plural = texts["plural"]
    index = plural[n] if n < 200 else texts["million"] if n % 1_000_000 == 0 else plural[100 + n % 100]
    return texts[key][index].replace("%(n)s", str(n))


@pytest.mark.parametrize("lang", i18n.LANGUAGES)
def test_the_scripts_plural_rule_is_the_catalogs_for_every_count(lang: str) -> None:
    texts = script_text.query_texts(lang)
    ngettext = i18n.ngettext_for(lang)
    counts = [*range(0, 3000), 1_000_000, 2_000_000, 1_000_001, 5_000_111, 12_345_678]
    for n in counts:
        assert js_form(texts, "rows", n) == ngettext("%(n)s row", "%(n)s rows", n, n=n), (lang, n)


@pytest.mark.parametrize("lang", OTHERS)
def test_the_query_page_gives_its_script_the_words_in_its_language(live_server, lang: str) -> None:
    html = get(live_server, f"/query?lang={lang}").text
    texts = script_block(html, "query-text")
    _ = i18n.gettext_for(lang)
    assert texts["lang"] == lang and texts["running"] == _("Running…") != "Running…"
    assert texts["permalink"] != "permalink" and len(texts["rows"]) == len({*texts["plural"], texts["million"]})
    # the block cannot end the element early or open one: < > & are escaped by tojson
    block = html.split('id="query-text">', 1)[1].split("</script>", 1)[0]
    assert "<" not in block and ">" not in block and "&" not in block


def test_the_query_page_in_french_and_russian_counts_rows_in_words(browser: Browser, live_server) -> None:
    q = "SELECT ?chapter WHERE { ?chapter a ung:Chapter } ORDER BY ?chapter"
    visit(browser, live_server.url + "/query?lang=fr&query=" + quote(q), "query-fr")
    status = str(wait_for(browser, "document.getElementById('status').textContent.indexOf(' ms') >= 0"
                                   " && document.getElementById('status').textContent"))
    assert status.startswith("7 lignes en ") and status.endswith(" ms · complet"), status
    assert browser.evaluate("document.querySelector('#results caption').textContent") == "7 lignes"
    assert browser.evaluate("document.querySelector('#links a').textContent") == "lien permanent"
    # Russian: the "few" form for 2, the "many" form for 7
    for query, want in ((q + " LIMIT 2", "2 строки"), (q, "7 строк"), (q + " LIMIT 1", "1 строка")):
        visit(browser, live_server.url + "/query?lang=ru&query=" + quote(query), "query-ru")
        status = str(wait_for(browser, "document.getElementById('status').textContent.indexOf(' мс') >= 0"
                                       " && document.getElementById('status').textContent"))
        assert status.startswith(want + " за "), (want, status)


def test_the_query_page_labels_countries_in_its_language_and_introduces_errors(browser: Browser,
                                                                               live_server) -> None:
    q = f"SELECT ?area WHERE {{ VALUES ?area {{ <{AREA}076> <{AREA}356> }} }}"
    visit(browser, live_server.url + "/query?lang=fr&query=" + quote(q), "query-fr-labels")
    labels = wait_for(browser, "Array.from(document.querySelectorAll('#results td .label'))"
                               ".map(s => s.textContent + '@' + s.lang).filter(t => t.length > 1).join('|')")
    assert labels == "Brésil@fr|Inde@fr", labels
    visit(browser, live_server.url + "/query?lang=es&query=" + quote("SELECT * WHERE { ?s foo:bar ?o }"),
          "query-es-error")
    status = str(wait_for(browser, "document.getElementById('status').textContent.indexOf(' ms') >= 0"
                                   " && document.getElementById('status').textContent"))
    assert status.startswith("Error 400 ("), status
    intro = str(wait_for(browser, "document.querySelector('#error p')"
                                  " && document.querySelector('#error p').textContent"))
    assert intro == "Respuesta del punto de acceso:"
    # the endpoint's own message, marked with the language it answered in
    assert browser.evaluate("document.querySelectorAll('#error p')[1].lang") in ("en", "es")


# ---------------------------------------------------------------- countries' names in charts and maps
def test_the_map_names_countries_in_the_charts_language(live_server) -> None:
    fr = get(live_server, "/queries/figure-6-map.svg?lang=fr", Accept="image/svg+xml").text
    en = get(live_server, "/queries/figure-6-map.svg", Accept="image/svg+xml").text
    ar = get(live_server, "/queries/figure-6-map.svg?lang=ar", Accept="image/svg+xml").text
    assert "Pays: Brésil" in fr and "Brazil" not in fr  # the tooltip (the SVG's aria-label)
    assert "Country: Brazil" in en and "Brésil" not in en
    assert "البرازيل" in ar and "Brazil" not in ar
    # the regions the note names have no translation: they stay as they are
    assert "Latin America and the Caribbean" in fr
    # the table and the data are the same in every language
    for ext in ("csv", "json"):
        a = requests.get(live_server.url + f"/queries/figure-6-map.{ext}?lang=fr", timeout=60)
        b = requests.get(live_server.url + f"/queries/figure-6-map.{ext}", timeout=60)
        assert a.status_code == b.status_code == 200 and a.content == b.content, ext
    table = requests.get(live_server.url + "/queries/figure-6-map.csv?lang=fr", timeout=60).text
    rows = list(csv.DictReader(io.StringIO(table)))
    assert any(r["areaLabel"] == "Brazil" for r in rows)


def test_the_figure_page_map_and_its_table_in_french(live_server) -> None:
    import base64

    page = get(live_server, "/figures/figure-6?lang=fr").text
    maps = re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', page)
    assert maps, "figure 6 has its maps"
    drawn = " ".join(base64.b64decode(m).decode() for m in maps)
    assert "Brésil" in drawn and "Brazil" not in drawn
    # the numbers' table beside the map: the French name, not marked English; a region's English name marked
    assert re.search(r'<a href="[^"]*/id/area/076"[^>]*>Brésil</a>', page)
    assert not re.search(r'<a href="[^"]*/id/area/076" lang="en"', page)
    assert re.search(r'lang="en">Latin America and the Caribbean</a>', page)


# ---------------------------------------------------------------- shapes and ontology pages
@pytest.mark.parametrize("lang", OTHERS)
@pytest.mark.parametrize("path", ["/shapes", "/ontology"])
def test_shapes_and_ontology_pages_have_no_untranslated_interface_text(live_server, lang: str, path: str) -> None:
    r = get(live_server, f"{path}?lang={lang}")
    assert html_attrs(r.text) == {"lang": lang, "dir": i18n.direction(lang)}
    assert r.headers["content-language"] == lang
    assert untranslated(r.text, lang) == [], untranslated(r.text, lang)[:10]
    _ = i18n.gettext_for(lang)
    if path == "/shapes":
        assert f"<h1>{_('SHACL shapes')}</h1>" in r.text
        assert f'<th scope="col">{_("Severity")}</th>' in r.text and f"<td>{_('Violation')}</td>" in r.text
        # the shapes' own names stay English, marked
        assert re.search(r'<td lang="en">Lead entity</td>', r.text)
    else:
        assert f"<h3>{_('Classes')}</h3>" in r.text and f"<dt>{_('Domain')}</dt>" in r.text
        assert re.search(r'<h1 lang="en">[^<]+</h1>', r.text)


def test_the_ontology_page_is_kept_apart_by_language(live_server) -> None:
    fr, es, en = (get(live_server, f"/ontology?lang={x}") for x in ("fr", "es", "en"))
    assert len({fr.headers["etag"], es.headers["etag"], en.headers["etag"]}) == 3
    assert "accept-language" in fr.headers["vary"].lower()
    turtle = [requests.get(live_server.url + f"/ontology?lang={x}", headers={"Accept": "text/turtle"}, timeout=60)
              for x in ("fr", "en")]
    assert turtle[0].headers["etag"] == turtle[1].headers["etag"]  # the RDF is one in every language
    assert turtle[0].content == turtle[1].content


# ---------------------------------------------------------------- the static site's language folders
@pytest.fixture(scope="module")
def french_site(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with published(bundled_store_path, tmp_path_factory.mktemp("site-fr"), free_port(), "--languages", "fr") as s:
        yield s


@pytest.fixture(scope="module")
def nginx_fr(french_site: Site, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The French site's generated nginx configuration in a real nginx (Debian package nginx-light)."""
    with nginx_serving(french_site.out, tmp_path_factory.mktemp("nginx-fr"), free_port()) as url:
        yield url


@pytest.mark.parametrize("path", ["/fr/id/area/250", "/fr/id/area/250/", "/fr/id/entity/unodc"])
@pytest.mark.parametrize(("accept", "media_type"), [
    ("text/turtle", "text/turtle"), ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"), ("application/rdf+xml", "application/rdf+xml"),
    ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html")])
def test_nginx_negotiates_rdf_under_a_language_folder(nginx_fr: str, path: str, accept: str,
                                                      media_type: str) -> None:
    r = requests.get(nginx_fr + path, headers={"Accept": accept}, timeout=10)
    assert r.status_code == 200 and r.headers["content-type"].startswith(media_type), (path, r.headers)
    assert "accept" in r.headers.get("vary", "").lower()
    thing = URIRef("https://w3id.org/ungass-kg/" + path.removeprefix("/fr/").rstrip("/"))
    if media_type == "text/html":
        assert html_attrs(r.text)["lang"] == "fr"
    elif media_type == "text/turtle":
        # the root's one copy of the data, with the French name among the labels
        g = Graph().parse(data=r.text, format="turtle")
        assert g.value(thing, SKOS.prefLabel) is not None
        if "area/250" in path:
            assert any(str(o) == "France" and o.language == "fr" for o in g.objects(thing, SKOS.prefLabel))


def test_nginx_language_folder_pages_and_files_stay_as_they_were(nginx_fr: str) -> None:
    home = requests.get(nginx_fr + "/fr/", headers={"Accept": "text/turtle"}, timeout=10)
    assert home.status_code == 200 and html_attrs(home.text)["lang"] == "fr"  # no RDF of its own: the page
    search = requests.get(nginx_fr + "/fr/activities/search.json", timeout=10)
    assert search.status_code == 200 and search.json()[0]["href"].startswith("/fr/")
    assert requests.get(nginx_fr + "/fr/id/entity/no-such-thing", headers={"Accept": "text/turtle"},
                        timeout=10).status_code == 404
    assert requests.get(nginx_fr + "/id/area/250", headers={"Accept": "text/turtle"},
                        timeout=10).headers["content-type"].startswith("text/turtle")


def test_apache_configuration_negotiates_under_the_language_folders(french_site: Site) -> None:
    htaccess = (french_site.out / ".htaccess").read_text()
    for ext in ("ttl", "jsonld", "nt", "rdf"):
        assert f"RewriteRule ^(ar|es|fr|ru|zh)/(.+?)/?$ $2.{ext} [L]" in htaccess
        assert f"RewriteCond %{{DOCUMENT_ROOT}}/$2.{ext} -f" in htaccess


def test_the_static_search_speaks_the_pages_language(browser: Browser, french_site: Site) -> None:
    visit(browser, french_site.url + "/fr/activities/", "static-search-fr")
    texts = script_block(browser.evaluate("document.documentElement.outerHTML"), "search-text")
    assert texts["lang"] == "fr" and texts["lead"] == "chef de file"
    browser.evaluate("document.querySelector('form.search input[name=q]').value = 'prevention';"
                     "document.querySelector('form.search').requestSubmit()")
    heading = str(wait_for(browser, "document.getElementById('results-h').textContent.indexOf('correspondant') >= 0"
                                    " && document.getElementById('results-h').textContent"))
    assert re.fullmatch(r"\d+ activités? correspondant à « prevention »", heading), heading
    assert browser.evaluate("document.querySelector('#results-h bdi').textContent") == "prevention"
    meta = browser.evaluate("Array.from(document.querySelectorAll('ol.activities .meta')).map(m => m.textContent)")
    assert meta and any("chef de file" in m for m in meta) and not any(" lead " in f" {m} " for m in meta)
