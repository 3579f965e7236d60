"""bench/news_pairs.py: training pairs from the news claims and the sentences checked for them."""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "bench"))

from news_pairs import KEEP_OUT, main, pairs_for  # noqa: E402

from assistant.verify.data import MIXES, nli_pairs  # noqa: E402

SENTENCES = [
    "The council voted 7-2 on Wednesday to accept the audit of police overtime.",
    "The audit found overtime had doubled since 2021.",
    "The library will close on Saturdays starting in January.",
]


def test_a_refuted_claim_is_paired_with_the_sentence_that_shares_most_of_its_words() -> None:
    rows = pairs_for("The council voted 7-2 to reject the audit.", "REFUTED", SENTENCES)
    assert rows == [
        {"premise": SENTENCES[0], "hypothesis": "The council voted 7-2 to reject the audit.",
         "label": "REFUTED"},
    ]  # fmt: skip


def test_a_supported_claim_also_teaches_that_an_off_topic_sentence_is_not_support() -> None:
    claim = "The council voted 7-2 to accept the audit."
    rows = pairs_for(claim, "SUPPORTED", SENTENCES)
    assert [(r["premise"], r["label"]) for r in rows] == [
        (SENTENCES[0], "SUPPORTED"),
        (SENTENCES[1], "NOT ENOUGH INFO"),
    ]


def test_a_support_whose_numbers_are_elsewhere_or_too_few_shared_words_gives_no_pair() -> None:
    assert pairs_for("The council voted 9-0 to accept the audit.", "SUPPORTED", SENTENCES) == []
    assert pairs_for("Residents cheered the mayor's speech.", "REFUTED", SENTENCES) == []


def test_a_claim_the_articles_do_not_settle_is_not_enough_info_against_its_two_best() -> None:
    rows = pairs_for("The audit cost $40,000.", "NOT ENOUGH INFO", SENTENCES)
    assert [(r["premise"], r["label"]) for r in rows] == [
        (SENTENCES[0], "NOT ENOUGH INFO"),
        (SENTENCES[1], "NOT ENOUGH INFO"),
    ]


def test_kept_out_articles_give_no_pair_and_training_reads_every_row(tmp_path: Path) -> None:
    claims = [
        {"id": "c1", "articles": "council-audit", "claim": "The council voted 7-2 to reject "
         "the audit.", "label": "REFUTED", "shaped_the_checks": True},
        {"id": "c2", "articles": KEEP_OUT[0], "claim": "The council voted 7-2 to reject the "
         "audit.", "label": "REFUTED", "shaped_the_checks": False},
    ]  # fmt: skip
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims))
    checks = tmp_path / "checks.jsonl"
    checks.write_text(
        json.dumps({"checks_version": 1}) + "\n"
        + "".join(json.dumps({"id": c["id"], "claim": c["claim"],
                              "evidence": [{"sentence": s} for s in SENTENCES]}) + "\n"
                  for c in claims)
    )  # fmt: skip
    out = tmp_path / "news"
    assert main(["--set", str(tmp_path / "set"), "--out", str(out), "--checks", str(checks)]) == 0
    rows = [json.loads(line) for line in (out / "news_claims.jsonl").read_text().splitlines()]
    assert len(rows) == 1 and rows[0]["label"] == "REFUTED"
    pairs = nli_pairs(out, limit_per_file=150, mix=MIXES["news"])
    assert [(p.claim, p.evidence, p.label, p.origin) for p in pairs] == [
        (claims[0]["claim"], SENTENCES[0], "REFUTED", "nli/news_claims")
    ]
