"""Builds ``common_words.txt``: English words that are more often written in lower case than
capitalised inside a sentence, for the plain checks. A claim's first word is capitalised by
grammar; where it is one of these ("Taking", "Increased", "Reduction"), it is a word of the claim,
not a name the evidence has to mention. A name ("Quintanilla", "Chicago", "Mary") is written
capitalised, so it stays a name.

The shipped file is this module's output, counted over the premises and hypotheses of the
training pairs in ``../shared/eval/nli-extra`` (only the sets under open licences: VitaminC,
FEVER and its challenge sets, SNLI, counterfactual SNLI, ConjNLI, the negation set, SciNLI,
citation integrity, Breaking NLI); rebuild it with::

    python -m assistant.verify.common_words ../shared/eval/nli-extra > assistant/verify/common_words.txt
"""

from __future__ import annotations

import gzip
import json
import re
import sys
from collections import Counter
from pathlib import Path

SETS = (
    "vitaminc_test", "fever_dev_rte", "fever_symmetric", "fever_adversarial", "fever_triggers",
    "snli_dev_test_esnli", "cad_snli", "conjnli", "negation_nli", "scinli", "citation_integrity",
    "breaking_nli",
)  # fmt: skip
MIN_LOWER = 3  # a word seen in lower case fewer times than this is left out
_WORD = re.compile(r"[A-Za-z][a-z]+(?:-[a-z]+)*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def count(texts: list[str]) -> tuple[Counter[str], Counter[str]]:
    """(lower-case uses, capitalised uses inside a sentence) of each word, lower-cased."""
    lower: Counter[str] = Counter()
    capital: Counter[str] = Counter()
    for text in texts:
        for sentence in _SENTENCE_END.split(text):
            for n, match in enumerate(_WORD.finditer(sentence)):
                word = match.group(0)
                if word[0].islower():
                    lower[word] += 1
                elif n:  # the first word of a sentence is capitalised whatever it is
                    capital[word.lower()] += 1
    return lower, capital


def common_words(folder: Path) -> list[str]:
    texts: dict[str, None] = {}
    for name in SETS:
        with gzip.open(folder / name / "pairs.jsonl.gz", "rt", encoding="utf-8") as lines:
            for line in lines:
                pair = json.loads(line)
                texts.setdefault(pair["premise"])
                texts.setdefault(pair["hypothesis"])
    lower, capital = count(list(texts))
    return sorted(w for w, n in lower.items() if n >= MIN_LOWER and n >= capital[w])


def main(argv: list[str]) -> None:
    words = common_words(Path(argv[0]))
    print("# English words written more often in lower case than capitalised inside a sentence,")
    print("# counted over the nli-extra training pairs under open licences (built by")
    print("# assistant/verify/common_words.py; do not edit by hand). Sources: VitaminC, FEVER")
    print("# (CC BY-SA 3.0), SNLI (CC BY-SA 4.0), counterfactual SNLI (Apache-2.0), ConjNLI and")
    print("# the negation set (MIT), SciNLI (CC BY-SA 4.0), citation integrity (MIT), Breaking NLI")
    print("# (CC BY-SA 4.0).")
    for word in words:
        print(word)


if __name__ == "__main__":
    main(sys.argv[1:])
