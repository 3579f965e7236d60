"""A run killed with SIGKILL at any moment leaves no half-written article visible, and the next
run completes the work without duplicates."""

from __future__ import annotations

import collections
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from index.chroma_store import ChromaStore
from index.settings import Settings
from tests.conftest import ROOT, SAMPLE

pytestmark = [pytest.mark.integration, pytest.mark.slow]

ARTICLES = 40


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    text = SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2]
    for i in range(ARTICLES):
        (folder / f"story-{i:03d}.txt").write_text(
            f"Story number {i} opens here.\n\n{text}\n\nStory {i} ends here.\n", encoding="utf-8"
        )
    return folder


def assert_consistent(data_dir: Path) -> int:
    """Every visible article has exactly its passages; no visible duplicates. Returns articles."""
    store = ChromaStore.from_settings(Settings(data_dir=data_dir))
    manifest = store.manifest()
    passages = store.passages()
    ids = [p.id for p in passages]
    assert len(ids) == len(set(ids))
    per_article = collections.Counter(p.article_id for p in passages)
    for article_id, entry in manifest.items():
        assert per_article[article_id] == entry.passages, article_id
        chunks = sorted(p.metadata["chunk"] for p in passages if p.article_id == article_id)
        assert chunks == list(range(entry.passages))
    assert set(per_article) <= set(manifest)
    return len(manifest)


def run_worker(corpus: Path, data_dir: Path, kill_after_lines: int | None, delay: float):
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.kill_worker", str(corpus), str(data_dir)],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    lines = 0
    if kill_after_lines is not None:
        for _line in proc.stdout:
            lines += 1
            if lines >= kill_after_lines:
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                break
    out, err = proc.communicate(timeout=300)
    return proc.returncode, out, err


@pytest.mark.parametrize(("kill_after", "delay"), [(1, 0.0), (3, 0.003), (6, 0.02), (9, 0.05)])
def test_sigkill_leaves_no_half_written_article(
    corpus: Path, tmp_path: Path, kill_after: int, delay: float
) -> None:
    data_dir = tmp_path / "data"
    code, _, _ = run_worker(corpus, data_dir, kill_after, delay)
    assert code == -signal.SIGKILL
    partial = assert_consistent(data_dir)
    assert partial < ARTICLES
    code, out, err = run_worker(corpus, data_dir, None, 0)
    assert code == 0, err
    assert assert_consistent(data_dir) == ARTICLES
    store = ChromaStore.from_settings(Settings(data_dir=data_dir))
    assert store.count_passages() == sum(e.passages for e in store.manifest().values())
    assert not store.is_dirty(store.identity())
    code, out, _ = run_worker(corpus, data_dir, None, 0)
    assert f"done 0 0 {ARTICLES} 0 0" in out


def test_durability_bench_quick(tmp_path: Path) -> None:
    """The quick version of bench/durability_bench.py: add, sync and rebuild killed at random
    moments and inside the write window; nothing lost, duplicated, half-visible or stuck."""
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "durability_bench", ROOT / "bench" / "durability_bench.py"
    )
    assert spec and spec.loader
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.bench(kills=6, articles=12, seed=3, work=tmp_path)
    assert result["kills"] >= 6 and result["in_write_window"] >= 1, result
    assert all(result[f"{op}_killed"] >= 1 for op in ("add", "sync", "rebuild")), result
    assert [result[k] for k in ("lost", "duplicated", "half-visible", "unrecoverable")] == [
        0,
        0,
        0,
        0,
    ], result["examples"]
