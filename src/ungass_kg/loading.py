"""Loading RDF files into named graphs: parse everything first, then write once."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import IO

import pyoxigraph as ox

from .errors import InputError
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


def parse_file(path: Path, fmt: str | None, progress: Progress | None = None) -> list[ox.Quad]:
    f = format_for_path(path, fmt)
    if not path.is_file():
        raise InputError(f"{path}: no such file")
    try:
        with path.open("rb") as fh:
            return list(ox.parse(_CountingReader(fh, progress), format=f.oxigraph))  # type: ignore[arg-type]
    except SyntaxError as e:
        raise InputError(parse_error_message(str(path), e), hint="nothing was loaded") from None
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text at byte {e.start}", hint="nothing was loaded") from None
    except OSError as e:
        raise InputError(f"{path}: {e}", hint="nothing was loaded") from None


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
