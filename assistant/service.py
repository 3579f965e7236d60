"""The assistant object the CLI, the UI and the tests share, and its one builder."""

from __future__ import annotations

import logging
import time
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from assistant.answer import extractive
from assistant.evidence import (
    SentenceVectors,
    candidate_sentences,
    rank_by_relevance,
    stored_sentence_vectors,
)
from assistant.lexical import LexicalCache
from assistant.query import Query, resolve
from assistant.results import ANSWERED, NEI, RELEVANCE_FLOOR, CheckResult, Evidence, Verdict
from assistant.retrieval import (
    DEFAULT_PASSAGES,
    FilterError,
    Filters,
    Hit,
    HybridRetriever,
    RetrievalConfig,
)
from index.embedder import Embedder, make_embedder
from index.errors import FactCheckError
from index.models import ManifestEntry
from index.settings import Settings
from index.store import Store, StoredPassage

log = logging.getLogger(__name__)

MAX_QUERY_CHARS = 2000
VERIFIED_SENTENCES = 8  # sentences (best by cosine) the verifier reads
NOTHING = "nothing in the archive bears on it"
BLEND = 0.5  # evidence score = BLEND * cosine + (1 - BLEND) * (1 - P(NOT ENOUGH INFO))


def closeness(claim: str, evidence: Sequence[Evidence]) -> tuple[float, float]:
    """How close the three best sentences come to the claim: the most of its words one of them
    holds, and the highest cosine."""
    from assistant.verify.checks import compare

    coverage = max(
        (compare(claim, e.sentence, e.speaker).coverage for e in evidence[:3]), default=0.0
    )
    return coverage, max((e.relevance for e in evidence[:3]), default=0.0)


def evidence_unrelated(coverage: float, relevance: float) -> bool:
    """The best sentences share few of the claim's words, or neither its words nor its meaning."""
    return coverage < 0.2 or (relevance < RELEVANCE_FLOOR and coverage < 0.5)


def settle_unrelated(verdict: Verdict, coverage: float, relevance: float) -> tuple[Verdict, bool]:
    """The verdict, and whether nothing in the archive bears on the claim (then the answer says
    so instead of quoting), from the evidence's ``closeness``."""
    if coverage < 0.2 and relevance < RELEVANCE_FLOOR and verdict.label != NEI:
        # no sentence shares the claim's words or meaning: whatever the model read into them,
        # the archive does not bear on it (its confidence is the verifier's own)
        nei = verdict.probabilities.get(NEI, 0.0)
        verdict = Verdict(NEI, round(nei, 4), NOTHING, verdict.probabilities)
    nothing = evidence_unrelated(coverage, relevance) and verdict.label == NEI
    if nothing:
        verdict.reason = NOTHING
    return verdict, nothing


@dataclass
class Assistant:
    settings: Settings
    embedder: Embedder
    store: Store
    verifier: Any = None
    retrieval: RetrievalConfig = field(default_factory=RetrievalConfig)
    chat_model: Any = None

    def __post_init__(self) -> None:
        key = f"{self.settings.chroma_host or self.settings.chroma_path}:{self.settings.collection}"
        self.lexical = LexicalCache(self.store, self.settings.data_dir / "lexical", key)
        self.retriever = HybridRetriever(self.store, self.embedder, self.lexical, self.retrieval)
        self.sentence_vectors = SentenceVectors(self.embedder)
        if self.verifier is None:
            from assistant.verify.verifier import make_verifier

            self.verifier = make_verifier(self.settings)
        self.answerer: Any = None
        if self.chat_model is not None and self.settings.llm_answers:
            from assistant.llm import LLMAnswerer

            self.answerer = LLMAnswerer(self.chat_model, self.verifier)

    def with_settings(self, settings: Settings) -> Assistant:
        """The same models over another index (evaluation sets use their own)."""
        from index.chroma_store import ChromaStore

        return Assistant(
            settings,
            self.embedder,
            ChromaStore.from_settings(settings),
            self.verifier,
            self.retrieval,
        )

    def warm_up(self) -> None:
        """Load the models now rather than on the first question."""
        self.embedder.embed_query("warm up")
        self.verifier.score("warm", ["up"])

    def check(
        self,
        text: str,
        k: int = DEFAULT_PASSAGES,
        filters: Filters | None = None,
        history: list[str] | None = None,
    ) -> CheckResult:
        """Check a claim or answer a question from the indexed articles: retrieve ``k``
        passages, pick the evidence sentences among theirs, verify, and write the cited answer.
        ``history``: the person's earlier turns, oldest first, for follow-ups."""
        timings: dict[str, float] = {}
        clock = time.perf_counter()

        def lap(name: str) -> None:
            nonlocal clock
            now = time.perf_counter()
            timings[name] = round((now - clock) * 1000, 1)
            clock = now

        query = resolve(self._clean(text), [self._clean(h) for h in history or [] if h.strip()])
        self._require_index()
        filters = self._known_sources(filters)
        vector = self.embedder.embed_query(query.search)
        lap("embed")
        hits = self.retriever.search(query.search, k, filters, query_vector=vector)
        lap("retrieve")
        claim_vector = (
            vector if query.checked == query.search else self.embedder.embed_query(query.checked)
        )
        evidence = self.select_evidence(query, hits, claim_vector)
        lap("evidence")
        verdict, nothing = self._verdict(query, evidence)
        lap("verify")
        if nothing and filters:
            verdict.reason = f"{NOTHING} ({filters.describe()})"
        scope = filters.describe() if filters else ""
        answer, citations, sentences, short = extractive(query, verdict, evidence, nothing, scope)
        written_by = "extractive"
        if self.answerer is not None and not nothing:
            written_by = "llm"
            answer, sentences = self._llm_answer(
                query, verdict, evidence, history or [], answer, sentences
            )
        lap("answer")
        timings["total"] = round(sum(timings.values()), 1)
        return CheckResult(
            query=text,
            kind=query.kind,
            checked=query.checked,
            verdict=verdict.label,
            confidence=verdict.confidence,
            reason=verdict.reason,
            answer=answer,
            short_answer=short,
            evidence=evidence,
            citations=citations,
            hits=hits,
            sentences=sentences,
            timings_ms=timings,
            probabilities=verdict.probabilities,
            written_by=written_by,
        )

    ask = check

    def _llm_answer(
        self,
        query: Query,
        verdict: Verdict,
        evidence: list[Evidence],
        history: list[str],
        extractive_answer: str,
        extractive_sentences: list[Any],
    ) -> tuple[str, list[Any]]:
        """The LLM's answer, keeping only sentences the cited passages support; the extractive
        answer when the model fails or nothing it wrote holds up."""
        shown = evidence[:3]
        try:
            written = self.answerer.answer(query.checked, verdict, shown, history)
        except Exception as exc:  # an unreachable or failing model never breaks a check
            log.warning("the LLM answer failed (%s): showing the extractive answer", exc)
            return extractive_answer, extractive_sentences
        kept = [s for s in written if s.supported]
        if not kept:
            return extractive_answer, extractive_sentences + written
        head = extractive_sentences[0].text
        lines = [head] + [s.text for s in kept]
        dropped = [s for s in written if not s.supported]
        if dropped:
            lines.append(
                f"({len(dropped)} sentence(s) of the written answer were not supported by their sources and are not shown.)"
            )
        return "\n".join(lines), [extractive_sentences[0], *written]

    def select_evidence(
        self, query: Query, hits: list[Hit], claim_vector: np.ndarray
    ) -> list[Evidence]:
        """Sentences of the retrieved passages, ranked by cosine with the claim blended with
        the verifier's relevance; the verifier's per-sentence probabilities filled in."""
        known = stored_sentence_vectors(hits, len(claim_vector), self.store)
        return self.rank_evidence(query, candidate_sentences(hits), claim_vector, known)

    def rank_evidence(
        self,
        query: Query,
        candidates: list[Evidence],
        claim_vector: np.ndarray,
        known: dict[tuple[str, int, int], np.ndarray] | None = None,
    ) -> list[Evidence]:
        """``known``: sentence vectors the index holds (``stored_sentence_vectors``); the rest
        are embedded now."""
        ranked = rank_by_relevance(claim_vector, candidates, self.sentence_vectors, known)
        shortlist = ranked[:VERIFIED_SENTENCES]
        if shortlist:
            probs = self.verifier.score(query.checked, [e.sentence for e in shortlist])
            self.verifier.annotate(query.checked, shortlist, probs)
            for e in shortlist:
                e.score = round(
                    BLEND * e.relevance + (1 - BLEND) * (1 - e.probabilities.get(NEI, 1.0)), 4
                )
            shortlist.sort(key=lambda e: -e.score)
        return shortlist

    def judge(self, query: Query, evidence: list[Evidence]) -> Verdict:
        """The verdict on ``query`` from ranked evidence (``rank_evidence``'s output)."""
        return self._verdict(query, evidence)[0]

    def _verdict(self, query: Query, evidence: list[Evidence]) -> tuple[Verdict, bool]:
        """The verdict, and whether nothing in the archive bears on the query (then the answer
        says so instead of quoting). Every verdict, NOT ENOUGH INFO included, takes its
        confidence from the verifier's reading of the evidence, never a fixed number."""
        best = evidence[0] if evidence else None
        coverage, relevance = closeness(query.checked, evidence)
        unrelated = best is None or evidence_unrelated(coverage, relevance)
        if query.kind == "question" and query.question_type == "wh":
            if unrelated or best is None:
                return Verdict(NEI, round(1 - max(0.0, min(1.0, relevance)), 4), NOTHING), True
            # a question is answered, not judged: the confidence is the best sentence's score
            return Verdict(
                ANSWERED, round(min(1.0, max(0.0, best.score)), 4), "the best-matching sentence"
            ), False
        return settle_unrelated(self.verifier.verify(query.checked, evidence), coverage, relevance)

    def library(self) -> list[ManifestEntry]:
        entries = self.store.manifest()
        return sorted(entries.values(), key=lambda e: (e.published, e.title), reverse=True)

    def retrieve(self, query: str, k: int = 8, filters: Filters | None = None) -> list[Hit]:
        """The ``k`` best passages for ``query`` by hybrid (dense + BM25) search."""
        query = self._clean(query)
        self._require_index()
        return self.retriever.search(query, k, filters)

    def _known_sources(self, filters: Filters | None) -> Filters | None:
        """Sources as the index spells them, whatever their case; one that no article has is
        an error naming the sources there are."""
        if not filters or not filters.sources:
            return filters
        known = {e.source.lower(): e.source for e in self.store.manifest().values() if e.source}
        missing = [s for s in filters.sources if s.lower() not in known]
        if missing:
            listed = ", ".join(sorted(known.values())) or "none"
            raise FilterError(
                f"no indexed article has the source {', '.join(repr(m) for m in missing)}; "
                f"the sources are: {listed}"
            )
        return replace(filters, sources=tuple(known[s.lower()] for s in filters.sources))

    def _require_index(self) -> None:
        if self.store.identity() is None:
            raise FactCheckError("the index is empty: add articles with `factcheck index add PATH`")

    def _clean(self, query: str) -> str:
        odd = next((c for c in query if _not_text(c)), None)
        if odd is not None:
            what = (
                "an unpaired surrogate" if 0xD800 <= ord(odd) <= 0xDFFF else "a control character"
            )
            raise FactCheckError(
                f"the question contains U+{ord(odd):04X}, {what}, which is not text: "
                "type the question again without it"
            )
        query = " ".join(query.split())
        if not query:
            raise FactCheckError("the question is empty: type a claim or a question")
        if not any(c.isalnum() for c in query):
            raise FactCheckError(
                "the question has no letters or digits: type a claim or a question"
            )
        if len(query) > MAX_QUERY_CHARS:
            raise FactCheckError(
                f"the question is {len(query)} characters long; keep it under {MAX_QUERY_CHARS}"
            )
        return query

    def search(self, query: str, k: int = 5) -> list[StoredPassage]:
        """The ``k`` passages closest in meaning to ``query`` (dense only)."""
        query = self._clean(query)
        self._require_index()
        return self.store.query(self.embedder.embed_query(query), k)


def _not_text(char: str) -> bool:
    """A control character that is not a space or line break (NUL, ESC, …), or half of a
    surrogate pair with no other half: what a question typed or sent as text never holds."""
    return unicodedata.category(char) in ("Cc", "Cs") and not char.isspace()


def build_assistant(settings: Settings) -> Assistant:
    from assistant.llm import make_chat_model
    from index.chroma_store import ChromaStore

    return Assistant(
        settings,
        make_embedder(settings),
        ChromaStore.from_settings(settings),
        chat_model=make_chat_model(settings),
    )
