"""``/sparql``: the SPARQL 1.1 Protocol (first cut: SELECT/ASK as JSON)."""

from __future__ import annotations

from fastapi import APIRouter, Form, Request, Response
from fastapi.concurrency import run_in_threadpool

from ..errors import UserError

router = APIRouter()


async def _answer(request: Request, query: str | None) -> Response:
    if not query:
        return Response("give a 'query' parameter", status_code=400, media_type="text/plain")
    store = request.app.state.store
    try:
        _, body = await run_in_threadpool(store.query_raw, query, "application/sparql-results+json")
    except UserError as e:
        return Response(str(e), status_code=400, media_type="text/plain")
    return Response(body, media_type="application/sparql-results+json")


@router.get("/sparql", tags=["sparql"])
async def sparql_get(request: Request, query: str | None = None) -> Response:
    return await _answer(request, query)


@router.post("/sparql", tags=["sparql"])
async def sparql_post(request: Request, query: str | None = Form(None)) -> Response:
    return await _answer(request, query)
