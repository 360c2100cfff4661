"""``validate`` in a process of its own ends without the collector or freeing (cli/ending.py):
everything it wrote still arrives, whole, with its exit code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .cli import run_process

EXAMPLES = Path(__file__).resolve().parent.parent / "data" / "examples"


def test_the_report_arrives_whole_on_stdout_and_in_a_file(bundled_store_path: Path, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(bundled_store_path, store)
    piped = run_process("validate", EXAMPLES / "unodc-2023-invalid.xlsx", "--format", "json", store=store)
    assert piped.returncode == 1  # violations: the command's own code, not os._exit's default
    report = json.loads(piped.stdout)  # the whole JSON: flushed before the process ended
    assert report["conforms"] is False and len(report["results"]) == 32
    out = tmp_path / "report.json"
    to_file = run_process("validate", EXAMPLES / "unodc-2023-invalid.xlsx", "--format", "json", "-o", out,
                          store=store)
    assert to_file.returncode == 1 and _stable(json.loads(out.read_text(encoding="utf-8"))) == _stable(report)
    assert "does NOT conform" in to_file.stderr  # the summary line on stderr, flushed too
    ok = run_process("validate", EXAMPLES / "unodc-2023-valid.csv", store=store)
    assert ok.returncode == 0 and ok.stdout.strip()


def _stable(report: dict) -> dict:
    """The report without the quantity nodes' blank node labels (new ones on every run)."""
    return {**report, "results": [{k: v for k, v in r.items() if not str(v).startswith("_:")}
                                  for r in report["results"]]}
