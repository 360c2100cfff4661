"""``/activities`` (HTML, ``.json``, ``.csv``, ``.xlsx``): the activities, faceted and searchable.

The state is in the URL (see :mod:`ungass_kg.explore.filters`); the answers come from
:mod:`ungass_kg.explore` (SPARQL over the store). The entity, chapter and area pages show the
same panel with their own filter fixed (:func:`panel`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..errors import UserError
from ..explore import activities, filters, table
from ..explore.filters import PAGE_SIZE, Filter
from ..present import negotiation
from ..present.rendering import Site, render
from ..store import Store
from .caching import make_etag, not_modified
from .runtime import error_response

router = APIRouter()

DOWNLOADS = (("csv", "CSV"), ("xlsx", "XLSX"), ("json", "JSON"))
SORT_LABELS = (("title", "title A-Z"), ("-title", "title Z-A"), ("-year", "newest"), ("year", "oldest"))
FACET_LIMIT = 12
PARAM_LABELS = {"q": "search", "chapter": "chapter", "entity": "entity", "lead": "lead", "area": "area",
                "reach": "reach", "focus": "focus", "programme": "programme", "from": "from", "to": "to",
                "interagency": "inter-agency"}


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
        if k in ("chapter", "entity", "lead", "area", "reach", "focus", "programme"):
            iri = f.iri(k)
            shown = lab.labels.get(iri or "", val)
        active.append((k, val, f"{PARAM_LABELS[k]}: {shown}", link(f.params(page=1, **{k: None}))))
    pages = max(1, -(-total // PAGE_SIZE))
    qs = f.query_string()
    return {
        "filter": f, "fixed": fixed, "fixed_qs": ("?" + urlencode(fixed)) if fixed else "", "total": total,
        "facets": out_facets, "results": items, "active": active, "facet_limit": FACET_LIMIT,
        "first": (f.page - 1) * PAGE_SIZE + 1, "pages": pages, "qs": qs,
        "prev": link(f.params(page=f.page - 1)) if f.page > 1 else "",
        "next": link(f.params(page=f.page + 1)) if f.page < pages else "",
        "sorts": [(k, label, link(f.params(sort=k, page=1)), f.sort == k) for k, label in SORT_LABELS],
        "downloads": DOWNLOADS,
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
    return render("activities.html", site, title="Activities", x=x, base="activities")


def _site(request: Request) -> Site:
    from .pages import site_for

    return site_for(request)


OFFERS = ("text/html", "application/json", "text/csv",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
EXT_TYPES = {"json": OFFERS[1], "csv": OFFERS[2], "xlsx": OFFERS[3], "html": OFFERS[0]}


async def _answer(request: Request, media_type: str) -> Response:
    store: Store = request.app.state.store
    f = filters.parse(request.query_params)
    etag = make_etag(store.version(), "activities", sorted(f.params().items()), media_type)
    headers = {"ETag": etag, "Vary": "Accept"}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    if media_type in (OFFERS[2], OFFERS[3]):
        t = await run_in_threadpool(table.build, store, f)
        if media_type == OFFERS[2]:
            return Response(t.csv(), media_type="text/csv; charset=utf-8",
                            headers={**headers, "Content-Disposition": 'inline; filename="activities.csv"'})
        body = await run_in_threadpool(t.xlsx)
        return Response(body, media_type=media_type,
                        headers={**headers, "Content-Disposition": 'attachment; filename="activities.xlsx"'})
    site = _site(request)
    base = site.page("activities")

    def link(params: dict[str, str]) -> str:
        return base + ("?" + urlencode(params) if params else "")

    if media_type == OFFERS[1]:
        x = await run_in_threadpool(panel, store, f, link)
        return JSONResponse(json.loads(json.dumps(as_json(store, f, x), default=str)), headers=headers)
    page_html: str = await run_in_threadpool(activities_html, store, f, site, link)
    return HTMLResponse(page_html, headers=headers)


class NotAcceptable(UserError):
    http_status = 406


@router.get("/activities", tags=["explore"], summary="Activities with facet counts and text search")
async def activities_page(request: Request) -> Response:
    try:
        chosen = negotiation.choose(OFFERS, request.headers.get("accept")) or OFFERS[0]
        return await _answer(request, chosen)
    except UserError as e:
        return error_response(request, e)


@router.get("/activities.{ext}", tags=["explore"], summary="Activities as JSON, CSV (one row each) or XLSX")
async def activities_file(request: Request, ext: str) -> Response:
    try:
        if ext not in EXT_TYPES:
            raise NotAcceptable(f"/activities.{ext} is not available", hint="use .json, .csv or .xlsx")
        return await _answer(request, EXT_TYPES[ext])
    except UserError as e:
        return error_response(request, e)
