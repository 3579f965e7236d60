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

                options = ort.SessionOptions()
                options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
                # no busy-waiting after a run: the embedder and the verifier take turns on the
                # same cores, and each one's spinning threads slowed the other (a check's two
                # model calls: 167 ms alternating against 88 ms apart, on 2 cores)
                options.add_session_config_entry("session.intra_op.allow_spinning", "0")
                self._tokenizer = pair_tokenizer(self.tokenizer_path, self.max_length)
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
            feeds = tokenizer([claims[i] for i in rows], [evidence[i] for i in rows])
            (logits,) = session.run(None, feeds)
            out[rows] = _softmax(logits)
        return out


def pair_tokenizer(path: str, max_length: int) -> Any:
    """(claims, evidence) -> the model's int64 inputs: [CLS] claim [SEP] evidence [SEP], cut
    longest first to ``max_length``, padded to the longest pair. From the model's tokenizer.json
    with ``tokenizers`` alone when it has one (no transformers, hence no torch, to import: the
    seconds a cold `factcheck ask` spent there); else through transformers."""
    file = Path(path) / "tokenizer.json"
    if file.is_file():
        from tokenizers import Tokenizer

        fast = Tokenizer.from_file(str(file))
        fast.enable_truncation(max_length, strategy="longest_first")
        pad = fast.token_to_id("[PAD]")
        fast.enable_padding(pad_id=pad if pad is not None else 0)

        def encode(claims: Sequence[str], evidence: Sequence[str]) -> dict[str, np.ndarray]:
            rows = fast.encode_batch(list(zip(claims, evidence, strict=True)))
            return {
                "input_ids": np.array([r.ids for r in rows], dtype=np.int64),
                "attention_mask": np.array([r.attention_mask for r in rows], dtype=np.int64),
                "token_type_ids": np.array([r.type_ids for r in rows], dtype=np.int64),
            }

        return encode
    from transformers import AutoTokenizer

    slow = AutoTokenizer.from_pretrained(path)

    def encode_hf(claims: Sequence[str], evidence: Sequence[str]) -> dict[str, np.ndarray]:
        enc = slow(
            list(claims), list(evidence), truncation="longest_first", max_length=max_length,
            padding=True, return_tensors="np",
        )  # fmt: skip
        names = ("input_ids", "attention_mask", "token_type_ids")
        return {name: enc[name].astype(np.int64) for name in names}

    return encode_hf
