"""Settings shared by the CLI and the web app: declared once, here, as data.

Each field of :class:`Settings` is one setting, declared with :func:`setting`: its name
(the field), type (the annotation and the parser), default, environment variable, CLI
option where there is one, and help. Everything else reads this declaration: the CLI's
global and ``serve`` options, ``Settings.from_env``, and a test that checks the settings
tables in README.md and docs/endpoint.md against it.

A value that cannot be used is refused with one line naming the variable (or option) and
what it accepts (:class:`SettingError`, exit 2): never silently replaced by the default.

To add a setting: add a field below with ``setting(...)`` (a cap on what one uploaded file
may hold: ``cap(...)``, with its default in ``limits.Limits``) and a row to README's settings
table (and docs/endpoint.md's limits table when ``endpoint=True``).
"""

from __future__ import annotations

import math
import os
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TypeVar

from platformdirs import user_data_dir

from .canonical import BASE
from .errors import UserError
from .limits import DEFAULT as DEFAULT_LIMITS
from .limits import Limits

T = TypeVar("T")


class SettingError(UserError):
    """An environment variable or option whose value cannot be used."""


def default_store_path() -> Path:
    return Path(user_data_dir("ungass-kg", appauthor=False)) / "store"


# Parsers: raw text in, typed value out; ValueError means "not what this setting accepts".

def _text(raw: str) -> str:
    return raw


def _path(raw: str) -> Path:
    return Path(raw).expanduser()


def _http_url(raw: str) -> str:
    if not raw.startswith(("http://", "https://")) or len(raw) <= len("https://"):
        raise ValueError
    return raw


def _public_url(raw: str) -> str:
    url = _http_url(raw.strip())
    return url if url.endswith("/") else url + "/"


def _flag(raw: str) -> bool:
    value = raw.strip().lower()
    if value not in ("1", "true", "yes", "0", "false", "no"):
        raise ValueError
    return value in ("1", "true", "yes")


def _seconds(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value) or value <= 0:
        raise ValueError
    return value


def _seconds_or_off(raw: str) -> float:
    value = float(raw)
    if not math.isfinite(value) or value < 0:
        raise ValueError
    return value


def _positive(raw: str) -> int:
    value = _count(raw)
    if value < 1:
        raise ValueError
    return value


def _count(raw: str) -> int:
    if not raw.strip().isdigit():
        raise ValueError
    return int(raw)


def _origins(raw: str) -> tuple[str, ...]:
    origins = tuple(o.strip() for o in raw.split(",") if o.strip())
    if not origins:
        raise ValueError
    return origins


@dataclass(frozen=True)
class Spec:
    """What the declaration says about one setting besides its name, type and default."""

    env: str
    help: str
    parse: Callable[[str], object]
    accepts: str  # completes "expected ...", in the one-line error
    shown: str  # the default as the documentation shows it
    option: str | None = None  # CLI option, e.g. "--store"
    command: str | None = None  # None: a global option; else the command that has it
    endpoint: bool = False  # a server limit: docs/endpoint.md lists it too
    fallback: Callable[[], object] | None = None  # default computed when read from the environment
    limit: str | None = None  # the field of limits.Limits this setting fills (a cap: see cap())


def setting(default: T, *, env: str, help: str, parse: Callable[[str], object], accepts: str,
            shown: str, option: str | None = None, command: str | None = None, endpoint: bool = False,
            fallback: Callable[[], object] | None = None) -> T:
    """Declare one setting (a dataclass field carrying its :class:`Spec`)."""
    spec = Spec(env, help, parse, accepts, shown, option, command, endpoint, fallback)
    return field(default=default, metadata={"setting": spec})


def cap(limit: str, unit: str, help: str, env: str | None = None, shown: str | None = None) -> int:
    """Declare a cap on one uploaded or loaded file: the setting that fills ``Limits.<limit>``.

    Its default is that of :data:`ungass_kg.limits.DEFAULT`, its variable ``UNGASS_KG_MAX_<LIMIT>``
    unless ``env`` says otherwise; it takes a whole number of ``unit``, at least 1.
    """
    default: int = getattr(DEFAULT_LIMITS, limit)
    spec = Spec(env or f"UNGASS_KG_MAX_{limit.upper()}", help, _positive, f"a whole number of {unit}, at least 1",
                shown or str(default), limit=limit)
    return field(default=default, metadata={"setting": spec})


_URL = "an http:// or https:// URL"


@dataclass(frozen=True)
class Settings:
    store_path: Path | None = setting(
        None, env="UNGASS_KG_STORE", option="--store", parse=_path, accepts="a folder path",
        shown="user data folder", fallback=default_store_path,
        help="Folder of the embedded Oxigraph store.")  # None (no endpoint either): in-memory (tests)
    endpoint: str | None = setting(
        None, env="UNGASS_KG_ENDPOINT", option="--endpoint", parse=_http_url, accepts=_URL, shown="none",
        help="SPARQL 1.1 query endpoint of a remote store, used instead of the folder.")
    update_endpoint: str | None = setting(
        None, env="UNGASS_KG_UPDATE_ENDPOINT", option="--update-endpoint", parse=_http_url, accepts=_URL,
        shown="the query endpoint", help="SPARQL 1.1 Update endpoint of the remote store.")
    gsp_endpoint: str | None = setting(
        None, env="UNGASS_KG_GSP_ENDPOINT", option="--gsp-endpoint", parse=_http_url, accepts=_URL,
        shown="none", help="Graph Store Protocol endpoint of the remote store (optional, faster loads).")
    user: str | None = setting(
        None, env="UNGASS_KG_USER", parse=_text, accepts="a user name", shown="none",
        help="User name for the remote store (HTTP basic or digest).")
    password: str | None = setting(
        None, env="UNGASS_KG_PASSWORD", parse=_text, accepts="a password", shown="none",
        help="Password for the remote store.")
    base_iri: str = setting(
        BASE, env="UNGASS_KG_BASE", parse=_http_url, accepts=_URL, shown=f"`{BASE}`",
        help="Public base IRI of the knowledge base's resources.")
    public_url: str | None = setting(
        None, env="UNGASS_KG_PUBLIC_URL", parse=_public_url, accepts=_URL,
        shown="none: links by path, URLs from the base",
        help="Where this server is reached (e.g. https://kg.example.org/): absolute links, "
        "the endpoint URL and the base IRI of queries use it.")
    trust_forwarded: bool = setting(
        False, env="UNGASS_KG_TRUST_FORWARDED", parse=_flag, accepts="true or false", shown="false",
        help="true: without a public URL, build it from X-Forwarded-Proto / -Host / -Prefix "
        "(only behind a proxy that sets them).")
    write_token: str | None = setting(
        None, env="UNGASS_KG_WRITE_TOKEN", parse=_text, accepts="a token", shown="none: read-only",
        endpoint=True, help="Bearer token that allows writes over HTTP.")
    query_timeout: float = setting(
        10.0, env="UNGASS_KG_QUERY_TIMEOUT", parse=_seconds, endpoint=True, shown="10",
        accepts="a number of seconds above 0, e.g. 10 or 2.5", help="Seconds a query may run on the endpoint.")
    max_rows: int = setting(
        10_000, env="UNGASS_KG_MAX_ROWS", parse=_positive, accepts="a whole number of rows, at least 1",
        shown="10000", endpoint=True, help="Result rows returned at most.")
    max_body: int = setting(
        20 * 1024 * 1024, env="UNGASS_KG_MAX_BODY", parse=_positive, accepts="a whole number of bytes, at least 1",
        shown="20971520 (20 MB)", endpoint=True, help="Request and upload size limit, in bytes.")
    cors_origins: tuple[str, ...] = setting(
        ("*",), env="UNGASS_KG_CORS_ORIGINS", parse=_origins, accepts="comma-separated origins, or *",
        shown="`*`", endpoint=True, help="Origins allowed by CORS to GET, HEAD and POST (comma-separated).")
    query_workers: int | None = setting(
        None, env="UNGASS_KG_QUERY_WORKERS", option="--query-workers", command="serve", parse=_count,
        accepts="a whole number of processes (0 = in-thread)", shown="CPUs, 2 to 8", endpoint=True,
        help="Query worker processes; 0 runs queries in the server's threads (no hard time limit).")
    worker_memory_mb: int = setting(
        2048, env="UNGASS_KG_WORKER_MEMORY_MB", parse=_count, accepts="a whole number of MB (0 = no cap)",
        shown="2048", endpoint=True, help="Heap cap of each query worker, in MB; 0 = no cap.")
    # A copy costs 410-450 bytes of RSS per quad (benchmarks/bench_worker_copy.py): a million
    # quads (a 100,000-activity store is 850,000) is about 430 MB, a fifth of a worker's heap
    # cap, 4.3 GB for the 10 workers (8 general, fast lane, spare) of a 24 GB machine; the copy
    # takes about 12 us a quad after each write.
    worker_memory_quads: int = setting(
        1_000_000, env="UNGASS_KG_WORKER_MEMORY_QUADS", parse=_count,
        accepts="a whole number of quads (0 = always read from disk)", shown="1000000", endpoint=True,
        help="Stores up to this many quads are copied into each worker's memory (faster joins); 0 = off.")
    fast_lane_seconds: float = setting(
        0.5, env="UNGASS_KG_FAST_LANE_SECONDS", parse=_seconds_or_off, endpoint=True, shown="0.5",
        accepts="a number of seconds, 0 or more (0 = no fast lane)",
        help="How long a query may run in the fast lane before it waits for a general worker; 0 = no fast lane.")
    # Caps on what one uploaded or loaded file may hold (ungass_kg.limits; docs/reliability.md).
    max_literal: int = cap("literal", "characters", "Characters of one literal, IRI or cell in an uploaded or "
                           "loaded file.")
    max_triples: int = cap("triples", "triples", "Triples in one RDF submission.")
    max_upload_rows: int = cap("rows", "rows", "Activity rows in one spreadsheet submission.",
                               env="UNGASS_KG_MAX_UPLOAD_ROWS")
    max_columns: int = cap("columns", "columns", "Columns in one spreadsheet submission.")
    max_cells: int = cap("cells", "cells", "Cells in one uploaded workbook, all sheets.")
    max_inflated: int = cap("inflated", "bytes", "Decompressed bytes of one uploaded workbook (checked as it "
                            "inflates).", shown="33554432 (32 MB)")
    max_depth: int = cap("depth", "levels", "Nesting of XML elements or JSON arrays and objects in an uploaded "
                         "or loaded file.")

    @property
    def limits(self) -> Limits:
        """The caps on what an uploaded or loaded file may hold, for the readers."""
        return Limits(**{spec.limit: getattr(self, name) for name, spec in declared() if spec.limit})

    @classmethod
    def from_env(cls, options: Mapping[str, object] | None = None,
                 env: Mapping[str, str] | None = None) -> Settings:
        """Settings from the environment; ``options`` (CLI values by field name, None = not given) win."""
        env = os.environ if env is None else env
        options = dict(options or {})
        values: dict[str, object] = {}
        for name, spec in declared():
            given = options.pop(name, None)
            if given is not None:
                values[name] = _parse(spec, str(given), spec.option or name)
            elif env.get(spec.env):
                values[name] = _parse(spec, env[spec.env], spec.env)
            elif spec.fallback is not None:
                values[name] = spec.fallback()
        if options:
            raise TypeError(f"not settings: {', '.join(options)}")
        return cls(**values)  # type: ignore[arg-type]

    def with_options(self, **options: object) -> Settings:
        """These settings with a command's own options applied (None = not given)."""
        specs = dict(declared())
        given = {k: _parse(specs[k], str(v), specs[k].option or k) for k, v in options.items() if v is not None}
        return replace(self, **given)  # type: ignore[arg-type]

    def describe_store(self) -> str:
        if self.endpoint:
            return f"remote SPARQL store {self.endpoint}"
        return f"embedded store {self.store_path}" if self.store_path else "in-memory store"


def declared() -> Iterator[tuple[str, Spec]]:
    """Every setting, in declaration order: (field name, spec)."""
    for f in fields(Settings):
        yield f.name, f.metadata["setting"]


def _parse(spec: Spec, raw: str, source: str) -> object:
    try:
        return spec.parse(raw)
    except ValueError:
        raise SettingError(f"{source}={raw!r}: expected {spec.accepts}") from None
