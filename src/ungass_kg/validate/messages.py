"""Validation messages in the six languages, built from the violated constraint (report layer).

The engine's messages stay as they are (English, the shapes' ``sh:message``); a report in another
language replaces each ``message`` with the template of the result's constraint component (or of
its reader rule or SPARQL rule), filled with the result's own variables: the column, the value,
the cell, the suggestion. Rows, columns, rules and suggestions are the English report's; only the
wording changes. The templates are catalog entries (i18n), translated by the team.
"""

from __future__ import annotations

import copy
from dataclasses import replace

from .. import i18n
from ..i18n import N_
from .report import Result, ValidationReport

SH = "http://www.w3.org/ns/shacl#"

# by reader rule or SPARQL rule (more specific), then by SHACL constraint component
BY_RULE = {
    "unknown-column": N_("The column '%(column)s' is not part of the template and is ignored."),
    "missing-column": N_("The column '%(column)s' is missing from the sheet."),
    "merged-cells": N_("Cell %(cell)s is merged with others: unmerge the cells and repeat the value in every row "
                       "that needs it."),
    "formula": N_("Cell %(cell)s holds a formula; the value your spreadsheet saved, '%(value)s', was used. "
                  "Type the value itself to be sure."),
    "formula-without-value": N_("Cell %(cell)s holds a formula with no saved result ('%(value)s'): type the "
                                "value itself."),
    "country-reach-names-a-country": N_("Row %(row)s: the reach is 'Country' but no country is named in "
                                        "'%(column)s'."),
    "regional-reach-names-an-area": N_("Row %(row)s: the reach is 'Regional' but no region or country is named "
                                       "in '%(column)s'."),
    "duplicate-in-submission": N_("Row %(row)s: another row of this file has the same title, lead entity and "
                                  "reporting year; merge the two rows or make the titles distinct."),
}
BY_COMPONENT = {
    SH + "MinCountConstraintComponent": N_("Row %(row)s, column '%(column)s': this cell is empty, and a value "
                                           "is needed."),
    SH + "MaxCountConstraintComponent": N_("Row %(row)s, column '%(column)s': '%(value)s' holds more values than "
                                           "the column takes."),
    SH + "ClassConstraintComponent": N_("Row %(row)s, column '%(column)s': '%(value)s' is not in the list of "
                                        "this column; pick a value from the list."),
    SH + "InConstraintComponent": N_("Row %(row)s, column '%(column)s': '%(value)s' is not one of the allowed "
                                     "values."),
    SH + "MinInclusiveConstraintComponent": N_("Row %(row)s, column '%(column)s': '%(value)s' is below the "
                                               "smallest allowed value."),
    SH + "MaxInclusiveConstraintComponent": N_("Row %(row)s, column '%(column)s': '%(value)s' is above the "
                                               "largest allowed value."),
    SH + "DatatypeConstraintComponent": N_("Row %(row)s, column '%(column)s': '%(value)s' is not of the "
                                           "expected kind (for example a whole number)."),
    SH + "PatternConstraintComponent": N_("Row %(row)s, column '%(column)s': '%(value)s' does not have the "
                                          "expected form."),
}
# a required part missing from a cell that holds something (e.g. a quantity without its kind)
MIN_COUNT_WITH_VALUE = N_("Row %(row)s, column '%(column)s': '%(value)s' lacks a required part; see the Help "
                          "sheet for what the column takes.")
FALLBACK = N_("Row %(row)s, column '%(column)s': this value breaks the rule '%(rule)s'.")
SUGGESTION = N_("Suggestion: %(suggestion)s")


def message_in(result: Result, lang: str) -> str:
    """The result's message in ``lang`` (English: the engine's own message)."""
    if lang == i18n.DEFAULT:
        return result.message
    _ = i18n.gettext_for(lang)
    template = BY_RULE.get(result.rule) or BY_COMPONENT.get(result.component or "") or FALLBACK
    if result.value and result.component == SH + "MinCountConstraintComponent":
        template = MIN_COUNT_WITH_VALUE
    values = {"row": result.row if result.row is not None else "", "column": result.column or "",
              "value": result.value or "", "cell": result.cell or "", "rule": result.rule,
              "suggestion": result.suggestion or ""}
    text = _(template, **values)
    if result.suggestion:
        text += " " + _(SUGGESTION, **values)
    return text


def localised(report: ValidationReport, lang: str) -> ValidationReport:
    """A copy of ``report`` whose messages are in ``lang``; every other field unchanged."""
    if lang == i18n.DEFAULT:
        return report
    out = copy.copy(report)
    out.results = [replace(r, message=message_in(r, lang)) for r in report.results]
    return out
