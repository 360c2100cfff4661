"""Year over year: one figure for two periods, the change per cell, and why it moved.

Public API (``ungass-kg compare`` and ``/figures/{name}/compare``)::

    from ungass_kg.compare import compare
    c = compare(store, "figure-3", 2024, 2023)
    c.cells      # [Cell(key, labels, values {measure: (against, period, change)}, entered, left)]
    c.to_json(); c.to_csv(); c.spec()   # the table, JSON and a paired-bar Vega-Lite chart

Both periods are the same saved query run with ``from = to = year``. A cell is one
combination of the figure's dimension columns; for every cell whose first count changed,
the activities that entered or left it are listed, matched by Activity ID (the
``dct:identifier`` an activity carried into another year, else its IRI), never by title.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from typing import Any

from . import cells as cell_writer
from . import figures
from .errors import InputError
from .namespaces import ID, sparql_prologue
from .queries import Column
from .store import SelectResult, Store

# how a dimension of a figure constrains the activities that count in its cells
_PATTERN = {
    "ung:refChapter": "?a ung:chapter {v} .",
    "ung:refEntity": "?a ung:participant {v} .",
    "ung:refPartnerEntity": "?a ung:participant {v} .",
    "ung:refLeadEntity": "?a ung:leadEntity {v} .",
    "ung:refReach": "?a ung:reach {v} .",
    "ung:refArea": "?a ung:area {v} .",
}
_INTERAGENCY = ("?a ung:participant ?p1, ?p2 . ?p1 a ung:MatrixEntity . ?p2 a ung:MatrixEntity . "
                "FILTER (?p1 != ?p2)")


@dataclass
class Cell:
    key: tuple[Any, ...]
    labels: dict[str, Any]  # dimension and label columns as the figure shows them
    values: dict[str, tuple[Any, Any, Any]]  # measure -> (against, period, change)
    entered: list[dict[str, str]] = field(default_factory=list)  # {"id", "title"}
    left: list[dict[str, str]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return " / ".join(str(v) for k, v in self.labels.items() if v is not None and not str(v).startswith("http"))


@dataclass
class Comparison:
    figure: str
    title: str
    period: int
    against: int
    measures: list[str]
    cells: list[Cell]

    def changed(self) -> list[Cell]:
        return [c for c in self.cells if any(ch not in (0, None) for _, _, ch in c.values.values())]

    def to_json(self) -> dict[str, Any]:
        return {"figure": self.figure, "title": self.title, "period": self.period, "against": self.against,
                "measures": self.measures, "changed": len(self.changed()),
                "cells": [{"cell": c.label, **c.labels,
                           **{m: {"against": a, "period": p, "change": ch} for m, (a, p, ch) in c.values.items()},
                           "entered": c.entered, "left": c.left} for c in self.cells]}

    def to_csv(self) -> str:
        buf = io.StringIO()
        w = cell_writer.Writer(buf, lineterminator="\r\n")
        head = ["cell"] + [f"{m} {y}" for m in self.measures for y in (self.against, self.period)] + [
            f"{m} change" for m in self.measures] + ["entered", "left"]
        w.writerow(head)
        for c in self.cells:
            w.writerow([c.label] + [c.values[m][i] for m in self.measures for i in (0, 1)]
                       + [c.values[m][2] for m in self.measures]
                       + ["; ".join(a["title"] for a in c.entered), "; ".join(a["title"] for a in c.left)])
        return buf.getvalue()

    def spec(self) -> dict[str, Any]:
        """Paired bars: each cell's first measure, one bar per period."""
        m = self.measures[0]
        values = [{"cell": c.label, "period": str(y), m: c.values[m][i]}
                  for c in self.cells for i, y in ((0, self.against), (1, self.period))]
        return {
            "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
            "title": {"text": f"{self.title}", "subtitle": f"{m}: {self.against} and {self.period}"},
            "data": {"values": values},
            "mark": "bar",
            "encoding": {
                "y": {"field": "cell", "type": "nominal", "title": None, "sort": None},
                "yOffset": {"field": "period", "type": "nominal"},
                "x": {"field": m, "type": "quantitative", "title": m},
                "color": {"field": "period", "type": "nominal", "title": "period"},
            },
            "width": 480,
        }


def _dims(columns: tuple[Column, ...]) -> list[Column]:
    return [c for c in columns if c.role == "dimension"]


def _measures(columns: tuple[Column, ...]) -> list[str]:
    return [c.name for c in columns if c.role == "measure" and c.type in ("integer", "number")]


def _activities(store: Store, year: int, dims: list[Column], key: tuple[Any, ...]) -> dict[str, str]:
    """Activity ID -> title of the activities of ``year`` that count in the cell ``key``."""
    patterns = []
    for col, v in zip(dims, key, strict=True):
        if col.component == "ung:refInterAgency":
            patterns.append(_INTERAGENCY if v else f"FILTER NOT EXISTS {{ {_INTERAGENCY} }}")
        elif col.component in _PATTERN and isinstance(v, str) and v.startswith("http"):
            patterns.append(_PATTERN[col.component].format(v=f"<{v}>"))
    q = sparql_prologue() + f"""SELECT DISTINCT ?a ?id ?title WHERE {{
        ?a a ung:Activity ; ung:reportingYear {int(year)} . {' '.join(patterns)}
        OPTIONAL {{ ?a dct:title ?title }} OPTIONAL {{ ?a dct:identifier ?id }} }}"""
    res = store.query(q)
    assert isinstance(res, SelectResult)
    prefix = str(ID["activity/"])
    out = {}
    for r in res.rows:
        iri = str(r["a"])
        ident = str(r["id"]) if r.get("id") is not None else (iri[len(prefix):] if iri.startswith(prefix) else iri)
        out[ident] = str(r.get("title") or ident)
    return out


def compare(store: Store, name: str, period: int, against: int) -> Comparison:
    if period == against:
        raise InputError(f"both periods are {period}", hint="compare two different years, e.g. 2024 2023")
    b = figures.build(store, name, {"from": str(against), "to": str(against)})
    a = figures.build(store, name, {"from": str(period), "to": str(period)})
    dims = _dims(a.query.columns)
    measures = _measures(a.query.columns)
    if not dims or not measures:
        raise InputError(f"{name} has no dimension and count to compare", hint="see 'ungass-kg figures'")
    shown = [c.name for c in a.query.columns if c.role in ("dimension", "label")]

    def index(rows: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
        return {tuple(r[d.name] for d in dims): r for r in rows}

    old, new = index(b.rows), index(a.rows)
    out = []
    for key in list(old) + [k for k in new if k not in old]:
        ro, rn = old.get(key, {}), new.get(key, {})
        values = {}
        for m in measures:
            vo, vn = ro.get(m), rn.get(m)
            numeric = isinstance(vo or 0, int | float) and isinstance(vn or 0, int | float)
            change = (vn or 0) - (vo or 0) if numeric else None
            if isinstance(change, float):
                change = round(change, 2)
            values[m] = (vo, vn, change)
        labels = {c: (rn or ro).get(c) for c in shown}
        cell = Cell(key, labels, values)
        if values[measures[0]][2]:
            was, now = _activities(store, against, dims, key), _activities(store, period, dims, key)
            cell.entered = [{"id": i, "title": t} for i, t in sorted(now.items(), key=_by_title) if i not in was]
            cell.left = [{"id": i, "title": t} for i, t in sorted(was.items(), key=_by_title) if i not in now]
        out.append(cell)
    return Comparison(name, a.query.title, period, against, measures, out)


def _by_title(kv: tuple[str, str]) -> str:
    return kv[1].casefold()


__all__ = ["Cell", "Comparison", "compare"]
