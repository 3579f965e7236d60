"""Verifiers: from a claim and its evidence sentences to a verdict with reasons.

The default, ``CrossEncoderVerifier``, runs offline on a CPU with what the project ships: a
cross-encoder (all-mpnet-base-v2) fine-tuned on claim–evidence pairs (``factcheck verifier
train``; see ``models/MODEL_CARD.md``), run as int8 ONNX. Its per-sentence probabilities and the plain checks
(numbers in digits and words, durations, negation, names; ``checks.py``) become claim-level
features (``aggregate.py``), a small logistic model fitted on the tune split turns them into
probabilities, and the rules of ``decide.py`` make the verdict (support needs a supporting
sentence; the sentence most about the claim contradicting it is REFUTED; articles that disagree
are CONFLICTING). Optional verifiers: any Hugging Face NLI cross-encoder by name, and an LLM
judge (``assistant.llm``).
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

import numpy as np

from assistant.results import NEI, REFUTED, SUPPORTED, Evidence, Verdict
from assistant.verify.aggregate import TOP, Aggregator, claim_features
from assistant.verify.checks import compare, numbers_as_claimed
from assistant.verify.decide import (
    JOINED_SENTENCES,
    STRONG,
    decide,
    names_left_out,
    sentence_reasons,
    sentence_stance,
)
from assistant.verify.encoder import LABELS, OnnxCrossEncoder
from index.errors import ConfigError

log = logging.getLogger(__name__)

MODELS_DIR = Path(__file__).parent / "models"
# the verifier shipped before (MiniLM-L6, 23 MB), for FACTCHECK_VERIFIER=fast
FAST_MODELS_DIR = MODELS_DIR / "fast"
JOINED = JOINED_SENTENCES  # the best sentences read together, for claims needing more than one


class Verifier(Protocol):
    name: str

    def score(self, claim: str, sentences: Sequence[str]) -> np.ndarray:
        """P(SUPPORTED, REFUTED, NOT ENOUGH INFO) of each sentence alone, shape (n, 3)."""
        ...

    def verify(self, claim: str, evidence: Sequence[Evidence]) -> Verdict:
        """The claim-level verdict; fills each evidence's probabilities, stance and reasons."""
        ...


class CrossEncoderVerifier:
    """The default verifier (see the module docstring)."""

    name = "cross-encoder-int8"

    def __init__(
        self,
        model_dir: Path = MODELS_DIR,
        tokenizer_path: str | None = None,
        strong: float = STRONG,
        aggregator: bool = True,
    ) -> None:
        """``aggregator=False``: without ``aggregator.json`` (to fit a new one)."""
        from index.embedder import resolve_model_path

        self.model_dir = Path(model_dir)
        card_file = self.model_dir / "verifier.json"
        card = json.loads(card_file.read_text()) if card_file.exists() else {}
        self.card = card
        if tokenizer_path is None:  # the model's own tokenizer.json, else its base model's
            own = (self.model_dir / "tokenizer.json").is_file()
            base = card.get("base_model", "all-MiniLM-L6-v2")
            tokenizer_path = str(self.model_dir) if own else resolve_model_path(base)
        self.encoder = OnnxCrossEncoder(
            self.model_dir / card.get("file", "verifier-int8.onnx"),
            tokenizer_path,
            int(card.get("max_length", 160)),
        )
        aggregator_file = self.model_dir / "aggregator.json"
        self.aggregator = (
            Aggregator.load(aggregator_file) if aggregator and aggregator_file.exists() else None
        )
        self.strong = strong

    def warm_up(self) -> None:
        self.encoder.predict(["warm"], ["up"])

    def score(self, claim: str, sentences: Sequence[str]) -> np.ndarray:
        if not sentences:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        read = [numbers_as_claimed(claim, s) for s in sentences]
        return self.encoder.predict([claim] * len(sentences), read)

    def annotate(self, claim: str, evidence: Sequence[Evidence], probs: np.ndarray) -> None:
        annotate(claim, evidence, probs)

    def joined_probabilities(self, claim: str, evidence: Sequence[Evidence]) -> np.ndarray | None:
        if len(evidence) < 2:
            return None
        text = " ".join(e.sentence for e in evidence[:JOINED])
        return self.encoder.predict([claim], [numbers_as_claimed(claim, text)])[0]

    def verify(self, claim: str, evidence: Sequence[Evidence]) -> Verdict:
        top = list(evidence[:TOP])
        if top and not top[0].probabilities:
            self.annotate(claim, top, self.score(claim, [e.sentence for e in top]))
        return self.verdict_of(claim, top, self.joined_probabilities(claim, top))

    def verdict_of(self, claim: str, top: Sequence[Evidence], joined: np.ndarray | None) -> Verdict:
        """The verdict on scored evidence (the best ``TOP`` sentences, annotated) and the model's
        joined reading of them: the aggregator, the rules and the confidence map."""
        features = claim_features(claim, top, joined)
        if self.aggregator is not None:
            probs = self.aggregator.probabilities(features)
        else:  # no fitted aggregator: the best clean support, the strongest contradiction
            probs = np.array([features[1], features[2], features[3]], dtype=float)
            probs = probs / probs.sum() if probs.sum() > 0 else np.array([0, 0, 1.0])
        verdict = decide(claim, top, probs, self.strong, joined)
        if self.aggregator is not None:
            overruled = verdict.label != LABELS[int(np.argmax(probs))]
            verdict = replace(
                verdict, confidence=self.aggregator.calibrated(verdict.confidence, overruled)
            )
        return verdict


def annotate(claim: str, evidence: Sequence[Evidence], probs: np.ndarray) -> None:
    """Each sentence's probabilities (per label), stance and reasons, from the model's reading
    ``probs`` (one row a sentence) and the plain checks. A name of the claim that the sentence
    leaves out may be given by its article's other sentences among ``evidence`` (``names_left_out``:
    in a check, the sentences the verifier read; from saved checks, the ``TOP`` kept)."""
    for e, p in zip(evidence, probs, strict=True):
        e.probabilities = {label: round(float(v), 4) for label, v in zip(LABELS, p, strict=True)}
        comparison = compare(claim, e.sentence, e.speaker)
        context = " ".join(
            o.sentence for o in evidence if o is not e and o.article_id == e.article_id
        )
        left_out = names_left_out(claim, p, comparison, e.title, context)
        if left_out != comparison.missing_names:
            comparison = replace(comparison, missing_names=left_out)
        e.stance = sentence_stance(p, comparison)
        e.reasons = sentence_reasons(e.stance, e.probabilities, comparison)


def _label_of(name: str) -> str:
    name = name.lower()
    if "contra" in name or "refut" in name:
        return REFUTED
    if name.startswith("not") or "neutral" in name or "unsupport" in name or "nei" in name:
        return NEI
    if "entail" in name or "support" in name:
        return SUPPORTED
    return ""


class HFCrossEncoderVerifier(CrossEncoderVerifier):
    """Any Hugging Face NLI / fact-check pair classifier, by name or path (for users with the
    model on disk or internet). Its labels are mapped by name: entailment/supported ->
    SUPPORTED, contradiction/refuted -> REFUTED, neutral/not_entailment/unsupported -> NOT
    ENOUGH INFO. The claim-level decision is the best sentence's (no fitted aggregator)."""

    def __init__(self, model: str, max_length: int = 256, strong: float = STRONG) -> None:
        from transformers import AutoConfig

        self.name = f"hf:{model}"
        self.model_name = model
        self.max_length = max_length
        self.strong = strong
        self.aggregator = None
        self.card = {}
        self._model: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()
        try:
            config = AutoConfig.from_pretrained(model)
        except Exception as exc:
            raise ConfigError(
                f"cannot load the verifier model '{model}': {exc}. Give a local folder, or a "
                "Hugging Face name with the model already in the cache"
            ) from exc
        mapping = {int(i): _label_of(str(n)) for i, n in config.id2label.items()}
        if len(mapping) == 2 and "" in mapping.values():  # e.g. LABEL_0 / LABEL_1: 1 = supported
            mapping = {0: NEI, 1: SUPPORTED}
        if not any(v == SUPPORTED for v in mapping.values()):
            raise ConfigError(
                f"the verifier model '{model}' has labels {config.id2label}, none of which reads "
                "as entailment/supported: choose an NLI or fact-check classifier"
            )
        self.mapping = mapping

    def warm_up(self) -> None:
        self.score("warm", ["up"])

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._model is None:
                from transformers import AutoModelForSequenceClassification, AutoTokenizer

                self._tokenizer = AutoTokenizer.from_pretrained(self.model_name)
                self._model = AutoModelForSequenceClassification.from_pretrained(
                    self.model_name
                ).eval()
        return self._model, self._tokenizer

    def score(self, claim: str, sentences: Sequence[str]) -> np.ndarray:
        import torch

        if not sentences:
            return np.zeros((0, len(LABELS)), dtype=np.float32)
        model, tokenizer = self._load()
        # NLI order: premise (evidence) first, hypothesis (claim) second
        enc = tokenizer(
            [numbers_as_claimed(claim, s) for s in sentences], [claim] * len(sentences),
            truncation=True,
            max_length=self.max_length, padding=True, return_tensors="pt",
        )  # fmt: skip
        with torch.no_grad():
            probs = torch.softmax(model(**enc).logits, dim=-1).numpy()
        out = np.zeros((len(sentences), len(LABELS)), dtype=np.float32)
        for column, label in self.mapping.items():
            if label and column < probs.shape[1]:
                out[:, LABELS.index(label)] += probs[:, column]
        return out

    def joined_probabilities(self, claim: str, evidence: Sequence[Evidence]) -> np.ndarray | None:
        if len(evidence) < 2:
            return None
        return self.score(claim, [" ".join(e.sentence for e in evidence[:JOINED])])[0]


def make_verifier(settings: Any) -> Any:
    """The verifier the settings name: the bundled default, a Hugging Face model, or an LLM judge."""
    kind = getattr(settings, "verifier", "default")
    if kind == "default":
        return CrossEncoderVerifier()
    if kind == "fast":
        return CrossEncoderVerifier(FAST_MODELS_DIR)
    if kind == "hf":
        if not settings.verifier_model:
            raise ConfigError(
                "FACTCHECK_VERIFIER=hf needs FACTCHECK_VERIFIER_MODEL (a name or folder)"
            )
        return HFCrossEncoderVerifier(settings.verifier_model)
    if kind == "llm":
        from assistant.llm import LLMJudgeVerifier, make_chat_model

        chat = make_chat_model(settings)
        if chat is None:
            raise ConfigError(
                "FACTCHECK_VERIFIER=llm needs FACTCHECK_LLM_PROVIDER and FACTCHECK_LLM_MODEL"
            )
        return LLMJudgeVerifier(chat, CrossEncoderVerifier())
    raise ConfigError(f"unknown FACTCHECK_VERIFIER '{kind}': use default, fast, hf or llm")
