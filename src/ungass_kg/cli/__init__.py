"""The ``ungass-kg`` command line: a thin layer over the package's functions.

Global options go before the command (``ungass-kg --store DIR stats``). Commands are
loaded lazily: :data:`COMMANDS` names where each one lives, and its module is imported
only when that command runs (or ``--help`` lists it). Errors a user can fix are printed
as one line on stderr with exit code 2 (1 where a command says so), never a traceback.

Adding a command is one line in :data:`COMMANDS` (see docs/architecture.md). A command
module imports only click and light modules at its top; anything heavy (charts, SHACL,
the web app, spreadsheets) is imported inside the command that needs it
(tests/test_cli_imports.py checks ``--help`` through ``sys.modules``).
"""

from __future__ import annotations

import errno
import importlib
import sys

import click

from ..errors import UserError
from .context import Context, setting_options
from .ending import finish, own_process

# name -> "module:function" in this package. One line per command.
COMMANDS: dict[str, str] = {
    "init": "store_cmds:init",
    "load": "store_cmds:load",
    "query": "store_cmds:query",
    "graphs": "store_cmds:graphs",
    "drop": "store_cmds:drop",
    "stats": "store_cmds:stats",
    "export": "store_cmds:export",
    "serve": "serve_cmd:serve",
    "template": "submission_cmds:template",
    "validate": "submission_cmds:validate",
    "submit": "submission_cmds:submit",
    "submissions": "submission_cmds:submissions",
    "submission-delete": "submission_cmds:submission_delete",
    "round": "round_cmds:round_group",
    "compare": "compare_cmd:compare_cmd",
    "figures": "figure_cmds:figures_cmd",
    "figure": "figure_cmds:figure_cmd",
    "reconcile": "figure_cmds:reconcile_cmd",
    "publish": "publish_cmds:publish",
    "note": "note_cmd:note_cmd",
    "doctor": "doctor_cmd:doctor",
}


class CommandLine(click.Group):
    """The group: commands imported on first use; a :class:`UserError` becomes one line and its exit code.

    Handling errors here (not only in :func:`main`) gives click's ``CliRunner`` the same
    output and exit codes as the installed command.
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return super().get_command(ctx, cmd_name)
        module, _, attr = COMMANDS[cmd_name].partition(":")
        command = getattr(importlib.import_module(f"{__name__}.{module}"), attr)
        assert isinstance(command, click.Command) and command.name == cmd_name, COMMANDS[cmd_name]
        return command

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except UserError as e:
            from .languages import error_line

            click.echo(error_line(ctx, e), err=True)
            ctx.exit(e.exit_code)


@click.group(cls=CommandLine, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


def main() -> None:
    own_process()
    try:
        code = cli.main(standalone_mode=False)
    except SystemExit as e:  # a command's own exit code (validate: 1 when a rule is violated)
        finish(e.code if isinstance(e.code, int) else 1)
        raise
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as e:
        e.show()
        sys.exit(e.exit_code)
    except KeyboardInterrupt:
        click.echo("Interrupted.", err=True)
        sys.exit(130)
    except BrokenPipeError:
        sys.exit(0)
    except OSError as e:  # a full or failing disk under any command: one line, never a traceback
        where = f": {e.filename}" if e.filename else ""
        hint = " (free some space and run the command again)" if e.errno in (errno.ENOSPC, errno.EDQUOT) else ""
        click.echo(f"error: {e.strerror or e}{where}{hint}", err=True)
        sys.exit(2)
    else:
        code = code if isinstance(code, int) else 0
        finish(code)
        sys.exit(code)
