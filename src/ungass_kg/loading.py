"""Loading RDF files into named graphs: parse everything first, then write once."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .errors import InputError
from .limits import DEFAULT, Limits, bounded_quads, check_json_depth, check_xml
from .namespaces import GRAPH
from .rdfio import format_for_path, parse_error_message

Progress = Callable[[int], None]


class _CountingReader:
    """A binary file wrapper that reports bytes read (drives the progress bar)."""

    def __init__(self, f: IO[bytes], progress: Progress | None) -> None:
        self._f, self._progress = f, progress

    def read(self, n: int = -1) -> bytes:
        chunk = self._f.read(n)
        if self._progress and chunk:
            self._progress(len(chunk))
        return chunk

    def readinto(self, b: bytearray) -> int:
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)


def default_graph_for(path: Path) -> str:
    return str(GRAPH[f"load/{path.name}"])


def _file_chunks(path: Path, size: int = 1 << 20) -> Iterator[bytes]:
    with path.open("rb") as fh:
        while chunk := fh.read(size):
            yield chunk


def parse_file(path: Path, fmt: str | None, progress: Progress | None = None,
               limits: Limits = DEFAULT) -> list[ox.Quad]:
    """All quads of one file, parsed within ``limits`` (no triple cap: loads are the Secretariat's own files).

    RDF/XML is first read once by expat (entities refused, nesting capped) and JSON-LD has its
    depth measured, since Oxigraph's parsers of those formats cannot bound themselves.
    """
    f = format_for_path(path, fmt)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        if f.name == "xml":
            check_xml(_file_chunks(path), str(path), limits)
        elif f.name == "jsonld":
            check_json_depth(path.read_bytes(), str(path), limits)
        with path.open("rb") as fh:
            quads = ox.parse(_CountingReader(fh, progress), format=f.oxigraph)  # type: ignore[arg-type]
            return list(bounded_quads(quads, str(path), limits, max_triples=0))
    except SyntaxError as e:
        raise InputError(parse_error_message(str(path), e), hint="nothing was loaded") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text at byte {e.start}", hint="nothing was loaded") from None
    except OSError as e:
        raise InputError(f"{path}: {e}", hint="nothing was loaded") from None


def stream_quads(path: Path, fmt: str | None, target: str | None, progress: Progress | None = None,
                 limits: Limits = DEFAULT) -> Iterator[ox.Quad]:
    """The quads of one file, each in the graph it goes to (``target``, its own named graph, or the
    file's default graph), parsed as they are consumed, within ``limits``, blank nodes renamed as a
    write renames them. Raises ``InputError`` at the first error, before or while it is consumed."""
    f = format_for_path(path, fmt)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    own = ox.NamedNode(target or default_graph_for(path))
    try:
        if f.name == "xml":
            check_xml(_file_chunks(path), str(path), limits)
        elif f.name == "jsonld":
            check_json_depth(path.read_bytes(), str(path), limits)
        with path.open("rb") as fh:
            parsed = ox.parse(_CountingReader(fh, progress), format=f.oxigraph,  # type: ignore[arg-type]
                              rename_blank_nodes=True)
            for q in bounded_quads(parsed, str(path), limits, max_triples=0):
                g = q.graph_name
                yield ox.Quad(q.subject, q.predicate, q.object,
                              g if isinstance(g, ox.NamedNode) and not target else own)
    except SyntaxError as e:
        raise InputError(parse_error_message(str(path), e), hint="nothing was loaded") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text at byte {e.start}", hint="nothing was loaded") from None
    except OSError as e:
        raise InputError(f"{path}: {e}", hint="nothing was loaded") from None


def native_source(path: Path, fmt: str | None, target: str | None,
                  limits: Limits = DEFAULT) -> tuple[Path, ox.RdfFormat, str] | None:
    """``(path, format, graph)`` when the bulk loader can read the file itself: N-Triples or
    Turtle (triples: one graph) without blank nodes (the loader keeps blank node labels as
    written, which could meet the store's), checked against ``limits`` in one streaming pass.
    Raises ``InputError`` as ``stream_quads`` does; ``None`` when the file must go through it."""
    f = format_for_path(path, fmt)
    if f.oxigraph not in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.TURTLE):
        return None
    if f.oxigraph == ox.RdfFormat.N_TRIPLES and _plainly_within(path, limits):
        return path, f.oxigraph, target or default_graph_for(path)
    for q in stream_quads(path, fmt, target, limits=limits):
        if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
            return None
    return path, f.oxigraph, target or default_graph_for(path)


def targets(paths: list[Path], fmt: str | None, target: str | None) -> list[str] | None:
    """The graphs ``stream_quads`` of these files writes, when known before reading them:
    ``target``, or each triples file's own graph; ``None`` when a quads file names its own."""
    if target:
        return [target] if paths else []
    out = []
    for path in paths:
        if format_for_path(path, fmt).oxigraph.supports_datasets:
            return None
        out.append(default_graph_for(path))
    return out


def _plainly_within(path: Path, limits: Limits, size: int = 1 << 22) -> bool:
    """Whether an N-Triples file certainly has no blank node and no term over the literal cap,
    read as bytes (a tenth of the time of parsing it in Python): no ``_:`` anywhere, and no
    line longer than the cap (one triple per line, and a term has no more characters than
    its line has bytes). ``False`` means the exact check must decide, not that it fails."""
    tail = b""
    try:
        with path.open("rb") as fh:
            while chunk := fh.read(size):
                buf = tail + chunk
                if b"_:" in buf:
                    return False
                lines = buf.split(b"\n")
                tail = lines.pop()
                if lines and max(map(len, lines)) > limits.literal:
                    return False
                if len(tail) > limits.literal:
                    return False
    except OSError:
        return False
    return True


def explain_native_failure(path: Path, fmt: str | None, target: str | None) -> InputError | None:
    """When the bulk loader refused a file the byte check let through: the streaming parser's
    error, which names the line and column (the loader's own position is within one piece of
    the file); ``None`` when this file parses."""
    try:
        for _ in stream_quads(path, fmt, target):
            pass
    except InputError as e:
        return e
    return None


def group_by_graph(quads: list[ox.Quad], target: str | None, path: Path) -> dict[str, list[ox.Triple]]:
    """Triples by target graph: ``target`` for triple files, the file's own graphs for quads."""
    out: dict[str, list[ox.Triple]] = {}
    for q in quads:
        g = q.graph_name
        if target:
            key = target
        elif isinstance(g, ox.NamedNode):
            key = g.value
        else:
            key = default_graph_for(path)
        out.setdefault(key, []).append(q.triple)
    return out
