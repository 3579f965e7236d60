"""From retrieved passages to evidence sentences with exact offsets.

Each passage carries its sentences' offsets (absolute, into the article's cleaned text), so a
sentence is cut from the passage text and keeps offsets that point back into the article.
Sentences are ranked by embedding cosine with the claim, blended with the verifier's relevance
(1 − P(NOT ENOUGH INFO)) when a verifier scores them.
"""

from __future__ import annotations

import json
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from assistant.results import Evidence
from assistant.retrieval import Hit
from assistant.verify.checks import pronoun_speaker
from index.embedder import Embedder
from index.sentences import _PARAGRAPH_BREAK
from index.store import SENTENCE_VECTORS_KEY, Store, decode_vectors

MIN_SENTENCE_CHARS = 12
# who wrote the article, not what it says: kept in the article, never quoted as evidence
_CREDIT_LINE = re.compile(
    r"\b(?:contributed(?:\s+reporting|\s+to\s+this\s+(?:report|story|article))|"
    r"writes\s+for\s+(?:the\s+)?[A-Z]|reporting\s+by\s+[A-Z]|edited\s+by\s+[A-Z])",
)


def is_credit_line(sentence: str) -> bool:
    """ "X contributed to this report", "Rodríguez writes for the Associated Press"."""
    return bool(_CREDIT_LINE.search(sentence))


def passage_sentences(hit: Hit) -> list[Evidence]:
    """The sentences of one retrieved passage as (unscored) evidence."""
    passage = hit.passage
    meta = passage.metadata
    start = int(meta.get("start", 0))
    try:
        spans = json.loads(meta.get("sentences") or "[]")
    except (TypeError, ValueError):
        spans = []
    if not spans:
        spans = [[start, start + len(passage.text)]]
    first_paragraph = int(meta.get("paragraph") or 1)
    also = [s for s in hit.sources[1:]]
    out = []
    before: list[str] = []  # the passage's sentences so far, for whom a "she said" stands
    for a, b in spans:
        local_a, local_b = a - start, b - start
        if local_a < 0 or local_b > len(passage.text) or local_b <= local_a:
            continue
        sentence = passage.text[local_a:local_b]
        speaker = pronoun_speaker(sentence, before)
        before.append(sentence)
        if len(sentence.strip()) < MIN_SENTENCE_CHARS or is_credit_line(sentence):
            continue
        paragraph = first_paragraph + len(_PARAGRAPH_BREAK.findall(passage.text[:local_a]))
        out.append(
            Evidence(
                sentence=sentence,
                article_id=passage.article_id,
                passage_id=passage.id,
                start=a,
                end=b,
                paragraph=paragraph,
                title=str(meta.get("title") or ""),
                source=str(meta.get("source") or ""),
                published=str(meta.get("published") or ""),
                url=str(meta.get("url") or ""),
                also_in=also,
                speaker=speaker,
            )
        )
    return out


class SentenceVectors:
    """Sentence embeddings, cached by passage (passages are immutable: their id names their
    content hash)."""

    def __init__(self, embedder: Embedder, capacity: int = 4096) -> None:
        self.embedder = embedder
        self.capacity = capacity
        self._cache: OrderedDict[tuple[str, int, int], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(
        self,
        evidence: Sequence[Evidence],
        known: dict[tuple[str, int, int], np.ndarray] | None = None,
    ) -> np.ndarray:
        """The sentences' vectors: those in ``known`` (read from the index) as they are, the
        others embedded now (or from the cache)."""
        keys = [(e.passage_id, e.start, e.end) for e in evidence]
        if known:
            rest = [i for i, key in enumerate(keys) if key not in known]
            fresh = iter(self.vectors([evidence[i] for i in rest]) if rest else [])
            rows = [known[key] if key in known else next(fresh) for key in keys]
            return np.vstack(rows).astype(np.float32)
        with self._lock:
            missing = [i for i, key in enumerate(keys) if key not in self._cache]
        if missing:
            fresh = self.embedder.embed_documents([evidence[i].sentence for i in missing])
            with self._lock:
                for i, vector in zip(missing, fresh, strict=True):
                    self._cache[keys[i]] = vector
                while len(self._cache) > self.capacity:
                    self._cache.popitem(last=False)
        with self._lock:
            rows = [self._cache.get(key) for key in keys]
        if any(r is None for r in rows):  # evicted by a concurrent caller: embed again
            return self.embedder.embed_documents([e.sentence for e in evidence])
        return np.vstack(rows) if rows else np.zeros((0, 1), dtype=np.float32)


def candidate_sentences(hits: Sequence[Hit]) -> list[Evidence]:
    """The sentences of every hit, each once (a passage folded into two hits gives them once)."""
    seen: set[tuple[str, int, int]] = set()
    out = []
    for hit in hits:
        for evidence in passage_sentences(hit):
            key = (evidence.article_id, evidence.start, evidence.end)
            if key not in seen:
                seen.add(key)
                out.append(evidence)
    return out


def stored_sentence_vectors(
    hits: Sequence[Hit], dimension: int, store: Store | None = None
) -> dict[tuple[str, int, int], np.ndarray]:
    """The sentence vectors the index keeps for these hits' passages (pooled at index time from
    each passage's own forward pass), by (passage id, start, end) as ``passage_sentences`` keys
    its evidence. A hit found by BM25 alone carries no vectors (the lexical index keeps none):
    theirs are read from ``store``, when the other hits show that the index has them."""
    encoded = {h.passage.id: h.passage.metadata.get(SENTENCE_VECTORS_KEY) for h in hits}
    missing = [pid for pid, text in encoded.items() if text is None]
    if missing and store is not None and len(missing) < len(encoded):
        encoded.update(store.sentence_vectors(missing))
    out: dict[tuple[str, int, int], np.ndarray] = {}
    for hit in hits:
        text = encoded.get(hit.passage.id)
        if text is None:
            continue
        try:
            spans = json.loads(hit.passage.metadata.get("sentences") or "[]")
        except (TypeError, ValueError):
            continue
        matrix = decode_vectors(text, len(spans), dimension)
        if matrix is None:
            continue
        for (a, b), vector in zip(spans, matrix, strict=True):
            out[(hit.passage.id, int(a), int(b))] = vector
    return out


def rank_by_relevance(
    query_vector: np.ndarray,
    candidates: list[Evidence],
    vectors: SentenceVectors,
    known: dict[tuple[str, int, int], np.ndarray] | None = None,
) -> list[Evidence]:
    if not candidates:
        return []
    matrix = vectors.vectors(candidates, known)
    cosines = matrix @ np.asarray(query_vector, dtype=np.float32)
    for evidence, cosine in zip(candidates, cosines, strict=True):
        evidence.relevance = round(float(cosine), 4)
        evidence.score = evidence.relevance
    return sorted(candidates, key=lambda e: -e.relevance)
