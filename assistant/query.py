"""What kind of input this is (a claim or a question), and what a follow-up refers to."""

from __future__ import annotations

import re
from dataclasses import dataclass

_WH = ("how", "what", "when", "where", "which", "who", "whom", "whose", "why")
_AUX = (
    "is", "are", "was", "were", "do", "does", "did", "has", "have", "had", "can", "could",
    "will", "would", "should", "may", "might",
)  # fmt: skip
_FOLLOW_UP = re.compile(
    r"^(and|but|also|what about|how about|and what about|what of|same for|then)\b", re.IGNORECASE
)
_PRONOUN = re.compile(r"\b(it|they|them|their|he|she|his|her|its|that|those|this|these)\b", re.I)
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Query:
    text: str  # what the person typed
    kind: str  # "claim" or "question"
    question_type: str  # "wh" (how many, who, ...), "yes-no", or "" for claims
    checked: str  # the claim checked or the question answered, after resolving a follow-up
    search: str  # the text retrieval uses (follow-ups include the earlier turn)
    focus: str  # the words of this turn that matter most (a follow-up's new words)


def classify(text: str) -> tuple[str, str]:
    words = _WORD.findall(text.lower())
    if not words:
        return "claim", ""
    first = words[0]
    if first in ("and", "but", "also", "so") and len(words) > 1:
        first = words[1]
    asked = text.rstrip().endswith("?")
    if first in _WH and (asked or not _declarative(words, text)):
        return "question", "wh"
    if asked:
        return "question", "yes-no" if first in _AUX else "wh"
    return "claim", ""


def _declarative(words: list[str], text: str) -> bool:
    """A statement that opens with a wh-word ("When water warms, coral bleaches", "What the
    study found was that ...", "How the virus spreads remains unknown", "Which is why the
    council voted no"): no question mark, and a clause before a comma or a subject right after
    the wh-word, with no auxiliary or "how many"-style word there."""
    second = words[1] if len(words) > 1 else ""
    if words[:3] == ["which", "is", "why"]:
        return True
    if second in _AUX or second in ("many", "much", "long", "old", "often", "far", "kind"):
        return False
    subject = ("the", "a", "an", "he", "she", "they", "it", "we", "i", "you", "this", "his", "her")
    return ", " in text or (second in subject and len(words) > 4) or _pseudo_cleft(words)


_COPULA = ("is", "are", "was", "were", "remains", "remained")
_PAST = (
    "found", "said", "told", "made", "did", "saw", "knew", "took", "got", "went", "came", "left",
    "wrote", "thought", "meant", "chose", "gave", "paid", "sold", "built", "won", "lost", "spent",
)  # fmt: skip


_PRESENT = (
    "want", "need", "say", "know", "mean", "think", "believe", "expect", "hope", "fear", "show",
    "suggest", "like", "see", "do", "plan", "propose", "offer", "ask", "demand",
)  # fmt: skip


_DETERMINERS = ("the", "a", "an", "of", "these", "those", "his", "her", "its", "their", "our")


def _pseudo_cleft(words: list[str]) -> bool:
    """ "What Cuba announced was two days of mourning", "How Ortiz voted remains unclear", "What
    Cuba wants is an end to the strikes", "Which officers died was not disclosed": a clause with
    its own verb ("announced", "wants", "want") before a verb of being, then what is said of it.
    Not "What Cuban officers were killed" (no verb before "were": a plural takes "were", a verb
    in -s only a singular "is")."""
    if len(words) < 5:
        return False
    for i in range(3, len(words) - 1):
        if words[i] in _COPULA:
            before = words[i - 1]
            singular = words[i] in ("is", "was", "remains", "remained")
            return (
                before.endswith("ed")
                or before in _PAST
                or before in _PRESENT
                or (
                    singular
                    and before.endswith("s")
                    and not before.endswith("ss")
                    and words[i - 2] not in _DETERMINERS  # "which of the officers was": a noun
                )
            )
    return False


def as_claim(question: str) -> str:
    """A yes/no question read as the claim it asks about ("Did Cuba announce two days of
    mourning?" -> "Cuba announce two days of mourning")."""
    text = question.strip().rstrip("?").strip()
    words = text.split()
    if words and words[0].lower() in _AUX:
        words = words[1:]
    return " ".join(words)


def is_follow_up(text: str) -> bool:
    words = _WORD.findall(text)
    return bool(_FOLLOW_UP.match(text.strip())) or (len(words) <= 6 and bool(_PRONOUN.search(text)))


def resolve(text: str, history: list[str] | None = None) -> Query:
    """``history``: the person's earlier turns, oldest first."""
    text = " ".join(text.split())
    kind, qtype = classify(text)
    previous = next((h for h in reversed(history or []) if h.strip()), "")
    follow = bool(previous) and is_follow_up(text)
    if follow:
        search = f"{previous} {text}"
        if kind == "claim" and classify(previous)[0] == "question":
            kind, qtype = "question", classify(previous)[1]
        checked = _merge(previous, text)
        if qtype == "wh" and _asks_anew(text, previous):
            # "Who announced it?" after "When will Simmons retire?": a new question about the
            # last one's subject; the last turn says what "it" is
            checked = f"{text} — about: {previous}"
    else:
        search, checked = text, text
    if kind == "question" and qtype == "yes-no":
        checked = as_claim(checked)
    return Query(text, kind, qtype, checked, search, text)


def _asks_anew(text: str, previous: str) -> bool:
    """The follow-up is a whole wh-question of its own ("Who announced it?", "And who said
    so?"), not the last question with other words ("And how many Venezuelans?")."""
    words = [w for w in _WORD.findall(text.lower()) if w not in ("and", "but", "also", "so")]
    before = _WORD.findall(previous.lower())
    if not words or words[0] not in _WH:
        return False
    return len(words) >= 2 and (words[:2] != before[:2] or words[1] in _AUX)


def _merge(previous: str, follow_up: str) -> str:
    """ "How many Cuban officers were killed?" + "And how many Venezuelans?" ->
    "How many Venezuelans were killed?" — the new words take the place of the old ones after
    the shared question words."""
    new = _FOLLOW_UP.sub("", follow_up.strip()).strip(" ,?")
    prev = previous.strip().rstrip("?")
    prev_words, new_words = prev.split(), new.split()
    shared = 0
    while (
        shared < min(len(prev_words), len(new_words))
        and prev_words[shared].lower() == new_words[shared].lower()
    ):
        shared += 1
    if shared == 0:
        return f"{prev}; {new}"
    # the previous question's verb phrase: from its first auxiliary on, after the shared words
    rest = prev_words[shared:]
    tail_start = next((i for i, w in enumerate(rest) if w.lower() in _AUX), len(rest))
    merged = new_words + rest[tail_start:]
    return " ".join(merged) + ("?" if previous.strip().endswith("?") else "")
