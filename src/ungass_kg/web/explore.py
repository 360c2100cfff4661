"""``/activities`` (HTML, ``.json``, ``.csv``, ``.xlsx``): the activities, faceted and searchable.

The state is in the URL (see :mod:`ungass_kg.explore.filters`); the answers come from
:mod:`ungass_kg.explore` (SPARQL over the store). The entity, chapter and area pages show the
same panel with their own filter fixed (``present.explore_view.panel``).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, Response

from .. import i18n
from ..errors import NotAcceptable
from ..explore import filters, table
from ..present import negotiation
from ..present.explore_view import activities_html, as_json, panel
from ..present.rendering import Site
from ..store import Store
from .caching import make_etag, not_modified

router = APIRouter()

def _site(request: Request) -> Site:
    from .pages import site_for

    return site_for(request)


OFFERS = ("text/html", "application/json", "text/csv",
          "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
EXT_TYPES = {"json": OFFERS[1], "csv": OFFERS[2], "xlsx": OFFERS[3], "html": OFFERS[0]}


async def _answer(request: Request, media_type: str) -> Response:
    store: Store = request.app.state.store
    f = filters.parse(request.query_params)
    site = _site(request)
    # one page per language (the HTML's text, its links keep ?lang=)
    etag = make_etag(store.version(), "activities", sorted(f.params().items()), media_type, site.lang)
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
    base = site.page("activities")
    keep = {"lang": site.lang} if site.lang != i18n.DEFAULT else {}

    def link(params: dict[str, str]) -> str:
        params = {**params, **keep}
        return base + ("?" + urlencode(params) if params else "")

    if media_type == OFFERS[1]:
        x = await run_in_threadpool(panel, store, f, link)
        return JSONResponse(json.loads(json.dumps(as_json(store, f, x), default=str)), headers=headers)
    page_html: str = await run_in_threadpool(activities_html, store, f, site, link)
    return HTMLResponse(page_html, headers=headers)


@router.get("/activities", tags=["explore"], summary="Activities with facet counts and text search")
async def activities_page(request: Request) -> Response:
    chosen = negotiation.choose(OFFERS, request.headers.get("accept")) or OFFERS[0]
    return await _answer(request, chosen)


@router.get("/activities.{ext}", tags=["explore"], summary="Activities as JSON, CSV (one row each) or XLSX")
async def activities_file(request: Request, ext: str) -> Response:
    if ext not in EXT_TYPES:
        raise NotAcceptable(f"/activities.{ext} is not available", hint="use .json, .csv or .xlsx")
    return await _answer(request, EXT_TYPES[ext])
