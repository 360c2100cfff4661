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
from dataclasses import asdict, dataclass, field, fields
from itertools import groupby
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD
from rdflib.term import Node

from .. import cells, i18n
from ..i18n import N_
from ..namespaces import SH
from .shapes import UNGSH

SEVERITIES = ("Violation", "Warning", "Info")
# the report's own wording where it is not a validation message (the page template has the rest)
WORDING = (N_("Row %(row)s"), N_("Whole file"), N_(", the header row"), N_(" (sheet %(sheet)s)"), N_("Row"),
           N_("Column"), N_("Validation report: %(file)s"))
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
    cell: str | None = None  # spreadsheet reference of the cell, e.g. "D4" (column letter + row)

    def key(self) -> tuple[int | None, str | None, str]:
        return (self.row, self.column, self.rule)


# what asdict() gives for these flat records, without its deep copy (a tenth of the CLI's time at 20k rows)
_RESULT_FIELDS = tuple(f.name for f in fields(Result))


@dataclass
class ValidationReport:
    file: str
    format: str
    activities: int
    results: list[Result] = field(default_factory=list)
    # the mapped submission (activities as RDF), for storing; not part of the report's output.
    # ``source`` has ``triples`` and ``graph`` (ingest.Mapped): the graph is built only if asked for
    source: Any = field(default=None, repr=False, compare=False)

    @property
    def data(self) -> Graph | None:
        return self.source.graph if self.source is not None else None
    # where each node came from (ingest.mapping.Positions), for rules that run after validation
    positions: Any = field(default=None, repr=False, compare=False)
    # the language the text, HTML and summary are written in (messages.localised sets it with the
    # messages); JSON and CSV keys and the rows, columns, rules and suggestions do not change with it
    lang: str = field(default="en", compare=False)

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
            "activities": self.activities, "counts": self.counts, "by_rule": self.by_rule(),
            "results": [{f: getattr(r, f) for f in _RESULT_FIELDS} for r in self.results],
        }

    def summary(self) -> str:
        c = self.counts
        if self.lang != i18n.DEFAULT:
            _ = i18n.gettext_for(self.lang)
            verdict = _("The file conforms:") if self.conforms else _("The file does not conform:")
            return f"{self.file}: {verdict} " + _(
                "%(activities)s activities; %(violations)s violation(s), %(warnings)s warning(s), %(info)s info.",
                activities=self.activities, violations=c["Violation"], warnings=c["Warning"], info=c["Info"])
        verdict = "conforms" if self.conforms else "does NOT conform"
        return (f"{self.file}: {verdict}: {self.activities} activit{'y' if self.activities == 1 else 'ies'}, "
                f"{c['Violation']} violation(s), {c['Warning']} warning(s)"
                + (f", {c['Info']} info" if c["Info"] else ""))

    def suggestion_text(self, r: Result) -> str:
        """The result's suggestion as a person reads it in the report's language (the suggested
        value itself unchanged); the JSON and CSV keep the engine's English text."""
        from .messages import suggestion_in

        return suggestion_in(r.suggestion, self.lang) if r.suggestion else ""

    def by_rule(self) -> list[dict]:
        """The summary a report starts with: one line per rule and severity, with its count and first cells."""
        groups: dict[tuple[str, str], list[Result]] = {}
        for r in self.results:
            groups.setdefault((r.severity, r.rule), []).append(r)
        out = []
        for (severity, rule), rs in sorted(groups.items(), key=lambda kv: (_RANK.get(kv[0][0], 9), -len(kv[1]),
                                                                            kv[0][1])):
            cells = [r.cell or (f"row {r.row}" if r.row is not None else "file") for r in rs]
            out.append({"severity": severity, "rule": rule, "count": len(rs), "column": rs[0].column,
                        "message": rs[0].message, "cells": cells})
        return out

    def to_text(self) -> str:
        _ = i18n.gettext_for(self.lang)
        lines = [self.summary()]
        for (sheet, row), group in groupby(self.results, key=lambda r: (r.sheet, r.row)):
            where = _("Row %(row)s", row=row) if row is not None else _("Whole file")
            if row is not None and group_is_header(self.results, row):
                where += _(", the header row")
            lines.append("")
            lines.append(f"{where}" + (_(" (sheet %(sheet)s)", sheet=sheet) if sheet else ""))
            for r in group:
                col = f"{r.column}: " if r.column else (f"{_short(r.path)}: " if r.path else "")
                col = f"{r.column} ({r.cell}): " if r.cell and r.column else col
                marks = look_alikes(r.value or "")
                val = f" [value: {r.value!r}]" if r.value not in (None, "") else ""
                val += f" ({'; '.join(m for _, m in marks)})" if marks else ""
                lines.append(f"  {_(r.severity).upper():<9} {col}{r.message}{val}")
                if r.suggestion:
                    lines.append(f"  {'':<9} -> {self.suggestion_text(r)}")
                if r.row is None and r.focus_node and r.column is None:
                    lines.append(f"  {'':<9} (at {r.focus_node})")
        return "\n".join(lines) + "\n"

    def to_csv(self) -> str:
        buf = io.StringIO()
        cols = ["severity", "sheet", "row", "column", "value", "message", "suggestion", "rule",
                "focus_node", "path", "shape", "cell"]
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
        g.add((rep, UNGSH.activityCount, Literal(self.activities, datatype=XSD.nonNegativeInteger)))
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
            for prop, v in (("sheet", r.sheet), ("column", r.column), ("suggestion", r.suggestion), ("rule", r.rule),
                            ("cell", r.cell)):
                if v is not None:
                    g.add((res, UNGSH[prop], Literal(v)))
            if r.row is not None:
                g.add((res, UNGSH.row, Literal(r.row, datatype=XSD.integer)))
        return g

    def to_turtle(self) -> str:
        return self.to_graph().serialize(format="turtle")

    def to_html(self) -> str:
        e = html.escape
        _ = i18n.gettext_for(self.lang)
        rows = []
        for r in self.results:
            where = _("file") if r.row is None else str(r.row)
            rows.append(
                f'<tr class="{e(r.severity.lower())}"><td>{e(_(r.severity))}</td>'
                f"<td>{e(r.sheet or '')}</td><td>{e(r.cell or '')}</td><td>{e(where)}</td>"
                f"<td>{e(r.column or _short(r.path) or '')}</td><td><code>{visible_html(r.value or '')}</code></td>"
                f"<td>{e(r.message)}</td><td>{e(self.suggestion_text(r))}</td></tr>")
        c = self.counts
        summary = "".join(f'<tr class="{e(s["severity"].lower())}"><td>{e(_(s["severity"]))}</td>'
                          f'<td>{e(s["rule"])}</td><td>{s["count"]}</td><td>{e(", ".join(s["cells"][:8]))}'
                          f'{" ..." if len(s["cells"]) > 8 else ""}</td></tr>' for s in self.by_rule())
        table = (f"<h2>{e(_('Summary by rule'))}</h2><table><thead><tr><th>{e(_('Severity'))}</th>"
                 f"<th>{e(_('Rule'))}</th><th>{e(_('Count'))}</th><th>{e(_('Cells'))}</th></tr></thead><tbody>"
                 + summary + "</tbody></table>"
                 f"<h2>{e(_('Every result'))}</h2><table><thead><tr><th>{e(_('Severity'))}</th>"
                 f"<th>{e(_('Sheet'))}</th><th>{e(_('Cell'))}</th><th>{e(_('Row'))}</th><th>{e(_('Column'))}</th>"
                 f"<th>{e(_('Value'))}</th><th>{e(_('What is wrong and how to fix it'))}</th>"
                 f"<th>{e(_('Suggestion'))}</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
                 ) if rows else f"<p>{e(_('No problems found.'))}</p>"
        title = e(_("Validation report: %(file)s", file=self.file))
        if self.lang != i18n.DEFAULT:
            verdict = e(_("The file conforms:") if self.conforms else _("The file does not conform:"))
            counts = e(_("%(activities)s activities; %(violations)s violation(s), %(warnings)s warning(s), "
                         "%(info)s info.", activities=self.activities, violations=c["Violation"],
                         warnings=c["Warning"], info=c["Info"]))
            advice = e(_("Violations must be fixed before the file can be submitted; warnings are worth a look; "
                         "info is advice about optional fields."))
        else:
            verdict = f"The file {'conforms' if self.conforms else 'does not conform'}."
            counts = (f"{self.activities} activities; {c['Violation']} violation(s), {c['Warning']} warning(s), "
                      f"{c['Info']} info.")
            advice = ("Violations must be fixed before the file can be submitted; warnings are worth a look; "
                      "info is advice\nabout optional fields.")
        return f"""<!DOCTYPE html>
<html lang="{e(self.lang)}" dir="{i18n.direction(self.lang)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
body{{font-family:system-ui,sans-serif;margin:2rem;color:#1b1b1b}}
h1{{font-size:1.4rem}} .verdict{{font-weight:bold}} .ok{{color:#1a7f37}} .bad{{color:#b42318}}
table{{border-collapse:collapse;width:100%}}
th,td{{border:1px solid #d0d7de;padding:.35rem .5rem;text-align:left;vertical-align:top}}
th{{background:#f6f8fa}} tr.violation td:first-child{{color:#b42318;font-weight:bold}}
tr.warning td:first-child{{color:#9a6700;font-weight:bold}} code{{white-space:pre-wrap}}
mark.lookalike{{background:#ffd8a8;outline:1px solid #b42318}}
</style></head><body>
<h1>{title}</h1>
<p class="verdict {'ok' if self.conforms else 'bad'}">{verdict}</p>
<p>{counts}
{advice}</p>
{table}
</body></html>
"""


# characters that look like others: a letter in a number, spaces that are not spaces
_DIGIT_LOOKALIKES = {"O": "the letter O", "o": "the letter o", "l": "the letter l", "I": "the letter I"}
_SPACES = {"\u00a0": "a non-breaking space", "\u202f": "a narrow non-breaking space", "\u2007": "a figure space",
           "\u200b": "a zero-width space", "\t": "a tab", "\ufeff": "a byte-order mark"}


def look_alikes(value: str) -> list[tuple[int, str]]:
    """(position, what) for each character that a reader would take for another one.

    A letter O or l among digits ("2O24"), a non-breaking or zero-width space anywhere, and
    spaces at either end of the value.
    """
    out: list[tuple[int, str]] = []
    for i, c in enumerate(value):
        if c in _SPACES:
            out.append((i, f"{_SPACES[c]} at character {i + 1}"))
        elif c in _DIGIT_LOOKALIKES:
            near = value[max(0, i - 1):i] + value[i + 1:i + 2]
            if near and all(ch.isdigit() or ch in _DIGIT_LOOKALIKES for ch in near) and any(
                    ch.isdigit() for ch in value):
                out.append((i, f"{_DIGIT_LOOKALIKES[c]} at character {i + 1}, not a digit"))
    if value != value.rstrip(" "):
        out.append((len(value.rstrip(" ")), "a trailing space"))
    if value != value.lstrip(" "):
        out.append((0, "a leading space"))
    return out


def visible_html(value: str) -> str:
    """The value, escaped, with every look-alike character marked (and spaces made visible)."""
    marks = {i for i, _ in look_alikes(value)}
    trailing = len(value.rstrip(" "))
    leading = len(value) - len(value.lstrip(" "))
    out = []
    for i, c in enumerate(value):
        if i in marks or (c == " " and (i >= trailing or i < leading)):
            shown = "\u2423" if c == " " else ("\u00b7" if c in _SPACES else c)
            what = _SPACES.get(c) or _DIGIT_LOOKALIKES.get(c) or "a space"
            out.append(f'<mark class="lookalike" title="{html.escape(what)}">{html.escape(shown)}</mark>')
        else:
            out.append(html.escape(c))
    return "".join(out)


def group_is_header(results: list[Result], row: int) -> bool:
    """Column problems are reported on the header row."""
    return all(r.rule in ("missing-column", "unknown-column", "duplicate-column") for r in results if r.row == row)


def _term(s: str) -> URIRef | BNode:
    return BNode(s[2:]) if s.startswith("_:") else URIRef(s)


def _short(iri: str | None) -> str:
    if not iri:
        return ""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def report_from_graph(g: Graph, node: URIRef, *, file: str, fmt: str) -> ValidationReport:
    """A report read back from the ``sh:ValidationReport`` :meth:`ValidationReport.to_graph` wrote."""
    results = []
    for res in g.objects(node, SH.result):
        def v(p: URIRef, res: Node = res) -> str | None:
            o = g.value(res, p)
            return None if o is None else str(o)

        row = v(UNGSH.row)
        sev = v(SH.resultSeverity) or str(SH.Violation)
        results.append(Result(severity=sev.rsplit("#", 1)[-1], message=v(SH.resultMessage) or "",
                              rule=v(UNGSH.rule) or "", sheet=v(UNGSH.sheet), row=int(row) if row else None,
                              column=v(UNGSH.column), value=v(SH.value), suggestion=v(UNGSH.suggestion),
                              path=v(SH.resultPath), cell=v(UNGSH.cell)))
    activities = g.value(node, UNGSH.activityCount)
    report = ValidationReport(file=file, format=fmt, activities=int(str(activities)) if activities else 0,
                              results=results)
    report.sort()
    return report
