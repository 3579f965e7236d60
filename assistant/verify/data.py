"""Claim–evidence pairs for training and checking the verifier, built from evaluation sets
(``shared/eval`` layout) and NLI pairs (``{"premise","hypothesis","label"}`` jsonl).

Every pair is (claim, evidence text, label) with label one of SUPPORTED / REFUTED /
NOT ENOUGH INFO. Evidence is a gold sentence, the gold sentences of one set joined, or a hard
negative: a non-gold sentence of the same document (or the same page) that shares the most
words with the claim, labelled NOT ENOUGH INFO. Claims are split into train / tune / report by
a stable hash of their id (``datasets.split_of``): the cross-encoder trains on train claims only.
"""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.datasets import Claim, Dataset, Document, in_split, load_dataset

NEI = "NOT ENOUGH INFO"
_NLI_LABELS = {"entailment": "SUPPORTED", "contradiction": "REFUTED", "neutral": NEI}
_WORD = re.compile(r"\w+")
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "by",
        "with",
        "as",
        "from",
        "that",
        "this",
        "it",
        "its",
        "their",
        "his",
        "her",
        "not",
        "no",
    ]
)


@dataclass(frozen=True)
class Pair:
    claim: str
    evidence: str
    label: str
    origin: str  # dataset name, for weighting and reporting
    claim_id: str = ""


def _words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def doc_sentences(doc: Document) -> list[str]:
    if doc.sentences:
        return list(doc.sentences)
    from index.sentences import sentence_spans

    return [doc.text[a:b] for a, b in sentence_spans(doc.text)] or [doc.text]


def _overlap_ranked(claim: str, candidates: Iterable[str]) -> list[str]:
    words = _words(claim)
    scored = [(len(words & _words(c)) / (1 + len(_words(c)) ** 0.5), c) for c in candidates]
    scored = [s for s in scored if s[1].strip()]
    return [c for _, c in sorted(scored, key=lambda s: -s[0])]


def _page(doc: Document) -> str:
    return doc.title.split(" | ")[0]


def claim_pairs(data: Dataset, claim: Claim, negatives: int = 2) -> Iterator[Pair]:
    """Pairs for one claim: gold sentences with its label, hard negatives as NEI."""
    pages: dict[str, list[Document]] | None = getattr(data, "_pages", None)
    if pages is None:
        pages = {}
        for doc in data.documents.values():
            if not doc.sentences:  # one-sentence documents (FM2): group them by page
                pages.setdefault(_page(doc), []).append(doc)
        data._pages = pages  # type: ignore[attr-defined]
    label = claim.label
    if label not in ("SUPPORTED", "REFUTED", NEI):
        return  # PARTIALLY SUPPORTED: neither a clean positive nor a clean negative
    gold_texts: set[str] = set()
    pool: list[str] = []
    for doc_id, sets in claim.evidence.items():
        doc = data.documents.get(doc_id)
        if doc is None:
            continue
        sentences = doc_sentences(doc)
        if not doc.sentences:  # the document is the evidence sentence itself
            gold_texts.add(doc.text)
            pool.extend(d.text for d in pages.get(_page(doc), []) if d.doc_id != doc_id)
            if label != NEI:
                yield Pair(claim.text, doc.text, label, data.name, claim.claim_id)
            continue
        gold = {i for group in sets for i in group if 0 <= i < len(sentences)}
        gold_texts.update(sentences[i] for i in gold)
        pool.extend(s for i, s in enumerate(sentences) if i not in gold)
        if label == NEI:
            continue
        for group in sets[:3]:
            group = tuple(i for i in group if 0 <= i < len(sentences))
            if not group:
                continue
            for i in group if len(group) <= 3 else group[:3]:
                yield Pair(claim.text, sentences[i], label, data.name, claim.claim_id)
            if len(group) > 1:
                joined = " ".join(sentences[i] for i in sorted(group))
                yield Pair(claim.text, joined, label, data.name, claim.claim_id)
    if label == NEI or not claim.evidence:
        for doc_id in claim.cited or tuple(claim.evidence):
            doc = data.documents.get(doc_id)
            if doc is not None:
                pool.extend(doc_sentences(doc))
    ranked = [c for c in _overlap_ranked(claim.text, pool) if c not in gold_texts]
    count = negatives + (1 if label == NEI else 0)
    for text in ranked[:count]:
        yield Pair(claim.text, text, NEI, data.name, claim.claim_id)


def dataset_pairs(data: Dataset, split: str, negatives: int = 2) -> list[Pair]:
    pairs = []
    for claim in data.claims:
        if in_split(claim.claim_id, split):
            pairs.extend(claim_pairs(data, claim, negatives))
    return pairs


def nli_pairs(path: Path, limit_per_file: int | None = None, seed: int = 13) -> list[Pair]:
    pairs = []
    files = sorted(path.glob("*.jsonl")) if path.is_dir() else [path]
    for file in files:
        rows = []
        with file.open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                label = _NLI_LABELS.get(str(row.get("label")))
                if label and row.get("premise") and row.get("hypothesis"):
                    rows.append(Pair(row["hypothesis"], row["premise"], label, f"nli/{file.stem}"))
        random.Random(seed).shuffle(rows)
        pairs.extend(rows[:limit_per_file] if limit_per_file else rows)
    return pairs


def is_nli_dir(path: Path) -> bool:
    return not (path / "queries.jsonl").exists() and any(
        "premise" in f.open(encoding="utf-8").readline() for f in path.glob("*.jsonl")
    )


def collect(
    paths: Iterable[Path], split: str = "train", nli_limit: int | None = 3000
) -> list[Pair]:
    """Pairs from every path: evaluation sets (the claims of one split) and NLI folders
    (train side only)."""
    pairs: list[Pair] = []
    for path in paths:
        path = Path(path)
        if is_nli_dir(path):
            if split == "train":
                pairs.extend(nli_pairs(path, nli_limit))
        else:
            pairs.extend(dataset_pairs(load_dataset(path), split))
    return pairs
