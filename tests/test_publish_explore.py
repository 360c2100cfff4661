"""The static site's activity pages: one per facet value with the live site's counts, every
link resolving under a plain web server, and the search done in the browser over the index."""

from __future__ import annotations

import pytest
import requests

from tests.browser import Browser, wait_for
from tests.static_site import Site, check_links
from ungass_kg.explore import activities, filters
from ungass_kg.store import EmbeddedStore


def test_facet_pages_carry_the_sparql_counts(site: Site, bundled_store: EmbeddedStore) -> None:
    for folder, params in (("", {}), ("chapter-1/", {"chapter": "1"}), ("entity-who/", {"entity": "who"}),
                           ("year-2023/", {"from": "2023", "to": "2023"}), ("area-004/", {"area": "004"})):
        page = requests.get(f"{site.url}/activities/{folder}", timeout=10)
        assert page.status_code == 200, folder
        total = activities.count(bundled_store, filters.parse(params))
        assert f"{total} activit" in page.text, folder


def test_every_link_on_the_activity_pages_resolves(site: Site) -> None:
    checked = check_links(site, ("/activities/", "/activities/chapter-1/", "/activities/page-2/"))
    assert len(checked) > 40


@pytest.mark.browser
def test_search_runs_in_the_browser(browser: Browser, site: Site) -> None:
    browser.viewport(1280, 900)
    mark = len(browser.events)
    browser.goto(site.url + "/activities/chapter-1/")
    browser.evaluate("document.querySelector('#q').value = 'PRÉVENTION';"
                     "document.querySelector('form.search').requestSubmit()")
    assert wait_for(browser, "document.getElementById('results-h').textContent.includes('matching')")
    assert browser.evaluate("document.getElementById('results-h').textContent").startswith("5 activities")
    assert browser.evaluate("document.querySelectorAll('ol.activities li').length") == 5
    assert browser.console_errors(mark) == []
