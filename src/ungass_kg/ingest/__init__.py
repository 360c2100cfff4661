"""Ingest: a submitted file -> activities as an rdflib graph, with the cell of every value.

Public entry point: :func:`read_submission`. XLSX and CSV rows are mapped through the
template's columns (derived from the SHACL shapes); Turtle, JSON-LD, RDF/XML and
N-Triples are read as RDF. A file that cannot be read at all raises
:class:`~ungass_kg.errors.InputError` (one line, naming the file and where); anything
readable becomes a graph, and SHACL says what is wrong in it.
"""

from __future__ import annotations

from pathlib import PurePath

from ..errors import InputError
from ..i18n import N_
from ..limits import DEFAULT, Limits
from ..rdfio import FORMATS, RdfFormat, format_for_media_type
from .columns import Column, columns_from_shapes
from .delimited import read_csv
from .mapping import Cell, Mapped, Positions, RowMapper
from .registers import Registers, load_registers

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SPREADSHEET_KINDS = ("xlsx", "csv")


def detect_kind(data: bytes, filename: str, media_type: str | None = None) -> str | RdfFormat:
    """``"xlsx"``, ``"csv"`` or an RDF format, from the content, the media type or the extension."""
    ext = PurePath(filename).suffix.lower().lstrip(".")
    mt = (media_type or "").split(";")[0].strip().lower()
    if data[:4] == b"PK\x03\x04" or mt == XLSX_TYPE:
        return "xlsx"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" or ext == "xls":
        raise InputError(N_("%(file)s: an old Excel 97-2003 (.xls) workbook"),
                         hint=N_("save it as 'Excel Workbook (.xlsx)' or as 'CSV UTF-8'"), values={"file": filename})
    if ext == "xlsx":
        raise InputError(N_("%(file)s: not a readable XLSX workbook (not a zip archive)"),
                         hint=N_("save it from your spreadsheet program as 'Excel Workbook (.xlsx)'"),
                         values={"file": filename})
    if mt in ("text/csv", "application/csv") or ext in ("csv", "txt", "tsv"):
        return "csv"
    if mt and mt not in ("application/octet-stream", "multipart/form-data"):
        f = format_for_media_type(mt)
        if f is not None:
            return f
    if ext in ("jsonld", "json"):
        return FORMATS["jsonld"]
    for f in FORMATS.values():
        if ext in f.extensions and not f.quads:
            return f
    raise InputError(N_("%(file)s: cannot tell the file type from the name '%(file)s'"),
                     hint=N_("submit .xlsx, .csv, .ttl, .jsonld, .rdf or .nt"), values={"file": filename})


def read_submission(data: bytes, filename: str, columns: list[Column], registers: Registers, *,
                    prefix: str, media_type: str | None = None, limits: Limits = DEFAULT) -> tuple[str, Mapped]:
    """Read and map a submission; returns (kind, mapped). ``prefix`` starts the activity IRIs."""
    if not data.strip():
        raise InputError(N_("%(file)s: the file is empty"), hint=N_("fill in the template from 'ungass-kg template'"),
                         values={"file": filename})
    kind = detect_kind(data, filename, media_type)
    if isinstance(kind, RdfFormat):
        from .rdf import read_rdf

        return kind.name, read_rdf(data, filename, kind, limits)
    if kind == "xlsx":
        # openpyxl costs about a second of start-up on a loaded machine; a CSV never needs it
        from .xlsx import read_xlsx

        table = read_xlsx(data, filename, limits)
    else:
        table = read_csv(data, filename, limits)
    if not table.rows:
        raise InputError(N_("%(file)s: no activity rows below the header (row %(row)s)"),
                         hint=N_("one activity per row, starting on the row after the header"),
                         values={"file": filename, "row": table.header_row})
    return kind, RowMapper(columns, registers, prefix).map_table(table)


__all__ = ["Cell", "Column", "Mapped", "Positions", "Registers", "columns_from_shapes", "detect_kind",
           "load_registers", "read_submission"]
