"""The store layer: one interface, two backends (see :mod:`.base`)."""

from __future__ import annotations

from ..config import Settings
from .base import AskResult, GraphResult, QueryResult, SelectResult, Store, query_form
from .embedded import EmbeddedStore

__all__ = [
    "AskResult",
    "EmbeddedStore",
    "GraphResult",
    "QueryResult",
    "SelectResult",
    "Store",
    "open_store",
    "query_form",
]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    """Open the store the settings name: a remote endpoint, else the embedded folder."""
    if settings.endpoint:
        from .remote import RemoteStore

        return RemoteStore(
            settings.endpoint,
            update_endpoint=settings.update_endpoint,
            gsp_endpoint=settings.gsp_endpoint,
            user=settings.user,
            password=settings.password,
        )
    return EmbeddedStore(settings.store_path, read_only=read_only)
