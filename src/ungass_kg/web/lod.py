"""``/id/...``: every resource dereferences, by content negotiation (Cool URIs, Prez-style).

HTML is the default (browsers send ``*/*``); Turtle, JSON-LD, N-Triples and RDF/XML by
``Accept``; a ``format`` parameter or a file extension (``.ttl`` ...) overrides. Responses carry
``Vary: Accept`` and ``Link: rel="alternate"`` for each representation, plus the canonical IRI.
Served RDF keeps the canonical IRIs; only the HTML links point at this server (``publish.iris``).
A folder (``/id/entity/``) lists its resources.
"""

from __future__ import annotations

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool

from ..present import describe as desc
from ..present import formats
from ..present.pages import list_html, not_found_html, resource_html
from .caching import AnswerCache, CachedAnswer, make_etag, not_modified
from .pages import html, site_for

router = APIRouter()

_NOT_ACCEPTABLE = formats.not_acceptable()


# Rendered descriptions by ETag (store version, base, path, format): a page is built once per
# store version, since entity and chapter pages grow with their activities.
_bodies = AnswerCache(max_entries=512)


def headers_for(public_url: str, canonical: str, negotiated: bool) -> dict[str, str]:
    h = {"Link": formats.link_header(public_url, canonical)}
    if negotiated:
        h["Vary"] = "Accept"
    return h


def rdf_response(store: object, iri: str, rep: formats.Representation, request: Request,
                 headers: dict[str, str]) -> Response:
    site = site_for(request)
    g = desc.describe(store, iri)  # type: ignore[arg-type]
    body = formats.serialize(site.bm.graph(g), rep, site.bm.prefixes())
    return Response(body, media_type=rep.media_type, headers=headers)


# GET only: HEAD is answered for every GET route by web/methods.py (a second method here gave
# OpenAPI two operations with one generated ID, and FastAPI a warning at start-up).
@router.get("/id/{path:path}", tags=["linked data"], summary="Dereference a resource IRI")
async def dereference(request: Request, path: str, format: str | None = None) -> Response:
    store = request.app.state.store
    settings = request.app.state.settings
    site = site_for(request)
    if path == "" or path.endswith("/"):
        body = await run_in_threadpool(list_html, store, path.strip("/"), site)
        if body is None:
            return _not_found(request, site, "id/" + path)
        return html(body)

    stem, ext_rep = formats.split_extension(path)
    iri = settings.base_iri + "id/" + stem
    if not desc.is_safe_iri(settings.base_iri + "id/" + path):
        return _not_found(request, site, "id/" + path)
    if ext_rep is not None and not await run_in_threadpool(desc.exists, store, iri):
        # Not a known resource with an extension: maybe the dot belongs to the key itself.
        stem, ext_rep, iri = path, None, settings.base_iri + "id/" + path
    rep = formats.choose(format, ext_rep, request.headers.get("accept"))
    public_url = site.bm.path("id/" + stem)
    negotiated = format is None and ext_rep is None
    headers = headers_for(public_url, iri, negotiated)
    if rep is None:
        return Response(_NOT_ACCEPTABLE, status_code=406, media_type="text/plain", headers=headers)
    if not await run_in_threadpool(desc.exists, store, iri):
        return _not_found(request, site, "id/" + stem, rep, {"Vary": "Accept"} if negotiated else None)
    # Validators: the description changes only when the store does (clients revalidate cheaply).
    # one page per language; the language switch links back to this very URL (its parameters too)
    etag = make_etag(store.version(), site.bm.links, path, rep.key, site.lang, site.switch)
    headers.update({"ETag": etag, "Cache-Control": "no-cache"})
    if not_modified(request, etag):  # also W/"..." and *, as on every other route
        return Response(status_code=304, headers=headers)
    cached = _bodies.get(etag)
    if cached is not None:
        return Response(cached.body, media_type=cached.media_type, headers=headers)
    response: Response
    if rep is formats.HTML:
        page = await run_in_threadpool(resource_html, store, iri, site)
        if page is None:
            return _not_found(request, site, "id/" + stem, rep, headers)
        response = html(page, headers=headers)
    else:
        response = await run_in_threadpool(rdf_response, store, iri, rep, request, headers)
    _bodies.put(etag, CachedAnswer(bytes(response.body), rep.media_type))
    return response


def _not_found(request: Request, site: object, what: str, rep: formats.Representation | None = None,
               headers: dict[str, str] | None = None) -> Response:
    if rep is None:
        rep = formats.negotiate(request.headers.get("accept")) or formats.HTML
    if rep is formats.HTML:
        return html(not_found_html(site, what), 404, headers)  # type: ignore[arg-type]
    return Response(f"not found: {what}\n", status_code=404, media_type="text/plain", headers=headers)
