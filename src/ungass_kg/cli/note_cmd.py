"""``note``: draft sections IV-VIII of the Secretariat's note from the data."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .context import Context, pass_context
from .output import stderr

_YEAR = click.IntRange(2000, 2100)


@click.command("note")
@click.option("--period", required=True, type=_YEAR, help="Reporting year drafted: the figures count every "
              "activity reported up to its end; section VIII lists its inter-agency activities.")
@click.option("--against", type=_YEAR, help="An earlier reporting year: sentences carry the change from it.")
@click.option("--format", "fmt", type=click.Choice(["docx", "html", "md"]), default=None,
              help="Output format [default: from the extension of -o, else md].")
@click.option("-o", "--output", "output", type=click.Path(path_type=Path, dir_okay=False), required=True,
              help="File to write; for md the figures are written beside it as PNG files.")
@click.option("--trace", "trace", type=click.Path(path_type=Path, dir_okay=False),
              help="Also write every number of the draft with its saved query, parameters, row and column (JSON).")
@click.option("--base-url", default="", metavar="URL",
              help="Server the HTML's query links point at (default: links relative to the site root).")
@pass_context
def note_cmd(ctx: Context, period: int, against: int | None, fmt: str | None, output: Path, trace: Path | None,
             base_url: str) -> None:
    """Draft sections IV to VIII of the note from the data: numbered paragraphs, the six figures, section
    VIII from the period's inter-agency activities; every number read from a saved query.

    \b
    Examples:
      ungass-kg note --period 2023 -o note-2023.docx
      ungass-kg note --period 2024 --against 2023 --format md --trace trace.json -o note-2024.md
    """
    from .. import note
    from ..note import docx, render

    if against is not None and against >= period:
        raise click.BadParameter(f"--against {against} is not before --period {period}; give an earlier year",
                                 param_hint="--against")
    kind = fmt or {".docx": "docx", ".html": "html", ".htm": "html"}.get(output.suffix.lower(), "md")
    draft = note.write(ctx.store(reading=True), period, against)
    output.parent.mkdir(parents=True, exist_ok=True)
    if kind == "docx":
        output.write_bytes(docx.docx(draft))
    elif kind == "html":
        output.write_text(render.html(draft, base=base_url.rstrip("/")), encoding="utf-8")
    else:
        output.write_text(render.markdown(draft), encoding="utf-8")
        for f in draft.figures():
            (output.parent / render.figure_file(draft, f)).write_bytes(f.png)
    if trace is not None:
        trace.write_text(json.dumps(draft.trace(), indent=1, ensure_ascii=False), encoding="utf-8")
    stderr.print(f"{output}: {len(draft.paragraphs())} paragraphs, {len(draft.figures())} figures, "
                 f"{len(draft.numbers())} traced numbers ({kind})", style="dim")
