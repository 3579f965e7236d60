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
