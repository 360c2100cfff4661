"""``/ontology`` and ``/shapes``: documentation pages, and the graphs by content negotiation.

HTML for browsers; Turtle, JSON-LD, N-Triples, RDF/XML by ``Accept``, ``format`` or extension.
The ontology's own IRIs (``…/ontology#Activity``) land on the anchors of this page.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from .. import i18n
from ..namespaces import ONTOLOGY_GRAPH, SHAPES_GRAPH
from ..present import formats
from ..present.ontology_doc import named_graph
from ..present.pages import ontology_html, shapes_html
from ..store import Store
from .caching import make_etag, not_modified
from .pages import html, site_for

router = APIRouter()


def _serve(request: Request, which: str, ext: str | None, fmt: str | None) -> Response:
    store: Store = request.app.state.store
    site = site_for(request)
    ext_rep = formats.by_extension(ext) if ext else None
    if ext and ext_rep is None:
        return Response("not found\n", status_code=404, media_type="text/plain")
    rep = formats.choose(fmt, ext_rep, request.headers.get("accept"))
    headers = {"Link": formats.link_header(site.bm.path(which))}
    if fmt is None and ext_rep is None:
        headers["Vary"] = "Accept"
    if rep is None:
        return Response(formats.not_acceptable() + "\n", status_code=406, media_type="text/plain",
                        headers=headers)
    # the page is in the request's language (the RDF is the same in every language; English as before)
    lang = (site.lang,) if rep is formats.HTML and site.lang != i18n.DEFAULT else ()
    headers["ETag"] = make_etag(store.version(), which, rep.key, site.bm.links, *lang)
    if not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    if rep is formats.HTML:
        body = (ontology_html if which == "ontology" else shapes_html)(store, site)
        return html(body, headers=headers)
    g = named_graph(store, str(ONTOLOGY_GRAPH if which == "ontology" else SHAPES_GRAPH))
    prefixes = {**site.bm.prefixes(), "ungsh": site.bm.to_public(request.app.state.settings.base_iri + "shapes#")}
    return Response(formats.serialize(site.bm.graph(g), rep, prefixes), media_type=rep.media_type, headers=headers)


@router.get("/ontology", tags=["linked data"], summary="The ontology: documentation or RDF")
async def ontology(request: Request, format: str | None = None) -> Response:
    return await run_in_threadpool(_serve, request, "ontology", None, format)


@router.get("/ontology.{ext}", include_in_schema=False)
async def ontology_ext(request: Request, ext: str) -> Response:
    return await run_in_threadpool(_serve, request, "ontology", ext, None)


@router.get("/shapes", tags=["linked data"], summary="The SHACL shapes: documentation or RDF")
async def shapes(request: Request, format: str | None = None) -> Response:
    return await run_in_threadpool(_serve, request, "shapes", None, format)


@router.get("/shapes.{ext}", include_in_schema=False)
async def shapes_ext(request: Request, ext: str) -> Response:
    return await run_in_threadpool(_serve, request, "shapes", ext, None)
