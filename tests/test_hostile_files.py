"""Hostile files through the real `factcheck index add`, the quick version of
`bench/hostile_files.py`: every file indexed or reported with a reason, no traceback, exit 1, the
good files all indexed, nothing duplicated on a second run."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.integration

spec = importlib.util.spec_from_file_location("hostile_files", ROOT / "bench" / "hostile_files.py")
assert spec and spec.loader
hostile = importlib.util.module_from_spec(spec)
spec.loader.exec_module(hostile)


def factcheck(*args: str, data: Path) -> subprocess.CompletedProcess[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "FACTCHECK_DATA_DIR": str(data),
        "FACTCHECK_MAX_FILE_MB": str(hostile.MAX_FILE_MB),
        "FACTCHECK_EMBEDDING_BACKEND": "torch",  # the bundled model, without the export
    }
    return subprocess.run(
        [sys.executable, "-m", "assistant.cli", *args], capture_output=True, env=env, timeout=600
    )


def test_every_hostile_file_is_indexed_or_reported(tmp_path: Path) -> None:
    folder = tmp_path / "hostile"
    expected = hostile.generate(folder, files=len(hostile.CASES))  # each case once
    assert len(expected) >= 45
    data = tmp_path / "data"

    first = factcheck("index", "add", str(folder), "--json", data=data)
    out, err = first.stdout.decode("utf-8"), first.stderr.decode("utf-8")  # strict UTF-8
    assert first.returncode == 1, err[-3000:]
    assert "Traceback" not in err and "unexpected error" not in out, err[-3000:]
    assert len(err.splitlines()) < 20, err[-3000:]  # no library log flood
    report = json.loads(out)
    listed = factcheck("index", "list", "--json", data=data)
    entries = json.loads(listed.stdout.decode("utf-8"))
    wrong = hostile.check_run(folder, expected, report, {e["origin"] for e in entries})
    assert wrong == [], "\n".join(wrong)
    # every reason is one line that names the file and says something
    assert all(f["reason"] and "\n" not in f["reason"] for f in report["failed"])
    assert any("cut to" in w["reason"] for w in report["warnings"])  # the 100,000-char title
    titles = [e["title"] for e in entries]
    assert max(len(t) for t in titles) <= 500
    passages = factcheck("index", "stats", "--json", data=data)
    stats = json.loads(passages.stdout.decode("utf-8"))
    assert stats["articles"] == len(entries)

    again = factcheck("index", "add", str(folder), "--json", data=data)
    second = json.loads(again.stdout.decode("utf-8"))
    assert second["added"] == [] and second["updated"] == [], second
    relisted = json.loads(factcheck("index", "list", "--json", data=data).stdout.decode("utf-8"))
    assert sorted(e["article_id"] for e in relisted) == sorted(e["article_id"] for e in entries)
