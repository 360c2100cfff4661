"""``ungass-kg doctor``: probe the remote store the settings name, and say what will break."""

from __future__ import annotations

import click

from .context import Context, pass_context

_MARK = {"ok": "ok  ", "warn": "warn", "fail": "FAIL", "skip": "skip"}


@click.command()
@click.option("--no-write", is_flag=True, help="Send no write (skips the Update, Graph Store and auth checks).")
@click.option("--timeout", type=click.FloatRange(min=1), default=20.0, show_default=True,
              help="Seconds to wait for each probe request.")
@pass_context
def doctor(ctx: Context, no_write: bool, timeout: float) -> None:
    """Probe the remote SPARQL store (--endpoint / UNGASS_KG_ENDPOINT and the update settings).

    Checks what ungass-kg relies on: the union default graph (or a FROM fallback), SPARQL
    Update, the Graph Store Protocol, result-row caps, what happens at the store's time limit
    (error, partial answer, or nothing), DESCRIBE and authentication; each line says what will
    break. Writes go to one scratch graph with a random name, dropped at the end.
    Exit 0 when nothing fails (warnings allowed), 1 when something ungass-kg needs is broken.

    \b
    Examples:
      ungass-kg --endpoint http://localhost:8890/sparql doctor
      UNGASS_KG_ENDPOINT=http://localhost:7878/query UNGASS_KG_UPDATE_ENDPOINT=http://localhost:7878/update \\
        ungass-kg doctor
    """
    from ..store.probe import Probe, run_probe

    s = ctx.settings
    if not s.endpoint:
        click.echo(f"{s.describe_store()}: the embedded Oxigraph store needs no probe "
                   "(give --endpoint or UNGASS_KG_ENDPOINT to check a remote store)")
        return
    click.echo(f"Probing {s.describe_store()}" + (f" (updates: {s.update_endpoint})" if s.update_endpoint else ""))
    probe = Probe(s.endpoint, update_endpoint=s.update_endpoint, gsp_endpoint=s.gsp_endpoint, user=s.user,
                  password=s.password, timeout=timeout, write=not no_write)
    checks = run_probe(probe, lambda c: click.echo(f"  {_MARK[c.status]}  {c.name:<15} {c.message}"))
    failed = [c.name for c in checks if c.status == "fail"]
    warned = [c.name for c in checks if c.status == "warn"]
    if failed:
        click.echo(f"Broken: {', '.join(failed)}" + (f"; warnings: {', '.join(warned)}" if warned else ""))
        ctx.close()
        raise SystemExit(1)
    click.echo("Nothing ungass-kg needs is broken" + (f" (warnings: {', '.join(warned)})" if warned else ""))
