"""No chart label or title is cut off: every chart's SVG, opened in Chromium at desktop and
phone widths, keeps the bounding box of each of its texts inside the SVG."""

from __future__ import annotations

import pytest

from tests.browser import Browser
from tests.conftest import LiveServer
from ungass_kg import queries

pytestmark = pytest.mark.browser

OUTSIDE = """(() => {
  const svg = document.querySelector('svg'); const r = svg.getBoundingClientRect(); const bad = [];
  for (const t of svg.querySelectorAll('text')) {
    if (!t.textContent.trim()) continue;
    const x = t.getBoundingClientRect();
    if (x.left < r.left - 0.5 || x.right > r.right + 0.5 || x.top < r.top - 0.5 || x.bottom > r.bottom + 0.5)
      bad.push(t.textContent.slice(0, 60));
  }
  return [svg.querySelectorAll('text').length, bad];
})()"""


@pytest.mark.parametrize("width", [1280, 390])
def test_no_chart_text_is_clipped(browser: Browser, live_server: LiveServer, width: int) -> None:
    browser.viewport(width, 900, mobile=width < 600)
    charted = [q.name for q in queries.catalog() if q.chart is not None]
    assert "figure-5" in charted and "figure-6-map" in charted
    clipped = {}
    for name in charted:
        browser.goto(f"{live_server.url}/queries/{name}.svg")
        count, bad = browser.evaluate(OUTSIDE)
        assert count > 0, name
        if bad:
            clipped[name] = bad
    assert clipped == {}


def test_long_titles_wrap(live_server: LiveServer) -> None:
    import requests

    spec = requests.get(f"{live_server.url}/queries/figure-5-chapters.vl.json", timeout=60).json()
    lines = spec["title"]["text"]
    assert lines[0] == "Figure 5" and len(lines) >= 3
    assert " ".join(lines[1:]) == queries.get("figure-5-chapters").title  # wrapped, not cut
