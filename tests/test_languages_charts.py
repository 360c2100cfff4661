"""The charts in the six languages: titles, axes, legends and notes translated, real glyphs for
Chinese and Arabic (not boxes), and answers kept apart by language.

Real saved queries on the bundled store, rendered with vl-convert as the server renders them.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
import requests

from ungass_kg import figures, i18n, queries
from ungass_kg.figures import chart_text, render

OTHERS = [x for x in i18n.LANGUAGES if x != "en"]
CHARTS = [q.name for q in queries.catalog() if q.chart is not None]


def titles(spec: Any, key: str = "") -> list[str]:
    """Every axis, legend, facet and tooltip title of a spec (the chart's own title block aside)."""
    out: list[str] = []
    if isinstance(spec, dict):
        for k, v in spec.items():
            if k == "title" and isinstance(v, str):
                out.append(v)
            elif not (k == "title" and key == ""):
                out += titles(v, k)
    elif isinstance(spec, list):
        for v in spec:
            out += titles(v, key)
    return out


def test_every_title_the_charts_show_is_a_catalog_word(bundled_store) -> None:
    """A saved query whose column meaning becomes an axis title must have it in chart_text.WORDS
    (and so in the catalogs): a new or reworded meaning fails here instead of showing in English."""
    shown = {t for name in CHARTS for t in titles(figures.build(bundled_store, name).spec)}
    field_names = {c.name for q in queries.catalog() for c in q.columns}  # tooltips titled by a column
    assert shown - set(chart_text.WORDS) - field_names == set()


@pytest.mark.parametrize("lang", OTHERS)
def test_chart_words_are_translated_and_the_numbers_stay(bundled_store, lang: str) -> None:
    for name in ("figure-2", "figure-4", "figure-6-map", "organisations-per-chapter"):
        en = figures.build(bundled_store, name).spec
        other = figures.build(bundled_store, name, lang=lang).spec
        _ = i18n.gettext_for(lang)
        want = [_(t) for t in titles(en)]
        assert titles(other) == want, name
        head = other["title"]["text"][0] if other["title"].get("text") else ""
        if name.startswith("figure-"):
            assert head == _("Figure %(n)s", n=queries.get(name).figure), (name, head)
        # the caption under the heading is the note's own, in English; the data's numbers are the same
        assert other["title"]["text"][1:] == en["title"]["text"][1:]
        numbers = re.compile(r"\d+(?:\.\d+)?")
        assert numbers.findall(json.dumps(en.get("data"), ensure_ascii=False)) == numbers.findall(
            json.dumps(other.get("data"), ensure_ascii=False))
    fig2 = figures.build(bundled_store, "figure-2", lang=lang)
    assert i18n.gettext_for(lang)("Other entities") in fig2.svg() and "Other entities" not in fig2.svg()


@pytest.mark.parametrize(("lang", "pair"), [("zh", ("中", "文")), ("ar", ("ب", "ج")), ("ar", ("a", "b")),
                                             ("ru", ("Ж", "Ф"))])
def test_the_chart_font_draws_the_script(lang: str, pair: tuple[str, str]) -> None:
    """A glyph the fonts lack is drawn as the same box whatever the character: two different
    characters that render alike are boxes. In the font chosen for the language they differ."""
    def png(text: str) -> bytes:
        spec = {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "data": {"values": [{"a": 1}]},
                "mark": {"type": "text", "fontSize": 40}, "encoding": {"text": {"value": text}},
                "config": {"font": chart_text.font_for(lang), "view": {"stroke": None}}}
        return render.png(spec)

    assert png(pair[0]) != png(pair[1])
    assert png(pair[0]) == png(pair[0])  # the comparison itself is stable


def test_chart_files_are_answered_and_cached_per_language(live_server) -> None:
    base = live_server.url + "/queries/figure-2.svg"
    en = requests.get(base, timeout=120)
    zh = requests.get(base, params={"lang": "zh"}, timeout=120)
    fr = requests.get(base, headers={"Accept-Language": "fr-FR,fr;q=0.9"}, timeout=120)
    assert en.status_code == zh.status_code == fr.status_code == 200
    assert "Other entities" in en.text and "Figure 2" in en.text
    assert "其他实体" in zh.text and "图 2" in zh.text and "Other entities" not in zh.text
    assert "Autres entités" in fr.text
    assert len({en.headers["etag"], zh.headers["etag"], fr.headers["etag"]}) == 3
    assert "accept-language" in zh.headers["vary"].lower()
    again = requests.get(base, params={"lang": "zh"}, headers={"If-None-Match": zh.headers["etag"]}, timeout=60)
    assert again.status_code == 304
    assert "Other entities" in requests.get(base, timeout=60).text  # the English answer is still English
    csv_en = requests.get(live_server.url + "/queries/figure-2.csv", timeout=60)
    csv_zh = requests.get(live_server.url + "/queries/figure-2.csv", params={"lang": "zh"}, timeout=60)
    assert csv_en.text == csv_zh.text  # machine files do not change with the language


def test_figure_page_draws_its_chart_in_the_pages_language(live_server) -> None:
    page = requests.get(live_server.url + "/figures/figure-4", params={"lang": "ar"},
                        headers={"Accept": "text/html"}, timeout=120).text
    uri = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]+)"', page)
    assert uri is not None
    svg = base64.b64decode(uri.group(1)).decode("utf-8")
    assert "الشكل 4" in svg and re.search(r"[\u0600-\u06FF]{3,}", uri.group(2))  # chart and alt text
