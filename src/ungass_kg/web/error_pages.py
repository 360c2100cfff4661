"""Errors as pages for people: a browser that asks for HTML gets a styled page (404, 406,
422, ...) with the same one-line message API clients get as JSON or plain text."""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..i18n import N_
from ..present import negotiation

TITLES = {400: N_("This request cannot be answered"), 401: N_("Credentials needed"), 403: N_("Not allowed"),
          404: N_("Not found"), 405: N_("Method not allowed"), 406: N_("Not available in this format"),
          413: N_("Too large"), 415: N_("Unsupported upload"), 422: N_("This value is not allowed"),
          503: N_("Busy or too slow")}


def wants_html(request: Request) -> bool:
    """A browser: HTML is preferred over JSON in its Accept header (API clients send */* or JSON)."""
    accept = request.headers.get("accept")
    return bool(accept) and negotiation.choose(("application/json", "text/html"), accept) == "text/html"


def html_error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    from .pages import error_html, site_for

    title = TITLES.get(status, N_("Something went wrong"))
    return HTMLResponse(error_html(site_for(request), title, message), status_code=status, headers=headers)


def install(app: FastAPI) -> None:
    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        headers = dict(exc.headers or {})
        if wants_html(request):
            message = ("Nothing lives at this address." if exc.status_code == 404 else str(exc.detail))
            return html_error(request, exc.status_code, f"{message} ({request.url.path})", headers)
        return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)

    app.add_exception_handler(StarletteHTTPException, http_error)
