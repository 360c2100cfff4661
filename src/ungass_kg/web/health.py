"""``/health``: is the store reachable, and which version does it hold."""

from __future__ import annotations

from fastapi import APIRouter, Request

router = APIRouter()


@router.get("/health", tags=["service"], summary="Liveness and store version")
def health(request: Request) -> dict[str, object]:
    store = request.app.state.store
    return {"status": "ok", "store": store.kind, "version": store.version()}
