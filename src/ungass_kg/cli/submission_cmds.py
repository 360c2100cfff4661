"""Submissions: template, validate, submit, submissions, submission-delete.

Thin layer over :mod:`ungass_kg.template`, :mod:`ungass_kg.validate` and
:mod:`ungass_kg.submissions`. Exit codes of ``validate``: 0 conforms (warnings allowed),
1 violations, 2 the file cannot be read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import i18n
from ..errors import InputError, UserError
from ..i18n import N_
from .context import Context, pass_context
from .languages import lang_option
from .output import print_table, stderr

REPORT_FORMATS = ("text", "json", "csv", "ttl", "html")


class ConfirmationNeeded(UserError):
    exit_code = 1


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise InputError(N_("%(file)s: no such file"), values={"file": str(file)}) from None
    except OSError as e:  # the system's reason stays as it gives it
        raise InputError(N_("%(file)s: cannot read the file (%(reason)s)"),
                         values={"file": str(file), "reason": e.strerror}) from None


def _read_limited(file: Path, limit: int) -> bytes:
    """The file's bytes; a file over the limit is refused before it is read (UNGASS_KG_MAX_BODY)."""
    try:
        size = file.stat().st_size
    except OSError:
        size = 0
    if size > limit:
        from ..validate import too_large

        raise too_large(file.name, size, limit)
    return _read(file)


@click.command()
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="File to write (default: ungass-kg-template.xlsx / .csv).")
@click.option("--format", "fmt", type=click.Choice(["xlsx", "csv"]), default=None,
              help="Template format (default: from the file extension, else xlsx).")
@click.option("--entity", metavar="ACRONYM", help="With --prefill: the entity whose stored activities to write.")
@click.option("--prefill", type=int, metavar="YEAR",
              help="Write the entity's stored activities of this period into the template, with their Activity IDs.")
@lang_option("Language of the xlsx template's headers, Help and Lists (any of the six reads back).")
@pass_context
def template(ctx: Context, output: Path | None, fmt: str | None, entity: str | None, prefill: int | None,
             lang: str) -> None:
    """Write the submission template: Activities (with drop-downs), Help and Lists sheets.

    With --entity and --prefill the Activities sheet holds what is stored for that entity and
    period (its submission, else the activities it leads in the note), one row per activity with
    its Activity ID: correct what changed and submit it again; read back unchanged it gives the
    same activities.

    \b
    Examples:
      ungass-kg template -o unodc-2023.xlsx
      ungass-kg template --format csv -o activities.csv
      ungass-kg template --entity WHO --prefill 2023 -o who-2024.xlsx
    """
    from ..template import build_template
    from ..validate import registers_for

    _ = i18n.gettext_for(lang)
    if (entity is None) != (prefill is None):
        raise InputError(N_("--entity and --prefill go together"), hint=N_("e.g. --entity WHO --prefill 2023"),
                         values={})
    if fmt is None:
        fmt = output.suffix.lower().lstrip(".") if output and output.suffix.lower() in (".csv", ".xlsx") else "xlsx"
    output = output or Path(f"ungass-kg-template.{fmt}")
    store = ctx.store(reading=True)
    registers = registers_for(store)
    rows = None
    if entity is not None and prefill is not None:
        from ..prefill import stored_activities, template_rows

        stored = stored_activities(store, entity, prefill)
        rows = template_rows(stored.graph, registers)
        stderr.print(_(N_("%(count)s stored activities of %(entity)s for %(period)s (from %(source)s)."),
                       count=len(rows), entity=entity, period=prefill, source=stored.source))
    data = build_template(registers, fmt, rows, lang)
    output.write_bytes(data)
    stderr.print(_(N_("Wrote %(file)s (%(format)s, %(size)s bytes). Fill it in, then: ungass-kg validate %(file)s"),
                   file=output, format=fmt, size=len(data)))


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
              help="Report format: text, json, csv, ttl (sh:ValidationReport) or html (one page).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report to a file.")
@lang_option("Language of the messages (rows, columns, rules and suggestions are the same in all six).")
@pass_context
def validate(ctx: Context, file: Path, fmt: str, output: Path | None, lang: str) -> None:
    """Check a submission (xlsx, csv, ttl, jsonld, rdf, nt) and report every wrong cell.

    Exit code 0: conforms (warnings allowed); 1: violations; 2: the file cannot be read.

    \b
    Examples:
      ungass-kg validate unodc-2023.xlsx
      ungass-kg validate unodc-2023.csv --format json > report.json
      ungass-kg validate unodc-2023.xlsx --format html -o report.html
      ungass-kg validate unodc-2023.xlsx --lang fr
    """
    from ..ingest.mapping import gc_paused
    from ..validate import validate_bytes
    from ..validate.messages import localised
    from .ending import short_lived

    short_lived()  # what it builds lives until the process ends (see cli/ending.py)
    data = _read_limited(file, ctx.settings.max_body)
    report = validate_bytes(data, file.name, ctx.store(reading=True), max_bytes=ctx.settings.max_body,
                            limits=ctx.settings.limits)
    with gc_paused():  # the report and its graph stay alive: a full collection would walk them for nothing
        report = localised(report, lang)
        text = {"text": report.to_text, "csv": report.to_csv, "ttl": report.to_turtle, "html": report.to_html,
                "json": lambda: json.dumps(report.to_json(), indent=1, ensure_ascii=False) + "\n"}[fmt]()
    if output:
        output.write_text(text, encoding="utf-8")
        stderr.print(report.summary())
    else:
        sys.stdout.write(text)
    ctx_exit(0 if report.conforms else 1)


def ctx_exit(code: int) -> None:
    if code:
        raise SystemExit(code)


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--entity", required=True, metavar="ACRONYM", help="The reporting entity, e.g. UNODC.")
@click.option("--period", required=True, type=int, metavar="YEAR", help="The reporting period (year), e.g. 2023.")
@click.option("--replace", is_flag=True,
              help="Store a new version of an earlier submission of the same entity and period.")
@click.option("--dry-run", is_flag=True, help="Store nothing: show the report and what would change (new, changed, "
              "withdrawn, unchanged activities, matched by Activity ID).")
@click.option("--since", type=int, metavar="YEAR", help="With --dry-run: compare with the entity's activities of "
              "that earlier period instead.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="With --dry-run: the diff as text or JSON (counts new/changed/withdrawn/unchanged at the top).")
@lang_option("Language of the report and the messages (rows, columns, rules, JSON keys are the same in all six).")
@pass_context
def submit(ctx: Context, file: Path, entity: str, period: int, replace: bool, dry_run: bool, since: int | None,
           fmt: str, lang: str) -> None:
    """Validate a submission and, if it has no violation, store it (atomically, with PROV).

    Exit code 0: stored (or, with --dry-run, would be stored); 1: violations, a duplicate or
    an existing submission; 2: the file cannot be read. A refused file is recorded as received
    (for the round's board) with its report; its activities are not stored.

    \b
    Examples:
      ungass-kg submit unodc-2023.xlsx --entity UNODC --period 2023
      ungass-kg submit unodc-2023.xlsx --entity UNODC --period 2023 --dry-run --format json
      ungass-kg submit unodc-2024.xlsx --entity UNODC --period 2024 --dry-run --since 2023
      ungass-kg submit unodc-2023.xlsx --entity UNODC --period 2023 --replace
    """
    from ..submissions import SubmissionRejected
    from ..submissions import submit as do_submit
    from ..validate.messages import localised

    _ = i18n.gettext_for(lang)

    data = _read_limited(file, ctx.settings.max_body)
    if since is not None and not dry_run:
        raise InputError(N_("--since only goes with --dry-run"), hint=N_("add --dry-run to compare without storing"),
                         values={})
    if dry_run:
        from ..submissions import preview

        pv = preview(ctx.store(reading=True), data, file.name, entity, period, since=since,
                     max_bytes=ctx.settings.max_body)
        pv.report = localised(pv.report, lang)
        if fmt == "json":
            sys.stdout.write(json.dumps(pv.to_json(), indent=1, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(pv.report.to_text() + "\n" + pv.diff.to_text(lang))
        stderr.print(pv.report.summary().rstrip(".") + _(N_("; nothing was stored (--dry-run).")))
        ctx_exit(0 if pv.report.conforms else 1)
        return
    try:
        rec = do_submit(ctx.store(), data, file.name, entity, period, replace=replace,
                        max_bytes=ctx.settings.max_body, limits=ctx.settings.limits)
    except SubmissionRejected as e:
        sys.stdout.write(localised(e.report, lang).to_text())
        raise
    done = N_("Replaced submission %(id)s: %(activities)s activities, %(warnings)s warning(s), graph %(graph)s, "
              "sha256 %(sha)s..., version %(version)s") if rec.replaced else \
        N_("Stored submission %(id)s: %(activities)s activities, %(warnings)s warning(s), graph %(graph)s, "
           "sha256 %(sha)s..., version %(version)s")
    stderr.print(_(done, id=rec.id, activities=rec.activities, warnings=rec.warnings, graph=rec.graph,
                   sha=rec.sha256[:12], version=rec.version))


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.option("--history", is_flag=True, help="Every version of every submission (who, when, file, checksum).")
@pass_context
def submissions(ctx: Context, fmt: str, history: bool) -> None:
    """List the stored submissions (entity, period, received, file, checksum, activities).

    \b
    Examples:
      ungass-kg submissions
      ungass-kg submissions --history
    """
    from ..submissions import list_submissions

    if history:
        from ..submissions import history as all_versions

        versions = all_versions(ctx.store(reading=True))
        if fmt == "json":
            sys.stdout.write(json.dumps(versions, indent=1) + "\n")
            return
        print_table(None, ["id", "version", "current", "received", "file", "sha256", "revision of"],
                    [[v["id"], v["version"], "yes" if v["current"] else "", v["received"], v["file"],
                      (v["sha256"] or "")[:12], (v["revision_of"] or "").rsplit("/", 2)[-2:][-1] if v["revision_of"]
                      else ""] for v in versions], numeric=[1])
        return
    recs = list_submissions(ctx.store(reading=True))
    if fmt == "json":
        sys.stdout.write(json.dumps([r.to_json() for r in recs], indent=1) + "\n")
        return
    print_table(None, ["id", "entity", "period", "received", "file", "sha256", "activities", "warnings"],
                [[r.id, r.acronym, r.period, r.received, r.filename, r.sha256[:12], r.activities, r.warnings]
                 for r in recs], numeric=[2, 6, 7])


def confirm_or_stop(what: list[str], yes: bool) -> None:
    """Print what will be removed; go on with --yes or a 'y' on a terminal, else exit 1 having done nothing."""
    stderr.print("This removes:\n" + "\n".join(f"  - {w}" for w in what))
    if yes:
        return
    if sys.stdin.isatty() and click.confirm("Remove it?", default=False, err=True):
        return
    raise ConfirmationNeeded("nothing was removed", hint="add --yes to remove it")


@click.command("submission-delete")
@click.argument("submission_id", metavar="ID")
@click.option("--yes", is_flag=True, help="Remove without asking.")
@pass_context
def submission_delete(ctx: Context, submission_id: str, yes: bool) -> None:
    """Delete a stored submission (its graph, versions, received files and reports), e.g. unodc-2023.

    Prints what goes first and asks (or needs --yes when not on a terminal; exit 1 without it).

    \b
    Example:
      ungass-kg submission-delete unodc-2023 --yes
    """
    from ..submissions import delete_submission, deletion_plan

    store = ctx.store()
    plan = deletion_plan(store, submission_id)
    if not plan:
        raise InputError(f"no submission '{submission_id}'", hint="see 'ungass-kg submissions'")
    confirm_or_stop(plan, yes)
    if not delete_submission(store, submission_id):
        raise InputError(f"no submission '{submission_id}'", hint="see 'ungass-kg submissions'")
    stderr.print(f"Deleted submission {submission_id}.")
