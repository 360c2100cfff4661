"""The note's figures and the saved queries, as data for pages (over ``queries`` and ``figures``)."""

from __future__ import annotations

import base64
from typing import Any

from rdflib import Literal, URIRef

from .. import figures, queries, reconcile
from ..figures import FILES, Figure
from ..figures.matrix import human, pivot
from ..figures.table import format_value
from ..i18n import N_
from ..queries import SavedQuery
from ..store import SelectResult, Store


def saved_queries() -> list[dict[str, str]]:
    """Every saved query: name, title, description, text (the query page's examples)."""
    return [{"name": q.name, "title": q.title, "description": q.description, "query": q.text,
             "figure": str(q.figure or "")} for q in queries.catalog() if q.text]


def figure_list() -> list[dict[str, str]]:
    """The figures (saved queries that belong to a figure of the note)."""
    figs = [q for q in saved_queries() if q["name"].startswith("figure") or q["figure"]]
    return sorted(figs, key=lambda q: q["name"])


def figure(store: Store, name: str, params: dict[str, str] | None = None,
           lang: str = "en") -> dict[str, Any] | None:
    """Chart (SVG as a data URI), table, query text and the note's numbers beside ours;
    ``params`` are the saved query's parameters (``ParamError`` for a bad value)."""
    known = {q["name"]: q for q in figure_list()}
    if name not in known:
        return None
    meta = known[name]
    saved = queries.get(name)
    given = {p.name: params[p.name] for p in saved.params if params and params.get(p.name)}
    saved.terms(given)  # a bad value is refused before any work
    headers, rows = table(saved, queries.run(store, saved, given))
    fig = figures.build(store, name, given, lang=lang)
    files = _files(fig)
    csv = files["csv"].decode("utf-8")
    matrix = pivot(saved, fig.rows)
    svg_bytes = files["svg"]
    return {
        "name": name, "title": meta["title"], "description": meta["description"], "query": meta["query"],
        "source": saved.source or "", "headers": headers, "rows": rows,
        "chart": "data:image/svg+xml;base64," + base64.b64encode(svg_bytes).decode() if svg_bytes else "",
        "svg": svg_bytes, "csv": csv, "reconcile": _reconcile(store, name), "files": files,
        "matrix": matrix, "params": given, "form": form_fields(saved, given),
        "map": area_map(store, given, lang) if name in ("figure-6", MAP_QUERY) else None,
        "activities": _activity_count(store, given),
        "formats": ["csv", "json", "svg", "png", "vl.json", "ttl"],
    }


MAP_QUERY = "figure-6-map"
KINDS = (N_("country"), N_("region"))  # the map's "kind" column, shown translated
REACHES = (N_("global"), N_("regional"))  # with "country": the reach parameter's values, shown translated


def area_map(store: Store, params: dict[str, str] | None = None, lang: str = "en") -> dict[str, Any] | None:
    """Choropleths of activities per country (all, and inter-agency only) and the table beside
    them, for ``params`` of the map's saved query; ``None`` when nothing has an area."""
    saved = queries.get(MAP_QUERY)
    given = {p.name: params[p.name] for p in saved.params if params and params.get(p.name)}
    fig = figures.build(store, saved, given, lang=lang)
    if not fig.rows:
        return None
    joint = figures.build(store, saved, {**given, "interagency": "true"}, lang=lang)

    def uri(f: Figure) -> str:
        return "data:image/svg+xml;base64," + base64.b64encode(f.svg().encode()).decode()

    # the names as the map shows them: in the page's language where the data has one, else English
    rows = [{"label": c["areaLabel"], "lang": lang if c["areaLabel"] != r["areaLabel"] else "en", "href": r["area"],
             "kind": r["kind"], "activities": r["activities"], "interagency": r["interagencyActivities"]}
            for r, c in zip(fig.rows, fig.chart_rows, strict=True)]
    qs = "&".join(f"{k}={v}" for k, v in given.items())
    return {"all": uri(fig), "interagency": uri(joint) if joint.rows else "", "rows": rows,
            "name": MAP_QUERY, "qs": ("?" + qs) if qs else ""}


def form_fields(saved: SavedQuery, given: dict[str, str]) -> list[dict[str, Any]]:
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
        out.append({"name": p.name, "type": p.type, "label": p.description or p.name, "options": options,
                    "value": given.get(p.name, ""), "min": r[0] if r else "", "max": r[1] if r else ""})
    return out


def _activity_count(store: Store, given: dict[str, str]) -> int:
    """How many activities the figure is computed from (its filters as on /activities)."""
    from ..explore import activities, filters

    wanted = {k: v for k, v in given.items() if k in ("from", "to", "chapter", "entity", "reach", "interagency")}
    if wanted.get("interagency", "").lower() not in ("true", "1", "yes", "on"):
        wanted.pop("interagency", None)  # the saved queries read false as 'all activities'
    return activities.count(store, filters.parse(wanted))


def _files(fig: Figure) -> dict[str, bytes]:
    """The figure's files for the static site (as the API serves them), without the query text."""
    return fig.files(tuple(e for e in FILES if e != "rq"))


def table(saved: SavedQuery, result: SelectResult) -> tuple[list[dict[str, str]], list[list[dict[str, str]]]]:
    """The result as a table for people: an IRI column is shown through its label column, as a link."""
    columns = list(saved.columns)
    names = [c.name for c in columns] or list(result.variables)
    meaning = {c.name: c.meaning for c in columns}
    label_for: dict[str, str] = {}
    for c in columns:
        if c.label_of and c.label_of not in label_for:
            label_for[c.label_of] = c.name
    shown = [n for n in names if n not in label_for]
    # A label column links to the IRI it labels (the first label of each IRI column).
    link_of = {label: iri for iri, label in label_for.items()}
    headers = [{"name": human(n), "meaning": meaning.get(n, ""), "column": n} for n in shown]
    rows = []
    for r in result.rows:
        row = []
        for n in shown:
            v = r.get(n)
            href = str(r[link_of[n]]) if n in link_of and r.get(link_of[n]) is not None else ""
            if not href and isinstance(v, URIRef):
                href = str(v)
            row.append({"text": _cell(v.toPython() if isinstance(v, Literal) else v), "href": href})
        rows.append(row)
    return headers, rows


def _cell(v: Any) -> str:
    return format_value(v, decimals=1, yes="yes", no="no")


_RECONCILED: dict[str, list[reconcile.Line]] = {}


def _reconcile(store: Store, name: str) -> list[dict[str, str]]:
    """The note's published numbers beside the computed ones (all figures reconciled once per
    store version), for one saved query."""
    version = store.version()
    if version not in _RECONCILED:
        _RECONCILED.clear()
        _RECONCILED[version] = list(reconcile.reconcile(store))
    out = []
    for line in _RECONCILED[version]:
        if line.query != name:
            continue
        out.append({
            "label": str(line.what), "stated": str(line.stated or ""),
            "published": _number(line.published) + (" (approx.)" if line.approximate else ""),
            "published_value": _number(line.published), "approximate": "yes" if line.approximate else "",
            "computed": _number(line.computed), "difference": _number(line.difference),
            "unit": str(line.unit), "paragraph": str(line.paragraphs),
        })
    return out


def _number(v: float | None) -> str:
    if v is None:
        return ""
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"
