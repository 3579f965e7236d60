"""The extractive answer (the offline default): a first line with the verdict or the direct
answer, then the quoted evidence, every statement with a numbered citation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.query import Query
from assistant.results import NEI, AnswerSentence, Citation, Evidence, Verdict
from assistant.verify.checks import _context, content_words, quantities

_WEEKDAY_OR_DATE = re.compile(
    r"\b(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|today|"
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
    r"(?:\s+\d{1,2})?(?:,?\s+\d{4})?|\d{4}-\d{2}-\d{2}|(?:in|since|by)\s+\d{4})\b"
)
_NAME = re.compile(r"\b([A-Z][^\W\d_]+(?:[\s-]+[A-Z][^\W\d_]+)+)\b")
_WORD = re.compile(r"[^\W\d_]+")


_PHRASE_END = frozenset(
    [
        "of",
        "in",
        "on",
        "at",
        "for",
        "to",
        "from",
        "by",
        "with",
        "were",
        "was",
        "are",
        "is",
        "did",
        "do",
        "does",
        "have",
        "has",
        "had",
        "will",
        "would",
        "could",
        "can",
        "died",
        "killed",
    ]
)


def _head_noun(question: str) -> str:
    """The thing a "how many" question counts, stemmed: "How many days of mourning…" -> "day",
    "How many Cuban officers were killed?" -> "officer"."""
    match = re.match(r"\s*(?:and\s+)?how\s+(?:many|much)\s+(.*)", question, re.IGNORECASE)
    if not match:
        return ""
    phrase = []
    for word in _WORD.findall(match.group(1)):
        if word.lower() in _PHRASE_END:
            break
        phrase.append(word)
    from assistant.verify.checks import _stem

    return _stem(phrase[-1]) if phrase and len(phrase) <= 4 else ""


def direct_answer(query: Query, sentence: str) -> str:
    """The short answer a wh-question asks for, cut from the evidence sentence; '' when none."""
    q = query.checked.lower()
    if q.startswith(
        ("how many", "how much", "how long", "how old", "what percentage", "what number")
    ):
        best, best_shared = None, -1
        asked = content_words(query.checked)
        head = _head_noun(query.checked)
        for quantity in quantities(sentence):
            around = _context(sentence, quantity, 4) | {quantity.unit}  # "two days": day
            if head and head not in around:
                continue  # a number, but of something else ("32 Cuban officers" for "how many Venezuelans")
            shared = len(around & asked)
            if shared > best_shared:
                best, best_shared = quantity, shared
        if best is not None:
            if best.percent or (best.unit and head in ("", best.unit)):
                return best.text
            after = _WORD.findall(sentence[best.end :])[:4]
            from assistant.verify.checks import _stem

            stems = [_stem(w) for w in after]
            upto = stems.index(head) + 1 if head in stems else min(1, len(after))
            return " ".join([best.text, *after[:upto]])
    if q.startswith("when"):
        match = _WEEKDAY_OR_DATE.search(sentence)
        if match:
            return match.group(1)
    if q.startswith(("who", "whom", "whose")):
        asked = query.checked.lower()
        for match in _NAME.finditer(sentence):
            if match.group(1).lower() not in asked:
                return match.group(1)
    return ""


def cite(evidence: Sequence[Evidence]) -> list[Citation]:
    return [Citation.of(i, e) for i, e in enumerate(evidence, 1)]


def _quote(citation: Citation) -> str:
    return f"“{' '.join(citation.sentence.split())}” [{citation.number}]"


def extractive(
    query: Query, verdict: Verdict, evidence: Sequence[Evidence], nothing: bool
) -> tuple[str, list[Citation], list[AnswerSentence]]:
    """The answer text, its citations, and its statements (each with the citations it rests on)."""
    shown = list(evidence[:3]) if not nothing else []
    if not nothing:  # every sentence the verdict rests on is quoted, even one ranked below three
        shown += [evidence[i] for i in verdict.basis if i >= 3 and i < len(evidence)]
    if query.kind == "question" and query.question_type == "wh":
        holder = next((e for e in shown if direct_answer(query, e.sentence)), None)
        if holder is not None:  # the sentence that holds the answer is cited first
            shown = [holder, *[e for e in shown if e is not holder]]
    citations = cite(shown)
    sentences: list[AnswerSentence] = []
    if nothing:
        line = (
            "NOT ENOUGH INFO: nothing in the indexed articles bears on this."
            if query.kind == "claim"
            else "The indexed articles do not answer this."
        )
        sentences.append(AnswerSentence(line, []))
        return line, [], sentences
    if query.kind == "question" and query.question_type == "wh":
        first, short = citations[0], ""
        for citation in citations:  # the best-ranked sentence that holds the answer
            short = direct_answer(query, citation.sentence)
            if short:
                first = citation
                break
        if short:
            line = f"{short[0].upper() + short[1:]} — {_quote(first)}"
        elif query.checked.lower().startswith(("how many", "how much")):
            line = f"The indexed articles give no number for this; the closest passage: {_quote(first)}"
        else:
            line = f"The closest answer in the indexed articles: {_quote(first)}"
        sentences.append(AnswerSentence(line, [first.number]))
    else:
        if verdict.low_confidence:  # not dressed as a firm label
            lean = {"SUPPORTED": "true", "REFUTED": "false"}.get(
                verdict.label, verdict.label.lower()
            )
            head = (
                f"Unclear — read the sources (leaning {lean}: {verdict.label}, confidence "
                f"{verdict.confidence:.2f}): {verdict.reason}."
            )
        elif query.kind == "question":
            prefix = {"SUPPORTED": "Yes", "REFUTED": "No"}.get(verdict.label, "Not settled")
            head = f"{prefix}: {verdict.label}, confidence {verdict.confidence:.2f}."
        else:
            head = f"{verdict.label}, confidence {verdict.confidence:.2f}: {verdict.reason}."
        by_position = {id(e): c.number for c, e in zip(citations, shown, strict=True)}
        backing = [
            by_position[id(evidence[i])]
            for i in verdict.basis
            if i < len(evidence) and id(evidence[i]) in by_position
        ] or [1]
        sentences.append(AnswerSentence(head + " " + "".join(f"[{n}]" for n in backing), backing))
    for citation, item in zip(citations, shown, strict=True):
        where = citation.label()
        why = "; ".join(item.reasons)
        sentences.append(
            AnswerSentence(
                f"{_quote(citation)} — {where}" + (f" ({why})" if why else ""), [citation.number]
            )
        )
    text = "\n".join(s.text for s in sentences)
    return text, citations, sentences


def no_answer_verdict() -> Verdict:
    return Verdict(NEI, 1.0, "nothing in the archive bears on it")
