"""The SPARQL 1.1 Service Description of ``/sparql`` (what ``GET /sparql`` without a query returns)."""

from __future__ import annotations

from rdflib import RDF, RDFS, XSD, BNode, Graph, Literal, Namespace, URIRef

from ..config import Settings
from ..namespaces import PREFIXES, SD, SH
from ..present.negotiation import GRAPH_TYPES, RESULT_TYPES

FORMATS = Namespace("http://www.w3.org/ns/formats/")
# W3C's IRIs for the formats we write (https://www.w3.org/ns/formats/).
_FORMAT_IRIS = {
    "application/sparql-results+json": FORMATS.SPARQL_Results_JSON,
    "application/sparql-results+xml": FORMATS.SPARQL_Results_XML,
    "text/csv": FORMATS.SPARQL_Results_CSV,
    "text/tab-separated-values": FORMATS.SPARQL_Results_TSV,
    "text/turtle": FORMATS.Turtle,
    "application/ld+json": FORMATS["JSON-LD"],
    "application/n-triples": FORMATS["N-Triples"],
    "application/rdf+xml": FORMATS.RDF_XML,
    "application/trig": FORMATS.TriG,
}


def describe(endpoint: str, settings: Settings, graphs: list[tuple[str, int]]) -> Graph:
    g = Graph()
    g.bind("sd", SD)
    g.bind("formats", FORMATS)
    svc = URIRef(endpoint)
    g.add((svc, RDF.type, SD.Service))
    g.add((svc, SD.endpoint, svc))
    g.add((svc, SD.supportedLanguage, SD.SPARQL11Query))
    if settings.write_token:
        g.add((svc, SD.supportedLanguage, SD.SPARQL11Update))
    g.add((svc, SD.feature, SD.UnionDefaultGraph))
    for mt in (*RESULT_TYPES, *GRAPH_TYPES):
        g.add((svc, SD.resultFormat, _FORMAT_IRIS[mt]))
    g.add((svc, RDFS.comment, Literal(
        f"Read-only unless a write token is configured. Limits: {settings.query_timeout:g} s per query "
        f"(503 past it), at most {settings.max_rows} result rows (header X-Result-Truncated), "
        f"request bodies up to {settings.max_body} bytes (413). SERVICE and graphs outside the store "
        "are refused (403).", lang="en")))
    # The prefixes a query may use without declaring them, as SHACL prefix declarations
    # (sh:declare / sh:prefix / sh:namespace: the W3C vocabulary for exactly this).
    g.bind("sh", SH)
    for prefix, ns in PREFIXES.items():
        decl = BNode()
        g.add((svc, SH.declare, decl))
        g.add((decl, SH.prefix, Literal(prefix)))
        g.add((decl, SH.namespace, Literal(ns, datatype=XSD.anyURI)))
    ds = BNode()
    default = BNode()
    g.add((svc, SD.defaultDataset, ds))
    g.add((ds, RDF.type, SD.Dataset))
    g.add((ds, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, RDFS.comment, Literal("the union of all named graphs", lang="en")))
    for iri, n in graphs:
        ng, gr = BNode(), BNode()
        g.add((ds, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(iri)))
        g.add((ng, SD.graph, gr))
        g.add((gr, RDF.type, SD.Graph))
        g.add((gr, URIRef("http://rdfs.org/ns/void#triples"), Literal(n)))
    return g
