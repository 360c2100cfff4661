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
    for kind, text, _ in _spans(query):
        yield kind, text


def _spans(query: str) -> Iterator[tuple[str, str, int]]:
    """Tokens with their offset in the text (comments left out)."""
    for m in _TOKENS.finditer(query):
        kind = m.lastgroup or "other"
        if kind != "comment":
            yield kind, m.group(), m.start()


token_spans = _spans  # public: the SHACL-SPARQL engine reads queries with it (validate/sparql.py)


@dataclass
class Dataset:
    """The graphs a query names in FROM / FROM NAMED, and whether it uses SERVICE."""

    default: list[str] = field(default_factory=list)
    named: list[str] = field(default_factory=list)
    service: bool = False

    @property
    def given(self) -> bool:
        return bool(self.default or self.named)


def read_dataset(query: str, base_iri: str | None = None) -> Dataset:
    """FROM / FROM NAMED graphs (relative IRIs resolved against ``BASE`` or ``base_iri``)."""
    prefixes: dict[str, str] = {}
    base = base_iri or ""
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
            base = urljoin(base, toks[i + 1][1][1:-1]) if base else toks[i + 1][1][1:-1]
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


_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:[^<>\"{}|^`\\\x00-\x20]*")


class DatasetConflict(ValueError):
    """``using-graph-uri`` / ``using-named-graph-uri`` given for an update that names its own dataset."""


def with_using(update: str, default: list[str], named: list[str]) -> str:
    """The update with the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` written
    into each of its DELETE/INSERT ... WHERE operations as ``USING`` / ``USING NAMED``.

    SPARQL 1.1 Protocol 2.2.3: such an update must not also carry ``USING``, ``USING NAMED`` or
    ``WITH`` (:class:`DatasetConflict`). ``DELETE WHERE { P }`` has no place for ``USING``, so it
    is written out as the equivalent ``DELETE { P } USING ... WHERE { P }``.
    """
    if not default and not named:
        return update
    for g in (*default, *named):
        if not _IRI.fullmatch(g):
            raise DatasetConflict(f"{g!r} is not an absolute IRI")
    clause = " ".join([*(f"USING <{g}>" for g in default), *(f"USING NAMED <{g}>" for g in named)])
    toks = list(_spans(update))
    edits: list[tuple[int, int, str]] = []  # (start, end, replacement), in text order
    depth = 0
    op: str | None = None  # the operation's first keyword at depth 0 (None in a prologue)
    i = 0
    while i < len(toks):
        kind, text, pos = toks[i]
        if text in "{}" and kind == "other":
            depth += 1 if text == "{" else -1
        elif text == ";" and kind == "other" and depth == 0:
            op = None
        elif kind == "word" and depth == 0:
            word = text.upper()
            if op is None and word in ("PREFIX", "BASE"):
                i += 3 if word == "PREFIX" else 2
                continue
            if word in ("WITH", "USING"):
                raise DatasetConflict(f"the update has {word} and the request has using-graph-uri / "
                                      "using-named-graph-uri")
            if op is None:
                op = word
                nxt = toks[i + 1][1].upper() if i + 1 < len(toks) and toks[i + 1][0] == "word" else ""
                if word in ("INSERT", "DELETE") and nxt == "DATA":
                    op = "DATA"
                elif word == "DELETE" and nxt == "WHERE":
                    edits.append(_delete_where(update, toks, i, clause))
                    op = "DATA"  # done with this operation
            elif word == "WHERE" and op in ("INSERT", "DELETE"):
                edits.append((pos, pos, clause + " "))
        i += 1
    for start, end, new in reversed(edits):
        update = update[:start] + new + update[end:]
    return update


def _delete_where(update: str, toks: list[tuple[str, str, int]], i: int, clause: str) -> tuple[int, int, str]:
    """``DELETE WHERE { P }`` (tokens from ``i``) -> ``DELETE { P } USING ... WHERE { P }``."""
    j = i + 2
    if j >= len(toks) or toks[j][1] != "{":
        raise DatasetConflict("DELETE WHERE without a pattern")
    depth, k = 0, j
    while k < len(toks):
        kind, text, _ = toks[k]
        if kind == "other" and text in "{}":
            depth += 1 if text == "{" else -1
            if depth == 0:
                break
        k += 1
    if k >= len(toks):
        raise DatasetConflict("DELETE WHERE with an unclosed pattern")
    pattern = update[toks[j][2]:toks[k][2] + 1]
    return toks[i][2], toks[k][2] + 1, f"DELETE {pattern} {clause} WHERE {pattern}"
