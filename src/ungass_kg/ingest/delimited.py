"""Read a CSV submission (UTF-8 with or without BOM; ``,`` or ``;`` separated)."""

from __future__ import annotations

import csv
import io

from ..errors import Count, InputError, TooLarge
from ..i18n import N_
from ..limits import DEFAULT, HEADER_ROWS, Limits, check_cell
from .table import Row, Table, is_empty


def decode(data: bytes, filename: str) -> str:
    """UTF-8 text; anything else is refused with the line of the first bad byte."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise InputError(N_("%(file)s: line %(line)s: byte %(byte)s is not UTF-8 text"),
                         hint=N_("save the file as 'CSV UTF-8 (comma delimited)'"),
                         values={"file": filename, "line": line, "byte": f"0x{data[e.start]:02X}"}) from None


def sniff_delimiter(first_line: str) -> str:
    """``;`` when the header has more semicolons than commas (European spreadsheet exports)."""
    return ";" if first_line.count(";") > first_line.count(",") else ","


def read_csv(data: bytes, filename: str, limits: Limits = DEFAULT) -> Table:
    text = decode(data, filename)
    if not text.strip():
        raise InputError(N_("%(file)s: the file is empty"),
                         hint=N_("fill in the template: a header row, then one activity per row"),
                         values={"file": filename})
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_delimiter(first))
    table: Table | None = None
    try:
        for i, rec in enumerate(reader, start=1):
            if i > limits.rows + HEADER_ROWS:
                raise TooLarge(N_("%(file)s: more than %(cap)s rows, over what one submission may hold"),
                               hint=N_("split the activities over several files"),
                               values={"file": filename, "cap": Count(limits.rows)})
            if len(rec) > limits.columns:
                raise TooLarge(N_("%(file)s: line %(line)s: %(columns)s columns, over the %(cap)s a submission "
                                  "may have"), hint=N_("one activity per row, as in the template"),
                               values={"file": filename, "line": reader.line_num, "columns": Count(len(rec)),
                                       "cap": limits.columns})
            for ci, v in enumerate(rec):
                check_cell(v, filename, limits, line=reader.line_num, column=ci + 1)
            if table is None:
                if all(is_empty(v) for v in rec):
                    continue
                header = [v.strip() for v in rec]
                while header and not header[-1]:
                    header.pop()
                table = Table(sheet=None, header=header, header_row=i)
                continue
            values = [None if is_empty(v) else v for v in rec[: len(table.header)]]
            values += [None] * (len(table.header) - len(values))
            if any(v is not None for v in values):
                table.rows.append(Row(i, values))
    except csv.Error as e:
        if "field limit" in str(e):  # the csv module's own cap (131,072 characters), above ours
            raise TooLarge(N_("%(file)s: line %(line)s: a cell over %(cap)s characters"),
                           hint=N_("shorten the text; check for an unclosed quote"),
                           values={"file": filename, "line": reader.line_num,
                                   "cap": Count(csv.field_size_limit())}) from None
        # the csv module's own words (English) stay as they are, as a fact of the line
        raise InputError(N_("%(file)s: line %(line)s: %(reason)s"), hint=N_("check the quotes in that line"),
                         values={"file": filename, "line": reader.line_num, "reason": str(e)}) from None
    assert table is not None
    return table
