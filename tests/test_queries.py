"""Saved queries: the header is complete, parameters are typed and bound, never pasted."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.plugins.sparql import prepareQuery

from ungass_kg import paths, queries, synthetic
from ungass_kg.errors import UserError
from ungass_kg.figures.table import rows
from ungass_kg.queries import ParamError, UnknownQuery
from ungass_kg.store import EmbeddedStore, SelectResult, Store

HOSTILE = ['1" } ; DROP ALL ; #', "unodc> } UNION { ?s ?p ?o }", "2020 } }", "true) (false",
           "who'}", "{", "}", "<https://evil.example/>", '"', "1..7", "VIII", "-1", "un odc"]


def test_catalog_lists_the_six_figures_and_the_headline_numbers() -> None:
    cat = queries.catalog()
    figs = {q.figure for q in cat if q.group == "figures"}
    assert figs == {1, 2, 3, 4, 5, 6}
    stats = {q.name for q in cat if q.group == "statistics"}
    assert stats == {"organisations-with-activity", "organisations-per-chapter",
                     "organisations-in-all-chapters", "chapter-coverage-ranking"}
    assert len({q.name for q in cat}) == len(cat)
    assert len(list((paths.sparql_dir() / "figures").glob("*.rq"))) >= 6


@pytest.mark.parametrize("q", queries.catalog(), ids=lambda q: q.name)
def test_header_describes_title_source_chart_and_every_column(q: queries.SavedQuery) -> None:
    assert q.title and q.description and q.source and q.chart is not None
    assert q.source_paragraphs and all(1 <= n <= 80 for n in q.source_paragraphs)
    # Every SELECT variable has a documented column, in the same order.
    select = re.search(r"^SELECT\s+(.*?)\s*$", q.text, re.M)
    assert select is not None
    projected = re.findall(r"(?:AS\s+)?\?(\w+)\)?", select.group(1))
    projected = [v for v in projected if not re.search(rf"\(\w+\(DISTINCT \?{v}|\(\w+\(\?{v}", select.group(1))]
    assert [c.name for c in q.columns] == projected
    assert any(c.role == "measure" for c in q.columns)
    for c in q.columns:
        assert c.meaning
        if c.role == "label":
            assert c.label_of in {x.name for x in q.columns}
    names = {c.name for c in q.columns}
    for key, ch in q.chart.channels.items():
        if key == "melt":
            assert {part.split("=")[0].strip() for part in ch.split(";")} <= names
        else:
            assert ch.lstrip("-") in names or ch.replace(".", "").isdigit()
    for p in q.params:
        assert p.description and p.allowed()


@pytest.mark.parametrize("q", queries.catalog(), ids=lambda q: q.name)
def test_query_parses_with_and_without_parameters(q: queries.SavedQuery) -> None:
    prepareQuery(q.text)
    values = {"year": "2020", "chapter": "2", "entity": "who", "reach": "global", "boolean": "true"}
    text, terms = q.bind({p.name: values[p.type] for p in q.params})
    prepareQuery(text)
    assert set(terms) == {p.name for p in q.params}


def test_values_are_bound_as_terms_in_values_blocks_only() -> None:
    q = queries.get("figure-1")
    text, terms = q.bind({"from": "2019", "chapter": "III", "entity": "UN-Women", "interagency": "yes"})
    assert terms["chapter"] == URIRef("https://w3id.org/ungass-kg/id/chapter/3")
    assert terms["entity"] == URIRef("https://w3id.org/ungass-kg/id/entity/un-women")
    assert terms["from"] == Literal(2019) and terms["interagency"] == Literal(True)
    # Outside the VALUES data rows the text is unchanged.
    strip = re.compile(r"VALUES\s*(\([^)]*\)|\?\w+)\s*\{[^}]*\}")
    assert strip.sub("VALUES", text) == strip.sub("VALUES", q.text)
    assert '"2019"^^<http://www.w3.org/2001/XMLSchema#integer>' in text


@pytest.mark.parametrize("value", HOSTILE)
@pytest.mark.parametrize("param", ["from", "chapter", "entity", "reach", "interagency"])
def test_hostile_values_are_refused_with_422_naming_the_parameter(param: str, value: str) -> None:
    q = queries.get("figure-1")
    with pytest.raises(ParamError) as e:
        q.bind({param: value})
    assert e.value.http_status == 422 and isinstance(e.value, UserError)
    assert f"parameter {param}" in str(e.value) and "use " in str(e.value)


def test_unknown_parameter_query_and_reversed_years_are_refused() -> None:
    q = queries.get("figure-3")
    with pytest.raises(ParamError, match="no parameter 'colour'"):
        q.bind({"colour": "red"})
    with pytest.raises(ParamError, match="after"):
        q.bind({"from": "2023", "to": "2018"})
    with pytest.raises(UnknownQuery, match="no saved query nope"):
        queries.get("nope")
    with pytest.raises(ParamError, match="2000 to 2100"):
        q.bind({"from": "1999"})


def test_a_string_parameter_with_quotes_and_braces_binds_as_an_inert_literal(tmp_path: Path) -> None:
    rq = tmp_path / "echo.rq"
    rq.write_text(
        "#+ title: Echo\n#+ description: returns the text\n#+ source: para 1\n"
        "#+ param: text | type: string | default: (all) | description: any text\n"
        "#+ chart: bar | x: n | y: text\n"
        "#+ column: text | string | the text\n#+ column: n | integer | one | measure ung:activityCount\n"
        "SELECT ?text ?n WHERE { VALUES ?text { UNDEF } BIND (1 AS ?n) }\n")
    q = queries.load(rq, "figures")
    store = EmbeddedStore(None)
    store.apply({"urn:g": synthetic.generate(3, include_register=True)})
    for value in ['a" } UNION { ?s ?p ?o } #', "x'}}", 'multi\nline "quoted" }', "\\\"}"]:
        text, _ = q.bind({"text": value})
        res = store.query(text)
        assert isinstance(res, SelectResult)
        assert [str(r["text"]) for r in res.rows] == [value]  # one row: the value itself, nothing else


@pytest.fixture
def small(tmp_path: Path) -> EmbeddedStore:
    s = EmbeddedStore(tmp_path / "small")
    s.apply({"urn:test": synthetic.generate(200, seed=3, include_register=True)})
    return s


def test_parameters_restrict_the_rows(small: EmbeddedStore) -> None:
    all_rows = queries.run(small, "figure-1").rows
    assert len(all_rows) == 23 * 7
    ch2 = queries.run(small, "figure-1", {"chapter": "II"}).rows
    assert len(ch2) == 23 and {str(r["chapter"]) for r in ch2} == {"https://w3id.org/ungass-kg/id/chapter/2"}
    assert {str(r["chapterLabel"]) for r in ch2} == {"Availability and access"}
    early = queries.run(small, "figure-3", {"to": "2018"}).rows
    late = queries.run(small, "figure-3", {"from": "2019"}).rows
    total = {str(r["chapter"]): int(r["activities"]) for r in queries.run(small, "figure-3").rows}  # type: ignore[call-overload]
    for c, n in total.items():
        e = next((int(r["activities"]) for r in early if str(r["chapter"]) == c), 0)  # type: ignore[call-overload]
        l_ = next((int(r["activities"]) for r in late if str(r["chapter"]) == c), 0)  # type: ignore[call-overload]
        assert e + l_ == n


def test_saved_queries_give_the_same_result_on_virtuoso(small: EmbeddedStore, any_store: Store) -> None:
    """VALUES-based binding is plain SPARQL 1.1: a remote store computes the same numbers."""
    any_store.apply({"https://w3id.org/ungass-kg/graph/test": synthetic.generate(200, seed=3, include_register=True)})
    for q in queries.catalog():
        for params in ({}, {p.name: v for p, v in ((p, {"year": "2019", "chapter": "1", "entity": "unodc",
                                                        "reach": "country", "boolean": "true"}[p.type])
                                                     for p in q.params) if p.name in ("from", "chapter")}):
            want = _canon(q, queries.run(small, q, params))
            got = _canon(q, queries.run(any_store, q, params))
            assert got == want, f"{q.name} {params} on {any_store.kind}"


def _canon(q: queries.SavedQuery, res: SelectResult) -> list[tuple[tuple[str, str], ...]]:
    """Rows as comparable text: numbers to 6 places, booleans as the figures read them (0/1 or false/true)."""
    table = rows(res, q.columns)

    def cell(t: object) -> str:
        if isinstance(t, bool):
            return str(t)
        if isinstance(t, float):
            return f"{t:.6f}"
        return str(t)
    return sorted(tuple(sorted((k, cell(v)) for k, v in r.items())) for r in table)

