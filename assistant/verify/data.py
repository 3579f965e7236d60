"""Claim–evidence pairs for training and checking the verifier, built from evaluation sets
(``shared/eval`` layout) and NLI pairs (``{"premise","hypothesis","label"}`` jsonl).

Every pair is (claim, evidence text, label) with label one of SUPPORTED / REFUTED /
NOT ENOUGH INFO. Evidence is a gold sentence, the gold sentences of one set joined, or a hard
negative: a non-gold sentence of the same document (or the same page) that shares the most
words with the claim, labelled NOT ENOUGH INFO. Claims are split into train / tune / report by
a stable hash of their id (``datasets.split_of``): the cross-encoder trains on train claims only.
"""

from __future__ import annotations

import gzip
import json
import random
import re
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from assistant.datasets import Claim, Dataset, Document, in_split, load_dataset

NEI = "NOT ENOUGH INFO"
_NLI_LABELS = {
    "entailment": "SUPPORTED", "contradiction": "REFUTED", "neutral": NEI,
    "SUPPORTED": "SUPPORTED", "REFUTED": "REFUTED", NEI: NEI,
}  # fmt: skip
_WORD = re.compile(r"\w+")
STOP_WORDS = frozenset(
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
    return {w for w in _WORD.findall(text.lower()) if w not in STOP_WORDS}


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


def claim_pairs(
    data: Dataset, claim: Claim, negatives: int = 2, joined: bool = False
) -> Iterator[Pair]:
    """Pairs for one claim: gold sentences with its label, hard negatives as NEI. ``joined``:
    also the claim against three sentences read together, as the verifier reads a check's best
    ones (``JOINED_SENTENCES``): the hard negatives alone (NOT ENOUGH INFO, topical closeness is
    not support) and a gold sentence among two of them (its label)."""
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
                together = " ".join(sentences[i] for i in sorted(group))
                yield Pair(claim.text, together, label, data.name, claim.claim_id)
    if label == NEI or not claim.evidence:
        for doc_id in claim.cited or tuple(claim.evidence):
            doc = data.documents.get(doc_id)
            if doc is not None:
                pool.extend(doc_sentences(doc))
    ranked = [c for c in _overlap_ranked(claim.text, pool) if c not in gold_texts]
    count = negatives + (1 if label == NEI else 0)
    for text in ranked[:count]:
        yield Pair(claim.text, text, NEI, data.name, claim.claim_id)
    if joined:
        yield from _joined_pairs(claim, label, sorted(gold_texts), ranked, data.name)


def _joined_pairs(
    claim: Claim, label: str, gold: list[str], ranked: list[str], origin: str
) -> Iterator[Pair]:
    rng = random.Random(claim.claim_id)
    if len(ranked) >= 3:
        yield Pair(claim.text, " ".join(ranked[:3]), NEI, origin, claim.claim_id)
    if label != NEI and len(gold) == 1 and len(ranked) >= 2:
        texts = [gold[0], *ranked[:2]]
        rng.shuffle(texts)
        yield Pair(claim.text, " ".join(texts), label, origin, claim.claim_id)


def dataset_pairs(
    data: Dataset, split: str, negatives: int = 2, joined: bool = False
) -> list[Pair]:
    pairs = []
    for claim in data.claims:
        if in_split(claim.claim_id, split):
            pairs.extend(claim_pairs(data, claim, negatives, joined))
    return pairs


# pairs taken from each NLI source (``nli-extra`` folders and ``shared/eval/nli`` files) when
# training the shipped verifier: VitaminC's contrastive pairs lead; templated or one-label-heavy
# sets are subsampled so that none dominates. A source not named here gets ``nli_limit``.
NLI_MIX = {
    "vitaminc_test": 18000,
    "fever_dev_rte": 5000,
    "fever_symmetric": 1500,
    "fever_adversarial": 1000,
    "fever_triggers": 1000,
    "covidfact": 2000,
    "healthver": 2000,
    "citation_integrity": 1500,
    "averitec_dev": 500,
    "anli_test": 1500,
    "taxinli_mnli": 3000,
    "snli_dev_test_esnli": 2000,
    "cad_snli": 3000,
    "breaking_nli": 1500,
    "conjnli": 2000,
    "negation_nli": 2500,
    "control_nli": 500,
    "scinli": 1500,
    "imppres": 1000,
    "anli_dev": 1500,
    "sick": 1500,
    "rte": 1000,
    "snli_partial": 500,
}
# the second stage of the shipped model (``--init-from`` the first, ``--mix replay``): a small
# replay of the NLI sources so that fine-tuning on the evaluation sets' train claims and synthetic
# pairs does not forget them; a source not named here gets ``nli_limit``
NLI_REPLAY = {
    "vitaminc_test": 2500,
    "fever_dev_rte": 1000,
    "fever_symmetric": 300,
    "covidfact": 300,
    "healthver": 300,
    "citation_integrity": 300,
}
# a third stage (``--init-from`` the second, ``--mix fresh``): rows of each source's seeded
# shuffle that the first stage did not take (``(start, stop)``), so the model sees new pairs
# rather than the same ones again; the small sets the first stage used up are replayed
NLI_FRESH: dict[str, int | tuple[int, int]] = {
    "vitaminc_test": (18000, 38000),
    "fever_dev_rte": (5000, 11000),
    "anli_test": (1500, 3200),
    "anli_dev": (1500, 3200),
    "taxinli_mnli": (3000, 7000),
    "cad_snli": (3000, 6000),
    "snli_dev_test_esnli": (2000, 4000),
    "covidfact": (2000, 4100),
    "healthver": (2000, 3500),
    "citation_integrity": (1500, 3100),
    "scinli": (1500, 4000),
    "negation_nli": (2500, 3000),
    "conjnli": (2000, 4000),
    "breaking_nli": (1500, 2500),
    "imppres": (1000, 2000),
    "sick": (1500, 3000),
    "rte": (1000, 2800),
    "control_nli": (500, 1000),
    "averitec_dev": 462,
    "fever_symmetric": 300,
    "fever_adversarial": 300,
    "fever_triggers": 178,
}
# a larger first stage (``--mix large``, for a CPU with bf16 matrix units, where training is
# ~2x faster): about twice the first stage's pairs, the same sources and the same lead for
# VitaminC; the small sets are taken whole
NLI_LARGE = {
    "vitaminc_test": 40000,
    "fever_dev_rte": 11000,
    "fever_symmetric": 1416,
    "fever_adversarial": 764,
    "fever_triggers": 178,
    "covidfact": 4068,
    "healthver": 3413,
    "citation_integrity": 3055,
    "averitec_dev": 462,
    "anli_test": 3200,
    "anli_dev": 3198,
    "taxinli_mnli": 10070,
    "snli_dev_test_esnli": 5000,
    "cad_snli": 6000,
    "breaking_nli": 3000,
    "conjnli": 4000,
    "negation_nli": 2999,
    "control_nli": 1000,
    "scinli": 3000,
    "imppres": 2000,
    "sick": 3000,
    "rte": 2767,
    "snli_partial": 500,
}
# a shorter third stage (``--init-from`` the shipped model as ``factcheck verifier unquantize``
# writes it, ``--mix fresh-half``): the first half of each of ``NLI_FRESH``'s new rows, the
# replayed small sets as they are
NLI_FRESH_HALF: dict[str, int | tuple[int, int]] = {
    name: (rows[0], rows[0] + (rows[1] - rows[0]) // 2) if isinstance(rows, tuple) else rows
    for name, rows in NLI_FRESH.items()
}
# the first stage of the shipped all-mpnet-base-v2 verifier (``--mix third``; it trains ~7x
# slower than MiniLM-L6, 11.5 pairs/s on 2 cores): a third of each source's first-stage rows
# (at least 150), VitaminC 6,000 and FEVER 2,000
NLI_THIRD = {
    **{name: max(150, rows // 3) for name, rows in NLI_MIX.items()},
    "vitaminc_test": 6000,
    "fever_dev_rte": 2000,
}
# a second stage on news (``--init-from`` the shipped model, ``--mix news``): the replay above
# and every pair of ``news_claims.jsonl`` (``bench/news_pairs.py``: the news claims of
# ``bench/claims-fresh`` against the sentences the check selects for them); 0 takes all rows
NLI_NEWS: dict[str, int | tuple[int, int]] = {**NLI_REPLAY, "news_claims": 0}
MIXES: dict[str, dict[str, int | tuple[int, int]] | None] = {
    "full": NLI_MIX, "large": NLI_LARGE, "replay": NLI_REPLAY, "fresh": NLI_FRESH,
    "fresh-half": NLI_FRESH_HALF, "third": NLI_THIRD, "news": NLI_NEWS, "none": None,
}  # fmt: skip
_DETOKENISE = [
    (re.compile(r"-LRB-\s*|\(\s+"), "("), (re.compile(r"\s*-RRB-|\s+\)"), ")"),
    (re.compile(r"-LSB-\s*"), "["), (re.compile(r"\s*-RSB-"), "]"),
    (re.compile(r"``\s*|\s*''"), '"'), (re.compile(r"\s+([,.;:!?%])(?=\s|$)"), r"\1"),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"), (re.compile(r"[\u00a0\ufffd]"), " "),
]  # fmt: skip


def detokenise(text: str) -> str:
    """'Westlife ( BPI ) has 13 million , in the UK .' -> 'Westlife (BPI) has 13 million, in the
    UK.' (VitaminC, SNLI and FEVER text comes tokenised; claims people type do not)."""
    for pattern, replacement in _DETOKENISE:
        text = pattern.sub(replacement, text)
    return " ".join(text.split())


def _nli_files(path: Path) -> list[tuple[str, Path]]:
    if path.is_file():
        return [(path.name.split(".")[0], path)]
    found = [(f.stem, f) for f in sorted(path.glob("*.jsonl"))]
    found += [(f.parent.name, f) for f in sorted(path.glob("*/pairs.jsonl.gz"))]
    return found


def nli_pairs(
    path: Path,
    limit_per_file: int | None = None,
    seed: int = 13,
    mix: dict[str, int | tuple[int, int]] | None = None,
    only: Collection[str] | None = None,
) -> list[Pair]:
    """NLI pairs (premise = evidence, hypothesis = claim) from a ``.jsonl`` file, a folder of
    them, or a folder of ``*/pairs.jsonl.gz`` (``nli-extra``); at most ``mix[name]`` (else
    ``limit_per_file``) from each, a seeded sample; a ``(start, stop)`` entry takes those rows
    of the same seeded shuffle. ``only``: read just these sources."""
    pairs = []
    for name, file in _nli_files(path):
        if only is not None and name not in only:
            continue
        rows = []
        opener = gzip.open if file.suffix == ".gz" else open
        with opener(file, "rt", encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                label = _NLI_LABELS.get(str(row.get("label")))
                if label and row.get("premise") and row.get("hypothesis"):
                    claim, evidence = detokenise(row["hypothesis"]), detokenise(row["premise"])
                    rows.append(Pair(claim, evidence, label, f"nli/{name}"))
        random.Random(seed).shuffle(rows)
        limit = (mix or {}).get(name, limit_per_file)
        if isinstance(limit, tuple):
            pairs.extend(rows[limit[0] : limit[1]])
        else:
            pairs.extend(rows[:limit] if limit else rows)
    return pairs


def is_nli_dir(path: Path) -> bool:
    if path.is_file():
        return True
    if (path / "queries.jsonl").exists():
        return False
    if any(path.glob("*/pairs.jsonl.gz")):
        return True
    return any("premise" in f.open(encoding="utf-8").readline() for f in path.glob("*.jsonl"))


def corpus_documents(data: Dataset, exclude: set[str]) -> Iterator[tuple[str, list[str]]]:
    """The set's documents as (id, sentences), one-sentence documents (FM2) grouped by page;
    documents in ``exclude`` (cited by tune or report claims) left out."""
    pages: dict[str, list[str]] = {}
    for doc in data.documents.values():
        if doc.doc_id in exclude:
            continue
        if doc.sentences:
            yield doc.doc_id, list(doc.sentences)
        else:
            pages.setdefault(_page(doc), []).append(doc.text)
    yield from pages.items()


def held_out_documents(data: Dataset) -> set[str]:
    """Documents a tune or report claim cites or has evidence in, and their FM2 pages."""
    ids = set()
    for claim in data.claims:
        if not in_split(claim.claim_id, "train"):
            ids.update(claim.evidence)
            ids.update(claim.cited)
    held_pages = {_page(data.documents[i]) for i in ids if i in data.documents}
    ids.update(
        d.doc_id for d in data.documents.values() if not d.sentences and _page(d) in held_pages
    )
    return ids


def synthetic_from(data: Dataset, limit: int, seed: int = 13, detail: bool = False) -> list[Pair]:
    """Up to ``limit`` synthetic contrastive pairs (``synth.py``) from the set's documents that
    no tune or report claim touches; ``detail``: with the added-detail pairs."""
    from assistant.verify.synth import synthetic_pairs

    documents = list(corpus_documents(data, held_out_documents(data)))
    random.Random(seed).shuffle(documents)
    # about three pairs a chosen sentence: spread the limit over the documents, one each at least
    per_document = max(1, -(-limit // (3 * max(1, len(documents)))))
    pairs: list[Pair] = []
    pairs_of = synthetic_pairs(
        documents, data.name, per_document=per_document, seed=seed, detail=detail
    )
    for pair in pairs_of:
        pairs.append(pair)
        if len(pairs) >= limit:
            break
    return pairs


# where ``--name-left-out`` takes its NLI pairs: Wikipedia sources, rows past those the shipped
# model's first stage (``NLI_MIX``) took
NAME_LEFT_OUT_ROWS: dict[str, int | tuple[int, int]] = {
    "vitaminc_test": (18000, 60000),
    "fever_dev_rte": (5000, 15000),
}


def name_left_out_from(data: Dataset, seed: int = 13) -> list[Pair]:
    """A sentence naming its document's subject against itself without the name, SUPPORTED
    (``synth.name_left_out_pairs``), from each document no tune or report claim touches."""
    from assistant.verify.synth import name_left_out_pairs

    documents = list(corpus_documents(data, held_out_documents(data)))
    return list(name_left_out_pairs(documents, data.name, seed=seed))


def name_left_out_nli(path: Path, limit: int, seed: int = 13) -> list[Pair]:
    """Up to ``limit`` NLI pairs of ``NAME_LEFT_OUT_ROWS`` whose evidence writes a name of the
    claim, with that name left out of the evidence and the label kept
    (``synth.name_left_out_of_pair``)."""
    from assistant.verify.synth import name_left_out_of_pair

    rng = random.Random(seed)
    changed = []
    for pair in nli_pairs(path, 0, seed, mix=NAME_LEFT_OUT_ROWS, only=NAME_LEFT_OUT_ROWS):
        if (other := name_left_out_of_pair(pair, rng)) is not None:
            changed.append(other)
            if len(changed) >= limit:
                break
    return changed


def collect(
    paths: Iterable[Path],
    split: str = "train",
    nli_limit: int | None = 3000,
    synthetic: int = 0,
    mix: dict[str, int | tuple[int, int]] | None = None,
    seed: int = 13,
    joined: bool = False,
    detail: bool = False,
    name_left_out: int = 0,
) -> list[Pair]:
    """Pairs from every path: evaluation sets (the claims of one split, plus on the train side up
    to ``synthetic`` contrastive pairs from its untouched documents) and NLI sources (train side
    only; ``mix`` caps each). ``seed`` picks the synthetic pairs; ``joined`` adds the train
    claims' pairs of three sentences read together (``claim_pairs``); ``detail`` the synthetic
    added-detail pairs (``synth.added_detail``); ``name_left_out`` up to that many pairs of
    evidence without a name of the claim from each NLI folder, and all such pairs of the
    evaluation sets' untouched documents (``name_left_out_nli``, ``name_left_out_from``)."""
    pairs: list[Pair] = []
    for path in paths:
        path = Path(path)
        if is_nli_dir(path):
            if split == "train":
                pairs.extend(nli_pairs(path, nli_limit, mix=mix))
                if name_left_out:
                    pairs.extend(name_left_out_nli(path, name_left_out, seed))
        else:
            data = load_dataset(path)
            pairs.extend(dataset_pairs(data, split, joined=joined and split == "train"))
            if synthetic and split == "train":
                pairs.extend(synthetic_from(data, synthetic, seed, detail=detail))
            if name_left_out and split == "train":
                pairs.extend(name_left_out_from(data, seed))
    return pairs
