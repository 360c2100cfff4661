"""``/sparql``: the SPARQL 1.1 Protocol (query and, with the write token, update).

- query by ``GET``, by ``POST`` form-encoded and by ``POST application/sparql-query``;
  ``default-graph-uri`` / ``named-graph-uri`` select the dataset;
- SELECT/ASK as SPARQL JSON, XML, CSV, TSV; CONSTRUCT/DESCRIBE as Turtle, JSON-LD,
  N-Triples, RDF/XML, TriG; by ``Accept``, with ``format=`` as override;
- update by ``POST`` form ``update=`` or ``application/sparql-update``, only with
  ``Authorization: Bearer <token>``;
- ``GET /sparql`` without a query: the service description (Turtle), or the query page
  for browsers.

Statuses: 400 malformed or ambiguous request (the parser's message), 401/403 writes without
a valid token, 403 SERVICE or graphs outside the store, 406 no acceptable format, 413 body
too large, 415 unknown request body type, 503 time limit reached.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pyoxigraph as ox
from fastapi import APIRouter, Request, Response
from fastapi.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from ..errors import InputError, NotAcceptable, QueryError, UnsupportedMediaType
from ..present import negotiation
from ..sparql_prefixes import predeclare
from ..sparql_text import DatasetConflict, has_keyword, leading_keyword, with_using
from ..store.base import explain_syntax_error, query_form
from . import security
from .caching import CachedAnswer, make_etag, respond, wants_fresh
from .jobs import SparqlAnswer, run_sparql
from .pages import query_page
from .public import endpoint_url
from .runtime import client_of, runtime
from .service_description import describe

router = APIRouter()

_UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"}
_FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _one(values: Sequence[str], name: str) -> str | None:
    if len(values) > 1:
        raise InputError(f"the request has {len(values)} '{name}' parameters; send exactly one")
    return values[0] if values else None


def _syntax_check(query: str, base_iri: str) -> str:
    """The query form; a text that is no query gets the parser's message (or a hint for updates)."""
    form = query_form(query)
    if form is not None:
        return form
    if leading_keyword(query) in _UPDATE_KEYWORDS:
        raise QueryError("this is a SPARQL Update, not a query",
                         hint="send it by POST as 'update' (or application/sparql-update) with the write token")
    try:  # parsing against an empty store costs nothing and yields Oxigraph's own message
        ox.Store().query(query, base_iri=base_iri)
    except SyntaxError as e:
        raise QueryError(f"malformed query: {explain_syntax_error(e)}") from None
    return "SELECT"


def _media_type(request: Request, form: str, formats: Sequence[str]) -> str:
    graph = form in ("CONSTRUCT", "DESCRIBE")
    offers = negotiation.GRAPH_TYPES if graph else negotiation.RESULT_TYPES
    if formats:
        chosen = negotiation.from_format(formats, graph)
        if chosen is None:
            raise NotAcceptable(f"format={formats[0]!r} is not available for {form} results",
                                hint="use one of " + ", ".join(offers))
        return chosen
    chosen = negotiation.choose(offers, request.headers.get("accept"))
    if chosen is None:
        raise NotAcceptable(f"none of the types in Accept can carry {form} results",
                            hint="accept one of " + ", ".join(offers))
    return chosen


async def answer_query(request: Request, query: str, default_graphs: list[str], named_graphs: list[str],
                       formats: Sequence[str]) -> Response:
    rt = runtime(request)
    # SPARQL 1.1 Protocol 2.1.4: a dataset given by the protocol replaces the query's own
    # (FROM / FROM NAMED); only default-graph-uri -> no named graphs, only named-graph-uri ->
    # an empty default graph. Neither, and no FROM in the query: the union of all graphs.
    protocol = bool(default_graphs or named_graphs)
    default = list(default_graphs) if protocol else None
    named = list(named_graphs) if protocol else None
    base = endpoint_url(request)
    query = predeclare(query, base)  # the documented prefixes, for queries that do not declare them
    ds = security.read_dataset(query, base)
    if ds.service:  # before anything parses (or runs) the query
        security.check_query(query, None, None, set())
    form = _syntax_check(query, base)
    if ds.given or protocol:
        names = await run_in_threadpool(rt.graph_names)
        security.check_query(query, default, named, names, base)
    media_type = _media_type(request, form, formats)
    version = rt.store.version()
    max_rows = rt.settings.max_rows
    etag = make_etag(version, "sparql", query, default, named, media_type, max_rows, base)
    cached = None if wants_fresh(request) else rt.cache.get(etag)
    if cached is None:
        ans: SparqlAnswer = await rt.runner.arun(
            run_sparql, query, media_type, default, named, max_rows,
            ds.given or protocol, base, client=client_of(request))
        headers = {}
        if ans.truncated:
            headers = {"X-Result-Truncated": "true", "X-Result-Max-Rows": str(max_rows)}
        content_type = ans.media_type + ("; charset=utf-8" if ans.media_type.startswith("text/") else "")
        cached = CachedAnswer(ans.body, content_type, headers)
        rt.cache.put(etag, cached)
    return respond(request, etag, cached)


async def answer_update(request: Request, update: str, params: QueryParams) -> Response:
    security.require_write_token(request)
    try:  # SPARQL 1.1 Protocol 2.2.3: the parameters become USING / USING NAMED of each operation
        update = with_using(update, params.getlist("using-graph-uri"), params.getlist("using-named-graph-uri"))
    except DatasetConflict as e:
        raise InputError(str(e), hint="give the dataset either in the request or in the update, not both") from None
    ds = security.read_dataset(update)
    if ds.service:
        raise security.Forbidden("SERVICE is not allowed in updates")
    if has_keyword(update, "LOAD"):
        raise security.Forbidden("LOAD is not allowed: the server does not fetch remote data",
                                 hint="upload the data with INSERT DATA or POST /submissions")
    rt = runtime(request)
    await run_in_threadpool(lambda: rt.store.update(update, base_iri=endpoint_url(request)))
    return Response("update applied\n", media_type="text/plain")


async def _query_page(request: Request) -> Response:
    return await query_page(request)


async def service_description(request: Request) -> Response:
    rt = runtime(request)
    offers = ("text/turtle", "text/html", "application/ld+json", "application/n-triples",
              "application/rdf+xml")
    chosen = negotiation.choose(offers, request.headers.get("accept"))
    if chosen == "text/html":
        return await _query_page(request)
    if chosen is None:
        raise NotAcceptable("the service description is available as " + ", ".join(offers))
    endpoint = endpoint_url(request)
    version = rt.store.version()
    etag = make_etag(version, "sd", endpoint, chosen, rt.settings.write_token is not None)
    cached = rt.cache.get(etag)
    if cached is None:
        graphs = await run_in_threadpool(rt.store.graphs)
        fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt",
               "application/rdf+xml": "xml"}[chosen]
        body = describe(endpoint, rt.settings, graphs).serialize(format=fmt, encoding="utf-8")
        cached = CachedAnswer(body, chosen)
        rt.cache.put(etag, cached)
    return respond(request, etag, cached)


_GET_DOC: dict[str, Any] = {
    "parameters": [
        {"name": "query", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "the SPARQL query; without it: the service description (or the query page)"},
        {"name": "default-graph-uri", "in": "query", "required": False,
         "schema": {"type": "array", "items": {"type": "string", "format": "uri"}}, "explode": True},
        {"name": "named-graph-uri", "in": "query", "required": False,
         "schema": {"type": "array", "items": {"type": "string", "format": "uri"}}, "explode": True},
        {"name": "format", "in": "query", "required": False, "schema": {"type": "string"},
         "description": "overrides Accept: json, xml, csv, tsv (SELECT/ASK); turtle, jsonld, nt, rdfxml, trig"},
    ],
    "responses": {
        "200": {"description": "results", "content": {mt: {} for mt in (*negotiation.RESULT_TYPES,
                                                                        *negotiation.GRAPH_TYPES)}},
        "304": {"description": "not modified"}, "400": {"description": "malformed or ambiguous request"},
        "403": {"description": "SERVICE or a graph outside the store"},
        "406": {"description": "no acceptable format"}, "503": {"description": "time limit reached"},
    },
}


@router.get("/sparql", tags=["sparql"], summary="SPARQL 1.1 query (GET); without a query: service description",
            openapi_extra=_GET_DOC)
async def sparql_get(request: Request) -> Response:
    params = request.query_params
    if params.getlist("update"):
        raise InputError("SPARQL Update must be sent by POST", hint="POST the 'update' form field")
    query = _one(params.getlist("query"), "query")
    if query is None:
        return await service_description(request)
    return await answer_query(request, query, params.getlist("default-graph-uri"),
                              params.getlist("named-graph-uri"), params.getlist("format"))


_POST_DOC: dict[str, Any] = {
    "requestBody": {"content": {
        "application/x-www-form-urlencoded": {"schema": {"type": "object", "properties": {
            "query": {"type": "string"}, "update": {"type": "string"},
            "default-graph-uri": {"type": "array", "items": {"type": "string"}},
            "named-graph-uri": {"type": "array", "items": {"type": "string"}}}}},
        "application/sparql-query": {"schema": {"type": "string"}},
        "application/sparql-update": {"schema": {"type": "string"}},
    }},
    "responses": {**_GET_DOC["responses"], "401": {"description": "update without credentials"},
                  "413": {"description": "body too large"}, "415": {"description": "unknown body type"}},
}


@router.post("/sparql", tags=["sparql"], summary="SPARQL 1.1 query or update (POST; update needs the token)",
             openapi_extra=_POST_DOC)
async def sparql_post(request: Request) -> Response:
    ctype = request.headers.get("content-type", "").split(";")[0].strip().lower()
    url = request.query_params
    if ctype in _FORM_TYPES:
        form = await request.form()
        fields = {k: [str(v) for v in form.getlist(k)] for k in form}
        queries = fields.get("query", []) + url.getlist("query")
        updates = fields.get("update", []) + url.getlist("update")
        if queries and updates:
            raise InputError("the request has both 'query' and 'update'; send one")
        merged = QueryParams([*url.multi_items(), *((k, v) for k, vs in fields.items() for v in vs)])
        update = _one(updates, "update")
        if update is not None:
            return await answer_update(request, update, merged)
        query = _one(queries, "query")
        if query is None:
            raise InputError("the form has no 'query' (or 'update') field")
        return await answer_query(request, query, merged.getlist("default-graph-uri"),
                                  merged.getlist("named-graph-uri"), merged.getlist("format"))
    if ctype in ("application/sparql-query", "application/sparql-update"):
        raw = await request.body()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise InputError("the request body is not UTF-8") from None
        if ctype == "application/sparql-update":
            return await answer_update(request, text, url)
        if url.getlist("query"):
            raise InputError("a query sent as application/sparql-query must not repeat 'query' in the URL")
        return await answer_query(request, text, url.getlist("default-graph-uri"),
                                  url.getlist("named-graph-uri"), url.getlist("format"))
    raise UnsupportedMediaType(
        f"cannot read a request body of type {ctype or '(none)'!r}",
        hint="send application/x-www-form-urlencoded, application/sparql-query or application/sparql-update",
    )
