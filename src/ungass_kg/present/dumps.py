"""Dumps of the whole dataset, generated from the store and cached by store version.

Four files: Turtle and gzipped N-Triples (every graph merged, for tools that read triples),
TriG and JSON-LD (named graphs kept). IRIs stay canonical. Each dump's byte size and SHA-256
go into the DCAT catalogue and VoID.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from ..namespaces import PREFIXES
from ..store import Store


@dataclass(frozen=True)
class DumpFormat:
    filename: str
    media_type: str  # of the RDF inside (IANA)
    label: str
    file_type: str  # EU Publications Office file-type authority code (DCAT-AP dct:format)
    compressed: bool = False

    @property
    def served_type(self) -> str:
        return "application/gzip" if self.compressed else self.media_type


DUMP_FORMATS: tuple[DumpFormat, ...] = (
    DumpFormat("ungass-kg.ttl", "text/turtle", "Turtle, all graphs merged", "RDF_TURTLE"),
    DumpFormat("ungass-kg.nt.gz", "application/n-triples", "N-Triples, all graphs merged, gzipped",
               "RDF_N_TRIPLES", compressed=True),
    DumpFormat("ungass-kg.trig", "application/trig", "TriG, with the named graphs", "RDF_TRIG"),
    DumpFormat("ungass-kg.jsonld", "application/ld+json", "JSON-LD, with the named graphs", "JSON_LD"),
)


@dataclass(frozen=True)
class Dump:
    format: DumpFormat
    path: Path
    byte_size: int
    sha256: str

    @property
    def filename(self) -> str:
        return self.format.filename


def _quads(store: Store) -> list[ox.Quad]:
    buf = io.BytesIO()
    store.export(buf, "nquads")
    return list(ox.parse(buf.getvalue(), format=ox.RdfFormat.N_QUADS))


def _content(fmt: DumpFormat, quads: list[ox.Quad], triples: list[ox.Triple]) -> bytes:
    if fmt.filename.endswith(".ttl"):
        return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=PREFIXES) or b""
    if fmt.filename.endswith(".nt.gz"):
        nt = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        return gzip.compress(nt, mtime=0)  # mtime 0: same data, same bytes, same checksum
    if fmt.filename.endswith(".trig"):
        return ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=PREFIXES) or b""
    return ox.serialize(quads, format=ox.RdfFormat.JSON_LD) or b""


def write_dumps(store: Store, folder: Path) -> list[Dump]:
    """Write every dump into ``folder``; returns them with size and checksum."""
    folder.mkdir(parents=True, exist_ok=True)
    quads = _quads(store)
    # The merged graph: each triple once, whichever graphs hold it (sorted: stable output).
    triples = sorted({q.triple for q in quads}, key=str)
    quads.sort(key=str)
    out = []
    for fmt in DUMP_FORMATS:
        data = _content(fmt, quads, triples)
        path = folder / fmt.filename
        tmp = path.with_suffix(path.suffix + ".tmp")
        tmp.write_bytes(data)
        tmp.replace(path)
        out.append(Dump(fmt, path, len(data), hashlib.sha256(data).hexdigest()))
    return out


class DumpCache:
    """Dumps for the current store version, made on first request and reused until a write."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._lock = threading.Lock()
        self._version: str | None = None
        self._dumps: list[Dump] = []

    def get(self, store: Store) -> list[Dump]:
        version = store.version()
        with self._lock:
            if version != self._version or not all(d.path.exists() for d in self._dumps):
                target = self.folder / version
                if target.exists():
                    shutil.rmtree(target)
                self._dumps = write_dumps(store, target)
                old, self._version = self._version, version
                if old and old != version:
                    shutil.rmtree(self.folder / old, ignore_errors=True)
            return list(self._dumps)

    def find(self, store: Store, filename: str) -> Dump | None:
        return next((d for d in self.get(store) if d.filename == filename), None)
