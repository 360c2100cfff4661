"""The figures' and statistics' default answers are computed after every write, kept on disk
beside the store keyed by its version, and served from there after a write and a restart."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient

from ungass_kg.config import Settings
from ungass_kg.namespaces import UNG
from ungass_kg.store.embedded import EmbeddedStore
from ungass_kg.web.app import create_app
from ungass_kg.web.precomputed import EXTS, FOLDER, etag_for

NAME = "figure-5-chapters"


def _served(client: TestClient, fresh: bool = False) -> bytes:
    r = client.get(f"/queries/{NAME}.json", headers={"Cache-Control": "no-cache"} if fresh else {})
    assert r.status_code == 200, r.text
    return r.content


def _wait(app: object) -> None:
    pre = app.state.runtime.precomputed  # type: ignore[attr-defined]
    if pre._thread is not None:
        pre._thread.join(300)


def test_answers_are_ready_after_a_write_and_a_restart(bundled_store_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "store"
    shutil.copytree(bundled_store_path, path)
    store = EmbeddedStore(path)
    app = create_app(Settings(query_workers=0), store)
    with TestClient(app) as client:
        _wait(app)
        v1 = store.version()
        files = {ext: path / FOLDER / v1 / etag_for(v1, NAME, ext).strip('"') for ext in EXTS}
        assert all(f.is_file() for f in files.values())
        first = _served(client)
        assert first == files["json"].read_bytes() == _served(client, fresh=True)

        # a write: the answers of the new version are computed, the old ones go
        store.update(f"DELETE {{ GRAPH ?g {{ ?a ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?a a <{UNG.Activity}> ; ?p ?o }} }}")
        _wait(app)
        v2 = store.version()
        assert v2 != v1
        after = _served(client)
        assert after != first  # never the answer of before the write
        assert after == _served(client, fresh=True)
        assert (path / FOLDER / v2 / etag_for(v2, NAME, "json").strip('"')).read_bytes() == after
        assert not (path / FOLDER / v1).exists()
    store.close()

    # a restart: nothing to compute, the first request is the file
    store = EmbeddedStore(path)
    app = create_app(Settings(query_workers=0), store)
    with TestClient(app) as client:
        assert app.state.runtime.precomputed._pending == {}
        assert _served(client) == after
    store.close()
