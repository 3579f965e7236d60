"""The bundled cross-encoder: an int8 ONNX pair classifier (claim, evidence sentence) ->
P(SUPPORTED, REFUTED, NOT ENOUGH INFO)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.results import NEI, REFUTED, SUPPORTED
from index.errors import ConfigError

LABELS = (SUPPORTED, REFUTED, NEI)


def _softmax(logits: np.ndarray) -> np.ndarray:
    shifted = logits - logits.max(axis=-1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=-1, keepdims=True)


class OnnxCrossEncoder:
    """The int8 ONNX pair classifier; labels in ``LABELS`` order."""

    def __init__(self, model_file: Path, tokenizer_path: str, max_length: int = 160) -> None:
        self.model_file = Path(model_file)
        self.tokenizer_path = tokenizer_path
        self.max_length = max_length
        self._session: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> tuple[Any, Any]:
        with self._lock:
            if self._session is None:
                if not self.model_file.is_file():
                    raise ConfigError(
                        f"the verifier model {self.model_file} is missing: reinstall the project "
                        "or train one with `factcheck verifier train`"
                    )
                import onnxruntime as ort
                from transformers import AutoTokenizer

                options = ort.SessionOptions()
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                self._tokenizer = AutoTokenizer.from_pretrained(self.tokenizer_path)
                self._session = ort.InferenceSession(
                    str(self.model_file), options, providers=["CPUExecutionProvider"]
                )
        return self._session, self._tokenizer

    def predict(self, claims: Sequence[str], evidence: Sequence[str], batch: int = 4) -> np.ndarray:
        """Small batches of pairs of similar length: on 2 cores, padding costs more than the
        batching saves (8 pairs: 1.4x faster in batches of 4 than in one)."""
        session, tokenizer = self._load()
        out = np.zeros((len(claims), len(LABELS)), dtype=np.float32)
        order = sorted(range(len(claims)), key=lambda i: len(claims[i]) + len(evidence[i]))
        for start in range(0, len(order), batch):
            rows = order[start : start + batch]
            enc = tokenizer(
                [claims[i] for i in rows],
                [evidence[i] for i in rows],
                truncation="longest_first",
                max_length=self.max_length,
                padding=True,
                return_tensors="np",
            )
            feeds = {
                name: enc[name].astype(np.int64)
                for name in ("input_ids", "attention_mask", "token_type_ids")
            }
            (logits,) = session.run(None, feeds)
            out[rows] = _softmax(logits)
        return out
