"""Every number of every figure, counted independently in plain Python over generated rows.

A few hundred random activities are generated (ungass_kg.synthetic keeps them as plain
rows), loaded into a real Oxigraph store, and the saved queries' results are compared
with counts made here by looping over the rows, with no SPARQL involved. The same runs
with parameters (years, chapter, entity, reach, inter-agency only).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pytest

from ungass_kg import queries, synthetic
from ungass_kg.namespaces import ID
from ungass_kg.store import AskResult, EmbeddedStore, Store
from ungass_kg.synthetic import Row

N, SEED = 400, 7
Numbers = dict[tuple[str, ...], tuple[object, ...]]  # dimension values -> measure values
ENTITIES = sorted(synthetic.MATRIX_ENTITIES)
CHAPTERS = range(1, 8)
PARAM_CASES = [
    {},
    {"from": "2019", "to": "2021"},
    {"chapter": "IV"},
    {"entity": "who"},
    {"reach": "country"},
    {"interagency": "true"},
    {"from": "2018", "reach": "global", "interagency": "true", "chapter": "1", "entity": "unodc"},
]


def e_iri(key: str) -> str:
    return str(ID[f"entity/{key}"])


def c_iri(n: int) -> str:
    return str(ID[f"chapter/{n}"])


def ia(r: Row) -> bool:
    return len(set(r.participants)) >= 2


def select(rows: list[Row], p: dict[str, str], *, use: set[str]) -> list[Row]:
    """The activities a query counts, given the parameters it treats as filters."""
    out = []
    chapter = queries.get("figure-1").param("chapter").term(p["chapter"]) if "chapter" in p else None
    for r in rows:
        if "from" in use and "from" in p and r.year < int(p["from"]):
            continue
        if "to" in use and "to" in p and r.year > int(p["to"]):
            continue
        if "reach" in use and "reach" in p and r.reach != p["reach"]:
            continue
        if "interagency" in use and p.get("interagency") == "true" and not ia(r):
            continue
        if "entity" in use and "entity" in p and p["entity"] not in r.participants:
            continue
        if "chapter" in use and chapter is not None and c_iri_n(str(chapter)) not in r.chapters:
            continue
        out.append(r)
    return out


def c_iri_n(iri: str) -> int:
    return int(iri.rsplit("/", 1)[-1])


def only(p: dict[str, str], key: str) -> set[str] | None:
    """Row restriction on a dimension (not a filter): the allowed IRIs."""
    if key not in p:
        return None
    q = queries.get("figure-1")
    return {str(q.param(key).term(p[key]))}


# ---------------------------------------------------------------- the independent counts

def expect_figure_1(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = select(rows, p, use={"from", "to", "reach", "interagency"})
    cnt = Counter((e, c) for r in sel for e in set(r.participants) for c in r.chapters)
    ents, chs = only(p, "entity"), only(p, "chapter")
    return {(e_iri(e), c_iri(c)): (cnt[(e, c)], cnt[(e, c)] > 0) for e in ENTITIES for c in CHAPTERS
            if (ents is None or e_iri(e) in ents) and (chs is None or c_iri(c) in chs)}


def expect_figure_2(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = select(rows, p, use={"from", "to", "reach", "interagency"})
    cnt = Counter((c, e) for r in sel for e in set(r.participants) for c in r.chapters)
    total = Counter()
    for (c, _e), n in cnt.items():
        total[c] += n
    ents, chs = only(p, "entity"), only(p, "chapter")
    return {(c_iri(c), e_iri(e)): (n, 100 * n / total[c]) for (c, e), n in cnt.items()
            if (ents is None or e_iri(e) in ents) and (chs is None or c_iri(c) in chs)}


def expect_figure_3(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = select(rows, p, use={"from", "to", "reach", "interagency", "entity"})
    cnt = Counter(c for r in sel for c in r.chapters)
    total = sum(cnt.values())
    chs = only(p, "chapter")
    return {(c_iri(c),): (n, 100 * n / total) for c, n in cnt.items() if chs is None or c_iri(c) in chs}


def expect_figure_4(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = select(rows, p, use={"from", "to", "reach", "entity"})
    cnt = Counter((c, ia(r)) for r in sel for c in r.chapters)
    total = Counter(c for r in sel for c in r.chapters)
    chs = only(p, "chapter")
    return {(c_iri(c), str(flag).lower()): (n, 100 * n / total[c]) for (c, flag), n in cnt.items()
            if chs is None or c_iri(c) in chs}


def expect_figure_4_leads(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = [r for r in select(rows, p, use={"from", "to", "reach", "chapter"}) if ia(r)]
    cnt = Counter(r.lead for r in sel)
    return {(e_iri(e),): (n, 100 * n / len(sel)) for e, n in cnt.items()}


def _pairs(r: Row) -> Iterator[tuple[str, str]]:
    yield from combinations(sorted(set(r.participants), key=e_iri), 2)


def expect_figure_5(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = select(rows, p, use={"from", "to", "reach", "chapter"})
    cnt = Counter(pair for r in sel for pair in _pairs(r))
    ent = p.get("entity")
    return {(e_iri(a), e_iri(b)): (n,) for (a, b), n in cnt.items() if ent is None or ent in (a, b)}


def expect_figure_5_chapters(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = select(rows, p, use={"from", "to", "reach"})
    cnt = Counter((c, pair) for r in sel for c in r.chapters for pair in _pairs(r))
    ent, chs = p.get("entity"), only(p, "chapter")
    return {(c_iri(c), e_iri(a), e_iri(b)): (n,) for (c, (a, b)), n in cnt.items()
            if (ent is None or ent in (a, b)) and (chs is None or c_iri(c) in chs)}


def expect_figure_6(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = select(rows, p, use={"from", "to", "entity"})
    cnt = Counter((c, r.reach) for r in sel for c in r.chapters)
    ia_cnt = Counter((c, r.reach) for r in sel for c in r.chapters if ia(r))
    total = Counter(c for r in sel for c in r.chapters)
    ia_total = Counter(c for r in sel for c in r.chapters if ia(r))
    chs = only(p, "chapter")
    return {(c_iri(c), str(ID[f"reach/{reach}"])): (
                n, 100 * n / total[c], ia_cnt[(c, reach)],
                100 * ia_cnt[(c, reach)] / ia_total[c] if ia_total[c] else 0)
            for (c, reach), n in cnt.items() if chs is None or c_iri(c) in chs}


def _chapters_per_entity(rows: list[Row], p: dict[str, str]) -> dict[str, set[int]]:
    sel = select(rows, p, use={"from", "to", "reach", "interagency"})
    cov: dict[str, set[int]] = {}
    for r in sel:
        for e in r.participants:
            cov.setdefault(e, set()).update(r.chapters)
    return cov


def expect_organisations_with_activity(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = select(rows, p, use={"from", "to", "reach", "interagency", "chapter"})
    return {(): (len({e for r in sel for e in r.participants}),)}


def expect_organisations_per_chapter(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = select(rows, p, use={"from", "to", "reach", "interagency"})
    ents: dict[int, set[str]] = {}
    for r in sel:
        for c in r.chapters:
            ents.setdefault(c, set()).update(r.participants)
    chs = only(p, "chapter")
    return {(c_iri(c),): (len(es),) for c, es in ents.items() if chs is None or c_iri(c) in chs}


def expect_organisations_in_all_chapters(rows: list[Row], p: dict[str, str]) -> Numbers:
    return {(e_iri(e),): (7,) for e, cs in _chapters_per_entity(rows, p).items() if len(cs) == 7}


def expect_chapter_coverage_ranking(rows: list[Row], p: dict[str, str]) -> Numbers:
    cov = {e: len(cs) for e, cs in _chapters_per_entity(rows, p).items()}
    return {(e_iri(e),): (n, 1 + sum(1 for m in cov.values() if m > n)) for e, n in cov.items()}


def expect_figure_6_map(rows: list[Row], p: dict[str, str]) -> Numbers:
    sel = select(rows, p, use={"from", "to", "chapter", "entity", "interagency"})
    cnt = Counter(a for r in sel for a in r.areas)
    joint = Counter(a for r in sel if ia(r) for a in r.areas)
    return {(str(ID[f"area/{a}"]),): (n, joint[a]) for a, n in cnt.items()}


EXPECT = {
    "figure-1": expect_figure_1, "figure-2": expect_figure_2, "figure-3": expect_figure_3,
    "figure-4": expect_figure_4, "figure-4-leads": expect_figure_4_leads, "figure-5": expect_figure_5,
    "figure-5-chapters": expect_figure_5_chapters, "figure-6": expect_figure_6,
    "organisations-with-activity": expect_organisations_with_activity,
    "organisations-per-chapter": expect_organisations_per_chapter,
    "organisations-in-all-chapters": expect_organisations_in_all_chapters,
    "chapter-coverage-ranking": expect_chapter_coverage_ranking,
    "figure-6-map": expect_figure_6_map,
}


# ---------------------------------------------------------------- the store side

@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return synthetic.generate_rows(N, SEED)


@pytest.fixture(scope="module")
def store(rows: list[Row], tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    s = EmbeddedStore(Path(tmp_path_factory.mktemp("counts")) / "store")
    data = synthetic.rows_to_ntriples(rows, include_register=True)
    s.apply({"https://w3id.org/ungass-kg/graph/test-synthetic": data,
             "https://w3id.org/ungass-kg/graph/test-programme": PROGRAMME})
    yield s
    s.close()


# A programme also takes chapters, a lead and participants (ung:Initiative), but it is not an
# activity: the figures must not count it, so every expected number below ignores it.
_P = "<https://w3id.org/ungass-kg/id/programme/test-programme>"
_U = "<https://w3id.org/ungass-kg/ontology#"
PROGRAMME = "\n".join([
    f"{_P} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> {_U}Programme> .",
    *(f"{_P} {_U}chapter> <{c_iri(n)}> ." for n in (1, 4, 7)),
    f"{_P} {_U}leadEntity> <{e_iri('unodc')}> .",
    *(f"{_P} {_U}participant> <{e_iri(e)}> ." for e in ("unodc", "who", "unaids")),
]).encode() + b"\n"


def test_the_programme_is_in_the_store(store: Store) -> None:
    res = store.query("ASK { ?p a <https://w3id.org/ungass-kg/ontology#Programme> ; "
                      "<https://w3id.org/ungass-kg/ontology#participant> ?e1, ?e2 FILTER (?e1 != ?e2) }")
    assert isinstance(res, AskResult) and res.value


def computed(store: Store, name: str, p: dict[str, str]) -> Numbers:
    """The saved query's result keyed by its dimension columns, valued by its measure columns."""
    q = queries.get(name)
    dims = [c.name for c in q.columns if c.role == "dimension"]
    measures = [c.name for c in q.columns if c.role == "measure"]
    out = {}
    for r in queries.run(store, q, p).rows:
        key = tuple(str(r[d]).lower() if r[d].__class__.__name__ == "Literal" else str(r[d]) for d in dims)
        assert key not in out, f"{name}: duplicate row for {key}"
        out[key] = tuple(r[m].toPython() for m in measures)  # type: ignore[union-attr]
    return out


def same(a: tuple[object, ...], b: tuple[object, ...]) -> bool:
    return len(a) == len(b) and all(
        abs(float(x) - float(y)) < 1e-9 if isinstance(x, int | float | Decimal) and not isinstance(x, bool)  # type: ignore[arg-type]
        else x == y for x, y in zip(a, b, strict=True))


def test_every_saved_query_has_an_independent_count() -> None:
    assert set(EXPECT) == {q.name for q in queries.catalog()}


def test_the_generated_rows_exercise_every_case(rows: list[Row]) -> None:
    # Otherwise the comparison below could pass on empty results.
    assert sum(ia(r) for r in rows) > 40 and sum(len(r.chapters) > 1 for r in rows) > 20
    assert {r.reach for r in rows} == {"global", "regional", "country"}
    assert len({r.year for r in rows}) == 7


@pytest.mark.parametrize("params", PARAM_CASES, ids=lambda p: ",".join(f"{k}={v}" for k, v in p.items()) or "all")
@pytest.mark.parametrize("name", sorted(EXPECT))
def test_saved_query_matches_the_independent_count(store: Store, rows: list[Row], name: str,
                                                   params: dict[str, str]) -> None:
    q = queries.get(name)
    p = {k: v for k, v in params.items() if k in {x.name for x in q.params}}
    want = EXPECT[name](rows, p)
    got = computed(store, name, p)
    assert set(got) == set(want), f"{name} {p}: rows differ: {sorted(set(got) ^ set(want))[:5]}"
    bad = {k: (got[k], want[k]) for k in want if not same(got[k], want[k])}
    assert not bad, f"{name} {p}: {len(bad)} numbers differ, e.g. {next(iter(bad.items()))}"
    if name != "organisations-in-all-chapters" or want:
        assert want, f"{name} {p}: the case counts nothing, so it tests nothing"
