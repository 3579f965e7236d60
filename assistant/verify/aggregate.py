"""The claim-level decision's learned part: features of the scored evidence and the plain
checks, and a small multinomial logistic model over them (``aggregator.json``)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.results import Evidence
from assistant.verify.checks import compare
from assistant.verify.encoder import LABELS, _softmax
from index.errors import ConfigError

TOP = 5  # evidence sentences the claim-level decision looks at


NUMBER_COVERAGE = 0.6  # see CrossEncoderVerifier._number_clash
FEATURES = (
    "sup_max", "ref_max", "nei_min", "sup_top", "ref_top", "sup_joined", "ref_joined",
    "relevance_max", "coverage_max", "number_conflict", "negation_top", "missing_names_top",
)  # fmt: skip


def claim_features(
    claim: str, evidence: Sequence[Evidence], joined: np.ndarray | None
) -> np.ndarray:
    """The claim-level features (see ``FEATURES``) from scored evidence, best first."""
    top = list(evidence[:TOP])
    if not top:
        return np.array([0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0], dtype=np.float32)
    probs = np.array([[e.probabilities.get(label, 0.0) for label in LABELS] for e in top])
    comparisons = [compare(claim, e.sentence) for e in top]
    joined = joined if joined is not None else probs[0]
    return np.array(
        [
            probs[:, 0].max(),
            probs[:, 1].max(),
            probs[:, 2].min(),
            probs[0, 0],
            probs[0, 1],
            joined[0],
            joined[1],
            max(e.relevance for e in top),
            max(c.coverage for c in comparisons),
            float(any(c.number_conflict for c in comparisons[:3])),
            float(comparisons[0].negation_mismatch),
            float(bool(comparisons[0].missing_names)),
        ],
        dtype=np.float32,
    )


@dataclass
class Aggregator:
    """Multinomial logistic regression over ``FEATURES`` (standardised), stored as JSON."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (labels, features)
    intercept: np.ndarray
    labels: tuple[str, ...] = LABELS
    info: dict | None = None

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        z = (features - self.mean) / self.scale
        return _softmax(self.coef @ z + self.intercept)

    def save(self, path: Path) -> None:
        path.write_text(
            json.dumps(
                {
                    "features": list(FEATURES),
                    "labels": list(self.labels),
                    "mean": self.mean.round(6).tolist(),
                    "scale": self.scale.round(6).tolist(),
                    "coef": self.coef.round(6).tolist(),
                    "intercept": self.intercept.round(6).tolist(),
                    "info": self.info or {},
                },
                indent=1,
            )
            + "\n"
        )

    @classmethod
    def load(cls, path: Path) -> Aggregator:
        data = json.loads(path.read_text())
        if tuple(data["features"]) != FEATURES:
            raise ConfigError(
                f"{path} was fitted on other features: refit it with `factcheck verifier fit`"
            )
        return cls(
            np.array(data["mean"], dtype=np.float32),
            np.array(data["scale"], dtype=np.float32),
            np.array(data["coef"], dtype=np.float32),
            np.array(data["intercept"], dtype=np.float32),
            tuple(data["labels"]),
            data.get("info"),
        )

    @classmethod
    def fit(cls, features: np.ndarray, labels: Sequence[str], c: float = 1.0) -> Aggregator:
        from sklearn.linear_model import LogisticRegression

        mean = features.mean(axis=0)
        scale = features.std(axis=0)
        scale[scale < 1e-6] = 1.0
        present = [label for label in LABELS if label in set(labels)]
        model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
        model.fit((features - mean) / scale, list(labels))
        coef = np.zeros((len(LABELS), features.shape[1]), dtype=np.float32)
        intercept = np.full(len(LABELS), -30.0, dtype=np.float32)  # labels never seen: never chosen
        classes = list(model.classes_)
        if len(classes) == 2:  # binary: sklearn keeps one row for the second class
            a, b = classes
            coef[LABELS.index(b)] = model.coef_[0]
            intercept[LABELS.index(b)] = model.intercept_[0]
            intercept[LABELS.index(a)] = 0.0
        else:
            for row, label in enumerate(classes):
                coef[LABELS.index(label)] = model.coef_[row]
                intercept[LABELS.index(label)] = model.intercept_[row]
        del present
        return cls(mean.astype(np.float32), scale.astype(np.float32), coef, intercept)
