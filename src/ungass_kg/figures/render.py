"""Render Vega-Lite specs to SVG and PNG offline (vl-convert bundles the Vega engine)."""

from __future__ import annotations

from typing import Any

import vl_convert as vlc


def svg(spec: dict[str, Any]) -> str:
    return str(vlc.vegalite_to_svg(spec))


def png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    return bytes(vlc.vegalite_to_png(spec, scale=scale))
