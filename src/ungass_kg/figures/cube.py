"""A saved query's result as a W3C RDF Data Cube (qb:DataSet + qb:DataStructureDefinition).

Dimensions and measures come from the query header's column roles; their definitions
(ontology/cube.ttl) and the codes of code-listed dimensions are copied in, so each cube
is self-contained and passes the IC-1..IC-21 checks on its own.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from functools import cache

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from .. import paths
from ..namespaces import ID, QB, UNG
from ..queries import SavedQuery
from ..store import SelectResult

NOTE = "document/inter-agency-note-2024"


@cache
def components() -> Graph:
    """The component property definitions (ontology/cube.ttl)."""
    return Graph().parse(paths.ontology_dir() / "cube.ttl", format="turtle")


def expand(curie: str) -> URIRef:
    prefix, _, local = curie.partition(":")
    if prefix != "ung":
        raise ValueError(f"component {curie} must be in the ung: namespace")
    return URIRef(UNG[local])


def dataset_iri(name: str) -> URIRef:
    return URIRef(ID[f"dataset/{name}"])


def _slug(term: Node) -> str:
    s = str(term).rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
    return re.sub(r"[^A-Za-z0-9-]+", "-", s).strip("-").lower() or "x"


def _literal(term: Node, datatype: URIRef) -> Literal:
    if isinstance(term, Literal) and term.datatype == XSD.decimal:
        # Round long decimal quotients to 6 places: exact enough, and readable.
        return Literal(Decimal(str(term)).quantize(Decimal("0.000001")), datatype=XSD.decimal)
    if isinstance(term, Literal):
        return Literal(str(term), datatype=datatype) if datatype else term
    return Literal(str(term))


def structure(g: Graph, q: SavedQuery, dsd: URIRef) -> None:
    """The DSD: one component specification per dimension and measure column, in order."""
    g.add((dsd, RDF.type, QB.DataStructureDefinition))
    g.add((dsd, RDFS.label, Literal(f"Structure of {q.name}", lang="en")))
    comps = components()
    order = 0
    for c in q.columns:
        if c.role not in ("dimension", "measure"):
            continue
        order += 1
        prop = expand(c.component)
        spec = URIRef(f"{dsd}/{c.name}")
        g.add((dsd, QB.component, spec))
        g.add((spec, RDF.type, QB.ComponentSpecification))
        g.add((spec, QB.dimension if c.role == "dimension" else QB.measure, prop))
        g.add((spec, QB.order, Literal(order)))
        for p, o in comps.predicate_objects(prop):
            g.add((prop, p, o))


def build_cube(q: SavedQuery, result: SelectResult, params: Mapping[str, Node] | None = None) -> Graph:
    """The cube of one run of ``q`` (``params``: the bound parameter terms, recorded on the data set)."""
    g = Graph()
    for p, ns in (("qb", QB), ("ung", UNG), ("skos", SKOS), ("dct", DCTERMS)):
        g.bind(p, ns)
    ds = dataset_iri(q.name)
    dsd = URIRef(f"{ds}/structure")
    structure(g, q, dsd)
    g.add((ds, RDF.type, QB.DataSet))
    g.add((ds, QB.structure, dsd))
    g.add((ds, DCTERMS.title, Literal((f"Figure {q.figure}. " if q.figure else "") + q.title, lang="en")))
    g.add((ds, DCTERMS.description, Literal(q.description, lang="en")))
    g.add((ds, UNG.savedQuery, Literal(q.name)))
    for n in q.source_paragraphs:
        g.add((ds, DCTERMS.source, URIRef(ID[f"{NOTE}/para/{n}"])))
    params = params or {}
    if "from" in params:
        g.add((ds, UNG.fromYear, Literal(int(params["from"]), datatype=XSD.integer)))  # type: ignore[call-overload]
    if "to" in params:
        g.add((ds, UNG.toYear, Literal(int(params["to"]), datatype=XSD.integer)))  # type: ignore[call-overload]
    if params:
        g.add((ds, RDFS.comment, Literal("parameters: " + ", ".join(f"{k}={v}" for k, v in sorted(params.items())))))

    dims = [c for c in q.columns if c.role == "dimension"]
    measures = [c for c in q.columns if c.role == "measure"]
    labels = {c.label_of: c.name for c in q.columns if c.role == "label" and c.type == "string"}
    comps = components()
    for row in result.rows:
        key = "_".join(_slug(row[c.name]) for c in dims if c.name in row) or "all"
        obs = URIRef(f"{ds}/obs/{key}") if dims else BNode()
        g.add((obs, RDF.type, QB.Observation))
        g.add((obs, QB.dataSet, ds))
        for c in dims:
            if c.name not in row:
                continue
            prop, v = expand(c.component), row[c.name]
            g.add((obs, prop, v))
            if isinstance(v, URIRef):
                if c.name in labels and labels[c.name] in row:
                    g.add((v, RDFS.label, row[labels[c.name]]))
                for scheme in comps.objects(prop, QB.codeList):
                    g.add((v, RDF.type, SKOS.Concept))
                    g.add((v, SKOS.inScheme, scheme))
                    g.add((scheme, RDF.type, SKOS.ConceptScheme))
        for c in measures:
            if c.name in row:
                prop = expand(c.component)
                rng = comps.value(prop, RDFS.range)
                g.add((obs, prop, _literal(row[c.name], rng if isinstance(rng, URIRef) else None)))  # type: ignore[arg-type]
    return g
