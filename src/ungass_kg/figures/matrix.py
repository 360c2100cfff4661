"""A figure's table shaped as the figure shows it: Figure 1 as entities x chapters, Figure 5
as a pair matrix, a stacked bar as bars x segments; with human headers and rounded shares.

The shape follows the chart declared in the saved query's header (``#+ chart:``): a heatmap or
network has rows = ``y``, columns = ``x`` and cells = ``color``; a stacked bar has rows = ``y``,
columns = ``color`` and cells = ``x``; a plain bar keeps its rows. The long table (one row per
result) stays what ``/queries/{name}.csv`` serves, for machines.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..cells import Writer as CsvWriter
from ..cells import append_row
from ..queries import Column, SavedQuery
from .table import Value

# Header words for the columns the saved queries use (others are spelt out from camelCase).
HEADERS = {
    "chapterLabel": "Chapter", "chapterNumber": "No.", "entityLabel": "Entity", "entityALabel": "Entity",
    "entityBLabel": "Partner entity", "reachLabel": "Reach", "collaboration": "Collaboration",
    "activities": "Activities", "participations": "Participations", "share": "Share (%)",
    "interagencyActivities": "Inter-agency activities", "interagencyShare": "Inter-agency share (%)",
    "active": "Active", "entities": "Entities", "chapters": "Chapters",
}


def human(name: str, columns: Sequence[Column] = ()) -> str:
    if name in HEADERS:
        return HEADERS[name]
    words = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name).lower()
    return words[:1].upper() + words[1:]


def cell_text(v: Value, column: Column | None) -> str:
    """Shares to one decimal, counts as integers, booleans as yes/no, nothing for no value."""
    if v is None:
        return ""
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.1f}"
    return str(v)


@dataclass
class Matrix:
    corner: str  # the header of the first column (what the rows are)
    columns: list[str]
    rows: list[tuple[str, str, list[str]]]  # (row label, row IRI, cells)
    caption: str = ""

    def csv(self) -> str:
        buf = io.StringIO()
        w = CsvWriter(buf, lineterminator="\r\n")  # labels come from the data: no formulas
        w.writerow([self.corner, *self.columns])
        for label, _, cells in self.rows:
            w.writerow([label, *cells])
        return buf.getvalue()

    def xlsx(self, title: str = "Table") -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = title[:31]
        append_row(ws, [self.corner, *self.columns])
        for c in ws[1]:
            c.font = Font(bold=True)
        for label, _, cells in self.rows:
            append_row(ws, [label, *(_number(c) for c in cells)])
        ws.freeze_panes = "B2"
        ws.column_dimensions["A"].width = 28
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()


def _number(text: str) -> object:
    """Numbers stay numbers in the spreadsheet (a share of 12.5 is the number 12.5)."""
    if re.fullmatch(r"-?\d+", text):
        return int(text)
    if re.fullmatch(r"-?\d+\.\d+", text):
        return float(text)
    return text


def _iri_of(q: SavedQuery, label_col: str) -> str:
    for c in q.columns:
        if c.name == label_col and c.label_of:
            return c.label_of
    return ""


def _order(q: SavedQuery, label_col: str, rows: Sequence[Mapping[str, Value]], sort: str | None) -> list[str]:
    """The distinct labels of a column, in the chart's order (``sort-y: chapterNumber``) or first seen."""
    seen: dict[str, tuple[float, int]] = {}
    for i, r in enumerate(rows):
        label = r.get(label_col)
        if label is None:
            continue
        key = r.get(sort.lstrip("-")) if sort else None
        if isinstance(key, int | float) and sort and sort.startswith("-"):
            key = -key
        seen.setdefault(str(label), (key if isinstance(key, int | float) else i, i))
    return sorted(seen, key=lambda k: seen[k])


def pivot(q: SavedQuery, rows: Sequence[Mapping[str, Value]]) -> Matrix:
    cols = {c.name: c for c in q.columns}
    ch = dict(q.chart.channels) if q.chart is not None else {}
    kind = q.chart.kind if q.chart is not None else ""
    if kind in ("heatmap", "network") and not ch.get("facet"):
        r_col, c_col, v_col = ch.get("y", ""), ch.get("x", ""), ch.get("color", "")
        sort_r, sort_c = ch.get("sort-y"), ch.get("sort-x")
    elif kind == "stacked-bar" and "melt" not in ch:
        r_col, c_col, v_col = ch.get("y", ""), ch.get("color", ""), ch.get("x", "")
        sort_r, sort_c = ch.get("sort-y"), None
    else:
        return _long(q, rows)
    if not (r_col in cols and c_col in cols and v_col in cols):
        return _long(q, rows)
    row_labels = _order(q, r_col, rows, sort_r)
    col_labels = _order(q, c_col, rows, sort_c)
    if kind == "network":  # a pair matrix: both sides list every entity, filled symmetrically
        everyone = sorted(set(row_labels) | set(col_labels), key=str.lower)
        row_labels = col_labels = everyone
    cells: dict[tuple[str, str], str] = {}
    iris: dict[str, str] = {}
    r_iri = _iri_of(q, r_col)
    for r in rows:
        a, b = r.get(r_col), r.get(c_col)
        if a is None or b is None:
            continue
        text = cell_text(r.get(v_col), cols[v_col])
        cells[(str(a), str(b))] = text
        if kind == "network":
            cells[(str(b), str(a))] = text
        if r_iri and r.get(r_iri) is not None:
            iris[str(a)] = str(r.get(r_iri))
    empty = "0" if cols[v_col].type == "integer" else ""
    body = [(label, iris.get(label, ""), [cells.get((label, c), empty) for c in col_labels]) for label in row_labels]
    caption = f"{human(v_col)} by {human(r_col).lower()} (rows) and {human(c_col).lower()} (columns)"
    corner = "Entity" if kind == "network" else human(r_col)
    return Matrix(corner, col_labels, body, caption)


def _long(q: SavedQuery, rows: Sequence[Mapping[str, Value]]) -> Matrix:
    """Label columns instead of IRIs, human headers, rounded numbers (one row per result row)."""
    labelled = {c.label_of for c in q.columns if c.label_of}
    shown = [c for c in q.columns if c.name not in labelled and not (c.type == "integer" and c.role == "label")]
    first, rest = shown[0], shown[1:]
    iri_col = first.label_of if first.label_of else ""
    body = [(cell_text(r.get(first.name), first), str(r.get(iri_col) or "") if iri_col else "",
             [cell_text(r.get(c.name), c) for c in rest]) for r in rows]
    return Matrix(human(first.name), [human(c.name) for c in rest], body)
