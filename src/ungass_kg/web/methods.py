"""HTTP method semantics every route gets (RFC 9110), in one ASGI middleware.

- ``HEAD`` on any ``GET`` route: the ``GET`` answer's status and headers, no body.
- ``OPTIONS``: ``204`` with ``Allow`` listing the methods the path takes (CORS preflights are
  answered before this by the CORS middleware).
- ``405``: ``Allow`` lists every method of every route on that path (the router names only the
  first route's).
- ``Last-Modified`` beside the ``ETag`` of answers derived from the store, when the store knows
  the time of its last write; ``If-Modified-Since`` then gives ``304`` (``If-None-Match`` wins
  when both are sent).
"""

from __future__ import annotations

import copy
from email.utils import formatdate, parsedate_to_datetime
from typing import Any

from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

_ORDER = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def allowed_methods(app: Any, scope: Scope) -> list[str]:
    """Methods of the routes whose path matches ``scope``'s (empty: no route has this path)."""
    methods = _methods(getattr(app, "routes", ()), {**scope, "method": "GET"})
    if not methods:
        return []
    if "GET" in methods:
        methods.add("HEAD")
    methods.add("OPTIONS")
    return sorted(methods, key=lambda m: (_ORDER.index(m) if m in _ORDER else len(_ORDER), m))


def _methods(routes: Any, scope: Scope) -> set[str]:
    methods: set[str] = set()
    for route in routes:
        included = getattr(route, "original_router", None)  # FastAPI's include_router, unflattened
        if included is not None:
            prefix = getattr(getattr(route, "include_context", None), "prefix", "") or ""
            path = scope["path"]
            if path.startswith(prefix):
                methods |= _methods(included.routes, {**scope, "path": path[len(prefix):] or "/"})
            continue
        match, _ = route.matches(scope)
        if match != Match.NONE:
            methods |= set(getattr(route, "methods", None) or {"GET"})
    return methods


def _header(headers: list[tuple[bytes, bytes]], name: bytes) -> bytes | None:
    return next((v for k, v in headers if k.lower() == name), None)


def _request_header(scope: Scope, name: bytes) -> str | None:
    value = _header(list(scope.get("headers", [])), name)
    return value.decode("latin-1") if value is not None else None


class HttpMethods:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        method = scope["method"]
        app = scope.get("app")
        if method == "OPTIONS":
            allow = allowed_methods(app, scope)
            if allow:
                await send({"type": "http.response.start", "status": 204,
                            "headers": [(b"allow", ", ".join(allow).encode())]})
                await send({"type": "http.response.body", "body": b""})
                return
        head = method == "HEAD"
        inner = {**scope, "method": "GET"} if head else scope
        conditional = method in ("GET", "HEAD") and _request_header(scope, b"if-none-match") is None
        since = _request_header(scope, b"if-modified-since") if conditional else None
        state: dict[str, bool] = {"drop": head}

        async def wrapped(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                status = message["status"]
                if status == 405:
                    headers = [(k, v) for k, v in headers if k.lower() != b"allow"]
                    headers.append((b"allow", ", ".join(allowed_methods(app, scope)).encode()))
                elif status in (200, 304) and _header(headers, b"etag") is not None \
                        and _header(headers, b"last-modified") is None:
                    modified = _store_modified(app)
                    if modified is not None:
                        headers.append((b"last-modified", formatdate(modified, usegmt=True).encode()))
                        if status == 200 and since is not None and _not_modified_since(modified, since):
                            status = 304
                            headers = [(k, v) for k, v in headers
                                       if k.lower() not in (b"content-length", b"content-type")]
                            state["drop"] = True
                message = {**message, "status": status, "headers": headers}
            elif message["type"] == "http.response.body" and state["drop"]:
                message = {**message, "body": b""}
            await send(message)

        await self.app(inner, receive, wrapped)


def _store_modified(app: Any) -> float | None:
    store = getattr(getattr(app, "state", None), "store", None)
    modified = getattr(store, "modified", None)
    return modified() if callable(modified) else None


def _not_modified_since(modified: float, since: str) -> bool:
    try:
        return int(modified) <= parsedate_to_datetime(since).timestamp()
    except (TypeError, ValueError):
        return False


def document(app: Any) -> None:
    """Declare HEAD and OPTIONS in the API description as the middleware answers them: ``head``
    beside every ``get`` (the same statuses and media types, no body), ``options`` on every path
    (``204`` with ``Allow``), so the description agrees with ``Allow``."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = build()
        for path, ops in schema.get("paths", {}).items():
            get = ops.get("get")
            if get is not None and "head" not in ops:
                head = copy.deepcopy(get)
                head["summary"] = "The headers of GET " + path + " (no body)"
                head.pop("description", None)
                if "operationId" in head:
                    head["operationId"] += "_head"
                ops["head"] = head
            methods = [m.upper() for m in ops if m in ("get", "head", "post", "put", "patch", "delete")]
            ops["options"] = {
                "summary": "The methods " + path + " takes", "tags": ["http"],
                "operationId": "options_" + "".join(c if c.isalnum() else "_" for c in path).strip("_"),
                # path parameters from any operation: a path may have no GET (DELETE /submissions/{id})
                "parameters": list({p["name"]: p for op in ops.values() if isinstance(op, dict)
                                    for p in op.get("parameters", []) if p.get("in") == "path"}.values()),
                "responses": {"204": {"description": "no body; Allow: " + ", ".join([*methods, "OPTIONS"]),
                                      "headers": {"Allow": {"schema": {"type": "string"}}}}},
            }
        app.openapi_schema = schema
        return schema

    app.openapi = openapi
