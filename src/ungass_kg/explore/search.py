"""Text search over activity titles and descriptions: case- and accent-insensitive.

SPARQL can match case-insensitively (``LCASE``) but has no function that drops accents, and
a ``REGEX`` over every title for every facet query is slow. So the titles and descriptions
are read once per store version (one SPARQL query) into an index of folded text: lower
case, accents removed, in every language the data holds. A search returns the matching
activity IRIs; the facet counts and the result pages are then SPARQL queries restricted to
them. The index lives in memory beside the store and is rebuilt when the store changes.
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass

from ..namespaces import sparql_prologue
from ..store import SelectResult, Store


def fold(text: str) -> str:
    """Lower case without accents: 'Prévention' and 'PREVENTION' both fold to 'prevention'."""
    t = unicodedata.normalize("NFKD", text)
    t = "".join(c for c in t if not unicodedata.combining(c))
    return " ".join(t.casefold().split())


def terms(q: str) -> list[str]:
    """The words of a search; an activity matches when its text contains every one."""
    return [w for w in fold(q).split() if w]


@dataclass(frozen=True)
class Index:
    version: str
    docs: tuple[tuple[str, str], ...]  # (activity IRI, folded title + description)

    def search(self, q: str) -> list[str]:
        words = terms(q)
        if not words:
            return [iri for iri, _ in self.docs]
        return [iri for iri, text in self.docs if all(w in text for w in words)]


_INDEX: dict[int, Index] = {}
_LOCK = threading.Lock()

_TEXTS = sparql_prologue() + """SELECT ?a ?t WHERE {
  ?a a ung:Activity . { ?a dct:title ?t } UNION { ?a dct:description ?t } }"""


def index(store: Store) -> Index:
    """The index for the store's current version (built on first use after a change)."""
    version = store.version()
    key = id(store)
    with _LOCK:
        cached = _INDEX.get(key)
    if cached is not None and cached.version == version:
        return cached
    res = store.query(_TEXTS)
    assert isinstance(res, SelectResult)
    texts: dict[str, list[str]] = {}
    for row in res.rows:
        texts.setdefault(str(row["a"]), []).append(str(row["t"]))
    # A separator no search word contains, so a match never spans title and description.
    built = Index(version, tuple((iri, "\x00".join(fold(t) for t in ts)) for iri, ts in sorted(texts.items())))
    with _LOCK:
        _INDEX[key] = built
    return built


def search(store: Store, q: str) -> list[str]:
    return index(store).search(q)
