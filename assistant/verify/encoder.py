"""The bundled cross-encoder: an int8 ONNX pair classifier (claim, evidence sentence) ->
P(SUPPORTED, REFUTED, NOT ENOUGH INFO)."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
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


def load_onnx(path: str | Path) -> Any:
    """``onnx.load`` with the weights the graph keeps in files beside it (a model over 100 MB is
    stored so), which may be symbolic links: onnx refuses to read an external file that is a
    link ("should be stored in …, but it is a symbolic link"), and a model folder linked into
    place is a common way to keep one copy of a model."""
    import onnx
    from onnx.external_data_helper import ExternalDataInfo, _get_all_tensors, uses_external_data

    model = onnx.load(str(path), load_external_data=False)
    base = Path(path).parent
    for tensor in _get_all_tensors(model):
        if not uses_external_data(tensor):
            continue
        info = ExternalDataInfo(tensor)
        location = Path(info.location)
        if location.is_absolute() or ".." in location.parts:
            raise ConfigError(f"{path}: weights at '{info.location}', outside the model's folder")
        with open(base / location, "rb") as handle:  # a link is followed
            handle.seek(info.offset or 0)
            tensor.raw_data = handle.read(info.length) if info.length else handle.read()
        tensor.data_location = onnx.TensorProto.DEFAULT
        del tensor.external_data[:]
    return model


# pairs run one at a time, each on one thread, this many side by side (onnxruntime lets go of
# the GIL): for a check's 8 short pairs on 2 cores, 8 single runs over two threads took 37 ms
# (p95 49) against 50 ms (p95 76) in batches of 4 on a two-thread session
WORKERS = max(1, min(4, os.cpu_count() or 1))
_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


def _workers() -> ThreadPoolExecutor:
    global _pool
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(WORKERS, thread_name_prefix="verifier")
        return _pool


def _forget_pool() -> None:
    """A forked child has none of its parent's threads: it makes a pool of its own."""
    global _pool, _pool_lock
    _pool, _pool_lock = None, threading.Lock()


os.register_at_fork(after_in_child=_forget_pool)


class OnnxCrossEncoder:
    """The int8 ONNX pair classifier; labels in ``LABELS`` order."""

    def __init__(self, model_file: Path, tokenizer_path: str, max_length: int = 160) -> None:
        self.model_file = Path(model_file)
        self.tokenizer_path = tokenizer_path
        self.max_length = max_length
        self._session: Any = None
        self._wide: Any = None
        self._tokenizer: Any = None
        self._inputs: set[str] = set()
        self._source: str | bytes | None = None
        self._lock = threading.Lock()

    def _load(self, wide: bool = False) -> tuple[Any, Any]:
        """The session and tokenizer. ``wide``: a second session whose runs use every core, for
        a lone pair (the joined sentences of a check: 10 ms on it against 14 ms on one thread);
        ~33 MB more, made on first use."""
        with self._lock:
            if self._session is None:
                if not self.model_file.is_file():
                    raise ConfigError(
                        f"the verifier model {self.model_file} is missing: reinstall the project "
                        "or train one with `factcheck verifier train`"
                    )
                self._tokenizer = pair_tokenizer(self.tokenizer_path, self.max_length)
                # one thread a run; ``predict`` runs pairs side by side instead
                self._session = self._new_session(threads=1)
                # a model without token types (MPNet, RoBERTa) declares no such input
                self._inputs = {i.name for i in self._session.get_inputs()}
            if wide and self._wide is None:
                self._wide = self._new_session(threads=0)
        return (self._wide if wide else self._session), self._tokenizer

    def _new_session(self, threads: int) -> Any:
        import onnxruntime as ort

        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        # no busy-waiting after a run: the embedder and the verifier take turns on the same
        # cores, and each one's spinning threads slowed the other (a check's two model calls:
        # 167 ms alternating against 88 ms apart, on 2 cores)
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        if threads:
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = threads
        return ort.InferenceSession(
            self._model_source(), options, providers=["CPUExecutionProvider"]
        )

    def _model_source(self) -> str | bytes:
        """The model file, or the model with its weights rewritten for this CPU, made in memory
        (the same numbers, the file left alone): on a CPU with VNNI, int8 weights, which
        onnxruntime multiplies 2.5 times as fast as the uint8 ones the verifiers ship with
        (``index.onnx_embedder.signed_from_unsigned``); elsewhere uint8 ones, where a verifier
        trained before they were written so has int8 weights, whose products saturate on CPUs
        without VNNI (``index.onnx_embedder.unsigned_weights``). Rewriting the 110 MB model
        takes about a second, once a process."""
        import onnx

        from index import onnx_embedder as weights
        from index.cpu import vnni_cpu

        if self._source is None:
            self._source = str(self.model_file)
            try:
                graph = onnx.load(self._source, load_external_data=False)
            except Exception:  # not a model: onnxruntime says so, as it did before
                return self._source
            if vnni_cpu():
                if not weights.unsigned_weight_names(graph):
                    return self._source
                model = load_onnx(self._source)
                changed = weights.signed_from_unsigned(model)
            elif weights.signed_weights(graph):
                model = load_onnx(self._source)
                changed = weights.unsigned_weights(model)
            else:
                return self._source
            if changed:
                self._source = model.SerializeToString()
        return self._source

    def predict(self, claims: Sequence[str], evidence: Sequence[str]) -> np.ndarray:
        """P(labels) of each pair. Pairs run one by one (no padding), ``WORKERS`` at a time."""
        lone = len(claims) == 1 and WORKERS > 1
        session, tokenizer = self._load(wide=lone)
        out = np.zeros((len(claims), len(LABELS)), dtype=np.float32)

        def one(i: int) -> None:
            inputs = tokenizer([claims[i]], [evidence[i]])
            (logits,) = session.run(None, {k: v for k, v in inputs.items() if k in self._inputs})
            out[i] = _softmax(logits)[0]

        if len(claims) < 2 or WORKERS == 1:
            for i in range(len(claims)):
                one(i)
        else:  # longest first, so that no long pair is left to run alone at the end
            order = sorted(range(len(claims)), key=lambda i: -(len(claims[i]) + len(evidence[i])))
            list(_workers().map(one, order))
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
        # RoBERTa's and MPNet's "<pad>" (MPNet's vocabulary also has a "[PAD]"), BERT's "[PAD]"
        pad = next((i for i in map(fast.token_to_id, ("<pad>", "[PAD]")) if i is not None), 0)
        fast.enable_padding(pad_id=pad)

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
