"""ONNX int8 backend for the ``Embedder`` protocol.

On first use the sentence-transformers model (BERT-like, mean pooling) is exported to ONNX with
pooling and L2 normalisation inside the graph, then quantised to int8: dynamic quantisation with
per-channel symmetric int8 weights. The file is cached in ``cache_dir``, keyed by the model's
files, and written atomically so concurrent processes never read a half-written model.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import re
import shutil
import tempfile
import threading
import time
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import numpy as np

from index.cpu import amx_bf16_cpu
from index.embedder import TokenCounting, load_tokenizer, resolve_model_path
from index.errors import ConfigError

log = logging.getLogger(__name__)

_INPUTS = ("input_ids", "attention_mask", "token_type_ids")
EXPORT_VERSION = "int8-fused-v3"  # part of the cached file's name: a new recipe re-exports
# v3: the token outputs too ("tokens"), from which a passage's forward pass gives its sentences'
# vectors


def _model_key(model_path: Path) -> str:
    parts = []
    for file in sorted(model_path.rglob("*")):
        if file.is_file() and file.suffix in {".json", ".safetensors", ".bin", ".txt"}:
            stat = file.stat()
            parts.append(f"{file.relative_to(model_path)}:{stat.st_size}:{int(stat.st_mtime)}")
    return hashlib.sha1("\n".join(parts).encode()).hexdigest()[:12]


def _pooling_mode(model_path: Path) -> str:
    for config in model_path.glob("*Pooling/config.json"):
        settings = json.loads(config.read_text())
        if settings.get("pooling_mode_cls_token"):
            return "cls"
        if settings.get("pooling_mode_mean_tokens", True):
            return "mean"
    return "mean"


class _DropPreprocessingHint(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "pre-processing before quantization" not in record.getMessage()


@contextmanager
def _quiet_export() -> Iterator[None]:
    """Silence what the export prints on a user's first run and that asks nothing of them:
    transformers' weight-loading bar, the tracer's warnings about shapes (the export is checked
    against sentence-transformers by the tests) and onnxruntime's advice, logged on the root
    logger, to pre-process image models before quantising."""
    from transformers.utils import logging as hf_logging

    bar = hf_logging.is_progress_bar_enabled()
    hint = _DropPreprocessingHint()
    hf_logging.disable_progress_bar()
    logging.getLogger().addFilter(hint)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        logging.getLogger().removeFilter(hint)
        if bar:
            hf_logging.enable_progress_bar()


_EXPORT = ".export-"  # working folders of exports: .export-<pid>-<random>


def _export_prefix(pid: int | None = None) -> str:
    return f"{_EXPORT}{os.getpid() if pid is None else pid}-"


def remove_stale_exports(folder: Path) -> int:
    """Delete the working folders of exports whose process is gone (a run killed during its
    first-use export leaves ~90 MB behind); the number removed."""
    removed = 0
    for path in [*folder.glob(f"{_EXPORT}*"), *folder.glob("tmp*")]:
        if path.name.startswith("tmp"):  # named before the pid was in the name: an hour old
            if not path.is_dir() or time.time() - path.stat().st_mtime < 3600:
                continue
        else:
            try:
                pid = int(path.name[len(_EXPORT) :].split("-", 1)[0])
            except ValueError:
                continue
            if pid == os.getpid() or _alive(pid):
                continue
        shutil.rmtree(path, ignore_errors=True)
        removed += 1
        log.info("removed %s, left by an export that did not finish", path)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


def _pool(
    tokens: np.ndarray, spans: Sequence[tuple[int, int]] | None, length: int, width: int
) -> np.ndarray | None:
    """The normalised mean of each span's rows of ``tokens``; None when there are no spans or
    the text was cut (``length`` over ``width``) or a span falls outside its word-pieces."""
    if not spans or length > width or any(not 0 < a < b < length for a, b in spans):
        return None
    means = np.vstack([tokens[a:b].mean(axis=0) for a, b in spans]).astype(np.float32)
    norms = np.linalg.norm(means, axis=1, keepdims=True)
    return means / np.maximum(norms, 1e-12)


def export_int8(model_path: Path, target: Path) -> None:
    """Export ``model_path`` to an int8 ONNX file at ``target`` (atomic)."""
    with _quiet_export():
        _export_int8(model_path, target)


def _export_int8(model_path: Path, target: Path) -> None:
    import torch
    from transformers import AutoModel

    if _pooling_mode(model_path) != "mean":
        raise ConfigError(
            f"embedding model '{model_path}' does not use mean pooling, which the onnx-int8 "
            "backend supports: set FACTCHECK_EMBEDDING_BACKEND=torch"
        )
    # eager attention exports the plain attention pattern, which onnxruntime fuses (below)
    model = AutoModel.from_pretrained(str(model_path), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self, encoder: Any) -> None:
            super().__init__()
            self.encoder = encoder

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.encoder(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(pooled, p=2, dim=1), hidden

    target.parent.mkdir(parents=True, exist_ok=True)
    remove_stale_exports(target.parent)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=_export_prefix()) as tmp:
        fp32, int8 = Path(tmp) / "model.onnx", Path(tmp) / "model-int8.onnx"
        ids = torch.ones((2, 16), dtype=torch.long)
        axes = {name: {0: "batch", 1: "tokens"} for name in _INPUTS}
        with torch.no_grad():
            torch.onnx.export(
                Pooled(model),
                (ids, torch.ones_like(ids), torch.zeros_like(ids)),
                str(fp32),
                dynamo=False,
                input_names=list(_INPUTS),
                output_names=["embedding", "tokens"],
                dynamic_axes={
                    **axes,
                    "embedding": {0: "batch"},
                    "tokens": {0: "batch", 1: "tokens"},
                },
                opset_version=17,
            )
        optimize_and_quantize(fp32, int8, model.config)
        os.replace(int8, target)
    log.info("exported %s to int8 ONNX in %.1f s", model_path, time.perf_counter() - started)


def optimize_and_quantize(fp32: Path, int8: Path, config: Any, unsigned: bool = False) -> None:
    """Fuse the transformer's attention, GELU and layer norms (onnxruntime's BERT optimizer),
    then quantise dynamically: per-channel symmetric int8 weights. Measured on this project's
    machine: 1.23x faster than quantising the unfused graph, cosine 0.996 with it. Models the
    optimizer does not know are quantised unfused. ``unsigned``: the weights are then written
    as uint8, the same numbers (``unsigned_weights``)."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    source = fp32
    if getattr(config, "model_type", "") in {
        "bert",
        "roberta",
        "xlm-roberta",
        "distilbert",
        "mpnet",
    }:
        try:
            from onnxruntime.transformers.optimizer import optimize_model

            optimized = optimize_model(
                str(fp32),
                model_type="bert",
                num_heads=int(config.num_attention_heads),
                hidden_size=int(config.hidden_size),
                opt_level=1,
            )
            source = fp32.with_name(fp32.stem + "-fused.onnx")
            optimized.save_model_to_file(str(source))
        except Exception as exc:  # an unknown graph shape: quantise it as exported
            log.warning("onnxruntime could not fuse %s (%s): quantising it unfused", fp32, exc)
            source = fp32
    quantize_dynamic(
        str(source),
        str(int8),
        weight_type=QuantType.QInt8,
        per_channel=True,
        reduce_range=False,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )
    if unsigned:
        model = onnx.load(str(int8))
        if unsigned_weights(model):
            onnx.save(model, str(int8))


# where a dynamically quantised graph's operators take their constant weights: (weights, their
# zero point) among the operator's inputs
_QUANTISED_WEIGHTS = {"MatMulInteger": (1, 3), "QAttention": (1, 7)}


def _quantised_weights(model: Any, unsigned: bool = False) -> list[tuple[Any, Any, int]]:
    """(node, weight, input index of its zero point) for each quantised matrix product whose
    constant weight is int8 (``unsigned``: uint8), by the graph's declared types (a model loaded
    without its external data will do); a weight shared by several nodes once."""
    from onnx import TensorProto

    kind = TensorProto.UINT8 if unsigned else TensorProto.INT8
    initializers = {t.name: t for t in model.graph.initializer}
    found, seen = [], set()
    for node in model.graph.node:
        at = _QUANTISED_WEIGHTS.get(node.op_type)
        if at is None or len(node.input) <= at[0]:
            continue
        weight = initializers.get(node.input[at[0]])
        if weight is not None and weight.data_type == kind and weight.name not in seen:
            seen.add(weight.name)
            found.append((node, weight, at[1]))
    return found


def signed_weights(model: Any) -> list[str]:
    """The names of the int8 constant weights of ``model``'s quantised matrix products."""
    return [weight.name for _, weight, _ in _quantised_weights(model)]


def unsigned_weight_names(model: Any) -> list[str]:
    """The names of the uint8 constant weights of ``model``'s quantised matrix products."""
    return [weight.name for _, weight, _ in _quantised_weights(model, unsigned=True)]


def unsigned_weights(model: Any) -> int:
    """Rewrite the int8 weights of ``model``'s quantised matrix products as uint8 (each value
    +128, and its zero point +128): the same numbers exactly, multiplied by onnxruntime without
    the saturation of its uint8 x int8 kernel on x86 CPUs without VNNI (AVX2 only). There that
    kernel adds two products into 16 bits, which overflows for weights near the int8 range: an
    all-mpnet-base-v2 verifier, measured on a 2-core AMD EPYC with AVX2, read every pair alike
    (P(support) 0.65-0.68 for the claim itself, its negation and an unrelated sentence), and the
    MiniLM-L6 verifier's probabilities moved by up to 0.29. Returns how many weights changed.
    (No slower there: 8 pairs of the mpnet verifier took 0.24-0.25 s either way. The embedder
    keeps int8: converted, its vectors' cosine with the float model's moved by ~0.001.)"""
    import numpy as np
    from onnx import numpy_helper

    initializers = {t.name: t for t in model.graph.initializer}
    changed = 0
    for node, weight, at in _quantised_weights(model):
        zero_name = node.input[at] if len(node.input) > at else ""
        zero = initializers.get(zero_name) if zero_name else None
        if zero_name and zero is None:
            continue  # a zero point computed in the graph: left as it is
        weight.CopyFrom(
            numpy_helper.from_array(_shifted(numpy_helper.to_array(weight)), weight.name)
        )
        if zero is None:  # no zero point is zero: uint8's is 128
            zero = numpy_helper.from_array(np.full((), 128, np.uint8), weight.name + "_zero_u8")
            model.graph.initializer.append(zero)
            while len(node.input) <= at:
                node.input.append("")
            node.input[at] = zero.name
        elif numpy_helper.to_array(zero).dtype == np.int8:
            zero.CopyFrom(numpy_helper.from_array(_shifted(numpy_helper.to_array(zero)), zero.name))
        changed += 1
    return changed


def _shifted(values: np.ndarray) -> np.ndarray:
    return (values.astype(np.int16) + 128).astype(np.uint8)


def signed_from_unsigned(model: Any) -> int:
    """The inverse of ``unsigned_weights``: the uint8 weights whose zero point is 128 written
    back as int8 (each value -128, zero point 0), the same numbers. On a CPU with VNNI
    onnxruntime's uint8 x int8 kernel is exact and uses it: the all-mpnet-base-v2 verifier
    took 17.5 ms a pair with int8 weights against 47 ms with uint8 ones on a 2-core Xeon with
    AMX, with the same logits (a check of SciFact's report claims p95 628 ms with uint8).
    Returns how many weights changed."""
    import numpy as np
    from onnx import TensorProto, numpy_helper

    initializers = {t.name: t for t in model.graph.initializer}
    zeros: dict[str, Any] = {}  # a zero point that several weights share is rewritten once
    changed = 0
    for node, weight, at in _quantised_weights(model, unsigned=True):
        zero = initializers.get(node.input[at]) if len(node.input) > at else None
        if zero is None or zero.data_type != TensorProto.UINT8:
            continue  # not a shifted int8 weight: left as it is
        if not np.all(numpy_helper.to_array(zero) == 128):
            continue
        values = numpy_helper.to_array(weight).astype(np.int16) - 128
        weight.CopyFrom(numpy_helper.from_array(values.astype(np.int8), weight.name))
        zeros[zero.name] = zero
        changed += 1
    for zero in zeros.values():
        shape = numpy_helper.to_array(zero).shape
        zero.CopyFrom(numpy_helper.from_array(np.zeros(shape, np.int8), zero.name))
    return changed


class OnnxForward:
    """``forward(ids, mask, types, tokens) -> (sentence vectors, token outputs or None)`` on an
    ONNX session of the exported graph, ``batch`` texts a run."""

    def __init__(self, session: Any, batch: int) -> None:
        self.session, self.batch = session, batch

    def __call__(
        self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray, tokens: bool
    ) -> tuple[np.ndarray, np.ndarray | None]:
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": types}
        if not tokens:
            return self.session.run(["embedding"], feeds)[0], None
        vectors, hidden = self.session.run(["embedding", "tokens"], feeds)
        return vectors, hidden

    def close(self) -> None:
        self.session = None


BULK_MODES = ("auto", "bf16", "off")
BULK_MIN_TEXTS = 16  # fewer texts in one call (a query, a short article) stay on ONNX


class OnnxInt8Embedder(TokenCounting):
    """The model as int8 ONNX. Within ``bulk()`` (a large indexing run), calls of many texts
    run on a faster path: the same model in torch bf16 on a CPU with AMX (``bulk='auto'``) or
    always (``'bf16'``), else an int8 session whose threads spin between runs; ``'off'``: none."""

    backend = "onnx-int8"

    def __init__(
        self, name: str, cache_dir: Path, batch_size: int = 32, bulk: str = "auto"
    ) -> None:
        if bulk not in BULK_MODES:
            raise ConfigError(f"embedding bulk mode '{bulk}' is unknown: use auto, bf16 or off")
        self.name = name
        self.cache_dir = Path(cache_dir)
        self.batch_size = batch_size
        self.bulk_mode = bulk
        self._bulk: Any = None
        self._path = Path(resolve_model_path(name))
        self._session: Any = None
        self._tokenizer: Any = None
        self._config_cache: dict[str, Any] | None = None
        self._max_tokens: int | None = None
        self._lock = threading.Lock()

    def _check_local(self) -> None:
        if not self._path.is_dir():
            raise ConfigError(
                f"embedding model '{self.name}' is not a local folder; the onnx-int8 backend "
                "exports local models only: download it to a folder first, or set "
                "FACTCHECK_EMBEDDING_BACKEND=torch"
            )

    @property
    def model_file(self) -> Path:
        slug = re.sub(r"[^A-Za-z0-9]+", "-", self.name).strip("-").lower()
        return self.cache_dir / f"{slug}-{_model_key(self._path)}-{EXPORT_VERSION}.onnx"

    def remove_older_exports(self) -> list[Path]:
        """Delete this model's exports by an earlier recipe or of earlier model files (~23 MB
        each; the current one is ``model_file``); the paths removed."""
        current = self.model_file
        slug = current.name[: -len(f"-{_model_key(self._path)}-{EXPORT_VERSION}.onnx")]
        removed = []
        for path in self.cache_dir.glob(f"{slug}-*-int8-*.onnx"):
            rest = path.name[len(slug) + 1 :]
            if path != current and re.fullmatch(r"[0-9a-f]{12}-int8-[a-z0-9-]+\.onnx", rest):
                path.unlink(missing_ok=True)
                removed.append(path)
        return removed

    def load(self) -> None:
        """Load the model now (the indexer times this apart from the work)."""
        self._load()

    def _load(self) -> Any:
        with self._lock:
            if self._session is None:
                # no busy-waiting after a run: the embedder and the verifier take turns on the
                # same cores, and each one's spinning threads slowed the other (a check's two
                # model calls: 167 ms alternating against 88 ms apart, on 2 cores)
                self._session = self._new_session(spinning=False)
        return self._session

    def _new_session(self, spinning: bool) -> Any:
        self._check_local()
        import onnxruntime as ort

        target = self.model_file
        if not target.exists():
            export_int8(self._path, target)
            self.remove_older_exports()
        options = ort.SessionOptions()
        options.intra_op_num_threads = os.cpu_count() or 1
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        options.add_session_config_entry(
            "session.intra_op.allow_spinning", "1" if spinning else "0"
        )
        options.log_severity_level = 3
        return ort.InferenceSession(str(target), options, providers=["CPUExecutionProvider"])

    @property
    def bulk_path(self) -> str:
        """What ``bulk()`` runs large calls on here: 'torch-bf16' (on a CPU with AMX, or when
        asked for), 'int8-spinning' (the int8 model with threads that wait busily between runs:
        ~10% more passages/s when nothing else shares the cores) or '' (``bulk='off'``)."""
        if self.bulk_mode == "off":
            return ""
        torch = importlib.util.find_spec("torch") is not None and self._path.is_dir()
        if torch and (self.bulk_mode == "bf16" or amx_bf16_cpu()):
            return "torch-bf16"
        return "int8-spinning"

    @contextmanager
    def bulk(self) -> Iterator[str]:
        """Within it, calls of ``BULK_MIN_TEXTS`` texts or more run on ``bulk_path``; yields it
        ('' where there is none). Its model or session is let go on exit."""
        path = self.bulk_path
        if not path or self._bulk is not None:
            yield path if self._bulk is not None else ""
            return
        if path == "torch-bf16":
            from index.bulk_embedder import Bf16Forward

            self._bulk = Bf16Forward(str(self._path))
        else:
            with self._lock:
                self._bulk = OnnxForward(self._new_session(spinning=True), self.batch_size)
        try:
            yield path
        finally:
            forward, self._bulk = self._bulk, None
            forward.close()

    def _forward(self, count: int) -> Any:
        """The forward pass for a call of ``count`` texts (its ``batch``: texts per run)."""
        bulk = self._bulk
        if bulk is not None and count >= BULK_MIN_TEXTS:
            return bulk
        return OnnxForward(self._load(), self.batch_size)

    def _config(self) -> dict[str, Any]:
        self._check_local()
        if self._config_cache is None:
            self._config_cache = json.loads((self._path / "config.json").read_text())
        return self._config_cache

    @property
    def dimension(self) -> int:
        return int(self._config()["hidden_size"])

    @property
    def max_tokens(self) -> int:
        """The model's sequence limit as sentence-transformers reads it: ``max_seq_length`` in
        sentence_bert_config.json (up to v5), else the tokenizer's ``model_max_length`` (v6
        saves it there), capped by the position embeddings. Read once: every embedding call
        asks."""
        if self._max_tokens is None:
            self._max_tokens = self._read_max_tokens()
        return self._max_tokens

    def _read_max_tokens(self) -> int:
        positions = int(self._config().get("max_position_embeddings", 512))
        for name, key in (
            ("sentence_bert_config.json", "max_seq_length"),
            ("tokenizer_config.json", "model_max_length"),
        ):
            file = self._path / name
            if file.exists():
                value = json.loads(file.read_text()).get(key)
                if isinstance(value, int) and 0 < value < 10**6:
                    return min(value, positions)
        return min(512, positions)

    def _tok(self) -> Any:
        if self._tokenizer is None:
            self._check_local()
            self._tokenizer = load_tokenizer(str(self._path))
        return self._tokenizer

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        self._load()
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        encodings = self._tok().encode_batch(list(texts), add_special_tokens=True)
        return self._run([e.ids for e in encodings], [e.type_ids for e in encodings])

    def embed_token_ids(self, ids: Sequence[Sequence[int]]) -> np.ndarray:
        """Vectors of texts given as word-piece ids without special tokens (``token_ids``, or
        its pieces joined when the tokenizer is whitespace-additive): the same vectors as
        ``embed_documents`` of the texts, without tokenising them again."""
        self._load()
        if not ids:
            return np.zeros((0, self.dimension), dtype=np.float32)
        rows, _ = self._with_specials(ids)
        return self._run(rows, [[0] * len(r) for r in rows])

    def _with_specials(self, ids: Sequence[Sequence[int]]) -> tuple[list[list[int]], int]:
        """The ids with the model's special tokens around them (e.g. [CLS] … [SEP]), and how
        many go in front."""
        bare = self._tok().encode("", add_special_tokens=True).ids
        head, tail = bare[:1], bare[1:]
        return [[*head, *seq, *tail] for seq in ids], len(head)

    def embed_token_ids_and_sentences(
        self, ids: Sequence[Sequence[int]], spans: Sequence[Sequence[tuple[int, int]] | None]
    ) -> tuple[np.ndarray, list[np.ndarray | None]]:
        """``embed_token_ids``, and from the same forward pass a vector for each span of each
        text: the mean of the span's token outputs, normalised (``spans``: word-piece offsets
        into that text's ids, end exclusive). A text cut to the model's length, or given no
        spans, gets None."""
        self._load()
        if not ids:
            return np.zeros((0, self.dimension), dtype=np.float32), []
        rows, front = self._with_specials(ids)
        shifted = [None if s is None else [(a + front, b + front) for a, b in s] for s in spans]
        return self._run(rows, [[0] * len(r) for r in rows], shifted)

    def _run(
        self,
        all_ids: Sequence[Sequence[int]],
        all_types: Sequence[Sequence[int]],
        spans: Sequence[Sequence[tuple[int, int]] | None] | None = None,
    ) -> Any:
        out = np.zeros((len(all_ids), self.dimension), dtype=np.float32)
        pooled: list[np.ndarray | None] = [None] * len(all_ids)
        limit = self.max_tokens
        forward = self._forward(len(all_ids))
        order = sorted(range(len(all_ids)), key=lambda i: len(all_ids[i]))  # less padding
        for at in range(0, len(order), forward.batch):
            rows = order[at : at + forward.batch]
            width = min(limit, max(len(all_ids[i]) for i in rows))
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros_like(ids)
            types = np.zeros_like(ids)
            for r, i in enumerate(rows):
                full = all_ids[i]
                seq = full if len(full) <= width else [*full[: width - 1], full[-1]]
                ids[r, : len(seq)] = seq
                mask[r, : len(seq)] = 1
                types[r, : len(seq)] = all_types[i][: len(seq)]
            vectors, tokens = forward(ids, mask, types, spans is not None)
            out[rows] = vectors
            if tokens is None or spans is None:
                continue
            for r, i in enumerate(rows):
                pooled[i] = _pool(tokens[r], spans[i], len(all_ids[i]), width)
        return out if spans is None else (out, pooled)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]
