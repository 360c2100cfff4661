"""Checkpoints of a served store: what the query workers and reading commands open.

A process must never open the live RocksDB folder read-only while another one writes it
(pyoxigraph documents that as undefined: compaction may delete files under the reader).
So the server takes a checkpoint (``Store.backup``: hard links, a few milliseconds) after
every write and publishes it: its query workers open that, and a reading command run beside
the server (``ungass-kg stats`` while ``serve`` holds the store) opens the same checkpoint
read-only (:func:`open_published`).

Checkpoints live in a private folder beside the store, ``.ungass-kg-snapshots-<store>-*``,
marked with an ``owner.json`` that names the store. A reader holds a shared ``flock`` on a
checkpoint's lease file while it reads, so the server never deletes it under the reader; the
server removes old checkpoints when it can take that lock exclusively. A server that died
(kill -9) leaves its folder behind: the next start on the same store removes every such
folder that names this store and is not leased, and nothing else.

The published checkpoint is announced in ``ungass-kg.serving.json`` inside the store folder
(beside ``ungass-kg.version``): the server's pid, URL, the store version and the folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import StoreError

PREFIX = ".ungass-kg-snapshots-"
OWNER = "owner.json"
LEASE = ".lease"  # beside each checkpoint folder: <folder>.lease
SERVING = "ungass-kg.serving.json"
Snapshot = tuple[str, str]  # (store version, checkpoint folder)


def _store_id(path: Path) -> str:
    return str(path.resolve())


def _try_exclusive(lease: Path) -> int | None:
    """An exclusive lock on ``lease`` (a descriptor to close), or None when a reader holds it."""
    try:
        fd = os.open(lease, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        return None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return None
    return fd


def _remove_checkpoint(folder: Path) -> bool:
    """Delete one checkpoint unless a reader leases it; True when it is gone."""
    lease = folder.with_name(folder.name + LEASE)
    if not folder.exists():
        lease.unlink(missing_ok=True)
        return True
    fd = _try_exclusive(lease)
    if fd is None:
        return False
    try:
        shutil.rmtree(folder, ignore_errors=True)
        lease.unlink(missing_ok=True)
    finally:
        os.close(fd)
    return not folder.exists()


def _owner(root: Path) -> dict[str, Any] | None:
    try:
        data = json.loads((root / OWNER).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def remove_stale(store_path: Path) -> list[Path]:
    """Remove checkpoint folders left by earlier servers of this store (call holding its write lock).

    Only folders whose ``owner.json`` names this store are touched; a leased checkpoint (a
    reading command still has it open) stays until a later start. Returns the folders removed.
    """
    me = _store_id(store_path)
    removed = []
    with contextlib.suppress(OSError):
        for root in sorted(store_path.parent.glob(PREFIX + "*")):
            owner = _owner(root)
            if not root.is_dir() or owner is None or owner.get("store") != me:
                continue
            kept = [f for f in root.iterdir() if f.is_dir() and not _remove_checkpoint(f)]
            if not kept:
                shutil.rmtree(root, ignore_errors=True)
                removed.append(root)
    return removed


class Checkpoints:
    """One checkpoint per store version, in a private folder beside the store, published for readers."""

    KEEP = 3  # a worker may still be opening a recent one

    def __init__(self, store: Any, url: str | None = None) -> None:
        self.store = store
        self.url = url
        self.removed_stale = remove_stale(store.path)
        self.root = Path(tempfile.mkdtemp(prefix=f"{PREFIX}{store.path.name}-", dir=store.path.parent))
        (self.root / OWNER).write_text(json.dumps({"store": _store_id(store.path), "pid": os.getpid()}),
                                       encoding="utf-8")
        self._lock = threading.Lock()
        self._made: list[Snapshot] = []
        self._doomed: list[Path] = []  # old checkpoints a reader still leased

    def current(self) -> Snapshot:
        """The checkpoint of the store's current version (made now if there is none yet)."""
        version = self.store.version()
        with self._lock:
            if self._made and self._made[-1][0] == version:
                return self._made[-1]
            folder = self.root / uuid.uuid4().hex
            try:
                self.store.oxigraph.backup(str(folder))
            except OSError as e:
                raise StoreError(f"cannot checkpoint the store: {e}") from None
            self._made.append((version, str(folder)))
            while len(self._made) > self.KEEP:
                self._doomed.append(Path(self._made.pop(0)[1]))
            self._doomed = [f for f in self._doomed if not _remove_checkpoint(f)]
            self._publish(version, folder)
            return self._made[-1]

    def _publish(self, version: str, folder: Path) -> None:
        info = {"pid": os.getpid(), "url": self.url, "version": version, "checkpoint": str(folder),
                "published": time.time()}
        target = self.store.path / SERVING
        tmp = target.with_name(target.name + ".tmp")
        with contextlib.suppress(OSError):  # readers then say the server published nothing
            tmp.write_text(json.dumps(info), encoding="utf-8")
            tmp.replace(target)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            (self.store.path / SERVING).unlink(missing_ok=True)
        with self._lock:
            folders = [Path(f) for _, f in self._made] + self._doomed
            self._made, self._doomed = [], []
        kept = [f for f in folders if not _remove_checkpoint(f)]
        if not kept:
            shutil.rmtree(self.root, ignore_errors=True)


# --- the reading side ------------------------------------------------------------------------

@dataclass(frozen=True)
class Published:
    pid: int
    url: str | None
    version: str
    checkpoint: Path
    published: float


def alive(pid: int) -> bool:
    """Whether process ``pid`` exists (one another user owns counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def published(store_path: Path) -> Published | None:
    """What a live server of this store has published, or None (no server, or it died)."""
    try:
        d = json.loads((store_path / SERVING).read_text(encoding="utf-8"))
        info = Published(int(d["pid"]), d.get("url"), str(d["version"]), Path(d["checkpoint"]),
                         float(d["published"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return info if alive(info.pid) else None


def live_version(store_path: Path) -> str:
    from .embedded import VERSION_FILE

    try:
        return (store_path / VERSION_FILE).read_text().strip()
    except OSError:
        return "0"


@contextlib.contextmanager
def leased(info: Published) -> Iterator[bool]:
    """Hold a shared lease on the checkpoint while it is read; yields False when it is already gone."""
    lease = info.checkpoint.with_name(info.checkpoint.name + LEASE)
    try:
        fd = os.open(lease, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError:
        yield False
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_SH)
        yield info.checkpoint.is_dir()
    finally:
        os.close(fd)


def wait_for_current(store_path: Path, seconds: float = 2.0) -> Published | None:
    """The published checkpoint, waiting briefly for the one of the store's current version."""
    deadline = time.monotonic() + seconds
    info = published(store_path)
    while info is not None and info.version != live_version(store_path) and time.monotonic() < deadline:
        time.sleep(0.05)
        info = published(store_path)
    return info


class BesideServer:
    """A reading command's view of a store that a running server holds: its published checkpoint.

    ``store`` is the checkpoint opened read-only (leased until :meth:`close`); ``note`` says in
    one line what is read and whether it is the store's current data or one write behind.
    """

    def __init__(self, store_path: Path, info: Published, lease: contextlib.ExitStack) -> None:
        from .embedded import EmbeddedStore

        self._lease = lease
        self.info = info
        self.store = EmbeddedStore(info.checkpoint, read_only=True)
        self.current = info.version == live_version(store_path)
        when = time.strftime("%H:%M:%S", time.localtime(info.published))
        where = f" at {info.url}" if info.url else ""
        state = ("the store's current data" if self.current
                 else "one write behind: the server is publishing a newer checkpoint")
        self.note = (f"reading the checkpoint that 'ungass-kg serve' (pid {info.pid}{where}) published at "
                     f"{when}: {state}")

    def close(self) -> None:
        self.store.close()
        self._lease.close()


def open_beside_server(store_path: Path) -> BesideServer | None:
    """The checkpoint a live server of this store published, opened and leased; None if none."""
    for _ in range(5):  # the server may retire the checkpoint between reading the pointer and the lease
        info = wait_for_current(store_path)
        if info is None:
            return None
        stack = contextlib.ExitStack()
        if stack.enter_context(leased(info)):
            try:
                return BesideServer(store_path, info, stack)
            except Exception:
                stack.close()
                raise
        stack.close()
    return None


def server_hint(store_path: Path) -> str | None:
    """What to do when a writing command finds the store held by a running server."""
    info = published(store_path)
    if info is None:
        return None
    where = info.url or "its address"
    return (f"'ungass-kg serve' (pid {info.pid}) holds it: stop that server, or send the change through its "
            f"HTTP API at {where} with the write token (POST /submissions, or a SPARQL update on /sparql)")
