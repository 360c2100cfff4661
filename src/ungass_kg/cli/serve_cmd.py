"""``ungass-kg serve``: the web app on uvicorn over the configured store."""

from __future__ import annotations

import click

from .context import Context, pass_context
from .output import stderr


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@click.option("--query-workers", type=click.IntRange(min=0), envvar="UNGASS_KG_QUERY_WORKERS",
              help="Query worker processes (default: CPUs, 2..8; 0 = in-thread, no hard time limit) "
                   "[env UNGASS_KG_QUERY_WORKERS].")
@pass_context
def serve(ctx: Context, host: str, port: int, query_workers: int | None) -> None:
    """Serve SPARQL, saved queries, validation and linked-data pages over HTTP.

    On first run the embedded store is built from the bundled data.

    \b
    Limits come from the environment: UNGASS_KG_QUERY_TIMEOUT (seconds, default 10),
    UNGASS_KG_MAX_ROWS (default 10000), UNGASS_KG_MAX_BODY (bytes, default 20 MB),
    UNGASS_KG_CORS_ORIGINS (default *); UNGASS_KG_WRITE_TOKEN unlocks writes.

    \b
    Examples:
      ungass-kg serve
      UNGASS_KG_WRITE_TOKEN=secret ungass-kg serve --host 0.0.0.0 --port 8080
      UNGASS_KG_QUERY_TIMEOUT=30 ungass-kg serve --query-workers 4
    """
    import uvicorn

    from ..web.app import create_app

    store = ctx.store()
    app = create_app(ctx.settings, store, query_workers=query_workers)
    stderr.print(f"Serving {ctx.settings.describe_store()} on http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(cli: click.Group) -> None:
    cli.add_command(serve)
