"""The media types we offer, once: key, media type, extensions, aliases, kind, serializer names.

Content negotiation (``negotiation``), the linked-data representations (``formats``), the
SPARQL endpoint's result and graph types and the static site's files all read this table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["html", "rdf", "results", "tabular"]


@dataclass(frozen=True)
class MediaType:
    key: str  # the ``format`` parameter value
    media_type: str
    extensions: tuple[str, ...]  # the first is the one our URLs and files use
    label: str
    kind: Kind
    names: tuple[str, ...] = ()  # other ``format`` values clients send for it
    aliases: tuple[str, ...] = ()  # other media types clients send for it (browsers, SPARQLWrapper, old tools)
    rdflib: str | None = None  # rdflib serializer name
    oxigraph: str | None = None  # pyoxigraph RdfFormat / QueryResultsFormat attribute

    @property
    def extension(self) -> str:
        return self.extensions[0]


HTML = MediaType("html", "text/html", ("html",), "HTML", "html", names=("htm",), aliases=("application/xhtml+xml",))
TURTLE = MediaType("turtle", "text/turtle", ("ttl",), "Turtle", "rdf", names=("ttl", "n3"),
                   aliases=("application/x-turtle", "application/turtle", "text/n3"), rdflib="turtle",
                   oxigraph="TURTLE")
JSONLD = MediaType("jsonld", "application/ld+json", ("jsonld",), "JSON-LD", "rdf", names=("json-ld", "json"),
                   aliases=("application/json",), rdflib="json-ld", oxigraph="JSON_LD")
NTRIPLES = MediaType("ntriples", "application/n-triples", ("nt",), "N-Triples", "rdf", names=("nt", "n-triples"),
                     aliases=("text/plain",), rdflib="nt", oxigraph="N_TRIPLES")
RDFXML = MediaType("rdfxml", "application/rdf+xml", ("rdf",), "RDF/XML", "rdf",
                   names=("xml", "rdf", "rdf/xml", "rdf+xml"), aliases=("application/xml", "text/xml"),
                   rdflib="xml", oxigraph="RDF_XML")
TRIG = MediaType("trig", "application/trig", ("trig",), "TriG", "rdf", aliases=("application/x-trig",),
                 rdflib="trig", oxigraph="TRIG")
SPARQL_JSON = MediaType("json", "application/sparql-results+json", ("srj",), "SPARQL JSON", "results",
                        names=("srj",), aliases=("application/json", "text/javascript", "application/javascript"),
                        oxigraph="JSON")
SPARQL_XML = MediaType("xml", "application/sparql-results+xml", ("srx",), "SPARQL XML", "results",
                       names=("srx",), aliases=("application/xml", "text/xml"), oxigraph="XML")
CSV = MediaType("csv", "text/csv", ("csv",), "CSV", "tabular", oxigraph="CSV")
TSV = MediaType("tsv", "text/tab-separated-values", ("tsv",), "TSV", "tabular",
                aliases=("text/plain", "text/tsv"), oxigraph="TSV")

REGISTRY: tuple[MediaType, ...] = (HTML, TURTLE, JSONLD, NTRIPLES, RDFXML, TRIG, SPARQL_JSON, SPARQL_XML, CSV, TSV)

# What a SPARQL query form can answer with (the first is the default).
RESULT_TYPES: tuple[str, ...] = (SPARQL_JSON.media_type, SPARQL_XML.media_type, CSV.media_type, TSV.media_type)
GRAPH_TYPES: tuple[str, ...] = (TURTLE.media_type, JSONLD.media_type, NTRIPLES.media_type, RDFXML.media_type,
                                TRIG.media_type)


def by_media_type(media_type: str) -> MediaType | None:
    return next((m for m in REGISTRY if m.media_type == media_type), None)


def aliases() -> dict[str, tuple[str, ...]]:
    """Alias -> the media types it may stand for, in registry order."""
    out: dict[str, tuple[str, ...]] = {}
    for m in REGISTRY:
        for a in m.aliases:
            out[a] = (*out.get(a, ()), m.media_type)
    return out


def format_names(offers: tuple[str, ...]) -> dict[str, str]:
    """``format`` values -> media type, among ``offers`` (``json`` means a different type per kind)."""
    out: dict[str, str] = {}
    for mt in offers:
        m = by_media_type(mt)
        if m is not None:
            for name in (m.key, *m.names, *m.extensions):
                out.setdefault(name, mt)
    return out
