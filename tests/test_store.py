"""The store layer behaves the same on embedded Oxigraph and on a real Virtuoso."""

from __future__ import annotations

import csv
import io

import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from ungass_kg.errors import InputError, QueryError, UserError
from ungass_kg.store import AskResult, GraphResult, SelectResult, Store
from ungass_kg.store.embedded import EmbeddedStore

G1 = "https://example.org/graph/one"
G2 = "https://example.org/graph/two"
EX = "https://example.org/"

TTL_ONE = f"""
@prefix ex: <{EX}> .
ex:a ex:name "Alpha"@en ; ex:count 3 ; ex:link ex:b .
ex:b ex:name "Beta" ; ex:part [ ex:value 7 ; ex:note "blank" ] .
"""
TTL_TWO = f"@prefix ex: <{EX}> . ex:c ex:name \"Gamma\" ."


def graph(ttl: str) -> Graph:
    return Graph().parse(data=ttl, format="turtle")


def dataset(store: Store) -> Dataset:
    buf = io.BytesIO()
    store.export(buf, "nquads")
    ds = Dataset()
    ds.parse(data=buf.getvalue(), format="nquads")
    return ds


def same_dataset(a: Dataset, b: Dataset) -> bool:
    names_a = {str(c.identifier) for c in a.graphs() if len(c)}
    names_b = {str(c.identifier) for c in b.graphs() if len(c)}
    return names_a == names_b and all(
        isomorphic(a.graph(URIRef(n)), b.graph(URIRef(n))) for n in names_a
    )


def test_apply_replaces_graphs_and_counts_them(any_store: Store) -> None:
    any_store.apply({G1: graph(TTL_ONE), G2: graph(TTL_TWO)})
    assert any_store.graphs() == [(G1, 7), (G2, 1)]
    any_store.replace_graph(G1, graph(TTL_TWO))  # replaces, does not add
    assert any_store.graphs() == [(G1, 1), (G2, 1)]


def test_queries_of_every_form(any_store: Store) -> None:
    any_store.apply({G1: graph(TTL_ONE), G2: graph(TTL_TWO)})
    sel = any_store.query(f"SELECT ?n WHERE {{ ?s <{EX}name> ?n }}")
    assert isinstance(sel, SelectResult)
    assert sorted(str(r["n"]) for r in sel.rows) == ["Alpha", "Beta", "Gamma"]
    assert Literal("Alpha", lang="en") in {r["n"] for r in sel.rows}
    count = any_store.query(f"SELECT ?c WHERE {{ <{EX}a> <{EX}count> ?c }}")
    assert isinstance(count, SelectResult) and count.rows[0]["c"].toPython() == 3
    ask = any_store.query(f"ASK {{ <{EX}a> <{EX}link> <{EX}b> }}")
    assert isinstance(ask, AskResult) and ask.value is True
    ask_no = any_store.query(f"ASK {{ <{EX}b> <{EX}link> <{EX}a> }}")
    assert isinstance(ask_no, AskResult) and ask_no.value is False
    con = any_store.query(f"CONSTRUCT {{ ?s <{EX}label> ?n }} WHERE {{ ?s <{EX}name> ?n }}")
    assert isinstance(con, GraphResult) and len(con.graph) == 3
    desc = any_store.query(f"DESCRIBE <{EX}c>")
    assert isinstance(desc, GraphResult)
    assert (URIRef(f"{EX}c"), URIRef(f"{EX}name"), Literal("Gamma")) in desc.graph


def test_query_restricted_to_named_default_graph(any_store: Store) -> None:
    any_store.apply({G1: graph(TTL_ONE), G2: graph(TTL_TWO)})
    res = any_store.query(f"SELECT ?n WHERE {{ ?s <{EX}name> ?n }}", default_graphs=[G2])
    assert isinstance(res, SelectResult)
    assert [str(r["n"]) for r in res.rows] == ["Gamma"]


def test_raw_results_in_standard_formats(any_store: Store) -> None:
    any_store.apply({G2: graph(TTL_TWO)})
    form, body = any_store.query_raw(f"SELECT ?n WHERE {{ ?s <{EX}name> ?n }}", "text/csv")
    assert form == "SELECT"
    assert list(csv.reader(io.StringIO(body.decode()))) == [["n"], ["Gamma"]]
    form, body = any_store.query_raw(f"CONSTRUCT WHERE {{ ?s <{EX}name> ?n }}", "text/turtle")
    assert form == "CONSTRUCT" and len(Graph().parse(data=body, format="turtle")) == 1


def test_drop_graph(any_store: Store) -> None:
    any_store.apply({G1: graph(TTL_ONE), G2: graph(TTL_TWO)})
    assert any_store.drop_graph(G1) is True
    assert any_store.graph_names() == {G2}
    assert any_store.drop_graph(G1) is False


def test_failed_write_leaves_the_store_as_it_was(any_store: Store) -> None:
    any_store.apply({G1: graph(TTL_ONE)})
    before = dataset(any_store)
    with pytest.raises(UserError):
        # The second graph is broken: the first must not be replaced either.
        any_store.apply({G1: graph(TTL_TWO), G2: b"<https://example.org/x> <broken"})
    assert same_dataset(dataset(any_store), before)
    assert any_store.graphs() == [(G1, 7)]


def test_version_changes_on_every_write(any_store: Store) -> None:
    v0 = any_store.version()
    any_store.apply({G1: graph(TTL_ONE)})
    v1 = any_store.version()
    any_store.drop_graph(G1)
    v2 = any_store.version()
    assert len({v0, v1, v2}) == 3


def test_export_then_restore_is_isomorphic(any_store: Store, tmp_path) -> None:
    any_store.apply({G1: graph(TTL_ONE), G2: graph(TTL_TWO)})
    original = dataset(any_store)
    for fmt in ("trig", "nquads"):
        buf = io.BytesIO()
        any_store.export(buf, fmt)  # type: ignore[arg-type]
        any_store.apply({G1: None, G2: graph(TTL_ONE)})
        assert any_store.restore(buf.getvalue(), fmt) == 8  # type: ignore[arg-type]
        assert same_dataset(dataset(any_store), original)
    other = EmbeddedStore(tmp_path / "other")
    buf = io.BytesIO()
    any_store.export(buf, "trig")
    other.restore(buf.getvalue(), "trig")
    assert same_dataset(dataset(other), original)


def test_restore_from_a_broken_dump_changes_nothing(any_store: Store) -> None:
    any_store.apply({G1: graph(TTL_ONE)})
    with pytest.raises(InputError, match="line 1"):
        any_store.restore(b"<https://example.org/a> <https://example.org/b> . <g> .\n", "nquads")
    assert any_store.graphs() == [(G1, 7)]


def test_malformed_query_is_a_query_error(any_store: Store) -> None:
    with pytest.raises(QueryError):
        any_store.query("SELECT ?x WHERE { ?x ")


def test_bound_variables_are_terms_not_text(any_store: Store) -> None:
    any_store.apply({G1: graph(TTL_ONE), G2: graph(TTL_TWO)})
    res = any_store.query(f"SELECT ?s ?n WHERE {{ ?s <{EX}name> ?n }}", bindings={"n": Literal("Gamma")})
    assert isinstance(res, SelectResult)
    assert [str(r["s"]) for r in res.rows] == [f"{EX}c"]
    hostile = any_store.query(f"SELECT ?s ?n WHERE {{ ?s <{EX}name> ?n }}",
                              bindings={"n": Literal('x" } ?s ?p ?o { "')})
    assert isinstance(hostile, SelectResult) and hostile.rows == []


def test_embedded_store_is_locked_against_a_second_writer(tmp_path) -> None:
    from ungass_kg.errors import StoreError

    first = EmbeddedStore(tmp_path / "kb")
    try:
        with pytest.raises(StoreError, match="in use by another process"):
            EmbeddedStore(tmp_path / "kb")
    finally:
        first.close()


def test_blank_nodes_of_separate_writes_stay_apart(any_store: Store) -> None:
    nt = b"_:b0 <https://example.org/p> \"%d\" .\n"
    any_store.apply({G1: nt % 1})  # a new graph (fast path on the embedded store)
    any_store.apply({G2: nt % 2})
    any_store.apply({G1: nt % 3})  # a replaced graph (the update path)
    res = any_store.query("SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s <https://example.org/p> ?o }")
    assert isinstance(res, SelectResult) and int(str(res.rows[0]["n"])) == 2
    assert any_store.graphs() == [(G1, 1), (G2, 1)]


def test_a_broken_new_graph_writes_nothing(any_store: Store) -> None:
    with pytest.raises(UserError):
        any_store.apply({G1: graph(TTL_ONE), G2: b"<https://example.org/x> <broken"})
    assert any_store.graphs() == []


def test_a_query_with_from_reads_only_that_graph(any_store: Store) -> None:
    any_store.apply({G1: graph(TTL_ONE), G2: graph(TTL_TWO)})
    res = any_store.query(f"SELECT ?n FROM <{G2}> WHERE {{ ?s <{EX}name> ?n }}")
    assert isinstance(res, SelectResult)
    assert [str(r["n"]) for r in res.rows] == ["Gamma"]
    # A keyword in a string is not a FROM clause: the union stays the default graph.
    res = any_store.query(f'SELECT ?n WHERE {{ ?s <{EX}name> ?n FILTER (?n != "FROM <{G2}>") }}')
    assert isinstance(res, SelectResult) and len(res.rows) == 3
