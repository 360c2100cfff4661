"""ETags from the store's version and the request, and an in-process LRU of answers.

The store's version changes on every write, so an ETag made of (version, request) is valid
exactly as long as the answer is: no invalidation logic, old entries just age out.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.responses import Response


def make_etag(version: str, *parts: object) -> str:
    h = hashlib.sha256(version.encode())
    for p in parts:
        h.update(b"\x00")
        h.update(repr(p).encode())
    return f'"{h.hexdigest()[:32]}"'


def not_modified(request: Request, etag: str) -> bool:
    """``If-None-Match`` names this ETag (weak comparison, RFC 9110 13.1.2) or ``*``."""
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = [t.strip().removeprefix("W/") for t in header.split(",")]
    return "*" in tags or etag in tags


def wants_fresh(request: Request) -> bool:
    """``Cache-Control: no-cache`` from the client: compute anew (the answer is still cached after)."""
    return "no-cache" in request.headers.get("cache-control", "").lower()


@dataclass
class CachedAnswer:
    body: bytes
    media_type: str
    headers: dict[str, str] = field(default_factory=dict)
    status_code: int = 200


class AnswerCache:
    """Least-recently-used answers keyed by ETag, bounded in entries, bytes per entry and bytes in all."""

    def __init__(self, max_entries: int = 1024, max_entry_bytes: int = 4 * 1024 * 1024,
                 max_total_bytes: int = 128 * 1024 * 1024) -> None:
        self.max_entries = max_entries
        self.max_entry_bytes = max_entry_bytes
        self.max_total_bytes = max_total_bytes
        self._items: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, etag: str) -> CachedAnswer | None:
        with self._lock:
            item = self._items.get(etag)
            if item is not None:
                self._items.move_to_end(etag)
            return item

    def put(self, etag: str, answer: CachedAnswer) -> None:
        if len(answer.body) > self.max_entry_bytes:
            return
        with self._lock:
            old = self._items.pop(etag, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._items[etag] = answer
            self._bytes += len(answer.body)
            while len(self._items) > self.max_entries or self._bytes > self.max_total_bytes:
                _, dropped = self._items.popitem(last=False)
                self._bytes -= len(dropped.body)


CACHE_CONTROL = "public, max-age=0, must-revalidate"


def respond(request: Request, etag: str, answer: CachedAnswer, vary: str = "Accept") -> Response:
    """The answer, or ``304 Not Modified`` when the client already holds it."""
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL, "Vary": vary, **answer.headers}
    if not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    return Response(answer.body, status_code=answer.status_code, media_type=answer.media_type,
                    headers=headers)
