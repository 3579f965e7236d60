"""The short answer to a wh-question, cut from one evidence sentence, or none.

A short answer is what a person copies, so it is given only when it is of the asked type (when:
a date or a time; who: a person or an organisation; where: a place; how many: a count of the
asked thing; how much: an amount of money, a share or a measure) and the sentence states it for
the asked subject: every name the question uses is in the sentence or its article's title (or
the sentence speaks of it as "he", "it", "they"), and the answer stands beside the words that
say what is asked ("will retire on June 30", "will serve as interim chief"), not beside another
part of the sentence. A question that ends on its verb ("Where was the man taken?") wants an
answer beside that verb. When the sentence names several ("Helen Park and Victor Ames cast the
dissenting votes") all are given. Otherwise there is no short answer and the sentence is shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant import answer_spans as spans
from assistant.evidence import is_credit_line
from assistant.verify.checks import (
    _STOP,
    Quantity,
    _context,
    _mentions,
    _names,
    _stem,
    content_words,
    quantities,
)

NEAR = 4  # an answer at most this many words from a word of the question stands for it
MIN_COVERAGE = 0.5  # the share of the question's words the sentence must have
_TOKEN = re.compile(r"[^\W_]+(?:[.'’-][^\W_]+)*\.?|\$?\d[\d,.]*")
_IRREGULAR_FORMS = """became:become began:begin begun:begin took:take taken:take gave:give
    given:give won:win held:hold built:build left:leave made:make paid:pay said:say told:tell
    went:go gone:go came:come sold:sell bought:buy brought:bring found:find kept:keep led:lead
    lost:lose met:meet ran:run rose:rise risen:rise fell:fall fallen:fall saw:see seen:see
    sent:send spent:spend stood:stand struck:strike thought:think wrote:write written:write
    chose:choose chosen:choose drew:draw grew:grow grown:grow spoke:speak spoken:speak
    stole:steal stolen:steal"""
_IRREGULAR = dict(pair.split(":") for pair in _IRREGULAR_FORMS.split())
_LIGHT_VERBS = frozenset(["held", "hold", "located", "based"])
_SAYING = frozenset(["said", "say", "says", "told", "tell", "announced", "wrote"])
_PRONOUN = re.compile(r"\b(?:he|she|him|her|his|it|its|they|them|their)\b", re.IGNORECASE)
_HOW = re.compile(
    r"^\s*(?:and\s+|but\s+)?(?:by\s+)?(how\s+(?:many|much|long|old|far)|what\s+(?:percentage|"
    r"share|number|proportion)|when|what\s+(?:year|day|date|month|time)|who|whom|whose|where)\b",
    re.IGNORECASE,
)


def asked_kind(question: str) -> str:
    """'count', 'amount', 'quantity' (how long, how old...), 'date', 'who', 'where', or '' (a
    question this module does not answer)."""
    match = _HOW.match(question)
    if not match:
        return ""
    word = " ".join(match.group(1).lower().split())
    if word == "how many" or word == "what number":
        return "count"
    if word == "how much" or word.startswith("what"):
        return "amount" if word.startswith(("how", "what p", "what s")) else "date"
    if word.startswith("how"):
        return "quantity"
    return {"when": "date", "where": "where"}.get(word, "who")


def _token_spans(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text)]


def _same_word(a: str, b: str) -> bool:
    """ "announced" and "announce", "stepped" and "step": one crude stem the start of the other."""
    a, b = _stem(a.lower()), _stem(b.lower())
    a, b = _IRREGULAR.get(a, a), _IRREGULAR.get(b, b)
    return a == b or (min(len(a), len(b)) >= 4 and (a.startswith(b) or b.startswith(a)))


@dataclass(frozen=True)
class _Asked:
    """What a question asks about: its content words outside its names (``main``; a follow-up's
    last turn adds ``earlier``, which count less), and its verb when it ends on one ("When will
    Simmons retire?")."""

    main: list[str]
    earlier: list[str]
    verb: str

    @property
    def words(self) -> list[str]:
        return self.main + [w for w in self.earlier if w not in self.main]


def _content(question: str, names: set[str]) -> tuple[list[str], str]:
    in_names = {w.lower() for n in names for w in n.split()}
    words = [w for _, _, w in _token_spans(question)]
    if words and words[0].lower() in ("and", "but", "by"):
        words = words[1:]
    skip = 2 if words and words[0].lower() in ("how", "what") else 1  # "how many", "who"
    anchors = [
        w
        for w in words[skip:]
        if (w.lower() not in _STOP or w.lower() in _SAYING)
        and w.lower() not in in_names | {"when", "where", "who", "whom"}
        and w[0].isalpha()
        and len(w) > 2
    ]
    verb = ""
    if words and anchors and words[-1] == anchors[-1] and words[-1].lower() not in _LIGHT_VERBS:
        aux = words[skip].lower() if len(words) > skip else ""
        before = words[-2] if len(words) > 1 else ""
        if re.search(r"(?:ed|en)$", words[-1]) or (
            aux in ("will", "did", "does", "do", "can", "could", "should", "would")
            and before[:1].isupper()  # "When will Laura Simmons retire?"
        ):
            verb = words[-1]
    return anchors, verb


def _anchors(question: str, names: set[str]) -> _Asked:
    now, *before = question.split(" — about: ")
    main, verb = _content(now, names)
    earlier = [w for turn in before for w in _content(turn, names)[0]]
    return _Asked(main, earlier, verb)


def _inside(tokens: list[tuple[int, int, str]], c: spans.Candidate) -> list[int]:
    return [i for i, (s, e, _) in enumerate(tokens) if s < c.end and e > c.start]


def _nearness(
    sentence: str,
    candidate: spans.Candidate,
    anchors: list[str],
    before: float = 1.0,
    blocked: frozenset[int] = frozenset(),
) -> tuple[float, dict[str, int]]:
    """A candidate's closeness to the question's words (right beside it counts most, the first
    of them most; words inside it or another candidate, such as a title, do not count; words
    before it count ``before`` as much), and its distance to each of them."""
    tokens = _token_spans(sentence)
    inside = _inside(tokens, candidate)
    if not inside:
        return 0.0, {}
    first, last = inside[0], inside[-1]
    score, distances = 0.0, {}
    for rank, anchor in enumerate(anchors):
        best, weight = 99, 1.0
        for i, (_, _, word) in enumerate(tokens):
            if first <= i <= last or i in blocked or not _same_word(word, anchor):
                continue
            distance = first - i if i < first else i - last
            if distance < best:
                best, weight = distance, before if i < first else 1.0
        if best < 99:
            score += weight / (best * (1 + 0.25 * rank))
            distances[anchor] = best
    return score, distances


def _best(
    sentence: str, candidates: list[spans.Candidate], asked: _Asked, before: float = 1.0
) -> tuple[spans.Candidate | None, float]:
    """The candidate beside the question's words, and its score (0: none is)."""
    words, verb = asked.words, asked.verb
    tokens = _token_spans(sentence)
    blocked = frozenset(i for c in candidates for i in _inside(tokens, c))
    scored = []
    for c in candidates:
        score, distances = _nearness(sentence, c, words, before, blocked)
        if distances and min(distances.values()) <= NEAR:
            by_verb = verb in distances and distances[verb] <= NEAR
            scored.append((score + (1.0 if by_verb else 0.0), c))
    if not scored:
        return None, 0.0
    score, chosen = max(scored, key=lambda item: item[0])
    return chosen, score


_PHRASE_END_WORDS = """of in on at for to from by with were was are is did do does have has had
    will would could can died killed"""
_PHRASE_END = frozenset(_PHRASE_END_WORDS.split())


def _head_noun(question: str) -> str:
    """The thing a "how many" question counts, stemmed: "How many days of mourning…" -> "day"."""
    match = re.match(r"\s*(?:and\s+)?(?:by\s+)?how\s+(?:many|much)\s+(.*)", question, re.I)
    if not match:
        return ""
    phrase = []
    for word in re.findall(r"[^\W\d_]+", match.group(1)):
        if word.lower() in _PHRASE_END:
            break
        phrase.append(word)
    return _stem(phrase[-1]) if phrase and len(phrase) <= 4 else ""


def _quantity(kind: str, question: str, sentence: str, anchors: _Asked) -> tuple[str, float]:
    head = _head_noun(question)
    age = bool(re.match(r"\s*(?:and\s+)?how\s+old\b", question, re.I))
    dates = spans.dates(sentence)
    candidates: list[tuple[Quantity, spans.Candidate]] = []
    for q in quantities(sentence):
        money = spans.money(sentence, q)
        if (q.year_like and not q.unit) or any(d.start <= q.start < d.end for d in dates):
            continue  # "in 2019", "June 30": a date, not a count
        if head and head not in _context(sentence, q, 4) | {q.unit}:
            continue  # a number, but of something else ("32 officers" for "how many Venezuelans")
        if kind == "count" and (money or q.percent or q.text.lower().startswith(("a ", "an "))):
            continue
        if kind == "amount" and not (money or q.percent or (q.unit and head == q.unit)):
            continue  # "how much" asks for money or a share, not a count of animals
        if age and (q.unit or q.percent or money):
            continue
        if kind == "quantity" and not age and not q.unit:
            continue  # "how long" asks for a duration
        if (
            re.search(r"\bfrom\s+\$?$", sentence[: q.start])
            and re.match(r"\s+to\s+[$€£]?\d", sentence[q.end :])
            and not re.search(r"\b(?:before|now|currently|previous|old)\b", question, re.I)
        ):
            continue  # "from $2.00 to $2.50": what it will be is the second
        start = (
            q.start - 1 if sentence[max(0, q.start - 1) : q.start] in ("$", "€", "£") else q.start
        )
        shown = (sentence[start : q.end] if start < q.start else q.text).strip()
        candidates.append((q, spans.Candidate(shown, start, q.end)))
    chosen, score = _best(sentence, [c for _, c in candidates], anchors)
    if chosen is None and age:  # "Simmons, 57, joined" or "a 34-year-old man"
        for q, c in candidates:
            if (
                re.search(r"[^\W\d_]+,\s*$", sentence[: q.start])
                and re.match(r"\s*,", sentence[q.end :])
                or re.match(r"-year-old\b", sentence[q.end :])
            ):
                chosen, score = c, 0.5
    if chosen is None:
        if not (head and len(candidates) == 1):
            return "", 0.0  # no number stands beside what was asked
        chosen, score = candidates[0][1], 0.5
    best = next(q for q, c in candidates if c is chosen)
    if age or best.percent or chosen.text[0] in "$€£" or (best.unit and head in ("", best.unit)):
        return chosen.text, score
    after = re.findall(r"[^\W\d_]+", sentence[best.end :])[:4]
    stems = [_stem(w) for w in after]
    if head in stems and not any(w.lower() in _STOP for w in after[: stems.index(head)]):
        return " ".join([best.text, *after[: stems.index(head) + 1]]), score  # "32 Cuban officers"
    return best.text, score


def question_names(question: str) -> set[str]:
    """The names in a question, "U.S." and "U.N." included."""
    return _names(question) | set(re.findall(r"(?<!\w)(?:[A-Z]\.){2,}", question))


def names_in(names: set[str], sentence: str, title: str = "") -> bool:
    """Every name is in the sentence or in its article's title."""
    words, title_words = content_words(sentence), content_words(title)
    return all(_mentions(sentence, words, n) or _mentions(title, title_words, n) for n in names)


def _asks_for_the_doer(question: str) -> bool:
    """ "Who announced…", "Who cast…": the answer is the subject, before the verb. Not "Who is
    the chair" (the role may come first: "board chair Rosa Delgado") nor "Who did X replace"."""
    m = re.match(r"\s*(?:and\s+|but\s+)?who\s+(\w+)(?:\s+(\w+))?", question, re.I)
    if not m:
        return False
    first, second = m.group(1).lower(), (m.group(2) or "").lower()
    if first in ("is", "was", "are", "were", "did", "does", "do"):
        return False
    return not (
        first in ("will", "would", "could", "has", "have", "had") and second in ("be", "been")
    )


def scored_short_answer(
    question: str, sentence: str, title: str = "", article_names_it: bool = False
) -> tuple[str, float]:
    """The short answer to ``question`` in ``sentence`` (see the module docstring) and how well
    it stands beside the question's words (to pick among sentences); ('', 0) if none.
    ``article_names_it``: another sentence of the same article names whom the question names,
    so that this one may speak of them as "he" or "it"."""
    kind = asked_kind(question)
    if not kind or is_credit_line(sentence):  # credits are not evidence, nor answers
        return "", 0.0
    names = question_names(question)
    if not names_in(names, sentence, title) and not (
        article_names_it and _PRONOUN.search(sentence)
    ):
        return "", 0.0  # the sentence is about someone or something else
    asked = _anchors(question, names)
    tokens = [w for _, _, w in _token_spans(sentence)]

    def share(words: list[str]) -> float:
        # light verbs ("held", "located") say little about what a sentence is about
        words = [w for w in words if w.lower() not in _LIGHT_VERBS]
        return sum(any(_same_word(a, w) for w in tokens) for a in words) / max(1, len(words))

    if asked.main and share(asked.main) < MIN_COVERAGE:
        return "", 0.0  # the sentence is not about what was asked
    if asked.verb and not share([asked.verb]):
        return "", 0.0  # nor about what the question asks it did ("reopen" for "closed")
    text, score = _answer(kind, question, sentence, names, asked)
    if not text:
        return "", 0.0
    return text, share(asked.main) + 0.5 * share(asked.earlier) + 0.1 * score


def _answer(
    kind: str, question: str, sentence: str, names: set[str], anchors: _Asked
) -> tuple[str, float]:
    if kind in ("count", "amount", "quantity"):
        return _quantity(kind, question, sentence, anchors)
    if kind == "date":
        chosen, score = _best(sentence, spans.dates(sentence, question), anchors)
    elif kind == "where":
        chosen, score = _best(sentence, spans.places(sentence), anchors)
    else:
        # a word of the question is not its answer ("Hospital chief executive …" for "Who is
        # the hospital's chief executive?"), nor are its names
        asked_words = names | {w for _, _, w in _token_spans(question)}
        people = spans.people(sentence, asked_words)
        chosen, score = _best(sentence, people, anchors, 0.5 if _asks_for_the_doer(question) else 1)
        if chosen is not None:
            return spans.partners(sentence, chosen, people), score
    return (chosen.text, score) if chosen else ("", 0.0)


def short_answer(question: str, sentence: str, title: str = "") -> str:
    return scored_short_answer(question, sentence, title)[0]
