"""The static site in other languages: ``publish --languages fr,ar`` writes the pages again under
``fr/`` and ``ar/``, served by a plain web server; each page in its language and direction, with
no interface text left in English, links that resolve and stay in the language, and a switch to
the same page in each language built."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
import requests

from tests.conftest import free_port
from tests.static_site import Site, check_links, published
from tests.test_languages import html_attrs, untranslated
from ungass_kg import i18n
from ungass_kg.present.iris import is_file

PAGES = ["", "id/", "id/entity/", "id/entity/unodc/", "id/chapter/", "id/area/250/", "activities/",
         "id/activity/aircop-2023/", "figures/", "figures/figure-1/", "catalog/", "ontology/", "shapes/", "dumps/"]
# pages whose words are not checked (none: the ontology's and shapes' own English is marked lang="en")
OWN_TEXT: set[str] = set()


@pytest.fixture(scope="module")
def multilingual(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with published(bundled_store_path, tmp_path_factory.mktemp("site"), free_port(), "--languages", "fr,ar") as s:
        yield s


def test_the_english_site_stays_at_the_root_and_the_rdf_is_written_once(multilingual: Site) -> None:
    out = multilingual.out
    assert html_attrs((out / "index.html").read_text("utf-8")) == {"lang": "en", "dir": "ltr"}
    assert (out / "id" / "entity" / "unodc.ttl").is_file()
    for lang in ("fr", "ar"):
        assert (out / lang / "id" / "entity" / "unodc" / "index.html").is_file()
        assert not list((out / lang).rglob("*.ttl")), lang  # one copy of the data, at the root
    assert not (out / "es").exists()
    assert "in en, fr, ar" in " ".join(multilingual.publish.stderr.split())  # the console wraps long lines


@pytest.mark.parametrize("lang", ["fr", "ar"])
@pytest.mark.parametrize("rel", PAGES)
def test_each_page_in_its_language_with_links_that_resolve(multilingual: Site, lang: str, rel: str) -> None:
    path = f"/{lang}/{rel}"
    r = requests.get(multilingual.url + path, timeout=10)
    assert r.status_code == 200, path
    assert html_attrs(r.text) == {"lang": lang, "dir": i18n.direction(lang)}, path
    left = [] if rel in OWN_TEXT else untranslated(r.text, lang)
    assert left == [], f"{path}: untranslated {left[:10]}"
    # the switch: the same page in each language built, and only those
    switch = dict(re.findall(r'<a href="([^"]+)" lang="(\w+)" hreflang', r.text))
    assert sorted(switch.values()) == ["ar", "en", "fr"], path
    assert {v: k for k, v in switch.items()} == {"en": f"/{rel}", "fr": f"/fr/{rel}", "ar": f"/ar/{rel}"}
    # every other link to one of our pages stays in this language; files are the root's one copy
    for href in re.findall(r'(?:href|src)="([^"#]+)', r.text):
        url = urljoin(r.url, href)
        if urlparse(url).netloc != urlparse(multilingual.url).netloc or href in switch:
            continue
        rest = urlparse(url).path.lstrip("/")
        if is_file(rest):
            assert not rest.startswith(f"{lang}/") or rest == f"{lang}/activities/search.json", href
        else:
            assert rest.startswith(f"{lang}/"), f"{path}: {href} leaves the language"
    assert check_links(multilingual, [path]), path


def test_the_search_index_of_a_language_links_to_its_pages(multilingual: Site) -> None:
    idx = requests.get(multilingual.url + "/fr/activities/search.json", timeout=10).json()
    assert idx and all(e["href"].startswith("/fr/id/activity/") for e in idx)
    assert requests.get(multilingual.url + idx[0]["href"], timeout=10).status_code == 200


def test_unknown_language_is_refused(bundled_store_path: Path, tmp_path: Path) -> None:
    from tests.cli import run

    done = run("--store", bundled_store_path, "publish", "--out", tmp_path / "site", "--languages", "fr,xx")
    assert done.returncode == 2
    assert "'xx' is not one of the six languages" in done.stderr
    assert not (tmp_path / "site").exists()
