"""Predeclared prefixes for queries sent to ``/sparql`` (as the Wikidata Query Service does).

A query may use ``ung:``, ``skos:``, ``dct:``, ... (docs/conventions.md, ``namespaces.PREFIXES``)
without declaring them: the declarations it lacks are put in front of it. A prefix that is
neither declared nor predeclared is named in the error, with its line and column, before the
parser's generic 'unexpected input' could hide it.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from .errors import QueryError
from .namespaces import PREFIXES
from .sparql_text import _spans


@dataclass(frozen=True)
class PrefixUse:
    prefix: str
    line: int
    column: int


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def used_prefixes(query: str) -> tuple[set[str], list[PrefixUse]]:
    """The prefixes the query declares, and every prefixed name's prefix with its position."""
    declared: set[str] = set()
    uses: list[PrefixUse] = []
    toks = list(_spans(query))
    i = 0
    while i < len(toks):
        kind, text, offset = toks[i]
        if kind == "word" and text.upper() == "PREFIX" and i + 1 < len(toks):
            declared.add(toks[i + 1][1].rstrip(":"))
            i += 2
            continue
        if kind == "word" and ":" in text:
            prefix = text.split(":", 1)[0]
            if prefix != "_":  # blank node labels
                uses.append(PrefixUse(prefix, *_position(query, offset)))
        i += 1
    return declared, uses


def predeclare(query: str, base_iri: str | None = None) -> str:
    """The query with the predeclared prefixes it uses but does not declare put in front.

    Raises :class:`QueryError` naming an unknown prefix (line, column), or, for a query that
    needed predeclared prefixes, the parser's message with positions in the user's own text.
    """
    declared, uses = used_prefixes(query)
    missing: list[str] = []
    for use in uses:
        if use.prefix in declared or use.prefix in missing:
            continue
        if use.prefix not in PREFIXES:
            known = ", ".join(f"{p}:" for p in PREFIXES)
            raise QueryError(f"unknown prefix '{use.prefix}:' at line {use.line}, column {use.column}",
                             hint=f"declare it (PREFIX {use.prefix}: <...>) or use a predeclared one: {known}")
        missing.append(use.prefix)
    if not missing:
        return query
    from .store.base import explain_syntax_error, query_form

    if query_form(query) is None:  # an update or no query at all: the endpoint's own check answers it
        return query
    try:  # positions in the user's text, not in the text with the declarations in front
        ox.Store().query(query, base_iri=base_iri, prefixes={p: PREFIXES[p] for p in missing})
    except SyntaxError as e:
        raise QueryError(f"malformed query: {explain_syntax_error(e)}") from None
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}> " for p in missing) + query
