"""Routes of the pages for people: home, static assets, figures, the validation and query forms.

The pages themselves are rendered by ``present.pages`` (the static site renders the same).
"""

from __future__ import annotations

from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse

from .. import i18n
from ..present import figures_view
from ..present.iris import BaseMap
from ..present.pages import (
    error_html,
    figure_html,
    figures_index_html,
    home_html,
    not_found_html,
    query_html,
    validate_html,
)
from ..present.rendering import STATIC, Site, make_site
from ..queries.params import ParamError
from .public import public_url

router = APIRouter()


def language_of(request: Request) -> str:
    """``?lang=`` then ``Accept-Language`` (see i18n.negotiate); the headers middleware reads it back."""
    lang = i18n.negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))
    request.state.lang = lang
    return lang


def language_switch(request: Request, bm: BaseMap) -> tuple[tuple[str, str, str], ...]:
    """This page in each language: the same path and parameters (filters kept), ``lang`` replaced;
    linked like every other page link (to the public URL when one is set)."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "lang"]
    here = bm.path(request.url.path.lstrip("/"))
    out = []
    for tag in i18n.LANGUAGES:
        query = urlencode([*params, ("lang", tag)])
        out.append((tag, i18n.NAMES[tag], f"{here}?{query}"))
    return tuple(out)


def site_for(request: Request) -> Site:
    """Pages on the server link by path, or to the public URL when one is set (see present.iris)."""
    settings = request.app.state.settings
    bm = BaseMap.for_server(settings.base_iri, public_url(request))
    return make_site(bm, live=True, sparql_endpoint=bm.path("sparql"), lang=language_of(request),
                     switch=language_switch(request, bm))


def html(body: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=headers)


# --- routes --------------------------------------------------------------------------------
@router.get("/", include_in_schema=False)
async def home(request: Request) -> Response:
    site = site_for(request)
    return html(await run_in_threadpool(home_html, request.app.state.store, site))


@router.get("/static/{name}", include_in_schema=False)
async def static_file(name: str) -> Response:
    """The stylesheet and the query page's script (no external CDN)."""
    path = STATIC / name
    if "/" in name or name.startswith(".") or not path.is_file():
        return Response("not found\n", status_code=404, media_type="text/plain")
    types = {"css": "text/css", "js": "text/javascript", "svg": "image/svg+xml"}
    media = types.get(path.suffix.lstrip("."), "application/octet-stream")
    return Response(path.read_bytes(), media_type=media, headers={"Cache-Control": "public, max-age=3600"})


@router.get("/favicon.ico", include_in_schema=False)
async def favicon() -> Response:
    """Browsers ask for it on every page (also pages other modules render)."""
    return Response((STATIC / "favicon.svg").read_bytes(), media_type="image/svg+xml",
                    headers={"Cache-Control": "public, max-age=86400"})


@router.get("/figures", include_in_schema=False)
@router.get("/figures/", include_in_schema=False)
async def figures_index(request: Request) -> Response:
    return html(figures_index_html(site_for(request)))


@router.get("/figures/{name}", include_in_schema=False)
async def figure_page(request: Request, name: str) -> Response:
    return await _figure(request, name.removesuffix(".html"), embed=False)


@router.get("/figures/{name}/embed", include_in_schema=False)
async def figure_embed(request: Request, name: str) -> Response:
    return await _figure(request, name, embed=True)


@router.get("/figures/{name}/table.{ext}", include_in_schema=False)
async def figure_table(request: Request, name: str, ext: str) -> Response:
    """The figure's table as it shows it (Figure 1 as entities x chapters), as CSV or XLSX."""
    site = site_for(request)
    if ext not in ("csv", "xlsx"):
        return html(not_found_html(site, f"/figures/{name}/table.{ext} (use table.csv or table.xlsx)"), 404)
    try:
        fig = await run_in_threadpool(figures_view.figure, request.app.state.store, name,
                                      dict(request.query_params))
    except ParamError as e:
        return html(error_html(site, "This value is not allowed", str(e)), 422)
    if fig is None or fig["matrix"] is None:
        return html(not_found_html(site, f"figure {name}"), 404)
    if ext == "csv":
        return Response(fig["matrix"].csv(), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'inline; filename="{name}.table.csv"'})
    return Response(fig["matrix"].xlsx(name), headers={"Content-Disposition": f'attachment; filename="{name}.xlsx"'},
                    media_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


async def _figure(request: Request, name: str, embed: bool) -> Response:
    site = site_for(request)
    try:
        body = await run_in_threadpool(figure_html, request.app.state.store, name, site,
                                       dict(request.query_params), embed)
    except ParamError as e:
        return html(error_html(site, "This value is not allowed", str(e)), 422)
    if body is None:
        return html(not_found_html(site, f"figure {name}"), 404)
    return html(body)


@router.get("/validate", include_in_schema=False)
async def validate_page(request: Request) -> Response:
    return html(validate_html(site_for(request)))


async def query_page(request: Request) -> Response:
    """The SPARQL query page (``GET /sparql`` from a browser without a query)."""
    params = request.query_params
    return html(query_html(site_for(request), params.get("example", ""), params.get("query", "")[:100_000]))


@router.get("/query", include_in_schema=False)
async def query_alias(request: Request) -> Response:
    return await query_page(request)
