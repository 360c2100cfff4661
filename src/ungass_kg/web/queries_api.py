"""``/queries``: the saved queries as an API, one documented operation per query.

- ``GET /queries``: the catalog (JSON, or HTML for browsers), from the ``.rq`` headers;
- ``GET /queries/{name}``: a saved query run with typed parameters (422 on a bad value),
  as JSON, CSV, TSV, the chart (SVG, PNG), its Vega-Lite spec or its Data Cube (Turtle),
  chosen by ``Accept``, by ``format=`` or by extension (``/queries/figure-1.csv``).

Each saved query gets its own path in ``/openapi.json`` with its parameters, enums and
defaults, generated from the catalog when the app is created. Answers carry an ETag from
the store's version and the request, and are kept in the answer cache.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from starlette.responses import HTMLResponse, JSONResponse, Response

from .. import i18n, queries
from ..errors import InputError, NotAcceptable, UserError
from ..i18n import N_
from ..present import negotiation
from . import saved_jobs
from .caching import CachedAnswer, make_etag, not_modified, respond, wants_fresh
from .runtime import client_of, error_response, runtime
from .saved_jobs import FORMATS

CHART_FORMATS = ("svg", "png", "vl.json")
_RESERVED = ("format", "lang")  # request parameters that are not saved-query parameters
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")  # chapter notations (docs/conventions.md)


def _split_name(filename: str) -> tuple[str, str | None]:
    """``figure-1.vl.json`` -> (``figure-1``, ``vl.json``); no known extension -> (name, None)."""
    for ext in sorted(FORMATS, key=len, reverse=True):
        if filename.endswith("." + ext):
            return filename[: -len(ext) - 1], ext
    return filename, None


def _choose_ext(request: Request, ext: str | None) -> str:
    if ext:
        return ext
    fmt = request.query_params.get("format")
    if fmt:
        f = fmt.strip().lower()
        for e, mt in FORMATS.items():
            if f in (e, mt):
                return e
        raise NotAcceptable(f"format={fmt!r} is not available", hint="use one of " + ", ".join(FORMATS))
    offers = list(FORMATS.values())
    chosen = negotiation.choose(offers, request.headers.get("accept"))
    if chosen is None:
        raise NotAcceptable("none of the types in Accept is available",
                            hint="accept one of " + ", ".join(offers))
    return next(e for e, mt in FORMATS.items() if mt == chosen)


async def run_saved(request: Request, name: str, ext: str | None) -> Response:
    q = queries.get(name)
    if _wants_page(request, ext):
        q.terms({k: v for k, v in request.query_params.items() if k not in _RESERVED})
        page: str = await run_in_threadpool(_query_html, request, q)
        return HTMLResponse(page, headers={"Vary": "Accept"})
    ext = _choose_ext(request, ext)
    repeated = sorted({k for k, _ in request.query_params.multi_items() if len(request.query_params.getlist(k)) > 1})
    if repeated:  # each parameter takes one value: never pick one of several silently
        raise InputError(f"parameter {repeated[0]} is given {len(request.query_params.getlist(repeated[0]))} "
                         f"times; give it once", hint=f"e.g. ?{repeated[0]}=...")
    given = {k: v for k, v in request.query_params.items() if k not in _RESERVED}
    terms = q.terms(given)  # 422 on an unknown name or a bad value, before any work
    rt = runtime(request)
    key = sorted((k, t.n3()) for k, t in terms.items() if t is not None)
    # a chart's words are in the request's language (?lang=, Accept-Language): one answer per language
    lang = i18n.negotiate(request.query_params.get("lang"), request.headers.get("accept-language")) \
        if ext in CHART_FORMATS else i18n.DEFAULT
    etag = make_etag(rt.store.version(), "saved", name, key, ext, *([lang] if lang != i18n.DEFAULT else []))
    cached = None if wants_fresh(request) else rt.cache.get(etag)
    media_type = FORMATS[ext] + ("; charset=utf-8" if FORMATS[ext].startswith("text/") else "")
    if cached is None and not given and lang == i18n.DEFAULT and not wants_fresh(request) \
            and rt.precomputed is not None:
        # computed after the last write (or waited for while that run is under way)
        done = await run_in_threadpool(rt.precomputed.get, etag)
        if done is not None:
            cached = CachedAnswer(done, media_type)
            rt.cache.put(etag, cached)
    if cached is None:
        body = await rt.runner.arun(saved_jobs.render, name, given, ext, lang,
                                    client=client_of(request))
        cached = CachedAnswer(body, media_type)
        rt.cache.put(etag, cached)
    return respond(request, etag, cached, vary="Accept, Accept-Language" if ext in CHART_FORMATS else "Accept")


def _schema(p: Any) -> dict[str, Any]:
    if p.type in ("integer", "year"):
        s: dict[str, Any] = {"type": "integer"}
        if r := p.range:
            s["minimum"], s["maximum"] = r
        if p.enum:
            s["enum"] = [int(v) for v in p.enum if v.lstrip("-").isdigit()]
    elif p.type == "boolean":
        s = {"type": "boolean"}
    elif p.type == "chapter":
        s = {"type": "string", "enum": [str(i) for i in range(1, 8)] + list(ROMAN)}
    else:
        s = {"type": "string"}
        if p.enum:
            s["enum"] = list(p.enum)
    if p.default is not None:
        if s["type"] == "integer":
            s["default"] = int(p.default)
        elif s["type"] == "boolean":
            s["default"] = p.default.lower() in ("true", "1", "yes", "on")
        else:
            s["default"] = p.default
    return s


def _operation(q: Any) -> dict[str, Any]:
    params = [
        {"name": p.name, "in": "query", "required": False,
         "description": (p.description or p.name) + ("" if p.default is not None else " (default: all)"),
         "schema": _schema(p)}
        for p in q.params
    ]
    params.append({"name": "format", "in": "query", "required": False,
                   "description": "override Accept: one of " + ", ".join(FORMATS),
                   "schema": {"type": "string", "enum": list(FORMATS)}})
    content: dict[str, dict[str, Any]] = {mt: {} for mt in FORMATS.values()}
    content["image/png"] = {"schema": {"type": "string", "format": "binary"}}
    return {
        "parameters": params,
        "responses": {
            "200": {"description": "the result, in the negotiated format", "content": content},
            "304": {"description": "not modified (If-None-Match matched the ETag)"},
            "404": {"description": "no such rendering (e.g. a chart for a query without one)"},
            "406": {"description": "no acceptable format"},
            "422": {"description": "a parameter value is not allowed"},
            "503": {"description": "the query reached the time limit"},
        },
    }


def _endpoint(name: str) -> Any:
    async def saved_query(request: Request) -> Response:
        return await run_saved(request, name, None)

    return saved_query


def _catalog_html(request: Request, items: list[Any]) -> str:
    from ..present.rendering import render
    from .pages import site_for

    rows = [{"name": q.name, "title": q.title, "source": q.source, "params": [p.name for p in q.params],
             "formats": _exts(q)} for q in items]
    site = site_for(request)
    return render("saved_queries.html", site, title=i18n.gettext_for(site.lang)(N_("Saved queries")), items=rows)


def _exts(q: Any) -> list[str]:
    return [e for e in FORMATS if q.chart is not None or e not in ("svg", "png", "vl.json")]


def _query_html(request: Request, q: Any) -> str:
    """The saved query as a page: what it computes, a form for its parameters, its result."""
    from ..present import figures_view
    from ..present.rendering import render
    from .pages import site_for

    given = {k: v for k, v in request.query_params.items() if k not in _RESERVED and v != ""}
    result = queries.run(request.app.state.store, q, given)
    headers, rows = figures_view.table(q, result)
    qs = urlencode(given)
    return render("saved_query.html", site_for(request), title=q.title, title_lang="en", q=q, headers=headers,
                  rows=rows, form=figures_view.form_fields(q, given), formats=_exts(q), qs=("?" + qs) if qs else "")


def _wants_page(request: Request, ext: str | None) -> bool:
    """A browser asking for the query itself (no extension, no format=): the HTML page."""
    if ext or request.query_params.get("format"):
        return False
    offers = [*FORMATS.values(), "text/html"]
    return negotiation.choose(offers, request.headers.get("accept")) == "text/html"


def _describe(q: Any) -> dict[str, object]:
    d = q.as_dict()
    d["url"] = f"/queries/{q.name}"
    d["formats"] = {e: f"/queries/{q.name}.{e}" for e in FORMATS
                    if q.chart is not None or e not in ("svg", "png", "vl.json")}
    return d


async def catalog(request: Request) -> Response:
    try:
        items = queries.catalog()
    except (UserError, ValueError) as e:
        return error_response(request, UserError(f"the saved queries cannot be read: {e}"))
    offers = ("application/json", "text/html")
    chosen = negotiation.choose(offers, request.headers.get("accept")) or "application/json"
    lang = i18n.negotiate(request.query_params.get("lang"), request.headers.get("accept-language"))
    etag = make_etag("catalog", chosen, [q.text for q in items], lang if chosen == "text/html" else "")
    headers = {"ETag": etag, "Vary": "Accept"}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    if chosen == "text/html":
        return HTMLResponse(await run_in_threadpool(_catalog_html, request, items), headers=headers)
    body = json.dumps({"queries": [_describe(q) for q in items]}, ensure_ascii=False, default=str)
    return JSONResponse(json.loads(body), headers=headers)


def install(app: FastAPI) -> None:
    """Add ``/queries``, one operation per saved query, and the extension forms."""
    app.add_api_route("/queries", catalog, methods=["GET"], tags=["saved queries"],
                      summary="Catalog of saved queries (JSON or HTML)")
    try:
        items = queries.catalog()
    except (UserError, ValueError):
        items = []  # a broken .rq header must not keep the endpoint down; /queries reports it
    for q in items:
        app.add_api_route(
            f"/queries/{q.name}", _endpoint(q.name), methods=["GET"], tags=["saved queries"],
            summary=(f"Figure {q.figure}: " if q.figure else "") + q.title,
            description=(q.description + (f"\n\nSource: {q.source}." if q.source else "")
                         + "\n\nAlso at /queries/" + q.name + ".{" + ",".join(FORMATS) + "}."),
            operation_id=f"saved_query_{q.name.replace('-', '_')}",
            openapi_extra=_operation(q),
        )

    async def by_filename(request: Request, filename: str) -> Response:
        name, ext = _split_name(filename)
        return await run_saved(request, name, ext)

    app.add_api_route("/queries/{filename}", by_filename, methods=["GET"], include_in_schema=False)
