"""What the routers share at run time: settings, store, query runner, answer cache."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response

from ..config import Settings
from ..errors import UserError
from ..store import Store
from .caching import AnswerCache
from .precomputed import Precomputed
from .workers import Runner


@dataclass
class Runtime:
    settings: Settings
    store: Store
    runner: Runner
    cache: AnswerCache = field(default_factory=AnswerCache)
    precomputed: Precomputed | None = None
    _graphs: tuple[str, set[str]] | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def graph_names(self) -> set[str]:
        """Named graphs in the store, recomputed only when the store's version changed."""
        version = self.store.version()
        with self._lock:
            if self._graphs is not None and self._graphs[0] == version:
                return self._graphs[1]
        names = self.store.graph_names()
        with self._lock:
            self._graphs = (version, names)
        return names


def runtime(request: Request) -> Runtime:
    return request.app.state.runtime


def client_of(request: Request) -> str:
    """Who asked, for fair queueing of queries (the peer address)."""
    return request.client.host if request.client else ""


def error_response(request: Request, err: UserError) -> Response:
    """One clear line: plain text on the SPARQL endpoint, JSON ``{"detail": ...}`` elsewhere."""
    headers = {"WWW-Authenticate": 'Bearer realm="ungass-kg"'} if err.http_status == 401 else {}
    headers.update(getattr(err, "headers", None) or {})  # e.g. Retry-After when the queue is full
    if request.url.path.startswith("/sparql"):
        return PlainTextResponse(str(err) + "\n", status_code=err.http_status, headers=headers)
    from .error_pages import html_error, wants_html

    if wants_html(request):  # a person in a browser: the same line on a styled page
        return html_error(request, err.http_status, str(err), headers)
    return JSONResponse({"detail": str(err)}, status_code=err.http_status, headers=headers)
