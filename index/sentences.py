"""Paragraph and sentence boundaries with exact character offsets.

Rule-based (no model, no download), tuned for news and scientific English: a sentence ends at
. ! ? (or an ellipsis) followed by optional closing quotes/brackets, whitespace, and then a
capital letter, digit or opening quote; except after known abbreviations (U.S., Mr., Dr., et al.,
e.g., Jan., ...) and single-letter initials.
"""

from __future__ import annotations

import re

Span = tuple[int, int]

_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_CLOSERS = "\"'”’)]»"
_OPENERS = "\"'“‘([«"
_BOUNDARY = re.compile(
    r"(?:\.\.\.|…|[.!?])["
    + re.escape(_CLOSERS)
    + r"]*(?=\s+["
    + re.escape(_OPENERS)
    + r"]*[A-Z0-9À-ÖØ-Þ])"
)
_ABBREVIATIONS = {
    "u.s",
    "u.k",
    "u.n",
    "e.u",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "gov",
    "sen",
    "rep",
    "lt",
    "col",
    "sgt",
    "capt",
    "cmdr",
    "adm",
    "maj",
    "st",
    "jr",
    "sr",
    "inc",
    "ltd",
    "co",
    "corp",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "a.m",
    "p.m",
    "no",
    "nos",
    "fig",
    "figs",
    "al",
    "approx",
    "dept",
    "est",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "mt",
    "ft",
    "rev",
    "hon",
    "pres",
    "atty",
    "supt",
    "vol",
    "ed",
    "eds",
    "ref",
    "refs",
    "eq",
    "ca",
    "cf",
    "resp",
    "ph.d",
    "d.c",
    "n.y",
    "l.a",
}
_WORD_BEFORE = re.compile(r"([\w.]+)$")
_LOOK_BACK = 32  # characters searched for the word before a period: abbreviations are short


def paragraph_spans(text: str) -> list[Span]:
    """(start, end) of each paragraph: blocks between blank lines, trimmed, never empty."""
    spans: list[Span] = []
    position = 0
    for match in [*_PARAGRAPH_BREAK.finditer(text), None]:
        end = match.start() if match else len(text)
        spans.extend(_trim(text, position, end))
        if match:
            position = match.end()
    return spans


def _trim(text: str, start: int, end: int) -> list[Span]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return [(start, end)] if start < end else []


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the period at ``dot`` ends an abbreviation or an initial, not a sentence."""
    # a bounded window: searching from 0 made sentence splitting quadratic in the text length
    match = _WORD_BEFORE.search(text, max(0, dot - _LOOK_BACK), dot)
    if not match:
        return False
    word = match.group(1).lower().strip(".")
    if word in _ABBREVIATIONS:
        return True
    # single-letter initials: "John F. Kennedy"
    return len(word) == 1 and word.isalpha()


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> list[Span]:
    """Absolute offsets of the sentences in ``text[start:end]``, trimmed, in order, together
    covering every non-whitespace character of the range exactly once."""
    end = len(text) if end is None else end
    spans: list[Span] = []
    position = start
    for match in _BOUNDARY.finditer(text, start, end):
        at = match.start()
        if text[at] == "." and not text.startswith("...", at) and _is_abbreviation(text, at):
            continue
        spans.extend(_trim(text, position, match.end()))
        position = match.end()
    spans.extend(_trim(text, position, end))
    return spans


def sentences_by_paragraph(text: str) -> list[tuple[Span, list[Span]]]:
    """Each paragraph's span with the spans of its sentences."""
    return [(p, sentence_spans(text, *p)) for p in paragraph_spans(text)]
