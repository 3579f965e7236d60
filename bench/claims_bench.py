"""Verdicts on claims about articles the checks were not built from: `bench/claims-fresh`.

    python bench/claims_bench.py [--set bench/claims-fresh] [--verdicts out.jsonl] [--limit N]
                                 [--save-checks checks.jsonl]

Indexes the set's articles into a data dir of its own (a temporary one unless --data-dir),
checks every claim of `claims.jsonl` ({"id", "claim", "label", "shaped_the_checks"}) and prints,
per expected label and for all claims, how many verdicts were right, and how many false claims
were called SUPPORTED — the error a fact-checker must avoid most — apart for the claims whose
failures shaped the plain checks (in sample) and the rest (out of sample). `--verdicts` writes
each claim's verdict in the format of `factcheck eval --verdicts`, so two runs can be compared
with `bench/verdict_diff.py`. `--save-checks` also writes each checked claim (its scored evidence
and the verifier's joined reading) as `factcheck verifier fit --save-checks` does, its set named
"news-in" or "news-out", so that a change of the plain checks or rules can be measured on them
in seconds (`assistant.verify.fit.load_checks`), without checking again.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def score(rows: list[dict]) -> list[str]:
    """Lines of the report from rows with "label", "verdict" and "shaped_the_checks"."""
    lines = []
    for name, keep in (
        ("in sample (their failures shaped the checks)", lambda r: r["shaped_the_checks"]),
        ("out of sample", lambda r: not r["shaped_the_checks"]),
        ("all", lambda r: True),
    ):
        chosen = [r for r in rows if keep(r)]
        if not chosen:
            continue
        right, total = Counter(), Counter()
        for r in chosen:
            total[r["label"]] += 1
            right[r["label"]] += r["verdict"] == r["label"]
        parts = [f"{label} {right[label]}/{total[label]}" for label in sorted(total)]
        false_supported = sum(
            r["label"] == "REFUTED" and r["verdict"] == "SUPPORTED" for r in chosen
        )
        lines.append(
            f"{name}: right {sum(right.values())}/{len(chosen)} ({'; '.join(parts)}); "
            f"false claims called SUPPORTED {false_supported}/{total['REFUTED']}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=ROOT / "bench" / "claims-fresh")
    parser.add_argument("--data-dir", type=Path, default=None)
    parser.add_argument("--verdicts", type=Path, default=None)
    parser.add_argument("--limit", type=int, default=0)
    parser.add_argument("--save-checks", type=Path, default=None)
    args = parser.parse_args(argv)
    claims = [
        json.loads(line)
        for line in (args.set / "claims.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    claims = claims[: args.limit] if args.limit else claims
    with tempfile.TemporaryDirectory() as scratch:
        os.environ["FACTCHECK_DATA_DIR"] = str(args.data_dir or scratch)
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from assistant.service import build_assistant
        from index.indexer import build_indexer
        from index.settings import Settings

        settings = Settings()
        build_indexer(settings).add([args.set / "articles"])
        assistant = build_assistant(settings)
        assistant.warm_up()
        from assistant.verify.aggregate import TOP

        rows, checked = [], []
        for claim in claims:
            result = assistant.check(claim["claim"])
            rows.append({**claim, "verdict": result.verdict, "confidence": result.confidence,
                         "reason": result.reason})  # fmt: skip
            if args.save_checks:
                top = result.evidence[:TOP]
                joined = assistant.verifier.joined_probabilities(result.checked, top)
                checked.append((result.checked, top, joined))
        if args.save_checks:
            from assistant.verify.fit import write_checks

            names = ["news-in" if r["shaped_the_checks"] else "news-out" for r in rows]
            write_checks(args.save_checks, [r["label"] for r in rows], names, checked)
    for line in score(rows):
        print(line)
    if args.verdicts:
        args.verdicts.write_text(
            "".join(
                json.dumps(
                    {
                        "set": "claims-fresh",
                        "id": r["id"],
                        "claim": r["claim"],
                        "gold": r["label"],
                        "verdict": r["verdict"],
                        "confidence": r["confidence"],
                        "reason": r["reason"],
                    }
                )
                + "\n"
                for r in rows
            ),  # fmt: skip
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
