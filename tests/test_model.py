"""The knowledge model holds together: files parse, every term used is declared, OWL RL finds no clash.

The closure check is what catches a typo such as ``ung:leadEntiy`` or ``dct:titel``: rdflib and
Oxigraph accept any IRI, so without it a misspelt predicate silently makes a figure wrong.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import owlrl
import pytest
from pyoxigraph import Store as OxStore
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib import namespace as rns
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, ORG, OWL, PROV, QB, RDF, RDFS, SH, SKOS, DefinedNamespaceMeta
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, SequencePath
from rdflib.plugins.sparql import prepareQuery
from rdflib.plugins.sparql.processor import prepareUpdate

from ungass_kg.namespaces import PREFIXES, UNG, sparql_prologue
from ungass_kg.store import EmbeddedStore
from ungass_kg.store.base import GraphResult, SelectResult

ROOT = Path(__file__).resolve().parent.parent
ONTOLOGY_IRI = URIRef("https://w3id.org/ungass-kg/ontology")
VANN = Namespace("http://purl.org/vocab/vann/")
OWLRL_ERROR = URIRef("http://www.daml.org/2002/03/agents/agent-ont#error")

# Reused vocabularies whose term lists rdflib ships (DefinedNamespace: membership is checked).
# (Held in a tuple, not as module names: pytest probes module attributes and these warn.)
DEFINED: tuple[DefinedNamespaceMeta, ...] = (
    rns.RDF, rns.RDFS, rns.OWL, rns.XSD, rns.SKOS, rns.ORG, rns.PROV, rns.DCTERMS, rns.DCAT, rns.QB,
    rns.VOID, rns.FOAF, rns.SH,
)
# Reused vocabularies rdflib has no term list for: the terms we use, spelt out.
ALLOWED: dict[str, frozenset[str]] = {
    str(VANN): frozenset({"preferredNamespacePrefix", "preferredNamespaceUri"}),
    # SPDX: the checksum of a submitted file (see ungass_kg.submissions).
    "http://spdx.org/rdf/terms#": frozenset({"checksum", "Checksum", "algorithm", "checksumAlgorithm_sha256",
                                            "checksumValue"}),
}

# Files that are wrong on purpose (examples of bad submissions) are not part of the model.
ON_PURPOSE_INVALID = re.compile(r"(^|/)(invalid|bad|broken)[^/]*(/|$)|[-_](invalid|bad|broken)[^/]*$")


def model_files(*folders: str, ext: str = "ttl") -> list[Path]:
    found: list[Path] = []
    for folder in folders:
        found += sorted((ROOT / folder).rglob(f"*.{ext}"))
    return [p for p in found if not ON_PURPOSE_INVALID.search(p.relative_to(ROOT).as_posix())]


def load(paths: Iterable[Path]) -> Graph:
    g = Graph()
    for p in paths:
        g.parse(p, format="turtle")
    return g


def ontology_graph() -> Graph:
    return load(model_files("ontology"))


def rel(p: Path) -> str:
    return p.relative_to(ROOT).as_posix()


# ---------------------------------------------------------------------------
# The closure checker
# ---------------------------------------------------------------------------

DECLARING_TYPES = {
    OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
    RDF.Property, QB.DimensionProperty, QB.MeasureProperty, QB.AttributeProperty, QB.ComponentProperty,
    QB.CodedProperty,
}
# Positions whose value is a class or property even though it is an object, not a predicate.
TERM_VALUED = {
    RDF.type, SH["class"], SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.datatype,
    RDFS.subClassOf, RDFS.subPropertyOf, RDFS.domain, RDFS.range, OWL.disjointWith,
    OWL.equivalentClass, OWL.equivalentProperty, OWL.inverseOf,
    QB.dimension, QB.measure, QB.attribute, QB.componentProperty, QB.measureType,
}
PATH_KEYS = (SH.inversePath, SH.zeroOrMorePath, SH.oneOrMorePath, SH.zeroOrOnePath)


def declared_terms(ontology: Graph) -> set[URIRef]:
    return {s for t in DECLARING_TYPES for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef)}


def shacl_path_terms(g: Graph, node: object) -> Iterator[URIRef]:
    """Properties named in a SHACL property path (IRI, sequence list, inverse, alternative, ...)."""
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, BNode):
        if (node, RDF.first, None) in g:
            for item in Collection(g, node):
                yield from shacl_path_terms(g, item)
        for key in PATH_KEYS:
            for inner in g.objects(node, key):
                yield from shacl_path_terms(g, inner)
        for alternatives in g.objects(node, SH.alternativePath):
            yield from shacl_path_terms(g, alternatives)


def graph_terms(g: Graph) -> set[URIRef]:
    """Every class and property a graph uses."""
    used: set[URIRef] = set()
    for _s, p, o in g:
        used.add(p)  # type: ignore[arg-type]
        if p in TERM_VALUED and isinstance(o, URIRef):
            used.add(o)
        if isinstance(o, Literal) and o.datatype is not None:
            used.add(o.datatype)
    for path in g.objects(None, SH.path):
        used.update(shacl_path_terms(g, path))
    return used


def algebra_iris(node: object) -> Iterator[URIRef]:
    """Every IRI in a parsed SPARQL algebra tree, property paths and typed literals included."""
    if isinstance(node, URIRef):
        yield node
    elif isinstance(node, Literal):
        if node.datatype is not None:
            yield node.datatype
    elif isinstance(node, SequencePath | AlternativePath | NegatedPath):
        for a in node.args:
            yield from algebra_iris(a)
    elif isinstance(node, InvPath):
        yield from algebra_iris(node.arg)
    elif isinstance(node, MulPath):
        yield from algebra_iris(node.path)
    elif isinstance(node, dict):
        for v in node.values():
            yield from algebra_iris(v)
    elif isinstance(node, list | tuple | set | frozenset):
        for v in node:
            yield from algebra_iris(v)


def parse_sparql(text: str, extra_prefixes: dict[str, str] | None = None) -> object:
    """The algebra of a query or update; the shared prefixes are in scope as the query module does."""
    prefixes = {**PREFIXES, **(extra_prefixes or {})}
    try:
        return prepareQuery(text, initNs=prefixes).algebra
    except Exception as query_error:
        try:
            return prepareUpdate(text, initNs=prefixes).algebra
        except Exception:
            raise query_error from None


@dataclass(frozen=True)
class Problem:
    where: str
    term: URIRef
    why: str

    def __str__(self) -> str:
        return f"{self.where}: <{self.term}> {self.why}"


class Vocabulary:
    """What counts as a known term: declared in ontology/*.ttl or a term of a reused vocabulary."""

    def __init__(self, ontology: Graph, shapes: Graph | None = None) -> None:
        # The shapes may declare their own annotation terms (e.g. the template column a shape
        # describes) in their own namespace; ung: terms must come from the ontology.
        own_shape_terms = {t for t in declared_terms(shapes or Graph()) if not str(t).startswith(str(UNG))}
        self.declared = declared_terms(ontology) | own_shape_terms
        self.own_namespaces = {str(UNG)} | {namespace_of(t) for t in self.declared}

    def problem(self, term: URIRef) -> str | None:
        if term in self.declared:
            return None
        iri = str(term)
        for ns in DEFINED:
            if iri.startswith(str(ns)) and iri != str(ns):
                return None if term in ns else f"is not a term of {ns}"
        for allowed_ns, names in ALLOWED.items():
            if iri.startswith(allowed_ns):
                return None if iri[len(allowed_ns):] in names else f"is not an allowed term of {allowed_ns}"
        if namespace_of(term) in self.own_namespaces:
            return "is not declared in ontology/*.ttl (nor, for shape annotations, in shapes/*.ttl)"
        return "is in no reused vocabulary and not declared in ontology/*.ttl"

    def is_vocabulary_iri(self, term: URIRef) -> bool:
        """IRIs a query may name that are terms, not things (things live under id/ and graph/)."""
        iri = str(term)
        return (
            any(iri.startswith(str(ns)) for ns in DEFINED)
            or any(iri.startswith(ns) for ns in ALLOWED)
            or namespace_of(term) in self.own_namespaces
        )

    def check_graph(self, g: Graph, where: str) -> list[Problem]:
        out = []
        for term in sorted(graph_terms(g)):
            why = self.problem(term)
            if why:
                out.append(Problem(where, term, why))
        return out

    def check_query(self, text: str, where: str, prefixes: dict[str, str] | None = None) -> list[Problem]:
        out = []
        for term in sorted(set(algebra_iris(parse_sparql(text, prefixes)))):
            if self.is_vocabulary_iri(term):
                why = self.problem(term)
                if why:
                    out.append(Problem(where, term, why))
        return out


def namespace_of(term: URIRef) -> str:
    iri = str(term)
    cut = max(iri.rfind("#"), iri.rfind("/"))
    return iri[: cut + 1]


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return Vocabulary(ontology_graph(), load(model_files("shapes")))


# ---------------------------------------------------------------------------
# Every file parses
# ---------------------------------------------------------------------------

TTL_FILES = model_files("ontology", "shapes", "data")
# Saved queries (.rq) and updates (.ru).
RQ_FILES = model_files("sparql", ext="rq") + model_files("sparql", ext="ru")
TEMPLATE_HEADER = re.compile(r"^#\+\s*template:\s*(.+)$", re.M)


def instantiated(text: str) -> str:
    """A query as it runs: ``#+ template: p`` marks ``$p`` as filled in with a property IRI before
    running (as the Data Cube integrity checks IC-20/21 require), so a stand-in IRI is put there."""
    for header in TEMPLATE_HEADER.findall(text):
        for name in re.split(r"[,\s]+", header.strip()):
            if name:
                text = re.sub(rf"\${re.escape(name)}\b", f"<urn:x-ungass-kg:template:{name}>", text)
    return text


def is_update(path: Path) -> bool:
    return path.suffix == ".ru"


def test_there_is_an_ontology() -> None:
    assert (ROOT / "ontology" / "ungass.ttl").is_file()


@pytest.mark.parametrize("path", TTL_FILES, ids=rel)
def test_turtle_parses(path: Path) -> None:
    assert len(Graph().parse(path, format="turtle")) > 0, f"{rel(path)} is empty"


@pytest.mark.parametrize("path", RQ_FILES, ids=rel)
def test_saved_query_parses_in_rdflib_and_oxigraph(path: Path) -> None:
    text = instantiated(path.read_text(encoding="utf-8"))
    parse_sparql(text)
    if is_update(path):
        OxStore().update(sparql_prologue() + text)
    else:
        OxStore().query(sparql_prologue() + text)


def test_template_queries_are_filled_in() -> None:
    text = "#+ template: p\nASK { ?s $p ?o . ?s ?p ?x }"
    assert instantiated(text).endswith("ASK { ?s <urn:x-ungass-kg:template:p> ?o . ?s ?p ?x }")


# ---------------------------------------------------------------------------
# Closure: every term used is declared or reused
# ---------------------------------------------------------------------------


@pytest.mark.parametrize("path", model_files("ontology", "shapes", "data"), ids=rel)
def test_every_term_in_turtle_is_known(vocabulary: Vocabulary, path: Path) -> None:
    problems = vocabulary.check_graph(Graph().parse(path, format="turtle"), rel(path))
    assert not problems, "\n".join(map(str, problems))


SHAPE_SPARQL = (SH.select, SH.ask, SH.construct, SH.update)


@pytest.mark.parametrize("path", model_files("shapes"), ids=rel)
def test_every_term_in_shape_sparql_is_known(vocabulary: Vocabulary, path: Path) -> None:
    """The SPARQL of sh:sparql constraints names terms too; a typo there silently never matches."""
    g = Graph().parse(path, format="turtle")
    # A constraint's SPARQL sees the prefixes its shapes graph declares with sh:declare.
    declared = {str(p): str(ns) for decl in g.objects(None, SH.declare)
                for p in g.objects(decl, SH.prefix) for ns in g.objects(decl, SH.namespace)}
    problems: list[Problem] = []
    for key in SHAPE_SPARQL:
        for node, text in g.subject_objects(key):
            problems += vocabulary.check_query(str(text), f"{rel(path)} ({node.n3(g.namespace_manager)})", declared)
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("path", RQ_FILES, ids=rel)
def test_every_term_in_queries_is_known(vocabulary: Vocabulary, path: Path) -> None:
    problems = vocabulary.check_query(instantiated(path.read_text(encoding="utf-8")), rel(path))
    assert not problems, "\n".join(map(str, problems))


TYPO_TTL = """
@prefix ung: <https://w3id.org/ungass-kg/ontology#> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix sh:  <http://www.w3.org/ns/shacl#> .
<https://w3id.org/ungass-kg/id/activity/x> a ung:Activity ;
    dct:titel "A title" ;
    ung:leadEntiy <https://w3id.org/ungass-kg/id/entity/unodc> ;
    ung:participant <https://w3id.org/ungass-kg/id/entity/unodc> .
<https://w3id.org/ungass-kg/id/shape/x> sh:targetClass ung:Activty ;
    sh:property [ sh:path ( ung:statedQuantity ung:quantityKnd ) ] .
"""


def test_checker_reports_typos_in_data_and_shapes(vocabulary: Vocabulary) -> None:
    problems = vocabulary.check_graph(Graph().parse(data=TYPO_TTL, format="turtle"), "typo.ttl")
    found = {str(p.term) for p in problems}
    assert found == {str(UNG.leadEntiy), str(DCTERMS) + "titel", str(UNG.Activty), str(UNG.quantityKnd)}
    assert all(str(p).startswith("typo.ttl: <") for p in problems)


def test_checker_reports_typos_in_queries(vocabulary: Vocabulary) -> None:
    query = """SELECT ?a WHERE { ?a a ung:Activty ; ung:leadEntity/skos:prefLabl ?n ;
               ung:chapter <https://w3id.org/ungass-kg/id/chapter/1> ; dct:titel ?t .
               FILTER(?t != "x"^^xsd:strng) }"""
    found = {str(p.term) for p in vocabulary.check_query(query, "q.rq")}
    # The chapter is a thing, not a term: it is not checked.
    assert found == {str(UNG.Activty), str(SKOS) + "prefLabl", str(DCTERMS) + "titel", str(rns.XSD) + "strng"}


def test_checker_rejects_unknown_vocabularies(vocabulary: Vocabulary) -> None:
    g = Graph()
    g.add((URIRef("https://w3id.org/ungass-kg/id/entity/unodc"), URIRef("http://schema.org/name"), Literal("x")))
    assert [p.why for p in vocabulary.check_graph(g, "x")] == [
        "is in no reused vocabulary and not declared in ontology/*.ttl"
    ]


def test_checker_accepts_the_core_terms(vocabulary: Vocabulary) -> None:
    for term in (UNG.leadEntity, UNG.participant, UNG.Activity, DCTERMS.title, ORG.Membership,
                 PROV.atTime, VANN.preferredNamespacePrefix, QB.Observation):
        assert vocabulary.problem(term) is None, term


# ---------------------------------------------------------------------------
# Own terms are documented; the header is complete
# ---------------------------------------------------------------------------

CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)


def own_terms(g: Graph) -> set[URIRef]:
    return {t for t in declared_terms(g) if str(t).startswith(str(UNG))}


def test_own_terms_have_label_definition_and_defined_by() -> None:
    g = ontology_graph()
    terms = own_terms(g)
    assert len(terms) > 40
    missing = [
        f"{t.n3(g.namespace_manager)} lacks {what}"
        for t in sorted(terms)
        for what, p in (("rdfs:label", RDFS.label), ("skos:definition", SKOS.definition),
                        ("rdfs:isDefinedBy", RDFS.isDefinedBy))
        if (t, p, None) not in g
    ]
    assert not missing, "\n".join(missing)
    wrong_home = [t for t in terms if (t, RDFS.isDefinedBy, ONTOLOGY_IRI) not in g]
    assert not wrong_home


def test_own_properties_have_domain_and_range() -> None:
    g = ontology_graph()
    props = {t for t in own_terms(g) if any((t, RDF.type, k) in g for k in PROPERTY_TYPES)}
    assert UNG.leadEntity in props
    # Data Cube components attach to observations, slices or the data set (normalised form),
    # so they have no single domain; they still need a range.
    components = set(g.subjects(RDF.type, QB.DimensionProperty)) | set(g.subjects(RDF.type, QB.MeasureProperty)) \
        | set(g.subjects(RDF.type, QB.AttributeProperty))
    missing = [f"{p.n3(g.namespace_manager)} lacks {what}" for p in sorted(props)
               for what, k in (("rdfs:domain", RDFS.domain), ("rdfs:range", RDFS.range))
               if (p, k, None) not in g and not (k == RDFS.domain and p in components)]
    assert not missing, "\n".join(missing)


def test_conventions_terms_are_declared() -> None:
    """docs/conventions.md is the contract: every ung: term it names exists in the ontology."""
    text = (ROOT / "docs" / "conventions.md").read_text(encoding="utf-8")
    named = {UNG[m] for m in re.findall(r"`ung:([A-Za-z0-9]+)`", text)}
    undeclared = sorted(named - own_terms(ontology_graph()))
    assert not undeclared, undeclared


def test_lead_entity_is_a_participation() -> None:
    g = ontology_graph()
    assert (UNG.leadEntity, RDFS.subPropertyOf, UNG.participant) in g


def test_ontology_header() -> None:
    g = ontology_graph()
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in g
    for p in (OWL.versionIRI, DCTERMS.title, DCTERMS.description, DCTERMS.license, DCTERMS.creator):
        assert (ONTOLOGY_IRI, p, None) in g, p
    assert g.value(ONTOLOGY_IRI, VANN.preferredNamespacePrefix) == Literal("ung")
    assert g.value(ONTOLOGY_IRI, VANN.preferredNamespaceUri) == Literal(str(UNG))
    version = g.value(ONTOLOGY_IRI, OWL.versionIRI)
    assert isinstance(version, URIRef) and str(version).startswith(str(ONTOLOGY_IRI) + "/")


# ---------------------------------------------------------------------------
# OWL 2 RL: the ontology with all the data is consistent
# ---------------------------------------------------------------------------


def rl_errors(g: Graph) -> list[str]:
    """Run the OWL 2 RL closure and return owlrl's inconsistency messages and owl:Nothing members."""
    closed = Graph()
    closed += g
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False).expand(closed)
    errors = sorted(str(m) for m in closed.objects(None, OWLRL_ERROR))
    errors += [f"{s} is a member of owl:Nothing" for s in closed.subjects(RDF.type, OWL.Nothing)]
    return errors


def test_owl_rl_closure_of_ontology_and_data_is_consistent() -> None:
    g = load(model_files("ontology", "data"))
    errors = rl_errors(g)
    assert not errors, "\n".join(errors[:20])


def test_owl_rl_check_finds_a_clash() -> None:
    """The consistency test is not vacuous: a chapter used as a lead entity is a clash."""
    g = ontology_graph()
    act = URIRef("https://w3id.org/ungass-kg/id/activity/x")
    chapter = URIRef("https://w3id.org/ungass-kg/id/chapter/1")
    g.add((act, RDF.type, UNG.Activity))
    g.add((chapter, RDF.type, UNG.Chapter))
    g.add((act, UNG.leadEntity, chapter))
    errors = rl_errors(g)
    assert any("Disjoint" in e or "disjoint" in e for e in errors), errors


# ---------------------------------------------------------------------------
# docs/model.md: every worked query runs on the bundled store and answers correctly
# ---------------------------------------------------------------------------

DOC_QUERIES = dict(
    (m.group(2), m.group(1))
    for m in re.finditer(r"```sparql\n(.*?# example: ([\w-]+).*?)```", (ROOT / "docs" / "model.md").read_text(), re.S)
)
ENTITY = Namespace("https://w3id.org/ungass-kg/id/entity/")
CHAPTER_1 = URIRef("https://w3id.org/ungass-kg/id/chapter/1")


def test_model_doc_has_the_required_examples() -> None:
    required = {"unodc-led-with-who-chapter-1", "activities-by-chapter", "entity-participations",
                "members-of-the-task-team"}
    assert required <= set(DOC_QUERIES), sorted(DOC_QUERIES)


@pytest.mark.parametrize("name", sorted(DOC_QUERIES))
def test_model_doc_query_uses_known_terms(vocabulary: Vocabulary, name: str) -> None:
    problems = vocabulary.check_query(DOC_QUERIES[name], f"docs/model.md ({name})")
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.parametrize("name", sorted(DOC_QUERIES))
def test_model_doc_query_runs_on_the_bundled_store(bundled_store: EmbeddedStore, name: str) -> None:
    result = bundled_store.query(DOC_QUERIES[name])
    assert isinstance(result, SelectResult)
    if name != "submissions":  # the bundled store has no submissions; tested with a real one below
        assert result.rows, f"the documented query {name!r} finds nothing in the bundled data"
    if name == "activities-by-chapter":
        assert len(result.rows) == 7
        assert [str(r["notation"]) for r in result.rows] == ["I", "II", "III", "IV", "V", "VI", "VII"]
    if name == "entity-participations":
        assert len(result.rows) == 23  # every matrix entity, with or without activities


def note_activities() -> Graph:
    return load(model_files("data/activities"))


def test_unodc_led_with_who_in_chapter_1(bundled_store: EmbeddedStore) -> None:
    """The documented query agrees with the same question answered in Python over the activity files."""
    g = note_activities()
    if not any(g.subjects(RDF.type, UNG.Activity)):
        pytest.skip("no activities in data/activities yet")
    expected = {
        a for a in g.subjects(RDF.type, UNG.Activity)
        if (a, UNG.leadEntity, ENTITY.unodc) in g and (a, UNG.participant, ENTITY.who) in g
        and (a, UNG.chapter, CHAPTER_1) in g
    }
    got = {r["activity"] for r in bundled_store.query(DOC_QUERIES["unodc-led-with-who-chapter-1"]).rows}
    assert got == expected
    activity = Namespace("https://w3id.org/ungass-kg/id/activity/")
    # Paras 43 and 44: "in partnership with WHO and UNAIDS, UNODC ..." / "UNODC, jointly with WHO and UNAIDS".
    assert {activity["opioid-agonist-therapy-support"],
            activity["stimulant-drugs-hiv-hepatitis-capacity-building"]} <= got
    # Para 29: the Forum is led by WHO; para 36: the Youth Initiative is UNODC's alone.
    assert activity["forum-alcohol-drugs-addictive-behaviours"] not in got
    assert activity["youth-initiative-2023"] not in got


def test_model_doc_activity_is_the_stored_one() -> None:
    """The activity shown whole in docs/model.md is exactly the one in data/activities (no drift)."""
    text = (ROOT / "docs" / "model.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```turtle\n(.*?)```", text, re.S)
    assert len(blocks) == 1
    shown = Graph().parse(data=blocks[0], format="turtle")
    subjects = set(shown.subjects(RDF.type, UNG.Activity))
    assert len(subjects) == 1
    (subject,) = subjects
    stored = note_activities()
    if (subject, RDF.type, UNG.Activity) not in stored:
        pytest.fail(f"{subject} is shown in docs/model.md but no longer in data/activities")
    whole = Graph()
    todo: list[object] = [subject]
    while todo:  # the activity with its blank nodes (stated quantities)
        node = todo.pop()
        for _s, p, o in stored.triples((node, None, None)):  # type: ignore[arg-type]
            whole.add((node, p, o))  # type: ignore[arg-type]
            if isinstance(o, BNode):
                todo.append(o)
    assert isomorphic(whole, shown)


def test_a_real_submission_uses_known_terms_and_the_documented_query_finds_it(
    fresh_store: EmbeddedStore, vocabulary: Vocabulary
) -> None:
    """Submit the valid example for real; its activities and PROV record use only known terms."""
    from ungass_kg import bootstrap
    from ungass_kg.namespaces import SUBMISSIONS_GRAPH, submission_graph
    from ungass_kg.submissions import submit

    example = ROOT / "data" / "examples" / "unodc-2023-valid.csv"
    if not example.is_file():
        pytest.skip("no example submission yet")
    bootstrap.build(fresh_store)
    submit(fresh_store, example.read_bytes(), example.name, "UNODC", 2023)
    for graph in (SUBMISSIONS_GRAPH, submission_graph("unodc", 2023)):
        result = fresh_store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}")
        assert isinstance(result, GraphResult) and len(result.graph) > 0
        problems = vocabulary.check_graph(result.graph, str(graph))
        assert not problems, "\n".join(map(str, problems))
    result = fresh_store.query(DOC_QUERIES["submissions"])
    assert isinstance(result, SelectResult)
    rows = result.rows
    assert len(rows) == 1
    row = rows[0]
    assert str(row["acronym"]) == "UNODC" and str(row["period"]) == "2023" and str(row["file"]) == example.name
    assert str(row["sha256"]) == hashlib.sha256(example.read_bytes()).hexdigest()
    assert int(row["activities"]) > 0


def domain_range_problems(onto: Graph, data: Graph) -> list[str]:
    """Uses of own properties whose subject or object is not *stated* to be of the declared domain or range.

    The closed-world check the OWL RL run cannot do: OWL would silently infer the types, so a wrong
    link (an activity "led" by a chapter) would go unnoticed unless classes are disjoint.
    """

    def superclasses(c: object) -> set[object]:
        seen: set[object] = set()
        todo = [c]
        while todo:
            x = todo.pop()
            if x not in seen:
                seen.add(x)
                todo += list(onto.objects(x, RDFS.subClassOf))  # type: ignore[arg-type]
        return seen

    def stated(node: object) -> set[object]:
        return {s for t in data.objects(node, RDF.type) for s in superclasses(t)}  # type: ignore[arg-type]

    nm = onto.namespace_manager
    wrong = set()
    for p in own_terms(onto):
        for key, pick, role in ((RDFS.domain, 0, "subject"), (RDFS.range, 1, "object")):
            cls = onto.value(p, key)
            if cls is None or not str(cls).startswith(str(UNG)):
                continue  # W3C classes and datatypes: not ours to police here
            for pair in data.subject_objects(p):
                if cls not in stated(pair[pick]):
                    wrong.add(f"{pair[pick]} is {role} of {p.n3(nm)} but not stated to be a {cls.n3(nm)}")
    return sorted(wrong)


def test_data_uses_own_properties_between_their_domain_and_range() -> None:
    wrong = domain_range_problems(ontology_graph(), load(model_files("data")))
    assert not wrong, "\n".join(wrong[:30])


def test_domain_range_check_finds_a_wrong_link() -> None:
    act = URIRef("https://w3id.org/ungass-kg/id/activity/x")
    chapter = URIRef("https://w3id.org/ungass-kg/id/chapter/1")
    g = Graph()
    g.add((act, RDF.type, UNG.Activity))
    g.add((chapter, RDF.type, UNG.Chapter))
    g.add((act, UNG.leadEntity, chapter))
    g.add((act, UNG.chapter, chapter))  # a correct link: not reported
    assert domain_range_problems(ontology_graph(), g) == [
        f"{chapter} is object of ung:leadEntity but not stated to be a ung:Entity"
    ]
