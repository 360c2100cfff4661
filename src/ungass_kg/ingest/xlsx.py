"""Read the "Activities" sheet of an XLSX workbook into a :class:`~.table.Table`.

Formulas are never evaluated: the value Excel cached when it last saved the file is used
(and the cell is reported as a Warning); a formula without a cached value is a Violation.
Merged cells in the data area are reported at their first cell (which row does the value
belong to?). Dates are returned as ``datetime`` and left to the row mapping.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException

from ..errors import InputError
from ..i18n import N_
from ..limits import DEFAULT, Limits, check_cell, check_xlsx
from .table import ReaderIssue, Row, Table, is_empty

SHEET = "Activities"


def _open(data: bytes, filename: str, *, values: bool) -> Any:
    try:
        return load_workbook(io.BytesIO(data), data_only=values, read_only=False)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as e:
        raise InputError(N_("%(file)s: not a readable XLSX workbook (%(reason)s)"),
                         hint=N_("save it from your spreadsheet program as 'Excel Workbook (.xlsx)'"),
                         values={"file": filename, "reason": str(e)}) from None


def _find_sheet(wb: Any, filename: str) -> Any:
    for name in wb.sheetnames:
        if name.strip().casefold() == SHEET.casefold():
            return wb[name]
    raise InputError(N_("%(file)s: the workbook has no '%(sheet)s' sheet (it has: %(sheets)s)"),
                     hint=N_("put the activities on a sheet named '%(sheet)s', as in 'ungass-kg template'"),
                     values={"file": filename, "sheet": SHEET, "sheets": ", ".join(wb.sheetnames)})


def read_xlsx(data: bytes, filename: str, limits: Limits = DEFAULT) -> Table:
    check_xlsx(data, filename, limits)  # entities refused, sizes capped, before openpyxl inflates anything
    wb = _open(data, filename, values=False)
    ws = _find_sheet(wb, filename)
    # Only the columns up to the header's last one are read: openpyxl makes a cell for every
    # position of the rectangle it is asked for, so a stray cell at XFD1 must not widen it.
    top = [list(r) for r in ws.iter_rows(max_row=20, max_col=min(ws.max_column, limits.columns))]
    header_idx = next((i for i, r in enumerate(top) if any(not is_empty(c.value) for c in r)), None)
    if header_idx is None:
        raise InputError(N_("%(file)s: the '%(sheet)s' sheet is empty"),
                         hint=N_("fill in the template: one header row, then one activity per row"),
                         values={"file": filename, "sheet": ws.title})
    header_cells = top[header_idx]
    while header_cells and is_empty(header_cells[-1].value):
        header_cells = header_cells[:-1]
    header = ["" if is_empty(c.value) else str(c.value).strip() for c in header_cells]
    width = len(header)
    table = Table(sheet=ws.title, header=header, header_row=header_idx + 1)
    grid = top[:header_idx + 1] + [list(r) for r in ws.iter_rows(min_row=header_idx + 2, max_col=width)]
    for r in grid:
        for c in r:
            if isinstance(c.value, str):
                check_cell(c.value, filename, limits, cell=c.coordinate)

    def col_name(ci: int) -> str:
        return header[ci] if ci < width and header[ci] else get_column_letter(ci + 1)

    cached: Any = None
    formulas = [(c.row, c.column) for r in grid[header_idx + 1:] for c in r[:width] if c.data_type == "f"]
    if formulas:
        cached = _find_sheet(_open(data, filename, values=True), filename)
    for r in grid[header_idx + 1:]:
        values = [c.value for c in r[:width]] + [None] * (width - len(r[:width]))
        for ci, c in enumerate(r[:width]):
            if c.data_type == "f":
                value = cached.cell(c.row, c.column).value
                values[ci] = value
                if value is None:
                    table.issues.append(ReaderIssue(
                        "Violation", "formula-without-value",
                        f"This cell holds a formula ({c.value}) with no saved result; type the value itself "
                        "(formulas are never evaluated).", r[0].row, col_name(ci), str(c.value)))
                else:
                    table.issues.append(ReaderIssue(
                        "Warning", "formula",
                        f"This cell holds a formula ({c.value}); the value your spreadsheet saved, "
                        f"'{value}', was used. Type the value itself to be sure.", r[0].row, col_name(ci), str(value)))
        if any(not is_empty(v) for v in values):
            table.rows.append(Row(r[0].row, values))
    for rng in ws.merged_cells.ranges:
        if rng.max_row <= header_idx + 1 and rng.min_row <= header_idx + 1 and rng.max_row == rng.min_row:
            continue  # a merged title cell in the header row does not hide values
        top = ws.cell(rng.min_row, rng.min_col).value
        table.issues.append(ReaderIssue(
            "Violation", "merged-cells",
            f"Cells {rng.coord} are merged, so it is unclear which row the value belongs to: unmerge them "
            "and repeat the value in every row that needs it.",
            rng.min_row, col_name(rng.min_col - 1), None if top is None else str(top)))
    return table
