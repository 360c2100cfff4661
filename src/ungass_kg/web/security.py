"""What the endpoint refuses: writes without the token, SERVICE, graphs outside the store, big bodies.

The checks read the query's tokens (comments, strings and IRIs set apart), so a keyword
inside a string literal or an IRI is not mistaken for one in the query itself.
"""

from __future__ import annotations

import hmac

from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import UserError
from ..sparql_text import Dataset, read_dataset

__all__ = ["Dataset", "Forbidden", "Unauthorized", "read_dataset", "require_write_token"]


class Forbidden(UserError):
    """A request the endpoint refuses on principle (not a mistake in its syntax)."""

    http_status = 403


class Unauthorized(UserError):
    """A write without credentials."""

    http_status = 401


def require_write_token(request: Request, form_token: str | None = None) -> None:
    """Writes need ``Authorization: Bearer <UNGASS_KG_WRITE_TOKEN>``.

    No token configured: every write is refused (403). Token configured but no credentials
    sent: 401 (with ``WWW-Authenticate``). Wrong token: 403. ``form_token``: the token a
    browser form sent in a POSTed field (forms cannot set headers); checked the same way.
    """
    token = request.app.state.settings.write_token
    if not token:
        raise Forbidden("this endpoint is read-only", hint="the server has no write token configured")
    header = request.headers.get("authorization", "")
    if not header and form_token:
        header = f"Bearer {form_token}"
    scheme, _, given = header.partition(" ")
    if not header:
        raise Unauthorized("writing needs 'Authorization: Bearer <token>'")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise Forbidden("the write token is not valid")




def check_query(query: str, default_graphs: list[str] | None, named_graphs: list[str] | None,
                store_graphs: set[str], base_iri: str | None = None) -> Dataset:
    """Refuse SERVICE and any graph outside the store; returns what the query names."""
    ds = read_dataset(query, base_iri)
    if ds.service:
        raise Forbidden("federated queries (SERVICE) are not allowed on this endpoint",
                        hint="query the other service yourself")
    for g in [*(default_graphs or []), *(named_graphs or []), *ds.default, *ds.named]:
        if g not in store_graphs:
            raise Forbidden(f"the graph <{g}> is not in this store",
                            hint="the service description at GET /sparql lists the graphs")
    return ds


class BodyLimit:
    """ASGI middleware: refuse request bodies over ``max_body`` bytes with 413."""

    def __init__(self, app: ASGIApp, max_body: int) -> None:
        self.app = app
        self.max_body = max_body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_body
        for name, value in scope.get("headers", []):
            if name == b"content-length":
                try:
                    too_big = int(value) > limit
                except ValueError:
                    too_big = False
                if too_big:
                    await self._refuse(scope, receive, send)
                    return
        seen = 0

        async def counting_receive() -> Message:
            nonlocal seen
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    raise _TooLarge
            return msg

        try:
            await self.app(scope, counting_receive, send)
        except _TooLarge:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        msg = f"the request body is larger than the {self.max_body} bytes this server accepts\n"
        request = Request(scope)
        if "app" in scope:  # a browser gets the page in the site's layout (pages.error_page)
            from .rounds_pages import error_page, wants_html

            if wants_html(request):
                err = UserError(msg.strip(), hint="split the activities over several smaller files")
                err.http_status = 413
                await error_page(request, err)(scope, receive, send)
                return
        await PlainTextResponse(msg, status_code=413)(scope, receive, send)


class _TooLarge(Exception):
    pass
