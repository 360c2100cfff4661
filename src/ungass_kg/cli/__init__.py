"""The ``ungass-kg`` command line: a thin layer over the package's functions.

Global options go before the command (``ungass-kg --store DIR stats``). Each command
module registers its commands on the group; errors a user can fix are printed as one
line on stderr with exit code 2 (1 where a command says so), never as a traceback.
"""

from __future__ import annotations

import sys

import click

from ..errors import UserError
from . import figure_cmds, note_cmd, publish_cmds, round_cmds, serve_cmd, store_cmds, submission_cmds
from .context import Context, setting_options


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@setting_options()
@click.version_option(package_name="ungass-kg")
@click.pass_context
def cli(ctx: click.Context, **options: str | None) -> None:
    """ungass-kg: the UN system's UNGASS activity matrix as linked data.

    \b
    Examples:
      ungass-kg serve                      # build the store on first run, serve on :8000
      ungass-kg stats                      # what the store holds
      ungass-kg --endpoint http://localhost:8890/sparql init
    """
    ctx.obj = Context.create(**options)
    ctx.call_on_close(ctx.obj.close)


for _module in (store_cmds, serve_cmd, submission_cmds, round_cmds, figure_cmds, publish_cmds, note_cmd):
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
