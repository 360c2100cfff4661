"""Pages in a real browser (headless Chromium): they load without console errors, work on a
phone-sized screen, and the validation page shows an invalid file's errors by row and column.

Screenshots are kept in tests/artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.browser import ARTIFACTS, Browser, find_chromium, no_horizontal_scroll, visit
from tests.conftest import ROOT, LiveServer

pytestmark = pytest.mark.browser
INVALID_EXAMPLE = ROOT / "data" / "examples" / "unodc-2023-invalid.xlsx"


def test_home_page(browser: Browser, live_server: LiveServer) -> None:
    mark = visit(browser, live_server.url + "/", "home")
    assert browser.evaluate("document.querySelector('h1').innerText").startswith("The UN system")
    assert browser.evaluate("document.querySelectorAll('dl.counts dd').length") >= 5
    assert browser.console_errors(mark) == []


def test_entity_page_on_desktop_and_phone(browser: Browser, live_server: LiveServer) -> None:
    mark = visit(browser, live_server.url + "/id/entity/unodc", "entity-unodc")
    text = browser.text()
    assert "United Nations Office on Drugs and Crime" in text and "Whom it works with" in text
    assert browser.console_errors(mark) == []
    mark = visit(browser, live_server.url + "/id/entity/unodc", "entity-unodc-phone", 390, 844)
    assert no_horizontal_scroll(browser)
    assert browser.console_errors(mark) == []


def test_figure_page(browser: Browser, live_server: LiveServer) -> None:
    mark = visit(browser, live_server.url + "/figures/figure-1", "figure-1")
    assert browser.evaluate("document.querySelectorAll('table tbody tr').length") > 0
    # A chart, when there is one, is a decoded image (not a broken one).
    assert browser.evaluate("Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")
    assert browser.console_errors(mark) == []
    visit(browser, live_server.url + "/figures/figure-1", "figure-1-phone", 390, 844)
    assert no_horizontal_scroll(browser)


def test_validation_page_shows_rows_and_columns_of_errors(browser: Browser, live_server: LiveServer) -> None:
    mark = visit(browser, live_server.url + "/validate", "validate-form")
    browser.set_files("#file", [INVALID_EXAMPLE])
    browser.submit("form.upload")
    browser.screenshot(ARTIFACTS / "validate-report.png")
    # issue 11: the page starts with a summary by rule; every result gives its sheet and cell (D4)
    assert browser.evaluate("document.querySelector('table.summary') !== null")
    headers = browser.evaluate("Array.from(document.querySelectorAll('table.report th')).map(t => t.innerText.trim())")
    assert "Cell" in headers and "Column" in headers and "Sheet" in headers
    rows = browser.evaluate("""Array.from(document.querySelectorAll('table.report tbody tr')).map(
        tr => Array.from(tr.cells).map(c => c.innerText.trim()))""")
    cell_i, col_i = headers.index("Cell"), headers.index("Column")
    located = [r for r in rows if re.fullmatch(r"[A-Z]+[0-9]+", r[cell_i]) and r[col_i]]
    assert located, "every error names its cell and column"
    assert any(r[0].lower().startswith("violation") for r in rows)
    assert browser.console_errors(mark) == []


def test_query_page_runs_a_query_and_shows_a_table(browser: Browser, live_server: LiveServer) -> None:
    mark = visit(browser, live_server.url + "/sparql", "query")
    browser.evaluate("document.querySelector('#query-form button').click()")
    rows = browser.evaluate("""new Promise(done => { const t0 = Date.now(); (function poll() {
        const n = document.querySelectorAll('#results tbody tr').length;
        if (n > 0 || Date.now() - t0 > 15000) { done(n); } else { setTimeout(poll, 100); } })(); })""")
    browser.screenshot(ARTIFACTS / "query-results.png")
    assert rows == 7  # the default query counts activities per chapter: seven chapters
    first = browser.evaluate("document.querySelector('#results tbody a').href")  # resolved by the browser
    assert first == live_server.url + "/id/chapter/1"  # result IRIs link to this server
    assert browser.console_errors(mark) == []


def test_artifacts_are_kept() -> None:
    assert any(Path(ARTIFACTS).glob("*.png")) or not find_chromium()
