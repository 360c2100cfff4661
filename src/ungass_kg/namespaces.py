"""IRIs shared by every module (see docs/conventions.md)."""

from __future__ import annotations

from rdflib import Namespace, URIRef

from .canonical import BASE

UNG = Namespace(BASE + "ontology#")
ID = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")

ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
VOID = Namespace("http://rdfs.org/ns/void#")
SH = Namespace("http://www.w3.org/ns/shacl#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SPDX = Namespace("http://spdx.org/rdf/terms#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
UNGSH = Namespace(BASE + "shapes#")  # the shapes' own IRIs

ONTOLOGY_GRAPH = URIRef(GRAPH["ontology"])
SHAPES_GRAPH = URIRef(GRAPH["shapes"])
REFERENCE_GRAPH = URIRef(GRAPH["reference"])
NOTE_GRAPH = URIRef(GRAPH["note-2024"])
PUBLISHED_GRAPH = URIRef(GRAPH["published"])
SUBMISSIONS_GRAPH = URIRef(GRAPH["submissions"])

PREFIXES: dict[str, str] = {
    "ung": str(UNG),
    "org": str(ORG),
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": str(PROV),
    "dct": str(DCT),
    "dcat": str(DCAT),
    "qb": str(QB),
    "void": str(VOID),
    "foaf": "http://xmlns.com/foaf/0.1/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "sh": str(SH),
}


def submission_graph(entity_key: str, period: int | str) -> URIRef:
    return URIRef(GRAPH[f"submission/{entity_key}-{period}"])


def sparql_prologue() -> str:
    """PREFIX declarations for every shared prefix, on one line so that a parser's
    line numbers still match the user's own query text."""
    return " ".join(f"PREFIX {p}: <{iri}>" for p, iri in PREFIXES.items()) + " "


def attempt_path(att: str) -> str:
    """Where a received file's report is served: ``id/submission/unodc-2023/attempt/{stamp}`` ->
    ``/submissions/unodc-2023/attempts/{stamp}``."""
    tail = att.split("/id/submission/", 1)[-1]
    sid, _, stamp = tail.partition("/attempt/")
    return f"/submissions/{sid}/attempts/{stamp}"
