"""Saved SPARQL queries: the note's figures and headline numbers, as an API.

Each ``.rq`` file under ``sparql/figures`` and ``sparql/statistics`` is one query; its
comment header (see ``sparql/README.md``) gives the title, parameters, chart and the
meaning of each column. The CLI, the web API and the static site all read this catalog.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from rdflib.term import Node

from .. import paths
from ..errors import UserError
from ..store import SelectResult, Store
from .binding import bind_values, values_blocks
from .header import Chart, Column, paragraphs, parse_header
from .params import ALL, PARAM_TYPES, Param, ParamError

GROUPS = ("figures", "statistics")


class UnknownQuery(UserError):
    """A saved query name that does not exist."""

    http_status = 404


@dataclass(frozen=True)
class SavedQuery:
    name: str
    group: str
    title: str
    description: str
    figure: int | None
    source: str
    params: tuple[Param, ...]
    chart: Chart | None
    columns: tuple[Column, ...]
    text: str
    path: Path = field(compare=False)

    @property
    def source_paragraphs(self) -> list[int]:
        return paragraphs(self.source)

    def param(self, name: str) -> Param:
        for p in self.params:
            if p.name == name:
                return p
        raise ParamError(f"saved query {self.name} has no parameter {name!r}; "
                         f"its parameters are {', '.join(p.name for p in self.params) or 'none'}")

    def column(self, name: str) -> Column:
        for c in self.columns:
            if c.name == name:
                return c
        raise KeyError(name)

    def terms(self, params: Mapping[str, str] | None = None) -> dict[str, Node | None]:
        """Each parameter's term: the given value, else its default (``None`` = unbound)."""
        given = {k: v for k, v in (params or {}).items() if v is not None and str(v).strip() != ""}
        for k in given:
            self.param(k)  # refuses unknown names
        out = {p.name: (p.term(str(given[p.name])) if p.name in given else p.default_term())
               for p in self.params}
        lo, hi = out.get("from"), out.get("to")
        if lo is not None and hi is not None and int(lo) > int(hi):  # type: ignore[call-overload]
            raise ParamError(f"parameter from ({lo}) is after parameter to ({hi}) in saved query {self.name}")
        return out

    def bind(self, params: Mapping[str, str] | None = None) -> tuple[str, dict[str, Node]]:
        """The query text with the parameters bound in its VALUES blocks, and the bound terms."""
        terms = self.terms(params)
        text = bind_values(self.text, terms, {p.name for p in self.params})
        return text, {k: v for k, v in terms.items() if v is not None}

    def as_dict(self) -> dict[str, object]:
        """A JSON-ready description (for the web API and the static site)."""
        return {
            "name": self.name, "group": self.group, "title": self.title, "description": self.description,
            "figure": self.figure, "source": self.source, "source_paragraphs": self.source_paragraphs,
            "params": [{"name": p.name, "type": p.type, "default": p.default, "allowed": p.allowed(),
                        "enum": p.enum, "description": p.description} for p in self.params],
            "chart": None if self.chart is None else {"kind": self.chart.kind, **self.chart.channels},
            "columns": [c.as_dict() for c in self.columns],
            "query": self.text,
        }


def load(path: Path, group: str) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    name = path.stem
    h = parse_header(text, name)
    declared = {p.name for p in h.params}
    slots = {v for block in values_blocks(text) for v in block}
    if missing := declared - slots:
        raise ValueError(f"saved query {name}: parameters {sorted(missing)} have no VALUES slot")
    return SavedQuery(name, group, h.title, h.description, h.figure, h.source, tuple(h.params), h.chart,
                      tuple(h.columns), text, path)


@cache
def _catalog(root: Path) -> tuple[SavedQuery, ...]:
    out: list[SavedQuery] = []
    for group in GROUPS:
        folder = root / group
        out.extend(load(p, group) for p in sorted(folder.glob("*.rq"), key=lambda p: p.stem) if folder.is_dir())
    names = [q.name for q in out]
    if dupes := {n for n in names if names.count(n) > 1}:
        raise ValueError(f"saved query names must be unique: {sorted(dupes)}")
    return tuple(out)


def catalog() -> list[SavedQuery]:
    """Every saved query: figures (in figure order) then statistics."""
    return list(_catalog(paths.sparql_dir()))


def get(name: str) -> SavedQuery:
    for q in catalog():
        if q.name == name:
            return q
    raise UnknownQuery(f"no saved query {name}", hint="'ungass-kg figures --list' shows them")


def run(store: Store, name: str | SavedQuery, params: Mapping[str, str] | None = None) -> SelectResult:
    """Run a saved query with its parameters bound."""
    q = get(name) if isinstance(name, str) else name
    text, _ = q.bind(params)
    res = store.query(text)
    if not isinstance(res, SelectResult):
        raise UserError(f"saved query {q.name} is not a SELECT query")
    return res


__all__ = ["ALL", "GROUPS", "PARAM_TYPES", "Chart", "Column", "Param", "ParamError", "SavedQuery",
           "UnknownQuery", "catalog", "get", "load", "run"]
