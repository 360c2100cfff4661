"""The command line over a real store folder: in-process (tests/cli.py), and as a real process
where the process is the point."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from .cli import run, run_process

ROOT = Path(__file__).resolve().parent.parent
GOOD = "@prefix ex: <https://example.org/> .\nex:a ex:name \"Alpha\" .\nex:b ex:name \"Beta\" .\n"
BAD = "@prefix ex: <https://example.org/> .\nex:a ex:name .\n"


@pytest.fixture
def store(bundled_copy: Path) -> Path:
    return bundled_copy


def graph_counts(store: Path) -> str:
    return run("graphs", store=store).stdout


def test_stats_on_a_missing_store_builds_it_and_says_so(tmp_path: Path) -> None:
    # End to end: the module entry point in its own process.
    res = run_process("stats", store=tmp_path / "new")
    assert res.returncode == 0, res.stderr
    assert "building it from the bundled knowledge base" in res.stderr
    assert "graph/ontology" in res.stdout and "activities" in res.stdout
    again = run_process("stats", store=tmp_path / "new")
    assert "building" not in again.stderr  # built once


def test_init_is_idempotent_and_keeps_other_graphs(store: Path, tmp_path: Path) -> None:
    f = tmp_path / "extra.ttl"
    f.write_text(GOOD)
    assert run("load", str(f), "--graph", "https://example.org/g/extra", store=store).returncode == 0
    before = graph_counts(store)
    assert run("init", store=store).returncode == 0
    assert graph_counts(store) == before
    assert "https://example.org/g/extra" in before


def test_load_query_drop(store: Path, tmp_path: Path) -> None:
    f = tmp_path / "extra.ttl"
    f.write_text(GOOD)
    res = run("load", str(f), store=store)
    assert res.returncode == 0, res.stderr
    assert "graph/load/extra.ttl" in res.stdout
    q = run("query", "-e", "SELECT ?n WHERE { ?s <https://example.org/name> ?n } ORDER BY ?n",
            "--format", "csv", store=store)
    assert q.stdout.splitlines() == ["n", "Alpha", "Beta"]
    js = json.loads(run("query", "-e", "ASK { ?s <https://example.org/name> \"Beta\" }", "--format", "json",
                        store=store).stdout)
    assert js["boolean"] is True
    # issue 11: drop says what goes and needs --yes (off a terminal); without it nothing goes
    refused = run("drop", "https://w3id.org/ungass-kg/graph/load/extra.ttl", store=store)
    assert refused.returncode == 1 and "2 triples" in refused.stderr and "--yes" in refused.stderr
    assert run("drop", "https://w3id.org/ungass-kg/graph/load/extra.ttl", "--yes", store=store).returncode == 0
    assert run("query", "-e", "SELECT ?n WHERE { ?s <https://example.org/name> ?n }", "--format", "tsv",
               store=store).stdout.splitlines() == ["n"]


def test_query_file_with_a_table(store: Path, tmp_path: Path) -> None:
    q = tmp_path / "chapters.rq"
    q.write_text("SELECT ?n WHERE { ?c a ung:Chapter ; ung:chapterNumber ?n } ORDER BY ?n")
    res = run("query", str(q), store=store)
    assert res.returncode == 0, res.stderr
    assert "7 row(s)" in res.stderr


def test_bad_turtle_exits_2_names_line_and_column_and_changes_nothing(store: Path, tmp_path: Path) -> None:
    good, bad = tmp_path / "good.ttl", tmp_path / "bad.ttl"
    good.write_text(GOOD)
    bad.write_text(BAD)
    before = graph_counts(store)
    res = run("load", str(good), str(bad), store=store)
    assert res.returncode == 2
    assert "Traceback" not in res.stderr
    assert f"{bad}: line 2, column" in res.stderr
    assert graph_counts(store) == before  # the good file was not loaded either


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["load", "data.xyz"], "cannot tell the RDF format"),
        (["load", "x.ttl", "--format", "yaml"], "unknown RDF format 'yaml'"),
        (["load", "missing.ttl"], "no such file"),
        (["query", "-e", "SELECT ?x WHERE { ?x"], "malformed query"),
        (["drop", "https://example.org/none"], "no named graph"),
        (["init", "--from", "missing.trig"], "no such file"),
    ],
)
def test_bad_input_gets_one_clear_line(store: Path, tmp_path: Path, args: list[str], message: str) -> None:
    (tmp_path / "data.xyz").write_text(GOOD)
    (tmp_path / "x.ttl").write_text(GOOD)
    args = [str(tmp_path / a) if a in ("data.xyz", "x.ttl", "missing.ttl", "missing.trig") else a for a in args]
    res = run(*args, store=store)
    assert res.returncode == 2, res.stderr
    assert message in res.stderr
    assert "Traceback" not in res.stderr
    assert len(res.stderr.strip().splitlines()) == 1


def test_unusable_store_folder_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    res = run("stats", store=blocker)
    assert res.returncode == 2
    assert f"cannot open the store at {blocker}" in res.stderr
    assert "Traceback" not in res.stderr


def test_unreachable_endpoint_is_a_clear_error(tmp_path: Path) -> None:
    res = run_process("--endpoint", "http://127.0.0.1:9/sparql", "stats")
    assert res.returncode == 2
    assert "cannot reach the SPARQL endpoint http://127.0.0.1:9/sparql" in res.stderr
    assert "Traceback" not in res.stderr


def test_export_and_restore_round_trip(store: Path, tmp_path: Path) -> None:
    for fmt, name in (("trig", "dump.trig"), ("nquads", "dump.nq")):
        out = tmp_path / name
        assert run("export", "--format", fmt, "-o", str(out), store=store).returncode == 0
        target = tmp_path / f"restored-{fmt}"
        res = run("init", "--from", str(out), store=target)
        assert res.returncode == 0, res.stderr
        assert graph_counts(target) == graph_counts(store)


def test_environment_variable_selects_the_store(store: Path) -> None:
    res = run("graphs", env={"UNGASS_KG_STORE": str(store)})
    assert "graph/ontology" in res.stdout


def test_remote_backend_from_the_command_line(virtuoso_server, tmp_path: Path) -> None:
    env = {"UNGASS_KG_ENDPOINT": virtuoso_server.endpoint, "UNGASS_KG_GSP_ENDPOINT": virtuoso_server.gsp_endpoint}
    assert run("init", env=env).returncode == 0
    res = run("stats", env=env)
    assert res.returncode == 0, res.stderr
    assert "remote SPARQL store" in res.stderr
    q = run("query", "-e", "SELECT (COUNT(*) AS ?n) WHERE { ?c a ung:Chapter }", "--format", "csv", env=env)
    assert q.stdout.splitlines() == ["n", "7"]


def all_commands() -> list[str]:
    from ungass_kg.cli import COMMANDS

    assert len(COMMANDS) >= 17
    return sorted(COMMANDS)


@pytest.mark.parametrize("command", all_commands())
def test_every_command_has_help_with_an_example(command: str) -> None:
    res = run(command, "--help")
    assert res.returncode == 0
    assert "Example" in res.stdout


def test_a_store_built_from_an_older_bundle_is_refreshed_and_keeps_submissions(store: Path, tmp_path: Path) -> None:
    f = tmp_path / "extra.ttl"
    f.write_text(GOOD)
    assert run("load", str(f), "--graph", "https://example.org/g/kept", store=store).returncode == 0
    # Simulate an upgrade: the store lacks the note's activities and remembers another bundle.
    from ungass_kg.store import EmbeddedStore

    note = "https://w3id.org/ungass-kg/graph/note-2024"
    s = EmbeddedStore(store)
    s.apply({note: None})
    s.close()
    (store / "ungass-kg.bundle").write_text("an older bundle")
    res = run("stats", store=store)
    assert res.returncode == 0, res.stderr
    assert "has changed since this store was built" in res.stderr
    assert note in res.stdout and "https://example.org/g/kept" in graph_counts(store)
    assert "has changed" not in run("stats", store=store).stderr  # refreshed once
