"""The static site's activity pages: one per facet value with the live site's counts, every
link resolving under a plain web server, and the search done in the browser over the index."""

from __future__ import annotations

import re
import time
from urllib.parse import urljoin, urlparse

import pytest
import requests

from tests.browser import Browser
from tests.test_publish import Site, site  # noqa: F401 (the module's static site fixture)
from ungass_kg.explore import activities, filters
from ungass_kg.store import EmbeddedStore


def test_facet_pages_carry_the_sparql_counts(site: Site, bundled_store: EmbeddedStore) -> None:  # noqa: F811
    for folder, params in (("", {}), ("chapter-1/", {"chapter": "1"}), ("entity-who/", {"entity": "who"}),
                           ("year-2023/", {"from": "2023", "to": "2023"}), ("area-004/", {"area": "004"})):
        page = requests.get(f"{site.url}/activities/{folder}", timeout=10)
        assert page.status_code == 200, folder
        total = activities.count(bundled_store, filters.parse(params))
        assert f"{total} activit" in page.text, folder


def test_every_link_on_the_activity_pages_resolves(site: Site) -> None:  # noqa: F811
    checked: set[str] = set()
    for start in ("/activities/", "/activities/chapter-1/", "/activities/page-2/"):
        page = requests.get(site.url + start, timeout=10)
        assert page.status_code == 200, start
        for href in re.findall(r'(?:href|src)="([^"#]+)', page.text):
            url = urljoin(page.url, href)
            if urlparse(url).netloc != urlparse(site.url).netloc or url in checked:
                continue
            checked.add(url)
            assert requests.get(url, timeout=10).status_code == 200, f"{start}: broken link {href}"
    assert len(checked) > 40


@pytest.mark.browser
def test_search_runs_in_the_browser(browser: Browser, site: Site) -> None:  # noqa: F811
    browser.viewport(1280, 900)
    mark = len(browser.events)
    browser.goto(site.url + "/activities/chapter-1/")
    browser.evaluate("document.querySelector('#q').value = 'PRÉVENTION';"
                     "document.querySelector('form.search').requestSubmit()")
    deadline = time.monotonic() + 20
    while "matching" not in browser.evaluate("document.getElementById('results-h').textContent"):
        assert time.monotonic() < deadline
        time.sleep(0.2)
    assert browser.evaluate("document.getElementById('results-h').textContent").startswith("5 activities")
    assert browser.evaluate("document.querySelectorAll('ol.activities li').length") == 5
    assert browser.console_errors(mark) == []
