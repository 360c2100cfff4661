"""Saved figure and statistics answers for the default parameters, computed after every write
and kept on disk beside the store, so the first request after a write or a restart is a file read.

Each answer is a file named by its ETag, which is made of the store's version and the request
(web/caching.py): an answer of an older version is never looked up again, so nothing can be
stale after a write; older versions' folders are removed once the new one is complete. A
request for an answer the background run has not reached yet waits for it instead of starting
a second computation of the same thing.
"""

from __future__ import annotations

import contextlib
import logging
import shutil
import threading
from pathlib import Path
from typing import Any

from .. import figures, queries
from ..store import Store
from .caching import make_etag
from .saved_jobs import table_delimited

log = logging.getLogger(__name__)

FOLDER = "ungass-kg.answers"
GROUPS = ("figures", "statistics")
EXTS = ("json", "csv", "tsv")
TIMEOUT = 900.0  # the longest a request waits for the background run


def render_defaults(store: Store, name: str, exts: tuple[str, ...]) -> dict[str, bytes]:
    """One run of ``name`` with its default parameters, in every format of ``exts`` (a worker job)."""
    fig = figures.build(store, queries.get(name), {})
    return {ext: (table_delimited(fig.result, "\t") if ext == "tsv" else fig.file(ext)) for ext in exts}


def etag_for(version: str, name: str, ext: str) -> str:
    """The ETag ``run_saved`` gives the request with no parameters (defaults filled in as it fills them)."""
    terms = queries.get(name).terms({})
    key = sorted((k, t.n3()) for k, t in terms.items() if t is not None)
    return make_etag(version, "saved", name, key, ext)


class Precomputed:
    def __init__(self, store: Store, runner: Any) -> None:
        path = getattr(store, "path", None)
        self.root: Path | None = path / FOLDER if isinstance(path, Path) else None
        self.store, self.runner = store, runner
        self._lock = threading.Lock()
        self._pending: dict[str, threading.Event] = {}
        self._wanted: str | None = None
        self._thread: threading.Thread | None = None
        self.closed = False

    def _file(self, version: str, etag: str) -> Path:
        assert self.root is not None
        return self.root / version / etag.strip('"')

    def start(self) -> None:
        """Compute the current version's answers in the background (after a write, at start-up)."""
        if self.root is None or self.closed:
            return
        version = self.store.version()
        names = [q.name for q in queries.catalog() if q.group in GROUPS]
        with self._lock:
            if self._wanted == version:
                return
            self._wanted = version
            for ev in self._pending.values():  # an older version's run stops: nobody waits on it
                ev.set()
            self._pending = {}
            for name in names:
                for ext in EXTS:
                    etag = etag_for(version, name, ext)
                    if not self._file(version, etag).is_file():
                        self._pending.setdefault(etag, threading.Event())
        t = threading.Thread(target=self._run, args=(version, names), name="precompute", daemon=True)
        self._thread = t
        t.start()

    def _run(self, version: str, names: list[str]) -> None:
        assert self.root is not None
        folder = self.root / version
        for name in names:
            if self.closed or self.store.version() != version:
                break
            etags = {ext: etag_for(version, name, ext) for ext in EXTS}
            try:
                if not all(self._file(version, e).is_file() for e in etags.values()):
                    files = self._render(name)
                    folder.mkdir(parents=True, exist_ok=True)
                    for ext, body in files.items():
                        tmp = folder / (etags[ext].strip('"') + ".tmp")
                        tmp.write_bytes(body)
                        tmp.replace(self._file(version, etags[ext]))
            except Exception as err:
                log.warning("precomputing %s failed: %s", name, err)
            finally:
                with self._lock:
                    for e in etags.values():
                        ev = self._pending.pop(e, None)
                        if ev is not None:
                            ev.set()
        if self.store.version() == version and not self.closed:
            with contextlib.suppress(OSError):
                for old in self.root.iterdir():
                    if old.name != version:
                        shutil.rmtree(old, ignore_errors=True)

    def _render(self, name: str) -> dict[str, bytes]:
        # in this thread, on the server's own store handle: never in the query workers, where it
        # would take a lane from the requests the fair queueing serves
        return render_defaults(self.store, name, EXTS)

    def get(self, etag: str, wait: float = TIMEOUT) -> bytes | None:
        """The answer with this ETag if it was (or is being) precomputed; blocking while it is under way."""
        if self.root is None:
            return None
        with self._lock:
            ev = self._pending.get(etag)
            version = self._wanted
        if ev is not None:
            ev.wait(wait)
        if version is None:
            return None
        try:
            return self._file(version, etag).read_bytes()
        except OSError:
            return None

    def close(self) -> None:
        self.closed = True
        with self._lock:
            for ev in self._pending.values():
                ev.set()
