"""Which verdicts a change moved: two files of `factcheck eval --verdicts FILE`, before and after.

    python bench/verdict_diff.py before.jsonl after.jsonl

Prints each claim whose verdict changed (FIX: now right, BREAK: now wrong, else neither), then
per set the counts and how many refuted claims are called SUPPORTED before and after — the
error a fact-checker must avoid most.
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path


def read(path: Path) -> dict[tuple[str, str], dict]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {(r["set"], r["id"]): r for r in rows}


def diff(before: dict[tuple[str, str], dict], after: dict[tuple[str, str], dict]) -> list[str]:
    lines, tally = [], Counter()
    for key in sorted(before.keys() & after.keys()):
        a, b = before[key], after[key]
        if a["verdict"] == b["verdict"]:
            continue
        gold = a["gold"]
        kind = "FIX" if b["verdict"] == gold else "BREAK" if a["verdict"] == gold else "-"
        tally[(key[0], kind)] += 1
        lines.append(
            f"{key[0]:8} {kind:5} gold {gold}: {a['verdict']} -> {b['verdict']} | {a['claim'][:90]}"
        )
    for name in sorted({k[0] for k in after}):
        refuted_supported = [
            sum(
                r["gold"] == "REFUTED" and r["verdict"] == "SUPPORTED"
                for k, r in side.items()
                if k[0] == name
            )
            for side in (before, after)
        ]
        lines.append(
            f"{name}: {tally[(name, 'FIX')]} fixed, {tally[(name, 'BREAK')]} broken, "
            f"{tally[(name, '-')]} otherwise moved; refuted called SUPPORTED "
            f"{refuted_supported[0]} -> {refuted_supported[1]}"
        )
    missing = len(before.keys() ^ after.keys())
    if missing:
        lines.append(f"{missing} claims are in only one of the files")
    return lines


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    paths = [Path(p) for p in argv]
    for p in paths:
        if not p.is_file():
            print(
                f"{p}: no such file (write one with `factcheck eval --verdicts {p}`)",
                file=sys.stderr,
            )
            return 2
    print("\n".join(diff(read(paths[0]), read(paths[1]))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
