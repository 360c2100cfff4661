"""A saved query's result as a plain table: typed Python values, CSV and JSON."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal
from rdflib.term import Node

from .. import cells
from ..queries import Column
from ..store import SelectResult

Value = str | int | float | bool | None


def value(term: Node | None, column: Column) -> Value:
    """The Python value of a result term, as the column's declared type says."""
    if term is None:
        return None
    if column.type == "iri" or not isinstance(term, Literal):
        return str(term)
    py = term.toPython()
    if column.type == "integer":
        return int(py)
    if column.type == "number":
        return float(py) if isinstance(py, (int, float, Decimal)) else float(str(term))
    if column.type == "boolean":
        # Some stores (Virtuoso) return comparisons as 0/1 integers.
        return bool(py) if isinstance(py, bool) else str(term).strip().lower() in ("true", "1")
    return str(term)


def rows(result: SelectResult, columns: tuple[Column, ...]) -> list[dict[str, Value]]:
    return [{c.name: value(r.get(c.name), c) for c in columns} for r in result.rows]


def format_value(v: object, decimals: int = 2, yes: str = "true", no: str = "false") -> str:
    """A table value as text: shares rounded, booleans in words, nothing for a missing value."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return yes if v else no
    if isinstance(v, float | Decimal):
        return f"{v:.{decimals}f}"
    return str(v)


def _csv_value(v: Value) -> object:
    """Numbers stay numbers (rounded as in the tables); text goes to the formula check."""
    if isinstance(v, float | Decimal) and not isinstance(v, bool):
        return Decimal(format_value(v))
    return v if isinstance(v, int | str) and not isinstance(v, bool) else format_value(v)


def to_csv(table: list[dict[str, Value]], columns: tuple[Column, ...]) -> str:
    """CSV with a header row; shares rounded to two decimals; text that looks like a formula neutralised."""
    return cells.csv_text([[c.name for c in columns], *([_csv_value(r[c.name]) for c in columns] for r in table)])
