"""The matrix (or any filtered view of it) as a table: one row per activity.

The columns are the submission template's (labels, as a focal point types them, so the file
goes back in as a submission) with, beside each reference column, its codes (the keys of the
resources' addresses: ``1``, ``unodc``, ``004``) and, last, the activity's IRI.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from .. import cells
from ..ingest.columns import Column
from ..namespaces import sparql_prologue
from ..store import SelectResult, Store
from .activities import key_of, labels, matching
from .filters import Filter

SEPARATOR = "; "  # the template's separator of several values in one cell
IRI_HEADER = "IRI"


def _columns() -> list[Column]:
    from ..template import template_columns

    return template_columns()


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]

    def csv(self) -> str:
        buf = io.StringIO()
        w = cells.Writer(buf, lineterminator="\r\n")  # values come from submissions: no formulas
        w.writerow(self.header)
        w.writerows(self.rows)
        return buf.getvalue()

    def xlsx(self) -> bytes:
        from openpyxl import Workbook
        from openpyxl.styles import Font

        wb = Workbook()
        ws = wb.active
        assert ws is not None
        ws.title = "Activities"
        ws.append(self.header)
        for c in ws[1]:
            c.font = Font(bold=True)
        for r in self.rows:
            cells.append_row(ws, r)
        ws.freeze_panes = "A2"
        for i, h in enumerate(self.header, start=1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = 48 if h in ("Title", "Description") else 18
        buf = io.BytesIO()
        wb.save(buf)
        return buf.getvalue()


def header() -> list[str]:
    out = []
    for c in _columns():
        out.append(c.header)
        if c.kind == "reference":
            out.append(f"{c.header} (code)")
    return [*out, IRI_HEADER]


def build(store: Store, f: Filter) -> Table:
    """Every activity the filter matches (not only one page), ordered by title."""
    cols = _columns()
    head = header()
    m = matching(store, f)
    if m is None:
        return Table(head, [])
    paths = " ".join(f"<{c.path}>" for c in cols if c.kind != "quantity")
    res = store.query(sparql_prologue() + f"""SELECT ?a ?p ?o ?qv ?qk WHERE {{
  {m}
  {{ VALUES ?p {{ {paths} }} ?a ?p ?o }}
  UNION {{ BIND(ung:statedQuantity AS ?p) ?a ung:statedQuantity ?o . ?o rdf:value ?qv
          OPTIONAL {{ ?o ung:quantityKind ?qk }} }}
}}""")
    assert isinstance(res, SelectResult)
    lab = labels(store)
    full = _full_names(store)
    values: dict[str, dict[str, list[tuple[str, str]]]] = {}
    for r in res.rows:
        a, p, o = str(r["a"]), str(r["p"]), r["o"]
        cell = values.setdefault(a, {}).setdefault(p, [])
        if "qv" in r:
            kind = r.get("qk")
            text = str(r["qv"]) + (" " + full.get(str(kind), key_of(str(kind))) if kind is not None else "")
            cell.append((text, ""))
        elif p.endswith("leadEntity") or p.endswith("participant") or p.endswith("otherPartner"):
            cell.append((lab.labels.get(str(o), key_of(str(o))), key_of(str(o))))
        elif hasattr(o, "datatype") or not str(o).startswith("http"):
            cell.append((str(o), ""))
        else:
            cell.append((full.get(str(o)) or lab.labels.get(str(o), key_of(str(o))), key_of(str(o))))
    rows = []
    for a, by_path in values.items():
        row: list[str] = []
        for c in cols:
            vals = sorted(set(by_path.get(str(c.path), [])), key=lambda v: (lab.order.get(v[1], 0), v[0]))
            if c.path.endswith("#chapter"):
                vals.sort(key=lambda v: int(v[1]) if v[1].isdigit() else 99)
            row.append(SEPARATOR.join(v[0] for v in vals))
            if c.kind == "reference":
                row.append(SEPARATOR.join(v[1] for v in vals))
        row.append(a)
        rows.append(row)
    title_at = head.index("Title") if "Title" in head else 0
    rows.sort(key=lambda r: (r[title_at].lower(), r[-1]))
    return Table(head, rows)


def _full_names(store: Store) -> dict[str, str]:
    from .activities import full_labels

    return full_labels(store)
