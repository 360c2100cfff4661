"""``/catalog`` (DCAT 3 / DCAT-AP 3), ``/.well-known/void`` (VoID) and ``/dumps/`` (whole dataset).

The dumps are made from the store on first request and cached until the store version changes;
the catalogue gives each one's byte size and SHA-256, so they are computed before it is served.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
from pathlib import Path

from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import FileResponse

from ..present import dcat, formats
from ..present.dumps import DumpCache
from ..present.pages import catalog_html, dumps_html, not_found_html
from ..store import Store
from .caching import make_etag, not_modified
from .pages import html, site_for
from .public import public_base

router = APIRouter()
_lock = threading.Lock()


def dump_cache(request: Request) -> DumpCache:
    """One cache folder per app, removed when the process ends."""
    state = request.app.state
    with _lock:
        cache = getattr(state, "lod_dump_cache", None)
        if cache is None:
            folder = Path(tempfile.mkdtemp(prefix="ungass-kg-dumps-"))
            atexit.register(shutil.rmtree, folder, True)
            cache = DumpCache(folder)
            state.lod_dump_cache = cache
    return cache


def _rdf_doc(request: Request, build: str, default: formats.Representation, ext: str | None,
             fmt: str | None, rel: str) -> Response:
    store: Store = request.app.state.store
    site = site_for(request)
    offered = formats.REPRESENTATIONS if build == "catalog" else formats.RDF_REPRESENTATIONS
    ext_rep = formats.by_extension(ext) if ext else None
    if ext and ext_rep is None:
        return Response("not found\n", status_code=404, media_type="text/plain")
    accept = request.headers.get("accept")
    rep = formats.choose(fmt, ext_rep, accept, offered)
    if rep is None and fmt is None and ext_rep is None and build == "void":
        rep = default  # VoID is Turtle for anyone who does not ask for another RDF syntax
    headers = {"Vary": "Accept", "Link": formats.link_header(site.bm.path(rel))}
    if rep is None:
        return Response(formats.not_acceptable(offered) + "\n", status_code=406, media_type="text/plain",
                        headers=headers)
    # The description changes only with the store (and the base its URLs are written under).
    headers["ETag"] = make_etag(store.version(), build, rep.key, site.bm.links, public_base(request))
    if not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    dumps = dump_cache(request).get(store)
    if rep is formats.HTML:
        return html(catalog_html(store, site, dumps), headers=headers)
    builder = dcat.build_catalog if build == "catalog" else dcat.build_void
    g = builder(store, dumps, request.app.state.settings.base_iri, public_base(request))
    body = formats.serialize(site.bm.graph(g), rep, {**site.bm.prefixes(), "spdx": str(dcat.SPDX),
                                                      "sd": str(dcat.SD)})
    return Response(body, media_type=rep.media_type, headers=headers)


@router.get("/catalog", tags=["linked data"], summary="DCAT 3 catalogue (DCAT-AP 3)")
async def catalog(request: Request, format: str | None = None) -> Response:
    return await run_in_threadpool(_rdf_doc, request, "catalog", formats.HTML, None, format, "catalog")


@router.get("/catalog.{ext}", include_in_schema=False)
async def catalog_ext(request: Request, ext: str) -> Response:
    return await run_in_threadpool(_rdf_doc, request, "catalog", formats.HTML, ext, None, "catalog")


@router.get("/.well-known/void", tags=["linked data"], summary="VoID description")
async def void(request: Request, format: str | None = None) -> Response:
    return await run_in_threadpool(_rdf_doc, request, "void", formats.TURTLE, None, format, ".well-known/void")


@router.get("/.well-known/void.{ext}", include_in_schema=False)
async def void_ext(request: Request, ext: str) -> Response:
    return await run_in_threadpool(_rdf_doc, request, "void", formats.TURTLE, ext, None, ".well-known/void")


@router.get("/dumps", include_in_schema=False)
@router.get("/dumps/", tags=["linked data"], summary="Downloads of the whole dataset")
async def dumps_index(request: Request) -> Response:
    site = site_for(request)
    etag = make_etag(request.app.state.store.version(), "dumps", site.bm.links)
    if not_modified(request, etag):
        return Response(status_code=304, headers={"ETag": etag})
    dumps = await run_in_threadpool(dump_cache(request).get, request.app.state.store)
    return html(dumps_html(site, dumps), headers={"ETag": etag})


@router.get("/dumps/{filename}", tags=["linked data"], summary="One dump")
async def dump_file(request: Request, filename: str) -> Response:
    found = await run_in_threadpool(dump_cache(request).find, request.app.state.store, filename)
    if found is None:
        return html(not_found_html(site_for(request), "dumps/" + filename), 404)
    return FileResponse(found.path, media_type=found.format.served_type, filename=found.filename,
                        headers={"ETag": f'"{found.sha256}"', "Digest": "sha-256=" + found.sha256})
