"""Vega-Lite specs for the saved queries' charts.

The data are prepared here (stack positions, label text, "other entities" grouping) so
the spec stays simple and renders the same everywhere, offline. Chapters appear under
the names the note gives them; shares carry a per-cent label.
"""

from __future__ import annotations

import re
import textwrap
from collections import defaultdict
from typing import Any

from ..queries import SavedQuery
from .table import Value

Spec = dict[str, Any]
Row = dict[str, Value]
OTHERS = "Other entities"
FONT = "Helvetica, Arial, sans-serif"
# Light, distinguishable colours so black labels stay legible on every segment.
PALETTE = ["#8dd3c7", "#fdb462", "#bebada", "#fb8072", "#80b1d3", "#b3de69", "#fccde5", "#ffed6f",
           "#bc80bd", "#66c2a5", "#e5c494", "#8da0cb", "#e78ac3", "#a6d854", "#c7e9c0", "#fdd0a2",
           "#9ecae1", "#dadaeb", "#fc9272", "#bcbddc"]
OTHERS_COLOR = "#e3e3e3"
REACH_ORDER = ("Global", "Regional", "Country")


def title_block(q: SavedQuery, subtitle: str = "") -> dict[str, Any]:
    head = f"Figure {q.figure}" if q.figure else ""
    lines = textwrap.wrap(q.title, 78)
    t: dict[str, Any] = {"text": ([head] if head else []) + lines, "anchor": "start", "fontSize": 14,
                         "subtitleFontSize": 11, "subtitleColor": "#555", "offset": 12}
    if subtitle:
        t["subtitle"] = subtitle
    return t


# Average glyph widths (px) of the title and subtitle fonts, a little generous, so that a title
# wrapped to the chart's width fits in whichever sans-serif the browser renders it with.
_TITLE_CHAR_PX = 8.2
_SUBTITLE_CHAR_PX = 6.3


def fit_title(spec: Spec, width: float) -> Spec:
    """Re-wrap the title and subtitle to ``width`` px (the rendered chart's width): a long title
    wraps onto more lines instead of running past the edge of the SVG and being cut off."""
    title = spec.get("title")
    if not isinstance(title, dict) or width <= 0:
        return spec
    lines = title.get("text") or []
    head = [lines[0]] if lines and str(lines[0]).startswith("Figure ") else []
    body = " ".join(str(x) for x in lines[len(head):])
    per_line = max(24, int(width / _TITLE_CHAR_PX))
    out = dict(title)
    out["text"] = head + textwrap.wrap(body, per_line)
    sub = title.get("subtitle")
    if sub:
        text = " ".join(sub) if isinstance(sub, list) else str(sub)
        out["subtitle"] = textwrap.wrap(text, max(30, int(width / _SUBTITLE_CHAR_PX)))
    return {**spec, "title": out}


def _pct(v: Value) -> str:
    return f"{float(v or 0):.0f}%"


def _label(q: SavedQuery, col: str, v: Value) -> str:
    if v is None:
        return ""
    if col == "share":
        return _pct(v)
    if isinstance(v, bool):
        return "yes" if v else "no"
    return str(v)


def _axis_title(q: SavedQuery, col: str) -> str | None:
    try:
        c = q.column(col)
    except KeyError:
        return None
    if c.role == "label" or c.type in ("string", "iri"):
        return None
    m = c.meaning
    return m[:1].upper() + m[1:]


def _legend_title(col: str) -> str:
    """A short legend title: the column's name in words ("participations" -> "Participations")."""
    words = re.sub(r"([a-z])([A-Z])", r"\1 \2", col).lower()
    return words[:1].upper() + words[1:]


def _order(rows: list[Row], field: str, sort: str | None) -> list[str]:
    """Distinct values of ``field`` in the order the chart shows them."""
    if sort and sort.startswith("-"):
        key = sort[1:]
        seen = sorted(rows, key=lambda r: (-float(r.get(key) or 0), str(r.get(field))))
    elif sort:
        seen = sorted(rows, key=lambda r: (r.get(sort) is None, r.get(sort) or 0, str(r.get(field))))
    else:
        seen = rows
    out: list[str] = []
    for r in seen:
        v = str(r.get(field))
        if v not in out:
            out.append(v)
    return out


def _base(q: SavedQuery, subtitle: str) -> Spec:
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": title_block(q, subtitle),
        "config": {"font": FONT, "view": {"stroke": None}, "axis": {"labelFontSize": 11, "titleFontSize": 11},
                   "legend": {"labelFontSize": 11, "titleFontSize": 11}, "background": "white"},
        "padding": 12,
    }


def heatmap(q: SavedQuery, rows: list[Row], subtitle: str) -> Spec:
    ch = q.chart.channels if q.chart else {}
    x, y, color, text = ch["x"], ch["y"], ch["color"], ch.get("text", ch["color"])
    xs, ys = _order(rows, x, ch.get("sort-x")), _order(rows, y, ch.get("sort-y"))
    data = [{x: str(r[x]), y: str(r[y]), color: r[color],
             "_label": "" if not r[text] else _label(q, text, r[text])} for r in rows]
    top = max((float(r[color] or 0) for r in rows), default=0.0)
    spec = _base(q, subtitle)
    spec.update({
        "data": {"values": data},
        "width": max(300, 78 * len(xs)), "height": max(200, 20 * len(ys)),
        "encoding": {
            "x": {"field": x, "type": "nominal", "sort": xs, "title": None,
                  "axis": {"orient": "top", "labelAngle": -30, "labelLimit": 200}},
            "y": {"field": y, "type": "nominal", "sort": ys, "title": None},
        },
        "layer": [
            {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
             "encoding": {"color": {"condition": {"test": f"datum['{color}'] == 0", "value": "#f3f3f3"},
                                    "field": color, "type": "quantitative", "title": _legend_title(color),
                                    "scale": {"scheme": "blues", "domainMin": 0},
                                    "legend": {"orient": "bottom", "gradientLength": 240}}}},
            {"mark": {"type": "text", "fontSize": 10},
             "encoding": {"text": {"field": "_label"},
                          # white on the darkest cells, black elsewhere
                          "color": {"condition": {"test": f"datum['{color}'] > {0.6 * top}", "value": "white"},
                                    "value": "black"}}},
        ],
    })
    return spec


def _group_others(q: SavedQuery, rows: list[Row], y: str, color: str, x: str, below: float) -> list[Row]:
    """Fold segments under ``below`` per cent into one "Other entities" segment per bar."""
    out: list[Row] = []
    folded: dict[str, Row] = {}
    for r in rows:
        if float(r.get(x) or 0) < below:
            key = str(r[y])
            agg = folded.setdefault(key, {**r, color: OTHERS, x: 0.0})
            agg[x] = float(agg[x] or 0) + float(r.get(x) or 0)
        else:
            out.append(r)
    return out + list(folded.values())


def stacked_bar(q: SavedQuery, rows: list[Row], subtitle: str) -> Spec:
    ch = q.chart.channels if q.chart else {}
    x, y, color = ch["x"], ch["y"], ch["color"]
    facet = ch.get("facet")
    if "melt" in ch:
        # Several measure columns shown side by side ("share=All activities; interagencyShare=...").
        facet, melted = "_panel", []
        for part in ch["melt"].split(";"):
            col, _, title = part.partition("=")
            melted += [{**r, x: r.get(col.strip()), facet: title.strip()} for r in rows]
        rows = melted
    if "others-below" in ch:
        rows = _group_others(q, rows, y, color, x, float(ch["others-below"]))
    ys = _order(rows, y, ch.get("sort-y"))
    colors = _order(rows, color, ch.get("sort-color") or f"-{x}")
    if OTHERS in colors:
        colors = [c for c in colors if c != OTHERS] + [OTHERS]
    if set(colors) <= set(REACH_ORDER):
        colors = [c for c in REACH_ORDER if c in colors]
    data: list[Row] = []
    stacks: dict[tuple[str, str], float] = defaultdict(float)
    for r in sorted(rows, key=lambda r: colors.index(str(r[color]))):
        key = (str(r.get(facet)) if facet else "", str(r[y]))
        start = stacks[key]
        end = start + float(r.get(x) or 0)
        stacks[key] = end
        data.append({y: str(r[y]), color: str(r[color]), "_x0": start, "_x1": end, "_mid": (start + end) / 2,
                     "_label": _label(q, x, r.get(x)) if end - start >= 4 else "", x: r.get(x),
                     **({facet: str(r.get(facet))} if facet else {})})
    scale: dict[str, Any] = {"domain": colors}
    if len(colors) <= len(PALETTE):
        scale["range"] = [OTHERS_COLOR if c == OTHERS else PALETTE[i] for i, c in enumerate(colors)]
    else:
        scale["scheme"] = "tableau20"
    inner: Spec = {
        "width": 460, "height": max(120, 34 * len(ys)),
        "encoding": {"y": {"field": y, "type": "nominal", "sort": ys, "title": None,
                           "axis": {"labelLimit": 220}}},
        "layer": [
            {"mark": {"type": "bar", "stroke": "white", "strokeWidth": 0.5},
             "encoding": {
                 "x": {"field": "_x0", "type": "quantitative", "scale": {"domain": [0, 100]},
                       "title": _axis_title(q, x)},
                 "x2": {"field": "_x1"},
                 "color": {"field": color, "type": "nominal", "scale": scale, "title": None,
                           "legend": {"orient": "bottom", "columns": 6, "symbolType": "square"}},
                 "tooltip": [{"field": y}, {"field": color}, {"field": "_label", "title": x}]}},
            {"mark": {"type": "text", "fontSize": 10, "color": "black"},
             "encoding": {"x": {"field": "_mid", "type": "quantitative"}, "text": {"field": "_label"}}},
        ],
    }
    spec = _base(q, subtitle)
    spec["data"] = {"values": data}
    if facet:
        panels = _order(rows, facet, None)
        spec.update({"facet": {"column": {"field": facet, "type": "nominal", "title": None, "sort": panels,
                                          "header": {"labelFontSize": 12, "labelFontWeight": "bold"}}},
                     "spec": inner, "resolve": {"scale": {"y": "shared"}}})
        inner["width"] = 330
    else:
        spec.update(inner)
    return spec


def bar(q: SavedQuery, rows: list[Row], subtitle: str) -> Spec:
    ch = q.chart.channels if q.chart else {}
    x, y = ch["x"], ch["y"]
    text = ch.get("text", x)
    ys = _order(rows, y, ch.get("sort-y"))
    data = [{y: str(r[y]), x: r.get(x), "_label": _label(q, text, r.get(text))} for r in rows]
    spec = _base(q, subtitle)
    xenc: dict[str, Any] = {"field": x, "type": "quantitative", "title": _axis_title(q, x)}
    if x == "share":
        xenc["scale"] = {"domain": [0, 100]}
    spec.update({
        "data": {"values": data},
        "width": 460, "height": max(100, 24 * len(ys)),
        "encoding": {"y": {"field": y, "type": "nominal", "sort": ys, "title": None, "axis": {"labelLimit": 220}},
                     "x": xenc},
        "layer": [
            {"mark": {"type": "bar", "color": "#4c78a8"}},
            {"mark": {"type": "text", "align": "left", "dx": 4, "fontSize": 11},
             "encoding": {"text": {"field": "_label"}}},
        ],
    })
    return spec


def network(q: SavedQuery, rows: list[Row], subtitle: str) -> Spec:
    """The entity-pair network drawn as a symmetric adjacency matrix (legible for 23 entities)."""
    ch = q.chart.channels if q.chart else {}
    a, b, w = ch["x"], ch["y"], ch["color"]
    facet = ch.get("facet")
    data: list[Row] = []
    for r in rows:
        extra = {facet: str(r.get(facet))} if facet else {}
        data.append({"_a": str(r[a]), "_b": str(r[b]), w: r[w], "_label": str(r[w]), **extra})
        data.append({"_a": str(r[b]), "_b": str(r[a]), w: r[w], "_label": str(r[w]), **extra})
    names = sorted({str(d["_a"]) for d in data})
    top = max((float(r[w] or 0) for r in rows), default=0.0)
    cell = 22 if not facet else 15
    inner: Spec = {
        "width": max(120, cell * len(names)) if not facet else {"step": cell},
        "height": max(120, cell * len(names)) if not facet else {"step": cell},
        "encoding": {"x": {"field": "_a", "type": "nominal", "sort": names, "title": None,
                           "axis": {"orient": "top", "labelAngle": -60}},
                     "y": {"field": "_b", "type": "nominal", "sort": names, "title": None}},
        "layer": [
            {"mark": {"type": "rect", "stroke": "white", "strokeWidth": 1},
             "encoding": {"color": {"field": w, "type": "quantitative", "title": _legend_title(w),
                                    "scale": {"scheme": "oranges", "domainMin": 0},
                                    "legend": {"orient": "bottom", "gradientLength": 220}}}},
            {"mark": {"type": "text", "fontSize": 9 if not facet else 7},
             "encoding": {"text": {"field": "_label"},
                          "color": {"condition": {"test": f"datum['{w}'] > {0.6 * top}", "value": "white"},
                                    "value": "black"}}},
        ],
    }
    spec = _base(q, subtitle)
    spec["data"] = {"values": data}
    if facet:
        order = _order(rows, facet, ch.get("sort-facet"))
        spec.update({"facet": {"field": facet, "type": "nominal", "sort": order, "title": None,
                               "header": {"labelFontSize": 12, "labelFontWeight": "bold"}},
                     "columns": 2, "spec": inner,
                     "resolve": {"scale": {"x": "independent", "y": "independent"}}})
    else:
        spec.update(inner)
    return spec


def number(q: SavedQuery, rows: list[Row], subtitle: str) -> Spec:
    ch = q.chart.channels if q.chart else {}
    col = ch.get("text", q.columns[0].name)
    v = rows[0].get(col) if rows else 0
    spec = _base(q, subtitle)
    spec.update({
        "data": {"values": [{"_label": str(v), "_what": q.column(col).meaning}]},
        "width": 420, "height": 90,
        "layer": [
            {"mark": {"type": "text", "fontSize": 48, "fontWeight": "bold", "color": "#4c78a8", "dy": -12},
             "encoding": {"text": {"field": "_label"}}},
            {"mark": {"type": "text", "fontSize": 12, "dy": 30}, "encoding": {"text": {"field": "_what"}}},
        ],
    })
    return spec


def choropleth(q: SavedQuery, rows: list[Row], subtitle: str) -> Spec:
    from .maps import choropleth as draw

    return draw(q, rows, subtitle, _base(q, subtitle))


KINDS = {"heatmap": heatmap, "stacked-bar": stacked_bar, "bar": bar, "network": network, "number": number,
         "map": choropleth}


def spec_for(q: SavedQuery, rows: list[Row], subtitle: str = "") -> Spec:
    """The Vega-Lite spec of a saved query's chart (an empty note when there is no data)."""
    kind = q.chart.kind if q.chart else "bar"
    if not rows:
        spec = _base(q, subtitle)
        spec.update({"data": {"values": [{"t": "No activities match."}]}, "width": 420, "height": 60,
                     "mark": {"type": "text", "fontSize": 14}, "encoding": {"text": {"field": "t"}}})
        return spec
    return KINDS.get(kind, bar)(q, rows, subtitle)
