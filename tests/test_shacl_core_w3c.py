"""The W3C SHACL Core cases (data-shapes ``tests/core``) whose shapes the compiler takes whole,
through the compiled path (validate/core.py) on Oxigraph.

Read from ``../shared/conformance/shacl/core`` (or ``$UNGASS_KG_CONFORMANCE``). A case is in
the sample when every shape in it compiles (the components of validate/core.py, IRI paths);
the others are pySHACL's. The W3C expected reports state no messages, so the cases compile
shapes without ``sh:message`` here (the engine itself sends those to pySHACL).
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from ungass_kg.namespaces import SH
from ungass_kg.validate import core
from ungass_kg.validate.sparql import load_graph

from .w3c_suites import conformance_dir, must_run

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"
FOLDER = (conformance_dir() or Path("missing")) / "shacl" / "core"


def _case(path: Path) -> tuple[Graph, URIRef] | None:
    if path.name == "manifest.ttl" or path.stem.endswith(("-data", "-shapes")):
        return None
    g = Graph().parse(path, format="turtle", publicID=path.as_uri())
    entry = next(g.subjects(RDF.type, URIRef(SHT + "Validate")), None)
    action = g.value(entry, URIRef(MF + "action")) if entry is not None else None
    if action is None or g.value(action, URIRef(SHT + "dataGraph")) != URIRef(path.as_uri()):
        return None
    checks, rest = core.split(g, ill_typed=_ill_typed(g), require_message=False)
    return (g, entry) if checks and not core.has_shapes(rest) else None  # type: ignore[return-value]


def _ill_typed(g: Graph) -> bool:
    return any(isinstance(o, Literal) and o.ill_typed for o in g.objects())


CASES = sorted(p for p in FOLDER.glob("*/*.ttl") if _case(p) is not None)


def test_the_sample_is_there_when_it_must_be() -> None:
    if not FOLDER.is_dir():
        if must_run():
            pytest.fail("the W3C SHACL suite is missing: set UNGASS_KG_CONFORMANCE to the folder holding shacl/")
        pytest.skip("no W3C conformance suites on this machine (set UNGASS_KG_CONFORMANCE)")
    names = {p.stem for p in CASES}
    assert {"minCount-001", "maxCount-001", "class-001", "maxInclusive-001", "maxExclusive-001"} <= names


@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_core_case_through_the_compiled_path(path: Path) -> None:
    found = _case(path)
    assert found is not None
    g, entry = found
    checks, _rest = core.split(g, ill_typed=_ill_typed(g), require_message=False)
    store = ox.Store()
    load_graph(store, g)
    got = sorted((str(r.focus), str(r.path), str(r.value), str(r.shape), str(r.component), str(r.severity))
                 for r in core.run(checks, store))
    expected = g.value(entry, URIRef(MF + "result"))
    want = sorted((str(g.value(r, SH.focusNode)), str(g.value(r, SH.resultPath)), str(g.value(r, SH.value)),
                   str(g.value(r, SH.sourceShape)), str(g.value(r, SH.sourceConstraintComponent)),
                   str(g.value(r, SH.resultSeverity))) for r in g.objects(expected, SH.result))
    assert got == want
