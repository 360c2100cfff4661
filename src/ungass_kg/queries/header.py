"""Read the metadata header of a saved query (``#+ key: value`` comment lines).

The header is the single source for command help, API docs and web pages; its format
is documented in ``sparql/README.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .params import Param, parse_param

COLUMN_TYPES = ("iri", "string", "integer", "number", "boolean")
_LINE = re.compile(r"^#\+\s*(?P<key>[a-z][a-z-]*)\s*:\s*(?P<value>.*?)\s*$")


@dataclass(frozen=True)
class Column:
    """A result column: its type, what it means, and its role in the Data Cube."""

    name: str
    type: str
    meaning: str
    role: str = ""  # "dimension", "measure", "label" or "" (not in the cube)
    component: str = ""  # for dimensions and measures: the component property (CURIE)
    label_of: str = ""  # for labels: the column this one labels

    def as_dict(self) -> dict[str, str]:
        d = {"name": self.name, "type": self.type, "meaning": self.meaning}
        if self.role:
            d["role"] = self.role
        if self.component:
            d["component"] = self.component
        if self.label_of:
            d["label_of"] = self.label_of
        return d


@dataclass(frozen=True)
class Chart:
    """How the result is drawn: a kind and the columns it maps to channels."""

    kind: str
    channels: dict[str, str] = field(default_factory=dict)


@dataclass
class Header:
    title: str = ""
    description: str = ""
    figure: int | None = None
    source: str = ""
    params: list[Param] = field(default_factory=list)
    chart: Chart | None = None
    columns: list[Column] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


def _column(spec: str, query: str) -> Column:
    parts = [p.strip() for p in spec.split("|")]
    if len(parts) < 3 or parts[1] not in COLUMN_TYPES:
        raise ValueError(f"bad column declaration {spec!r} in saved query {query}")
    role, component, label_of = "", "", ""
    if len(parts) > 3 and parts[3]:
        words = parts[3].split()
        role = words[0]
        if role in ("dimension", "measure") and len(words) == 2:
            component = words[1]
        elif role == "label" and len(words) == 3 and words[1] == "of":
            label_of = words[2]
        else:
            raise ValueError(f"bad cube role {parts[3]!r} of column {parts[0]} in saved query {query}")
    return Column(parts[0], parts[1], parts[2], role, component, label_of)


def _chart(spec: str) -> Chart:
    parts = [p.strip() for p in spec.split("|")]
    channels = {}
    for part in parts[1:]:
        key, _, val = part.partition(":")
        channels[key.strip()] = val.strip()
    return Chart(parts[0], channels)


def parse_header(text: str, query: str = "") -> Header:
    """Read the ``#+`` lines at the top of the file (up to the first non-comment line)."""
    h = Header()
    descr: list[str] = []
    for line in text.splitlines():
        if not line.startswith("#"):
            if line.strip():
                break
            continue
        m = _LINE.match(line)
        if not m:
            continue
        key, value = m.group("key"), m.group("value")
        if key == "title":
            h.title = value
        elif key == "description":
            descr.append(value)
        elif key == "figure":
            h.figure = int(value)
        elif key == "source":
            h.source = value
        elif key == "param":
            h.params.append(parse_param(value, query))
        elif key == "chart":
            h.chart = _chart(value)
        elif key == "column":
            h.columns.append(_column(value, query))
        else:
            h.extra[key] = value
    h.description = " ".join(descr)
    return h


def paragraphs(source: str) -> list[int]:
    """Paragraph numbers of ``paras 16-21, 27`` (ranges expanded)."""
    out: list[int] = []
    for a, b in re.findall(r"(\d+)(?:\s*[-–]\s*(\d+))?", source):
        out.extend(range(int(a), int(b or a) + 1))
    return out
