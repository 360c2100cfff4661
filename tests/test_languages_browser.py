"""The pages in Arabic and Chinese in a real browser (headless Chromium): the home page, a figure
page, the validation report and the round board. Arabic is laid out right to left with the
navigation on the right; no text overflows its box or the page.

Screenshots go to a temporary folder (printed on failure), not into the repository.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser import Browser
from tests.conftest import ROOT, LiveServer

pytestmark = pytest.mark.browser
INVALID = ROOT / "data" / "examples" / "unodc-2023-invalid.xlsx"
# Elements whose text runs past their own box (visible overflow) or the page, as "tag.class: text"
OVERFLOWING = """[...document.querySelectorAll('body *')].filter(e => {
  const s = getComputedStyle(e);
  if (s.display === 'inline' || s.display === 'none' || e.clientWidth === 0) return false;
  if (!['visible', 'clip'].includes(s.overflowX) && e.tagName !== 'BODY') return false;
  if (e.closest('.scroll, pre, .editor')) return false;  // scrolled on purpose
  return e.scrollWidth > e.clientWidth + 1;
}).map(e => e.tagName.toLowerCase() + '.' + e.className + ': ' + (e.innerText || '').slice(0, 60))"""


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots-languages")


def check_layout(browser: Browser, lang: str, shot: Path) -> None:
    """The page's language and direction, the navigation's side, and nothing overflowing."""
    browser.screenshot(shot)
    assert browser.evaluate("document.documentElement.lang") == lang, shot
    direction = "rtl" if lang == "ar" else "ltr"
    assert browser.evaluate("getComputedStyle(document.body).direction") == direction, shot
    width = browser.evaluate("window.innerWidth")
    brand = browser.evaluate("document.querySelector('header.site .brand').getBoundingClientRect().toJSON()")
    items = browser.evaluate("[...document.querySelectorAll('header.site nav ul:first-of-type li')].map(li => "
                             "[Math.round(li.getBoundingClientRect().top), li.getBoundingClientRect().left])")
    rows: dict[int, list[float]] = {}
    for top, left in items:  # on a phone the navigation wraps: each line in reading order
        rows.setdefault(top, []).append(left)
    assert len(items) >= 5 and len(rows) < len(items), shot
    if lang == "ar":  # the brand starts the bar on the right, the items run right to left
        assert brand["right"] > width * 0.75, shot
        assert all(xs == sorted(xs, reverse=True) for xs in rows.values()), (shot, rows)
    else:
        assert brand["left"] < width * 0.25, shot
        assert all(xs == sorted(xs) for xs in rows.values()), (shot, rows)
    assert browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), shot
    assert browser.evaluate(OVERFLOWING) == [], shot


@pytest.mark.parametrize("lang", ["ar", "zh"])
@pytest.mark.parametrize("width", [1280, 390])
def test_home_figure_report_and_board(browser: Browser, round_server: LiveServer, shots: Path, lang: str,
                                      width: int) -> None:
    browser.viewport(width, 900 if width > 600 else 844, mobile=width < 600)
    mark = len(browser.events)
    for name, path in (("home", "/"), ("figure", "/figures/figure-2"), ("board", "/rounds/2023")):
        browser.goto(f"{round_server.url}{path}?lang={lang}")
        check_layout(browser, lang, shots / f"{name}-{lang}-{width}.png")
    # the overflow check sees text that runs out of its box
    browser.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', "
                     "'<p id=\"probe\" style=\"width:40px;white-space:nowrap\">overflowing text</p>')")
    assert any("overflowing" in x for x in browser.evaluate(OVERFLOWING))
    # the report a focal point gets from the validation page's form, in the page's language
    browser.goto(f"{round_server.url}/validate?lang={lang}")
    browser.set_files("#file", [INVALID])
    browser.submit("form.upload")
    check_layout(browser, lang, shots / f"report-{lang}-{width}.png")
    heading = browser.evaluate("document.querySelector('main h1').innerText")
    assert heading.startswith({"ar": "تقرير التحقق", "zh": "验证报告"}[lang]), heading
    # IRIs and code stay left to right inside the Arabic page; the report's values are isolated
    assert browser.evaluate("getComputedStyle(document.querySelector('main code')).direction") == "ltr"
    assert browser.evaluate("document.querySelectorAll('table.report bdi').length") > 10
    assert browser.console_errors(mark) == []
