"""The figures' ``index.html``: every chart with its table and query (no external assets)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from jinja2 import Environment, select_autoescape

from . import Figure
from .table import format_value

_TEMPLATE = Path(__file__).with_name("templates") / "index.html"

DOWNLOADS = [("csv", "CSV"), ("json", "JSON"), ("vl.json", "Vega-Lite"), ("svg", "SVG"), ("png", "PNG"),
             ("ttl", "Data Cube (Turtle)"), ("rq", "SPARQL")]


def _fmt(v: Any) -> str:
    return format_value(v, decimals=1)


def write_index(figures: list[Figure], out_dir: Path, year_from: int | None, year_to: int | None) -> Path:
    env = Environment(autoescape=select_autoescape(default=True, default_for_string=True))
    years = (f"reporting years {year_from or '…'}–{year_to or '…'}" if year_from or year_to
             else "all reporting years")
    template = env.from_string(_TEMPLATE.read_text(encoding="utf-8"))
    html = template.render(figures=figures, years=years, downloads=DOWNLOADS, fmt=_fmt)
    p = out_dir / "index.html"
    p.write_text(html, encoding="utf-8")
    return p
