"""The wheel carries the knowledge base, so ``ungass-kg`` works outside the checkout."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if shutil.which("uv") is None:
        pytest.skip("uv is not on PATH")
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(["uv", "build", "--wheel", "-o", str(out)], cwd=ROOT, check=True, capture_output=True)
    return next(out.glob("*.whl"))


def test_wheel_bundles_ontology_shapes_data_and_queries(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, suffix in (("ontology", ".ttl"), ("shapes", ".ttl"), ("data/reference", ".ttl"),
                           ("data/activities", ".ttl"), ("sparql", ".rq")):
        prefix = f"ungass_kg/_bundled/{folder}/"
        assert any(n.startswith(prefix) and n.endswith(suffix) for n in names), f"no {folder} in the wheel"
    # Every bundled file of the checkout is in the wheel.
    for folder in ("ontology", "shapes", "data", "sparql"):
        for f in (ROOT / folder).rglob("*"):
            if f.is_file():
                assert f"ungass_kg/_bundled/{f.relative_to(ROOT).as_posix()}" in names


def test_installed_tool_builds_its_store_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run(["uv", "venv", "-q", "-p", "3.11", str(venv)], check=True, capture_output=True)
    subprocess.run(["uv", "pip", "install", "-q", "-p", str(venv / "bin" / "python"), str(wheel)],
                   check=True, capture_output=True)
    res = subprocess.run([str(venv / "bin" / "ungass-kg"), "--store", str(tmp_path / "kb"), "stats"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert res.returncode == 0, res.stderr
    assert "_bundled" not in res.stderr
    rows = {line.split("│")[1].strip(): line.split("│")[2].strip()
            for line in res.stdout.splitlines() if line.count("│") == 3}
    assert int(rows["activities"]) >= 40
    assert int(rows["entities counted in the matrix"]) == 23
