"""bench/verdict_diff.py: which verdicts a change moved."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _write(path: Path, verdicts: dict[str, str]) -> None:
    gold = {"a": "SUPPORTED", "b": "REFUTED", "c": "REFUTED", "d": "NOT ENOUGH INFO"}
    rows = [
        {"set": "s", "id": k, "claim": f"claim {k}", "gold": gold[k], "verdict": v,
         "confidence": 0.6, "reason": "r"}
        for k, v in verdicts.items()
    ]  # fmt: skip
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_verdict_diff_counts_fixes_breaks_and_refuted_called_supported(tmp_path: Path) -> None:
    before, after = tmp_path / "before.jsonl", tmp_path / "after.jsonl"
    _write(before, {"a": "NOT ENOUGH INFO", "b": "REFUTED", "c": "SUPPORTED", "d": "REFUTED"})
    _write(after, {"a": "SUPPORTED", "b": "SUPPORTED", "c": "SUPPORTED", "d": "SUPPORTED"})
    out = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "verdict_diff.py"), str(before), str(after)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert "s        FIX   gold SUPPORTED: NOT ENOUGH INFO -> SUPPORTED | claim a" in lines
    assert "s        BREAK gold REFUTED: REFUTED -> SUPPORTED | claim b" in lines
    assert lines[-1] == ("s: 1 fixed, 1 broken, 1 otherwise moved; refuted called SUPPORTED 1 -> 2")
    missing = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "verdict_diff.py"), str(before), "nope.jsonl"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert missing.returncode == 2 and "nope.jsonl: no such file" in missing.stderr
