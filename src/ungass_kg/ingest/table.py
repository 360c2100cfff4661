"""What the spreadsheet readers produce: a header and rows of raw cell values, with positions.

Readers (XLSX, CSV) only turn bytes into cells; they never interpret a value. Problems a
reader can see that SHACL cannot (merged cells, formulas) are returned as
:class:`ReaderIssue` with the exact cell, so they appear in the same report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Severity = Literal["Violation", "Warning", "Info"]


@dataclass(frozen=True)
class ReaderIssue:
    severity: Severity
    rule: str  # short, stable identifier, e.g. "merged-cells"
    message: str
    row: int | None = None
    column: str | None = None  # column header (or letter when the header is unknown)
    value: str | None = None
    suggestion: str | None = None


@dataclass
class Row:
    number: int  # 1-based row number as the user sees it in the sheet
    values: list[Any]  # one raw value per header column (None when empty)


@dataclass
class Table:
    sheet: str | None  # sheet name (None for CSV)
    header: list[str]  # header texts as written, in column order
    header_row: int
    rows: list[Row] = field(default_factory=list)
    issues: list[ReaderIssue] = field(default_factory=list)


def is_empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())
