"""Render Vega-Lite specs to SVG and PNG offline (vl-convert bundles the Vega engine)."""

from __future__ import annotations

import re
from typing import Any

import vl_convert as vlc


def svg(spec: dict[str, Any]) -> str:
    return str(vlc.vegalite_to_svg(spec))


def width(spec: dict[str, Any]) -> float:
    """The width of the rendered chart without its title (the title does not widen it)."""
    bare = {k: v for k, v in spec.items() if k != "title"}
    m = re.search(r'<svg[^>]*\swidth="([\d.]+)"', svg(bare))
    return float(m.group(1)) if m else 0.0


def png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    return bytes(vlc.vegalite_to_png(spec, scale=scale))
