"""Pages for people: home, resource pages by kind, lists, figures, validation and query forms.

The ``*_html`` functions take a store and a :class:`~.rendering.Site` and return HTML, so the
live server (routes below) and ``ungass-kg publish`` render exactly the same pages.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse
from rdflib import URIRef

from .. import statistics
from ..publish import describe as desc
from ..publish import figures_view, formats, views
from ..publish.iris import BaseMap
from ..queries.params import ParamError
from ..store import Store
from .public import public_url
from .rendering import STATIC, Site, make_site, render

router = APIRouter()

KIND_LABELS = {
    "activity": "Activity", "chapter": "Chapter", "entity": "Entity", "mechanism": "Coordination mechanism",
    "programme": "Programme", "mandate": "Mandate", "area": "Country or region",
    "paragraph": "Paragraph of a source document", "resource": "Resource",
}


def site_for(request: Request) -> Site:
    """Pages on the server link by path, or to the public URL when one is set (see publish.iris)."""
    settings = request.app.state.settings
    bm = BaseMap.for_server(settings.base_iri, public_url(request))
    return make_site(bm, live=True, sparql_endpoint=bm.path("sparql"))


def html(body: str, status: int = 200, headers: dict[str, str] | None = None) -> HTMLResponse:
    return HTMLResponse(body, status_code=status, headers=headers)


# --- resource pages ----------------------------------------------------------------------
def alternates_for(site: Site, iri: str) -> list[dict[str, str]]:
    public = site.bm.to_public(iri)
    out = [{"url": site.bm.href(iri), "media_type": "text/html", "label": "HTML"}]
    for rep in formats.RDF_REPRESENTATIONS:
        out.append({"url": f"{site.bm.href(iri)}.{rep.extension}" if site.live else
                    f"{site.bm.links}{public[len(site.bm.public):]}.{rep.extension}",
                    "media_type": rep.media_type, "label": rep.label})
    return out


def resource_html(store: Store, iri: str, site: Site) -> str | None:
    """The page of one resource; ``None`` when the store knows nothing about it."""
    g = desc.describe(store, iri)
    x = URIRef(iri)
    if (x, None, None) not in g:
        return None
    plabels = views.property_labels(store)
    types = {str(t) for t in g.objects(x, URIRef(views.RDF.type))}
    kind = views.kind_of(types)
    ctx: dict[str, Any] = {
        "iri": site.bm.to_public(iri), "title": views.title_of(g, x), "kind": kind,
        "kind_label": KIND_LABELS.get(kind, "Resource"), "alternates": alternates_for(site, iri),
        "statements": views.statements(g, x, plabels), "incoming": [], "sources": [],
        "activities": [], "participants": [], "members": [], "paragraph_text": "",
    }
    # The activity lists below replace the long 'referenced by' lists where a page has them.
    incoming = views.incoming(g, x, plabels)
    safe = desc.safe_iri(iri)
    template = "generic.html"
    if kind == "entity":
        template = "entity.html"
        ctx.update(chapters=views.entity_chapters(store, iri), partners=views.entity_partners(store, iri),
                   memberships=views.entity_memberships(store, iri),
                   programmes=views.entity_programmes(store, iri),
                   activities=views.activities_by_chapter_year(store, f"?a ung:participant|ung:leadEntity {safe} ."))
        incoming = [st for st in incoming if st.prop_iri not in (str(views.UNG.participant),
                                                                  str(views.UNG.leadEntity))]
    elif kind == "chapter":
        template = "chapter.html"
        ctx.update(participants=views.participants_count(store, f"?a ung:chapter {safe} ."),
                   activities=views.activities_by_chapter_year(store, f"?a ung:chapter {safe} ."),
                   sources=views.sources(store, iri))
        incoming = [st for st in incoming if st.prop_iri != str(views.UNG.chapter)]
    elif kind == "activity":
        template = "activity.html"
        ctx.update(quantities=views.stated_quantities(store, iri), sources=views.sources(store, iri))
    else:
        ctx["sources"] = views.sources(store, iri)
        if kind == "mechanism":
            ctx["members"] = views.mechanism_members(store, iri)
        if kind in ("programme", "mandate", "area"):
            prop = {"programme": "ung:programme", "mandate": "ung:programme/ung:mandate|ung:mandate",
                    "area": "ung:area"}[kind]
            pattern = f"?a {prop} {safe} ."
            ctx["activities"] = views.activities_by_chapter_year(store, pattern)
            ctx["participants"] = views.participants_count(store, pattern)
        if kind == "paragraph":
            ctx["paragraph_text"] = next((str(o) for o in g.objects(x, URIRef(views.RDF.value))), "")
    ctx["incoming"] = incoming
    return render(template, site, **ctx)


def not_found_html(site: Site, what: str) -> str:
    return render("not_found.html", site, title="Not found", what=what)


def error_html(site: Site, title: str, message: str) -> str:
    """A page for a request the site cannot answer as asked (a bad parameter, no such format)."""
    return render("error.html", site, title=title, message=message)


def list_html(store: Store, key: str, site: Site) -> str | None:
    """A folder of resources (``/id/entity/``); ``/id/`` lists the folders."""
    if key == "":
        items = [{"iri": f"{site.bm.canonical}id/{k}/", "label": title, "note": ""} for k, title, _ in views.LISTS]
        return render("list.html", site, title="Resources", items=items)
    for k, title, cls in views.LISTS:
        if k == key:
            return render("list.html", site, title=title, items=views.list_members(store, cls))
    return None


# --- home, figures, forms ------------------------------------------------------------------
def home_html(store: Store, site: Site) -> str:
    counts = statistics.counts(store)
    chapters = views.list_members(store, str(views.UNG.Chapter))
    return render("home.html", site, title="The UN system's work on the world drug problem",
                  counts=counts, chapters=chapters, figures=figures_view.figure_list(),
                  lists=views.LISTS, example=DEFAULT_QUERY)


def figures_index_html(site: Site) -> str:
    return render("figures.html", site, title="Figures", figures=figure_list_or_empty())


def figure_list_or_empty() -> list[dict[str, str]]:
    return figures_view.figure_list()


def figure_html(store: Store, name: str, site: Site, params: dict[str, str] | None = None,
                embed: bool = False) -> str | None:
    """A figure's page; ``params`` filter it (the saved query's own parameters), ``embed`` is the
    page without the site's header and footer, for partners' sites."""
    fig = figures_view.figure(store, name, params)
    if fig is None:
        return None
    qs = urlencode(fig["params"])
    return render("figure_embed.html" if embed else "figure.html", site, title=fig["title"], fig=fig,
                  qs=("?" + qs) if qs else "")


DEFAULT_QUERY = """PREFIX ung: <https://w3id.org/ungass-kg/ontology#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
SELECT ?chapter ?label (COUNT(?activity) AS ?activities) WHERE {
  ?chapter a ung:Chapter ; skos:prefLabel ?label .
  OPTIONAL { ?activity ung:chapter ?chapter }
} GROUP BY ?chapter ?label ORDER BY ?chapter"""


def query_html(site: Site, example: str = "") -> str:
    """The query form; ``example`` preselects a saved query by name."""
    examples = figures_view.saved_queries()
    chosen = next((e for e in examples if e["name"] == example), None)
    return render("query.html", site, title="Query the knowledge base", examples=examples,
                  selected=chosen["name"] if chosen else "",
                  default=chosen["query"] if chosen else DEFAULT_QUERY)


def validate_html(site: Site) -> str:
    return render("validate.html", site, title="Check a submission before you send it")


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
    return html(query_html(site_for(request), request.query_params.get("example", "")))


@router.get("/query", include_in_schema=False)
async def query_alias(request: Request) -> Response:
    return await query_page(request)
