"""Saved-query results the draft reads, and the traced numbers taken from them.

Every number in the draft is made here, from one result cell (or a sum of cells) of a saved
query run with known parameters, so it can be traced back and checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .. import queries
from ..figures.table import Value, rows
from ..store import Store
from .model import Num


def rounded(value: float) -> int:
    """Half away from zero, as a reader rounds ("12.5 per cent" is 13), not banker's rounding."""
    return int(Decimal(str(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def thousands(n: int) -> str:
    """Counts as UN documents print them: 4,500."""
    return f"{n:,}"


@dataclass
class Result:
    """One saved query's result rows for one set of parameters."""

    query: str
    params: tuple[tuple[str, str], ...]
    rows: list[dict[str, Value]]

    def where(self, **match: object) -> list[int]:
        """Indexes of the rows whose columns equal the given values."""
        return [i for i, r in enumerate(self.rows) if all(r.get(k) == v for k, v in match.items())]

    def value(self, i: int, column: str) -> float:
        v = self.rows[i][column]
        return float(v) if isinstance(v, (int, float)) else 0.0

    def num(self, i: int | Iterable[int], column: str, unit: str = "") -> Num:
        """The traced number of one cell, or the sum of several; shares print rounded."""
        idx = (i,) if isinstance(i, int) else tuple(i)
        value = sum(self.value(k, column) for k in idx)
        text = str(rounded(value)) if unit == "per cent" else thousands(round(value))
        return Num(text=text, value=round(value, 6), query=self.query, params=self.params, rows=idx,
                   column=column, unit=unit)

    def share(self, i: int | Iterable[int], column: str = "share") -> Num:
        return self.num(i, column, "per cent")

    def count(self, i: int | Iterable[int], column: str) -> Num:
        return self.num(i, column)


def run(store: Store, name: str, params: Mapping[str, str]) -> Result:
    q = queries.get(name)
    given = {k: v for k, v in params.items() if k in {p.name for p in q.params}}
    res = queries.run(store, q, given)
    return Result(name, tuple(sorted(given.items())), rows(res, q.columns))


def period_params(period: int) -> dict[str, str]:
    """The figures count every activity reported up to the end of the period (para 22: 2017 to 2023)."""
    return {"to": str(period)}


def year_only(period: int) -> dict[str, str]:
    return {"from": str(period), "to": str(period)}


class Facts:
    """The results one draft reads, run once each (per period)."""

    NAMES = ("organisations-with-activity", "organisations-per-chapter", "chapter-coverage-ranking",
             "figure-1", "figure-2", "figure-3", "figure-4", "figure-4-leads", "figure-5", "figure-6")

    def __init__(self, store: Store, period: int) -> None:
        self.period = period
        p = period_params(period)
        self.results = {n: run(store, n, p) for n in self.NAMES}
        self.year = run(store, "figure-4-leads", year_only(period))  # inter-agency activities of the year
        self.year_chapters = run(store, "figure-3", year_only(period))

    def __getitem__(self, name: str) -> Result:
        return self.results[name]

    @property
    def empty(self) -> bool:
        """Nothing reported up to the period (no entity has an activity)."""
        r = self["organisations-with-activity"]
        return not r.rows or r.value(0, "entities") == 0

    @property
    def year_empty(self) -> bool:
        return sum(self.year_chapters.value(i, "activities") for i in range(len(self.year_chapters.rows))) == 0


def recompute(store: Store, entry: Mapping[str, object]) -> float:
    """The value a trace entry names, recomputed from the store (for checks and tests)."""
    params = entry["params"]
    assert isinstance(params, dict)
    name = str(entry["query"])
    if name.startswith("note-"):  # section VIII's own queries
        from . import activities

        res = activities.run(store, name, int(params["period"]))
    else:
        res = run(store, name, {str(k): str(v) for k, v in params.items()})
    row = entry["row"]
    idx = [int(str(i)) for i in row] if isinstance(row, list) else [int(str(row))]
    return round(sum((res.value(i, str(entry["column"])) for i in idx), 0.0), 6)


__all__ = ["Facts", "Result", "period_params", "recompute", "rounded", "run", "thousands", "year_only"]
