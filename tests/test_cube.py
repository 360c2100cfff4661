"""Data Cubes: every generated cube and the published numbers pass the W3C checks IC-1..IC-21,
and the checks do catch broken cubes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF

from ungass_kg import figures, paths, queries, synthetic
from ungass_kg.figures.checks import checks, violations
from ungass_kg.namespaces import ID, QB, UNG
from ungass_kg.store import EmbeddedStore


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    s = EmbeddedStore(tmp_path_factory.mktemp("cube") / "store")
    s.apply({"urn:test": synthetic.generate(300, seed=11, include_register=True)})
    return s


def test_all_twenty_one_checks_are_ask_queries() -> None:
    found = checks()
    assert [c.name for c in found] == [f"ic-{i:02d}" for i in range(1, 22)]
    for c in found:
        assert c.title.startswith(f"IC-{int(c.name[3:])} ") and "ASK" in c.text


@pytest.mark.parametrize("name", [q.name for q in queries.catalog()])
def test_every_generated_cube_is_well_formed(store: EmbeddedStore, name: str) -> None:
    fig = figures.build(store, name)
    cube = fig.cube()
    datasets = list(cube.subjects(RDF.type, QB.DataSet))
    assert len(datasets) == 1
    obs = list(cube.subjects(RDF.type, QB.Observation))
    assert len(obs) == len(fig.rows) > 0
    assert violations(cube) == []


def test_cube_observations_carry_the_figure_numbers(store: EmbeddedStore) -> None:
    fig = figures.build(store, "figure-3")
    cube = fig.cube()
    ch1 = URIRef(ID["dataset/figure-3/obs/1"])
    row = next(r for r in fig.rows if str(r["chapter"]).endswith("/chapter/1"))
    assert cube.value(ch1, UNG.activityCount) == Literal(row["activities"])
    assert abs(float(cube.value(ch1, UNG.share)) - float(row["share"])) < 1e-5  # type: ignore[arg-type]
    assert cube.value(ch1, UNG.refChapter) == URIRef(ID["chapter/1"])
    ds = URIRef(ID["dataset/figure-3"])
    para22 = URIRef(ID["document/inter-agency-note-2024/para/22"])
    assert (ds, URIRef("http://purl.org/dc/terms/source"), para22) in cube


def test_the_published_numbers_are_well_formed_cubes() -> None:
    g = Graph()
    for f in sorted((paths.data_dir() / "published").glob("*.ttl")):
        g.parse(f)
    g.parse(paths.ontology_dir() / "cube.ttl")
    assert len(list(g.subjects(RDF.type, QB.DataSet))) >= 8
    assert violations(g) == []
    # Every published observation cites its paragraph; approximate ones say how the note words them.
    for o in g.subjects(RDF.type, QB.Observation):
        assert "/para/" in str(g.value(o, URIRef("http://purl.org/dc/terms/source")))
        if g.value(o, UNG.isApproximate) == Literal(True):
            assert g.value(o, UNG.statedAs) is not None


def _broken(store: EmbeddedStore) -> Graph:
    return figures.build(store, "figure-2").cube()


def test_checks_catch_a_missing_dimension(store: EmbeddedStore) -> None:
    g = _broken(store)
    o = next(g.subjects(RDF.type, QB.Observation))
    g.remove((o, UNG.refEntity, None))
    assert any(v.startswith("IC-11") for v in violations(g))


def test_checks_catch_duplicate_observations(store: EmbeddedStore) -> None:
    g = _broken(store)
    o = next(g.subjects(RDF.type, QB.Observation))
    twin = URIRef(str(o) + "-twin")
    for p, v in list(g.predicate_objects(o)):
        g.add((twin, p, v))
    assert any(v.startswith("IC-12") for v in violations(g))


def test_checks_catch_a_missing_measure_and_a_code_outside_its_list(store: EmbeddedStore) -> None:
    g = _broken(store)
    o = next(g.subjects(RDF.type, QB.Observation))
    g.remove((o, UNG.share, None))
    g.set((o, UNG.refChapter, URIRef(ID["chapter/99"])))
    found = violations(g)
    assert any(v.startswith("IC-14") for v in found) and any(v.startswith("IC-19") for v in found)


def test_checks_catch_two_data_sets_and_a_structure_without_measures(store: EmbeddedStore) -> None:
    g = _broken(store)
    o = next(g.subjects(RDF.type, QB.Observation))
    g.add((o, QB.dataSet, URIRef("urn:another")))
    dsd = BNode()
    g.add((URIRef("urn:another"), QB.structure, dsd))
    g.add((dsd, RDF.type, QB.DataStructureDefinition))
    found = violations(g)
    assert any(v.startswith("IC-1 ") for v in found) and any(v.startswith("IC-3 ") for v in found)


def test_hierarchy_checks_run_for_each_parent_child_property(tmp_path: Path) -> None:
    g = Graph()
    ttl = """@prefix qb: <http://purl.org/linked-data/cube#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix ex: <urn:ex:> .
    ex:ds a qb:DataSet ; qb:structure ex:dsd .
    ex:dsd a qb:DataStructureDefinition ; qb:component [ qb:dimension ex:area ], [ qb:measure ex:n ] .
    ex:area a qb:DimensionProperty ; rdfs:range skos:Concept ; qb:codeList ex:list .
    ex:n a qb:MeasureProperty ; rdfs:range rdfs:Literal .
    ex:list a qb:HierarchicalCodeList ; qb:hierarchyRoot ex:world ; qb:parentChildProperty skos:narrower .
    ex:world skos:narrower ex:europe .
    ex:o1 a qb:Observation ; qb:dataSet ex:ds ; ex:area ex:europe ; ex:n 1 .
    ex:o2 a qb:Observation ; qb:dataSet ex:ds ; ex:area ex:mars ; ex:n 2 .
    """
    g.parse(data=ttl, format="turtle")
    assert any(v.startswith("IC-20") for v in violations(g))
    g.remove((URIRef("urn:ex:o2"), None, None))
    assert not any(v.startswith("IC-20") for v in violations(g))
