"""The note's figures and the saved queries, as data for pages (over ``queries`` and ``figures``).

Those modules belong to the figures feature; this adapter only reads them, and keeps the pages
working (with no figures) in an installation where they are absent.
"""

from __future__ import annotations

import base64
import importlib
from typing import Any

from ..figures.table import format_value
from ..store import Store


def _module(name: str) -> Any:
    try:
        return importlib.import_module(f"ungass_kg.{name}")
    except ImportError:
        return None


def _get(obj: Any, *names: str, default: Any = "") -> Any:
    for n in names:
        if isinstance(obj, dict) and n in obj:
            return obj[n]
        if hasattr(obj, n):
            v = getattr(obj, n)
            return v() if callable(v) and n in ("svg", "csv", "json") else v
    return default


def saved_queries() -> list[dict[str, str]]:
    """Every saved query: name, title, description, text (the query page's examples)."""
    queries = _module("queries")
    if queries is None or not hasattr(queries, "catalog"):
        return []
    out = []
    items = queries.catalog()
    for q in (items.values() if isinstance(items, dict) else items):
        out.append({"name": str(_get(q, "name", "id")), "title": str(_get(q, "title", "summary", "name")),
                    "description": str(_get(q, "description", "summary", default="")),
                    "query": str(_get(q, "text", "query", "sparql", default="")),
                    "figure": str(_get(q, "figure", default="") or "")})
    return [q for q in out if q["query"]]


def figure_list() -> list[dict[str, str]]:
    """The figures (saved queries that belong to a figure of the note)."""
    figs = [q for q in saved_queries() if q["name"].startswith("figure") or q["figure"]]
    return sorted(figs, key=lambda q: q["name"])


def figure(store: Store, name: str, params: dict[str, str] | None = None) -> dict[str, Any] | None:
    """Chart (SVG as a data URI), table, query text and the note's numbers beside ours;
    ``params`` are the saved query's parameters (``ParamError`` for a bad value)."""
    known = {q["name"]: q for q in figure_list()}
    queries = _module("queries")
    if name not in known or queries is None:
        return None
    meta = known[name]
    saved = queries.get(name)
    given = {p.name: params[p.name] for p in saved.params if params and params.get(p.name)}
    saved.terms(given)  # a bad value is refused before any work
    headers, rows = table(saved, queries.run(store, saved, given))
    svg, csv = "", ""
    files: dict[str, bytes] = {}
    matrix = None
    figures = _module("figures")
    if figures is not None and hasattr(figures, "build"):
        fig = figures.build(store, name, given)
        svg = _get(fig, "svg", default="")
        csv = _csv(fig)
        files = _files(fig)
        from ..figures.matrix import pivot

        matrix = pivot(saved, fig.rows)
    svg_bytes = svg.encode() if isinstance(svg, str) else (svg or b"")
    return {
        "name": name, "title": meta["title"], "description": meta["description"], "query": meta["query"],
        "source": str(getattr(saved, "source", "") or ""), "headers": headers, "rows": rows,
        "chart": "data:image/svg+xml;base64," + base64.b64encode(svg_bytes).decode() if svg_bytes else "",
        "svg": svg_bytes, "csv": csv, "reconcile": _reconcile(store, name), "files": files,
        "matrix": matrix, "params": given, "form": form_fields(saved, given),
        "map": area_map(store, given) if name in ("figure-6", MAP_QUERY) else None,
        "activities": _activity_count(store, given),
        "formats": ["csv", "json", "svg", "png", "vl.json", "ttl"] if files else ["csv"],
    }


MAP_QUERY = "figure-6-map"


def area_map(store: Store, params: dict[str, str] | None = None) -> dict[str, Any] | None:
    """Choropleths of activities per country (all, and inter-agency only) and the table beside
    them, for ``params`` of the map's saved query; ``None`` when nothing has an area."""
    figures = _module("figures")
    queries = _module("queries")
    if figures is None or queries is None:
        return None
    saved = queries.get(MAP_QUERY)
    given = {p.name: params[p.name] for p in saved.params if params and params.get(p.name)}
    fig = figures.build(store, saved, given)
    if not fig.rows:
        return None
    joint = figures.build(store, saved, {**given, "interagency": "true"})

    def uri(f: Any) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(f.svg().encode()).decode()

    rows = [{"label": r["areaLabel"], "href": r["area"], "kind": r["kind"], "activities": r["activities"],
             "interagency": r["interagencyActivities"]} for r in fig.rows]
    qs = "&".join(f"{k}={v}" for k, v in given.items())
    return {"all": uri(fig), "interagency": uri(joint) if joint.rows else "", "rows": rows,
            "name": MAP_QUERY, "qs": ("?" + qs) if qs else ""}


def form_fields(saved: Any, given: dict[str, str]) -> list[dict[str, Any]]:
    """One field per declared parameter: a choice where the values are listed, else a number."""
    out = []
    for p in saved.params:
        if p.type == "chapter":
            options = [(str(n), f"{n}") for n in range(1, 8)]
        elif p.type == "boolean":
            options = [("true", "yes")]
        elif p.enum:
            options = [(v, v.upper() if p.type == "entity" else v) for v in p.enum]
        else:
            options = []
        r = p.range
        out.append({"name": p.name, "label": p.description or p.name, "options": options,
                    "value": given.get(p.name, ""), "min": r[0] if r else "", "max": r[1] if r else ""})
    return out


def _activity_count(store: Store, given: dict[str, str]) -> int:
    """How many activities the figure is computed from (its filters as on /activities)."""
    from ..explore import activities, filters

    wanted = {k: v for k, v in given.items() if k in ("from", "to", "chapter", "entity", "reach", "interagency")}
    if wanted.get("interagency", "").lower() not in ("true", "1", "yes", "on"):
        wanted.pop("interagency", None)  # the saved queries read false as 'all activities'
    return activities.count(store, filters.parse(wanted))


def _files(fig: Any) -> dict[str, bytes]:
    """The figure's files for the static site: table, chart and Data Cube (as the API serves them)."""
    import json

    out: dict[str, bytes] = {}
    for ext, make in (("csv", lambda: fig.csv()), ("svg", lambda: fig.svg()),
                      ("json", lambda: json.dumps(fig.json(), ensure_ascii=False, indent=1)),
                      ("vl.json", lambda: json.dumps(fig.spec, ensure_ascii=False, indent=1)),
                      ("ttl", lambda: fig.cube().serialize(format="turtle")), ("png", lambda: fig.png())):
        try:
            data = make()
        except Exception:  # a figure without a chart or cube still gets its other files
            continue
        out[ext] = data if isinstance(data, bytes) else str(data).encode("utf-8")
    return out


def table(saved: Any, result: Any) -> tuple[list[dict[str, str]], list[list[dict[str, str]]]]:
    """The result as a table for people: an IRI column is shown through its label column, as a link."""
    columns = list(getattr(saved, "columns", ()) or ())
    names = [c.name for c in columns] or list(result.variables)
    meaning = {c.name: c.meaning for c in columns}
    label_for: dict[str, str] = {}
    for c in columns:
        if c.label_of and c.label_of not in label_for:
            label_for[c.label_of] = c.name
    shown = [n for n in names if n not in label_for]
    # A label column links to the IRI it labels (the first label of each IRI column).
    link_of = {label: iri for iri, label in label_for.items()}
    from ..figures.matrix import human

    headers = [{"name": human(n), "meaning": meaning.get(n, ""), "column": n} for n in shown]
    rows = []
    for r in result.rows:
        row = []
        for n in shown:
            v = r.get(n)
            href = str(r[link_of[n]]) if n in link_of and r.get(link_of[n]) is not None else ""
            if not href and v is not None and v.__class__.__name__ == "URIRef":
                href = str(v)
            row.append({"text": _cell(v.toPython() if hasattr(v, "toPython") else v), "href": href})
        rows.append(row)
    return headers, rows


def _cell(v: Any) -> str:
    return format_value(v, decimals=1, yes="yes", no="no")


def _csv(fig: Any) -> str:
    try:
        v = _get(fig, "csv", default="")
        return v.decode() if isinstance(v, bytes) else str(v)
    except Exception:  # a figure without CSV still gets a page
        return ""


_RECONCILED: dict[str, list[Any]] = {}


def _reconcile(store: Store, name: str) -> list[dict[str, str]]:
    """The note's published numbers beside the computed ones (all figures reconciled once per
    store version), for one saved query."""
    rec = _module("reconcile")
    if rec is None or not hasattr(rec, "reconcile"):
        return []
    version = store.version()
    if version not in _RECONCILED:
        _RECONCILED.clear()
        _RECONCILED[version] = list(rec.reconcile(store))
    out = []
    for line in _RECONCILED[version]:
        if getattr(line, "query", None) != name:
            continue
        out.append({
            "label": str(line.what), "stated": str(line.stated or ""),
            "published": _number(line.published) + (" (approx.)" if line.approximate else ""),
            "computed": _number(line.computed), "difference": _number(line.difference),
            "unit": str(line.unit), "paragraph": str(line.paragraphs),
        })
    return out


def _number(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"
