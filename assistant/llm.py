"""Optional LLM parts, through LangChain chat models (Ollama or any OpenAI-compatible server):
an answer writer whose every sentence must cite and is checked against what it cites, and an
LLM judge verifier. Prompt templates live in ``prompts/``.

Article text is untrusted input: it goes into the prompt as quoted, numbered data, and whatever
the model writes is checked sentence by sentence against the cited passages by the default
verifier, so an article saying "ignore your instructions" cannot put an unsupported statement in
front of the reader as fact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.results import (
    CONFLICTING,
    NEI,
    REFUTED,
    SUPPORTED,
    AnswerSentence,
    Evidence,
    Verdict,
)
from assistant.verify.checks import compare
from index.errors import ConfigError

PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"
_CITATION = re.compile(r"\[(\d+)\]")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"'(\[])|(?<=\])\s+(?=[A-Z“\"'(])")


_INSTRUCTIONS = re.compile(
    r"\b(ignore|disregard|forget|override)\b.{0,40}\b(instructions?|prompts?|rules|system)\b|"
    r"\b(you are|act as|pretend to be)\b.{0,30}\b(assistant|ai|model|chatbot)\b|"
    r"\b(system prompt|jailbreak)\b|^\s*(write|say|answer|respond|reply|tell)\b.{0,20}\bthat\b",
    re.IGNORECASE,
)


def looks_like_instructions(text: str) -> bool:
    """Text addressed to the model rather than to readers ("ignore your instructions…"): shown
    to the model as data, but never accepted as the support of a statement."""
    return bool(_INSTRUCTIONS.search(text))


def load_prompt(name: str, folder: Path = PROMPTS_DIR) -> str:
    path = folder / f"{name}.md"
    if not path.is_file():
        raise ConfigError(f"the prompt file {path} is missing: restore it from the repository")
    return path.read_text(encoding="utf-8")


def make_chat_model(settings: Any) -> Any:
    """The chat model the settings name, or None when no LLM is configured."""
    provider = getattr(settings, "llm_provider", "none")
    if provider == "none":
        return None
    if not settings.llm_model:
        raise ConfigError(
            f"FACTCHECK_LLM_PROVIDER={provider} needs FACTCHECK_LLM_MODEL (a model name)"
        )
    if provider == "ollama":
        from langchain_ollama import ChatOllama

        kwargs: dict[str, Any] = {"model": settings.llm_model, "temperature": 0}
        if settings.llm_base_url:
            kwargs["base_url"] = settings.llm_base_url
        return ChatOllama(**kwargs)
    if provider == "openai":
        from langchain_openai import ChatOpenAI

        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
        return ChatOpenAI(
            model=settings.llm_model,
            base_url=settings.llm_base_url or None,
            api_key=key,
            temperature=0,
            timeout=settings.llm_timeout,
            max_retries=1,
        )
    raise ConfigError(f"unknown FACTCHECK_LLM_PROVIDER '{provider}': use none, ollama or openai")


def _text(message: Any) -> str:
    content = getattr(message, "content", message)
    if isinstance(content, list):
        content = " ".join(
            part.get("text", "") if isinstance(part, dict) else str(part) for part in content
        )
    return str(content)


def numbered_evidence(evidence: Sequence[Evidence]) -> str:
    lines = []
    for i, e in enumerate(evidence, 1):
        sentence = " ".join(e.sentence.split()).replace("<<<", "").replace(">>>", "")
        where = ", ".join(x for x in (e.title, e.source, e.published) if x)
        lines.append(f"[{i}] ({where}) <<<{sentence}>>>")
    return "\n".join(lines)


def split_answer(text: str) -> list[tuple[str, list[int]]]:
    """Sentences of a model's answer with the citation numbers each carries."""
    out = []
    for raw in _SENTENCE_END.split(text.strip()):
        sentence = " ".join(raw.split())
        if not sentence:
            continue
        numbers = [int(n) for n in _CITATION.findall(sentence)]
        out.append((sentence, numbers))
    return out


class LLMAnswerer:
    """Writes the answer with a chat model, then keeps only what the cited passages support."""

    def __init__(
        self, chat_model: Any, verifier: Any, max_sentences: int = 4, threshold: float = 0.5
    ) -> None:
        self.chat_model = chat_model
        self.verifier = verifier
        self.max_sentences = max_sentences
        self.threshold = threshold
        self.template = load_prompt("answer")

    def answer(
        self,
        question: str,
        verdict: Verdict,
        evidence: Sequence[Evidence],
        history: Sequence[str] = (),
    ) -> list[AnswerSentence]:
        prompt = self.template.format(
            question=question,
            verdict=f"{verdict.label} (confidence {verdict.confidence:.2f})",
            evidence=numbered_evidence(evidence),
            history="\n".join(f"- {h}" for h in history) or "(none)",
            max_sentences=self.max_sentences,
        )
        reply = _text(self.chat_model.invoke(prompt))
        return self.check(reply, evidence)

    def check(self, reply: str, evidence: Sequence[Evidence]) -> list[AnswerSentence]:
        """Each sentence of ``reply`` against the passages it cites: supported or marked."""
        checked = []
        for sentence, numbers in split_answer(reply)[: self.max_sentences * 2]:
            plain = _CITATION.sub("", sentence).strip()
            if plain.lower().startswith("the indexed articles do not answer"):
                checked.append(AnswerSentence(plain, [], True))
                continue
            cited = [evidence[n - 1] for n in numbers if 0 < n <= len(evidence)]
            if not cited:
                checked.append(AnswerSentence(sentence, [], False, "cites no passage"))
                continue
            usable = [e for e in cited if not looks_like_instructions(e.sentence)]
            if not usable:
                checked.append(
                    AnswerSentence(
                        sentence,
                        numbers,
                        False,
                        "cites only text that addresses the model, not readers",
                    )
                )
                continue
            cited = usable
            probs = self.verifier.score(plain, [e.sentence for e in cited])
            joined = (
                self.verifier.score(plain, [" ".join(e.sentence for e in cited)])
                if len(cited) > 1
                else probs[:0]
            )
            support = float(np.max(np.vstack([probs, joined])[:, 0])) if len(probs) else 0.0
            coverage = max(compare(plain, e.sentence).coverage for e in cited)
            conflict = any(compare(plain, e.sentence).number_conflict for e in cited)
            ok = (support >= self.threshold or coverage >= 0.9) and not conflict
            note = "" if ok else f"not supported by the cited passage (support {support:.2f})"
            checked.append(
                AnswerSentence(sentence, [n for n in numbers if 0 < n <= len(evidence)], ok, note)
            )
        return checked


class LLMJudgeVerifier:
    """An LLM decides the verdict; sentence scores (for ranking evidence) come from ``base``."""

    name = "llm-judge"

    def __init__(self, chat_model: Any, base: Any) -> None:
        self.chat_model = chat_model
        self.base = base
        self.template = load_prompt("verify")

    def score(self, claim: str, sentences: Sequence[str]) -> np.ndarray:
        return self.base.score(claim, sentences)

    def annotate(self, claim: str, evidence: Sequence[Evidence], probs: np.ndarray) -> None:
        self.base.annotate(claim, evidence, probs)

    def joined_probabilities(self, claim: str, evidence: Sequence[Evidence]) -> Any:
        return self.base.joined_probabilities(claim, evidence)

    def verify(self, claim: str, evidence: Sequence[Evidence]) -> Verdict:
        top = list(evidence[:5])
        prompt = self.template.format(claim=claim, evidence=numbered_evidence(top))
        reply = _text(self.chat_model.invoke(prompt))
        match = re.search(r"\{.*\}", reply, re.DOTALL)
        try:
            data = json.loads(match.group(0)) if match else {}
        except json.JSONDecodeError:
            data = {}
        label = str(data.get("verdict", "")).upper().strip()
        if label not in (SUPPORTED, REFUTED, NEI, CONFLICTING):
            verdict = self.base.verify(claim, evidence)
            verdict.reason = f"{verdict.reason} (the LLM judge gave no usable answer)"
            return verdict
        try:
            confidence = min(1.0, max(0.0, float(data.get("confidence", 0.5))))
        except (TypeError, ValueError):
            confidence = 0.5
        reasons = data.get("reasons") if isinstance(data.get("reasons"), dict) else {}
        for i, e in enumerate(top, 1):
            reason = str(reasons.get(str(i), "")).strip()
            if reason:
                e.reasons = [reason[:200]]
        summary = (
            "; ".join(str(reasons[k])[:120] for k in list(reasons)[:2])
            if reasons
            else label.lower()
        )
        return Verdict(label, round(confidence, 4), summary)
