"""Bind parameter terms into a saved query's VALUES blocks.

A saved query declares each parameter as a variable in one or more ``VALUES`` blocks whose
data is ``UNDEF`` (no restriction). Binding rewrites only those data rows, from the
terms' N3 form (typed literals and IRIs built from checked keys), so a value can never
change the query's structure. VALUES is plain SPARQL 1.1: it works on any store.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from rdflib.term import Node

_VALUES = re.compile(
    r"VALUES\s*(?P<vars>\(\s*(?:\?\w+\s*)+\)|\?\w+)\s*\{\s*(?P<data>\(\s*(?:UNDEF\s*)+\)|UNDEF)\s*\}",
    re.IGNORECASE,
)


def values_blocks(text: str) -> list[list[str]]:
    """The variables of every all-UNDEF VALUES block (the parameter slots)."""
    return [re.findall(r"\?(\w+)", m.group("vars")) for m in _VALUES.finditer(text)]


def bind_values(text: str, terms: Mapping[str, Node | None], params: set[str]) -> str:
    """Fill the parameter slots: a bound term's N3, or UNDEF when the parameter is unset."""

    def fill(m: re.Match[str]) -> str:
        names = re.findall(r"\?(\w+)", m.group("vars"))
        if not set(names) <= params:
            return m.group(0)
        cells = []
        for n in names:
            t = terms.get(n)
            cells.append("UNDEF" if t is None else t.n3())
        data = f"({' '.join(cells)})" if m.group("vars").lstrip().startswith("(") else cells[0]
        return f"VALUES {m.group('vars')} {{ {data} }}"

    return _VALUES.sub(fill, text)
