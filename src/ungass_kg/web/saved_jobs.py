"""Saved queries rendered in a query worker: table formats, chart, Vega-Lite spec, Data Cube.

Runs where :mod:`.jobs` runs (a worker process over a read-only store, or a server thread),
so a saved query obeys the same time limit as any SPARQL query.
"""

from __future__ import annotations

from decimal import Decimal

from rdflib import BNode, Literal, URIRef
from rdflib.term import Node

from .. import cells, figures, queries
from ..errors import UserError
from ..store import SelectResult, Store

# extension -> media type; the order is the negotiation order (first = default).
FORMATS: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "svg": "image/svg+xml",
    "png": "image/png",
    "vl.json": "application/vnd.vegalite.v5+json",
    "ttl": "text/turtle",
}


class NotAvailable(UserError):
    """A rendering this saved query does not have (e.g. a chart for a query without one)."""

    http_status = 404


def _cell(t: Node | None) -> str:
    if t is None:
        return ""
    if isinstance(t, BNode):
        return f"_:{t}"
    return str(t)


def _tsv_cell(t: Node | None) -> str:
    if t is None:
        return ""
    if isinstance(t, URIRef | BNode | Literal):
        return t.n3()
    return str(t)


def table_delimited(res: SelectResult, delimiter: str) -> bytes:
    """CSV as SPARQL 1.1 CSV writes values (plain text); TSV with terms in Turtle form."""
    if delimiter == ",":
        text = cells.csv_text([res.variables, *([_cell(row.get(v)) for v in res.variables] for row in res.rows)],
                              lineterminator="\r\n")
    else:
        # Turtle-form terms; a spreadsheet reads "=1+2" as the formula =1+2, so the text of a
        # literal that starts like one gets the leading quote inside its quotes (numbers excepted)
        text = "\t".join("?" + v for v in res.variables) + "\n" + "".join(
            "\t".join(_tsv(row.get(v)) for v in res.variables) + "\n" for row in res.rows)
    return text.encode("utf-8")


def _tsv(t: Node | None) -> str:
    if isinstance(t, Literal) and cells.is_formula_like(str(t)) and not _is_number(t):
        t = Literal(cells.neutralise(str(t)), lang=t.language, datatype=t.datatype)
    return _tsv_cell(t)


def _is_number(t: Literal) -> bool:
    v = t.toPython()
    return isinstance(v, int | float | Decimal) and not isinstance(v, bool)


def render(store: Store, name: str, params: dict[str, str], ext: str, lang: str = "en") -> bytes:
    """The saved query ``name`` with ``params`` (already validated) in the format ``ext``: the
    same files as the static site and ``ungass-kg figures`` write (:meth:`Figure.file`); a chart's
    words in ``lang``."""
    q = queries.get(name)
    if ext not in FORMATS:
        raise NotAvailable(f"unknown format {ext!r}", hint="use one of " + ", ".join(FORMATS))
    if ext in ("svg", "png", "vl.json") and q.chart is None:
        raise NotAvailable(f"saved query {name} has no chart", hint="ask for .json, .csv or .tsv")
    fig = figures.build(store, q, params, lang=lang)
    if ext == "tsv":
        return table_delimited(fig.result, "\t")
    return fig.file(ext)
