"""The verifier's training data: synthetic contrastive pairs (synth.py), NLI sources read and
capped, and the split that keeps tune and report documents out of training."""

from __future__ import annotations

import gzip
import json
import random
from pathlib import Path
from typing import Any

from assistant.datasets import load_dataset, split_of
from assistant.verify.data import (
    NEI,
    Pair,
    collect,
    detokenise,
    held_out_documents,
    nli_pairs,
)
from assistant.verify.synth import (
    added_detail,
    change_number,
    contradicted,
    entailed,
    flip_negation,
    name_left_out,
    name_left_out_of_pair,
    name_left_out_pairs,
    respell_number,
    swap_entity,
    swap_roles,
    synthetic_pairs,
)

SENTENCE = "The council approved the budget of 4,500 dollars in March 2024 after 12 hours of talks."


def test_edits_that_contradict() -> None:
    rng = random.Random(1)
    changed = {change_number(SENTENCE, random.Random(i)) for i in range(30)}
    assert all(c and c != SENTENCE for c in changed) and len(changed) > 3
    assert (
        flip_negation("Cuba will reopen the embassy.", rng) == "Cuba will not reopen the embassy."
    )
    assert (
        flip_negation("Cuba will not reopen the embassy.", rng) == "Cuba will reopen the embassy."
    )
    assert flip_negation("Cuba didn't reopen the embassy.", rng) == "Cuba did reopen the embassy."
    others = ["Maria Lopez", "John Smith"]
    swapped = swap_entity("The mayor, John Smith, thanked the crowd.", others, rng)
    assert swapped == "The mayor, Maria Lopez, thanked the crowd."
    # a name written once in the document (a heading's capitalised word) is not swapped
    assert swap_entity("The mayor, John Smith, thanked the crowd.", ["Maria Lopez"], rng) is None
    roles = swap_roles("John Smith defeated Maria Lopez in the final.", others, rng)
    assert roles == "Maria Lopez defeated John Smith in the final."
    claim = contradicted("Prices rose sharply in the city.", [], rng)
    assert claim == "Prices fell sharply in the city."


def test_edits_that_keep_the_meaning() -> None:
    assert (
        respell_number("The talks took 3 days.", random.Random(0)) == "The talks took three days."
    )
    assert respell_number("It cost 1.8 million.", random.Random(0)) is None  # not "1.eight"
    rng = random.Random(0)
    kept = {
        entailed("In 2024, the council (all nine members) approved the plan.", rng)
        for _ in range(20)
    }
    assert "The council (all nine members) approved the plan." in kept or (
        "In 2024, the council approved the plan." in kept
    )


def test_synthetic_pairs_have_three_labels_and_a_neighbour_for_nei() -> None:
    sentences = [
        "Mayor John Smith said the bridge will reopen in May after 14 months of repairs.",
        "The repairs cost 3.2 million dollars, according to the city.",
        "John Smith thanked the workers at a ceremony on Friday evening.",
    ]
    pairs = list(synthetic_pairs([("d1", sentences)], "test", per_document=3, seed=2))
    labels = {p.label for p in pairs}
    assert labels == {"SUPPORTED", "REFUTED", NEI}
    for p in pairs:
        assert p.origin == "synth/test" and p.evidence in sentences
        if p.label == "REFUTED":
            assert p.claim != p.evidence
    nei = [p for p in pairs if p.label == NEI]
    refuted_sources = {p.evidence for p in pairs if p.label == "REFUTED"}
    assert all(p.evidence not in refuted_sources or len(sentences) == 1 for p in nei[:1])


def test_an_added_detail_is_not_enough_info_against_its_sentence() -> None:
    rng = random.Random(1)
    others = [
        "The vote came after a two-hour debate on Tuesday, officials said.",
        "Nothing else changed.",
    ]
    claim = added_detail("The council approved the budget.", others, rng)
    assert claim is not None and claim.startswith("The council approved the budget ")
    assert claim != "The council approved the budget." and claim.endswith(".")
    # a detail the sentence already states is no added detail
    assert added_detail("The council met on Tuesday.", ["They met on Tuesday."], rng) is None
    sentences = [
        "Mayor John Smith said the bridge will reopen in May after 14 months of repairs.",
        "The repairs cost 3.2 million dollars, according to the city.",
        "John Smith thanked the workers at a ceremony on Friday evening.",
    ]
    pairs = list(synthetic_pairs([("d1", sentences)], "t", per_document=3, seed=2, detail=True))
    more = [p for p in pairs if p.label == NEI and p.claim.startswith(p.evidence[:-1] + " ")]
    assert more, "no added-detail pair"
    # without the flag the pairs are the shipped recipe's
    plain = list(synthetic_pairs([("d1", sentences)], "t", per_document=3, seed=2))
    assert not [p for p in plain if p.label == NEI and p.claim.startswith(p.evidence[:-1] + " ")]


def test_nli_sources_are_detokenised_and_capped(tmp_path: Path) -> None:
    assert detokenise("Westlife ( BPI ) sold 13 million , in the UK .") == (
        "Westlife (BPI) sold 13 million, in the UK."
    )
    folder = tmp_path / "nli-extra" / "demo"
    folder.mkdir(parents=True)
    rows = [
        {"premise": f"A man is running {i} .", "hypothesis": "A man moves .", "label": "SUPPORTED"}
        for i in range(10)
    ]
    with gzip.open(folder / "pairs.jsonl.gz", "wt") as handle:
        handle.write("\n".join(json.dumps(r) for r in rows))
    pairs = nli_pairs(tmp_path / "nli-extra", mix={"demo": 4})
    assert len(pairs) == 4 and pairs[0].origin == "nli/demo"
    assert pairs[0].claim == "A man moves." and pairs[0].evidence.endswith(".")


def test_tune_and_report_documents_never_feed_synthetic_pairs(tmp_path: Path) -> None:
    ids = [str(i) for i in range(40)]
    held = next(i for i in ids if split_of(i) != "train")
    trained = next(i for i in ids if split_of(i) == "train")
    corpus = [
        {
            "_id": f"d{i}",
            "title": f"Doc {i}",
            "text": "x",
            "sentences": [
                f"Mayor John Smith said the bridge {i} will reopen after 14 months.",
                f"The repairs to bridge {i} cost 3 million dollars, the city said.",
                "John Smith thanked the workers at a ceremony on Friday evening.",
            ],
        }
        for i in range(2)
    ]
    queries = [
        {"_id": held, "text": "c", "label": "SUPPORTED", "evidence": [{"doc_id": "d0", "sentences": [0]}]},
        {"_id": trained, "text": "c", "label": "SUPPORTED", "evidence": [{"doc_id": "d1", "sentences": [0]}]},
    ]  # fmt: skip
    (tmp_path / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in corpus))
    (tmp_path / "queries.jsonl").write_text("\n".join(json.dumps(r) for r in queries))
    assert held_out_documents(load_dataset(tmp_path)) == {"d0"}
    pairs = collect([tmp_path], "train", synthetic=50)
    synthetic = [p for p in pairs if p.origin.startswith("synth/")]
    assert synthetic and all(p.claim_id == "d1" for p in synthetic)
    assert not collect([tmp_path], "tune", synthetic=50) or all(
        not p.origin.startswith("synth/") for p in collect([tmp_path], "tune", synthetic=50)
    )


def test_a_name_left_out_of_the_evidence_keeps_a_sentence() -> None:
    rng = random.Random(1)
    # a possessive, a modifier after "the", a place at a phrase's end, an opening subject
    assert name_left_out("Drayhaven's mayor backed the plan.", "Drayhaven", None, rng) == (
        "The mayor backed the plan."
    )
    assert (
        name_left_out(
            "The walk zone for the Drayhaven elementary students stays at half a mile.",
            "Drayhaven",
            None,
            rng,
        )
        == "The walk zone for the elementary students stays at half a mile."
    )
    assert name_left_out("The plant closed its doors in Drayhaven.", "Drayhaven", None, rng) == (
        "The plant closed its doors."
    )
    assert name_left_out("Guerrero was one of nine children.", "Guerrero", "He", rng) == (
        "He was one of nine children."
    )
    # no sentence is left where the name heads its phrase or the pronoun would not agree
    assert name_left_out("The Senate voted on Tuesday.", "Senate", None, rng) is None
    assert name_left_out("The Dodgers makes history.", "Dodgers", None, rng) is None
    assert name_left_out("Guerrero has nine siblings.", "Guerrero", "They", rng) is None
    # nor where the name is not one of the sentence's names or is there twice
    assert name_left_out("Vladimir Guerrero was born in 1975.", "Guerrero", "He", rng) is None
    assert name_left_out("Drayhaven's mayor met Drayhaven's board.", "Drayhaven", None, rng) is None


def test_name_left_out_pairs_are_supported_and_nli_pairs_keep_their_label() -> None:
    sentences = [
        "Drayhaven's council approved the budget on Tuesday.",
        "The vote in Drayhaven came after a long debate.",
        "Drayhaven has about 12,000 residents.",
        "It sits on the river.",
        "It has two schools.",
    ]
    (pair,) = name_left_out_pairs([("d1", sentences)], "t", seed=3)
    assert pair.label == "SUPPORTED" and pair.origin == "synth-name/t"
    assert "Drayhaven" in pair.claim and "Drayhaven" not in pair.evidence
    assert pair.claim in sentences
    # a document whose names recur in fewer than three sentences has no subject to leave out
    assert not list(name_left_out_pairs([("d2", sentences[:2] + sentences[3:])], "t"))
    refuted = Pair(
        "Sean Gunn was never on Gilmore Girls.",
        "Sean Gunn is best known for his role as Kirk Gleason on Gilmore Girls.",
        "REFUTED",
        "nli/vitaminc_test",
    )
    changed = name_left_out_of_pair(refuted, random.Random(1))
    assert changed is not None and changed.label == "REFUTED"
    assert changed.evidence.startswith("He is best known") and changed.claim == refuted.claim
    assert changed.origin == "nli-name/vitaminc_test"
    # a shared name with no phrase it can be left out of (here an object) stays
    other = Pair("Kirk Gleason is a character.", refuted.evidence, "SUPPORTED", "nli/x")
    assert name_left_out_of_pair(other, random.Random(1)) is None


def test_collect_adds_name_left_out_pairs_from_rows_the_first_stage_did_not_take(
    tmp_path: Path, monkeypatch: Any
) -> None:
    from assistant.verify import data

    folder = tmp_path / "nli-extra" / "vitaminc_test"
    folder.mkdir(parents=True)
    rows = [
        {
            "premise": f"Sean Gunn is best known for his role as Kirk Gleason in season {i} .",
            "hypothesis": "Sean Gunn was on Gilmore Girls .",
            "label": "SUPPORTED",
        }
        for i in range(6)
    ]
    with gzip.open(folder / "pairs.jsonl.gz", "wt") as handle:
        handle.write("\n".join(json.dumps(r) for r in rows))
    monkeypatch.setattr(data, "NAME_LEFT_OUT_ROWS", {"vitaminc_test": (2, 6)})
    pairs = collect([tmp_path / "nli-extra"], "train", nli_limit=1, name_left_out=3)
    changed = [p for p in pairs if p.origin == "nli-name/vitaminc_test"]
    assert len(changed) == 3 and len(pairs) == 4
    assert all(
        p.evidence.startswith("He is best known") and p.label == "SUPPORTED" for p in changed
    )
    # the rows before the range (the first stage's) are never changed
    first = nli_pairs(tmp_path / "nli-extra", 0)[:2]
    assert {p.evidence for p in first}.isdisjoint(
        {p.evidence.replace("He", "Sean Gunn", 1) for p in changed}
    )
    assert not [p for p in collect([tmp_path / "nli-extra"], "tune", name_left_out=3)]
