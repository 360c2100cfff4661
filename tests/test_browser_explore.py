"""The explore pages in headless Chromium at desktop and phone widths: they load without
console errors, do not scroll sideways on a phone, and their controls work."""

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, Browser, no_horizontal_scroll, visit, wait_for
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_activities_page(browser: Browser, live_server: LiveServer, width: int, height: int) -> None:
    mark = visit(browser, live_server.url + "/activities?chapter=1&q=prevention", f"activities-{width}", width, height)
    assert browser.evaluate("document.querySelectorAll('ol.activities > li').length") == 5
    assert "5 activities" in browser.evaluate("document.querySelector('#results-h').innerText")
    assert no_horizontal_scroll(browser)
    assert browser.console_errors(mark) == []


def test_activities_search_box_keeps_the_filters(browser: Browser, live_server: LiveServer) -> None:
    mark = visit(browser, live_server.url + "/activities?chapter=1", "activities-search")
    browser.evaluate("document.querySelector('#q').value = 'HIV'; document.querySelector('form.search').submit()")
    wait_for(browser, "location.search.includes('q=HIV')")
    assert "chapter=1" in browser.evaluate("location.search")
    wait_for(browser, "document.querySelector('#results-h') && document.readyState === 'complete'")
    assert "4 activities" in browser.evaluate("document.querySelector('#results-h').innerText")
    assert browser.console_errors(mark) == []


@pytest.mark.parametrize("url", ["/figures/figure-3?entity=who", "/figures/figure-1/embed?reach=global",
                                 "/queries/figure-5", "/queries", "/no/such/page"])
def test_pages_load_at_both_widths(browser: Browser, live_server: LiveServer, url: str) -> None:
    name = url.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"
    for width, height in ((1280, 900), (390, 844)):
        mark = visit(browser, live_server.url + url, f"{name}-{width}", width, height)
        errors = [e for e in browser.console_errors(mark) if "404" not in e or "no/such" not in url]
        assert errors == []
        assert browser.evaluate("document.querySelector('h1') !== null")


def test_api_docs_render_offline(browser: Browser, live_server: LiveServer) -> None:
    mark = visit(browser, live_server.url + "/docs", "docs")
    assert wait_for(browser, "document.querySelectorAll('.opblock').length") >= 10
    browser.screenshot(ARTIFACTS / "docs.png")
    assert browser.console_errors(mark) == []


def _status(browser: Browser) -> str:
    return str(wait_for(browser, "document.getElementById('status').textContent.indexOf(' ms') >= 0"
                                 " && document.getElementById('status').textContent"))


@pytest.mark.parametrize(("width", "height"), [(1280, 900), (390, 844)])
def test_query_page_permalink_runs_and_shows_labels(browser: Browser, live_server: LiveServer, width: int,
                                                    height: int) -> None:
    from urllib.parse import quote

    q = ("SELECT ?chapter (COUNT(?a) AS ?n) (100.0 * COUNT(?a) / 63 AS ?share) WHERE {\n"
         "  ?a a ung:Activity ; ung:chapter ?chapter } GROUP BY ?chapter ORDER BY ?chapter")
    mark = visit(browser, live_server.url + "/query?query=" + quote(q), f"query-{width}", width, height)
    status = _status(browser)
    assert status.startswith("7 rows in ") and "complete" in status
    assert wait_for(browser, "document.querySelector('#results td .label') &&"
                             " document.querySelector('#results td .label').textContent") == "Demand reduction"
    first = browser.evaluate("document.querySelector('#results td a').textContent")
    assert first == "id/chapter/1"
    assert browser.evaluate("document.querySelector('#results td a').title").endswith("/id/chapter/1")
    share = browser.evaluate("document.querySelectorAll('#results tbody tr')[0].cells[2].textContent")
    assert share == "31.75"  # not 31.746031746031746031
    assert browser.evaluate("document.querySelectorAll('.gutter')[0].textContent") == "1\n2"
    assert browser.evaluate("document.querySelectorAll('.highlight .t-kw').length") >= 5
    hrefs = browser.evaluate("Array.from(document.querySelectorAll('#links a')).map(a => a.textContent).join(',')")
    assert hrefs == "permalink,CSV,TSV,JSON"
    browser.screenshot(ARTIFACTS / f"query-{width}.png")
    assert no_horizontal_scroll(browser)
    assert browser.console_errors(mark) == []


def test_query_page_points_at_an_unknown_prefix_and_runs_on_ctrl_enter(browser: Browser,
                                                                       live_server: LiveServer) -> None:
    visit(browser, live_server.url + "/query", "query-error")
    browser.evaluate("document.getElementById('query').value = 'SELECT * WHERE {\\n  ?s foo:bar ?o }';"
                     "document.getElementById('query').dispatchEvent(new Event('input'));"
                     "document.getElementById('query').dispatchEvent(new KeyboardEvent('keydown',"
                     " {key: 'Enter', ctrlKey: true, bubbles: true}))")
    assert _status(browser).startswith("Error 400")
    text = str(wait_for(browser, "document.getElementById('error').innerText"))
    assert "unknown prefix 'foo:' at line 2, column 6" in text
    caret = browser.evaluate("document.querySelector('#error pre').textContent")
    assert caret.split("\n")[1].index("^") == caret.split("\n")[0].index("foo:")
    browser.screenshot(ARTIFACTS / "query-error.png")
