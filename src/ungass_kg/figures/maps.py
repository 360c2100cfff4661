"""Choropleth maps of activities per country (Vega-Lite ``geoshape``), rendered offline.

The country outlines are Natural Earth's, from the npm package ``world-atlas`` (generated into
``geo/world-110m.topo.json`` by tools/generate_world.py and committed; nothing is fetched at
run time). They are keyed by ISO 3166-1 numeric code, which is the M49 code of our areas.
A regional activity is shown for its region, in the bar chart beside the map, never spread
over the countries of the region.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from ..queries import SavedQuery
from .table import Value

GEO = Path(__file__).resolve().parent / "geo" / "world-110m.topo.json"
NO_DATA = "#eceff1"


@cache
def world() -> dict[str, Any]:
    """The TopoJSON of the world's countries (object ``countries``, ids = M49 codes)."""
    data: dict[str, Any] = json.loads(GEO.read_text(encoding="utf-8"))
    return data


@cache
def mapped_codes() -> frozenset[str]:
    return frozenset(str(g.get("id")) for g in world()["objects"]["countries"]["geometries"] if g.get("id"))


def choropleth(q: SavedQuery, rows: list[dict[str, Value]], subtitle: str, base: dict[str, Any]) -> dict[str, Any]:
    """The map (countries coloured by ``color``) above a bar chart of the regions' numbers."""
    ch = q.chart.channels if q.chart else {}
    code, color = ch.get("area", "areaCode"), ch.get("color", "activities")
    label, kind = ch.get("text", "areaLabel"), ch.get("kind", "kind")
    countries = [{"id": str(r[code]), "n": r[color], "name": r[label]} for r in rows
                 if r.get(kind) == "country" and r.get(color)]
    regions = [{"name": r[label], "n": r[color]} for r in rows if r.get(kind) != "country" and r.get(color)]
    off_map = [str(c["name"]) for c in countries if c["id"] not in mapped_codes()]
    top = max((float(c["n"] or 0) for c in countries), default=1.0)
    legend_title = "Inter-agency activities" if color.startswith("interagency") else "Activities"
    geo = {"values": world(), "format": {"type": "topojson", "feature": "countries"}}
    map_view: dict[str, Any] = {
        "width": 640, "height": 330,
        "projection": {"type": "equalEarth"},
        "layer": [
            {"data": geo, "mark": {"type": "geoshape", "fill": NO_DATA, "stroke": "white", "strokeWidth": 0.4}},
            {"data": geo,
             "transform": [{"lookup": "id", "from": {"data": {"values": countries}, "key": "id",
                                                     "fields": ["n", "name"]}},
                           {"filter": "datum.n > 0"}],
             "mark": {"type": "geoshape", "stroke": "white", "strokeWidth": 0.4},
             "encoding": {"color": {"field": "n", "type": "quantitative", "title": legend_title,
                                    "scale": {"scheme": "blues", "domainMin": 0, "domainMax": max(top, 1)},
                                    "legend": {"orient": "bottom", "gradientLength": 200}},
                          "tooltip": [{"field": "name", "title": "Country"}, {"field": "n", "title": legend_title}]}},
        ],
    }
    spec = dict(base)
    parts: list[dict[str, Any]] = [map_view]
    if regions:
        most = int(max(float(r["n"] or 0) for r in regions))
        parts.append({
            "title": {"text": "Regional activities (shown for their region)", "anchor": "start", "fontSize": 12},
            "data": {"values": regions}, "width": 380, "height": {"step": 18},
            "mark": {"type": "bar", "color": "#6baed6"},
            "encoding": {"y": {"field": "name", "type": "nominal", "sort": "-x", "title": None,
                               "axis": {"labelLimit": 260, "orient": "right"}},  # bars start under the map
                         "x": {"field": "n", "type": "quantitative", "title": legend_title,
                               "axis": {"values": list(range(most + 1)), "format": "d"}}},
        })
    if off_map:
        note = "Too small for this map's scale (in the table): " + ", ".join(off_map)
        parts.append({"data": {"values": [{"t": note}]},
                      "mark": {"type": "text", "align": "left", "fontSize": 11, "color": "#555", "limit": 640},
                      "encoding": {"text": {"field": "t"}}, "width": 640, "height": 16})
    spec["vconcat"] = parts
    spec["spacing"] = 18
    spec["bounds"] = "flush"  # each part starts at the left edge (not aligned on the bar chart's axis)
    spec["align"] = "none"
    return spec
