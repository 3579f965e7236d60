"""What a check returns: evidence sentences, citations, the verdict and the answer."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

SUPPORTED = "SUPPORTED"
REFUTED = "REFUTED"
NEI = "NOT ENOUGH INFO"
CONFLICTING = "CONFLICTING"
ANSWERED = "ANSWERED"  # a wh-question ("how many…?") answered from a sentence, not judged
VERDICTS = (SUPPORTED, REFUTED, NEI, CONFLICTING)


@dataclass
class Evidence:
    """One sentence of an indexed article, with where it is and how it bears on the claim.

    ``start``/``end`` are character offsets into the article's cleaned text (what
    ``factcheck index`` stored), so ``article.text[start:end] == sentence``."""

    sentence: str
    article_id: str
    passage_id: str
    start: int
    end: int
    paragraph: int
    title: str
    source: str
    published: str
    url: str
    relevance: float = 0.0  # embedding cosine with the claim
    score: float = 0.0  # the ranking score (relevance blended with the verifier's)
    probabilities: dict[str, float] = field(default_factory=dict)  # per label, from the verifier
    stance: str = NEI  # the label this sentence alone points to
    reasons: list[str] = field(default_factory=list)
    also_in: list[str] = field(default_factory=list)  # other sources with the same passage
    speaker: str = ""  # whom the sentence's "she said" stands for (named just before it)


@dataclass
class Citation:
    number: int
    article_id: str
    title: str
    source: str
    published: str
    url: str
    paragraph: int
    sentence: str
    start: int
    end: int
    stance: str = NEI
    reasons: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, number: int, evidence: Evidence) -> Citation:
        return cls(
            number,
            evidence.article_id,
            evidence.title,
            evidence.source,
            evidence.published,
            evidence.url,
            evidence.paragraph,
            evidence.sentence,
            evidence.start,
            evidence.end,
            evidence.stance,
            list(evidence.reasons),
        )

    def label(self) -> str:
        parts = [f'"{self.title}"' if self.title else self.article_id]
        if self.source:
            parts.append(self.source)
        if self.published:
            parts.append(self.published)
        parts.append(f"paragraph {self.paragraph}")
        if self.url:
            parts.append(self.url)
        return ", ".join(parts)


@dataclass
class Verdict:
    label: str
    confidence: float
    reason: str
    probabilities: dict[str, float] = field(default_factory=dict)
    basis: tuple[int, ...] = ()  # the evidence sentences (indices) the verdict rests on

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE


LOW_CONFIDENCE = 0.55
# below this cosine with the claim, and with few of its words, a sentence bears on nothing it says
RELEVANCE_FLOOR = 0.3


@dataclass
class AnswerSentence:
    text: str
    citations: list[int]
    supported: bool = True
    note: str = ""


@dataclass
class CheckResult:
    query: str
    kind: str  # "claim" or "question"
    checked: str  # the text that was checked (a follow-up resolved against the conversation)
    verdict: str
    confidence: float
    reason: str
    answer: str
    evidence: list[Evidence]
    citations: list[Citation]
    hits: list[Any] = field(default_factory=list)
    sentences: list[AnswerSentence] = field(default_factory=list)
    timings_ms: dict[str, float] = field(default_factory=dict)
    probabilities: dict[str, float] = field(default_factory=dict)
    written_by: str = "extractive"  # or "llm"
    short_answer: str = ""  # what a wh-question asked for, cut from the cited sentence

    @property
    def low_confidence(self) -> bool:
        return self.confidence < LOW_CONFIDENCE

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("hits")
        data["low_confidence"] = self.low_confidence
        return data
