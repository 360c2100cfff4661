"""Figure pages show shares as people read them (one decimal), not as the engine returns them."""

from __future__ import annotations

import re
import urllib.request


def test_shares_are_rounded_on_the_figure_page(live_server) -> None:
    with urllib.request.urlopen(live_server.url + "/figures/figure-2", timeout=30) as resp:
        html = resp.read().decode()
    cells = re.findall(r"<td[^>]*>\s*([0-9]+\.[0-9]+)\s*</td>", html)
    assert cells, "no numeric cells in the figure table"
    assert all(re.fullmatch(r"[0-9]+\.[0-9]", c) for c in cells), cells[:5]
