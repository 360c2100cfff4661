"""``ungass-kg round open|status|close``: the yearly reporting round (see :mod:`ungass_kg.rounds`)."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from ..errors import InputError
from .context import Context, pass_context
from .output import print_table, stderr


def _print_status(status: object, fmt: str) -> None:
    from ..rounds import RoundStatus, board_csv

    assert isinstance(status, RoundStatus)
    rows = status.to_json()
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, indent=1) + "\n")
        return
    if fmt == "csv":
        sys.stdout.write(board_csv(rows))
        return
    c = status.counts()
    print_table(f"Reporting round {status.period} (deadline {status.deadline}"
                + (f", closed {status.closed[:10]}" if status.closed else "") + ")",
                ["entity", "status", "late", "violations", "warnings", "received", "file", "sha256"],
                [[r["entity"], r["status"], "late" if r["late"] else "", r["violations"], r["warnings"],
                  (r["received"] or "")[:19], r["file"], (r["sha256"] or "")[:12]] for r in rows], numeric=[3, 4])
    stderr.print(f"{c['accepted']} accepted, {c['violations']} with violations, {c['not-received']} not received, "
                 f"{c['late']} late (of {status.roster}).")


@click.group("round")
def round_group() -> None:
    """The yearly reporting round: who owes a submission, who sent one, whose file still has violations.

    \b
    Examples:
      ungass-kg round open 2024 --deadline 2025-01-31
      ungass-kg round status 2024 --format json
      ungass-kg round close 2024
    """


def _date(_ctx: click.Context, _param: click.Parameter, value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date: give YYYY-MM-DD, e.g. 2025-01-31") from None


@round_group.command("open")
@click.argument("period", type=int)
@click.option("--deadline", required=True, callback=_date, metavar="YYYY-MM-DD", help="Date submissions are due.")
@click.option("--entities", metavar="A,B,...",
              help="Roster (acronyms, comma-separated); default: the 23 matrix entities.")
@pass_context
def round_open(ctx: Context, period: int, deadline: dt.date, entities: str | None) -> None:
    """Open the round of PERIOD (a year) with a deadline and a roster.

    \b
    Example:
      ungass-kg round open 2024 --deadline 2025-01-31 --entities UNODC,WHO,UNAIDS
    """
    from ..rounds import open_round

    names = [e.strip() for e in entities.split(",") if e.strip()] if entities else None
    if entities is not None and not names:
        raise InputError("--entities is empty", hint="give acronyms, e.g. --entities UNODC,WHO")
    status = open_round(ctx.store(), period, deadline, names)
    stderr.print(f"Opened the reporting round {period}: {status.roster} entities, deadline {deadline}.")


@round_group.command("status")
@click.argument("period", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@pass_context
def round_status_cmd(ctx: Context, period: int, fmt: str) -> None:
    """Show the board of PERIOD: per roster entity not received, received with violations, or accepted.

    \b
    Example:
      ungass-kg round status 2024 --format csv > round-2024.csv
    """
    from ..rounds import round_status

    _print_status(round_status(ctx.store(reading=True), period), fmt)


@round_group.command("close")
@click.argument("period", type=int)
@pass_context
def round_close(ctx: Context, period: int) -> None:
    """Close the round of PERIOD (submissions are still accepted; the board says when it closed).

    \b
    Example:
      ungass-kg round close 2024
    """
    from ..rounds import close_round

    status = close_round(ctx.store(), period)
    _print_status(status, "table")
    stderr.print(f"Closed the reporting round {period}.")
