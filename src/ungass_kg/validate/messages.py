"""Validation messages in the six languages, built from the violated constraint (report layer).

The engine's messages stay as they are (English, the shapes' ``sh:message``); a report in another
language replaces each ``message`` with the template of the result's constraint component (or of
its reader rule or SPARQL rule), filled with the result's own variables: the column, the value,
the cell, the suggestion. Rows, columns, rules and suggestions are the English report's; only the
wording changes. The templates are catalog entries (i18n), translated by the team.
"""

from __future__ import annotations

import copy
import re
from dataclasses import replace

from markupsafe import Markup, escape

from .. import i18n
from ..i18n import N_
from .report import Result, ValidationReport

SH = "http://www.w3.org/ns/shacl#"
SEVERITIES = (N_("Violation"), N_("Warning"), N_("Info"))  # shown translated; the JSON keeps the English key

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
    "country-reach-names-a-country": N_("Row %(row)s: the reach is '%(reach)s' but no country is named in "
                                        "'%(column)s'."),
    "regional-reach-names-an-area": N_("Row %(row)s: the reach is '%(reach)s' but no region or country is named "
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
REACHES = {"country-reach-names-a-country": "Country", "regional-reach-names-an-area": "Regional"}
# a required part missing from a cell that holds something (e.g. a quantity without its kind)
MIN_COUNT_WITH_VALUE = N_("Row %(row)s, column '%(column)s': '%(value)s' lacks a required part; see the Help "
                          "sheet for what the column takes.")
FALLBACK = N_("Row %(row)s, column '%(column)s': this value breaks the rule '%(rule)s'.")
SUGGESTION = N_("Suggestion: %(suggestion)s")
# The engine's suggestions (ingest.mapping, validate.engine) by their English form: the suggested
# value is kept as it is, only the words around it are translated. Others stay as they are.
SUGGESTIONS = (
    (re.compile(r"did you mean (?P<value>.+)\?"), N_("did you mean %(value)s?")),
    (re.compile(r"this is a date; type the year only: (?P<year>\d+)"), N_("this is a date; type the year only: "
                                                                         "%(year)s")),
    (re.compile(r"(?P<value>\S+) looks like an Excel date \((?P<date>[^)]+)\); type the year only: (?P<year>\d+)"),
     N_("%(value)s looks like an Excel date (%(date)s); type the year only: %(year)s")),
    (re.compile(r"(?P<value>\S+) has (?P<digits>\d+) digits: type the year as four digits, e\.g\. 2023"),
     N_("%(value)s has %(digits)s digits: type the year as four digits, e.g. 2023")),
    (re.compile(r"(?P<wrong>.+) in place of a digit: type (?P<digits>\S+)"),
     N_("%(wrong)s in place of a digit: type %(digits)s")),
    (re.compile(r"rename '(?P<old>.+)' to '(?P<new>.+)'"), N_("rename '%(old)s' to '%(new)s'")),
    (re.compile(r"already stored as (?P<other>\S+) \(graph (?P<graph>\S+)\)"),
     N_("already stored as %(other)s (graph %(graph)s)")),
)


def suggestion_in(text: str, lang: str) -> str:
    """An engine suggestion in ``lang``, the suggested value unchanged ("did you mean UNODC?" ->
    "vouliez-vous dire UNODC ?"); a suggestion of another form stays as the engine wrote it."""
    if lang == i18n.DEFAULT:
        return text
    for pattern, template in SUGGESTIONS:
        m = pattern.fullmatch(text)
        if m:
            return i18n.gettext_for(lang)(template, **m.groupdict())
    return text


def _template_and_values(result: Result, lang: str) -> tuple[str, dict[str, object]]:
    template = BY_RULE.get(result.rule) or BY_COMPONENT.get(result.component or "") or FALLBACK
    if result.value and result.component == SH + "MinCountConstraintComponent":
        template = MIN_COUNT_WITH_VALUE
    values: dict[str, object] = {"row": result.row if result.row is not None else "", "column": result.column or "",
                                 "value": result.value or "", "cell": result.cell or "", "rule": result.rule,
                                 # the reach as the template's drop-down spells it (a value, kept as typed)
                                 "reach": REACHES.get(result.rule, "")}
    return template, values


def message_in(result: Result, lang: str) -> str:
    """The result's message in ``lang`` (English: the engine's own message)."""
    if lang == i18n.DEFAULT:
        return result.message
    _ = i18n.gettext_for(lang)
    template, values = _template_and_values(result, lang)
    text = _(template, **values)
    if result.suggestion:
        text += " " + _(SUGGESTION, suggestion=suggestion_in(result.suggestion, lang))
    return text


def _isolated(value: object) -> Markup:
    # the cell's own text (a column header, a value as typed) inside a translated sentence: kept
    # as written and isolated, so an English value reads left to right in an Arabic sentence
    return Markup('<bdi translate="no">%s</bdi>') % (value,)


def message_html(result: Result, lang: str) -> Markup:
    """The message as a page shows it: translated, with the result's values isolated."""
    if lang == i18n.DEFAULT:
        return escape(result.message)
    t = i18n.translations(lang)
    template, values = _template_and_values(result, lang)
    out = escape(t.gettext(template)) % {k: _isolated(v) if v != "" else "" for k, v in values.items()}
    if result.suggestion:
        out += Markup(" ") + escape(t.gettext(SUGGESTION)) % {"suggestion": suggestion_html(result.suggestion, lang)}
    return out


def suggestion_html(text: str, lang: str) -> Markup:
    """An engine suggestion as a page shows it: translated, the suggested value isolated."""
    if lang != i18n.DEFAULT:
        for pattern, template in SUGGESTIONS:
            m = pattern.fullmatch(text)
            if m:
                return escape(i18n.translations(lang).gettext(template)) % {
                    k: _isolated(v) for k, v in m.groupdict().items()}
    return escape(text) if lang == i18n.DEFAULT else _isolated(text)


def localised(report: ValidationReport, lang: str) -> ValidationReport:
    """A copy of ``report`` whose messages are in ``lang``; every other field unchanged."""
    if lang == i18n.DEFAULT:
        return report
    out = copy.copy(report)
    out.results = [replace(r, message=message_in(r, lang)) for r in report.results]
    out.lang = lang
    return out
