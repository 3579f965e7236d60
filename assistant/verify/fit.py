"""Fit the claim-level aggregator on the tune claims of evaluation sets (claims the
cross-encoder never trained on and the report split excludes)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.verify.metrics import LABELS, macro_f1


def claim_level_features(
    settings: Any,
    paths: Sequence[Path],
    progress: Callable[[str], None] = print,
    model_dir: Path | None = None,
) -> tuple[np.ndarray, list[str], list[str]]:
    """For the tune claims of each evaluation set: retrieve, pick evidence, score it with the
    cross-encoder, and compute the claim-level features. Returns (features, labels, set names)."""
    from assistant.datasets import in_split, index_corpus, load_dataset
    from assistant.query import resolve
    from assistant.service import build_assistant
    from assistant.verify.aggregate import TOP, claim_features
    from assistant.verify.encoder import LABELS as VERDICT_LABELS

    base = build_assistant(settings)
    if model_dir is not None:  # the cross-encoder being fitted, not the one installed
        from assistant.verify.verifier import CrossEncoderVerifier

        base.verifier = CrossEncoderVerifier(Path(model_dir))
    rows, labels, names = [], [], []
    for path in paths:
        data = load_dataset(path)
        local = index_corpus(settings, data, base.embedder, progress)
        assistant = base.with_settings(local)
        claims = [
            c for c in data.claims if in_split(c.claim_id, "tune") and c.label in VERDICT_LABELS
        ]
        for claim in claims:
            query = resolve(claim.text)
            vector = assistant.embedder.embed_query(query.search)
            hits = assistant.retriever.search(query.search, 8, query_vector=vector)
            evidence = assistant.select_evidence(query, hits, vector)
            top = evidence[:TOP]
            joined = assistant.verifier.joined_probabilities(query.checked, top)
            rows.append(claim_features(query.checked, top, joined))
            labels.append(claim.label)
            names.append(data.name)
        progress(f"{data.name}: features of {len(claims)} tune claims")
    return np.vstack(rows), labels, names


def fit_aggregator(
    settings: Any, paths: Sequence[Path], out: Path, progress: Callable[[str], None] = print
) -> dict:
    """Fit the claim-level aggregator on tune claims; report 5-fold cross-validated scores."""
    from sklearn.model_selection import StratifiedKFold

    from assistant.verify.aggregate import Aggregator

    features, labels, names = claim_level_features(settings, paths, progress, model_dir=out)
    label_array, name_array = np.array(labels), np.array(names)
    predicted = np.empty(len(labels), dtype=object)
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)
    strata = [f"{n}:{y}" for n, y in zip(names, labels, strict=True)]
    for train_idx, test_idx in folds.split(features, strata):
        model = Aggregator.fit(features[train_idx], label_array[train_idx].tolist())
        for i in test_idx:
            predicted[i] = LABELS[int(np.argmax(model.probabilities(features[i])))]
    report: dict[str, Any] = {"claims": len(labels)}
    for name in sorted(set(names)):
        idx = name_array == name
        gold = label_array[idx].tolist()
        present = [label for label in LABELS if label in set(gold)]
        report[name] = {
            "claims": int(idx.sum()),
            "cv_macro_f1": round(macro_f1(gold, predicted[idx].tolist(), present), 4),
            "cv_accuracy": round(float(np.mean(predicted[idx] == label_array[idx])), 4),
        }
    final = Aggregator.fit(features, labels)
    final.info = {
        "fitted_on": "tune claims (the fixed 20% tune split) of " + ", ".join(sorted(set(names))),
        "cross_validated": report,
    }
    final.save(out / "aggregator.json")
    progress(json.dumps(report))
    return report
