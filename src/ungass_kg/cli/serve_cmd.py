"""``ungass-kg serve``: the web app on uvicorn over the configured store."""

from __future__ import annotations

import click

from .context import Context, pass_context
from .output import stderr


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8000, show_default=True, type=int, help="Port to listen on.")
@pass_context
def serve(ctx: Context, host: str, port: int) -> None:
    """Serve SPARQL, saved queries, validation and linked-data pages over HTTP.

    On first run the embedded store is built from the bundled data.

    \b
    Examples:
      ungass-kg serve
      UNGASS_KG_WRITE_TOKEN=secret ungass-kg serve --host 0.0.0.0 --port 8080
    """
    import uvicorn

    from ..web.app import create_app

    store = ctx.store()
    app = create_app(ctx.settings, store)
    stderr.print(f"Serving {ctx.settings.describe_store()} on http://{host}:{port}/ (Ctrl+C to stop)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


def register(cli: click.Group) -> None:
    cli.add_command(serve)
