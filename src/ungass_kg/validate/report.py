"""The validation report a focal point can act on, in text, JSON, CSV, Turtle and HTML.

Every :class:`Result` names the cell (sheet, row, column header, the value as typed),
says what is wrong and how to fix it (the shape's ``sh:message``), and may carry a
suggestion ("did you mean UNODC?"). ``to_turtle`` is a standard ``sh:ValidationReport``
(cell positions added as ``ungsh:`` annotations on each ``sh:ValidationResult``).
"""

from __future__ import annotations

import html
import io
from collections import Counter
from dataclasses import asdict, dataclass, field
from itertools import groupby
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .. import cells
from ..namespaces import SH
from .shapes import UNGSH

SEVERITIES = ("Violation", "Warning", "Info")
_RANK = {s: i for i, s in enumerate(SEVERITIES)}


@dataclass
class Result:
    severity: str  # Violation | Warning | Info
    message: str
    rule: str  # the shape's local name (e.g. "chapter-required") or a reader rule ("merged-cells")
    sheet: str | None = None
    row: int | None = None
    column: str | None = None
    value: str | None = None
    suggestion: str | None = None
    focus_node: str | None = None
    path: str | None = None
    shape: str | None = None
    component: str | None = None  # sh:sourceConstraintComponent

    def key(self) -> tuple[int | None, str | None, str]:
        return (self.row, self.column, self.rule)


@dataclass
class ValidationReport:
    file: str
    format: str
    activities: int
    results: list[Result] = field(default_factory=list)
    # the mapped submission (activities as RDF), for storing; not part of the report's output
    data: Graph | None = field(default=None, repr=False, compare=False)
    # where each node came from (ingest.mapping.Positions), for rules that run after validation
    positions: Any = field(default=None, repr=False, compare=False)

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.severity for r in self.results)
        return {s: c.get(s, 0) for s in SEVERITIES}

    @property
    def violations(self) -> int:
        return self.counts["Violation"]

    @property
    def warnings(self) -> int:
        return self.counts["Warning"]

    @property
    def conforms(self) -> bool:
        """Conforms when there is no Violation (Warnings are allowed)."""
        return self.violations == 0

    def sort(self) -> None:
        self.results.sort(key=lambda r: (r.row is not None, r.row or 0, _RANK.get(r.severity, 9),
                                         r.column or "", r.rule, r.value or ""))

    def result_keys(self) -> set[tuple[int | None, str | None, str]]:
        """(row, column, rule) of every result: what the tests compare."""
        return {r.key() for r in self.results}

    # ---------------------------------------------------------------- formats
    def to_json(self) -> dict:
        return {
            "file": self.file, "format": self.format, "conforms": self.conforms,
            "activities": self.activities, "counts": self.counts,
            "results": [asdict(r) for r in self.results],
        }

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does NOT conform"
        c = self.counts
        return (f"{self.file}: {verdict}: {self.activities} activit{'y' if self.activities == 1 else 'ies'}, "
                f"{c['Violation']} violation(s), {c['Warning']} warning(s)")

    def to_text(self) -> str:
        lines = [self.summary()]
        for (sheet, row), group in groupby(self.results, key=lambda r: (r.sheet, r.row)):
            where = f"Row {row}" if row is not None else "Whole file"
            if row is not None and group_is_header(self.results, row):
                where += ", the header row"
            lines.append("")
            lines.append(f"{where}" + (f" (sheet {sheet})" if sheet else ""))
            for r in group:
                col = f"{r.column}: " if r.column else (f"{_short(r.path)}: " if r.path else "")
                val = f" [value: {r.value!r}]" if r.value not in (None, "") else ""
                lines.append(f"  {r.severity.upper():<9} {col}{r.message}{val}")
                if r.suggestion:
                    lines.append(f"  {'':<9} -> {r.suggestion}")
                if r.row is None and r.focus_node and r.column is None:
                    lines.append(f"  {'':<9} (at {r.focus_node})")
        return "\n".join(lines) + "\n"

    def to_csv(self) -> str:
        buf = io.StringIO()
        cols = ["severity", "sheet", "row", "column", "value", "message", "suggestion", "rule",
                "focus_node", "path", "shape"]
        w = cells.Writer(buf)  # values come from the upload: formulas neutralised
        w.writerow(cols)
        for r in self.results:
            d = asdict(r)
            w.writerow(["" if d[c] is None else d[c] for c in cols])
        return buf.getvalue()

    def to_graph(self, node: URIRef | BNode | None = None, into: Graph | None = None) -> Graph:
        """The standard ``sh:ValidationReport`` (``node`` names the report; a blank node by default)."""
        g = into if into is not None else Graph()
        g.bind("sh", SH)
        g.bind("ungsh", UNGSH)
        rep = node if node is not None else BNode()
        g.add((rep, RDF.type, SH.ValidationReport))
        g.add((rep, SH.conforms, Literal(self.conforms)))
        file_node = BNode()
        for r in self.results:
            res = BNode()
            g.add((rep, SH.result, res))
            g.add((res, RDF.type, SH.ValidationResult))
            g.add((res, SH.resultSeverity, SH[r.severity]))
            g.add((res, SH.focusNode, _term(r.focus_node) if r.focus_node else file_node))
            g.add((res, SH.resultMessage, Literal(r.message)))
            if r.path:
                g.add((res, SH.resultPath, URIRef(r.path)))
            if r.value is not None:
                g.add((res, SH.value, Literal(r.value)))
            if r.shape:
                g.add((res, SH.sourceShape, _term(r.shape)))
            g.add((res, SH.sourceConstraintComponent,
                   URIRef(r.component) if r.component else UNGSH.ReaderConstraintComponent))
            for prop, v in (("sheet", r.sheet), ("column", r.column), ("suggestion", r.suggestion), ("rule", r.rule)):
                if v is not None:
                    g.add((res, UNGSH[prop], Literal(v)))
            if r.row is not None:
                g.add((res, UNGSH.row, Literal(r.row, datatype=XSD.integer)))
        return g

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")

    def to_html(self) -> str:
        e = html.escape
        rows = []
        for r in self.results:
            where = "file" if r.row is None else str(r.row)
            rows.append(
                f'<tr class="{e(r.severity.lower())}"><td>{e(r.severity)}</td><td>{e(where)}</td>'
                f"<td>{e(r.column or _short(r.path) or '')}</td><td><code>{e(r.value or '')}</code></td>"
                f"<td>{e(r.message)}</td><td>{e(r.suggestion or '')}</td></tr>")
        c = self.counts
        table = ("<table><thead><tr><th>Severity</th><th>Row</th><th>Column</th><th>Value</th>"
                 "<th>What is wrong and how to fix it</th><th>Suggestion</th></tr></thead><tbody>"
                 + "".join(rows) + "</tbody></table>") if rows else "<p>No problems found.</p>"
        verdict = "conforms" if self.conforms else "does not conform"
        return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Validation report: {e(self.file)}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}}
h1{{font-size:1.4rem}} .verdict{{font-weight:bold}} .ok{{color:#1a7f37}} .bad{{color:#b42318}}
table{{border-collapse:collapse;width:100%}}
th,td{{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}}
th{{background:#f6f8fa}} tr.violation td:first-child{{color:#b42318;font-weight:bold}}
tr.warning td:first-child{{color:#9a6700;font-weight:bold}} code{{white-space:pre-wrap}}
</style></head><body>
<h1>Validation report: {e(self.file)}</h1>
<p class="verdict {'ok' if self.conforms else 'bad'}">The file {verdict}.</p>
<p>{self.activities} activities; {c['Violation']} violation(s), {c['Warning']} warning(s).
Violations must be fixed before the file can be submitted; warnings are advice.</p>
{table}
</body></html>
"""


def group_is_header(results: list[Result], row: int) -> bool:
    """Column problems are reported on the header row."""
    return all(r.rule in ("missing-column", "unknown-column", "duplicate-column") for r in results if r.row == row)


def _term(s: str) -> URIRef | BNode:
    return BNode(s[2:]) if s.startswith("_:") else URIRef(s)


def _short(iri: str | None) -> str:
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
