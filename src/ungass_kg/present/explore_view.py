"""What the faceted activity panel shows (``/activities`` and the entity, chapter and area
pages), as plain data for the templates; the live server and the static site both use it."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from .. import i18n
from ..explore import activities
from ..explore.filters import PAGE_SIZE, Filter
from ..i18n import N_
from ..store import Store
from .rendering import Site, render

DOWNLOADS = (("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON"))
SORT_LABELS = (("title", N_("title A-Z")), ("-title", N_("title Z-A")), ("-year", N_("newest")), ("year", N_("oldest")))
FACET_LIMIT = 12
PARAM_LABELS = {"q": N_("search"), "chapter": N_("chapter"), "entity": N_("entity"), "lead": N_("lead"),
                "area": N_("area"), "reach": N_("reach"), "focus": N_("focus"), "programme": N_("programme"),
                "from": N_("from"), "to": N_("to"), "interagency": N_("inter-agency")}
DATA_PARAMS = ("chapter", "entity", "lead", "area", "reach", "focus", "programme")


def panel(store: Store, f: Filter, link: Callable[[dict[str, str]], str],
          fixed: Mapping[str, str] | None = None) -> dict[str, Any]:
    """What the faceted panel shows; ``link(params)`` makes the URL of another state."""
    fixed = dict(fixed or {})
    total, facets = activities.counts(store, f)
    items = activities.page(store, f)
    lab = activities.labels(store)
    current = f.params()
    out_facets = []
    for fa in facets:
        if fa.key in fixed:
            continue
        vals = []
        change: dict[str, object]
        for v in fa.values:
            if fa.key == "year":
                selected = current.get("from") == v.value and current.get("to") == v.value
                change = {"from": None, "to": None} if selected else {"from": int(v.value), "to": int(v.value)}
            elif fa.key == "interagency":
                selected = current.get("interagency") == v.value
                change = {"interagency": None if selected else v.value == "true"}
            else:
                selected = current.get(fa.key) == v.value
                change = {fa.key: None if selected else v.value}
            vals.append({"value": v.value, "label": v.label, "count": v.count, "note": v.note, "iri": v.iri,
                         "selected": selected, "url": link(f.params(page=1, **change))})
        out_facets.append({"key": fa.key, "heading": fa.heading, "options": vals,
                           "selected": any(v["selected"] for v in vals)})
    active = []
    for k, val in f.active():
        if k in fixed:
            continue
        shown: str = val
        if k in DATA_PARAMS:
            iri = f.iri(k)
            shown = lab.labels.get(iri or "", val)
        elif k == "interagency":
            shown = N_("yes") if val == "true" else N_("no")
        # (parameter's label, the value as shown, whether it is an English data label)
        active.append((k, val, (PARAM_LABELS[k], shown, k in DATA_PARAMS), link(f.params(page=1, **{k: None}))))
    pages = max(1, -(-total // PAGE_SIZE))
    qs = f.query_string()
    return {
        "filter": f, "fixed": fixed, "fixed_qs": ("?" + urlencode(fixed)) if fixed else "", "total": total,
        "facets": out_facets, "results": items, "active": active, "facet_limit": FACET_LIMIT,
        "first": (f.page - 1) * PAGE_SIZE + 1, "pages": pages, "qs": qs,
        "prev": link(f.params(page=f.page - 1)) if f.page > 1 else "",
        "next": link(f.params(page=f.page + 1)) if f.page < pages else "",
        "sorts": [(k, label, link(f.params(sort=k, page=1)), f.sort == k) for k, label in SORT_LABELS],
        "downloads": DOWNLOADS, "compact": False,
    }


def as_json(store: Store, f: Filter, x: dict[str, Any]) -> dict[str, Any]:
    return {
        "filter": f.params(), "total": x["total"], "page": f.page, "pages": x["pages"], "page_size": PAGE_SIZE,
        "facets": {fa["key"]: [{k: v[k] for k in ("value", "label", "count", "iri")} for v in fa["options"]]
                   for fa in x["facets"]},
        "activities": [{"iri": a["iri"], "title": a["title"], "year": a["year"], "description": a["description"],
                        "lead": [e["key"] for e in a["lead"]], "chapter": [c["key"] for c in a["chapter"]],
                        "reach": [r["key"] for r in a["reach"]], "area": [c["key"] for c in a["area"]]}
                       for a in x["results"]],
    }


def activities_html(store: Store, f: Filter, site: Site, link: Callable[[dict[str, str]], str]) -> str:
    x = panel(store, f, link)
    return render("activities.html", site, title=i18n.gettext_for(site.lang)(N_("Activities")), x=x, base="activities")
