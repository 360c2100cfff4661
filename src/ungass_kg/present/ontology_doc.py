"""Documentation of the ontology and the shapes, read from their graphs (in the spirit of pyLODE).

pyLODE was not used: the pages must share our templates, escaping and base mapping, and the
model is small. The same functions feed ``/ontology``, ``/shapes`` and the static site.
The page's own words (sections, field names, checks, severities) are ``N_`` marked and shown
translated; the ontology's and the shapes' labels, comments and messages are their own English.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, VANN

from ..i18n import N_
from ..namespaces import SHAPES_GRAPH
from ..store import GraphResult, Store
from .views import short


def named_graph(store: Store, graph: str) -> Graph:
    res = store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
    assert isinstance(res, GraphResult)
    return res.graph


def _text(g: Graph, s: object, *props: URIRef) -> str:
    for p in props:
        for o in g.objects(s, p):  # type: ignore[arg-type]
            if isinstance(o, Literal) and o.language in (None, "en"):
                return str(o)
    return ""


def local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


@dataclass
class Ref:
    iri: str
    text: str
    anchor: str = ""  # set when the term is documented on the same page
    relation: str = ""  # a shape's target: "subjects of %(term)s" ... (the page translates it)
    name: bool = False  # ``text`` is a prefixed name (shown as code), not an English label


@dataclass
class Term:
    iri: str
    anchor: str
    label: str
    kind: str
    definition: str
    fields: list[tuple[str, list[Ref]]] = field(default_factory=list)


@dataclass
class OntologyDoc:
    iri: str
    title: str
    description: str
    metadata: list[tuple[str, str]]
    sections: list[tuple[str, list[Term]]]


_KINDS = ((OWL.Class, N_("Classes")), (OWL.ObjectProperty, N_("Object properties")),
          (OWL.DatatypeProperty, N_("Datatype properties")), (OWL.AnnotationProperty, N_("Annotation properties")),
          (OWL.NamedIndividual, N_("Individuals")))


def ontology_doc(g: Graph) -> OntologyDoc:
    """Classes and properties with labels, definitions, hierarchy, domains and ranges."""
    # The main ontology when several files declare one (e.g. a Data Cube module beside it).
    heads = sorted((s for s in g.subjects(RDF.type, OWL.Ontology) if isinstance(s, URIRef)),
                   key=lambda s: (not str(s).endswith("/ontology"), str(s)))
    onto = heads[0] if heads else None
    documented: set[str] = set()
    for cls, _ in _KINDS:
        documented |= {str(s) for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}

    def ref(o: object) -> Ref:
        if isinstance(o, URIRef):
            iri = str(o)
            label = _text(g, o, RDFS.label)
            return Ref(iri, label or short(iri), local(iri) if iri in documented else "", name=not label)
        if isinstance(o, BNode):
            members = g.value(o, OWL.unionOf)
            if members is not None:
                return Ref("", " or ".join(ref(m).text for m in Collection(g, members)))
            return Ref("", "(anonymous)")
        return Ref("", str(o))

    by_domain: dict[str, list[object]] = defaultdict(list)
    by_range: dict[str, list[object]] = defaultdict(list)
    for p, d in g.subject_objects(RDFS.domain):
        by_domain[str(d)].append(p)
    for p, r in g.subject_objects(RDFS.range):
        by_range[str(r)].append(p)

    sections = []
    for cls, title in _KINDS:
        terms = []
        for s in sorted({s for s in g.subjects(RDF.type, cls) if isinstance(s, URIRef)}, key=str):
            iri = str(s)
            fields: list[tuple[str, list[Ref]]] = []

            def add(name: str, objs: Iterable[object], fields: list[tuple[str, list[Ref]]] = fields) -> None:
                refs = sorted((ref(o) for o in objs), key=lambda r: r.text.lower())
                if refs:
                    fields.append((name, refs))

            if cls == OWL.Class:
                add(N_("Subclass of"), g.objects(s, RDFS.subClassOf))
                add(N_("Superclass of"), g.subjects(RDFS.subClassOf, s))
                add(N_("Properties with this domain"), by_domain.get(iri, []))
                add(N_("Properties with this range"), by_range.get(iri, []))
                add(N_("Equivalent to"), g.objects(s, OWL.equivalentClass))
            else:
                add(N_("Domain"), g.objects(s, RDFS.domain))
                add(N_("Range"), g.objects(s, RDFS.range))
                add(N_("Subproperty of"), g.objects(s, RDFS.subPropertyOf))
                add(N_("Superproperty of"), g.subjects(RDFS.subPropertyOf, s))
                add(N_("Inverse of"), g.objects(s, OWL.inverseOf))
                add(N_("Characteristics"), [o for o in g.objects(s, RDF.type) if o not in (cls, OWL.NamedIndividual)])
                add(N_("Type"), [o for o in g.objects(s, RDF.type) if cls == OWL.NamedIndividual and o != cls])
            add(N_("Source"), g.objects(s, DCTERMS.source))
            add(N_("See also"), g.objects(s, RDFS.seeAlso))
            terms.append(Term(iri, local(iri), _text(g, s, RDFS.label, SKOS.prefLabel) or local(iri), title,
                              _text(g, s, SKOS.definition, RDFS.comment), fields))
        if terms:
            sections.append((title, terms))

    metadata: list[tuple[str, str]] = []
    if onto is not None:
        rows: tuple[tuple[str, URIRef | None], ...] = (
            (N_("IRI"), None), (N_("Version"), OWL.versionInfo), (N_("Version IRI"), OWL.versionIRI),
            (N_("Licence"), DCTERMS.license), (N_("Preferred prefix"), VANN.preferredNamespacePrefix),
            (N_("Namespace"), VANN.preferredNamespaceUri))
        for label, prop in rows:
            value = str(onto) if prop is None else next((str(o) for o in g.objects(onto, prop)), "")
            if value:
                metadata.append((label, value))
    return OntologyDoc(str(onto) if onto else "", _text(g, onto, DCTERMS.title, RDFS.label) or "Ontology",
                       _text(g, onto, DCTERMS.description, RDFS.comment), metadata, sections)


# The shapes page's words for a property shape's checks and severities (shown translated).
CHECKS = ((N_("min"), SH.minCount), (N_("max"), SH.maxCount), (N_("datatype"), SH.datatype),
          (N_("class"), SH["class"]), (N_("node kind"), SH.nodeKind), (N_("pattern"), SH.pattern),
          (N_("min length"), SH.minLength), (N_("from"), SH.minInclusive), (N_("to"), SH.maxInclusive))
ONE_OF = N_("one of:")
SEVERITIES = {"Violation": N_("Violation"), "Warning": N_("Warning"), "Info": N_("Info")}


@dataclass
class ShapeDoc:
    iri: str
    anchor: str
    label: str
    comment: str
    targets: list[Ref]
    rules: list[dict[str, Any]]
    sparql: list[dict[str, str]]


def shapes_doc(g: Graph) -> list[ShapeDoc]:
    """Each node shape with its targets and the rules of its property shapes, in column order."""
    out = []
    for s in sorted({s for s in g.subjects(RDF.type, SH.NodeShape)}, key=str):
        iri = str(s) if isinstance(s, URIRef) else ""
        targets = [Ref(str(t), short(str(t)), name=True) for t in g.objects(s, SH.targetClass)]
        targets += [Ref(str(t), short(str(t)), relation=N_("subjects of %(term)s"), name=True)
                    for t in g.objects(s, SH.targetSubjectsOf)]
        targets += [Ref(str(t), short(str(t)), relation=N_("objects of %(term)s"), name=True)
                    for t in g.objects(s, SH.targetObjectsOf)]
        rules: list[dict[str, Any]] = []
        for ps in g.objects(s, SH.property):
            path = g.value(ps, SH.path)
            checks: list[tuple[str, str]] = []  # (the check's word, its value as a prefixed name or literal)
            for label, p in CHECKS:
                for o in g.objects(ps, p):
                    checks.append((label, short(str(o))))
            allowed = g.value(ps, SH["in"])
            if allowed is not None:
                checks.append((ONE_OF, ", ".join(short(str(m)) for m in Collection(g, allowed))))
            order = g.value(ps, SH.order)
            rules.append({
                "order": str(order) if order is not None else "", "name": _text(g, ps, SH.name),
                "path": short(str(path)) if isinstance(path, URIRef) else "(path)",
                "path_iri": str(path) if isinstance(path, URIRef) else "",
                "checks": sorted(checks),
                "severity": SEVERITIES.get(local(str(g.value(ps, SH.severity) or g.value(s, SH.severity)
                                                     or SH.Violation)), "Violation"),
                "message": _text(g, ps, SH.message),
            })
        rules.sort(key=lambda r: (float(r["order"]) if r["order"] else 1e9, r["path"]))
        sparql = [{"message": _text(g, c, SH.message), "label": _text(g, c, RDFS.label, RDFS.comment)}
                  for c in g.objects(s, SH.sparql)]
        anchor = local(iri) if iri else str(s)
        out.append(ShapeDoc(iri, anchor, _text(g, s, RDFS.label) or local(iri), _text(g, s, RDFS.comment),
                            targets, rules, sparql))
    return out


SHAPES = str(SHAPES_GRAPH)
