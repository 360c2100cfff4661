"""Shared fixtures: real stores and a real server, never mocks.

- ``bundled_store_path``: an on-disk Oxigraph store built once from the bundled data.
- ``bundled_store``: that store opened (session-wide; do not write to it).
- ``fresh_store``: an empty on-disk Oxigraph store for a single test.
- ``bundled_copy`` / ``writable_store``: a copy of the bundled store for a single test that
  writes to it (the folder; the same opened read-write): a copy is quicker than a rebuild.
- ``virtuoso_server``: a real Virtuoso 7 on loopback for the session (fails in CI when
  Virtuoso is missing; skipped elsewhere).
- ``any_store``: parametrised over both backends, each emptied before the test.
- ``live_server``: ``ungass-kg serve`` in a subprocess on a free loopback port, over a
  copy of the bundled store; ``live_server.url`` is its base URL.
- ``browser``: a headless Chromium (tests/browser.py) for a test module; skipped without one.
- ``site``: ``ungass-kg publish`` of the bundled store, served by Python's http.server, for a
  test module (tests/static_site.py); ``site.url``, ``site.out``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from ungass_kg import bootstrap
from ungass_kg.store import EmbeddedStore, Store
from ungass_kg.store.remote import RemoteStore

from . import virtuoso
from .browser import Browser, launched
from .static_site import Site, published
from .waiting import stop_process, wait_until_answers

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def bundled_store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bundled") / "store"
    store = EmbeddedStore(path)
    bootstrap.build(store)
    store.close()
    return path


@pytest.fixture(scope="session")
def bundled_store(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    copy = tmp_path_factory.mktemp("bundled-ro") / "store"
    shutil.copytree(bundled_store_path, copy)
    store = EmbeddedStore(copy)
    yield store
    store.close()


@pytest.fixture
def fresh_store(tmp_path: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(tmp_path / "store")
    yield store
    store.close()


@pytest.fixture
def bundled_copy(bundled_store_path: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "store"
    shutil.copytree(bundled_store_path, copy)
    return copy


@pytest.fixture
def writable_store(bundled_copy: Path) -> Iterator[EmbeddedStore]:
    store = EmbeddedStore(bundled_copy)
    yield store
    store.close()


@dataclass
class LiveServer:
    url: str
    store_path: Path
    process: subprocess.Popen[bytes]
    log: Path


def start_server(store_path: Path, log: Path, env: dict[str, str] | None = None) -> LiveServer:
    port = free_port()
    full_env = {**os.environ, **(env or {})}
    cmd = [sys.executable, "-m", "ungass_kg", "--store", str(store_path), "serve",
           "--host", "127.0.0.1", "--port", str(port)]
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=full_env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    wait_until_answers(url + "/health", proc, 60, log.read_text)
    return LiveServer(url, store_path, proc, log)


def stop_server(server: LiveServer) -> None:
    stop_process(server.process)


@contextmanager
def serving_copy(bundled_store_path: Path, base: Path, env: dict[str, str] | None = None,
                 *before: tuple[str, ...]) -> Iterator[LiveServer]:
    """A server of its own (settings ``env``) over a copy of the bundled store in ``base``, stopped after;
    each of ``before`` is a command (``ungass-kg ARGS`` on the copy) run before the server starts."""
    shutil.copytree(bundled_store_path, base / "store")
    for args in before:
        subprocess.run([sys.executable, "-m", "ungass_kg", "--store", str(base / "store"), *args],
                       check=True, capture_output=True, cwd=ROOT)
    server = start_server(base / "store", base / "server.log", env)
    try:
        yield server
    finally:
        stop_server(server)


@pytest.fixture(scope="session")
def live_server(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    with serving_copy(bundled_store_path, tmp_path_factory.mktemp("server"),
                      {"UNGASS_KG_WRITE_TOKEN": "test-token"}) as server:
        yield server


@pytest.fixture(scope="session")
def round_server(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """A server with the 2023 round open, UNODC's valid example accepted and WHO's invalid one
    received with violations (the report pages and the round board have something to show)."""
    import requests

    examples = ROOT / "data" / "examples"
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    with serving_copy(bundled_store_path, tmp_path_factory.mktemp("round-server"),
                      {"UNGASS_KG_WRITE_TOKEN": "round-token"},
                      ("round", "open", "2023", "--deadline", "2099-01-31")) as server:
        for name, entity in (("unodc-2023-valid.xlsx", "UNODC"), ("unodc-2023-invalid.xlsx", "WHO")):
            with (examples / name).open("rb") as fh:
                r = requests.post(server.url + "/submissions", files={"file": (name, fh, xlsx)},
                                  data={"entity": entity, "period": "2023"},
                                  headers={"Authorization": "Bearer round-token"}, timeout=300)
            assert r.status_code in (201, 422), r.text
        yield server


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with launched() as b:
        yield b


@pytest.fixture(scope="module")
def site(bundled_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with published(bundled_store_path, tmp_path_factory.mktemp("site"), free_port()) as s:
        yield s


@pytest.fixture(scope="session")
def virtuoso_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[virtuoso.Virtuoso]:
    if not virtuoso.available():
        message = "Virtuoso (Debian package virtuoso-opensource) is not installed"
        if os.environ.get("CI"):
            pytest.fail(message + "; CI must run the remote-backend tests")
        pytest.skip(message)
    server = virtuoso.start(tmp_path_factory.mktemp("virtuoso"), free_port(), free_port())
    yield server
    server.stop()


@pytest.fixture(params=["embedded", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def any_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """An empty store of each backend; the same test runs against both."""
    store: Store
    if request.param == "embedded":
        store = EmbeddedStore(tmp_path / "store")
    else:
        server = request.getfixturevalue("virtuoso_server")
        store = RemoteStore(server.endpoint, gsp_endpoint=server.gsp_endpoint)
        store.apply(dict.fromkeys(store.graph_names()))
    yield store
    if isinstance(store, RemoteStore):
        store.apply(dict.fromkeys(store.graph_names()))
    store.close()
