"""Settings are declared once (config.py); the docs and the refusal of bad values follow it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.cli import run_process
from ungass_kg.config import SettingError, Settings, declared

ROOT = Path(__file__).resolve().parent.parent
ENV = re.compile(r"`(UNGASS_KG_[A-Z_]+)`")


def table_rows(markdown: str, heading: str) -> list[list[str]]:
    """The cells of the first table after ``heading`` (header and rule rows dropped)."""
    section = markdown.split(heading, 1)[1]
    rows = []
    in_table = False
    for line in section.splitlines():
        if line.startswith("|"):
            in_table = True
            rows.append([c.strip() for c in line.strip().strip("|").split("|")])
        elif in_table:
            break
    return [r for r in rows[2:]]


def test_readme_lists_every_setting_with_its_option_and_default() -> None:
    rows = table_rows((ROOT / "README.md").read_text(encoding="utf-8"), "## Settings")
    documented = {}
    for variable, option, _meaning, default in rows:
        (env,) = ENV.findall(variable)
        documented[env] = (option, default)
    expected = {}
    for _, spec in declared():
        option = f"`{spec.command + ' ' if spec.command else ''}{spec.option}`" if spec.option else ""
        expected[spec.env] = (option, spec.shown)
    assert documented == expected


def test_endpoint_doc_lists_every_server_limit_and_nothing_undeclared() -> None:
    rows = table_rows((ROOT / "docs" / "endpoint.md").read_text(encoding="utf-8"), "## Limits")
    documented = {env for row in rows for env in ENV.findall(row[0])}
    declared_envs = {spec.env for _, spec in declared()}
    assert documented - declared_envs == set(), "documented but not declared"
    assert {spec.env for _, spec in declared() if spec.endpoint} - documented == set(), "undocumented"


@pytest.mark.parametrize(("env", "raw"), [
    ("UNGASS_KG_QUERY_TIMEOUT", "10s"), ("UNGASS_KG_QUERY_TIMEOUT", "0"), ("UNGASS_KG_QUERY_TIMEOUT", "nan"),
    ("UNGASS_KG_MAX_ROWS", "many"), ("UNGASS_KG_MAX_ROWS", "0"), ("UNGASS_KG_MAX_BODY", "20MB"),
    ("UNGASS_KG_QUERY_WORKERS", "-1"), ("UNGASS_KG_WORKER_MEMORY_MB", "2G"),
    ("UNGASS_KG_WORKER_MEMORY_QUADS", "1e6"), ("UNGASS_KG_ENDPOINT", "localhost:8890"),
    ("UNGASS_KG_BASE", "w3id.org/ungass-kg/"), ("UNGASS_KG_CORS_ORIGINS", " , "),
    ("UNGASS_KG_TRUST_FORWARDED", "maybe"), ("UNGASS_KG_PUBLIC_URL", "kg.example.org"),
])
def test_a_bad_value_is_refused_naming_the_variable(env: str, raw: str) -> None:
    with pytest.raises(SettingError) as e:
        Settings.from_env(env={env: raw})
    assert str(e.value).startswith(f"{env}={raw!r}: expected ")
    assert "\n" not in str(e.value)


def test_values_are_typed_and_options_win_over_the_environment(tmp_path: Path) -> None:
    s = Settings.from_env({"store_path": str(tmp_path / "a")}, env={
        "UNGASS_KG_STORE": str(tmp_path / "b"), "UNGASS_KG_QUERY_TIMEOUT": "2.5", "UNGASS_KG_MAX_ROWS": "50",
        "UNGASS_KG_CORS_ORIGINS": "https://a.example, https://b.example", "UNGASS_KG_WORKER_MEMORY_MB": "0"})
    assert s.store_path == tmp_path / "a"
    assert (s.query_timeout, s.max_rows, s.worker_memory_mb) == (2.5, 50, 0)
    assert s.cors_origins == ("https://a.example", "https://b.example")
    assert s.with_options(query_workers="3").query_workers == 3
    proxied = Settings.from_env(env={"UNGASS_KG_PUBLIC_URL": "https://kg.example.org/x",
                                     "UNGASS_KG_TRUST_FORWARDED": "yes"})
    assert (proxied.public_url, proxied.trust_forwarded) == ("https://kg.example.org/x/", True)
    with pytest.raises(SettingError, match=r"^--query-workers='x': expected "):
        s.with_options(query_workers="x")


def test_unset_and_empty_variables_give_the_declared_defaults() -> None:
    s = Settings.from_env(env={"UNGASS_KG_QUERY_TIMEOUT": "", "UNGASS_KG_ENDPOINT": ""})
    assert (s.query_timeout, s.max_rows, s.endpoint, s.query_workers) == (10.0, 10_000, None, None)
    assert s.store_path is not None  # the user data folder


def test_the_command_line_refuses_a_bad_setting_in_one_line(tmp_path: Path) -> None:
    # A real process: the exit code and stderr as a user sees them.
    res = run_process("stats", store=tmp_path / "kb", env={"UNGASS_KG_QUERY_TIMEOUT": "10s"}, timeout=120)
    assert res.returncode == 2
    assert res.stderr.strip().splitlines() == [
        "error: UNGASS_KG_QUERY_TIMEOUT='10s': expected a number of seconds above 0, e.g. 10 or 2.5"]
    assert not (tmp_path / "kb").exists()  # refused before the store was touched
