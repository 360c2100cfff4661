"""Where this server is reached from outside, without trusting the ``Host`` header.

Absolute URLs the server writes (the endpoint in the service description, the base IRI of
queries, download links in DCAT and VoID) come from ``UNGASS_KG_PUBLIC_URL``; behind a proxy
that sets them, and only when ``UNGASS_KG_TRUST_FORWARDED`` says so, from ``X-Forwarded-Proto``,
``X-Forwarded-Host`` and ``X-Forwarded-Prefix``; otherwise from the configured base IRI. A
client that sends ``Host: evil.example`` never sees that name in an answer.
"""

from __future__ import annotations

import re

from starlette.requests import Request

from ..config import Settings

_HOST = re.compile(r"[A-Za-z0-9.\-]+(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?")
_PREFIX = re.compile(r"(/[A-Za-z0-9._~\-]+)*/?")


def public_url(request: Request) -> str | None:
    """The configured (or, when trusted, forwarded) public URL, ending in ``/``; else ``None``."""
    settings: Settings = request.app.state.settings
    if settings.public_url:
        return settings.public_url
    return _forwarded(request) if settings.trust_forwarded else None


def public_base(request: Request) -> str:
    """The public URL of this service, ending in ``/``: configured, forwarded, else the base IRI."""
    return public_url(request) or request.app.state.settings.base_iri


def _forwarded(request: Request) -> str | None:
    host = request.headers.get("x-forwarded-host", "").split(",")[0].strip()
    if not host or not _HOST.fullmatch(host):
        return None
    proto = request.headers.get("x-forwarded-proto", "").split(",")[0].strip().lower()
    proto = proto if proto in ("http", "https") else "https"
    prefix = request.headers.get("x-forwarded-prefix", "").split(",")[0].strip()
    prefix = prefix if _PREFIX.fullmatch(prefix) else ""
    return f"{proto}://{host}{prefix.rstrip('/')}/"


def endpoint_url(request: Request) -> str:
    """The SPARQL endpoint's own URL: the base IRI of queries and updates, ``sd:endpoint``."""
    return public_base(request) + "sparql"
