"""``/openapi.json`` that tells the truth: every status and media type an operation can answer.

FastAPI describes what the route functions declare; the answers also come from shared
machinery (the error handlers, the body limit, the method middleware, content negotiation).
This module completes the generated description from one table of what each path answers,
and adds what every path shares:

- the media types of each success, as the route negotiates them;
- errors with their media types: ``{"detail": ...}`` as JSON, or the same line on an HTML
  page when the client prefers HTML (``error_pages``), plain text on ``/sparql`` and where a
  route answers plain text;
- 413 (plain text, from the body limit) on every POST, 503 (store or query time limit) where
  the store is read, 401/403 where the write token is checked;
- ``HEAD`` beside every ``GET`` and ``OPTIONS`` on every path (204 with ``Allow``), as
  ``web/methods.py`` answers them, so the documented methods are exactly those in ``Allow``.

HTML pages for people (``/``, ``/figures/...``, ``/activities``, the ``.ext`` forms, ...) are
left out on purpose; ``x-excluded-paths`` in the description lists them, from the routes.
``tests/test_openapi.py`` runs schemathesis against a live server with this description.
"""

from __future__ import annotations

import copy
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from starlette.routing import Route

from ..present import formats
from ..present.negotiation import GRAPH_TYPES, RESULT_TYPES
from .explore import OFFERS as ACTIVITY_TYPES

_TEXT: dict[str, Any] = {"schema": {"type": "string"}}
_DETAIL: dict[str, Any] = {"schema": {"type": "object", "properties": {"detail": {}}, "required": ["detail"]}}
JSON_ERROR = {"application/json": _DETAIL, "text/html": _TEXT}  # runtime.error_response, error_pages
PLAIN_ERROR = {"text/plain": _TEXT}
PAGE_OR_PLAIN = {"text/plain": _TEXT, "text/html": _TEXT}  # routes that answer a bare 404/406 in text

_RDF = [r.media_type for r in formats.REPRESENTATIONS]  # HTML first, then the RDF syntaxes
_REPORT = ["application/json", "text/html", "text/csv", "text/turtle"]  # validation reports


def _content(types: list[str]) -> dict[str, Any]:
    return {t: ({"schema": {"type": "object"}} if t.endswith("json") else _TEXT) for t in types}


def _errors(codes: dict[str, str], content: dict[str, Any]) -> dict[str, Any]:
    return {code: {"description": text, "content": copy.deepcopy(content)} for code, text in codes.items()}


# What each documented path answers besides its success, by method. Successes keep FastAPI's
# entry; their media types come from _SUCCESS.
_SUCCESS: dict[tuple[str, str], list[str]] = {
    ("get", "/health"): ["application/json"],
    ("get", "/sparql"): [*RESULT_TYPES, *GRAPH_TYPES, "text/html", "application/n-triples"],
    ("post", "/sparql"): [*RESULT_TYPES, *GRAPH_TYPES, "text/plain"],
    ("get", "/queries"): ["application/json", "text/html"],
    ("post", "/validate"): _REPORT,
    ("get", "/validate"): ["text/html"],
    ("get", "/submissions"): ["application/json"],
    ("post", "/submissions"): ["application/json"],
    ("get", "/id/{path}"): _RDF,
    ("get", "/catalog"): _RDF,
    ("get", "/.well-known/void"): [r.media_type for r in formats.RDF_REPRESENTATIONS],
    ("get", "/dumps/"): ["text/html"],
    ("get", "/dumps/{filename}"): ["application/gzip", "application/trig", "application/n-quads",
                                   "application/octet-stream"],
    ("get", "/ontology"): _RDF,
    ("get", "/shapes"): _RDF,
    ("get", "/activities"): list(ACTIVITY_TYPES),
    ("get", "/activities.{ext}"): list(ACTIVITY_TYPES),
    ("get", "/note/{period}"): ["text/html"],
    ("get", "/note/{period}.md"): ["text/markdown"],
    ("get", "/note/{period}.docx"): ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    ("get", "/note/{period}/figure-{number}.png"): ["image/png"],
}
_NOTE_ERRORS = _errors({"400": "not a period", "404": "no data for that period",
                        "422": "no such figure, or a value not allowed", "503": "the store cannot be read"}, JSON_ERROR)

_ERRORS: dict[tuple[str, str], dict[str, Any]] = {
    ("get", "/sparql"): _errors({"400": "malformed or ambiguous request",
                                 "403": "SERVICE or a graph outside the store", "406": "no acceptable format",
                                 "503": "time limit reached or the service is saturated"}, PLAIN_ERROR),
    ("post", "/sparql"): _errors({"400": "malformed or ambiguous request", "401": "update without credentials",
                                  "403": "a wrong token, SERVICE, LOAD or a graph outside the store",
                                  "406": "no acceptable format", "413": "body too large",
                                  "415": "unknown body type", "503": "time limit reached or the service is saturated"},
                                 PLAIN_ERROR),
    ("get", "/queries"): _errors({"400": "the saved queries cannot be read"}, JSON_ERROR),
    ("post", "/validate"): {**_errors({"400": "the file cannot be read", "406": "no acceptable report format",
                                       "415": "unknown file type", "503": "the store cannot be read"}, JSON_ERROR),
                            **_errors({"413": "upload too large"}, PLAIN_ERROR)},
    ("get", "/submissions"): _errors({"503": "the store cannot be read"}, JSON_ERROR),
    ("post", "/submissions"): {
        **_errors({"400": "the file cannot be read, or entity/period missing", "401": "no write token sent",
                   "403": "a wrong write token, or writes are off", "409": "the entity and period exist already",
                   "415": "unknown file type", "503": "the store cannot be written"}, JSON_ERROR),
        "422": {"description": "the file has violations: the report, nothing stored",
                "content": _content(_REPORT)},
        **_errors({"413": "upload too large"}, PLAIN_ERROR)},
    ("delete", "/submissions/{submission_id}"): _errors(
        {"401": "no write token sent", "403": "a wrong write token, or writes are off",
         "404": "no such submission", "503": "the store cannot be written"}, JSON_ERROR),
    ("get", "/id/{path}"): {**_errors({"404": "no such resource", "406": "no acceptable format"}, PAGE_OR_PLAIN)},
    ("get", "/catalog"): _errors({"404": "no such format", "406": "no acceptable format"}, PAGE_OR_PLAIN),
    ("get", "/.well-known/void"): _errors({"404": "no such format", "406": "no acceptable format"}, PAGE_OR_PLAIN),
    ("get", "/ontology"): _errors({"404": "no such format", "406": "no acceptable format"}, PAGE_OR_PLAIN),
    ("get", "/shapes"): _errors({"404": "no such format", "406": "no acceptable format"}, PAGE_OR_PLAIN),
    ("get", "/dumps/{filename}"): _errors({"404": "no such dump"}, {"text/html": _TEXT}),
    ("get", "/activities"): _errors({"400": "a filter value is not allowed", "406": "no acceptable format",
                                     "503": "the store cannot be read"}, JSON_ERROR),
    ("get", "/activities.{ext}"): _errors({"400": "a filter value is not allowed", "406": "no such format",
                                           "503": "the store cannot be read"}, JSON_ERROR),
    ("get", "/note/{period}"): _NOTE_ERRORS,
    ("get", "/note/{period}.md"): _NOTE_ERRORS,
    ("get", "/note/{period}.docx"): _NOTE_ERRORS,
    ("get", "/note/{period}/figure-{number}.png"): _NOTE_ERRORS,
}

_SAVED_QUERY_ERRORS = _errors({"400": "a parameter given twice", "404": "no such rendering (e.g. a chart for a "
                               "query without one)", "406": "no acceptable format",
                               "422": "a parameter value is not allowed",
                               "503": "the query reached the time limit, or the service is saturated"}, JSON_ERROR)


def _describe_success(op: dict[str, Any], types: list[str]) -> None:
    for code, resp in op.get("responses", {}).items():
        if code.startswith("2") and code != "204":
            resp["content"] = _content(types)


def _complete(path: str, method: str, op: dict[str, Any]) -> None:
    responses = op.setdefault("responses", {})
    key = (method, path)
    if key in _SUCCESS:
        _describe_success(op, _SUCCESS[key])
    if path.startswith("/queries/"):
        responses.update(copy.deepcopy(_SAVED_QUERY_ERRORS))
    if key in _ERRORS:
        responses.update(copy.deepcopy(_ERRORS[key]))
    elif not path.startswith("/queries/"):  # a route this table does not know yet: the shared handler's
        shared = {"400": "the request cannot be answered", "406": "no acceptable format",
                  "503": "the store cannot be read, or the time limit was reached"}
        if "{" in path:
            shared["404"] = "nothing at this address"
        responses.update({c: r for c, r in _errors(shared, JSON_ERROR).items() if c not in responses})
    if "422" in responses and "content" not in responses["422"]:
        responses["422"]["content"] = copy.deepcopy(JSON_ERROR)
    validation = responses.get("422", {}).get("content", {}).get("application/json", {})
    if validation.get("schema", {}).get("$ref", "").endswith("HTTPValidationError"):
        validation["schema"] = copy.deepcopy(_DETAIL["schema"])  # FastAPI's, or our one-line detail
    if method == "post":
        responses.setdefault("413", _errors({"413": "body too large"}, PLAIN_ERROR)["413"])
    if any(p.get("in") == "query" for p in op.get("parameters", [])):
        responses.setdefault("422", _errors({"422": "a parameter value is not allowed"}, JSON_ERROR)["422"])
    if any(c.startswith("2") and c != "204" for c in responses) and method == "get":
        responses.setdefault("304", {"description": "not modified (If-None-Match or If-Modified-Since matched)"})


def _head(op: dict[str, Any]) -> dict[str, Any]:
    head = copy.deepcopy(op)
    head["operationId"] = head.get("operationId", "op") + "_head"
    head["summary"] = "HEAD: " + head.get("summary", "the GET answer's status and headers")
    for resp in head.get("responses", {}).values():
        resp.pop("content", None)  # the GET answer's headers, no body
    return head


def _options(path: str, methods: list[str], ops: dict[str, Any]) -> dict[str, Any]:
    allow = ", ".join(methods)
    params = {p["name"]: p for op in ops.values() for p in op.get("parameters", []) if p.get("in") == "path"}
    return {
        "parameters": list(params.values()),
        "summary": f"Methods of {path} (Allow: {allow})",
        "operationId": "options_" + "".join(c if c.isalnum() else "_" for c in path).strip("_"),
        "tags": ["service"],
        "responses": {"204": {"description": f"no body; Allow: {allow}",
                              "headers": {"Allow": {"schema": {"type": "string", "enum": [allow]}}}}},
    }


_ORDER = ("get", "head", "post", "put", "patch", "delete", "options")


def truthful(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI description, completed (computed once, as FastAPI does)."""
    if app.openapi_schema:
        return app.openapi_schema
    doc = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    for path, ops in doc.get("paths", {}).items():
        for method in _route_methods(app, path) - set(ops):
            ops[method] = _page(path)  # e.g. GET /validate, the upload page beside POST /validate
        for method, op in list(ops.items()):
            if method in _ORDER:
                _complete(path, method, op)
        if "get" in ops and "head" not in ops:
            ops["head"] = _head(ops["get"])
        methods = [m.upper() for m in _ORDER if m in ops or m == "options"]
        ops["options"] = _options(path, methods, ops)
        doc["paths"][path] = {m: ops[m] for m in _ORDER if m in ops}
    doc["x-excluded-paths"] = [p for p in excluded(app) if p not in doc["paths"]]
    doc["info"]["description"] = (doc["info"].get("description", "") + "\n\nHTML pages for people and the "
                                  "`.ext` forms of documented paths are not described here; "
                                  "`x-excluded-paths` lists them.")
    app.openapi_schema = doc
    return doc


def _routes(routes: Any, prefix: str = "") -> list[tuple[str, Route]]:
    """(path, route) for every route, inside included routers too (kept unflattened: web/methods.py)."""
    out = []
    for r in routes:
        inner = getattr(r, "original_router", None)
        if inner is not None:
            sub = getattr(getattr(r, "include_context", None), "prefix", "") or ""
            out += _routes(inner.routes, prefix + sub)
        elif isinstance(r, Route):
            out.append((prefix + r.path_format, r))
    return out


def _route_methods(app: FastAPI, path: str) -> set[str]:
    return {m.lower() for p, r in _routes(app.routes) if p == path for m in (r.methods or ()) if m.lower() in _ORDER}


def _page(path: str) -> dict[str, Any]:
    return {"summary": f"The page for people at {path}", "tags": ["pages"],
            "operationId": "page_" + "".join(c if c.isalnum() else "_" for c in path).strip("_"),
            "responses": {"200": {"description": "an HTML page", "content": {"text/html": _TEXT}},
                          "304": {"description": "not modified"}}}


def excluded(app: FastAPI) -> list[str]:
    """Paths of routes left out of the description (pages for people, extension forms)."""
    return sorted({p for p, r in _routes(app.routes) if not r.include_in_schema} - {"/openapi.json"})


def install(app: FastAPI) -> None:
    app.openapi = lambda: truthful(app)  # type: ignore[method-assign]
