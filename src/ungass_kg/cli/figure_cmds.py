"""``figures``, ``figure`` and ``reconcile``: the note's figures from the saved queries."""

from __future__ import annotations

import io
import json
import sys
import time
from pathlib import Path

import click

from .. import cells
from .context import Context, pass_context
from .output import print_table, stderr

_YEAR = click.IntRange(2000, 2100)


def _check_years(year_from: int | None, year_to: int | None) -> None:
    if year_from is not None and year_to is not None and year_from > year_to:
        raise click.BadParameter(f"--from {year_from} is after --to {year_to}", param_hint="--from/--to")


def _list() -> None:
    from .. import queries

    rows = []
    for q in queries.catalog():
        params = ", ".join(f"{p.name} ({p.type}: {p.allowed()})" for p in q.params)
        rows.append([q.name, q.figure or "", q.title, q.source, params])
    print_table("Saved queries (sparql/figures, sparql/statistics)",
                ["name", "figure", "title", "source", "parameters"], rows)


@click.command("figures")
@click.option("--out", "out", type=click.Path(path_type=Path, file_okay=False), default=Path("site"),
              show_default=True, help="Folder to write the figures and index.html into.")
@click.option("--from", "year_from", type=_YEAR, help="First reporting year counted.")
@click.option("--to", "year_to", type=_YEAR, help="Last reporting year counted.")
@click.option("--list", "list_only", is_flag=True, help="List the saved queries and their parameters, then stop.")
@click.option("--no-check", is_flag=True, help="Skip the Data Cube well-formedness checks (IC-1..IC-21).")
@pass_context
def figures_cmd(ctx: Context, out: Path, year_from: int | None, year_to: int | None, list_only: bool,
                no_check: bool) -> None:
    """Write every figure: CSV and JSON tables, Vega-Lite spec, SVG and PNG chart, Data Cube (Turtle),
    the query, and an index.html showing them all.

    \b
    Example:
      ungass-kg figures --out site/ --from 2017 --to 2023
    """
    if list_only:
        _list()
        return
    from .. import figures as figs
    from ..figures.checks import violations

    _check_years(year_from, year_to)
    store = ctx.store(reading=True)
    t0 = time.perf_counter()
    built = figs.build_all(store, year_from, year_to)
    t_query = time.perf_counter() - t0
    written = figs.write_all(store, out, year_from, year_to, figures=built)
    rows = []
    bad = 0
    for f in built:
        failed = [] if no_check else violations(f.cube())
        bad += bool(failed)
        rows.append([f.name, f.query.figure or "", len(f.rows),
                     "skipped" if no_check else ("well formed" if not failed else "FAILS " + "; ".join(failed))])
    print_table(f"Figures written to {out}", ["query", "figure", "rows", "Data Cube (IC-1..IC-21)"], rows, [2])
    stderr.print(f"{len(written)} files; queries ran in {t_query:.2f} s. Open {out / 'index.html'}", style="dim")
    if bad:
        raise click.ClickException(f"{bad} Data Cube(s) fail the well-formedness checks")


@click.command("figure")
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A parameter of the saved query (repeatable); see 'figures --list'.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table",
              show_default=True)
@pass_context
def figure_cmd(ctx: Context, name: str, params: tuple[str, ...], fmt: str) -> None:
    """Run one saved query with its parameters and print the result.

    \b
    Example:
      ungass-kg figure figure-2 -p chapter=II -p from=2020
    """
    given: dict[str, str] = {}
    for p in params:
        key, sep, value = p.partition("=")
        if not sep:
            raise click.BadParameter(f"{p!r} is not NAME=VALUE", param_hint="--param")
        given[key.strip()] = value
    from .. import figures as figs
    from .results import write_result

    fig = figs.build(ctx.store(reading=True), name, given)
    if fmt == "csv":
        sys.stdout.write(fig.csv())
    elif fmt == "json":
        sys.stdout.write(json.dumps(fig.json(), indent=1, ensure_ascii=False) + "\n")
    elif fmt == "tsv":
        write_result(fig.result, "tsv")
    else:
        # People read labels: an IRI column that has a label column is left out of the table.
        labelled = {c.label_of for c in fig.query.columns if c.role == "label"}
        cols = [c for c in fig.query.columns if not (c.type == "iri" and c.name in labelled)]
        rows = [[_cell(r[c.name]) for c in cols] for r in fig.rows]
        numeric = [i for i, c in enumerate(cols) if c.type in ("integer", "number")]
        print_table(fig.query.title, [c.name for c in cols], rows, numeric)
        stderr.print(f"{len(rows)} row(s) · {fig.subtitle}", style="dim")


def _cell(v: object) -> str:
    if isinstance(v, bool):
        return "yes" if v else "no"
    if isinstance(v, float):
        return f"{v:.1f}"
    return "" if v is None else str(v)


def _fmt(v: float | None, unit: str) -> str:
    if v is None:
        return "—"
    return f"{v:.0f}" if unit == "places" else f"{v:.1f}"


_SHORT = {"organisations-with-activity": "entities", "organisations-per-chapter": "entities/chapter",
          "organisations-in-all-chapters": "all 7 chapters", "chapter-coverage-ranking": "coverage rank"}


def _short_query(name: str) -> str:
    """A narrow label for the terminal: "figure-4-leads" -> "Fig. 4 leads"."""
    if name.startswith("figure-"):
        return "Fig. " + name.removeprefix("figure-").replace("-", " ")
    return _SHORT.get(name, name)


@click.command("reconcile")
@click.option("--from", "year_from", type=_YEAR, help="First reporting year counted.")
@click.option("--to", "year_to", type=_YEAR, help="Last reporting year counted.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@click.option("--strict", is_flag=True, help="Exit 1 when a difference exceeds --tolerance.")
@click.option("--tolerance", type=click.FloatRange(min=0), default=0.0, show_default=True,
              help="Largest accepted difference (per-cent points for shares, places for ranks).")
@pass_context
def reconcile_cmd(ctx: Context, year_from: int | None, year_to: int | None, fmt: str, strict: bool,
                  tolerance: float) -> None:
    """Show each number the note publishes beside the value the saved queries compute.

    Differences are expected when the store holds only the note's example activities:
    the note's percentages come from the full matrix.

    \b
    Examples:
      ungass-kg reconcile
      ungass-kg reconcile --from 2017 --to 2023 --format csv > reconcile.csv
      ungass-kg reconcile --strict --tolerance 5     # exit 1 when any difference exceeds 5 points
    """
    _check_years(year_from, year_to)
    from ..reconcile import exceeding, reconcile

    lines = reconcile(ctx.store(reading=True), year_from, year_to)
    if fmt == "json":
        sys.stdout.write(json.dumps([ln.as_dict() for ln in lines], indent=1, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        buf = io.StringIO()
        w = cells.Writer(buf)
        w.writerow(["query", "paragraphs", "what", "measure", "published", "computed", "difference", "unit",
                    "approximate", "stated"])
        for ln in lines:
            w.writerow([ln.query, ln.paragraphs, ln.what, ln.measure, ln.published,
                        "" if ln.computed is None else round(ln.computed, 4),
                        "" if ln.difference is None else round(ln.difference, 4), ln.unit,
                        "true" if ln.approximate else "false", ln.stated])
        sys.stdout.write(buf.getvalue())
    else:
        rows = [[ln.paragraphs, _short_query(ln.query), f"{ln.what} ({ln.measure})",
                 _fmt(ln.published, ln.unit) + ("~" if ln.approximate else ""),
                 _fmt(ln.computed, ln.unit),
                 ("" if ln.difference is None or ln.difference < 0 else "+") + _fmt(ln.difference, ln.unit)]
                for ln in lines]
        print_table("The note's numbers beside the computed figures", ["para", "figure", "what (measure)",
                    "note", "computed", "diff"], rows, [3, 4, 5])
        stderr.print("~ approximate in the note (\"over half\", \"nearly half\"). Shares in per cent, "
                     "differences in points (ranks: places).", style="dim")
    if strict:
        over = exceeding(lines, tolerance)
        if over:
            stderr.print(f"{len(over)} difference(s) exceed {tolerance:g}", style="bold red")
            ctx.close()
            sys.exit(1)
