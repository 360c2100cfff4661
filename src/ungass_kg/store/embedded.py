"""The embedded store: Oxigraph on disk (transactional) or in memory (tests)."""

from __future__ import annotations

import contextlib
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ..errors import InputError, QueryError, StoreError, StoreInUse, no_space
from ..rdfio import parse_error_message, triples_to_ntriples
from ..sparql_text import read_dataset
from . import rocksdb_logs, swap
from .base import (
    AskResult,
    DumpFormat,
    GraphContent,
    GraphResult,
    QueryResult,
    SelectResult,
    Store,
    check_graph_iri,
    explain_syntax_error,
    graph_to_ntriples,
    parse_dump,
    query_form,
)
from .terms import to_oxigraph, to_rdflib

_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/trig": ox.RdfFormat.TRIG,
    "application/n-quads": ox.RdfFormat.N_QUADS,
}
VERSION_FILE = "ungass-kg.version"


class EmbeddedStore(Store):
    """Oxigraph. ``path=None`` keeps the store in memory."""

    kind = "embedded"

    def __init__(self, path: Path | None = None, *, read_only: bool = False) -> None:
        self.path = path
        self.read_only = read_only
        self.disk_full = False  # opened read-only because the disk had no room to open it read-write
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = ox.Store.read_only(str(path))
            else:
                swap.restore_previous(path)
                path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
                swap.remove_leftovers(path)
                rocksdb_logs.prune(path)
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreInUse(
                    f"the store at {path} is in use by another process",
                    hint="stop the running 'ungass-kg serve' or send the change through its HTTP API",
                ) from None
            if path is not None and not read_only and no_space(e) and path.is_dir():
                # RocksDB writes its manifest and log when it opens: on a full disk only a
                # read-only handle opens, and reading commands keep working with it
                try:
                    self._store = ox.Store.read_only(str(path))
                except OSError:
                    pass
                else:
                    self.read_only = self.disk_full = True
                    self._finish_init()
                    return
            reason = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
            raise StoreError(f"cannot open the store at {path}: {reason}",
                             hint="give --store a folder you can write to") from None
        self._finish_init()

    def _finish_init(self) -> None:
        self._memory_version = uuid.uuid4().hex
        self._memory_time = time.time()
        # Called after every write (the server publishes a checkpoint of the new version).
        self.after_write: list[Callable[[], object]] = []

    # --- version -------------------------------------------------------------------
    def version(self) -> str:
        if self.path is None:
            return self._memory_version
        try:
            return (self.path / VERSION_FILE).read_text().strip()
        except OSError:
            return "0"

    def modified(self) -> float | None:
        if self.path is None:
            return self._memory_time
        try:  # the version file is rewritten on every write: its time is the last write's
            return (self.path / VERSION_FILE).stat().st_mtime
        except OSError:
            return None

    def _bump(self) -> None:
        new = uuid.uuid4().hex
        self._memory_version = new
        self._memory_time = time.time()
        if self.path is not None:
            tmp = self.path / (VERSION_FILE + ".tmp")
            try:
                tmp.write_text(new)
                tmp.replace(self.path / VERSION_FILE)
            except OSError as e:
                tmp.unlink(missing_ok=True)
                raise StoreError(f"the change was written to the store at {self.path}, but its version "
                                 f"file could not be renewed ({e.strerror})",
                                 hint="free some space; a running server shows the change after a restart") from None
        for hook in self.after_write:
            with contextlib.suppress(StoreError):  # the write itself succeeded
                hook()

    # --- reading -------------------------------------------------------------------
    def _run(
        self,
        sparql: str,
        default_graphs: Iterable[str] | None,
        named_graphs: Iterable[str] | None,
        bindings: Mapping[str, Node] | None = None,
    ) -> object:
        return self.query_native(sparql, default_graphs=default_graphs, named_graphs=named_graphs,
                                 bindings=bindings)

    def query_native(
        self,
        sparql: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        bindings: Mapping[str, Node] | None = None,
        base_iri: str | None = None,
        dataset_given: bool | None = None,
    ) -> object:
        """Run a query and return Oxigraph's own result (solutions, boolean or triples), for callers
        that serialise it themselves (the endpoint). ``dataset_given``: whether the request names a
        dataset (protocol parameters or FROM / FROM NAMED); read from the query when not said."""
        kwargs: dict[str, object] = {}
        if base_iri:
            kwargs["base_iri"] = base_iri
        if dataset_given is None:
            dataset_given = default_graphs is not None or named_graphs is not None or read_dataset(sparql).given
        if default_graphs is not None:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        elif not dataset_given:
            # The union of all graphs is the default graph, unless a dataset is named
            # (the union flag would override it; docs/conventions.md).
            kwargs["use_default_graph_as_union"] = True
        if named_graphs is not None:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        if bindings:
            kwargs["substitutions"] = {ox.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        try:
            return self._store.query(sparql, **kwargs)  # type: ignore[arg-type]
        except SyntaxError as e:
            raise QueryError(f"malformed query: {explain_syntax_error(e)}") from None
        except (OSError, ValueError, RuntimeError) as e:
            raise QueryError(f"query failed: {e}") from None

    def query(
        self,
        sparql: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        bindings: Mapping[str, Node] | None = None,
    ) -> QueryResult:
        res = self._run(sparql, default_graphs, named_graphs, bindings)
        try:
            if isinstance(res, ox.QueryBoolean):
                return AskResult(bool(res))
            if isinstance(res, ox.QuerySolutions):
                names = [v.value for v in res.variables]
                rows = []
                for sol in res:
                    row = {}
                    for n in names:
                        t = sol[n]
                        if t is not None:
                            row[n] = to_rdflib(t)
                    rows.append(row)
                return SelectResult(names, rows)
            g = Graph()
            for t in res:  # type: ignore[attr-defined]
                g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
            return GraphResult(g)
        except (OSError, RuntimeError) as e:
            raise QueryError(f"query failed: {e}") from None

    def query_raw(
        self,
        sparql: str,
        media_type: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
    ) -> tuple[str, bytes]:
        form = query_form(sparql) or "SELECT"
        res = self._run(sparql, default_graphs, named_graphs)
        try:
            if isinstance(res, (ox.QueryBoolean, ox.QuerySolutions)):
                fmt = _RESULT_TYPES.get(media_type)
                if fmt is None:
                    raise QueryError(f"cannot write {form} results as {media_type}")
                return form, res.serialize(format=fmt) or b""
            rdf = _GRAPH_TYPES.get(media_type)
            if rdf is None:
                raise QueryError(f"cannot write {form} results as {media_type}")
            return form, res.serialize(format=rdf) or b""  # type: ignore[attr-defined]
        except (OSError, RuntimeError) as e:
            raise QueryError(f"query failed: {e}") from None

    def graphs(self) -> list[tuple[str, int]]:
        out = []
        for g in self._store.named_graphs():
            res = self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g.value}> {{ ?s ?p ?o }} }}")
            assert isinstance(res, ox.QuerySolutions)
            n = int(next(res)["n"].value)
            if n:
                out.append((g.value, n))
        return sorted(out)

    def is_empty(self) -> bool:
        return not bool(self._store.query("ASK { GRAPH ?g { ?s ?p ?o } }"))

    def export(self, out: BinaryIO, fmt: DumpFormat = "trig") -> None:
        rdf = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
        self._store.dump(out, format=rdf)

    # --- writing -------------------------------------------------------------------
    def _check_writable(self) -> None:
        if self.disk_full:
            raise StoreError(f"the disk holding the store at {self.path} is full (the store opened read-only): "
                             "nothing was written", hint="free some space and run the command again")
        if self.read_only:
            raise StoreError("this store was opened read-only")

    def _write_failed(self, e: OSError, what: str = "writing to the store failed") -> StoreError:
        if no_space(e):
            return StoreError(f"the disk holding the store at {self.path} is full: nothing was written",
                              hint="free some space and run the command again; the store is as it was")
        return StoreError(f"{what}: {e}")

    def _flush(self) -> None:
        try:
            self._store.flush()
        except OSError as e:
            raise self._write_failed(e) from None

    def apply(self, changes: Mapping[str, GraphContent]) -> None:
        self._check_writable()
        payload = {g: (graph_to_ntriples(c) if isinstance(c, Graph) else c) for g, c in changes.items()}
        for graph in payload:
            check_graph_iri(graph)
        if all(nt is not None for nt in payload.values()) and not any(self._holds(g) for g in payload):
            self._add_new_graphs(payload)  # type: ignore[arg-type]
        else:
            self._replace_graphs(payload)
        self._flush()
        self._bump()

    def bulk_replace(self, quads: Iterable[ox.Quad], native: Iterable[swap.Native] = (),
                     graphs: Iterable[str] | None = None) -> dict[str, int]:
        """Write ``quads`` (each in its named graph), replacing whatever those graphs held, all or
        nothing; returns the graphs written and their triple counts. ``graphs``: every graph
        the ``quads`` go to, when the caller knows them before reading (the staging store can
        then start as a backup of this one instead of a copy).

        On disk this goes through Oxigraph's bulk loader into a staging folder that is then
        switched in (store/swap.py): several times faster than a transaction on big inputs, and a
        kill at any moment leaves the old or the new store. A parse error raised by ``quads``
        (or a ``SyntaxError`` from a ``native`` file) leaves the store as it was. In memory it is
        one transaction.
        """
        native = list(native)
        self._check_writable()
        if self.path is None:
            new = list(quads)
            for f, fmt, g in native:
                new.extend(ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(g))
                           for t in ox.parse(path=str(f), format=fmt))
            graphs = sorted({q.graph_name.value for q in new if isinstance(q.graph_name, ox.NamedNode)})
            for g in graphs:
                self._store.remove_graph(ox.NamedNode(g))
            self._store.extend(new)
            self._bump()
            counts: dict[str, int] = {}
            for q in new:
                counts[q.graph_name.value] = counts.get(q.graph_name.value, 0) + 1  # type: ignore[union-attr]
            return counts
        path = self.path
        named = None if graphs is None else sorted({*graphs, *(g for _, _, g in native)})
        backup = swap.from_backup(self._store, named)
        staging = swap.staging_folder(path, create=not backup)
        try:
            if backup:
                self._store.backup(str(staging))
            built = ox.Store(str(staging))
            try:
                if named is not None and backup:
                    counts = swap.fill_over(built, named, quads, native)
                else:
                    counts = swap.fill(built, self._store, quads, native)
            finally:
                del built  # closes the staging store (its lock) before the switch
            swap.carry_files(path, staging, skip=(VERSION_FILE, VERSION_FILE + ".tmp", "ungass-kg.serving.json"))
            (staging / VERSION_FILE).write_text(uuid.uuid4().hex)
        except OSError as e:
            swap.release_frames(e)
            swap.discard(staging)
            raise self._write_failed(e) from None
        except BaseException as e:
            # the traceback's frames hold both stores open: cleared, the staging store closes
            # before its folder goes, and a caller that goes on can open this store again
            swap.release_frames(e)
            swap.discard(staging)
            raise
        self._store.flush()
        del self._store  # the live store closes; nothing else may write it until it reopens below
        try:
            swap.switch(path, staging)
        except OSError as e:
            swap.discard(staging)
            self._store = ox.Store(str(path))
            raise self._write_failed(e) from None
        self._store = ox.Store(str(path))
        self._memory_version = self.version()
        self._memory_time = time.time()
        for hook in self.after_write:
            with contextlib.suppress(StoreError):
                hook()
        return counts

    def _holds(self, graph: str) -> bool:
        return bool(self._store.query(f"ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}"))

    def _add_new_graphs(self, payload: Mapping[str, bytes]) -> None:
        """Graphs that hold nothing yet: one ``extend`` (a transaction), several times faster on
        disk than a SPARQL update; blank nodes get fresh names as ``INSERT DATA`` would give them."""
        quads: list[ox.Quad] = []
        try:
            for graph, nt in payload.items():
                name = ox.NamedNode(graph)
                quads.extend(ox.Quad(t.subject, t.predicate, t.object, name)
                             for t in ox.parse(nt, format=ox.RdfFormat.N_TRIPLES, rename_blank_nodes=True))
        except SyntaxError as e:
            raise InputError(parse_error_message("the data to write", e)) from None
        try:
            self._store.extend(quads)
        except OSError as e:
            raise self._write_failed(e) from None

    def _replace_graphs(self, payload: Mapping[str, bytes | None]) -> None:
        # One SPARQL Update is one Oxigraph transaction: all graphs change or none.
        parts = []
        for graph, nt in payload.items():
            parts.append(f"DROP SILENT GRAPH <{graph}>")
            if nt is not None and nt.strip():
                parts.append(f"INSERT DATA {{ GRAPH <{graph}> {{\n{nt.decode('utf-8')}\n}} }}")
        try:
            self._store.update(" ;\n".join(parts))
        except SyntaxError as e:
            raise InputError(f"the data could not be written: {e}") from None
        except OSError as e:
            raise self._write_failed(e) from None

    def update(self, sparql_update: str, *, base_iri: str | None = None) -> None:
        self._check_writable()
        try:
            self._store.update(sparql_update, base_iri=base_iri)
        except SyntaxError as e:
            raise QueryError(f"malformed update: {explain_syntax_error(e)}") from None
        except OSError as e:
            raise self._write_failed(e, "update failed") from None
        self._flush()
        self._bump()

    def restore(self, data: bytes, fmt: DumpFormat) -> int:
        self._check_writable()
        by_graph = parse_dump(data, fmt)
        # Validated first; then one update (one transaction) clears and refills the dataset.
        parts = ["CLEAR ALL"]
        for g, triples in by_graph.items():
            parts.append(f"INSERT DATA {{ GRAPH <{g}> {{\n{triples_to_ntriples(triples).decode()}\n}} }}")
        try:
            self._store.update(" ;\n".join(parts))
        except OSError as e:
            raise self._write_failed(e, "restore failed") from None
        self._flush()
        self._bump()
        return sum(len(t) for t in by_graph.values())

    def close(self) -> None:
        if hasattr(self, "_store"):
            if not self.read_only and self.path is not None:
                # every write was flushed when it was made; a flush failing here (a disk that
                # filled since) loses nothing and must not turn a finished command into an error
                with contextlib.suppress(OSError):
                    self._store.flush()
            del self._store

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying Oxigraph store, for bulk work inside this package's callers."""
        return self._store
