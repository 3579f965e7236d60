"""Claim–sentence pairs for the verifier from the news claims of `bench/claims-fresh`.

    python bench/news_pairs.py --out data/news-pairs [--checks FILE] [--keep-out NAMES]

The verifier's other training pairs are encyclopedia, science and NLI text; the claims it is
asked about are local news. This writes NLI-style rows ({"premise", "hypothesis", "label"},
`news_claims.jsonl`) that `factcheck verifier train --data OUT --mix news` reads, from the
set's claims and the sentences the check itself selects for them (the articles indexed into a
scratch data dir of their own, as `claims_bench.py` does; `--checks` reads them instead from
JSON lines after a header line, each with the claim's "id" and its "evidence" as
`factcheck verifier fit --save-checks` writes it):

- a SUPPORTED or REFUTED claim against the selected sentence that shares most of its words,
  with the claim's label, where that sentence holds at least half of the claim's words (and,
  for a SUPPORTED claim, every number the claim states in digits: otherwise the support may
  need another sentence); a SUPPORTED claim also against one other selected sentence that
  shares less than a quarter of them, as NOT ENOUGH INFO (topical is not support);
- a NOT ENOUGH INFO claim against its two best sentences, as NOT ENOUGH INFO (claims on the
  topic that the article does not settle: the boundary between support and a missing detail).

The articles of `--keep-out` (the set's eighteen newest by default, so that a model's effect on news
it never saw can be measured) give no pair and are not indexed.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from assistant.verify.data import STOP_WORDS  # noqa: E402

KEEP_OUT = (
    "callowmarsh-vaccine-clinic-closure",
    "drummelwick-ironsides-stadium-lease",
    "ossenbridge-flood-levy",
    "vellmarsh-snow-audit",
    "saltrey-nursing-campus",
    "brindlemoor-smoke-closures",
    "harrowmere-jail-food-contract",
    "tamberlyn-falls-robotics-title",
    "wrexley-hollow-helicopter-ends",
    "osterhaven-nursing-home-probe",
    "pennistaff-winter-flights-cancelled",
    "quellbury-falls-water-buyback",
    "bus-drivers-strike-vote",
    "grandstand-collapse-inquiry",
    "sidewalk-bond",
    "four-day-school-week",
    "dam-removal",
    "broadband-coop",
)
LABEL_SHARE = 0.5  # the share of the claim's words a sentence must hold to carry its label
OFF_TOPIC_SHARE = 0.25  # below this share a selected sentence is NOT ENOUGH INFO for the claim
NEI = "NOT ENOUGH INFO"
_WORD = re.compile(r"\w+")
# the training pairs' stop words, less the negations, and a few verbs every news sentence has
_STOP = (STOP_WORDS - {"not", "no"}) | {"has", "had", "have", "will", "would", "said", "says"}
_NUMBER = re.compile(r"\d+")


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def pairs_for(
    claim: str, label: str, sentences: list[str], unsettled: int = 2, off_topic: bool = True
) -> list[dict]:
    """The rows one claim gives, from the sentences the check selected for it (best first);
    ``unsettled``: how many of a NOT ENOUGH INFO claim's; ``off_topic``: a SUPPORTED claim's
    off-topic sentence too."""
    words = _words(claim)
    if not words or not sentences:
        return []
    shares = [len(words & _words(s)) / len(words) for s in sentences]
    if label == NEI:
        return [{"premise": s, "hypothesis": claim, "label": NEI} for s in sentences[:unsettled]]
    best = max(range(len(sentences)), key=lambda i: shares[i])
    if shares[best] < LABEL_SHARE:
        return []
    if label == "SUPPORTED" and not set(_NUMBER.findall(claim)) <= set(
        _NUMBER.findall(sentences[best])
    ):
        return []
    rows = [{"premise": sentences[best], "hypothesis": claim, "label": label}]
    off = [i for i, share in enumerate(shares) if share < OFF_TOPIC_SHARE]
    if off and off_topic and label == "SUPPORTED":
        rows.append({"premise": sentences[off[0]], "hypothesis": claim, "label": NEI})
    return rows


def _selected(claims: list[dict], articles: list[Path]) -> dict[str, list[str]]:
    """Each claim's selected sentences, from a scratch index of ``articles``."""
    from assistant.verify.aggregate import TOP

    with tempfile.TemporaryDirectory() as scratch:
        os.environ["FACTCHECK_DATA_DIR"] = scratch
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from assistant.service import build_assistant
        from index.indexer import build_indexer
        from index.settings import Settings

        settings = Settings()
        build_indexer(settings).add(articles)
        assistant = build_assistant(settings)
        assistant.warm_up()
        return {
            c["id"]: [e.sentence for e in assistant.check(c["claim"]).evidence[:TOP]]
            for c in claims
        }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=ROOT / "bench" / "claims-fresh")
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--checks", type=Path, default=None)
    parser.add_argument("--keep-out", default=",".join(KEEP_OUT))
    parser.add_argument(
        "--unsettled", type=int, default=2, help="sentences per NOT ENOUGH INFO claim"
    )
    parser.add_argument(
        "--no-off-topic", action="store_true", help="no off-topic pair for a SUPPORTED claim"
    )
    args = parser.parse_args(argv)
    keep_out = {name for name in args.keep_out.split(",") if name}
    claims = [
        json.loads(line)
        for line in (args.set / "claims.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    claims = [c for c in claims if not keep_out & set(c["articles"].split("+"))]
    if args.checks:
        lines = args.checks.read_text(encoding="utf-8").splitlines()[1:]
        selected = {}
        for line in lines:
            row = json.loads(line)
            selected[row["id"]] = [e["sentence"] for e in row["evidence"]]
    else:
        articles = [p for p in sorted((args.set / "articles").iterdir()) if p.stem not in keep_out]
        selected = _selected(claims, articles)
    rows = []
    for claim in claims:
        sentences = selected.get(claim["id"], [])
        rows.extend(
            pairs_for(
                claim["claim"], claim["label"], sentences, args.unsettled, not args.no_off_topic
            )
        )
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / "news_claims.jsonl").open("w", encoding="utf-8") as handle:
        for row in rows:
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    counts = Counter(r["label"] for r in rows)
    print(f"{len(rows)} pairs from {len(claims)} claims: {dict(sorted(counts.items()))}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
