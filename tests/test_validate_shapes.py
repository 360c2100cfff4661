"""The shapes themselves: every rule explains itself, and the registers conform to their shapes."""

from __future__ import annotations

import pyshacl
from rdflib import Graph
from rdflib.namespace import RDF, RDFS

from ungass_kg.namespaces import REFERENCE_GRAPH, SH
from ungass_kg.store import EmbeddedStore, GraphResult
from ungass_kg.validate import core
from ungass_kg.validate.shapes import activity_shapes, register_shapes


def _shapes(g: Graph) -> set:
    return set(g.subjects(RDF.type, SH.NodeShape)) | set(g.subjects(RDF.type, SH.PropertyShape))


def test_every_shape_has_a_message_and_a_severity() -> None:
    for g in (activity_shapes(), register_shapes()):
        for shape in _shapes(g):
            if {p for p, _ in g.predicate_objects(shape)} <= {RDF.type, SH.property, SH.targetClass,
                                                                 RDFS.label, RDFS.comment}:
                continue  # a node shape that only groups property shapes
            constraints = [c for c in g.objects(shape, SH.sparql)] or [shape]
            assert all(g.value(c, SH.message) for c in constraints), shape
            assert g.value(shape, SH.severity) in (SH.Violation, SH.Warning, SH.Info), shape


def test_property_shapes_carry_name_and_description() -> None:
    for g in (activity_shapes(), register_shapes()):
        for shape in g.subjects(RDF.type, SH.PropertyShape):
            assert g.value(shape, SH.name) and g.value(shape, SH.description), shape


def test_every_core_shape_is_compiled_and_the_sparql_rules_stay_sparql() -> None:
    """The activity shapes need no pySHACL: every Core shape compiles, the six rules run in .sparql."""
    g = activity_shapes()
    checks, rest = core.split(g)
    assert not core.has_shapes(rest)
    assert {s for s in _shapes(g) if (s, SH.sparql, None) not in g} == {c.shape for c in checks}
    rules = {str(c).rsplit("#", 1)[-1] for c in g.objects(None, SH.sparql)}
    assert rules == {"lead-is-participant", "duplicate-in-submission", "duplicate-in-store", "duplicate-of-submission",
                     "country-reach-names-a-country", "regional-reach-names-an-area"}
    selects = [str(g.value(c, SH.select)).strip().upper() for c in g.objects(None, SH.sparql)]
    assert all(s.startswith("SELECT $THIS") for s in selects)


def test_a_shape_mixing_core_and_sparql_keeps_its_core_constraints() -> None:
    g = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:minCount 1 ; sh:message "m" ;
            sh:sparql [ sh:select "SELECT $this WHERE { $this ex:q 1 }" ] .""", format="turtle")
    checks, rest = core.split(g)
    assert not checks  # left to pySHACL whole, without its sh:sparql (run by .sparql)
    assert (None, SH.minCount, None) in rest and (None, SH.sparql, None) not in rest


def test_year_bound_is_this_year() -> None:
    import datetime as dt

    maxes = [int(str(o)) for o in activity_shapes().objects(None, SH.maxInclusive)]
    assert maxes == [dt.date.today().year]


def test_registers_conform_to_their_shapes(bundled_store: EmbeddedStore) -> None:
    res = bundled_store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{REFERENCE_GRAPH}> {{ ?s ?p ?o }} }}")
    assert isinstance(res, GraphResult)
    onto = bundled_store.query("CONSTRUCT { ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b } "
                               "WHERE { GRAPH <https://w3id.org/ungass-kg/graph/ontology> "
                               "{ ?a <http://www.w3.org/2000/01/rdf-schema#subClassOf> ?b } }")
    assert isinstance(onto, GraphResult)
    data = res.graph + onto.graph
    conforms, report, text = pyshacl.validate(data, shacl_graph=register_shapes(), inference="none",
                                              allow_warnings=True)
    assert conforms, text
    # the shapes really apply: the report has warnings about register entries (e.g. names the note omits)
    assert (None, SH.resultSeverity, SH.Warning) in report
