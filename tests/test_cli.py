"""The `factcheck` command as a user runs it: exit codes and messages, with the real model."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, SAMPLE, free_port

FACTCHECK = [sys.executable, "-m", "assistant.cli"]


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FACTCHECK, *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        timeout=300,
    )


@pytest.mark.parametrize(
    "command",
    [
        [],
        ["index"],
        ["index", "add"],
        ["index", "sync"],
        ["index", "rebuild"],
        ["index", "list"],
        ["index", "remove"],
        ["index", "stats"],
        ["ask"],
        ["chat"],
        ["eval"],
        ["eval-qa"],
    ],
)
def test_every_command_has_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.returncode == 0, result.stderr
    assert "Usage:" in result.stdout and len(result.stdout) > 150


def test_usage_error_exits_2_without_traceback() -> None:
    result = run("index", "add")
    assert result.returncode == 2
    assert "Missing" in result.stderr and "Traceback" not in result.stderr


def test_a_date_that_is_not_one_is_a_usage_error_saying_why(tmp_path: Path) -> None:
    env = {"FACTCHECK_DATA_DIR": str(tmp_path / "data")}
    out = run("ask", "Cuba announced mourning", "--since", "2026-13-45", env=env)
    assert out.returncode == 2 and "no month 13" in out.stderr, out.stderr
    assert "Traceback" not in out.stderr


def test_bad_setting_is_named() -> None:
    result = run("index", "stats", env={"FACTCHECK_CHUNK_TOKENS": "lots"})
    assert result.returncode == 3
    assert "FACTCHECK_CHUNK_TOKENS" in result.stderr and "Traceback" not in result.stderr


def test_chroma_server_down_is_a_clear_message() -> None:
    port = str(free_port())
    result = run(
        "index", "stats", env={"FACTCHECK_CHROMA_HOST": "127.0.0.1", "FACTCHECK_CHROMA_PORT": port}
    )
    assert result.returncode == 3
    assert f"127.0.0.1:{port}" in result.stderr and "chroma run" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.integration
def test_sample_add_again_edit_list(tmp_path: Path) -> None:
    """The done-when of issue #2, with the bundled model and an embedded store."""
    docs = tmp_path / "articles"
    docs.mkdir()
    shutil.copy(SAMPLE, docs / SAMPLE.name)

    first = run("index", "add", str(docs), "--json")
    assert first.returncode == 0, first.stderr
    summary = json.loads(first.stdout)
    assert len(summary["added"]) == 1 and summary["failed"] == [] and summary["passages"] >= 3

    again = json.loads(run("index", "add", str(docs), "--json").stdout)
    assert again["added"] == [] and again["updated"] == [] and again["skipped"] == 1
    assert again["passages"] == 0  # nothing embedded

    text = (docs / SAMPLE.name).read_text(encoding="utf-8")
    (docs / SAMPLE.name).write_text(text.replace("two days of mourning", "three days of mourning"))
    edited = json.loads(run("index", "add", str(docs), "--json").stdout)
    assert len(edited["updated"]) == 1 and edited["added"] == []

    listing = run("index", "list")
    assert listing.returncode == 0
    assert "Associated Press" in listing.stdout and "Cuba says 32" in listing.stdout
    [entry] = json.loads(run("index", "list", "--json").stdout)
    assert entry["passages"] == summary["passages"]

    stats = json.loads(run("index", "stats", "--json").stdout)
    assert stats["articles"] == 1 and stats["passages"] == entry["passages"]
    assert stats["model"] == "all-MiniLM-L6-v2" and stats["backend"] == "onnx-int8"
    shown = run("index", "stats").stdout
    assert "articles: 1" in shown and re.search(r"^size: [0-9.]+ MB$", shown, re.M), shown


@pytest.mark.integration
def test_bad_files_exit_1_and_keep_the_index(tmp_path: Path) -> None:
    docs = tmp_path / "articles"
    docs.mkdir()
    shutil.copy(SAMPLE, docs / SAMPLE.name)
    assert run("index", "add", str(docs)).returncode == 0
    (docs / "broken.json").write_text("{nope")
    (docs / "empty.md").write_text("")
    result = run("index", "add", str(docs), str(tmp_path / "missing"))
    assert result.returncode == 1
    for name in ("broken.json", "empty.md", "missing"):
        assert name in result.stderr
    assert "malformed JSON" in result.stderr and "empty file" in result.stderr
    assert "skipped 1" in result.stdout and "failed 3" in result.stdout
    assert json.loads(run("index", "stats", "--json").stdout)["articles"] == 1


@pytest.mark.integration
@pytest.mark.server
def test_against_a_chroma_server(tmp_path: Path, chroma_server: tuple[str, int]) -> None:
    host, port = chroma_server
    env = {
        "FACTCHECK_CHROMA_HOST": host,
        "FACTCHECK_CHROMA_PORT": str(port),
        "FACTCHECK_COLLECTION": "cli-test",
    }
    docs = tmp_path / "articles"
    docs.mkdir()
    shutil.copy(SAMPLE, docs / SAMPLE.name)
    result = run("index", "add", str(docs), "--json", env=env)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["added"]) == 1
    again = json.loads(run("index", "add", str(docs), "--json", env=env).stdout)
    assert again["skipped"] == 1
    stats = json.loads(run("index", "stats", "--json", env=env).stdout)
    assert stats["articles"] == 1 and stats["store"].startswith("the Chroma server")


def test_ctrl_c_stops_indexing_with_a_message_and_a_consistent_index(tmp_path: Path) -> None:
    import signal
    import time

    from index.chroma_store import ChromaStore
    from index.settings import Settings

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    body = SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2]
    # more stories than any machine indexes in the seconds before the signal
    stories = 1000
    for i in range(stories):
        (corpus / f"story-{i:03d}.txt").write_text(f"Story {i}.\n\n{body}", encoding="utf-8")
    data = tmp_path / "data"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "FACTCHECK_DATA_DIR": str(data)}
    env["FACTCHECK_EMBEDDING_BACKEND"] = "torch"
    proc = subprocess.Popen(
        [*FACTCHECK, "index", "add", str(corpus), "--json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        # Ctrl-C's default action, even when the suite itself was started in the background
        # (`make test &` ignores SIGINT, a child inherits that, and the run would not stop)
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )

    # stopped a few seconds into its work, once the model is loaded
    assert proc.stderr is not None
    for line in proc.stderr:
        if "Loading weights" in line and "100%" in line:
            break
    time.sleep(3)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, (proc.returncode, err[-2000:])  # not finished: stopped
    assert "Traceback" not in err
    assert "stopped: the articles written so far are indexed" in err
    fresh = ChromaStore.from_settings(Settings(data_dir=data))
    entries = fresh.manifest()
    assert len(entries) < stories
    per_article: dict[str, int] = {}
    for passage in fresh.passages():
        per_article[passage.article_id] = per_article.get(passage.article_id, 0) + 1
    assert per_article == {i: e.passages for i, e in entries.items()}
