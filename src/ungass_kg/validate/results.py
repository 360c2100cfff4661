"""A SHACL validation result as the engines produce it, before it is placed at a cell."""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import URIRef
from rdflib.term import Node


@dataclass(frozen=True)
class RawResult:
    focus: Node
    path: Node | None  # sh:resultPath: an IRI, or the node of a complex path
    value: Node | None
    severity: URIRef
    message: str
    shape: Node
    component: URIRef
    note: str | None = None  # e.g. which stored activity it duplicates
    constraint: Node | None = None  # sh:sourceConstraint, for SHACL-SPARQL results
    # the other variables a SHACL-SPARQL solution bound (not part of the SHACL result)
    bindings: tuple[tuple[str, Node], ...] = ()

    def key(self) -> tuple[object, ...]:
        """What a SHACL engine reports: the comparison of two engines' results."""
        return (self.focus, self.path, self.value, self.severity, self.message, self.shape, self.component,
                self.constraint)
