"""Plain, explainable comparisons of a claim with one evidence sentence: numbers, negation,
names. They give the verifier features and the reader a short reason ("numbers differ: claim 23,
source 32")."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_NUMBER_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "dozen": 12,
    "a dozen": 12, "a hundred": 100, "a thousand": 1000, "half a dozen": 6,
}  # fmt: skip
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_UNITS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
# a duration's unit in days, so "48 hours" and "two days" are the same length of time
_DURATION_DAYS = {
    "minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "fortnight": 14, "month": 30.4, "year": 365.25,
    "decade": 3652.5, "century": 36525,
}  # fmt: skip
_WORDS_ALT = "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
_NUMBER = re.compile(
    r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(%|percent|per cent))?(?![\w])"
    rf"|\b((?:{'|'.join(_TENS)})[- ](?:{'|'.join(_UNITS)})|{_WORDS_ALT})\b",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"\s*(?:(thousand|million|billion|trillion)\b)?\s*(?:-\s*)?"
    r"(minutes?|hours?|days?|weeks?|fortnights?|months?|years?|decades?|centur(?:y|ies))?\b",
    re.IGNORECASE,
)
_A_UNIT = re.compile(
    r"\b(half an?|an?|one)\s+(minute|hour|day|week|fortnight|month|year|decade|century)\b",
    re.IGNORECASE,
)
_AND_A_HALF = re.compile(r"\s+and\s+a\s+half\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_NEGATION = re.compile(
    r"\b(not|no|never|none|nobody|nothing|nowhere|neither|nor|without|cannot|can't|won't|didn't|doesn't|don't|isn't|"
    r"aren't|wasn't|weren't|hasn't|haven't|hadn't|fails?|failed|lack|lacks|lacking|absent|"
    r"unable|denied|denies|deny|refused|false|untrue)\b",
    re.IGNORECASE,
)
_STOP = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "on",
        "at",
        "to",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "by",
        "with",
        "as",
        "from",
        "that",
        "this",
        "it",
        "its",
        "their",
        "his",
        "her",
        "has",
        "have",
        "had",
        "will",
        "would",
        "said",
        "says",
        "say",
    ]
)
_CAPITALISED = re.compile(r"\b([A-Z][^\W\d_]+(?:\s+[A-Z][^\W\d_]+)*)\b")
_SENTENCE_START_WORDS = frozenset(
    [
        "The",
        "A",
        "An",
        "In",
        "On",
        "At",
        "For",
        "And",
        "But",
        "Or",
        "If",
        "When",
        "While",
        "After",
        "Before",
        "During",
        "It",
        "This",
        "That",
        "These",
        "Those",
        "He",
        "She",
        "They",
        "We",
        "I",
        "You",
        "His",
        "Her",
        "Their",
        "Its",
        "Our",
        "Some",
        "Many",
        "Most",
        "How",
        "What",
        "Who",
        "Whom",
        "Whose",
        "Where",
        "Which",
        "Why",
        "Did",
        "Does",
        "Do",
        "Is",
        "Are",
        "Was",
        "Were",
        "Has",
        "Have",
        "Had",
        "Can",
        "Could",
        "Will",
        "Would",
        "Should",
        "According",
        "Although",
    ]
)
# names written several ways: any spelling in a group counts as the name
_ALIASES = (
    {
        "us",
        "u.s",
        "usa",
        "u.s.a",
        "united states",
        "america",
        "american",
        "americans",
        "washington",
    },
    {"uk", "u.k", "britain", "british", "united kingdom", "england"},
    {"eu", "e.u", "european union"},
    {"un", "u.n", "united nations"},
)


@dataclass(frozen=True)
class Quantity:
    value: float
    text: str
    start: int
    end: int
    percent: bool = False
    unit: str = ""  # a duration's unit ("day", "week", ...), singular

    @property
    def year_like(self) -> bool:
        return (
            self.value.is_integer()
            and 1800 <= self.value <= 2100
            and "," not in self.text
            and not self.unit
            and self.text.isdigit()
        )

    @property
    def days(self) -> float | None:
        """The length of time, in days, when this is a duration."""
        return self.value * _DURATION_DAYS[self.unit] if self.unit else None

    def same_amount(self, other: Quantity) -> bool:
        if self.days is not None and other.days is not None:
            return abs(self.days - other.days) <= 0.02 * max(self.days, other.days)
        # a duration and a count are different things, even when the number is the same
        return self.days is None and other.days is None and self.value == other.value


def _word_value(word: str) -> float:
    word = word.lower()
    if word in _NUMBER_WORDS:
        return float(_NUMBER_WORDS[word])
    tens, unit = re.split(r"[- ]", word)
    return float(_NUMBER_WORDS[tens] + _NUMBER_WORDS[unit])


def _unit(raw: str | None) -> str:
    if not raw:
        return ""
    raw = raw.lower()
    return "century" if raw.startswith("centur") else raw.rstrip("s")


def quantities(text: str) -> list[Quantity]:
    """Numbers in digits or words ("1,200", "3.5%", "twenty-five", "2 million"); a number
    followed by a unit of time is a duration ("48 hours", "two days"; also "a week")."""
    found = []
    for match in _NUMBER.finditer(text):
        if match.group(3):
            value, raw, percent = _word_value(match.group(3)), match.group(3), False
        else:
            raw = match.group(1)
            try:
                value = float(raw.replace(",", ""))
            except ValueError:
                continue
            percent = bool(match.group(2))
        end = match.end()
        half_before = _AND_A_HALF.match(text, end)  # "two and a half years"
        if (
            half_before
            and (unit_after := _AFTER.match(text, half_before.end()))
            and unit_after.group(2)
        ):
            value, end = value + 0.5, half_before.end()
        after = _AFTER.match(text, end)
        unit = ""
        if after and not percent:
            if after.group(1):
                value *= _MULTIPLIERS[after.group(1).lower()]
            unit = _unit(after.group(2))
            if after.group(1) or unit:
                end = after.end()
            if unit and (half := _AND_A_HALF.match(text, end)):  # "two and a half years"
                value, end = value + 0.5, half.end()
        found.append(
            Quantity(value, text[match.start() : end].strip(), match.start(), end, percent, unit)
        )
    for match in _A_UNIT.finditer(text):
        if not any(q.start <= match.start() < q.end for q in found):
            value, end = (0.5 if match.group(1).lower().startswith("half") else 1.0), match.end()
            if half := _AND_A_HALF.match(text, end):  # "a year and a half"
                value, end = value + 0.5, half.end()
            unit = _unit(match.group(2))
            found.append(
                Quantity(value, text[match.start() : end], match.start(), end, False, unit)
            )
    return sorted(found, key=lambda q: q.start)


def _stem(word: str) -> str:
    word = word.lower()
    for suffix in ("ies", "es", "s", "ed", "ing"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    return {_stem(w) for w in _WORD.findall(text) if w.lower() not in _STOP and len(w) > 1}


def _context(text: str, q: Quantity, width: int = 3) -> set[str]:
    before = _WORD.findall(text[: q.start])[-width:]
    after = _WORD.findall(text[q.end :])[:width]
    return {_stem(w) for w in before + after if w.lower() not in _STOP}


@dataclass(frozen=True)
class Comparison:
    """What one evidence sentence says about the claim, plainly."""

    coverage: float  # share of the claim's content words found in the sentence
    numbers_match: bool  # every non-year claim number appears in the sentence
    number_conflict: tuple[str, str] | None  # (claim number, source number) about the same thing
    negation_mismatch: bool
    missing_names: tuple[str, ...]  # names in the claim that the sentence lacks

    def reasons(self) -> list[str]:
        reasons = []
        if self.number_conflict:
            claim, source = self.number_conflict
            reasons.append(f"numbers differ: claim {claim}, source {source}")
        if self.negation_mismatch:
            reasons.append("negated: one says the opposite of the other")
        if self.missing_names:
            reasons.append(
                "different name: the source does not mention " + ", ".join(self.missing_names)
            )
        return reasons


def _names(text: str) -> set[str]:
    names = set()
    for match in _CAPITALISED.finditer(text):
        name = match.group(1)
        first = name.split()[0]
        if first in _SENTENCE_START_WORDS:  # "How", "The", "Did": not part of a name
            name = " ".join(name.split()[1:])
        if name and name not in _SENTENCE_START_WORDS:
            names.add(name)
    return names


def _mentions(sentence: str, sentence_words: set[str], name: str) -> bool:
    """Whether the sentence names ``name``: any of its words, an alias (US / U.S. / American),
    or a demonym sharing its stem (Venezuela / Venezuelan)."""
    lowered = sentence.lower()
    key = name.lower().rstrip(".")
    for group in _ALIASES:
        if key in group:
            return any(
                re.search(rf"(?<!\w){re.escape(alias)}\.?(?!\w)", lowered) for alias in group
            )
    for word in name.split():
        stem = _stem(word)
        if stem in sentence_words or word.lower() in lowered:
            return True
        if len(stem) >= 5 and any(
            w.startswith(stem[:-1]) or stem.startswith(w) for w in sentence_words if len(w) >= 5
        ):
            return True
    return False


@lru_cache(maxsize=4096)  # a check compares each sentence with the claim in several places
def compare(claim: str, sentence: str) -> Comparison:
    claim_words = content_words(claim)
    sentence_words = content_words(sentence)
    coverage = len(claim_words & sentence_words) / len(claim_words) if claim_words else 0.0
    claim_numbers = [q for q in quantities(claim) if not q.year_like]
    source_numbers = [q for q in quantities(sentence) if not q.year_like]

    def stated(q: Quantity) -> bool:
        return any(q.same_amount(s) for s in source_numbers)

    numbers_match = all(stated(q) for q in claim_numbers)
    conflict = None
    for q in claim_numbers:
        if stated(q):
            continue
        around = _context(claim, q)
        best = None
        for s in source_numbers:
            if any(s.same_amount(c) for c in claim_numbers) or s.percent != q.percent:
                continue
            if bool(s.unit) != bool(q.unit):
                continue  # a duration and a count are not the same thing
            shared = len(around & _context(sentence, s)) + (1 if s.unit and q.unit else 0)
            if shared and (best is None or shared > best[0]):
                best = (shared, s)
        if best is not None:
            conflict = (q.text, best[1].text)
            break
    claim_neg = len(_NEGATION.findall(claim)) % 2
    source_neg = len(_NEGATION.findall(sentence)) % 2
    missing = tuple(sorted(n for n in _names(claim) if not _mentions(sentence, sentence_words, n)))
    return Comparison(
        coverage=round(coverage, 4),
        numbers_match=numbers_match,
        number_conflict=conflict,
        negation_mismatch=claim_neg != source_neg,
        missing_names=missing,
    )
