"""/activities: facet counts and rows equal SPARQL counts for the same filter; search ignores
case and accents; the state is in the URL; CSV and XLSX hold labels, codes and IRIs."""

from __future__ import annotations

import csv
import io

import pytest
import requests
from openpyxl import load_workbook

from tests.conftest import LiveServer
from ungass_kg import queries
from ungass_kg.explore import activities, filters, search, table
from ungass_kg.namespaces import sparql_prologue
from ungass_kg.queries.params import ParamError
from ungass_kg.store import EmbeddedStore, SelectResult

ID = "https://w3id.org/ungass-kg/id/"
TEXT = '{ ?a dct:title ?t } UNION { ?a dct:description ?t } FILTER(CONTAINS(LCASE(STR(?t)), "prevention"))'


def sparql_count(store: EmbeddedStore, where: str) -> int:
    res = store.query(sparql_prologue() + f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ ?a a ung:Activity . {where} }}")
    assert isinstance(res, SelectResult)
    return int(str(res.rows[0]["n"]))


@pytest.mark.parametrize(("params", "where"), [
    ({}, ""),
    ({"chapter": "1"}, f"?a ung:chapter <{ID}chapter/1> ."),
    ({"entity": "who"}, f"?a ung:participant <{ID}entity/who> ."),
    ({"lead": "who", "reach": "global"}, f"?a ung:leadEntity <{ID}entity/who> ; ung:reach <{ID}reach/global> ."),
    ({"chapter": "1", "q": "prevention"}, f"?a ung:chapter <{ID}chapter/1> . {TEXT}"),
    ({"q": "PREVENTION"}, TEXT),
    ({"from": "2020", "to": "2023"}, "?a ung:reportingYear ?y FILTER(?y >= 2020 && ?y <= 2023)"),
    ({"area": "004"}, f"?a ung:area <{ID}area/004> ."),
])
def test_totals_equal_an_independent_sparql_count(bundled_store: EmbeddedStore, params: dict[str, str],
                                                  where: str) -> None:
    f = filters.parse(params)
    total, _ = activities.counts(bundled_store, f)
    want = sparql_count(bundled_store, where)
    assert total == want == activities.count(bundled_store, f) == len(table.build(bundled_store, f).rows)
    assert want > 0


@pytest.mark.parametrize("params", [{}, {"q": "hiv"}, {"reach": "country"}])
def test_every_facet_count_is_the_count_of_the_narrower_filter(bundled_store: EmbeddedStore,
                                                               params: dict[str, str]) -> None:
    base = filters.parse(params)
    _, facets = activities.counts(bundled_store, base)
    checked = 0
    interagency = {v.value: v.count for v in next(fa for fa in facets if fa.key == "interagency").values}
    assert sum(interagency.values()) == activities.count(bundled_store, base)
    for fa in facets:
        for v in fa.values:
            change = ({"from": v.value, "to": v.value} if fa.key == "year" else {fa.key: v.value})
            narrower = filters.parse({**base.params(), **change})
            assert activities.count(bundled_store, narrower) == v.count, (fa.key, v.value)
            checked += 1
    assert checked > 10


def test_facet_counts_equal_the_saved_figure_3_counts(bundled_store: EmbeddedStore) -> None:
    """Figure 3 counts the activities under each chapter (for entity=who: those WHO takes part in)."""
    result = queries.run(bundled_store, queries.get("figure-3"), {"entity": "who"})
    _, facets = activities.counts(bundled_store, filters.parse({"entity": "who"}))
    chapter_counts = {v.iri: v.count for v in next(fa for fa in facets if fa.key == "chapter").values}
    assert result.rows
    for row in result.rows:
        assert chapter_counts[str(row["chapter"])] == int(str(row["activities"]))


def test_search_ignores_case_and_accents() -> None:
    assert search.fold("PRÉVENTION de l'Abus") == search.fold("prevention DE L'ABUS")
    assert search.terms("  Drug   Ü ") == ["drug", "u"]


def test_search_matches_every_word(bundled_store: EmbeddedStore) -> None:
    both = set(search.search(bundled_store, "hiv prisons"))
    assert both and both <= set(search.search(bundled_store, "hiv")) & set(search.search(bundled_store, "prisons"))
    assert search.search(bundled_store, "HIV Prisons") == search.search(bundled_store, "hív prísons")


def test_bad_parameters_name_the_parameter() -> None:
    for params, word in (({"chapter": "9"}, "chapter"), ({"reach": "moon"}, "reach"), ({"from": "20x"}, "from"),
                         ({"entity": "a b"}, "entity"), ({"sort": "x"}, "sort"), ({"page": "0"}, "page")):
        with pytest.raises(ParamError, match=word):
            filters.parse(params)


def test_state_round_trips_through_the_url() -> None:
    f = filters.parse({"q": "hiv", "chapter": "IV", "interagency": "yes", "from": "2019", "sort": "-year", "page": "2"})
    assert f.params() == {"q": "hiv", "chapter": "4", "from": "2019", "interagency": "true", "sort": "-year",
                          "page": "2"}
    assert filters.parse(f.params()) == f


def test_pages_do_not_overlap_and_sort(bundled_store: EmbeddedStore) -> None:
    f = filters.parse({"sort": "-year"})
    first = activities.page(bundled_store, f, size=10)
    second = activities.page(bundled_store, filters.parse({"sort": "-year", "page": "2"}), size=10)
    assert len(first) == len(second) == 10
    assert not {a["iri"] for a in first} & {a["iri"] for a in second}
    years = [int(a["year"]) for a in first + second if a["year"]]
    assert years == sorted(years, reverse=True)


def test_csv_xlsx_and_json_over_http(live_server: LiveServer) -> None:
    r = requests.get(live_server.url + "/activities.csv", params={"chapter": "1"}, timeout=30)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    header = rows[0]
    assert header[:4] == ["Title", "Description", "Chapters", "Chapters (code)"] and header[-1] == "IRI"
    assert len(rows) - 1 == 20  # the 2024 note's activities under chapter 1
    ch = header.index("Chapters (code)")
    assert all("1" in row[ch].split("; ") for row in rows[1:])
    assert all(row[-1].startswith(ID + "activity/") for row in rows[1:])
    lead = rows[1][header.index("Lead entity (code)")]
    assert lead and lead == lead.lower()
    x = requests.get(live_server.url + "/activities.xlsx", params={"chapter": "1"}, timeout=30)
    ws = load_workbook(io.BytesIO(x.content)).active
    assert ws is not None and ws.max_row == 21 and [c.value for c in ws[1]] == header
    j = requests.get(live_server.url + "/activities.json", params={"chapter": "1", "q": "Prevention"},
                     timeout=30).json()
    assert j["total"] == len(j["activities"]) == 5 and j["filter"] == {"q": "Prevention", "chapter": "1"}
    chapter_facet = {v["value"]: v["count"] for v in j["facets"]["chapter"]}
    assert chapter_facet["1"] == 5


def test_html_page_and_errors(live_server: LiveServer) -> None:
    r = requests.get(live_server.url + "/activities", params={"entity": "who", "q": "naloxone"},
                     headers={"Accept": "text/html"}, timeout=30)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert "S-O-S multisite study of community-based naloxone" in r.text
    assert '/activities?q=naloxone"' in r.text  # removing the entity filter keeps the search
    assert "entity: WHO" in r.text
    bad = requests.get(live_server.url + "/activities.csv", params={"chapter": "9"}, timeout=30)
    assert bad.status_code == 422 and "chapter" in bad.text
    assert requests.get(live_server.url + "/activities.pdf", timeout=30).status_code == 406
