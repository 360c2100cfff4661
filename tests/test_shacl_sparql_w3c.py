"""The W3C SHACL-SPARQL suite (data-shapes ``tests/sparql``) through the fast path.

The files are read from ``../shared/conformance/shacl/sparql`` (or ``$UNGASS_KG_CONFORMANCE``),
one test per case: every ``.ttl`` case in the folder (the 22 of the manifest and
``nodeValidator-001``, which the folder holds but the manifest leaves out). Each case's data
graph and shapes graph go into an in-memory Oxigraph store and :class:`SparqlValidator`
runs them; the results must match the case's expected report (a ``sht:Failure`` case must be
refused). The last test states how many cases ran set-at-a-time.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF
from rdflib.term import Node

from ungass_kg.namespaces import SH
from ungass_kg.validate.sparql import SHAPES_GRAPH, ShapeError, SparqlValidator, Stats, load_graph

from .w3c_suites import conformance_dir, must_run

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
FOLDER = (conformance_dir() or Path("missing")) / "shacl" / "sparql"
CASES = sorted(p for p in FOLDER.glob("*/*.ttl") if p.name != "manifest.ttl")
COMPARED = (SH.focusNode, SH.resultPath, SH.value, SH.resultSeverity, SH.sourceShape,
            SH.sourceConstraintComponent, SH.sourceConstraint, SH.resultMessage)


def test_the_suite_is_there_when_it_must_be() -> None:
    if not CASES:
        if must_run():
            pytest.fail("the W3C SHACL suite is missing: set UNGASS_KG_CONFORMANCE to the folder holding shacl/")
        pytest.skip("no W3C conformance suites on this machine (set UNGASS_KG_CONFORMANCE)")
    assert len(CASES) == 23


def run_case(path: Path) -> tuple[Graph, Node, list[dict[URIRef, Node | str | None]] | ShapeError, Stats]:
    g = Graph().parse(path, format="turtle", publicID=path.as_uri())
    entry = next(g.subjects(RDF.type, URIRef(SHT + "Validate")))
    store = ox.Store()
    load_graph(store, g)  # the data graph and the shapes graph are the same file
    load_graph(store, g, SHAPES_GRAPH)
    validator = SparqlValidator(g, store)
    try:
        results = validator.run()
    except ShapeError as e:
        return g, entry, e, validator.stats
    rows = [{SH.focusNode: r.focus, SH.resultPath: r.path, SH.value: r.value, SH.resultSeverity: r.severity,
             SH.sourceShape: r.shape, SH.sourceConstraintComponent: r.component, SH.sourceConstraint: r.constraint,
             SH.resultMessage: r.message} for r in results]
    return g, entry, rows, validator.stats


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_shacl_sparql_case(path: Path) -> None:
    g, entry, got, _stats = run_case(path)
    expected = g.value(entry, URIRef(MF + "result"))
    if expected == URIRef(SHT + "Failure"):
        assert isinstance(got, ShapeError), f"{path.name}: the spec forbids this query, but it ran"
        return
    assert not isinstance(got, ShapeError), str(got)
    assert str(g.value(expected, SH.conforms)).lower() == str(not got).lower()
    want = [{p: g.value(r, p) for p in COMPARED if g.value(r, p) is not None} for r in g.objects(expected, SH.result)]
    assert len(got) == len(want), (got, want)
    unused = list(got)
    for w in want:  # each expected result matches one result on every property it states
        hit = next((a for a in unused if all(str(a[k]) == str(v) for k, v in w.items())), None)
        assert hit is not None, f"no result like {w} in {got}"
        unused.remove(hit)


def test_most_cases_run_set_at_a_time() -> None:
    """Not a fast path that falls back everywhere: the cases that ran, counted by how."""
    stats = {f"{p.parent.name}/{p.stem}": run_case(p)[3] for p in CASES}
    set_at_a_time = sorted(k for k, s in stats.items() if s.set_at_a_time and not s.per_node)
    per_node = sorted(k for k, s in stats.items() if s.per_node)
    # the four cases whose $this is read inside a nested group, UNION branch or sub-select
    assert per_node == [f"pre-binding/pre-binding-00{n}" for n in (2, 3, 5, 7)]
    assert len(set_at_a_time) == 12
