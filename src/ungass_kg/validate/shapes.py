"""Loading the SHACL shapes: ``shapes/activity-*.ttl`` (activities, SHACL Core and
SHACL-SPARQL, run by :mod:`.engine`) and ``shapes/registers.ttl`` (the reference registers)."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from rdflib import Graph, Literal
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


def is_shape(g: Graph, node: Node) -> bool:
    return (node, RDF.type, SH.NodeShape) in g or (node, RDF.type, SH.PropertyShape) in g
