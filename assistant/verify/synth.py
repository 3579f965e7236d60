"""Synthetic contrastive training pairs from real sentences (the FactCC recipe, Kryscinski et
al. 2020): for a source sentence, claims it entails, claims it contradicts by one small edit,
and claims it does not settle.

- SUPPORTED: the sentence itself, its first clause, the sentence without a parenthesis or a
  leading date phrase, with a number written the other way (5 <-> five), or with one word
  swapped for a synonym (``contrast_words.txt`` [synonyms]), so that a changed word alone does
  not come to mean "contradicted".
- REFUTED: one edit — a number changed (digits, number words, percentages, durations, tallies),
  a year or month changed, a negation inserted or removed, a word swapped for its opposite or a
  quantifier for a contradicting one (``contrast_words.txt``), a name swapped for another name of
  the same document, or two names trading places (who did what to whom).
- NOT ENOUGH INFO: a claim made from one sentence, paired with a neighbouring sentence of the same
  document — topical, close in words, and silent on it. With ``added_detail``, also the sentence
  itself with a detail it does not state (a time, place, cause or manner taken from another
  sentence of the document) against the sentence: every other word is there, and it still does
  not settle the claim.
- SUPPORTED, with ``name_left_out_pairs``: the sentence against itself without the name of the
  document's subject ("the Drayhaven walk zone" -> "the walk zone", "Guerrero was" -> "He was"):
  an article or a page names its subject in a few sentences and leaves it out of the rest, so a
  name the evidence does not repeat is no contradiction. It is the counterweight of the name
  swaps above, whose claims also hold a name the sentence lacks.

The behavioural suite (``suite.py``) is written apart from this: other templates, word lists and
sentences. Only sentences of documents that no tune or report claim cites are used.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from functools import cache

from assistant.verify.checks import _SENTENCE_START_WORDS, _STOP, word_tables
from assistant.verify.data import NEI, Pair

SUPPORTED, REFUTED = "SUPPORTED", "REFUTED"

_NUMBER_WORDS = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
_TENS = {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80}
_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_DIGITS = re.compile(r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?![\w]|[.,]\d)")
_TALLY = re.compile(r"\b(\d{1,3})[-–](\d{1,3})\b")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_NUMWORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS[2:] + list(_TENS)) + r")\b", re.I)
_MONTH = re.compile(r"\b(" + "|".join(_MONTHS) + r")\b")
_AUX_NEG = re.compile(
    r"\b(is|are|was|were|has|have|had|can|could|will|would|should|does|do|did|may|might|must)\b"
)
_NEGATED = re.compile(r"\b(is|are|was|were|has|have|had|does|do|did|will|would|can|could) not\b")
_NT = re.compile(r"\b(isn't|aren't|wasn't|weren't|doesn't|don't|didn't|hasn't|haven't|won't)\b")
_NT_FIX = {
    "isn't": "is", "aren't": "are", "wasn't": "was", "weren't": "were", "doesn't": "does",
    "don't": "do", "didn't": "did", "hasn't": "has", "haven't": "have", "won't": "will",
}  # fmt: skip
_NAME = re.compile(r"\b([A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,3})\b")
_PAREN = re.compile(r"\s*\([^()]{1,80}\)")
_LEAD = re.compile(r"^(In|On|By|During|Since|As of|After|Before) [^,]{2,40}, ([a-z])", re.I)
_CLAUSE = re.compile(r"(?:, (?:and|but|while|whereas|which|although) |; )")
_NOT_NAMES = (
    _SENTENCE_START_WORDS
    | set(_MONTHS)
    | {"However", "Here", "There", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}
    | {"Saturday", "Sunday"}
)


@cache
def contrast_words() -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """(opposites, quantifiers): word -> the words whose use in a claim contradicts it."""
    tables = word_tables()
    return tables["opposites"], tables["quantifiers"]


def _words_regex(words: Iterable[str]) -> re.Pattern[str]:
    alternatives = sorted(words, key=len, reverse=True)
    return re.compile(
        r"(?<![\w-])(" + "|".join(re.escape(w) for w in alternatives) + r")(?![\w-])", re.I
    )


def _match_case(template: str, word: str) -> str:
    return word[:1].upper() + word[1:] if template[:1].isupper() else word


def _swap_word(text: str, table: dict[str, list[str]], rng: random.Random) -> str | None:
    matches = list(_words_regex(table).finditer(text))
    if not matches:
        return None
    m = rng.choice(matches)
    choice = rng.choice(table[m.group(1).lower()])
    return text[: m.start()] + _match_case(m.group(1), choice) + text[m.end() :]


def _other_number(value: float, rng: random.Random) -> float:
    if value == 0:
        return rng.choice([1, 2, 5])
    factor = rng.choice([0.5, 2, 3, 1.5, 0.25, 10])
    shifted = value + rng.choice([-2, -1, 1, 2, 3]) * max(1, round(abs(value) * 0.1))
    new = rng.choice([value * factor, shifted])
    new = round(new) if float(value).is_integer() else round(new, 1)
    return new if new != value and new >= 0 else value + 1


def _format_like(original: str, value: float) -> str:
    if "," in original:
        return f"{int(value):,}"
    if "." in original:
        return f"{value:.{len(original.split('.')[1])}f}"
    return str(int(value))


def change_number(text: str, rng: random.Random) -> str | None:
    """One number, tally, number word or year set to another value."""
    options: list[tuple[int, int, str]] = []
    for m in _TALLY.finditer(text):
        if m.group(1) != m.group(2):
            options.append((m.start(), m.end(), f"{m.group(2)}-{m.group(1)}"))
    for m in _DIGITS.finditer(text):
        raw = m.group(1)
        value = float(raw.replace(",", ""))
        if _YEAR.fullmatch(raw):
            options.append((m.start(), m.end(), str(int(value) + rng.choice([-3, -2, -1, 1, 2]))))
        else:
            options.append((m.start(), m.end(), _format_like(raw, _other_number(value, rng))))
    for m in _NUMWORD.finditer(text):
        word = m.group(1).lower()
        pool = [w for w in _NUMBER_WORDS[2:13] + list(_TENS)[:3] if w != word]
        options.append((m.start(), m.end(), _match_case(m.group(1), rng.choice(pool))))
    for m in _MONTH.finditer(text):
        options.append((m.start(), m.end(), rng.choice([x for x in _MONTHS if x != m.group(1)])))
    if not options:
        return None
    start, end, new = rng.choice(options)
    return text[:start] + new + text[end:]


def respell_number(text: str, rng: random.Random) -> str | None:
    """A small number written the other way (5 <-> five): the claim still holds."""
    options = []
    for m in re.finditer(r"(?<![\w.,])([2-9]|1[0-2])\b(?![.,]\d)", text):
        if not _YEAR.fullmatch(m.group(1)):
            options.append((m.start(), m.end(), _NUMBER_WORDS[int(m.group(1))]))
    for m in re.finditer(r"\b(" + "|".join(_NUMBER_WORDS[2:13]) + r")\b", text, re.I):
        options.append((m.start(), m.end(), str(_NUMBER_WORDS.index(m.group(1).lower()))))
    if not options:
        return None
    start, end, new = rng.choice(options)
    return text[:start] + new + text[end:]


def flip_negation(text: str, rng: random.Random) -> str | None:
    """Remove a negation if there is one, else negate the first auxiliary verb."""
    if m := _NEGATED.search(text):
        return text[: m.start()] + m.group(1) + text[m.end() :]
    if m := _NT.search(text):
        return text[: m.start()] + _NT_FIX[m.group(1)] + text[m.end() :]
    if m := re.search(r"\bnever\b", text):
        return text[: m.start()] + "always" + text[m.end() :]
    if m := _AUX_NEG.search(text):
        return text[: m.end()] + " not" + text[m.end() :]
    return None


def names(text: str) -> list[str]:
    found = []
    for name in _NAME.findall(text):
        words = name.split()
        while words and words[0] in _NOT_NAMES:
            words = words[1:]
        if words:
            found.append(" ".join(words))
    return list(dict.fromkeys(found))


def recurring_names(sentences: Sequence[str]) -> list[str]:
    """Names written in two or more sentences of a document: entities, not capitalised words of
    a heading or a title."""
    counts = Counter(n for s in sentences for n in names(s))
    return [n for n, k in counts.items() if k >= 2]


def swap_entity(text: str, others: Sequence[str], rng: random.Random) -> str | None:
    """A name replaced by another name of the same document that the sentence lacks."""
    here = [n for n in names(text) if n in others]
    pool = [o for o in others if o not in text and all(o not in h and h not in o for h in here)]
    if not here or not pool:
        return None
    old = rng.choice(here)
    same_size = [o for o in pool if len(o.split()) == len(old.split())] or pool
    return text.replace(old, rng.choice(same_size), 1)


def swap_roles(text: str, others: Sequence[str], rng: random.Random) -> str | None:
    """Two names of the sentence trade places: who did what to whom."""
    here = [n for n in names(text) if text.count(n) == 1 and n in others]
    if len(here) < 2:
        return None
    a, b = rng.sample(here, 2)
    return text.replace(a, "\0").replace(b, a).replace("\0", b)


def entailed(text: str, rng: random.Random) -> str:
    """A claim the sentence entails: a part of it, or the same said another way."""
    options = []
    if (dropped := _PAREN.sub("", text)) != text:
        options.append(dropped)
    if m := _LEAD.match(text):
        options.append(m.group(2).upper() + text[m.end() :])
    parts = _CLAUSE.split(text, maxsplit=1)
    if len(parts) == 2 and len(parts[0].split()) >= 6:
        options.append(parts[0].rstrip(",;") + ".")
    if respelled := respell_number(text, rng):
        options.append(respelled)
    if reworded := _swap_word(text, word_tables()["synonyms"], rng):
        # a one-word change that keeps the meaning, so that a changed word alone does not
        # come to mean "contradicted" (the opposite swaps above)
        options += [reworded, reworded]
    return rng.choice(options) if options and rng.random() < 0.8 else text


def contradicted(text: str, others: Sequence[str], rng: random.Random) -> str | None:
    opposites, quantifiers = contrast_words()
    edits = [
        lambda: change_number(text, rng),
        lambda: flip_negation(text, rng),
        lambda: _swap_word(text, opposites, rng),
        lambda: _swap_word(text, quantifiers, rng),
        lambda: swap_entity(text, others, rng),
        lambda: swap_roles(text, others, rng),
    ]
    rng.shuffle(edits)
    for edit in edits:
        claim = edit()
        if claim and claim != text:
            return claim
    return None


# a detail a sentence may add: a phrase of time, place, cause or manner ("after a two-hour
# debate", "in the emergency department", "because of the storm")
_DETAIL = re.compile(
    r"(?<=[\w)])\s+((?:in|on|at|after|before|during|for|with|without|because of|since|by|from|"
    r"under|over|despite)\s+(?:the\s+|a\s+|an\s+|its\s+|their\s+)?[\w$%'-]+(?:\s+[\w$%'-]+){0,4})"
    r"(?=[,.;]|\s+(?:and|but|which|who|that)\b)"
)


def added_detail(text: str, others: Sequence[str], rng: random.Random) -> str | None:
    """The sentence with a detail it does not state, taken from another sentence."""
    words = {w.lower() for w in re.findall(r"\w+", text)}
    found = [
        m.group(1)
        for other in others
        for m in _DETAIL.finditer(other)
        if not {w.lower() for w in re.findall(r"\w+", m.group(1))} <= words
    ]
    if not found or not text.rstrip().endswith("."):
        return None
    return text.rstrip()[:-1].rstrip() + " " + rng.choice(found) + "."


def _usable(sentence: str) -> bool:
    words = sentence.split()
    return (
        6 <= len(words) <= 45
        and sentence[:1].isupper()
        and sentence.rstrip()[-1:] in '.!?"'
        and "http" not in sentence
    )


def synthetic_pairs(
    documents: Iterable[tuple[str, Sequence[str]]],
    origin: str,
    per_document: int = 2,
    seed: int = 13,
    detail: bool = False,
) -> Iterator[Pair]:
    """Pairs from ``(document id, sentences)``: per chosen sentence one SUPPORTED, one REFUTED
    and one NOT ENOUGH INFO pair (the contradicted claim against a neighbouring sentence); with
    ``detail``, also the sentence with a detail it lacks against itself (NOT ENOUGH INFO)."""
    rng = random.Random(seed)
    for doc_id, sentences in documents:
        usable = [i for i, s in enumerate(sentences) if _usable(s)]
        if not usable:
            continue
        doc_names = recurring_names(sentences)
        for i in rng.sample(usable, min(per_document, len(usable))):
            source = sentences[i]
            yield Pair(entailed(source, rng), source, SUPPORTED, f"synth/{origin}", doc_id)
            claim = contradicted(source, doc_names, rng)
            if claim is None:
                continue
            yield Pair(claim, source, REFUTED, f"synth/{origin}", doc_id)
            near = [j for j in usable if j != i and abs(j - i) <= 3] or [
                j for j in usable if j != i
            ]
            if near:
                neighbour = sentences[rng.choice(near)]
                topical = claim if rng.random() < 0.5 else entailed(source, rng)
                yield Pair(topical, neighbour, NEI, f"synth/{origin}", doc_id)
            if detail:
                others = [sentences[j] for j in usable if j != i]
                if more := added_detail(source, others, rng):
                    yield Pair(more, source, NEI, f"synth/{origin}", doc_id)


# words after "the <Name>" that make the name the head of its phrase, not a modifier of the next
# word ("the Senate voted", "the Dodgers won"): removing the name would leave "the voted"
_NOT_HEAD_NOUN = frozenset({
    "is", "are", "was", "were", "has", "have", "had", "will", "would", "can", "could", "may",
    "might", "must", "shall", "should", "did", "does", "do", "said", "says", "won", "lost", "led",
    "made", "took", "gave", "came", "went", "became", "began", "which", "who", "whom", "whose",
    "that", "and", "or", "but", "of", "in", "on", "at", "to", "for", "by", "with", "from", "as",
    "than", "also", "not", "before", "after", "during", "under", "over", "into", "about",
    "against", "between", "through",
})  # fmt: skip
_PRONOUNS = ("He", "She", "It", "They")


def _verb_like(word: str) -> bool:
    """A word that may make the name before it the head of its phrase ("the Senate voted")."""
    if word in _NOT_HEAD_NOUN or word in _STOP or word.endswith(("ed", "ly")):
        return True
    return word.endswith("s") and not word.endswith("ss")  # "makes" (a plural noun is lost too)


# what may follow a subject pronoun put in a name's place, by pronoun (agreement: "They has")
_SINGULAR_VERBS = frozenset({
    "is", "was", "has", "had", "will", "would", "can", "could", "did", "does", "may", "might",
    "must", "should",
})  # fmt: skip
_PLURAL_VERBS = frozenset({
    "are", "were", "have", "had", "will", "would", "can", "could", "did", "do", "may", "might",
    "must", "should",
})  # fmt: skip


def _agrees(pronoun: str, verb: str) -> bool:
    if pronoun == "They":
        return verb in _PLURAL_VERBS or verb.endswith("ed")
    return (
        verb in _SINGULAR_VERBS
        or verb.endswith("ed")
        or (verb.endswith("s") and not verb.endswith("ss"))
    )


def topic_name(sentences: Sequence[str]) -> str | None:
    """The document's subject: the name written in the most of its sentences, at least three."""
    counts = Counter(n for s in sentences for n in names(s) if n.lower() not in _STOP)
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    return name if count >= 3 else None


def subject_pronoun(sentences: Sequence[str]) -> str | None:
    """The pronoun the document opens its sentences with most (twice at least): how it refers
    to its subject."""
    counts = Counter(s.split(" ", 1)[0] for s in sentences if s.split(" ", 1)[0] in _PRONOUNS)
    if not counts:
        return None
    pronoun, count = counts.most_common(1)[0]
    return pronoun if count >= 2 else None


def name_left_out(text: str, topic: str, pronoun: str | None, rng: random.Random) -> str | None:
    """The sentence without the name ``topic``, still a sentence: a possessive becomes "the", a
    modifier after an article goes, a place phrase at a phrase's end goes, an opening subject
    becomes ``pronoun``. None where the name is not one of the sentence's names, or is there
    twice."""
    if topic not in names(text) or text.count(topic) != 1:
        return None
    name = re.escape(topic)
    options = []
    possessive = re.compile(rf"(\b[Tt]he )?\b{name}'s\s+(?=[a-z])")
    if m := possessive.search(text):
        the = m.group(1) or ("The " if m.start() == 0 else "the ")
        options.append(text[: m.start()] + the + text[m.end() :])
    modifier = re.compile(rf"\b([Tt]he) {name} (?=([a-z]+)\b)")
    if (m := modifier.search(text)) and not _verb_like(m.group(2)):
        options.append(text[: m.start()] + m.group(1) + " " + text[m.end() :])
    place = re.compile(rf" (?:in|at) (?:the )?{name}(?=[.;]|, [a-z])")
    if (m := place.search(text)) and m.start() > 0:
        options.append(text[: m.start()] + text[m.end() :])
    opening = re.compile(rf"^{name} (?=([a-z]+)\b)")
    if pronoun and (m := opening.match(text)) and _agrees(pronoun, m.group(1)):
        options.append(pronoun + " " + text[m.end() :])
    return rng.choice(options) if options else None


def name_left_out_pairs(
    documents: Iterable[tuple[str, Sequence[str]]], origin: str, seed: int = 13
) -> Iterator[Pair]:
    """One SUPPORTED pair a document where one can be made (``name_left_out``): a sentence
    naming the document's subject against the same sentence without the name."""
    rng = random.Random(seed)
    for doc_id, sentences in documents:
        topic = topic_name(sentences)
        if topic is None:
            continue
        pronoun = subject_pronoun(sentences)
        naming = [s for s in sentences if _usable(s) and topic in s]
        rng.shuffle(naming)
        for source in naming:
            if evidence := name_left_out(source, topic, pronoun, rng):
                yield Pair(source, evidence, SUPPORTED, f"synth-name/{origin}", doc_id)
                break


def pronoun_of(text: str) -> str | None:
    """The subject pronoun a sentence's own words suggest for its subject ("his" -> "He")."""
    words = set(re.findall(r"\b(?:his|her|its)\b", text))
    if len(words) != 1:
        return None
    return {"his": "He", "her": "She", "its": "It"}[words.pop()]


def name_left_out_of_pair(pair: Pair, rng: random.Random) -> Pair | None:
    """An NLI pair with the evidence's copy of a name the claim also writes left out
    (``name_left_out``), its label kept: whether the evidence settles the claim is no matter of
    its repeating the claim's subject."""
    shared = [n for n in names(pair.claim) if n in names(pair.evidence) and n.lower() not in _STOP]
    if not shared:
        return None
    evidence = name_left_out(pair.evidence, shared[0], pronoun_of(pair.evidence), rng)
    if evidence is None:
        return None
    return Pair(pair.claim, evidence, pair.label, pair.origin.replace("nli/", "nli-name/"))
