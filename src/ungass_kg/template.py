"""The submission template, generated from the SHACL shapes and the registers.

``Activities``: one column per field (header = the shape's ``sh:name``), drop-down lists
for the columns that refer to a register; ``Help``: what each column takes; ``Lists``:
the allowed values, read from the store's registers (so the template follows them).
Multi-valued cells take ``;``-separated names or acronyms, so their drop-downs only warn.
"""

from __future__ import annotations

import datetime as dt
import io

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from . import cells, i18n
from .cells import set_text
from .i18n import N_
from .ingest.columns import Column, columns_from_shapes
from .ingest.registers import Register, Registers
from .namespaces import UNG
from .validate.shapes import activity_shapes

DATA_ROWS = 2000  # rows that get drop-downs
FIRST_YEAR = 2017


def _lists(registers: Registers) -> list[Register]:
    return [registers.chapters, registers.entities, registers.reach, registers.areas, registers.programmes,
            registers.activity_types, registers.focuses, registers.quantity_kinds]


def template_columns() -> list[Column]:
    return columns_from_shapes(activity_shapes())


# the registers' names as the Lists sheet heads them (Register.name), for the catalogs
LIST_NAMES = (N_("Chapters"), N_("Entities"), N_("Reach"), N_("Countries and regions"), N_("Programmes"),
              N_("Activity types"), N_("Thematic focuses"), N_("Quantity kinds"))


def build_xlsx(registers: Registers, rows: list[dict[str, object]] | None = None, lang: str = i18n.DEFAULT) -> bytes:
    """The workbook; ``lang`` writes headers, Help and Lists in that language (the reader takes the
    headers in any of the six) and records it as the workbook's language."""
    _ = i18n.gettext_for(lang)
    columns = template_columns()
    wb = Workbook()
    wb.properties.language = lang
    ws = wb.active
    assert ws is not None
    ws.title = "Activities"
    help_ws = wb.create_sheet("Help")
    lists_ws = wb.create_sheet("Lists")

    # Lists: one register per column, header in row 1
    ranges: dict[str, str] = {}
    for i, listed in enumerate(_lists(registers), start=1):
        letter = get_column_letter(i)
        lists_ws.cell(1, i, _(listed.name)).font = Font(bold=True)
        for j, (label, _iri) in enumerate(listed.choices, start=2):
            set_text(lists_ws.cell(j, i), label)  # register labels are data: never a formula
        lists_ws.column_dimensions[letter].width = 38
        if listed.choices:
            ranges[listed.name] = f"Lists!${letter}$2:${letter}${len(listed.choices) + 1}"
    lists_ws.freeze_panes = "A2"

    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for ci, col in enumerate(columns, start=1):
        letter = get_column_letter(ci)
        cell = ws.cell(1, ci, _(col.header))
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        cell.comment = Comment(_(col.description) + (" (" + _("required") + ")" if col.required else ""),
                               "ungass-kg")
        ws.column_dimensions[letter].width = 40 if col.kind == "text" else 24
        area = f"{letter}2:{letter}{DATA_ROWS + 1}"
        reg: Register | None = registers.for_path(col.path) if col.kind == "reference" else None
        if reg is not None and reg.name in ranges:
            dv = DataValidation(type="list", formula1=ranges[reg.name], allow_blank=True,
                                showErrorMessage=True, errorStyle="stop" if col.single else "warning",
                                errorTitle=_(col.header),
                                error=(_("Pick a value from the list.") if col.single else
                                       _("Not a single value of the list: fine if you typed several, separated "
                                         "by ';'.")),
                                promptTitle=_(col.header)[:32], prompt=_(col.description)[:250], showInputMessage=True)
            dv.add(area)
            ws.add_data_validation(dv)
        elif col.kind == "integer" and col.path == UNG.reportingYear:
            year = dt.date.today().year
            dv = DataValidation(type="whole", operator="between", formula1=str(FIRST_YEAR), formula2=str(year),
                                allow_blank=True, showErrorMessage=True, errorTitle=_(col.header),
                                error=_("Type a year from %(first)s to %(last)s, e.g. 2023.", first=FIRST_YEAR,
                                        last=year),
                                promptTitle=_(col.header)[:32], prompt=_(col.description)[:250],
                                showInputMessage=True)
            dv.add(area)
            ws.add_data_validation(dv)
    ws.freeze_panes = "B2"
    for ri, row in enumerate(rows or [], start=2):  # a pre-filled template: the stored activities
        for ci, col in enumerate(columns, start=1):
            value = row.get(col.header)
            if value is not None:
                set_text(ws.cell(ri, ci), value)  # text stays text, even when it starts with '='

    # Help
    help_ws.append([_("Column"), _("Required"), _("Several values"), _("What to enter"), _("Allowed values")])
    for c in help_ws[1]:
        c.font = Font(bold=True)
    for col in columns:
        reg = registers.for_path(col.path) if col.kind == "reference" else (
            registers.quantity_kinds if col.kind == "quantity" else None)
        help_ws.append([_(col.header), _("yes") if col.required else _("no"),
                        _("yes, separated by ';'") if col.multi_valued else _("no"),
                        _(col.description), _("sheet Lists, column '%(name)s'", name=_(reg.name)) if reg else ""])
    help_ws.append([])
    help_ws.append([_("One activity per row. Names and acronyms are matched without regard to case. Check the "
                      "file with 'ungass-kg validate FILE' before submitting it.")])
    if lang != i18n.DEFAULT:
        help_ws.append([_("This template's wording is the ungass-kg team's translation, to be reviewed by UN "
                          "translators.")])
    for letter, width in zip("ABCDE", (24, 10, 20, 90, 34), strict=True):
        help_ws.column_dimensions[letter].width = width
    for row in help_ws.iter_rows(min_row=2):
        for c in row:
            c.alignment = Alignment(wrap_text=True, vertical="top")

    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def build_csv(registers: Registers, rows: list[dict[str, object]] | None = None) -> bytes:
    """The header row (UTF-8), then the pre-filled rows if any: the CSV form of the template."""
    buf = io.StringIO()
    columns = template_columns()
    w = cells.Writer(buf, lineterminator="\r\n")  # pre-filled rows are data: formulas neutralised
    w.writerow([c.header for c in columns])
    for row in rows or []:
        w.writerow([row.get(c.header) for c in columns])
    return buf.getvalue().encode("utf-8")


def build_template(registers: Registers, fmt: str = "xlsx", rows: list[dict[str, object]] | None = None,
                   lang: str = i18n.DEFAULT) -> bytes:
    """The template; ``rows`` (from :func:`ungass_kg.prefill.template_rows`) pre-fill it."""
    return build_csv(registers, rows) if fmt == "csv" else build_xlsx(registers, rows, lang)
