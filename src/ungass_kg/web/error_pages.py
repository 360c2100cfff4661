"""Errors as pages for people: a browser that asks for HTML gets a styled page (404, 406,
422, ...) with the same one-line message API clients get as JSON or plain text."""

from __future__ import annotations

from fastapi import FastAPI, Request
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import HTMLResponse, JSONResponse, Response

from ..present import negotiation

TITLES = {400: "This request cannot be answered", 401: "Credentials needed", 403: "Not allowed",
          404: "Not found", 405: "Method not allowed", 406: "Not available in this format",
          413: "Too large", 415: "Unsupported upload", 422: "This value is not allowed",
          503: "Busy or too slow"}


def wants_html(request: Request) -> bool:
    """A browser: HTML is preferred over JSON in its Accept header (API clients send */* or JSON)."""
    accept = request.headers.get("accept")
    return bool(accept) and negotiation.choose(("application/json", "text/html"), accept) == "text/html"


def html_error(request: Request, status: int, message: str, headers: dict[str, str] | None = None) -> Response:
    from .pages import error_html, site_for

    title = TITLES.get(status, "Something went wrong")
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
