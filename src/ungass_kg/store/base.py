"""One interface over the embedded Oxigraph store and any remote SPARQL 1.1 store.

Every caller (CLI, web app, figures, submissions) talks to a :class:`Store`; only this
package knows which engine is behind it. Results come back as rdflib terms so callers
never depend on the engine's own types.
"""

from __future__ import annotations

import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import BinaryIO, Literal, Union

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Node

from ..errors import InputError
from ..rdfio import parse_error_message
from ..sparql_text import leading_keyword

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

RdfFormatName = Literal["turtle", "ntriples", "nquads", "trig", "jsonld", "xml"]
DumpFormat = Literal["trig", "nquads"]


@dataclass
class SelectResult:
    variables: list[str]
    rows: list[dict[str, Node]] = field(default_factory=list)


@dataclass
class AskResult:
    value: bool


@dataclass
class GraphResult:
    graph: Graph


QueryResult = Union[SelectResult, AskResult, GraphResult]  # noqa: UP007 (runtime alias)

# A change to apply in one transaction: graph IRI -> new content (None drops the graph).
GraphContent = Union[Graph, bytes, None]  # noqa: UP007


def explain_syntax_error(err: Exception) -> str:
    """One readable line from a parser message (Oxigraph lists every expected token)."""
    text = " ".join(str(err).split())
    m = re.match(r"error at (\d+):(\d+): expected (.*)", text)
    if m:
        line, col, expected = m.groups()
        alternatives = re.findall(r'"([^"]+)"', expected)
        hint = f"expected one of {', '.join(alternatives[:8])}" if alternatives else "unexpected input"
        if len(alternatives) > 8 or "..=" in expected:
            hint += ", ..."
        return f"line {line}, column {col}: {hint}"
    return text[:300]


def query_form(sparql: str) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE; ``None`` if the text is not a query (e.g. an update)."""
    keyword = leading_keyword(sparql)
    return keyword if keyword in QUERY_FORMS else None


class Store(ABC):
    """A quad store holding the knowledge base in named graphs."""

    kind: str = "abstract"

    # --- reading -------------------------------------------------------------------
    @abstractmethod
    def query(
        self,
        sparql: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
        bindings: Mapping[str, Node] | None = None,
    ) -> QueryResult:
        """Run a query. Without ``default_graphs`` the default graph is the union of all graphs.

        ``bindings`` pre-binds variables to terms (never pasted into the text).
        """

    @abstractmethod
    def query_raw(
        self,
        sparql: str,
        media_type: str,
        *,
        default_graphs: Iterable[str] | None = None,
        named_graphs: Iterable[str] | None = None,
    ) -> tuple[str, bytes]:
        """Run a query and serialise its result in ``media_type``; returns (query form, bytes).

        SELECT/ASK take a SPARQL results type (json, xml, csv, tsv); CONSTRUCT/DESCRIBE an
        RDF type (turtle, n-triples, rdf+xml, ld+json, trig).
        """

    @abstractmethod
    def graphs(self) -> list[tuple[str, int]]:
        """Named graphs with their triple counts, sorted by IRI."""

    def graph_names(self) -> set[str]:
        return {g for g, _ in self.graphs()}

    @abstractmethod
    def is_empty(self) -> bool: ...

    @abstractmethod
    def version(self) -> str:
        """A token that changes on every write (for ETags and caches)."""

    def modified(self) -> float | None:
        """When the store was last written (POSIX seconds), where the store knows (``Last-Modified``)."""
        return None

    @abstractmethod
    def export(self, out: BinaryIO, fmt: DumpFormat = "trig") -> None:
        """Write the whole dataset (every named graph) to ``out``."""

    # --- writing -------------------------------------------------------------------
    @abstractmethod
    def apply(self, changes: Mapping[str, GraphContent]) -> None:
        """Replace (or drop, for ``None``) several named graphs in one transaction.

        ``bytes`` content must be N-Triples; rdflib graphs are serialised here.
        Nothing changes if any part fails.
        """

    def replace_graph(self, graph: str, content: Graph | bytes) -> None:
        self.apply({graph: content})

    def drop_graph(self, graph: str) -> bool:
        """Drop a named graph; ``False`` when it did not exist."""
        if graph not in self.graph_names():
            return False
        self.apply({graph: None})
        return True

    @abstractmethod
    def update(self, sparql_update: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL 1.1 Update (already authorised by the caller); relative IRIs in it
        resolve against ``base_iri``."""

    @abstractmethod
    def restore(self, data: bytes, fmt: DumpFormat) -> int:
        """Replace the whole dataset with a dump; returns the number of quads."""

    def close(self) -> None:  # noqa: B027 (optional hook)
        """Release the store."""

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def parse_dump(data: bytes, fmt: DumpFormat) -> dict[str, list[ox.Triple]]:
    """Triples of a TriG / N-Quads dump by named graph; raises :class:`InputError` on bad syntax.

    A dump of ungass-kg holds named graphs only, so a triple in the default graph is refused.
    """
    rdf = ox.RdfFormat.TRIG if fmt == "trig" else ox.RdfFormat.N_QUADS
    try:
        quads = list(ox.parse(data, format=rdf))
    except SyntaxError as e:
        raise InputError(parse_error_message("dump", e), hint="restore from an intact dump") from None
    by_graph: dict[str, list[ox.Triple]] = {}
    for q in quads:
        if not isinstance(q.graph_name, ox.NamedNode):
            raise InputError("dump: a triple in the default graph", hint="a dump holds named graphs only")
        by_graph.setdefault(q.graph_name.value, []).append(q.triple)
    return by_graph


def check_graph_iri(iri: str) -> str:
    """A graph name must be an absolute IRI that can stand between ``<`` and ``>``."""
    if any(c in iri for c in "<>\"{}|^`\\ \n") or ":" not in iri:
        raise InputError(f"not a valid graph IRI: {iri!r}", hint="give an absolute IRI such as https://example.org/g")
    return iri


def graph_to_ntriples(g: Graph) -> bytes:
    data = g.serialize(format="nt", encoding="utf-8")
    return data if isinstance(data, bytes) else data.encode()
