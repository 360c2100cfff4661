"""``ungass-kg round open|status|close``: the yearly reporting round (see :mod:`ungass_kg.rounds`)."""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from .. import i18n
from ..errors import InputError
from ..i18n import N_
from .context import Context, pass_context
from .languages import lang_option
from .output import print_table, stderr

# The table's column headers (the CSV and JSON keep their machine names)
HEADERS = (N_("entity"), N_("status"), N_("late"), N_("violations"), N_("warnings"), N_("received"), N_("file"),
           "sha256")
STATUSES = {"not-received": N_("not received"), "violations": N_("received with violations"),
            "accepted": N_("accepted")}
LANG = lang_option("Language of the messages and the table (the CSV and JSON are the same in all six).")


def _print_status(status: object, fmt: str, lang: str = i18n.DEFAULT) -> None:
    from ..rounds import RoundStatus, board_csv

    assert isinstance(status, RoundStatus)
    _ = i18n.gettext_for(lang)
    rows = status.to_json()
    if fmt == "json":
        sys.stdout.write(json.dumps(rows, indent=1) + "\n")
        return
    if fmt == "csv":
        sys.stdout.write(board_csv(rows))
        return
    c = status.counts()
    title = (_("Reporting round %(period)s (deadline %(deadline)s, closed %(closed)s)", period=status.period,
               deadline=status.deadline, closed=status.closed[:10]) if status.closed else
             _("Reporting round %(period)s (deadline %(deadline)s)", period=status.period, deadline=status.deadline))
    status_of = (lambda s: s) if lang == i18n.DEFAULT else (lambda s: _(STATUSES.get(s, s)))
    print_table(title, [_(h) for h in HEADERS],
                [[r["entity"], status_of(r["status"]), _("late") if r["late"] else "", r["violations"], r["warnings"],
                  (r["received"] or "")[:19], r["file"], (r["sha256"] or "")[:12]] for r in rows], numeric=[3, 4])
    stderr.print(_("%(accepted)s accepted, %(violations)s with violations, %(missing)s not received, %(late)s late "
                   "(of %(roster)s).", accepted=c["accepted"], violations=c["violations"],
                   missing=c["not-received"], late=c["late"], roster=status.roster))


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
@LANG
@pass_context
def round_open(ctx: Context, period: int, deadline: dt.date, entities: str | None, lang: str) -> None:
    """Open the round of PERIOD (a year) with a deadline and a roster.

    \b
    Example:
      ungass-kg round open 2024 --deadline 2025-01-31 --entities UNODC,WHO,UNAIDS
    """
    from ..rounds import open_round

    names = [e.strip() for e in entities.split(",") if e.strip()] if entities else None
    if entities is not None and not names:
        raise InputError(N_("--entities is empty"), hint=N_("give acronyms, e.g. --entities UNODC,WHO"), values={})
    status = open_round(ctx.store(), period, deadline, names)
    stderr.print(i18n.gettext_for(lang)(N_("Opened the reporting round %(period)s: %(roster)s entities, deadline "
                                           "%(deadline)s."), period=period, roster=status.roster, deadline=deadline))


@round_group.command("status")
@click.argument("period", type=int)
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json"]), default="table", show_default=True)
@LANG
@pass_context
def round_status_cmd(ctx: Context, period: int, fmt: str, lang: str) -> None:
    """Show the board of PERIOD: per roster entity not received, received with violations, or accepted.

    \b
    Example:
      ungass-kg round status 2024 --format csv > round-2024.csv
      ungass-kg round status 2024 --lang fr
    """
    from ..rounds import round_status

    _print_status(round_status(ctx.store(reading=True), period), fmt, lang)


@round_group.command("close")
@click.argument("period", type=int)
@LANG
@pass_context
def round_close(ctx: Context, period: int, lang: str) -> None:
    """Close the round of PERIOD (submissions are still accepted; the board says when it closed).

    \b
    Example:
      ungass-kg round close 2024
    """
    from ..rounds import close_round

    status = close_round(ctx.store(), period)
    _print_status(status, "table", lang)
    stderr.print(i18n.gettext_for(lang)(N_("Closed the reporting round %(period)s."), period=period))
