"""The state of an activity search, read from URL parameters and turned into a SPARQL pattern.

The parameter names are those of the saved queries (``chapter``, ``entity``, ``from``, ``to``,
``reach``, ``interagency``) plus ``lead``, ``area``, ``focus``, ``programme``, ``q``, ``sort`` and
``page``. Values never reach a query as text: each becomes an IRI built from a checked key or
an integer.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from urllib.parse import urlencode

from ..namespaces import ID
from ..queries.params import ROMAN, ParamError

_KEY = re.compile(r"[a-z0-9][a-z0-9-]{0,80}")
SORTS = ("title", "-title", "year", "-year")
PAGE_SIZE = 50
MAX_QUERY_CHARS = 200
# The parameters that filter (in the order a URL lists them); sort and page only arrange.
FILTER_PARAMS = ("q", "chapter", "entity", "lead", "area", "reach", "focus", "programme", "from", "to", "interagency")
ALL_PARAMS = (*FILTER_PARAMS, "sort", "page")


@dataclass(frozen=True)
class Filter:
    q: str = ""
    chapter: str | None = None  # "1".."7"
    entity: str | None = None  # a key: leads or takes part
    lead: str | None = None
    area: str | None = None  # M49 code or the slug of a region the note names
    reach: str | None = None
    focus: str | None = None
    programme: str | None = None
    from_: int | None = None
    to: int | None = None
    interagency: bool | None = None  # True: two or more matrix entities take part; False: fewer
    sort: str = "title"
    page: int = 1

    # --- the URL side ---------------------------------------------------------------------
    def params(self, **changes: object) -> dict[str, str]:
        """The state as URL parameters (defaults left out), with ``changes`` applied."""
        f = replace(self, **{("from_" if k == "from" else k): v for k, v in changes.items()})  # type: ignore[arg-type]
        out: dict[str, str] = {}
        for name in ALL_PARAMS:
            v = getattr(f, "from_" if name == "from" else name)
            if v is None or v == "" or (name == "sort" and v == "title") or (name == "page" and v == 1):
                continue
            out[name] = ("true" if v else "false") if isinstance(v, bool) else str(v)
        return out

    def query_string(self, **changes: object) -> str:
        p = self.params(**changes)
        return ("?" + urlencode(p)) if p else ""

    def active(self) -> list[tuple[str, str]]:
        """The filters set, as (parameter, value) pairs: the 'remove this filter' links."""
        return [(k, v) for k, v in self.params().items() if k in FILTER_PARAMS]

    def is_empty(self) -> bool:
        return not self.active()

    # --- the SPARQL side ------------------------------------------------------------------
    def iri(self, name: str) -> str | None:
        v = getattr(self, name)
        if v is None:
            return None
        folder = {"chapter": "chapter", "entity": "entity", "lead": "entity", "area": "area", "reach": "reach",
                  "focus": "focus", "programme": "programme"}[name]
        return str(ID[f"{folder}/{v}"])

    def pattern(self, var: str = "?a") -> str:
        """The graph pattern an activity ``var`` must match (without the text search)."""
        lines = [f"{var} a ung:Activity ."]
        for name, prop in (("chapter", "ung:chapter"), ("entity", "ung:participant"), ("lead", "ung:leadEntity"),
                           ("area", "ung:area"), ("reach", "ung:reach"), ("focus", "ung:thematicFocus"),
                           ("programme", "ung:programme")):
            iri = self.iri(name)
            if iri:
                lines.append(f"{var} {prop} <{iri}> .")
        if self.from_ is not None or self.to is not None:
            conds = [c for c in (f"?_y >= {self.from_}" if self.from_ is not None else "",
                                 f"?_y <= {self.to}" if self.to is not None else "") if c]
            lines.append(f"FILTER EXISTS {{ {var} ung:reportingYear ?_y FILTER({' && '.join(conds)}) }}")
        if self.interagency is not None:
            word = "EXISTS" if self.interagency else "NOT EXISTS"
            lines.append(f"FILTER {word} {{ {INTERAGENCY.format(a=var)} }}")
        return "\n  ".join(lines)


# Two or more matrix entities take part (the saved queries' reading of 'inter-agency').
INTERAGENCY = ("{a} ung:participant ?_p1, ?_p2 . ?_p1 a ung:MatrixEntity . ?_p2 a ung:MatrixEntity . "
               "FILTER(?_p1 != ?_p2)")


def _refuse(name: str, value: str, allowed: str) -> ParamError:
    return ParamError(f"parameter {name}: {value!r} is not allowed; use {allowed}")


def parse(params: Mapping[str, str], *, fixed: Mapping[str, str] | None = None) -> Filter:
    """The filter a request asks for; ``ParamError`` (HTTP 422) names a bad parameter and value.

    ``fixed`` are filters a page imposes (an entity page's entity) over what the URL says.
    """
    given = {k: v.strip() for k, v in params.items() if v is not None and v.strip() != ""}
    given.update(fixed or {})
    kw: dict[str, object] = {}
    for name, value in given.items():
        if name == "q":
            if len(value) > MAX_QUERY_CHARS:
                raise ParamError(f"parameter q: the search text is longer than {MAX_QUERY_CHARS} characters")
            kw["q"] = value
        elif name == "chapter":
            v = value.upper()
            if v in ROMAN:
                kw["chapter"] = str(ROMAN.index(v) + 1)
            elif re.fullmatch(r"[1-7]", value):
                kw["chapter"] = value
            else:
                raise _refuse(name, value, "1..7 or I..VII")
        elif name in ("entity", "lead", "area", "reach", "focus", "programme"):
            key = value.lower()
            if not _KEY.fullmatch(key) or (name == "reach" and key not in ("global", "regional", "country")):
                raise _refuse(name, value, "global, regional or country" if name == "reach"
                              else "a key as in the resource's address (e.g. unodc, 004, hiv-aids)")
            kw[name] = key
        elif name in ("from", "to"):
            if not re.fullmatch(r"\d{4}", value):
                raise _refuse(name, value, "a year such as 2019")
            kw["from_" if name == "from" else "to"] = int(value)
        elif name == "interagency":
            v = value.lower()
            if v not in ("true", "false", "yes", "no", "1", "0"):
                raise _refuse(name, value, "true or false")
            kw["interagency"] = v in ("true", "yes", "1")
        elif name == "sort":
            if value not in SORTS:
                raise _refuse(name, value, ", ".join(SORTS))
            kw["sort"] = value
        elif name == "page":
            if not re.fullmatch(r"\d{1,6}", value) or int(value) < 1:
                raise _refuse(name, value, "a page number from 1")
            kw["page"] = int(value)
        # other parameters (format, an API client's own) are ignored, as the saved queries do
    return Filter(**kw)  # type: ignore[arg-type]


FIELD_NAMES = tuple(f.name for f in fields(Filter))
