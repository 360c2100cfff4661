"""The command line run in-process with click's ``CliRunner``: the same group, output and exit
codes as ``ungass-kg``, without starting an interpreter per call. Tests whose point is the
real process (installed entry point, signals, the environment of a child) use subprocess."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from click.testing import CliRunner

from ungass_kg.cli import cli

ROOT = Path(__file__).resolve().parent.parent


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


def run_process(*args: str | Path, store: Path | None = None, env: dict[str, str] | None = None,
                timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """``python -m ungass_kg [--store STORE] ARGS`` as a user runs it: its own interpreter, from the
    checkout, with only ``env`` of our settings in its environment."""
    cmd = [sys.executable, "-m", "ungass_kg"]
    if store is not None:
        cmd += ["--store", str(store)]
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("UNGASS_KG_")}
    full_env.update(env or {})
    return subprocess.run(cmd + [str(a) for a in args], capture_output=True, text=True, cwd=ROOT, env=full_env,
                          timeout=timeout)
