"""bench/claims_bench.py: verdicts on claims about fresh articles, scored per label."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

import pytest  # noqa: E402
from claims_bench import score  # noqa: E402


def test_the_report_counts_right_verdicts_and_false_claims_called_supported() -> None:
    rows = [
        {"label": "SUPPORTED", "verdict": "SUPPORTED", "shaped_the_checks": True},
        {"label": "REFUTED", "verdict": "SUPPORTED", "shaped_the_checks": True},
        {"label": "REFUTED", "verdict": "REFUTED", "shaped_the_checks": False},
        {"label": "NOT ENOUGH INFO", "verdict": "REFUTED", "shaped_the_checks": False},
    ]
    lines = score(rows)
    assert lines[0].startswith("in sample") and "right 1/2" in lines[0]
    assert "false claims called SUPPORTED 1/1" in lines[0]
    assert lines[1].startswith("out of sample") and "right 1/2" in lines[1]
    assert lines[2] == (
        "all: right 2/4 (NOT ENOUGH INFO 0/1; REFUTED 1/2; SUPPORTED 1/1); "
        "false claims called SUPPORTED 1/2"
    )


@pytest.mark.integration
def test_the_set_is_well_formed_and_a_run_checks_its_claims(tmp_path: Path) -> None:
    claims = [
        json.loads(line)
        for line in (ROOT / "bench" / "claims-fresh" / "claims.jsonl").read_text().splitlines()
    ]
    assert len(claims) == 2621 and len({c["id"] for c in claims}) == 2621
    assert {c["label"] for c in claims} == {"SUPPORTED", "REFUTED", "NOT ENOUGH INFO"}
    # every claim names the articles it is about ("water-main+tuition": either), and they exist
    articles = {p.stem for p in (ROOT / "bench" / "claims-fresh" / "articles").glob("*.md")}
    assert {a for c in claims for a in c["articles"].split("+")} == articles
    # the two groups written last (c2511-c2706) are the out-of-sample part; every other claim
    # has been read with its verdicts (c2311-c2506 since 2026-12-07, 12:21)
    out_of_sample = {c["id"] for c in claims if not c["shaped_the_checks"]}
    assert out_of_sample == {f"c{n}" for n in (*range(2511, 2607), *range(2611, 2707))}
    out = tmp_path / "verdicts.jsonl"
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "claims_bench.py"), "--limit", "3",
         "--data-dir", str(tmp_path / "data"), "--verdicts", str(out),
         "--save-checks", str(tmp_path / "checks.jsonl")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.splitlines()[-1].startswith("all: right ")
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in rows] == ["c001", "c002", "c003"]
    # the first three are true paraphrases of the fire-station article: the bundled model and
    # checks support them
    assert [r["verdict"] for r in rows] == ["SUPPORTED"] * 3
    # the saved checks read back as the fit reads tune claims, and `--from-checks` gives from
    # them the verdicts the run gave, without indexing or checking
    from assistant.verify.fit import load_checks

    _, labels, names, checked = load_checks(tmp_path / "checks.jsonl")
    assert labels == ["SUPPORTED"] * 3 and names == ["news-in"] * 3
    assert [claim for claim, _, _ in checked] == [r["claim"] for r in rows]
    again = tmp_path / "again.jsonl"
    rerun = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "claims_bench.py"), "--limit", "3",
         "--from-checks", str(tmp_path / "checks.jsonl"), "--verdicts", str(again)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert rerun.returncode == 0, rerun.stderr[-2000:]
    assert rerun.stdout.splitlines()[-1] == run.stdout.splitlines()[-1]
    rows_again = [json.loads(line) for line in again.read_text().splitlines()]
    assert [(r["verdict"], r["confidence"]) for r in rows_again] == [
        (r["verdict"], r["confidence"]) for r in rows
    ]
    # checks of other claims are refused, not scored against the wrong labels
    wrong = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "claims_bench.py"), "--limit", "4",
         "--from-checks", str(tmp_path / "checks.jsonl")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert wrong.returncode != 0 and "holds other claims" in wrong.stderr
