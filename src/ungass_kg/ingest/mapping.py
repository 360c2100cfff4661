"""Rows of a sheet -> activities in RDF, remembering the cell every triple came from.

The mapping never rejects a value: a name it cannot find in a register, a year typed as a
date, a quantity with decimals all go into the graph as literals, where the SHACL shapes
flag them. The mapping adds what a person needs to fix them: the exact cell and the raw
text (:class:`Positions`) and a hint (``did you mean UNODC?``, ``type the year 2023``).

Activity IRIs are ``id/activity/{submission}-{title slug}-{lead}-{year}``: stable across
re-submissions, never a row number. The lead entity is materialised as a participant.
"""

from __future__ import annotations

import datetime as dt
import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from ..namespaces import ID, UNG
from .columns import Column, match_header
from .registers import Registers, normalise
from .table import ReaderIssue, Table, is_empty

DCT_TITLE = URIRef("http://purl.org/dc/terms/title")
DCT_IDENTIFIER = URIRef("http://purl.org/dc/terms/identifier")  # the Activity ID column
_ACTIVITY_ID = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
# terms used per cell, made once (rdflib checks an IRI each time a namespace attribute is read)
ACTIVITY, LEAD, PARTICIPANT, YEAR = UNG.Activity, UNG.leadEntity, UNG.participant, UNG.reportingYear
QUANTITY, QUANTITY_KIND = UNG.statedQuantity, UNG.quantityKind
RDF_TYPE, RDF_VALUE = RDF.type, RDF.value
EXCEL_EPOCH = dt.date(1899, 12, 30)
_SPLIT = re.compile(r"\s*[;\n]\s*")
_QUANTITY = re.compile(r"^\s*([-+\u2212]?\s*[\d][\d,.\u00a0\u202f ]*)\s*(.*)$")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building big graphs.

    Hundreds of thousands of small objects (terms, dict entries) that all stay alive make
    every full collection slower: mapping 5,000 rows took 3.2-3.8 s with it, 1.7-1.8 s without.
    """
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass(frozen=True)
class Cell:
    sheet: str | None
    row: int | None
    column: str | None
    text: str | None  # the cell's raw content, as the user typed it


@dataclass
class Positions:
    """Where each node and value came from, and the hints for values that will fail."""

    cells: dict[tuple[Node, URIRef | None], Cell] = field(default_factory=dict)  # (node, path) -> cell
    tokens: dict[tuple[Node, URIRef, Node], str] = field(default_factory=dict)  # (node, path, value) -> raw text
    hints: dict[tuple[Node, URIRef, Node], str] = field(default_factory=dict)  # (node, path, value) -> suggestion
    rows: dict[Node, Cell] = field(default_factory=dict)  # node -> its row (column None)
    missing_columns: set[URIRef] = field(default_factory=set)  # paths whose column is absent
    letters: dict[str, str] = field(default_factory=dict)  # column header -> spreadsheet letter (D in D4)
    # node -> the activity it belongs to (itself, or the activity of a quantity): known for the rows
    # of a table, where nothing else is described; empty for RDF input, which may hold any graph
    owners: dict[Node, URIRef] = field(default_factory=dict)

    # the cells of a table's row, made when asked for (most are never asked for: 260,000 made up
    # front at 20,000 rows): activity -> its row's {path: (column, raw value)}, and path -> header
    values: dict[Node, dict[URIRef, tuple[Any, Any]]] = field(default_factory=dict)
    headers: dict[URIRef, str] = field(default_factory=dict)

    def cell(self, node: Node, path: URIRef | None) -> Cell | None:
        hit = self.cells.get((node, path))
        if hit is not None:
            return hit
        values = self.values.get(node)
        if values is not None and path is not None and path in self.headers:
            row = self.rows[node]
            v = values.get(path, (None, None))[1]
            return Cell(row.sheet, row.row, self.headers[path], None if is_empty(v) else _text(v))
        return self.rows.get(node)


_LOOK_ALIKES = "OoIl|"
_LOOK_ALIKE_DIGITS = str.maketrans({"O": "0", "o": "0", "I": "1", "l": "1", "|": "1"})
_CHAR_NAMES = {"O": "the letter O", "o": "the letter o", "I": "the letter I", "l": "the letter l",
               "|": "a vertical bar"}


def _letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the spreadsheet's column letters."""
    out, n = "", index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def slugify(text: str, limit: int = 60) -> str:
    s = re.sub(r"[^a-z0-9]+", "-", normalise(text)).strip("-")
    return s[:limit].rstrip("-") or "untitled"


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _year(value: Any) -> tuple[Literal, str | None]:
    """The reporting year as a literal, with a hint when it looks like a date."""
    if isinstance(value, bool):
        return Literal(str(value)), None
    if isinstance(value, dt.datetime | dt.date):
        d = value.date() if isinstance(value, dt.datetime) else value
        return Literal(d.isoformat(), datatype=XSD.date), f"this is a date; type the year only: {d.year}"
    if isinstance(value, int | float) and float(value).is_integer():
        n = int(value)
        if 10_000 < n < 80_000:  # an Excel date serial (day count since 1899-12-30)
            d = EXCEL_EPOCH + dt.timedelta(days=n)
            # only a serial that lands in the matrix's years is a date; 20233 is a mistyped year
            if 2017 <= d.year <= dt.date.today().year + 1:
                return Literal(n), f"{n} looks like an Excel date ({d.isoformat()}); type the year only: {d.year}"
            return Literal(n), f"{n} has {len(str(n))} digits: type the year as four digits, e.g. 2023"
        return Literal(n), None
    text = _text(value)
    if re.fullmatch(r"\d{4}(\.0+)?", text):
        return Literal(int(float(text))), None
    if re.fullmatch(r"\d{5,6}", text):
        return _year(int(text))
    digits = text.translate(_LOOK_ALIKE_DIGITS)
    if digits != text and re.fullmatch(r"\d{4}", digits):
        wrong = ", ".join(f"'{c}' ({_CHAR_NAMES.get(c, 'a letter')})" for c in dict.fromkeys(text) if c in _LOOK_ALIKES)
        return Literal(text), f"{wrong} in place of a digit: type {digits}"
    m = re.fullmatch(r"(\d{4})-\d{2}-\d{2}(T.*)?|\d{1,2}[/.]\d{1,2}[/.](\d{4})", text)
    if m:
        return Literal(text), f"this is a date; type the year only: {m.group(1) or m.group(3)}"
    return Literal(text), None


def _number(text: str) -> Literal:
    raw = text.replace("\u2212", "-").replace("\u00a0", "").replace("\u202f", "").replace(" ", "")
    if re.fullmatch(r"[-+]?\d{1,3}(,\d{3})+", raw):  # thousands separators: 4,500
        raw = raw.replace(",", "")
    try:
        d = Decimal(raw.replace(",", "."))
    except InvalidOperation:
        return Literal(text)
    return Literal(int(d)) if d == d.to_integral_value() and "." not in raw and "," not in raw else Literal(d)


Triple = tuple[Node, Node, Node]


class Mapped:
    """The mapped activities: ``triples`` (a list, what validation and the store read) and, built
    only when asked for, the same as an rdflib ``graph`` (rdflib's memory store costs more
    than the mapping itself: 10,000 rows took seconds to add and as long to read back)."""

    def __init__(self, data: Graph | list[Triple], positions: Positions, activities: list[URIRef],
                 issues: list[ReaderIssue]) -> None:
        self._graph = data if isinstance(data, Graph) else None
        self._triples = data if isinstance(data, list) else None
        self.positions = positions
        self.activities = activities
        self.issues = issues

    @property
    def triples(self) -> list[Triple]:
        if self._triples is None:
            assert self._graph is not None
            self._triples = list(self._graph)
        return self._triples

    @property
    def graph(self) -> Graph:
        if self._graph is None:
            g = Graph()
            g.addN((s, p, o, g) for s, p, o in self.triples)
            self._graph = g
        return self._graph


class RowMapper:
    """Maps the rows of one table; ``prefix`` makes the activity IRIs of one submission distinct."""

    def __init__(self, columns: list[Column], registers: Registers, prefix: str) -> None:
        self.columns = columns
        self.registers = registers
        self.prefix = prefix
        self._columns = [(c, c.path == DCT_IDENTIFIER) for c in columns]

    def header_issues(self, table: Table) -> tuple[list[Column | None], list[ReaderIssue], set[URIRef]]:
        found = [match_header(h, self.columns) if h else None for h in table.header]
        issues: list[ReaderIssue] = []
        present = {c.header for c in found if c}
        missing = [c for c in self.columns if c.header not in present]
        unknown = [(i, h) for i, (h, c) in enumerate(zip(table.header, found, strict=True)) if c is None and h]
        seen: set[str] = set()
        for i, c in enumerate(found):
            if c is not None and c.header in seen:
                issues.append(ReaderIssue("Violation", "duplicate-column",
                                          f"The column '{c.header}' appears twice: keep one and delete the other.",
                                          table.header_row, table.header[i]))
                found[i] = None
            elif c is not None:
                seen.add(c.header)
        for c in missing:
            if c.path == DCT_IDENTIFIER:
                continue  # optional: only pre-filled templates carry it
            close = _closest(c.header, [h for _, h in unknown])
            required = c.required and c.path != UNG.participant  # the lead alone fills participants
            fix = (f"the column '{close}' looks like it: rename it to '{c.header}'" if close
                   else f"add a column '{c.header}' (see 'ungass-kg template')")
            issues.append(ReaderIssue(
                "Violation" if required else "Warning", "missing-column",
                f"The {'required ' if required else ''}column '{c.header}' is missing: {fix}.",
                table.header_row, c.header, None, f"rename '{close}' to '{c.header}'" if close else None))
        for _, h in unknown:
            close = _closest(h, [c.header for c in missing])
            issues.append(ReaderIssue(
                "Warning", "unknown-column",
                f"The column '{h}' is not part of the template and is ignored"
                + (f"; did you mean '{close}'?" if close else "."),
                table.header_row, h, None, close))
        missing_paths = {c.path for c in missing}
        return found, issues, missing_paths

    def map_table(self, table: Table) -> Mapped:
        with gc_paused():
            return self._map_table(table)

    def _map_table(self, table: Table) -> Mapped:
        g = _Triples()
        pos = Positions()
        found, issues, pos.missing_columns = self.header_issues(table)
        pos.letters = {h: _letter(i) for i, h in enumerate(table.header) if h}
        pos.headers = {c.path: c.header for c in self.columns}
        activities: list[URIRef] = []
        used: set[str] = set()
        next_n: dict[str, int] = {}  # per key, the suffix to try next (titles cut at 60 characters collide)
        for row in table.rows:
            by_path: dict[URIRef, tuple[Column, Any]] = {}
            for col, value in zip(found, row.values, strict=False):
                if col is not None:
                    by_path[col.path] = (col, value)
            title = by_path.get(DCT_TITLE, (None, None))[1]
            lead_raw = by_path.get(LEAD, (None, None))[1]
            year_raw = by_path.get(YEAR, (None, None))[1]
            lead_iri = self.registers.entities.lookup(_text(lead_raw)) if not is_empty(lead_raw) else None
            given = by_path.get(DCT_IDENTIFIER, (None, None))[1]
            given_id = "" if is_empty(given) else _text(given)
            if given_id and _ACTIVITY_ID.fullmatch(given_id) and given_id not in used:
                # an ID issued earlier: the activity keeps its IRI whatever else changed
                used.add(given_id)
                act = URIRef(ID[f"activity/{given_id}"])
                self._map_row(g, pos, table, row, by_path, act, activities)
                continue
            if given_id and given_id in used:
                issues.append(ReaderIssue(
                    "Violation", "duplicate-activity-id",
                    f"Another row already carries the Activity ID '{given_id}': one activity per ID; "
                    "empty this cell if the row is a new activity.", row.number, "Activity ID", given_id))
            key = "-".join([
                slugify(_text(title)) if not is_empty(title) else f"untitled-row-{row.number}",
                self.registers.entity_key(lead_iri) if lead_iri else slugify(_text(lead_raw or "no-lead"), 20),
                slugify(_text(year_raw or "no-year"), 12),
            ])
            slug = f"{self.prefix}-{key}"
            n = next_n.get(key, 2)
            while slug in used:  # two rows describing the same activity: the duplicate rule reports it
                slug, n = f"{self.prefix}-{key}-{n}", n + 1
            next_n[key] = n
            used.add(slug)
            act = URIRef(ID[f"activity/{slug}"])
            self._map_row(g, pos, table, row, by_path, act, activities)
        return Mapped(g.triples, pos, activities, issues + table.issues)

    def _map_row(self, g: _Triples, pos: Positions, table: Table, row: Any, by_path: dict[URIRef, tuple[Column, Any]],
                 act: URIRef, activities: list[URIRef]) -> None:
        activities.append(act)
        g.new_row()
        pos.owners[act] = act
        g.add((act, RDF_TYPE, ACTIVITY))
        pos.rows[act] = Cell(table.sheet, row.number, None, None)
        pos.values[act] = by_path
        for col, is_id in self._columns:
            cell_value = by_path.get(col.path, (col, None))[1]
            if is_empty(cell_value):
                continue
            if is_id:
                text = _text(cell_value)
                if not _ACTIVITY_ID.fullmatch(text):  # malformed: the shape reports it
                    g.add((act, DCT_IDENTIFIER, Literal(text)))
                continue
            self._map_cell(g, pos, act, col, cell_value, table.sheet, row.number)
        participants = g.of(act, PARTICIPANT)
        for lead in g.of(act, LEAD):
            if isinstance(lead, URIRef) and lead not in participants:
                g.add((act, PARTICIPANT, lead))  # materialised: the lead always participates

    def _map_cell(self, g: _Triples, pos: Positions, act: URIRef, col: Column, value: Any, sheet: str | None,
                  row: int) -> None:
        p = col.path
        if col.kind == "text":
            g.add((act, p, Literal(_text(value))))
        elif col.kind == "integer":
            lit, hint = _year(value)
            g.add((act, p, lit))
            pos.tokens[(act, p, lit)] = _text(value)
            if hint:
                pos.hints[(act, p, lit)] = hint
        elif col.kind == "reference":
            register = self.registers.for_path(p)
            for token in _tokens(value):
                iri = register.lookup(token) if register else None
                term: Node = iri if iri is not None else Literal(token)
                g.add((act, p, term))
                pos.tokens[(act, p, term)] = token
                if iri is None and register is not None:
                    close = register.suggest(token)
                    if close:
                        pos.hints[(act, p, term)] = f"did you mean {close}?"
        elif col.kind == "quantity":
            cell = Cell(sheet, row, col.header, _text(value))
            for token in _tokens(value):
                q = BNode()
                pos.owners[q] = act
                g.add((act, QUANTITY, q))
                pos.cells[(q, None)] = cell
                pos.rows[q] = cell
                m = _QUANTITY.match(token)
                number, kind = (m.group(1).strip(), m.group(2).strip()) if m else (token, "")
                lit = _number(number) if m else Literal(token)
                g.add((q, RDF_VALUE, lit))
                pos.tokens[(q, RDF_VALUE, lit)] = token
                if kind:
                    iri = self.registers.quantity_kinds.lookup(kind)
                    term = iri if iri is not None else Literal(kind)
                    g.add((q, QUANTITY_KIND, term))
                    pos.tokens[(q, QUANTITY_KIND, term)] = kind
                    if iri is None:
                        close = self.registers.quantity_kinds.suggest(kind)
                        if close:
                            pos.hints[(q, QUANTITY_KIND, term)] = f"did you mean {close}?"


class _Triples:
    """The triples of one table as a list (a graph's set semantics: no triple twice).

    Rows never share a triple (each row has its own activity IRI and quantity nodes), so the
    set that keeps a triple from being added twice holds one row's triples (:meth:`new_row`):
    a set of every triple of 20,000 rows grew past 380,000 entries for nothing.
    """

    def __init__(self) -> None:
        self.triples: list[Triple] = []
        self._seen: set[Triple] = set()
        self._by_sp: dict[tuple[Node, Node], list[Node]] = {}

    def new_row(self) -> None:
        self._seen.clear()
        self._by_sp.clear()

    def add(self, t: Triple) -> None:
        if t not in self._seen:
            self._seen.add(t)
            self.triples.append(t)
            if t[1] in _LISTED:
                self._by_sp.setdefault((t[0], t[1]), []).append(t[2])

    def of(self, s: Node, p: Node) -> list[Node]:
        return list(self._by_sp.get((s, p), ()))


_LISTED = frozenset((LEAD, PARTICIPANT))  # a set look-up: == on rdflib terms runs Python code


def _tokens(value: Any) -> list[str]:
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return [_text(value)]
    return [t for t in _SPLIT.split(_text(value)) if t]


def _closest(name: str, candidates: list[str]) -> str | None:
    import difflib

    keys = {normalise(c): c for c in candidates}
    hit = difflib.get_close_matches(normalise(name), list(keys), n=1, cutoff=0.6)
    if hit:
        return keys[hit[0]]
    # a renamed column often keeps one distinctive word ("Lead agency" for "Lead entity")
    words = {w for w in re.findall(r"[a-z]{4,}", normalise(name))}
    for k, c in keys.items():
        if words & set(re.findall(r"[a-z]{4,}", k)):
            return c
    return None
