"""The extractive answer (the offline default): a first line with the verdict or the direct
answer, then the quoted evidence, every statement with a numbered citation."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.query import Query
from assistant.results import NEI, AnswerSentence, Citation, Evidence, Verdict
from assistant.short_answer import names_in, question_names, scored_short_answer, short_answer

ANSWER_FROM = 5  # the short answer may come from any of the best sentences


def direct_answer(query: Query, sentence: str, title: str = "") -> str:
    """The short answer a wh-question asks for, cut from the evidence sentence; '' when none."""
    return short_answer(query.checked, sentence, title)


def _answer_holder(query: Query, evidence: Sequence[Evidence]) -> tuple[Evidence | None, str]:
    """The sentence whose short answer stands best beside the question's words (the better
    ranked on a tie), and that answer."""
    best: tuple[float, int, Evidence | None, str] = (0.0, 0, None, "")
    names = question_names(query.checked)
    naming = {e.article_id for e in evidence if names_in(names, e.sentence, e.title)}
    for rank, e in enumerate(evidence[:ANSWER_FROM]):
        text, score = scored_short_answer(
            query.checked, e.sentence, e.title, e.article_id in naming
        )
        if text and (score, -rank) > best[:2]:
            best = (score, -rank, e, text)
    return best[2], best[3]


def cite(evidence: Sequence[Evidence]) -> list[Citation]:
    return [Citation.of(i, e) for i, e in enumerate(evidence, 1)]


def _quote(citation: Citation) -> str:
    return f"“{' '.join(citation.sentence.split())}” [{citation.number}]"


def extractive(
    query: Query, verdict: Verdict, evidence: Sequence[Evidence], nothing: bool, scope: str = ""
) -> tuple[str, list[Citation], list[AnswerSentence], str]:
    """The answer text, its citations, its statements (each with the citations it rests on),
    and the short answer ('' when none: a claim, or no sentence states what was asked).
    ``scope``: the filters in words ("from Associated Press, since 2026-01"), when any."""
    shown = list(evidence[:3]) if not nothing else []
    if not nothing:  # every sentence the verdict rests on is quoted, even one ranked below three
        shown += [evidence[i] for i in verdict.basis if i >= 3 and i < len(evidence)]
    holder, short = None, ""
    if query.kind == "question" and query.question_type == "wh" and not nothing:
        holder, short = _answer_holder(query, evidence)
        if holder is not None:  # the sentence that holds the answer is cited first
            shown = [holder, *[e for e in shown if e is not holder]]
    citations = cite(shown)
    sentences: list[AnswerSentence] = []
    if nothing:
        where = f"the indexed articles {scope}" if scope else "the indexed articles"
        line = (
            f"NOT ENOUGH INFO: nothing in {where} bears on this."
            if query.kind == "claim"
            else f"{where[0].upper() + where[1:]} do not answer this."
        )
        if scope:
            line += " The filters are on: widen them to search everything."
        sentences.append(AnswerSentence(line, []))
        return line, [], sentences, ""
    if query.kind == "question" and query.question_type == "wh":
        first = citations[0]  # the holder of the short answer, when there is one
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
    return text, citations, sentences, short


def no_answer_verdict() -> Verdict:
    return Verdict(NEI, 1.0, "nothing in the archive bears on it")
