"""The FastAPI application: one store, many front doors (each router its own module)."""

from __future__ import annotations

from fastapi import FastAPI

from .. import __version__
from ..config import Settings
from ..store import Store
from . import health, sparql


def create_app(settings: Settings, store: Store) -> FastAPI:
    app = FastAPI(
        title="ungass-kg",
        version=__version__,
        description="Linked data of the UN system's activities under the UNGASS 2016 outcome document.",
    )
    app.state.settings = settings
    app.state.store = store
    for module in (health, sparql):
        app.include_router(module.router)
    return app
