"""Fit the claim-level aggregator on the tune claims of evaluation sets (claims the
cross-encoder never trained on and the report split excludes)."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.verify.metrics import LABELS, expected_calibration_error, macro_f1


def claim_level_features(
    settings: Any,
    paths: Sequence[Path],
    progress: Callable[[str], None] = print,
    model_dir: Path | None = None,
    split: str = "tune",
) -> tuple[np.ndarray, list[str], list[str], list[tuple[str, list[Any], Any]]]:
    """For the claims of ``split`` in each evaluation set: check them as ``factcheck eval``
    does (retrieve, pick and score the evidence) and compute the claim-level features.
    Returns (features, labels, set names, (checked text, evidence, joined reading) per claim)."""
    from assistant.datasets import in_split, index_corpus, load_dataset
    from assistant.retrieval import DEFAULT_PASSAGES
    from assistant.service import Assistant
    from assistant.verify.aggregate import TOP, claim_features
    from assistant.verify.verifier import MODELS_DIR, CrossEncoderVerifier
    from index.chroma_store import ChromaStore
    from index.embedder import make_embedder

    # the cross-encoder being fitted, without an aggregator: the features do not depend on it,
    # and the one on disk may be for other features
    verifier = CrossEncoderVerifier(Path(model_dir or MODELS_DIR), aggregator=False)
    base = Assistant(
        settings, make_embedder(settings), ChromaStore.from_settings(settings), verifier
    )
    rows, labels, names, checked = [], [], [], []
    for path in paths:
        data = load_dataset(path)
        local = index_corpus(settings, data, base.embedder, progress)
        assistant = base.with_settings(local)
        claims = [c for c in data.claims if in_split(c.claim_id, split) and c.label in LABELS]
        for number, claim in enumerate(claims, 1):
            result = assistant.check(claim.text, k=DEFAULT_PASSAGES)
            top = result.evidence[:TOP]
            joined = assistant.verifier.joined_probabilities(result.checked, top)
            rows.append(claim_features(result.checked, top, joined))
            labels.append(claim.label)
            names.append(data.name)
            checked.append((result.checked, top, joined))
            if number % 100 == 0:
                progress(f"{data.name}: {number}/{len(claims)} claims")
        progress(f"{data.name}: features of {len(claims)} {split} claims")
    return np.vstack(rows), labels, names, checked


def fit_temperature(logits: np.ndarray, gold: Sequence[str]) -> float:
    """The temperature that gives out-of-fold probabilities the lowest log-loss."""
    index = np.array([LABELS.index(g) for g in gold])
    best, best_loss = 1.0, float("inf")
    for t in np.arange(0.5, 4.01, 0.05):
        z = logits / t
        z = z - z.max(axis=1, keepdims=True)
        log_p = z - np.log(np.exp(z).sum(axis=1, keepdims=True))
        loss = -float(log_p[np.arange(len(index)), index].mean())
        if loss < best_loss:
            best, best_loss = float(round(t, 2)), loss
    return best


def fit_aggregator(
    settings: Any,
    paths: Sequence[Path],
    out: Path,
    progress: Callable[[str], None] = print,
    save_checks: Path | None = None,
    from_checks: Path | None = None,
) -> dict:
    """Fit the claim-level aggregator on the tune claims (which the cross-encoder never trained
    on, and which the report split excludes); report its 5-fold cross-validated scores with the
    decision rules applied, as the assistant would give them. ``save_checks``: also write the
    checked claims there; ``from_checks``: read them from there instead of checking (see
    ``load_checks``)."""
    if from_checks is not None:
        features, labels, names, checked = load_checks(from_checks)
        progress(f"{len(labels)} checked claims read from {from_checks}")
    else:
        features, labels, names, checked = claim_level_features(settings, paths, progress, out)
        if save_checks is not None:
            write_checks(save_checks, labels, names, checked)
            progress(f"{len(labels)} checked claims written to {save_checks}")
    report = fit_from_features(features, labels, names, checked, out)
    progress(json.dumps(report))
    return report


CHECKS_VERSION = 1


def write_checks(
    path: Path,
    labels: Sequence[str],
    names: Sequence[str],
    checked: Sequence[tuple[str, list[Any], Any]],
) -> None:
    """The checked claims as JSON lines: each claim's gold label, set, checked text, scored
    evidence and the verifier's joined reading, for ``load_checks``."""
    from dataclasses import asdict

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(json.dumps({"checks_version": CHECKS_VERSION}) + "\n")
        for label, name, (claim, top, joined) in zip(labels, names, checked, strict=True):
            row = {
                "label": label,
                "set": name,
                "claim": claim,
                "evidence": [asdict(e) for e in top],
                "joined": None if joined is None else [float(v) for v in joined],
            }
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    temporary.replace(path)


def load_checks(
    path: Path,
) -> tuple[np.ndarray, list[str], list[str], list[tuple[str, list[Any], Any]]]:
    """Checked claims written by ``write_checks``, as ``claim_level_features`` returns them. The
    verifier's probabilities are kept; each sentence's stance and reasons and the claim's
    features are worked out again with the current plain checks and rules, so a change to those
    is measured without checking again (a change to retrieval, evidence or the cross-encoder
    needs a fresh ``--save-checks``)."""
    from assistant.results import Evidence
    from assistant.verify.aggregate import claim_features
    from assistant.verify.verifier import annotate
    from index.errors import ConfigError

    lines = path.read_text(encoding="utf-8").splitlines()
    try:
        header = json.loads(lines[0]) if lines else {}
    except json.JSONDecodeError:
        header = {}
    if not isinstance(header, dict) or header.get("checks_version") != CHECKS_VERSION:
        raise ConfigError(
            f"{path} is not a file of checked claims written by `factcheck verifier fit "
            "--save-checks` (or an older one): write it again"
        )
    rows, labels, names, checked = [], [], [], []
    for number, line in enumerate(lines[1:], 2):
        try:
            row = json.loads(line)
            claim, joined = row["claim"], row["joined"]
            top = [Evidence(**e) for e in row["evidence"]]
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ConfigError(f"{path}, line {number}: not a checked claim ({exc})") from exc
        probs = np.array([[e.probabilities.get(k, 0.0) for k in LABELS] for e in top])
        annotate(claim, top, probs.reshape(len(top), len(LABELS)))
        joined = None if joined is None else np.asarray(joined, dtype=np.float32)
        rows.append(claim_features(claim, top, joined))
        labels.append(row["label"])
        names.append(row["set"])
        checked.append((claim, top, joined))
    if not rows:
        raise ConfigError(f"{path} holds no checked claims: write it again with --save-checks")
    return np.vstack(rows), labels, names, checked


def fit_from_features(
    features: np.ndarray,
    labels: Sequence[str],
    names: Sequence[str],
    checked: Sequence[tuple[str, list[Any], Any]],
    out: Path,
) -> dict:
    """Cross-validate, calibrate and fit the aggregator on computed claim features; writes
    ``out/aggregator.json`` and returns the cross-validated report."""
    from sklearn.model_selection import StratifiedKFold

    from assistant.verify.aggregate import Aggregator, calibrate, fit_confidence_map
    from assistant.verify.decide import decide

    label_array, name_array = np.array(labels), np.array(names)
    logits = np.zeros((len(labels), len(LABELS)))
    folds = StratifiedKFold(n_splits=5, shuffle=True, random_state=13)
    strata = [f"{n}:{y}" for n, y in zip(names, labels, strict=True)]
    for train_idx, test_idx in folds.split(features, strata):
        model = Aggregator.fit(features[train_idx], label_array[train_idx].tolist())
        for i in test_idx:
            logits[i] = model.logits(features[i])
    temperature = fit_temperature(logits, labels)
    predicted = np.empty(len(labels), dtype=object)
    confidence = np.zeros(len(labels))
    overruled = np.zeros(len(labels), dtype=bool)  # a rule gave another label than the lead
    for i, (claim, top, joined) in enumerate(checked):
        z = logits[i] / temperature
        probs = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
        verdict = decide(claim, top, probs, joined=joined)
        predicted[i], confidence[i] = verdict.label, verdict.confidence
        overruled[i] = verdict.label != LABELS[int(np.argmax(probs))]
    right = predicted == label_array
    confidence_map = fit_confidence_map(confidence, right, overruled)
    # the map's own out-of-fold effect, for the report: fitted on four folds, applied to the fifth
    calibrated = np.zeros(len(labels))
    for train_idx, test_idx in folds.split(features, strata):
        fold_map = fit_confidence_map(confidence[train_idx], right[train_idx], overruled[train_idx])
        calibrated[test_idx] = [
            calibrate(c, fold_map, o)
            for c, o in zip(confidence[test_idx], overruled[test_idx], strict=True)
        ]
    report: dict[str, Any] = {
        "claims": len(labels),
        "temperature": temperature,
        "confidence_map": [round(v, 4) for v in confidence_map],
    }
    for name in sorted(set(names)):
        idx = name_array == name
        gold = label_array[idx].tolist()
        present = [label for label in LABELS if label in set(gold)]
        correct = predicted[idx] == label_array[idx]
        report[name] = {
            "claims": int(idx.sum()),
            "cv_macro_f1": round(macro_f1(gold, predicted[idx].tolist(), present), 4),
            "cv_accuracy": round(float(np.mean(correct)), 4),
            "cv_ece_before_map": expected_calibration_error(confidence[idx], correct),
            "cv_ece": expected_calibration_error(calibrated[idx], correct),
        }
    final = Aggregator.fit(features, labels)
    final.temperature = temperature
    final.confidence_map = confidence_map
    final.info = {
        "fitted_on": "tune claims (the fixed 20% tune split) of " + ", ".join(sorted(set(names))),
        "cross_validated": report,
    }
    final.save(out / "aggregator.json")
    return report
