"""Documentation of the ontology and the shapes, read from their graphs (in the spirit of pyLODE).

pyLODE was not used: the pages must share our templates, escaping and base mapping, and the
model is small. The same functions feed ``/ontology``, ``/shapes`` and the static site.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, VANN

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


_KINDS = ((OWL.Class, "Classes"), (OWL.ObjectProperty, "Object properties"),
          (OWL.DatatypeProperty, "Datatype properties"), (OWL.AnnotationProperty, "Annotation properties"),
          (OWL.NamedIndividual, "Individuals"))


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
            return Ref(iri, _text(g, o, RDFS.label) or short(iri), local(iri) if iri in documented else "")
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
                add("Subclass of", g.objects(s, RDFS.subClassOf))
                add("Superclass of", g.subjects(RDFS.subClassOf, s))
                add("Properties with this domain", by_domain.get(iri, []))
                add("Properties with this range", by_range.get(iri, []))
                add("Equivalent to", g.objects(s, OWL.equivalentClass))
            else:
                add("Domain", g.objects(s, RDFS.domain))
                add("Range", g.objects(s, RDFS.range))
                add("Subproperty of", g.objects(s, RDFS.subPropertyOf))
                add("Superproperty of", g.subjects(RDFS.subPropertyOf, s))
                add("Inverse of", g.objects(s, OWL.inverseOf))
                add("Characteristics", [o for o in g.objects(s, RDF.type) if o not in (cls, OWL.NamedIndividual)])
                add("Type", [o for o in g.objects(s, RDF.type) if cls == OWL.NamedIndividual and o != cls])
            add("Source", g.objects(s, DCTERMS.source))
            add("See also", g.objects(s, RDFS.seeAlso))
            terms.append(Term(iri, local(iri), _text(g, s, RDFS.label, SKOS.prefLabel) or local(iri), title,
                              _text(g, s, SKOS.definition, RDFS.comment), fields))
        if terms:
            sections.append((title, terms))

    metadata: list[tuple[str, str]] = []
    if onto is not None:
        rows: tuple[tuple[str, URIRef | None], ...] = (
            ("IRI", None), ("Version", OWL.versionInfo), ("Version IRI", OWL.versionIRI),
            ("Licence", DCTERMS.license), ("Preferred prefix", VANN.preferredNamespacePrefix),
            ("Namespace", VANN.preferredNamespaceUri))
        for label, prop in rows:
            value = str(onto) if prop is None else next((str(o) for o in g.objects(onto, prop)), "")
            if value:
                metadata.append((label, value))
    return OntologyDoc(str(onto) if onto else "", _text(g, onto, DCTERMS.title, RDFS.label) or "Ontology",
                       _text(g, onto, DCTERMS.description, RDFS.comment), metadata, sections)


@dataclass
class ShapeDoc:
    iri: str
    anchor: str
    label: str
    comment: str
    targets: list[Ref]
    rules: list[dict[str, str]]
    sparql: list[dict[str, str]]


def shapes_doc(g: Graph) -> list[ShapeDoc]:
    """Each node shape with its targets and the rules of its property shapes, in column order."""
    out = []
    for s in sorted({s for s in g.subjects(RDF.type, SH.NodeShape)}, key=str):
        iri = str(s) if isinstance(s, URIRef) else ""
        targets = [Ref(str(t), short(str(t))) for t in g.objects(s, SH.targetClass)]
        targets += [Ref(str(t), "subjects of " + short(str(t))) for t in g.objects(s, SH.targetSubjectsOf)]
        targets += [Ref(str(t), "objects of " + short(str(t))) for t in g.objects(s, SH.targetObjectsOf)]
        rules = []
        for ps in g.objects(s, SH.property):
            path = g.value(ps, SH.path)
            checks = []
            for label, p in (("min", SH.minCount), ("max", SH.maxCount), ("datatype", SH.datatype),
                             ("class", SH["class"]), ("node kind", SH.nodeKind), ("pattern", SH.pattern),
                             ("min length", SH.minLength), ("from", SH.minInclusive), ("to", SH.maxInclusive)):
                for o in g.objects(ps, p):
                    checks.append(f"{label} {short(str(o))}")
            allowed = g.value(ps, SH["in"])
            if allowed is not None:
                checks.append("one of: " + ", ".join(short(str(m)) for m in Collection(g, allowed)))
            order = g.value(ps, SH.order)
            rules.append({
                "order": str(order) if order is not None else "", "name": _text(g, ps, SH.name),
                "path": short(str(path)) if isinstance(path, URIRef) else "(path)",
                "path_iri": str(path) if isinstance(path, URIRef) else "",
                "checks": "; ".join(sorted(checks)),
                "severity": local(str(g.value(ps, SH.severity) or g.value(s, SH.severity) or SH.Violation)),
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
