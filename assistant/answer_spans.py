"""The phrases of a sentence that may answer a wh-question, by kind: dates and times, people
and organisations (titles dropped), places, amounts of money. Which of them answers is
``short_answer``'s business; this module only finds them."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.verify.checks import _MONTHS, _SENTENCE_START_WORDS, _WEEKDAYS, Quantity

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
)
_WEEKDAY = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_YEAR = r"(?:1[6-9]\d\d|20\d\d)"
_DATE = re.compile(
    rf"\b(?P<lead>(?:by|until|before|after|since|between|from|in|on|at|early|late)\s+)?"
    rf"(?P<date>(?:the\s+(?:end|start|beginning|middle)\s+of\s+)?(?:"
    rf"{_MONTH}(?:\s+\d{{1,2}}(?:st|nd|rd|th)?)?(?:,?\s+{_YEAR})?"
    rf"|{_WEEKDAY}(?:\s+(?:night|morning|afternoon|evening))?"
    rf"|{_YEAR}(?:\s+and\s+{_YEAR})?"
    rf"|(?:last|next|this)\s+(?:week|month|year|spring|summer|fall|autumn|winter)"
    rf"|yesterday|today|tonight))\b"
)
_KEEP_LEAD = ("by", "until", "before", "after", "between", "early", "late")
_TITLE_WORDS = """president vice mayor judge deputy chief police city manager supervisor
    supervisors district attorney secretary state governor senator sen rep dr mr mrs ms board
    member council councilman councilwoman superintendent director chair chairman chairwoman
    general reporter reporters officer sheriff commissioner prime minister former interim acting
    coach professor prof captain lt sgt detective spokesman spokeswoman spokesperson writer
    editor staff"""
_TITLES = frozenset(_TITLE_WORDS.split())  # they open a name: "Deputy Chief Omar Haddad"
_GROUP_WORDS = """prosecutors police officials residents crews officers authorities
    investigators researchers scientists witnesses voters critics supporters opponents
    firefighters students teachers parents doctors experts analysts organizers lawmakers"""
_GROUPS = frozenset(_GROUP_WORDS.split())  # "Prosecutors said": a capital, not a name

_NAME_WORD = r"[A-Z][^\W\d_]*(?:[’'-][A-Za-z][^\W\d_]*)*\.?"
_NAME_RUN = re.compile(rf"{_NAME_WORD}(?:\s+(?:of\s+|de\s+|van\s+)?{_NAME_WORD})*")
_PLACE_LEAD = re.compile(r"\b(?:in|at|on|to|near|from|aboard|outside|inside|into)\s+(?:the\s+)?$")
_OF_LEAD = re.compile(r"\bof\s+(?:the\s+)?$")  # "treasurer of the league": not the treasurer


@dataclass(frozen=True)
class Candidate:
    """A phrase that may answer: what to show, and the span of the whole phrase."""

    text: str
    start: int  # character span of the whole phrase in the sentence (titles included)
    end: int


def dates(sentence: str, question: str = "") -> list[Candidate]:
    future = bool(re.search(r"\b(?:will|going to|expected to)\b", question, re.I))
    past = bool(re.search(r"\b(?:did|was|were|had)\b", question, re.I))
    found = []
    for m in _DATE.finditer(sentence):
        lead = (m.group("lead") or "").strip().lower()
        said = m.group("date").lower()
        if (future and (said.startswith("last ") or said == "yesterday" or lead == "since")) or (
            past and said.startswith("next ")
        ):
            continue  # "last year" does not answer "when will"
        text = f"{lead} {m.group('date')}" if lead in _KEEP_LEAD else m.group("date")
        found.append(Candidate(text, m.start(), m.end()))
    return found


def _bare(word: str) -> str:
    word = word.lower().rstrip(".")
    return word[:-2] if word.endswith(("’s", "'s")) else word


def people(sentence: str, asked_names: set[str]) -> list[Candidate]:
    """Names of people and organisations in the sentence, titles dropped, with the names of the
    question, days, months, places ("in Portland") and "the X of" left out."""
    asked_words = {_bare(w) for n in asked_names for w in n.split()}
    found = []
    for m in _NAME_RUN.finditer(sentence):
        words = m.group().split()
        if m.start() == 0 or sentence[: m.start()].rstrip().endswith((".", "“", '"', ":")):
            while words and words[0] in _SENTENCE_START_WORDS:  # "The", "You", "But"
                words = words[1:]
        if words and words[-1].endswith(("’s", "'s")):
            words[-1] = words[-1][:-2]
        last_title = max((i for i, w in enumerate(words) if _bare(w) in _TITLES), default=-1)
        words = words[last_title + 1 :]
        if not words or all(_bare(w) in asked_words for w in words):
            continue
        text = " ".join(words).rstrip(".")
        if text.lower() in _WEEKDAYS + _MONTHS + tuple(_GROUPS) or text in ("I", "U.S", "US"):
            continue
        if _PLACE_LEAD.search(sentence[: m.start()]) or _OF_LEAD.search(sentence[: m.start()]):
            continue
        found.append(Candidate(text, m.start(), m.end()))
    return found


def partners(sentence: str, chosen: Candidate, people: list[Candidate]) -> str:
    """ "Helen Park and Victor Ames": every name in the same coordination as the chosen one."""
    ordered = sorted(people, key=lambda c: c.start)
    at = ordered.index(chosen)
    low = high = at
    joined = re.compile(r"\s*(?:,|,?\s*and)\s*(?:[A-Z][a-z]+\s+)*")
    while low > 0 and joined.fullmatch(sentence[ordered[low - 1].end : ordered[low].start]):
        low -= 1
    while high + 1 < len(ordered) and joined.fullmatch(
        sentence[ordered[high].end : ordered[high + 1].start]
    ):
        high += 1
    texts = [c.text for c in ordered[low : high + 1]]
    return texts[0] if len(texts) == 1 else ", ".join(texts[:-1]) + " and " + texts[-1]


def places(sentence: str) -> list[Candidate]:
    found = []
    for m in _NAME_RUN.finditer(sentence):
        lead = _PLACE_LEAD.search(sentence[: m.start()])
        text = m.group().rstrip(".")
        if lead and text.lower() not in _WEEKDAYS and not re.fullmatch(_MONTH, text):
            found.append(Candidate(text, lead.start(), m.end()))
    return found


def money(sentence: str, q: Quantity) -> bool:
    return sentence[max(0, q.start - 1) : q.start] in ("$", "€", "£") or "dollar" in q.text
