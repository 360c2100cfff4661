"""The FastAPI application: one store, many front doors (each router its own module).

Limits (all on by default) come from :class:`~ungass_kg.config.Settings`: the query time
limit, the row cap, the request body limit, CORS origins (GET, HEAD, POST); writes need the write
token. See docs/endpoint.md.
"""

from __future__ import annotations

import importlib
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from starlette.responses import Response

from .. import __version__
from ..config import Settings
from ..errors import UserError
from ..store import EmbeddedStore, Store
from ..store.checkpoints import Checkpoints
from .languages import LanguageHeaders
from .methods import HttpMethods, document
from .precomputed import Precomputed
from .runtime import Runtime, error_response
from .security import BodyLimit
from .workers import QueryPool, Runner, default_size

# Routers, in order (earlier modules win on overlapping paths). Other parts add theirs HERE.
ROUTER_MODULES = ("health", "sparql", "queries_api", "validation_api", "rounds_pages", "submissions_api",
                  "lod", "catalog", "ontology_docs", "explore", "api_docs", "error_pages", "note_page", "pages",
                  "openapi")


def _runner(settings: Settings, store: Store, url: str | None) -> Runner:
    if not (isinstance(store, EmbeddedStore) and store.path is not None):
        return Runner(store, None, settings.query_timeout)
    # A checkpoint after every write: the workers open it, and so do reading commands run
    # beside the server (store/checkpoints.py).
    checkpoints = Checkpoints(store, url)
    checkpoints.current()
    store.after_write.append(checkpoints.current)
    pool = None
    if settings.query_workers != 0:
        pool = QueryPool(store, settings.query_workers or default_size(), memory_mb=settings.worker_memory_mb,
                         memory_quads=settings.worker_memory_quads, fast_lane=settings.fast_lane_seconds,
                         checkpoints=checkpoints)
    return Runner(store, pool, settings.query_timeout, checkpoints)


def create_app(settings: Settings, store: Store, *, url: str | None = None) -> FastAPI:
    """The web app over ``store``. ``settings.query_workers=0`` runs queries in-thread (no hard time
    limit); ``url`` is where it is served (published for reading commands beside it)."""
    runner = _runner(settings, store, url)
    # the figures' and statistics' default answers, computed after every write (web/precomputed.py)
    precomputed = Precomputed(store, runner)
    if isinstance(store, EmbeddedStore):
        store.after_write.append(precomputed.start)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        precomputed.start()
        yield
        precomputed.close()
        runner.close()

    app = FastAPI(
        title="ungass-kg",
        version=__version__,
        description=(
            "Linked data of the UN system's activities under the UNGASS 2016 outcome document: "
            "a SPARQL 1.1 endpoint, saved queries (the note's figures), validation and submissions."
        ),
        lifespan=lifespan,
        docs_url=None,  # web/api_docs.py serves /docs with Swagger UI from a package (no CDN)
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.store = store
    app.state.runtime = Runtime(settings, store, runner, precomputed=precomputed)

    async def user_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, UserError)
        return error_response(request, exc)

    app.add_exception_handler(UserError, user_error)
    app.add_middleware(LanguageHeaders)  # inside HttpMethods: HEAD answers get the headers too
    app.add_middleware(HttpMethods)
    # Preflights for POST too: a browser client (YASGUI) posts long queries; writes still need the
    # token, sent as a header (no cookies), so allowing the method grants nothing by itself.
    app.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins),
                       allow_methods=["GET", "HEAD", "POST", "OPTIONS"],
                       allow_headers=["Accept", "Authorization", "Cache-Control", "Content-Type",
                                      "If-Modified-Since", "If-None-Match"],
                       expose_headers=["ETag", "Last-Modified", "X-Result-Truncated", "X-Result-Max-Rows"])
    app.add_middleware(BodyLimit, max_body=settings.max_body)
    for name in ROUTER_MODULES:
        module = importlib.import_module(f"{__package__}.{name}")
        if hasattr(module, "install"):
            module.install(app)  # routers generated from data (e.g. one per saved query)
        else:
            app.include_router(module.router)
    document(app)  # HEAD and OPTIONS as the HttpMethods middleware answers them
    return app
