"""Scores shared by evaluation and training (neither imports the other)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

LABELS = ("SUPPORTED", "REFUTED", "NOT ENOUGH INFO")


def macro_f1(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str] = LABELS) -> float:
    scores = []
    for label in labels:
        tp = sum(g == p == label for g, p in zip(gold, pred, strict=True))
        fp = sum(p == label != g for g, p in zip(gold, pred, strict=True))
        fn = sum(g == label != p for g, p in zip(gold, pred, strict=True))
        if tp + fp + fn:
            scores.append(2 * tp / (2 * tp + fp + fn))
    return float(np.mean(scores)) if scores else 0.0


def expected_calibration_error(
    confidence: Sequence[float], correct: Sequence[bool], bins: int = 10
) -> float:
    conf, ok = np.asarray(confidence, dtype=float), np.asarray(correct, dtype=float)
    if not len(conf):
        return 0.0
    edges = np.linspace(0, 1, bins + 1)
    total = 0.0
    for low, high in zip(edges[:-1], edges[1:], strict=True):
        inside = (conf > low) & (conf <= high) if low > 0 else (conf >= low) & (conf <= high)
        if inside.any():
            total += inside.mean() * abs(conf[inside].mean() - ok[inside].mean())
    return round(float(total), 4)


def bootstrap_intervals(
    gold: Sequence[str],
    predicted: Sequence[str],
    confidence: Sequence[float],
    labels: Sequence[str],
    resamples: int = 1000,
    seed: int = 13,
) -> dict[str, list[float]]:
    """95% percentile-bootstrap intervals of accuracy, macro-F1 and ECE over the claims (each
    resample draws as many claims as there are, with replacement): how far the figures could move
    on another draw of claims like these. On a few hundred claims one verdict moves accuracy by
    0.004 and ECE by up to 0.01; the intervals say which differences are more than that."""
    if not gold:
        return {}
    names = list(labels) + sorted(set(predicted) - set(labels))
    g = np.array([names.index(x) if x in names else -1 for x in gold])
    p = np.array([names.index(x) for x in predicted])
    conf = np.asarray(confidence, dtype=float)
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(g), size=(resamples, len(g)))
    gs, ps, cs = g[picks], p[picks], conf[picks]
    right = gs == ps
    accuracy = right.mean(axis=1)
    scores = []
    for k in range(len(labels)):  # macro-F1 over the set's labels, as ``macro_f1`` computes it
        tp = ((gs == k) & (ps == k)).sum(axis=1)
        fp = ((ps == k) & (gs != k)).sum(axis=1)
        fn = ((gs == k) & (ps != k)).sum(axis=1)
        denominator = 2 * tp + fp + fn
        scores.append(np.where(denominator > 0, 2 * tp / np.maximum(denominator, 1), np.nan))
    f1 = np.nanmean(np.vstack(scores), axis=0)
    ece = np.array([expected_calibration_error(c, r) for c, r in zip(cs, right, strict=True)])

    def interval(values: np.ndarray) -> list[float]:
        low, high = np.percentile(values, [2.5, 97.5])
        return [round(float(low), 4), round(float(high), 4)]

    return {"accuracy": interval(accuracy), "macro_f1": interval(f1), "ece": interval(ece)}
