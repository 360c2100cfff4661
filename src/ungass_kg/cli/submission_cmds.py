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

from ..errors import InputError
from .context import Context, pass_context
from .output import print_table, stderr

REPORT_FORMATS = ("text", "json", "csv", "ttl", "html")


def _read(file: Path) -> bytes:
    try:
        return file.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{file}: no such file") from None
    except OSError as e:
        raise InputError(f"{file}: cannot read the file ({e.strerror})") from None


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
@pass_context
def template(ctx: Context, output: Path | None, fmt: str | None) -> None:
    """Write the submission template: Activities (with drop-downs), Help and Lists sheets.

    \b
    Examples:
      ungass-kg template -o unodc-2023.xlsx
      ungass-kg template --format csv -o activities.csv
    """
    from ..template import build_template
    from ..validate import registers_for

    if fmt is None:
        fmt = output.suffix.lower().lstrip(".") if output and output.suffix.lower() in (".csv", ".xlsx") else "xlsx"
    output = output or Path(f"ungass-kg-template.{fmt}")
    data = build_template(registers_for(ctx.store()), fmt)
    output.write_bytes(data)
    stderr.print(f"Wrote {output} ({fmt}, {len(data)} bytes). Fill it in, then: ungass-kg validate {output}")


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(REPORT_FORMATS), default="text", show_default=True,
              help="Report format: text, json, csv, ttl (sh:ValidationReport) or html (one page).")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), help="Write the report to a file.")
@pass_context
def validate(ctx: Context, file: Path, fmt: str, output: Path | None) -> None:
    """Check a submission (xlsx, csv, ttl, jsonld, rdf, nt) and report every wrong cell.

    Exit code 0: conforms (warnings allowed); 1: violations; 2: the file cannot be read.

    \b
    Examples:
      ungass-kg validate unodc-2023.xlsx
      ungass-kg validate unodc-2023.csv --format json > report.json
      ungass-kg validate unodc-2023.xlsx --format html -o report.html
    """
    from ..validate import validate_bytes

    data = _read_limited(file, ctx.settings.max_body)
    report = validate_bytes(data, file.name, ctx.store(), max_bytes=ctx.settings.max_body)
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
@click.option("--replace", is_flag=True, help="Replace an earlier submission of the same entity and period.")
@pass_context
def submit(ctx: Context, file: Path, entity: str, period: int, replace: bool) -> None:
    """Validate a submission and, if it has no violation, store it (atomically, with PROV).

    \b
    Examples:
      ungass-kg submit unodc-2023.xlsx --entity UNODC --period 2023
      ungass-kg submit unodc-2023.xlsx --entity UNODC --period 2023 --replace
    """
    from ..submissions import SubmissionRejected
    from ..submissions import submit as do_submit

    data = _read_limited(file, ctx.settings.max_body)
    try:
        rec = do_submit(ctx.store(), data, file.name, entity, period, replace=replace,
                        max_bytes=ctx.settings.max_body)
    except SubmissionRejected as e:
        sys.stdout.write(e.report.to_text())
        raise
    verb = "Replaced" if rec.replaced else "Stored"
    stderr.print(f"{verb} submission {rec.id}: {rec.activities} activities, {rec.warnings} warning(s), "
                 f"graph {rec.graph}, sha256 {rec.sha256[:12]}...")


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@pass_context
def submissions(ctx: Context, fmt: str) -> None:
    """List the stored submissions (entity, period, received, file, checksum, activities).

    \b
    Example:
      ungass-kg submissions
    """
    from ..submissions import list_submissions

    recs = list_submissions(ctx.store())
    if fmt == "json":
        sys.stdout.write(json.dumps([r.to_json() for r in recs], indent=1) + "\n")
        return
    print_table(None, ["id", "entity", "period", "received", "file", "sha256", "activities", "warnings"],
                [[r.id, r.acronym, r.period, r.received, r.filename, r.sha256[:12], r.activities, r.warnings]
                 for r in recs], numeric=[2, 6, 7])


@click.command("submission-delete")
@click.argument("submission_id", metavar="ID")
@pass_context
def submission_delete(ctx: Context, submission_id: str) -> None:
    """Delete a stored submission (its graph and its PROV record), e.g. unodc-2023.

    \b
    Example:
      ungass-kg submission-delete unodc-2023
    """
    from ..submissions import delete_submission

    if not delete_submission(ctx.store(), submission_id):
        raise InputError(f"no submission '{submission_id}'", hint="see 'ungass-kg submissions'")
    stderr.print(f"Deleted submission {submission_id}.")


def register(cli: click.Group) -> None:
    """Add this module's commands to the ``ungass-kg`` group."""
    for cmd in (template, validate, submit, submissions, submission_delete):
        cli.add_command(cmd)
