"""Loading the SHACL shapes: SHACL Core for pySHACL, SHACL-SPARQL rules for Oxigraph.

The shapes live in ``shapes/activity-*.ttl`` (activities) and ``shapes/registers.ttl``
(the reference registers). Shapes with ``sh:sparql`` are standard SHACL-SPARQL, but
pySHACL would run each query once per focus node, so :func:`core_graph` drops them and
:func:`sparql_rules` hands them to :mod:`.rules`, which runs each once for all nodes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .. import paths
from ..namespaces import SH, UNGSH


def activity_shape_files() -> list[Path]:
    return sorted(paths.shapes_dir().glob("activity-*.ttl"))


def register_shape_files() -> list[Path]:
    return [paths.shapes_dir() / "registers.ttl"]


def _parse(files: list[Path], year: int) -> Graph:
    g = Graph()
    for f in files:
        g.parse(f, format="turtle")
    # SHACL has no "now": shapes flagged ungsh:maxIsCurrentYear get this year's bound at load time
    for shape in list(g.subjects(UNGSH.maxIsCurrentYear, Literal(True))):
        g.add((shape, SH.maxInclusive, Literal(year, datatype=XSD.integer)))
    g.bind("sh", SH)
    g.bind("ungsh", UNGSH)
    return g


@cache
def _activity_shapes(year: int) -> Graph:
    return _parse(activity_shape_files(), year)


def activity_shapes() -> Graph:
    """All activity shapes (Core and SPARQL), as a standard SHACL shapes graph."""
    return _activity_shapes(dt.date.today().year)


def register_shapes() -> Graph:
    return _parse(register_shape_files(), dt.date.today().year)


@cache
def _core(year: int) -> Graph:
    full = _activity_shapes(year)
    core = Graph()
    sparql_shapes = set(full.subjects(SH.sparql, None))
    for t in full:
        if t[0] not in sparql_shapes:
            core.add(t)
    return core


def core_graph() -> Graph:
    """The activity shapes pySHACL runs: everything but the shapes with ``sh:sparql``."""
    return _core(dt.date.today().year)


@dataclass(frozen=True)
class SparqlRule:
    shape: URIRef
    constraint: Node
    select: str
    message: str
    severity: URIRef
    path: URIRef | None
    evaluated_on: URIRef  # UNGSH.SubmittedData or UNGSH.Store


def sparql_rules(shapes: Graph | None = None) -> list[SparqlRule]:
    g = shapes if shapes is not None else activity_shapes()
    out = []
    for shape, c in g.subject_objects(SH.sparql):
        select = g.value(c, SH.select)
        if not isinstance(shape, URIRef) or select is None:
            continue
        path = g.value(c, SH.path) or g.value(shape, SH.path)
        out.append(SparqlRule(
            shape=shape, constraint=c, select=str(select), message=str(g.value(c, SH.message) or ""),
            severity=g.value(shape, SH.severity) or SH.Violation,  # type: ignore[arg-type]
            path=path if isinstance(path, URIRef) else None,
            evaluated_on=g.value(c, UNGSH.evaluatedOn) or UNGSH.SubmittedData,  # type: ignore[arg-type]
        ))
    return sorted(out, key=lambda r: str(r.shape))


def is_shape(g: Graph, node: Node) -> bool:
    return (node, RDF.type, SH.NodeShape) in g or (node, RDF.type, SH.PropertyShape) in g
