"""Hybrid retrieval: dense search in Chroma plus BM25, fused, filtered, de-duplicated.

Fusion is weighted reciprocal rank fusion: a passage's score is the sum over the two rankings of
``weight / (rrf_k + rank)``. The weights were chosen by measurement on the evaluation sets
(``factcheck eval``); see the README for the numbers.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.lexical import LexicalCache, LexicalIndex
from index.embedder import Embedder
from index.errors import FactCheckError
from index.store import Store, StoredPassage, published_number

_MONTH_NAMES = {
    m: i
    for i, names in enumerate(
        [("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
         ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
         ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")],
        1,
    )
    for m in names
}  # fmt: skip
MAX_PASSAGES = 50  # the most passages one search may return (`--passages`, the web's API)
# passages whose sentences compete as a check's evidence, unless told otherwise: on the tune
# claims the gold sentence is among the candidates from 5 / 10 / 20 passages for 68 / 82 / 94%
# of FM2 claims and 84 / 92 / 95% of SciFact's (5-fold macro-F1 with the aggregator refitted:
# FM2 0.554 / 0.541 / 0.590, SciFact 0.594 / 0.596 / 0.589, WiCE 0.611 / 0.556 / 0.621)
DEFAULT_PASSAGES = 20
_FORMS = "YYYY-MM-DD, YYYY-MM, YYYY, 13/04/2026, 13 April 2026 or April 2026"


def filter_date(value: str, name: str = "date") -> str:
    """A date typed for a filter as ISO YYYY-MM-DD, YYYY-MM or YYYY; the common written forms
    are read too. A value that is not a date raises FilterError saying what is wrong."""
    if value is not None and not isinstance(value, str):
        raise FilterError(f"{name} must be text such as 2026-01-31, not {described(value)}")
    text = " ".join((value or "").replace(",", " ").split())
    if not text:
        return ""

    def bad(why: str) -> FilterError:
        typed = f"'{value}'" if value.isprintable() else ascii(value)  # no NUL in a message
        return FilterError(f"{name} {typed} {why}; write it as {_FORMS}")

    def checked(year: int, month: int = 0, day: int = 0) -> str:
        if not 1000 <= year <= 9999:
            raise bad("has no four-digit year")
        if not month:
            return f"{year:04d}"
        if not 1 <= month <= 12:
            raise bad(f"is not a date: there is no month {month}")
        if not day:
            return f"{year:04d}-{month:02d}"
        if not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise bad(f"is not a date: {calendar.month_name[month]} {year} has no day {day}")
        return f"{year:04d}-{month:02d}-{day:02d}"

    if m := re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text):
        return checked(*(int(g) for g in m.groups() if g))
    if m := re.fullmatch(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})", text):
        a, b, year = (int(g) for g in m.groups())
        if a <= 12 and b <= 12 and a != b:
            names = calendar.month_name
            raise bad(f"could be {a} {names[b]} or {b} {names[a]}")
        day, month = (a, b) if a > 12 or a == b else (b, a) if b > 12 else (a, b)
        return checked(year, month, day)
    words = text.lower().split()
    months = [i for i, w in enumerate(words) if w.rstrip(".") in _MONTH_NAMES]
    numbers = [w for w in words if w.isdigit()]
    if len(months) == 1 and len(numbers) + 1 == len(words) and 1 <= len(numbers) <= 2:
        month = _MONTH_NAMES[words[months[0]].rstrip(".")]
        year = next((int(n) for n in numbers if len(n) == 4), 0)
        day = next((int(n) for n in numbers if len(n) <= 2), 0)
        return checked(year, month, day)
    raise bad("is not a date")


class FilterError(FactCheckError):
    """A filter the search cannot use (a date it cannot read, a source no article has)."""


def described(value: Any) -> str:
    """A bad value as a message shows it: its type, and the start of it (ASCII, so an
    unpaired surrogate or a control character cannot break the message)."""
    text = ascii(value)
    return f"{type(value).__name__} {text[:40] + '…' if len(text) > 40 else text}"


@dataclass(frozen=True)
class Filters:
    """Which passages a search may return. Dates are ISO (YYYY, YYYY-MM or YYYY-MM-DD); build
    them from typed text with ``Filters.typed``."""

    sources: tuple[str, ...] = ()
    since: str = ""
    until: str = ""

    def __post_init__(self) -> None:
        if self.since and self.until and self.bounds()[0] > self.bounds()[1]:
            raise FilterError(
                f"the 'since' date {self.since} is after the 'until' date {self.until}: no "
                "article can be published in between; swap them"
            )

    @classmethod
    def typed(
        cls, sources: Sequence[str] | None, since: str | None = "", until: str | None = ""
    ) -> Filters:
        """Filters from what a person or an API client sent; a value of the wrong kind raises
        FilterError naming the field and what it takes."""
        if isinstance(sources, str) or not isinstance(sources, (list, tuple, type(None))):
            raise FilterError(
                "sources must be a list of source names such as ['Associated Press'], "
                f"not {described(sources)}"
            )
        for number, name in enumerate(sources or (), 1):
            if not isinstance(name, str):
                raise FilterError(
                    f"sources must be a list of source names (text); item {number} is "
                    f"{described(name)}"
                )
        return cls(
            tuple(s.strip() for s in sources or () if s.strip()),
            filter_date(since, "the 'since' date"),
            filter_date(until, "the 'until' date"),
        )

    def __bool__(self) -> bool:
        return bool(self.sources or self.since or self.until)

    def describe(self) -> str:
        """ "from Associated Press, since 2026-01" — what the filters keep, for messages."""
        parts = []
        if self.sources:
            parts.append("from " + " or ".join(self.sources))
        if self.since:
            parts.append(f"since {self.since}")
        if self.until:
            parts.append(f"until {self.until}")
        return ", ".join(parts)

    def bounds(self) -> tuple[int, int]:
        low = published_number(_pad(self.since, "01")) if self.since else 0
        high = published_number(_pad(self.until, "31")) if self.until else 0
        return low, high

    def where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.sources:
            clauses.append({"source": {"$in": list(self.sources)}})
        low, high = self.bounds()
        if low:
            clauses.append({"published_int": {"$gte": low}})
        if high:
            clauses.append({"published_int": {"$lte": high}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def accepts(self, metadata: dict[str, Any]) -> bool:
        if self.sources and metadata.get("source") not in self.sources:
            return False
        low, high = self.bounds()
        published = int(metadata.get("published_int") or 0)
        return not ((low and published < low) or (high and published > high))


def _pad(date: str, day: str) -> str:
    parts = date.strip()[:10].split("-")
    if len(parts) == 1:
        parts += ["01" if day == "01" else "12"]
    if len(parts) == 2:
        parts += [day]
    return "-".join(parts)


@dataclass
class Hit:
    """A retrieved passage with its fused score; ``duplicates`` are near-identical passages
    (the same wire story elsewhere) folded into this one."""

    passage: StoredPassage
    score: float
    dense_rank: int | None = None
    lexical_rank: int | None = None
    dense_score: float = 0.0
    lexical_score: float = 0.0
    duplicates: list[StoredPassage] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.passage.id

    @property
    def article_id(self) -> str:
        return self.passage.article_id

    @property
    def sources(self) -> list[str]:
        seen = dict.fromkeys(
            str(p.metadata.get("source") or "") for p in [self.passage, *self.duplicates]
        )
        return [s for s in seen if s]


_NORMAL = re.compile(r"[^\w]+")


def _shingles(text: str) -> frozenset[str]:
    words = _NORMAL.sub(" ", text.lower()).split()
    return frozenset(" ".join(words[i : i + 3]) for i in range(max(1, len(words) - 2)))


def _alike(sa: frozenset[str], sb: frozenset[str], threshold: float) -> bool:
    if not sa or not sb:
        return False
    return len(sa & sb) / len(sa | sb) >= threshold


def near_duplicate(a: str, b: str, threshold: float = 0.8) -> bool:
    return _alike(_shingles(a), _shingles(b), threshold)


@dataclass
class RetrievalConfig:
    dense_k: int = 50
    lexical_k: int = 50
    # chosen with bench/fusion_tune.py (2026-11-25), nDCG@10 SciFact / WiCE / FM2:
    # this 0.723 / 0.955 / 0.493; plain RRF (1, 1, k=60) 0.719 / 0.939 / 0.510;
    # dense only 0.683 / 0.895 / 0.572; BM25 only 0.690 / 0.951 / 0.390
    rrf_k: int = 10
    dense_weight: float = 1.0
    lexical_weight: float = 1.5
    per_article: int = 3
    dedupe_threshold: float = 0.8


class HybridRetriever:
    def __init__(
        self,
        store: Store,
        embedder: Embedder,
        lexical: LexicalCache,
        config: RetrievalConfig | None = None,
    ) -> None:
        self.store = store
        self.embedder = embedder
        self.lexical = lexical
        self.config = config or RetrievalConfig()

    def search(
        self,
        query: str,
        k: int = 8,
        filters: Filters | None = None,
        query_vector: np.ndarray | None = None,
    ) -> list[Hit]:
        cfg = self.config
        filters = filters or Filters()
        revision = self.store.revision()
        if revision is None:
            return []
        hits: dict[str, Hit] = {}
        if cfg.dense_weight > 0:
            vector = query_vector if query_vector is not None else self.embedder.embed_query(query)
            for rank, passage in enumerate(self.store.query(vector, cfg.dense_k, filters.where())):
                hit = hits.setdefault(passage.id, Hit(passage, 0.0))
                hit.dense_rank, hit.dense_score = rank, passage.score
                hit.score += cfg.dense_weight / (cfg.rrf_k + rank + 1)
        if cfg.lexical_weight > 0:
            index, fresh = self.lexical.current(revision)
            mask = _mask(index, filters)
            found = [
                (lhit, index.passage(lhit.index))
                for lhit in index.search(query, cfg.lexical_k, mask)
            ]
            if not fresh:  # an index of an earlier revision: only what the store still shows
                shown = self.store.visible([p for _, p in found])
                found = [pair for pair, ok in zip(found, shown, strict=True) if ok]
            for rank, (lhit, passage) in enumerate(found):
                hit = hits.setdefault(passage.id, Hit(passage, 0.0))
                hit.lexical_rank, hit.lexical_score = rank, lhit.score
                hit.score += cfg.lexical_weight / (cfg.rrf_k + rank + 1)
            if not fresh:  # what the earlier index has not seen ranks as its vector ranks
                for hit in hits.values():
                    if hit.dense_rank is not None and index.position(hit.passage.id) is None:
                        hit.score += cfg.lexical_weight / (cfg.rrf_k + hit.dense_rank + 1)
        ranked = sorted(hits.values(), key=lambda h: -h.score)
        return self._diversify(ranked, k)

    def _diversify(self, ranked: Sequence[Hit], k: int) -> list[Hit]:
        """Fold near-duplicates into the better hit; at most ``per_article`` hits an article."""
        cfg = self.config
        kept: list[Hit] = []
        per_article: dict[str, int] = {}
        # each hit's word triples made once: made again for every pair compared, they took
        # 16 of a 25 ms search for 20 hits (SciFact's tune claims)
        shingles: dict[str, frozenset[str]] = {}

        def triples(hit: Hit) -> frozenset[str]:
            if hit.passage.id not in shingles:
                shingles[hit.passage.id] = _shingles(hit.passage.text)
            return shingles[hit.passage.id]

        for hit in ranked:
            twin = next(
                (
                    h
                    for h in kept
                    if h.article_id != hit.article_id
                    and _alike(triples(h), triples(hit), cfg.dedupe_threshold)
                ),
                None,
            )
            if twin is not None:
                twin.duplicates.append(hit.passage)
                continue
            if per_article.get(hit.article_id, 0) >= cfg.per_article:
                continue
            per_article[hit.article_id] = per_article.get(hit.article_id, 0) + 1
            kept.append(hit)
            if len(kept) >= k:
                break
        return kept


def _mask(index: LexicalIndex, filters: Filters) -> np.ndarray | None:
    if not filters.where():
        return None
    low, high = filters.bounds()
    return index.mask(filters.sources, low or 0, high or 0)
