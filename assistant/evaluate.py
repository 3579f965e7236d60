"""`factcheck eval`: index an evaluation set's corpus (cached), run its claims, score them.

Retrieval is scored at document level (Recall@5/@20, nDCG@10, MRR over ``qrels.tsv``); verdicts
by accuracy, macro-F1 and a confusion matrix over the labels the assistant produces; latency of
the whole check by p50/p95. Claims whose label the assistant does not produce (WiCE's PARTIALLY
SUPPORTED) are reported apart.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.datasets import LABELS, Dataset, in_split, index_corpus, load_dataset
from assistant.retrieval import DEFAULT_PASSAGES
from assistant.verify.metrics import bootstrap_intervals, expected_calibration_error, macro_f1
from index.settings import Settings

log = logging.getLogger(__name__)


def ndcg_at(ranked: Sequence[str], relevant: dict[str, int], k: int = 10) -> float:
    dcg = sum((relevant.get(doc, 0) > 0) / math.log2(i + 2) for i, doc in enumerate(ranked[:k]))
    ideal = sum(1 / math.log2(i + 2) for i in range(min(k, len(relevant))))
    return dcg / ideal if ideal else 0.0


def recall_at(ranked: Sequence[str], relevant: dict[str, int], k: int) -> float:
    if not relevant:
        return 0.0
    return len(set(ranked[:k]) & set(relevant)) / len(relevant)


def reciprocal_rank(ranked: Sequence[str], relevant: dict[str, int]) -> float:
    for i, doc in enumerate(ranked):
        if doc in relevant:
            return 1.0 / (i + 1)
    return 0.0


def retrieval_metrics(runs: dict[str, list[str]], qrels: dict[str, dict[str, int]]) -> dict:
    scored = [q for q in runs if qrels.get(q)]
    if not scored:
        return {}
    return {
        "queries": len(scored),
        "recall@5": _mean(recall_at(runs[q], qrels[q], 5) for q in scored),
        "recall@20": _mean(recall_at(runs[q], qrels[q], 20) for q in scored),
        "ndcg@10": _mean(ndcg_at(runs[q], qrels[q], 10) for q in scored),
        "mrr": _mean(reciprocal_rank(runs[q], qrels[q]) for q in scored),
    }


def _mean(values: Any) -> float:
    values = list(values)
    return round(float(np.mean(values)), 4) if values else 0.0


def verdict_metrics(gold: Sequence[str], predicted: Sequence[str], labels: Sequence[str]) -> dict:
    # rows: the set's labels; columns: those plus any other label predicted (a NOT ENOUGH INFO
    # on FM2, which has none, is an error that must show)
    columns = list(labels) + sorted({p for p in predicted} - set(labels))
    matrix = {g: {p: 0 for p in columns} for g in labels}
    for g, p in zip(gold, predicted, strict=True):
        if g in matrix:
            matrix[g][p] += 1
    return {
        "claims": len(gold),
        "accuracy": _mean(g == p for g, p in zip(gold, predicted, strict=True)),
        "macro_f1": round(macro_f1(gold, predicted, labels), 4),
        "majority_macro_f1": round(
            macro_f1(gold, [Counter(gold).most_common(1)[0][0]] * len(gold), labels), 4
        )
        if gold
        else 0.0,
        "confusion": matrix,
    }


def restrict(label: str, probabilities: dict[str, float], labels: Sequence[str]) -> str:
    """The verdict among ``labels`` only: the shipped label if it is one of them, else the most
    probable of them (CONFLICTING: the more probable of SUPPORTED and REFUTED)."""
    if label in labels:
        return label
    return max(labels, key=lambda name: probabilities.get(name, 0.0))


def honesty_metrics(
    gold: Sequence[str], predicted: Sequence[str], confidence: Sequence[float]
) -> dict[str, float]:
    """REFUTED recall (a false claim called false), how often a claim the archive settles is
    called NOT ENOUGH INFO, and the share of verdicts under the low-confidence mark."""
    from assistant.results import LOW_CONFIDENCE

    refuted = [p for g, p in zip(gold, predicted, strict=True) if g == "REFUTED"]
    decided = [p for g, p in zip(gold, predicted, strict=True) if g in ("SUPPORTED", "REFUTED")]
    return {
        "refuted_recall": _mean(p == "REFUTED" for p in refuted) if refuted else 0.0,
        "refuted_called_supported": _mean(p == "SUPPORTED" for p in refuted) if refuted else 0.0,
        "nei_when_settled": _mean(p == "NOT ENOUGH INFO" for p in decided) if decided else 0.0,
        "low_confidence_share": _mean(c < LOW_CONFIDENCE for c in confidence),
    }


@dataclass
class EvalResult:
    dataset: str
    metrics: dict


def doc_id_of(hit_metadata: dict[str, Any], origins: dict[str, str]) -> str:
    return origins.get(str(hit_metadata.get("article_id")), "")


def evaluate(
    settings: Settings,
    path: Path,
    limit: int | None = None,
    progress: Callable[[str], None] = lambda line: None,
    assistant_factory: Callable[[Settings], Any] | None = None,
    verdicts: bool = True,
    split: str | None = None,
    verdict_rows: list[dict] | None = None,
) -> dict:
    """Run one evaluation set end to end; a JSON-ready dict of metrics. ``verdict_rows``: each
    claim's verdict is appended there (set, id, claim, gold, verdict, confidence, reason), to
    see which verdicts a change moved (``bench/verdict_diff.py``)."""
    from assistant.service import build_assistant

    data = load_dataset(path)
    factory = assistant_factory or build_assistant
    base = factory(settings)
    local = index_corpus(settings, data, base.embedder, progress)
    assistant = factory(local) if assistant_factory else base.with_settings(local)
    origins = {e.article_id: e.origin.rsplit("#", 1)[-1] for e in assistant.library()}
    claims = [c for c in data.claims if in_split(c.claim_id, split)] if split else data.claims
    claims = claims[:limit] if limit else claims
    runs: dict[str, list[str]] = {}
    gold: list[str] = []
    predicted: list[str] = []
    confidence: list[float] = []
    probabilities: list[dict[str, float]] = []
    latencies: list[float] = []
    apart: Counter[str] = Counter()
    assistant.warm_up()
    for number, claim in enumerate(claims, 1):
        started = time.perf_counter()
        if verdicts:
            result = assistant.check(claim.text, k=DEFAULT_PASSAGES)
            hits = result.hits
        else:
            hits = assistant.retrieve(claim.text, k=20)
        latencies.append((time.perf_counter() - started) * 1000)
        runs[claim.claim_id] = list(
            dict.fromkeys(d for h in hits for d in [doc_id_of(h.passage.metadata, origins)] if d)
        )
        if verdicts:
            if verdict_rows is not None:
                verdict_rows.append(
                    {
                        "set": data.name,
                        "id": claim.claim_id,
                        "claim": claim.text,
                        "gold": claim.label,
                        "verdict": result.verdict,
                        "confidence": result.confidence,
                        "reason": result.reason,
                    }
                )
            if claim.label in LABELS:
                gold.append(claim.label)
                predicted.append(result.verdict)
                confidence.append(result.confidence)
                probabilities.append(result.probabilities)
            else:
                apart[f"{claim.label} -> {result.verdict}"] += 1
        if number % 100 == 0:
            progress(f"{data.name}: {number}/{len(claims)} claims")
    metrics: dict[str, Any] = {"dataset": data.name, "claims": len(claims), "split": split or "all"}
    metrics.update(retrieval_metrics(runs, {q: data.qrels.get(q, {}) for q in runs}))
    if verdicts and gold:
        labels = [label for label in LABELS if label in set(gold)]
        verdict = verdict_metrics(gold, predicted, labels)
        metrics.update({k: v for k, v in verdict.items() if k != "claims"})
        metrics["verdict_claims"] = verdict["claims"]
        metrics["ece"] = expected_calibration_error(
            confidence, [g == p for g, p in zip(gold, predicted, strict=True)]
        )
        metrics.update(honesty_metrics(gold, predicted, confidence))
        metrics["intervals"] = bootstrap_intervals(gold, predicted, confidence, labels)
        if set(labels) != set(LABELS):  # e.g. FM2, no NOT ENOUGH INFO: the set's labels only
            restricted = [
                restrict(p, probs, labels)
                for p, probs in zip(predicted, probabilities, strict=True)
            ]
            within = verdict_metrics(gold, restricted, labels)
            metrics["restricted"] = {
                "labels": labels,
                "accuracy": within["accuracy"],
                "macro_f1": within["macro_f1"],
                "accuracy_interval": bootstrap_intervals(gold, restricted, confidence, labels)[
                    "accuracy"
                ],
            }
    if apart:
        metrics["reported_apart"] = dict(apart)
    sentence_level = evidence_at_3(assistant, data, claims)
    if sentence_level is not None:
        metrics["evidence@3"] = sentence_level
    if latencies:
        metrics["latency_p50_ms"] = round(float(np.percentile(latencies, 50)), 1)
        metrics["latency_p95_ms"] = round(float(np.percentile(latencies, 95)), 1)
    return metrics


def evidence_at_3(assistant: Any, data: Dataset, claims: Sequence[Any]) -> float | None:
    """Given the gold document, the share of claims with a gold sentence among the top 3
    evidence sentences (sets with per-sentence gold only: SciFact, WiCE)."""
    from assistant.query import resolve
    from assistant.results import Evidence

    found = total = 0
    for claim in claims:
        for doc_id, sets in claim.evidence.items():
            doc = data.documents.get(doc_id)
            if doc is None or not doc.sentences or not any(sets):
                continue
            gold = {i for group in sets for i in group}
            candidates = [
                Evidence(s, doc_id, f"{doc_id}:{i}", i, i + 1, 1, doc.title, "", "", "")
                for i, s in enumerate(doc.sentences)
            ]
            query = resolve(claim.text)
            vector = assistant.embedder.embed_query(query.checked)
            ranked = assistant.rank_evidence(query, candidates, vector)
            total += 1
            found += any(e.start in gold for e in ranked[:3])
            break
    return round(found / total, 4) if total else None


def markdown(results: Sequence[dict]) -> str:
    keys = [
        "split",
        "recall@5",
        "recall@20",
        "ndcg@10",
        "mrr",
        "evidence@3",
        "accuracy",
        "macro_f1",
        "refuted_recall",
        "nei_when_settled",
        "low_confidence_share",
        "ece",
        "latency_p50_ms",
        "latency_p95_ms",
    ]
    lines = ["| set | claims | " + " | ".join(keys) + " |", "|---" * (len(keys) + 2) + "|"]
    for r in results:
        cells = [str(r.get(k, "–")) for k in keys]
        lines.append(f"| {r['dataset']} | {r['claims']} | " + " | ".join(cells) + " |")
    for r in results:
        if "restricted" in r:
            within = r["restricted"]
            lines.append(
                f"\n{r['dataset']}: restricted to its labels ({', '.join(within['labels'])}): "
                f"accuracy {within['accuracy']}, macro-F1 {within['macro_f1']} (the shipped "
                f"3-way output above: accuracy {r.get('accuracy')})"
                + (
                    " — accuracy's 95% bootstrap interval {}–{}".format(
                        *within["accuracy_interval"]
                    )
                    if within.get("accuracy_interval")
                    else ""
                )
            )
    for r in results:
        if r.get("intervals"):
            spans = r["intervals"]
            lines.append(
                f"\n{r['dataset']}: 95% bootstrap intervals over its {r.get('verdict_claims')} "
                "claims (another draw of such claims could land anywhere in them): "
                + ", ".join(f"{name} {low}–{high}" for name, (low, high) in spans.items())
            )
    for r in results:
        if "confusion" in r:
            rows = list(r["confusion"])
            columns = list(next(iter(r["confusion"].values()), {}))
            lines += ["", f"{r['dataset']}: confusion (rows gold, columns predicted)", ""]
            lines.append("| gold \\ predicted | " + " | ".join(columns) + " |")
            lines.append("|---" * (len(columns) + 1) + "|")
            for g in rows:
                lines.append(
                    f"| {g} | " + " | ".join(str(r["confusion"][g][p]) for p in columns) + " |"
                )
        if r.get("reported_apart"):
            lines += [
                "",
                f"{r['dataset']}: reported apart: "
                + ", ".join(f"{k}: {v}" for k, v in r["reported_apart"].items()),
            ]
    return "\n".join(lines)
