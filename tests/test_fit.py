"""`factcheck verifier fit`: the checked tune claims written with --save-checks and read back with
--from-checks give the same features, with stances worked out again by the current plain checks;
the refit writes an aggregator that loads; a bad file is a clear error. Fast: made-up evidence
stands in for checked claims (no model, no index)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.results import NEI, REFUTED, SUPPORTED, Evidence
from assistant.verify.aggregate import Aggregator, claim_features
from assistant.verify.fit import load_checks, write_checks

FACTCHECK = [sys.executable, "-m", "assistant.cli"]


def fit(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*FACTCHECK, "verifier", "fit", *args], capture_output=True, text=True, timeout=120
    )


def evidence(sentence: str, support: float, refute: float, relevance: float) -> Evidence:
    e = Evidence(sentence, "a-1", "p-1", 0, len(sentence), 1, "Title", "Source", "2026-01-01", "")
    e.relevance = relevance
    support, refute = round(support, 4), round(refute, 4)  # as the verifier rounds them
    e.probabilities = {SUPPORTED: support, REFUTED: refute, NEI: round(1 - support - refute, 4)}
    e.stance = NEI  # as saved; load_checks works it out again
    return e


def made_up_checks() -> tuple[list[str], list[str], list]:
    """Ten claims per set and label, each with evidence that leans its way."""
    rng = np.random.default_rng(3)
    labels, names, checked = [], [], []
    for name in ("alpha", "beta"):
        for label in (SUPPORTED, REFUTED, NEI):
            for i in range(10):
                claim = f"The council approved {i + 2} new parks in {name}"
                lean = rng.uniform(0.5, 0.9)
                s, r = {SUPPORTED: (lean, 0.05), REFUTED: (0.05, lean), NEI: (0.1, 0.1)}[label]
                top = [
                    evidence(f"The council approved {i + 2} new parks in {name}.", s, r, 0.8),
                    evidence("Other business was put off to March.", 0.05, 0.05, 0.2),
                ]
                joined = np.array([s, r, 1 - s - r], dtype=np.float32)
                labels.append(label)
                names.append(name)
                checked.append((claim, top, joined if i % 2 else None))
    return labels, names, checked


def test_saved_checks_read_back_give_the_same_features(tmp_path: Path) -> None:
    labels, names, checked = made_up_checks()
    # a sentence the model likes that states another number: the plain checks make it REFUTED
    clash = evidence("The council approved 9 new parks in alpha.", 0.9, 0.05, 0.9)
    checked[0] = (checked[0][0], [clash, *checked[0][1][1:]], None)
    path = tmp_path / "checks.jsonl"
    write_checks(path, labels, names, checked)
    features, labels2, names2, checked2 = load_checks(path)
    assert (labels2, names2) == (labels, names)
    expected = np.vstack([claim_features(c, top, j) for c, top, j in checked])
    assert np.allclose(features, expected)
    first = checked2[0][1][0]
    assert first.stance == REFUTED and any("numbers differ" in r for r in first.reasons)
    assert checked2[1][2] is not None and np.allclose(checked2[1][2], checked[1][2])


def test_fit_from_saved_checks_writes_an_aggregator_that_loads(tmp_path: Path) -> None:
    labels, names, checked = made_up_checks()
    path = tmp_path / "checks.jsonl"
    write_checks(path, labels, names, checked)
    out = tmp_path / "model"
    out.mkdir()
    run = fit("--from-checks", str(path), "--out", str(out))
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["claims"] == 60
    assert set(report) >= {"alpha", "beta"} and 0 <= report["alpha"]["cv_macro_f1"] <= 1
    aggregator = Aggregator.load(out / "aggregator.json")
    assert aggregator.info["cross_validated"]["claims"] == 60


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("not json\n", "is not a file of checked claims"),
        ('{"checks_version": 1}\n', "holds no checked claims"),
        ('{"checks_version": 1}\n{"label": "SUPPORTED"}\n', "line 2: not a checked claim"),
    ],
)
def test_a_bad_checks_file_is_a_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "checks.jsonl"
    path.write_text(content, encoding="utf-8")
    out = tmp_path / "model"
    out.mkdir()
    run = fit("--from-checks", str(path), "--out", str(out))
    assert run.returncode == 3 and message in run.stderr and str(path) in run.stderr
    assert not (out / "aggregator.json").exists()


def test_fit_needs_sets_or_saved_checks(tmp_path: Path) -> None:
    run = fit("--out", str(tmp_path))
    assert run.returncode == 3 and "--data" in run.stderr and "--from-checks" in run.stderr
