"""The command line loads lazily: importing it, or asking for help, loads no chart, SHACL,
web, spreadsheet or RDF package (checked in a fresh interpreter through ``sys.modules``)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("vl_convert", "pyshacl", "fastapi", "uvicorn", "openpyxl", "starlette", "jinja2", "rdflib", "pyoxigraph")

PROBE = """
import contextlib, io, json, sys
import ungass_kg.cli as c
args = sys.argv[1:]
if args:
    with contextlib.redirect_stdout(io.StringIO()) as out:
        c.cli.main(args, standalone_mode=False, prog_name="ungass-kg")
    assert "Usage: ungass-kg" in out.getvalue(), out.getvalue()
print(json.dumps(sorted(m for m in sys.modules if m.split(".")[0] in {heavy})))
"""


def loaded_after(*args: str) -> list[str]:
    code = PROBE.replace("{heavy}", repr(set(HEAVY)))
    res = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120)
    assert res.returncode == 0, res.stderr
    return list(json.loads(res.stdout.splitlines()[-1]))


@pytest.mark.parametrize("args", [(), ("--help",), ("serve", "--help"), ("figures", "--help"),
                                  ("validate", "--help"), ("publish", "--help")])
def test_import_and_help_load_no_heavy_package(args: tuple[str, ...]) -> None:
    assert loaded_after(*args) == []


def test_the_probe_sees_a_heavy_import() -> None:
    # The check above would pass vacuously if the probe could not see modules: it can.
    code = PROBE.replace("{heavy}", repr(set(HEAVY))).replace("import ungass_kg.cli as c",
                                                              "import ungass_kg.cli as c, ungass_kg.web.app")
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert "fastapi" in json.loads(res.stdout.splitlines()[-1])


def test_every_command_is_registered_under_its_own_name() -> None:
    from click import Context

    from ungass_kg.cli import COMMANDS, cli

    ctx = Context(cli)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
    assert cli.list_commands(ctx) == sorted(COMMANDS)
