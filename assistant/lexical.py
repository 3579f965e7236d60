"""The lexical (BM25) side of hybrid retrieval, kept in step with the store.

The index is built from the store's visible passages (so it works the same against an embedded
store and a Chroma server) and keyed by the store's revision token, which every write, removal
and rebuild changes: a reader notices a change with one small read and rebuilds before its next
search. Built indexes are cached on disk under ``data_dir/lexical`` so a restart does not rebuild.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import hashlib
import json
import logging
import os
import re
import shutil
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from index.store import SENTENCE_VECTORS_KEY, Store, StoredPassage

log = logging.getLogger(__name__)


def _bm25s():  # -> the bm25s module
    import bm25s

    # bm25s sets its own logger to DEBUG on import: no "Building index" line on every ask
    logging.getLogger("bm25s").setLevel(logging.WARNING)
    return bm25s


_TOKEN = re.compile(r"\w+", re.UNICODE)
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "been",
        "but",
        "by",
        "did",
        "do",
        "does",
        "for",
        "from",
        "had",
        "has",
        "have",
        "he",
        "her",
        "his",
        "i",
        "if",
        "in",
        "into",
        "is",
        "it",
        "its",
        "itself",
        "me",
        "my",
        "no",
        "nor",
        "of",
        "on",
        "or",
        "our",
        "she",
        "so",
        "such",
        "than",
        "that",
        "the",
        "their",
        "them",
        "then",
        "there",
        "these",
        "they",
        "this",
        "those",
        "to",
        "too",
        "was",
        "we",
        "were",
        "what",
        "when",
        "where",
        "which",
        "while",
        "who",
        "whom",
        "why",
        "will",
        "with",
        "would",
        "you",
        "your",
    ]
)

_stemmer: Any = None


def _stem(words: list[str]) -> list[str]:
    global _stemmer
    if _stemmer is None:
        import Stemmer

        _stemmer = Stemmer.Stemmer("english")
    return list(_stemmer.stemWords(words))


def tokenize(text: str) -> list[str]:
    """Lower-cased, stemmed word tokens without stop words; numbers kept whole ("32", "2026")."""
    words = [w for w in _TOKEN.findall(text.lower()) if w not in STOPWORDS]
    return _stem(words)


@dataclass
class LexicalHit:
    index: int
    score: float


class _SavedScores:
    """A saved bm25s index, read for scoring only: the score matrix's arrays and the
    vocabulary. Scores are summed as bm25s sums them (the same order, float32), without
    importing bm25s and scipy, which cost a cold `factcheck ask` about half a second."""

    def __init__(self, folder: Path) -> None:
        params = json.loads((folder / "params.index.json").read_text(encoding="utf-8"))
        if params.get("method", "lucene") not in ("lucene", "robertson", "atire"):
            raise ValueError(f"BM25 method {params.get('method')} needs bm25s to score")
        self.num_docs = int(params["num_docs"])
        self.dtype = np.dtype(params.get("dtype", "float32"))
        self.data = np.load(folder / "data.csc.index.npy")
        self.indices = np.load(folder / "indices.csc.index.npy")
        self.indptr = np.load(folder / "indptr.csc.index.npy")
        self.vocab_dict: dict[str, int] = json.loads(
            (folder / "vocab.index.json").read_text(encoding="utf-8")
        )

    def get_scores(self, tokens: list[str]) -> np.ndarray:
        ids = np.asarray([self.vocab_dict[t] for t in tokens], dtype=np.int64)
        scores = np.zeros(self.num_docs, dtype=self.dtype)
        if not len(ids):
            return scores
        starts, ends = self.indptr[ids], self.indptr[ids + 1]
        rows = np.concatenate([self.indices[a:b] for a, b in zip(starts, ends, strict=True)])
        values = np.concatenate([self.data[a:b] for a, b in zip(starts, ends, strict=True)])
        np.add.at(scores, rows, values)
        return scores


def _compact(metadata: dict[str, Any]) -> str:
    kept = {k: v for k, v in metadata.items() if k != SENTENCE_VECTORS_KEY}
    return json.dumps(kept, ensure_ascii=False, separators=(",", ":"))


def give_back_freed_memory() -> None:
    """Hand freed heap memory back to the system. glibc's malloc keeps what Python frees for
    reuse, so a rebuild's transient read of every passage stayed resident: at 100,000 articles
    ~190 MB over the index itself. Elsewhere than glibc, nothing to do."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


class LexicalIndex:
    """BM25 over the passages of one store revision."""

    def __init__(self, passages: Sequence[StoredPassage], k1: float = 1.2, b: float = 0.75) -> None:
        bm25s = _bm25s()

        self.ids = [p.id for p in passages]
        self._set_metadata([p.metadata for p in passages])
        self.texts = [p.text for p in passages]
        self._position = {pid: i for i, pid in enumerate(self.ids)}
        self._bm25 = bm25s.BM25(k1=k1, b=b)
        if passages:
            corpus = [tokenize(f"{p.metadata.get('title', '')}\n{p.text}") for p in passages]
            self._bm25.index(corpus, show_progress=False)
            self._vocab = self._bm25.vocab_dict
        else:
            self._vocab = {}

    def __len__(self) -> int:
        return len(self.ids)

    def scores(self, query: str) -> np.ndarray:
        tokens = [t for t in tokenize(query) if t in self._vocab]
        if not tokens or not self.ids:
            return np.zeros(len(self.ids), dtype=np.float32)
        return np.asarray(self._bm25.get_scores(tokens), dtype=np.float32)

    def search(self, query: str, k: int, mask: np.ndarray | None = None) -> list[LexicalHit]:
        scores = self.scores(query)
        if mask is not None:
            scores = np.where(mask, scores, 0.0)
        positive = int((scores > 0).sum())
        k = min(k, positive)
        if k <= 0:
            return []
        top = np.argpartition(-scores, k - 1)[:k]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [LexicalHit(int(i), float(scores[i])) for i in top]

    def _set_metadata(self, metadata: Sequence[dict[str, Any]]) -> None:
        """Each passage's metadata as compact JSON, read back only for the passages a search
        returns, and apart the two fields filters use. As dicts they took ~2 KB a passage
        (~220 MB at 100,000 articles); as text, a fifth. Without the sentence vectors: the few
        passages that become evidence have theirs read back (``sentence_vectors``)."""
        self._meta = [_compact(m) for m in metadata]
        self._sources = [sys.intern(str(m.get("source") or "")) for m in metadata]
        self._published = np.fromiter(
            (int(m.get("published_int") or 0) for m in metadata),
            dtype=np.int64,
            count=len(metadata),
        )

    def metadata_of(self, index: int) -> dict[str, Any]:
        return json.loads(self._meta[index])

    def mask(self, sources: Sequence[str] | None, low: int = 0, high: int = 0) -> np.ndarray:
        """Which passages a filter keeps: one of ``sources`` (when given), published within
        [low, high] (as integers like 20260104; 0 = no bound)."""
        keep = np.ones(len(self.ids), dtype=bool)
        if sources:
            wanted = set(sources)
            keep &= np.fromiter(
                (s in wanted for s in self._sources), dtype=bool, count=len(self._sources)
            )
        if low:
            keep &= self._published >= low
        if high:
            keep &= self._published <= high
        return keep

    def passage(self, index: int) -> StoredPassage:
        return StoredPassage(self.ids[index], self.texts[index], self.metadata_of(index))

    def position(self, passage_id: str) -> int | None:
        return self._position.get(passage_id)

    # -- persistence ------------------------------------------------------------------------

    def save(self, folder: Path) -> None:
        tmp = folder.with_name(f"{folder.name}.tmp{os.getpid()}")
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
        if self.ids:
            self._bm25.save(str(tmp / "bm25"), show_progress=False)
        with (tmp / "passages.jsonl").open("w", encoding="utf-8") as handle:
            for pid, text, meta in zip(self.ids, self.texts, self._meta, strict=True):
                handle.write(json.dumps({"id": pid, "text": text, "meta": meta}) + "\n")
        shutil.rmtree(folder, ignore_errors=True)
        tmp.rename(folder)

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        self = cls.__new__(cls)
        self.ids, self.texts = [], []
        metadata = []
        with (folder / "passages.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                row = json.loads(line)
                self.ids.append(row["id"])
                self.texts.append(row["text"])
                # "meta": its JSON as written; "metadata": a copy saved before, as a mapping
                meta = row["meta"] if "meta" in row else row["metadata"]
                metadata.append(json.loads(meta) if isinstance(meta, str) else meta)
        self._set_metadata(metadata)
        del metadata
        self._position = {pid: i for i, pid in enumerate(self.ids)}
        if self.ids:
            try:
                self._bm25 = _SavedScores(folder / "bm25")
            except ValueError:  # a method only bm25s scores
                self._bm25 = _bm25s().BM25.load(str(folder / "bm25"), show_progress=False)
            self._vocab = self._bm25.vocab_dict
        else:
            self._bm25, self._vocab = None, {}
        return self


ASIDE_ABOVE = 5_000  # passages: a larger BM25 index is rebuilt aside (LexicalCache)


class LexicalCache:
    """Hands out the lexical index for the store's current revision, rebuilding when it moved.

    A small index is rebuilt before the next search. A large one (over ``aside_above``
    passages: ~100k passages take tens of seconds to index) is rebuilt aside in a thread while
    searches go on with the previous one, marked stale; the retriever then keeps only the hits
    the store still shows, and the vector side finds what is new meanwhile."""

    def __init__(
        self, store: Store, folder: Path | None, key: str, aside_above: int = ASIDE_ABOVE
    ) -> None:
        self.store = store
        self.folder = folder
        self.key = hashlib.sha1(key.encode()).hexdigest()[:10]
        self.aside_above = aside_above
        self._index: LexicalIndex | None = None
        self._revision: str | None = None
        self._building: str | None = None  # the revision being built aside
        self._thread: threading.Thread | None = None
        self._joined_at_exit = False
        self._lock = threading.Lock()

    def get(self, revision: str | None = None) -> LexicalIndex:
        """The index of ``revision`` (the current one by default), built now if need be."""
        return self.current(revision, wait=True)[0]

    def current(self, revision: str | None = None, wait: bool = False) -> tuple[LexicalIndex, bool]:
        """(index, fresh): the index of ``revision``, or, while a large one is built aside,
        the previous index and False."""
        revision = revision if revision is not None else self.store.revision()
        with self._lock:
            if self._index is not None and revision == self._revision:
                return self._index, True
            if wait or self._index is None or len(self._index) <= self.aside_above:
                self._index = self._load_or_build(revision)
                self._revision = revision
                give_back_freed_memory()
                return self._index, True
            if self._building != revision:
                self._building = revision
                self._thread = threading.Thread(
                    target=self._build_aside, args=(revision,), name="bm25-aside", daemon=True
                )
                self._thread.start()
                if not self._joined_at_exit:
                    atexit.register(self.join)
                    self._joined_at_exit = True
            return self._index, False

    def join(self, timeout: float = 120.0) -> None:
        """Wait for a build aside (at exit: a thread stopped inside Chroma's native code while
        the interpreter shuts down crashed the process)."""
        thread = self._thread
        if thread is not None and thread.is_alive():
            thread.join(timeout)

    def _build_aside(self, revision: str | None) -> None:
        try:
            index = self._load_or_build(revision)
        except Exception:  # the previous index goes on serving; the next change tries again
            log.exception("could not rebuild the lexical index aside")
            with self._lock:
                self._building = None
            return
        with self._lock:
            if self._building == revision:  # not overtaken by a newer revision meanwhile
                self._index, self._revision, self._building = index, revision, None
        del index
        give_back_freed_memory()

    def _load_or_build(self, revision: str | None) -> LexicalIndex:
        target = self.folder / f"{self.key}-{revision}" if self.folder and revision else None
        if target is not None and (target / "passages.jsonl").exists():
            try:
                return LexicalIndex.load(target)
            except Exception as exc:  # a damaged cache is rebuilt, never fatal
                log.warning(
                    "rebuilding the lexical index: the cached copy at %s is unreadable (%s)",
                    target,
                    exc,
                )
        started = time.perf_counter()
        index = LexicalIndex(self.store.passages() if revision else [])
        log.info(
            "built the lexical index of %d passages in %.1f s",
            len(index),
            time.perf_counter() - started,
        )
        if target is not None:
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                index.save(target)
                for old in target.parent.glob(f"{self.key}-*"):
                    if old != target and ".tmp" not in old.name:
                        shutil.rmtree(old, ignore_errors=True)
            except OSError as exc:
                log.warning("could not cache the lexical index in %s: %s", target.parent, exc)
        return index
