"""Verdicts on claims about articles the checks were not built from: `bench/claims-fresh`.

    python bench/claims_bench.py [--set bench/claims-fresh] [--verdicts out.jsonl] [--limit N]
                                 [--save-checks checks.jsonl | --from-checks checks.jsonl]

Indexes the set's articles into a data dir of its own (a temporary one unless --data-dir),
checks every claim of `claims.jsonl` ({"id", "claim", "label", "shaped_the_checks"}) and prints,
per expected label and for all claims, how many verdicts were right, and how many false claims
were called SUPPORTED — the error a fact-checker must avoid most — apart for the claims whose
failures shaped the plain checks (in sample) and the rest (out of sample). `--verdicts` writes
each claim's verdict in the format of `factcheck eval --verdicts`, so two runs can be compared
with `bench/verdict_diff.py`. `--save-checks` also writes each checked claim (its scored evidence
and the verifier's joined reading) as `factcheck verifier fit --save-checks` does, its set named
"news-in" or "news-out", so that a change of the plain checks or rules can be measured on them
in seconds without checking again: `--from-checks` gives the verdicts on them with the current
checks, rules and shipped aggregator (what a check would give, but for a change of retrieval,
evidence or the model, which needs a new `--save-checks` run).
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
    parser.add_argument("--from-checks", type=Path, default=None)
    args = parser.parse_args(argv)
    claims = [
        json.loads(line)
        for line in (args.set / "claims.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    claims = claims[: args.limit] if args.limit else claims
    rows = from_checks(args.from_checks, claims) if args.from_checks else check_all(args, claims)
    for line in score(rows):
        print(line)
    if args.verdicts:
        write_verdicts(args.verdicts, rows)
    return 0


def check_all(args: argparse.Namespace, claims: list[dict]) -> list[dict]:
    """Index the set's articles and check every claim (``--save-checks``: keep what was read)."""
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
    return rows


def from_checks(path: Path, claims: list[dict]) -> list[dict]:
    """The verdicts on checked claims saved by ``--save-checks`` (in the order of ``claims``),
    given again by the current checks, rules and shipped aggregator, as a check gives them."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from assistant.service import closeness, settle_unrelated
    from assistant.verify.fit import load_checks
    from assistant.verify.verifier import MODELS_DIR, CrossEncoderVerifier

    _, labels, _, checked = load_checks(path)
    if labels != [c["label"] for c in claims]:
        raise SystemExit(f"{path} holds other claims than these {len(claims)}: save them again")
    verifier = CrossEncoderVerifier(MODELS_DIR)  # its aggregator; the model is not read
    rows = []
    for claim, (text, top, joined) in zip(claims, checked, strict=True):
        verdict, _ = settle_unrelated(verifier.verdict_of(text, top, joined), *closeness(text, top))
        rows.append({**claim, "verdict": verdict.label, "confidence": verdict.confidence,
                     "reason": verdict.reason})  # fmt: skip
    return rows


def write_verdicts(path: Path, rows: list[dict]) -> None:
    path.write_text(
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


if __name__ == "__main__":
    raise SystemExit(main())
