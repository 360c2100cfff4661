"""Cells we write into CSV, TSV and XLSX files: no formula leaves the project.

A spreadsheet runs a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and, in some
programs, a tab or carriage return) as a formula, so a title such as
``=HYPERLINK("http://evil/", "x")`` taken from a submission would run on the desk of
whoever opens a table we wrote. OWASP's rule for CSV injection is applied to every text
cell: such a cell gets a leading ``'`` and is quoted; nothing else changes (a spreadsheet
shows the text, the quote only marks it as text). Numbers the project computes (Python
``int``, ``float``, ``Decimal``) are written as they are: they carry no formula.

Every CSV, TSV and XLSX writer in the package uses this module::

    from ungass_kg.cells import Writer, append_row, csv_text, neutralise, set_text
    csv_text([["title", "n"], ["=1+2", 3]])        # 'title,n\\n"\'=1+2",3\\n'
    Writer(buf).writerow(["=1+2", 3])               # a csv.writer that neutralises
    set_text(ws.cell(2, 1), "=1+2")               # openpyxl: a text cell with Excel's quote prefix
    append_row(ws, ["=1+2", 3])                    # ws.append, the same rule

The one exception is ``text/csv`` and ``text/tab-separated-values`` from ``/sparql``:
those follow the W3C SPARQL 1.1 Query Results CSV and TSV formats, which a client parses
as data (changing a value there would change the answer); see docs/reliability.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """True for text a spreadsheet could run as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_START)


def neutralise(value: str) -> str:
    """The text with a leading ``'`` when it starts like a formula; unchanged otherwise."""
    return "'" + value if value.startswith(FORMULA_START) else value


def _field(value: object, delimiter: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int | float | Decimal):
        return str(value)
    else:
        text = str(value)
    forced = text.startswith(FORMULA_START)
    if forced:
        text = "'" + text
    if forced or delimiter in text or any(ch in text for ch in '"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def csv_row(row: Iterable[object], delimiter: str = ",", lineterminator: str = "\n") -> str:
    """One CSV (or TSV) record: RFC 4180 quoting, formula-like text neutralised and quoted."""
    fields = [_field(v, delimiter) for v in row]
    if fields == [""]:
        fields = ['""']  # a record of one empty field, as the csv module writes it
    return delimiter.join(fields) + lineterminator


def csv_text(rows: Iterable[Iterable[object]], delimiter: str = ",", lineterminator: str = "\n") -> str:
    """A whole CSV (or TSV) document; see :func:`csv_row`."""
    return "".join(csv_row(r, delimiter, lineterminator) for r in rows)


class Writer:
    """A drop-in for ``csv.writer`` (``writerow``, ``writerows``) that neutralises formulas."""

    def __init__(self, out: Any, delimiter: str = ",", lineterminator: str = "\n") -> None:
        self._out, self._delimiter, self._end = out, delimiter, lineterminator

    def writerow(self, row: Iterable[object]) -> None:
        self._out.write(csv_row(row, self._delimiter, self._end))

    def writerows(self, rows: Iterable[Iterable[object]]) -> None:
        for r in rows:
            self.writerow(r)


def append_row(ws: Any, row: Iterable[object]) -> None:
    """``ws.append(row)`` for an openpyxl worksheet, with :func:`set_text`'s rule for every cell."""
    values = list(row)
    ws.append(values)
    for cell, value in zip(ws[ws.max_row], values, strict=False):
        if is_formula_like(value):
            set_text(cell, value)


def set_text(cell: Any, value: object) -> Any:
    """Put ``value`` into an openpyxl cell; text that starts like a formula stays text.

    openpyxl would store ``"=1+2"`` as a formula; here it becomes a text cell with the
    quote prefix Excel itself records when one types ``'=1+2`` (the cell shows ``=1+2``).
    """
    cell.value = value
    if is_formula_like(value):
        cell.data_type = "s"
        cell.quotePrefix = True
    return cell
