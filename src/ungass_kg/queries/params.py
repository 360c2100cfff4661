"""Typed query parameters: parse a user's string into an RDF term, or refuse it.

Values never reach the query as text: each is turned into an rdflib term here (an IRI
built from a checked key, a typed literal) and bound into a VALUES block by ``binding``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rdflib import Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import UserError
from ..namespaces import ID

PARAM_TYPES = ("integer", "year", "chapter", "entity", "reach", "boolean", "string")
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII")
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off"}
_RANGE = re.compile(r"^\s*(-?\d+)\s*\.\.\s*(-?\d+)\s*$")
ALL = "(all)"


class ParamError(UserError):
    """A parameter value that is not allowed (HTTP 422: the request is well formed, the value is not)."""

    http_status = 422


@dataclass(frozen=True)
class Param:
    """One declared parameter of a saved query (from its ``#+ param:`` header line)."""

    name: str
    type: str
    default: str | None = None  # None = unbound: no restriction ("(all)")
    values: tuple[str, ...] = ()  # allowed values; a single "a..b" is an integer range
    description: str = ""
    query: str = field(default="", compare=False)  # the saved query's name, for messages

    @property
    def range(self) -> tuple[int, int] | None:
        if len(self.values) == 1 and (m := _RANGE.match(self.values[0])):
            return int(m.group(1)), int(m.group(2))
        return None

    @property
    def enum(self) -> list[str] | None:
        """The allowed values as a list (``None`` for ranges and free strings)."""
        return None if self.range or not self.values else list(self.values)

    def allowed(self) -> str:
        if r := self.range:
            return f"{r[0]} to {r[1]}"
        if self.type == "chapter":
            return "1..7 or I..VII"
        if self.type == "boolean":
            return "true or false"
        return ", ".join(self.values) if self.values else "any text"

    def _refuse(self, value: str) -> ParamError:
        where = f" of saved query {self.query}" if self.query else ""
        return ParamError(f"parameter {self.name}{where}: {value!r} is not allowed; use {self.allowed()}")

    def term(self, value: str) -> Node:
        """The RDF term for ``value``, or :class:`ParamError` naming the allowed values."""
        v = value.strip()
        if self.type in ("integer", "year"):
            if not re.fullmatch(r"-?\d{1,9}", v):
                raise self._refuse(value)
            n = int(v)
            if (r := self.range) and not r[0] <= n <= r[1]:
                raise self._refuse(value)
            return Literal(n, datatype=XSD.integer)
        if self.type == "chapter":
            if v.upper() in ROMAN:
                n = ROMAN.index(v.upper()) + 1
            elif re.fullmatch(r"[1-7]", v):
                n = int(v)
            else:
                raise self._refuse(value)
            return URIRef(ID[f"chapter/{n}"])
        if self.type in ("entity", "reach"):
            key = v.lower()
            if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", key) or (self.values and key not in self.values):
                raise self._refuse(value)
            return URIRef(ID[f"{self.type}/{key}"])
        if self.type == "boolean":
            if v.lower() in _TRUE:
                return Literal(True)
            if v.lower() in _FALSE:
                return Literal(False)
            raise self._refuse(value)
        if self.values and v not in self.values:
            raise self._refuse(value)
        return Literal(v)  # a string binds as an inert literal

    def default_term(self) -> Node | None:
        return None if self.default is None else self.term(self.default)


def parse_param(spec: str, query: str = "") -> Param:
    """``NAME | type: T | default: D | values: V1, V2 | description: text``."""
    parts = [p.strip() for p in spec.split("|")]
    name, attrs = parts[0], {}
    for part in parts[1:]:
        key, _, val = part.partition(":")
        attrs[key.strip().lower()] = val.strip()
    ptype = attrs.get("type", "string")
    if not re.fullmatch(r"[A-Za-z_]\w*", name) or ptype not in PARAM_TYPES:
        raise ValueError(f"bad parameter declaration {spec!r} in saved query {query}")
    default = attrs.get("default", ALL)
    values = tuple(v.strip() for v in attrs.get("values", "").split(",") if v.strip())
    return Param(name, ptype, None if default in ("", ALL) else default, values,
                 attrs.get("description", ""), query)
