"""The ``ungass-kg`` command line: a thin layer over the package's functions.

Global options go before the command (``ungass-kg --store DIR stats``). Each command
module registers its commands on the group; errors a user can fix are printed as one
line on stderr with exit code 2 (1 where a command says so), never as a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import UserError
from . import figure_cmds, publish_cmds, serve_cmd, store_cmds, submission_cmds
from .context import Context


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", "store", type=click.Path(path_type=Path), envvar="UNGASS_KG_STORE",
              help="Folder of the embedded Oxigraph store [env UNGASS_KG_STORE; default: user data folder].")
@click.option("--endpoint", envvar="UNGASS_KG_ENDPOINT", metavar="URL",
              help="Use a remote SPARQL 1.1 store instead [env UNGASS_KG_ENDPOINT].")
@click.option("--update-endpoint", envvar="UNGASS_KG_UPDATE_ENDPOINT", metavar="URL",
              help="SPARQL 1.1 Update endpoint of the remote store (default: --endpoint).")
@click.option("--gsp-endpoint", envvar="UNGASS_KG_GSP_ENDPOINT", metavar="URL",
              help="Graph Store Protocol endpoint of the remote store (optional).")
@click.version_option(package_name="ungass-kg")
@click.pass_context
def cli(ctx: click.Context, store: Path | None, endpoint: str | None, update_endpoint: str | None,
        gsp_endpoint: str | None) -> None:
    """ungass-kg: the UN system's UNGASS activity matrix as linked data.

    \b
    Examples:
      ungass-kg serve                      # build the store on first run, serve on :8000
      ungass-kg stats                      # what the store holds
      ungass-kg --endpoint http://localhost:8890/sparql init
    """
    ctx.obj = Context.create(store=store, endpoint=endpoint, update_endpoint=update_endpoint,
                             gsp_endpoint=gsp_endpoint)
    ctx.call_on_close(ctx.obj.close)


for _module in (store_cmds, serve_cmd, submission_cmds, figure_cmds, publish_cmds):
    _module.register(cli)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except UserError as e:
        click.echo(f"error: {e}", err=True)
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    else:
        sys.exit(0)
