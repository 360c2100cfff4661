"""The home page in Arabic and Chinese in a real browser (headless Chromium): Arabic is laid out
right to left with the navigation on the right; no text overflows the page.

Screenshots are kept in tests/artifacts/ (git-ignored) for people to look at.
"""

from __future__ import annotations

import pytest

from tests.browser import ARTIFACTS, Browser
from tests.conftest import LiveServer

pytestmark = pytest.mark.browser


def test_arabic_home_is_right_to_left_with_the_navigation_on_the_right(browser: Browser,
                                                                        live_server: LiveServer) -> None:
    browser.viewport(1280, 900)
    mark = len(browser.events)
    browser.goto(live_server.url + "/?lang=ar")
    browser.screenshot(ARTIFACTS / "home-ar.png")
    assert browser.evaluate("getComputedStyle(document.body).direction") == "rtl"
    width = browser.evaluate("window.innerWidth")
    brand = browser.evaluate("document.querySelector('header.site .brand').getBoundingClientRect().right")
    assert brand > width * 0.75  # the brand starts the bar: on the right
    xs = browser.evaluate("[...document.querySelectorAll('header.site nav ul:first-of-type li')]"
                          ".map(li => li.getBoundingClientRect().left)")
    assert len(xs) >= 5 and xs == sorted(xs, reverse=True)  # mirrored: the first item rightmost
    # IRIs stay left to right inside the Arabic page
    assert browser.evaluate("getComputedStyle(document.querySelector('main code')).direction") == "ltr"
    assert browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert browser.console_errors(mark) == []


@pytest.mark.parametrize("lang", ["zh", "ar"])
def test_home_on_a_phone_does_not_overflow(browser: Browser, live_server: LiveServer, lang: str) -> None:
    browser.viewport(390, 844, mobile=True)
    browser.goto(live_server.url + f"/?lang={lang}")
    browser.screenshot(ARTIFACTS / f"home-{lang}-phone.png")
    assert browser.evaluate("document.documentElement.lang") == lang
    assert browser.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
