"""The template's columns, derived from the activity shapes (never listed by hand).

Every property shape that targets ``ung:Activity`` (or the stated quantities) carries
``sh:name`` (the column header), ``sh:description`` (its help) and ``sh:order``; shapes
that share a name are one column. Whether a column is required, single-valued or refers
to a register follows from the constraints on its path.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rdflib import Graph, URIRef
from rdflib.namespace import XSD

from .. import i18n
from ..i18n import N_
from ..namespaces import SH, UNG
from .registers import normalise

Kind = Literal["text", "integer", "reference", "quantity"]
UNGSH = "https://w3id.org/ungass-kg/shapes#"


@dataclass(frozen=True)
class Column:
    header: str
    path: URIRef  # the activity property the column fills
    description: str
    order: int
    kind: Kind
    required: bool  # a Violation when empty
    single: bool  # at most one value

    @property
    def multi_valued(self) -> bool:
        return self.kind in ("reference", "quantity") and not self.single


def columns_from_shapes(shapes: Graph) -> list[Column]:
    by_name: dict[str, dict] = {}
    for shape, name in shapes.subject_objects(SH.name):
        path = shapes.value(shape, SH.path)
        if not isinstance(path, URIRef):
            continue
        in_quantity = (shape, URIRef(UNGSH + "column"), UNG.statedQuantity) in shapes
        if not in_quantity and (shape, SH.targetClass, UNG.Activity) not in shapes:
            continue  # register shapes
        col = by_name.setdefault(str(name), {
            "path": UNG.statedQuantity if in_quantity else path, "description": "", "order": 999,
            "kind": "quantity" if in_quantity else "text", "required": False, "single": False,
        })
        col["description"] = col["description"] or str(shapes.value(shape, SH.description) or "")
        order = shapes.value(shape, SH.order)
        if order is not None:
            col["order"] = min(col["order"], int(str(order)))
        if in_quantity:
            continue
        severity = shapes.value(shape, SH.severity) or SH.Violation
        min_count = shapes.value(shape, SH.minCount)
        if min_count is not None and int(str(min_count)) >= 1 and severity == SH.Violation:
            col["required"] = True
        max_count = shapes.value(shape, SH.maxCount)
        if max_count is not None and int(str(max_count)) <= 1:
            col["single"] = True
        if shapes.value(shape, SH["class"]) is not None:
            col["kind"] = "reference"
        elif shapes.value(shape, SH.datatype) == XSD.integer:
            col["kind"] = "integer"
    cols = [Column(header=n, path=c["path"], description=c["description"], order=c["order"], kind=c["kind"],
                   required=c["required"], single=c["single"]) for n, c in by_name.items()]
    return sorted(cols, key=lambda c: (c.order, c.header))


# The shapes' column names (sh:name), marked for the catalogs: a template written in another
# language heads its columns with these names in that language.
HEADERS = (N_("Title"), N_("Description"), N_("Chapters"), N_("Lead entity"), N_("Participating entities"),
           N_("Other partners"), N_("Partner note"), N_("Reach"), N_("Countries and regions"),
           N_("Reporting year"), N_("Programme"), N_("Activity types"), N_("Thematic focuses"),
           N_("Quantities"), N_("Activity ID"))


def header_names(header: str) -> set[str]:
    """A column's header in each of the six languages, normalised (the reader takes any of them)."""
    return {normalise(i18n.gettext_for(lang)(header)) for lang in i18n.LANGUAGES}


def match_header(text: str, columns: list[Column]) -> Column | None:
    """The column a header cell names (case- and space-insensitive; the property's local name also
    works, and the header in any of the six languages, so last year's English file still reads)."""
    key = normalise(text).rstrip(" *")
    for c in columns:
        if key in (normalise(c.header), normalise(str(c.path).rsplit("#", 1)[-1].rsplit("/", 1)[-1])):
            return c
    for c in columns:
        if key in header_names(c.header):
            return c
    return None
