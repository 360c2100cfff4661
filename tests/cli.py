"""The command line run in-process with click's ``CliRunner``: the same group, output and exit
codes as ``ungass-kg``, without starting an interpreter per call. Tests whose point is the
real process (installed entry point, signals, the environment of a child) use subprocess."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from ungass_kg.cli import cli


@dataclass
class Result:
    returncode: int
    stdout: str
    stderr: str
    stdout_bytes: bytes


def run(*args: str | Path, store: Path | None = None, env: dict[str, str] | None = None,
        stdin: str | bytes | None = None) -> Result:
    """``ungass-kg [--store STORE] ARGS`` with only ``env`` of our settings in the environment."""
    cmd = ["--store", str(store)] if store is not None else []
    cmd += [str(a) for a in args]
    environ: dict[str, str | None] = {k: None for k in os.environ if k.startswith("UNGASS_KG_")}
    environ.update(env or {})
    # catch_exceptions=False: an unexpected exception fails the test with its traceback.
    res = CliRunner().invoke(cli, cmd, env=environ, input=stdin, catch_exceptions=False, prog_name="ungass-kg")
    return Result(res.exit_code, res.stdout, res.stderr, res.stdout_bytes)
