"""Settings shared by the CLI and the web app, read from options and the environment.

Environment variables (all optional):

=============================  =============================================================
``UNGASS_KG_STORE``            folder of the embedded Oxigraph store
``UNGASS_KG_ENDPOINT``         SPARQL 1.1 query endpoint of a remote store (instead of the folder)
``UNGASS_KG_UPDATE_ENDPOINT``  its SPARQL 1.1 Update endpoint (default: the query endpoint)
``UNGASS_KG_GSP_ENDPOINT``     its Graph Store Protocol endpoint (optional, faster loads)
``UNGASS_KG_USER`` / ``UNGASS_KG_PASSWORD``  credentials for the remote store
``UNGASS_KG_BASE``             public base IRI (default ``https://w3id.org/ungass-kg/``)
``UNGASS_KG_PUBLIC_URL``       where this server is reached (e.g. ``https://kg.example.org/``): absolute
                               links, the endpoint URL and the base IRI of queries use it
``UNGASS_KG_TRUST_FORWARDED``  ``true``: without a public URL, build it from ``X-Forwarded-Proto`` /
                               ``X-Forwarded-Host`` / ``X-Forwarded-Prefix`` (only behind a proxy that sets them)
``UNGASS_KG_WRITE_TOKEN``      bearer token that unlocks writes over HTTP (none: read-only)
``UNGASS_KG_QUERY_TIMEOUT``    seconds a query may run on the endpoint (default 10)
``UNGASS_KG_MAX_ROWS``         result rows returned at most (default 10000)
``UNGASS_KG_MAX_BODY``         request body limit in bytes (default 20 MB)
``UNGASS_KG_CORS_ORIGINS``     comma-separated origins allowed by CORS (default ``*``)
=============================  =============================================================
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

from platformdirs import user_data_dir

from .namespaces import BASE


def default_store_path() -> Path:
    return Path(user_data_dir("ungass-kg", appauthor=False)) / "store"


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    return int(raw) if raw and raw.strip().isdigit() else default


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    try:
        return float(raw) if raw else default
    except ValueError:
        return default


def _url_with_slash(raw: str | None) -> str | None:
    if not raw or not raw.strip():
        return None
    raw = raw.strip()
    return raw if raw.endswith("/") else raw + "/"


@dataclass(frozen=True)
class Settings:
    store_path: Path | None = None  # None + no endpoint: in-memory store (tests)
    endpoint: str | None = None
    update_endpoint: str | None = None
    gsp_endpoint: str | None = None
    user: str | None = None
    password: str | None = None
    base_iri: str = BASE
    public_url: str | None = None
    trust_forwarded: bool = False
    write_token: str | None = None
    query_timeout: float = 10.0
    max_rows: int = 10_000
    max_body: int = 20 * 1024 * 1024
    cors_origins: tuple[str, ...] = field(default_factory=lambda: ("*",))

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        env = os.environ.get
        store = env("UNGASS_KG_STORE")
        s = cls(
            store_path=Path(store) if store else default_store_path(),
            endpoint=env("UNGASS_KG_ENDPOINT") or None,
            update_endpoint=env("UNGASS_KG_UPDATE_ENDPOINT") or None,
            gsp_endpoint=env("UNGASS_KG_GSP_ENDPOINT") or None,
            user=env("UNGASS_KG_USER") or None,
            password=env("UNGASS_KG_PASSWORD") or None,
            base_iri=env("UNGASS_KG_BASE") or BASE,
            public_url=_url_with_slash(env("UNGASS_KG_PUBLIC_URL")),
            trust_forwarded=(env("UNGASS_KG_TRUST_FORWARDED") or "").strip().lower() in ("1", "true", "yes"),
            write_token=env("UNGASS_KG_WRITE_TOKEN") or None,
            query_timeout=_env_float("UNGASS_KG_QUERY_TIMEOUT", 10.0),
            max_rows=_env_int("UNGASS_KG_MAX_ROWS", 10_000),
            max_body=_env_int("UNGASS_KG_MAX_BODY", 20 * 1024 * 1024),
            cors_origins=tuple(o.strip() for o in (env("UNGASS_KG_CORS_ORIGINS") or "*").split(",") if o.strip()),
        )
        given = {k: v for k, v in overrides.items() if v is not None}
        return replace(s, **given)  # type: ignore[arg-type]

    def describe_store(self) -> str:
        if self.endpoint:
            return f"remote SPARQL store {self.endpoint}"
        return f"embedded store {self.store_path}" if self.store_path else "in-memory store"
