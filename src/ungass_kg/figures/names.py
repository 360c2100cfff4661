"""The data's names in a chart's language: countries' ``skos:prefLabel`` in ``lang``.

The saved queries label their rows in English (their CSV, JSON and Data Cube are the same in
every language). A chart in another language shows a row's name in that language where the store
has one (the countries' names from pycountry's ISO 3166-1 translations, data/reference/areas.ttl);
names without a translation (entities, chapters, the note's regions) stay English.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from rdflib import Literal, URIRef

from .. import i18n
from ..queries import Column
from ..store import SelectResult, Store
from .table import Value

Names = dict[str, tuple[str, str]]  # IRI -> (English name, name in the chart's language)
_IRI = re.compile(r'https?://[^<>"\s{}|\\^`]+')  # what may go between <> in the query's VALUES


def names_in(store: Store, iris: Iterable[str], lang: str) -> Names:
    """The English and the ``lang`` ``skos:prefLabel`` of each of ``iris`` that has both."""
    wanted = sorted({i for i in iris if _IRI.fullmatch(i)})
    if not wanted or lang == i18n.DEFAULT or lang not in i18n.LANGUAGES:
        return {}
    values = " ".join(f"<{i}>" for i in wanted)
    res = store.query(
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        f"SELECT ?x ?en ?name WHERE {{ VALUES ?x {{ {values} }} ?x skos:prefLabel ?en, ?name "
        f'FILTER (LANG(?en) = "en" && LANG(?name) = "{lang}") }}')
    assert isinstance(res, SelectResult)
    out: Names = {}
    for r in res.rows:
        x, en, name = r.get("x"), r.get("en"), r.get("name")
        if isinstance(x, URIRef) and isinstance(en, Literal) and isinstance(name, Literal):
            out.setdefault(str(x), (str(en), str(name)))
    return out


def labelled_iris(rows: list[dict[str, Value]], columns: tuple[Column, ...]) -> set[str]:
    """The IRIs that label columns name (the rows' things)."""
    return {str(r[c.label_of]) for c in columns if c.label_of for r in rows if r.get(c.label_of)}


def relabel(rows: list[dict[str, Value]], columns: tuple[Column, ...], names: Names) -> list[dict[str, Value]]:
    """``rows`` with each label that is its thing's English name replaced by the translated name
    (a code or another label column is left as it is)."""
    if not names:
        return rows
    labels = [c for c in columns if c.label_of]
    out = []
    for r in rows:
        new = dict(r)
        for c in labels:
            pair = names.get(str(r.get(c.label_of)))
            if pair and r.get(c.name) == pair[0]:
                new[c.name] = pair[1]
        out.append(new)
    return out
