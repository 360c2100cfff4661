"""``ungass-kg compare FIGURE PERIOD AGAINST``: a figure year over year, and why it moved."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .context import Context, pass_context
from .output import print_table, stderr


@click.command("compare")
@click.argument("figure")
@click.argument("period", type=int)
@click.argument("against", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table", show_default=True)
@click.option("--chart", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write the paired-bar chart (.svg, or .json for the Vega-Lite spec).")
@pass_context
def compare_cmd(ctx: Context, figure: str, period: int, against: int, fmt: str, chart: Path | None) -> None:
    """Compare FIGURE between PERIOD and AGAINST: both values, the change, and for every cell
    that changed the activities that entered or left it (matched by Activity ID).

    \b
    Examples:
      ungass-kg compare figure-3 2024 2023
      ungass-kg compare figure-6 2024 2023 --format json
      ungass-kg compare figure-3 2024 2023 --chart figure-3-2023-2024.svg
    """
    from ..compare import compare

    c = compare(ctx.store(reading=True), figure, period, against)
    if chart is not None:
        if chart.suffix.lower() == ".json":
            chart.write_text(json.dumps(c.spec(), indent=1), encoding="utf-8")
        else:
            from ..figures import render

            chart.write_text(render.svg(c.spec()), encoding="utf-8")
        stderr.print(f"Wrote {chart}.")
    if fmt == "json":
        sys.stdout.write(json.dumps(c.to_json(), indent=1, ensure_ascii=False) + "\n")
        return
    if fmt == "csv":
        sys.stdout.write(c.to_csv())
        return
    m = c.measures[0]
    print_table(f"{c.title}: {m}, {against} -> {period}", ["cell", str(against), str(period), "change", "why it moved"],
                [[x.label, x.values[m][0], x.values[m][1], _signed(x.values[m][2]), _why(x.entered, x.left)]
                 for x in c.cells], numeric=[1, 2, 3])
    stderr.print(f"{len(c.changed())} of {len(c.cells)} cells changed.")


def _signed(v: object) -> str:
    return "" if v is None else (f"+{v}" if isinstance(v, int | float) and v > 0 else str(v))


def _why(entered: list[dict[str, str]], left: list[dict[str, str]]) -> str:
    parts = [f"+ {a['title']}" for a in entered] + [f"- {a['title']}" for a in left]
    return "; ".join(parts)
