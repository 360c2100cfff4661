"""The note's figures: a saved query's result as table, Vega-Lite chart, SVG/PNG and Data Cube.

``build`` runs one saved query and wraps its result; ``write_all`` writes every figure
and headline number to a folder with an ``index.html`` (what ``ungass-kg figures`` does).
"""

from __future__ import annotations

import json as _json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from rdflib import Graph
from rdflib.term import Node

from .. import queries
from ..queries import SavedQuery
from ..store import SelectResult, Store
from . import chart_text, charts, render
from . import names as data_names
from .cube import build_cube
from .table import Value, rows, to_csv


@dataclass
class Figure:
    query: SavedQuery
    params: dict[str, str]
    terms: dict[str, Node]
    result: SelectResult
    extra: dict[str, Any] = field(default_factory=dict)
    lang: str = "en"  # the chart's words (chart_text); the table, JSON and Data Cube do not change
    names: data_names.Names = field(default_factory=dict)  # the rows' names in ``lang`` (countries'), for the chart

    @property
    def name(self) -> str:
        return self.query.name

    @property
    def columns(self) -> list[str]:
        return [c.name for c in self.query.columns]

    @cached_property
    def rows(self) -> list[dict[str, Value]]:
        return rows(self.result, self.query.columns)

    @cached_property
    def chart_rows(self) -> list[dict[str, Value]]:
        """The rows as the chart shows them: names in the chart's language where there is one."""
        return data_names.relabel(self.rows, self.query.columns, self.names)

    @property
    def subtitle(self) -> str:
        lo, hi = self.terms.get("from"), self.terms.get("to")
        others = ", ".join(f"{k} = {v}" for k, v in self.params.items() if k not in ("from", "to") and v)
        return chart_text.subtitle(self.lang, lo, hi, others, self.name, self.query.source or "")

    @cached_property
    def spec(self) -> dict[str, Any]:
        spec = charts.spec_for(self.query, self.chart_rows, self.subtitle)
        spec = charts.fit_title(spec, render.width(spec))  # titles wrap to the chart, never cut
        return chart_text.localise(spec, self.lang)

    def svg(self) -> str:
        return render.svg(self.spec)

    def png(self) -> bytes:
        return render.png(self.spec)

    def cube(self) -> Graph:
        return build_cube(self.query, self.result, self.terms)

    def csv(self) -> str:
        return to_csv(self.rows, self.query.columns)

    def json(self) -> dict[str, Any]:
        return {"query": self.name, "title": self.query.title, "figure": self.query.figure,
                "source": self.query.source, "params": self.params,
                "columns": [c.as_dict() for c in self.query.columns], "rows": self.rows}

    def file(self, ext: str) -> bytes:
        """One of the figure's files (see :data:`FILES`), as ``figures --out``, ``publish`` and
        ``/queries/{name}.{ext}`` all give it."""
        if ext == "csv":
            return self.csv().encode("utf-8")
        if ext == "json":
            return _json.dumps(self.json(), indent=1, ensure_ascii=False).encode("utf-8")
        if ext == "vl.json":
            return _json.dumps(self.spec, indent=1, ensure_ascii=False).encode("utf-8")
        if ext == "svg":
            return self.svg().encode("utf-8")
        if ext == "png":
            return self.png()
        if ext == "ttl":
            return self.cube().serialize(format="turtle", encoding="utf-8")
        if ext == "rq":
            return self.query.text.encode("utf-8")
        raise KeyError(ext)

    def files(self, extensions: tuple[str, ...] | None = None) -> dict[str, bytes]:
        """Extension -> content of every file of the figure (or of ``extensions``)."""
        return {ext: self.file(ext) for ext in (extensions or FILES)}


# Every file a figure has: table (CSV, JSON), chart (Vega-Lite, SVG, PNG), Data Cube, the query.
FILES: tuple[str, ...] = ("csv", "json", "vl.json", "svg", "ttl", "rq", "png")


def build(store: Store, name: str | SavedQuery, params: Mapping[str, str] | None = None,
          lang: str = "en") -> Figure:
    """Run a saved query (parameters validated and bound) and wrap its result; ``lang`` is the
    language of the chart's words."""
    q = queries.get(name) if isinstance(name, str) else name
    given = {k: str(v) for k, v in (params or {}).items() if v is not None and str(v) != ""}
    text, terms = q.bind(given)
    res = store.query(text)
    assert isinstance(res, SelectResult)
    fig = Figure(q, given, terms, res, lang=lang)
    if lang != "en":
        fig.names = data_names.names_in(store, data_names.labelled_iris(fig.rows, q.columns), lang)
    return fig


def year_params(q: SavedQuery, year_from: int | None, year_to: int | None) -> dict[str, str]:
    names = {p.name for p in q.params}
    out = {}
    if year_from is not None and "from" in names:
        out["from"] = str(year_from)
    if year_to is not None and "to" in names:
        out["to"] = str(year_to)
    return out


def write_figure(fig: Figure, folder: Path) -> list[Path]:
    """Write one figure's files into ``folder`` (named after the query)."""
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for ext, data in fig.files().items():
        p = folder / f"{fig.name}.{ext}"
        p.write_bytes(data)
        out.append(p)
    return out


def build_all(store: Store, year_from: int | None = None, year_to: int | None = None) -> list[Figure]:
    return [build(store, q, year_params(q, year_from, year_to)) for q in queries.catalog()]


def write_all(store: Store, out_dir: Path, year_from: int | None = None, year_to: int | None = None,
              figures: list[Figure] | None = None) -> list[Path]:
    """Every saved query's table, chart and cube under ``out_dir``, plus ``index.html``."""
    from .site import write_index

    figs = figures if figures is not None else build_all(store, year_from, year_to)
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fig in figs:
        written += write_figure(fig, out_dir / fig.name)
    written.append(write_index(figs, out_dir, year_from, year_to))
    return written


__all__ = ["FILES", "Figure", "build", "build_all", "write_all", "write_figure"]
