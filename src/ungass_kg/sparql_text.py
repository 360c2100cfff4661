"""Reading a SPARQL text without a full parser: its leading keyword (query form or update
operation), the dataset it names (FROM / FROM NAMED), whether it calls SERVICE or LOAD.

The tokens set comments, strings and IRIs apart, so a keyword inside a string literal or an
IRI is not mistaken for one in the query itself. Used by the store (a query's own FROM
decides its default graph) and by the endpoint (which graphs and services it refuses).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

_TOKENS = re.compile(
    r"""
    (?P<comment>\#[^\n\r]*)
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<var>[?$][\w\u00b7\u00c0-\uffff]+)
  | (?P<word>[A-Za-z_\u00c0-\uffff][\w.\-\u00b7\u00c0-\uffff]*:?[\w.\-:%\\\u00b7\u00c0-\uffff]*
             |:[\w.\-:%\u00c0-\uffff]*)
  | (?P<other>\S)
    """,
    re.VERBOSE,
)


def _tokens(query: str) -> Iterator[tuple[str, str]]:
    for m in _TOKENS.finditer(query):
        kind = m.lastgroup or "other"
        if kind != "comment":
            yield kind, m.group()


@dataclass
class Dataset:
    """The graphs a query names in FROM / FROM NAMED, and whether it uses SERVICE."""

    default: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    service: bool = False

    @property
    def given(self) -> bool:
        return bool(self.default or self.named)


def read_dataset(query: str) -> Dataset:
    prefixes: dict[str, str] = {}
    base = ""
    out = Dataset()
    toks = list(_tokens(query))

    def resolve(kind: str, text: str) -> str | None:
        if kind == "iri":
            return urljoin(base, text[1:-1]) if base else text[1:-1]
        if kind == "word" and ":" in text:
            p, _, local = text.partition(":")
            return prefixes[p] + local if p in prefixes else None
        return None

    i = 0
    while i < len(toks):
        kind, text = toks[i]
        word = text.upper() if kind == "word" else ""
        if word == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].rstrip(":")] = toks[i + 2][1][1:-1]
            i += 3
            continue
        if word == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = toks[i + 1][1][1:-1]
        elif word == "SERVICE":
            out.service = True
        elif word == "FROM" and i + 1 < len(toks):
            named = toks[i + 1][0] == "word" and toks[i + 1][1].upper() == "NAMED"
            j = i + 2 if named else i + 1
            if j < len(toks):
                iri = resolve(*toks[j])
                target = out.named if named else out.default
                target.append(iri if iri is not None else toks[j][1])
        i += 1
    return out


def leading_keyword(text: str) -> str | None:
    """The first keyword after the prologue (PREFIX / BASE declarations), upper-cased:
    SELECT, ASK, CONSTRUCT, DESCRIBE for a query, INSERT, DELETE, LOAD, ... for an update."""
    toks = list(_tokens(text))
    i = 0
    while i < len(toks):
        kind, word = toks[i]
        if kind != "word":
            return None
        upper = word.upper()
        if upper == "PREFIX" and i + 2 < len(toks) and toks[i + 2][0] == "iri":
            i += 3
        elif upper == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            i += 2
        else:
            return upper
    return None


def has_keyword(text: str, keyword: str) -> bool:
    """Whether ``keyword`` stands in the text as a keyword (not inside a string, IRI or name)."""
    return any(kind == "word" and word.upper() == keyword for kind, word in _tokens(text))
