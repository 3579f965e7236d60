"""A behavioural test suite for the claim verifier, in the spirit of CheckList (Ribeiro et al.
2020): small, labelled edits of news sentences that should keep or flip the verdict.

Each case is a source paragraph (the sentence a claim is about and its neighbours, so the
verifier has to pick the right sentence, not just a topical one), a claim and the label it
should get, for one of twelve capabilities: negation, numbers (digits and words), dates and
durations, direction (rose/fell, more/fewer), quantifiers (all/some/none/only), antonyms, entity
swap, role swap (who did what to whom), attribution (who said it), modality (may/will/plans to),
paraphrase (must stay SUPPORTED) and unaddressed claims (about the same story and people, but
the text does not settle them: NOT ENOUGH INFO). Conventions: a claim naming someone or
something else than the source does (who did it, who said it, which town) is REFUTED; a claim
more certain than its source (may -> will) is NOT ENOUGH INFO.

Cases are made by templates and word lists (suite_words.json) over the sample article
(articles/ap-cuban-officers-venezuela.txt, read at run time) and the local-news texts of
suite_texts.md, plus claims written there by hand. The suite is written apart from the
verifier's training-data generator: its own templates, word lists and sentences, and it imports
nothing of the training code, so passing it is not a matter of having learnt that generator's
patterns. It only measures; it never trains.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import typer

from assistant.query import classify, resolve
from assistant.results import NEI, REFUTED, SUPPORTED, Evidence
from index.loaders import LoaderOptions, load_file
from index.sentences import sentence_spans, sentences_by_paragraph
from index.settings import Settings

log = logging.getLogger(__name__)

HERE = Path(__file__).parent
ROOT = HERE.parent.parent  # the repository, where articles/ is
TEXTS, WORDS = HERE / "suite_texts.md", HERE / "suite_words.json"
CAPABILITIES = (
    "negation", "numbers", "dates_durations", "direction", "quantifiers", "antonyms",
    "entity_swap", "role_swap", "attribution", "modality", "paraphrase", "unaddressed",
)  # fmt: skip
SINGLE_LABEL = {"paraphrase": SUPPORTED, "unaddressed": NEI}
PER_CAPABILITY = 48  # at most, taken in turn from each label and each text
WINDOW = 2  # sentences on each side of the one a claim is about, in its source

_BULLET = re.compile(r"^- (\w+)(?: (SUPPORTED|REFUTED|NOT ENOUGH INFO))?: (.+)$")
_NEGATED = re.compile(r"\b(?:not|no|never|cannot|nobody|none)\b|n't\b", re.I)
_INSERT = re.compile(
    r"\b(?:is|are|was|were|will|can|(?:has|have|had)(?= (?:\w+(?:ed|en)|led)\b))\b"
)
_REMOVE = re.compile(r"\b(is|are|was|were|will|did|does|do|has|have|had) not\b|\b(can)not\b")
_DIGITS = re.compile(r"(?<![\w.,:$-])(\$?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(?![\w-]|[.,]\d)")
_YEAR = re.compile(r"(?<![\w$.,-])(1[89]\d\d|20\d\d)(?![\w,-])")
_WORD = re.compile(r"[A-Za-zÀ-ÿ’'-]+")
_WH = re.compile(r"^(?:How|What|When|Where|Which|Who|Whom|Whose|Why)\b")  # read as questions
_SPEAKER = (
    re.compile(r"^“(?P<q>[^”]+?)[,.]?” (?P<who>[^“”]+?) (?P<v>said|told reporters)[^“”]*\.$"),
    re.compile(r"^(?P<who>[A-Z][^“”]*?) said (?:that )?(?P<said>[^“”]+)\.$"),
    re.compile(r"^(?P<clause>[^“”]+), according to (?P<who>[^,“”]+)\.$"),
)
_SLOTS = {"{n}": r"(?P<n>(?!of\b|the\b)[\w,]+)", "{d}": r"(?P<d>\$?\d[\d,.]*)"}

Made = tuple[str, str, str, str]  # capability, claim, expected label, note


@dataclass(frozen=True)
class Case:
    capability: str
    source: str  # a short paragraph: the sentence the claim is about and its neighbours
    claim: str
    expected: str  # SUPPORTED, REFUTED or NOT ENOUGH INFO
    note: str = ""  # how the claim was made


@dataclass(frozen=True)
class Text:
    name: str
    sentences: tuple[str, ...]
    written: tuple[tuple[str, str, str], ...]  # hand-written (capability, label, claim)


def load_texts(path: Path = TEXTS) -> list[Text]:
    """The `##` sections of suite_texts.md; a `Text:` line reads an article of the repository."""
    texts = []
    for section in re.split(r"^## +", path.read_text(encoding="utf-8"), flags=re.M)[1:]:
        name, _, body = section.partition("\n")
        prose, written = [], []
        for line in body.splitlines():
            if bullet := _BULLET.match(line):
                capability, label, claim = bullet.groups()
                written.append((capability, label or SINGLE_LABEL[capability], claim.strip()))
            elif line.startswith("Text: "):
                article = ROOT / line.removeprefix("Text: ").strip()
                if not article.exists():
                    log.warning("%s is missing: the suite leaves out its cases", article)
                    break
                text = load_file(article, LoaderOptions())[0].text
                prose += [text[a:b] for (a, b), _ in sentences_by_paragraph(text)]
            elif line.strip():
                prose.append(line.strip())
        else:
            paragraphs = [p for p in prose if p != "Advertisement" and "automated voice" not in p]
            sentences = [p[a:b] for p in paragraphs for a, b in sentence_spans(p)]
            texts.append(Text(name.strip(), tuple(sentences), tuple(written)))
    return texts


def _rules(entries: list[str]) -> list[tuple[re.Pattern[str], str, str]]:
    """'a => b' (and 'a <=> b', both ways) as (pattern, replacement, note)."""
    out = []
    for entry in entries:
        a, b = (side.strip() for side in re.split(r"<?=>", entry))
        for x, y in [(a, b), (b, a)] if "<=>" in entry else [(a, b)]:
            pattern, replacement = re.escape(x), y
            for slot, group in _SLOTS.items():
                pattern = pattern.replace(re.escape(slot), group)
                replacement = replacement.replace(slot, rf"\g<{slot[1]}>")
            out.append((re.compile(rf"(?<![\w-]){pattern}(?![\w-])"), replacement, f"{x} => {y}"))
    return out


def _found(name: str, text: str) -> bool:
    return re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text) is not None


def _replace(text: str, old: str, new: str) -> str:
    return re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", lambda _: new, text, count=1)


def _bump(n: int) -> int:
    """Another number, far enough from ``n`` that "about n" does not cover it."""
    return n + 2 if n < 10 else round(n * 1.5)


class _Maker:
    """The claims made from one sentence, for every capability, as ``Made`` tuples."""

    def __init__(self, words: dict[str, Any], texts: list[Text]) -> None:
        self.w = words
        self.rules = {
            (capability, label): _rules(entries)
            for capability, by_label in words["rules"].items()
            for label, entries in by_label.items()
        }
        self.lower: set[str] = set()  # words written in lower case somewhere
        self.names: set[str] = set()  # capitalised words seen after a sentence's first word
        for sentence in (s for t in texts for s in t.sentences):
            found = _WORD.findall(sentence)
            self.lower.update(w for w in found if w.islower())
            self.names.update(w for w in found[1:] if w[0].isupper())
        ones, tens = words["ones"], words["tens"]
        self.value = {w: i for i, w in enumerate(ones[2:], 2)}
        self.value.update({w: 10 * i for i, w in enumerate(tens) if w})
        spoken, unit = "|".join(sorted(self.value, key=len, reverse=True)), "|".join(ones[1:10])
        self.spoken = re.compile(rf"(?<![\w-])({spoken})(?:-({unit}))?(?![\w-])", re.I)
        self.weekday = re.compile(rf"\b({'|'.join(words['weekdays'])})(s?)\b")
        months = "|".join(m for m in words["months"] if m != "May") + r"|May(?= \d)"
        self.month = re.compile(rf"\b({months})\b")
        self.dated = re.compile(rf"\b({months}) (\d{{1,2}})\b(?!,)")
        self.role = re.compile(
            rf"^(?P<a>[A-Z][\w’'.-]*(?: [\w’'.-]+){{0,4}}) (?P<v>{'|'.join(words['role_verbs'])}) "
            rf"(?P<b>(?:the )?[A-Z][\w’'.-]*(?: [A-Z][\w’'.-]*)*)(?P<rest>[^,]*?)(?:,| and |\.$)"
        )

    def low(self, text: str) -> str:
        """``text`` to follow other words: its first word loses its capital unless a name."""
        first, _, rest = text.partition(" ")
        if first.lower() in self.lower or (first not in self.names and rest[:1].islower()):
            return text[0].lower() + text[1:]
        return text

    def spell(self, n: int) -> str | None:
        ones, tens = self.w["ones"], self.w["tens"]
        if n < 20:
            return str(ones[n])
        if n < 100:
            return str(tens[n // 10]) + (f"-{ones[n % 10]}" if n % 10 else "")
        for unit, name in ((1000, "thousand"), (100, "hundred")):
            if n % unit == 0 and n // unit < 100:
                return f"{self.spell(n // unit)} {name}"
        return None

    def claims(self, s: str, window: str, people: list[str]) -> Iterator[Made]:
        paraphrased = s
        for (capability, label), rules in self.rules.items():
            for pattern, replacement, note in rules:
                if capability == "paraphrase":  # every synonym of the sentence at once
                    paraphrased = pattern.sub(replacement, paraphrased, count=1)
                else:
                    yield capability, pattern.sub(replacement, s, count=1), label, note
        yield "paraphrase", paraphrased, SUPPORTED, "synonyms"
        yield from self.negation(s)
        yield from self.numbers(s)
        yield from self.dates(s)
        yield from self.entities(s, window, people)
        yield from self.roles(s)
        yield from self.attribution(s, window, people)

    def negation(self, s: str) -> Iterator[Made]:
        if "“" in s:
            return
        wrap = "It is not true that {}".format
        if _NEGATED.search(s):
            plain = _REMOVE.sub(lambda m: m[1] or m[2], s, count=1)
            yield "negation", plain, REFUTED, "negation removed"
            # "It is not true that [the negated sentence]" denies it; wrapped around the sentence
            # without its negation, the two negations cancel and it says the same
            yield "negation", wrap(self.low(s)), REFUTED, "negated sentence, wrapped"
            yield "negation", wrap(self.low(plain)), SUPPORTED, "removed, wrapped"
        elif m := _INSERT.search(s):
            negated = s[: m.end()] + ("not" if m[0] == "can" else " not") + s[m.end() :]
            yield "negation", negated, REFUTED, "negation inserted"
            yield "negation", wrap(self.low(s)), REFUTED, "wrapped in a negation"
            yield "negation", wrap(self.low(negated)), SUPPORTED, "double negation"

    def numbers(self, s: str) -> Iterator[Made]:
        for m in _DIGITS.finditer(s):
            dollar, digits, decimals = m[1], m[2], m[3] or ""
            if _YEAR.fullmatch(digits) or (not dollar and self.month.search(s[: m.start()][-10:])):
                continue  # a year or a day of the month: dates_durations
            n, head, tail = int(digits.replace(",", "")), s[: m.start()], s[m.end() :]
            other = f"{n + 1}{decimals}" if decimals else format(_bump(n), "," * ("," in digits))
            yield "numbers", f"{head}{dollar}{other}{tail}", REFUTED, f"{m[0]} -> {other}"
            spoken, wrong = self.spell(n), self.spell(_bump(n))
            if spoken and wrong and not (dollar or decimals or tail.startswith((" p.m.", " a.m."))):
                yield "numbers", head + spoken + tail, SUPPORTED, f"{m[0]} in words"
                yield "numbers", head + wrong + tail, REFUTED, f"{m[0]} -> {wrong}"
        for m in self.spoken.finditer(s):
            n = self.value[m[1].lower()] + (self.w["ones"].index(m[2].lower()) if m[2] else 0)
            head, tail, wrong = s[: m.start()], s[m.end() :], self.spell(_bump(n)) or ""
            wrong = wrong.capitalize() if m[0][0].isupper() else wrong
            yield "numbers", f"{head}{n}{tail}", SUPPORTED, f"{m[0]} in digits"
            yield "numbers", head + wrong + tail, REFUTED, f"{m[0]} -> {wrong}"
            yield "numbers", f"{head}{_bump(n)}{tail}", REFUTED, f"{m[0]} -> {_bump(n)}"

    def dates(self, s: str) -> Iterator[Made]:
        def later(names: list[str], name: str) -> str:
            return str(names[(names.index(name) + 2) % len(names)])

        days, months, cap = self.w["weekdays"], self.w["months"], "dates_durations"
        yield cap, self.weekday.sub(lambda m: later(days, m[1]) + m[2], s, 1), REFUTED, "weekday"
        yield cap, self.month.sub(lambda m: later(months, m[1]), s, 1), REFUTED, "month"
        yield cap, self.dated.sub(r"\2 \1", s, 1), SUPPORTED, "day before month"
        yield cap, self.dated.sub(lambda m: f"{m[1]} {int(m[2]) + 2}", s, 1), REFUTED, "day"
        yield cap, _YEAR.sub(lambda m: str(int(m[0]) + 3), s, 1), REFUTED, "year"

    def entities(self, s: str, window: str, people: list[str]) -> Iterator[Made]:
        """A person, town, street, company... swapped for another, preferably one the source
        also names; a full name cut to the surname."""
        for person in people:
            surname = person.split()[-1]
            form = person if _found(person, s) else surname if _found(surname, s) else ""
            others = [p for p in people if p != person and not _found(p.split()[-1], s)]
            others.sort(key=lambda p: not _found(p.split()[-1], window))
            if form and others:
                new = others[0] if form == person else others[0].split()[-1]
                yield "entity_swap", _replace(s, form, new), REFUTED, f"{form} -> {new}"
            if form == person != surname:
                yield "entity_swap", _replace(s, person, surname), SUPPORTED, "surname only"
        for group in self.w["entities"]:
            name = next((g for g in group if _found(g, s)), None)
            others = [g for g in group if not _found(g, s)]
            others.sort(key=lambda g: not _found(g, window))
            if name and others:
                yield "entity_swap", _replace(s, name, others[0]), REFUTED, f"{name} -> {others[0]}"

    def roles(self, s: str) -> Iterator[Made]:
        """Turn "A verb B" into "B verb A", "B <converse> A" (lost to, was sued by...) and
        "A <converse> B"."""
        if m := self.role.match(s):
            a, b, verb, rest = m["a"], m["b"], m["v"], m["rest"]
            converse, b_first = self.w["role_verbs"][verb], b[0].upper() + b[1:]
            yield "role_swap", f"{b_first} {verb} {self.low(a)}{rest}.", REFUTED, "swapped"
            yield "role_swap", f"{b_first} {converse} {self.low(a)}{rest}.", SUPPORTED, "converse"
            yield "role_swap", f"{a} {converse} {self.low(b)}{rest}.", REFUTED, "converse, swapped"

    def attribution(self, s: str, window: str, people: list[str]) -> Iterator[Made]:
        """Words someone said (a quote, "X said ...", "..., according to X") said by another
        person of the text; the same attribution written another way."""
        m = next((m for pattern in _SPEAKER if (m := pattern.match(s))), None)
        who = m["who"].rstrip(",") if m else ""
        core = who.split(",")[0].split()  # "Mayor Ana Ortiz, who proposed the plan," -> 3 words
        speaker = next((p for p in people if core and p.split()[-1] == core[-1]), None)
        others = sorted(
            (p for p in people if p != speaker), key=lambda p: p.split()[-1] not in window
        )
        if m is None or speaker is None or len(core) > 4 or not others:
            return
        said_by = s[: m.start("who")] + others[0] + s[m.end("who") :]
        yield "attribution", said_by, REFUTED, f"said by {others[0]}"
        if m.groupdict().get("q"):
            yield "attribution", f"{who} {m['v']}: “{m['q']}.”", SUPPORTED, "quote first"
        elif m.groupdict().get("said"):
            claim = f"According to {self.low(who)}, {m['said']}."
            yield "attribution", claim, SUPPORTED, "according to"
        else:
            claim = f"{who[0].upper()}{who[1:]} said {self.low(m['clause'])}."
            yield "attribution", claim, SUPPORTED, "said"


def cases() -> list[Case]:
    """Every case, in a fixed order: the same list on every call (no randomness)."""
    texts, words = load_texts(), json.loads(WORDS.read_text(encoding="utf-8"))
    maker = _Maker(words, texts)
    found: dict[str, list[tuple[int, Case]]] = defaultdict(list)
    seen: set[tuple[str, str, str]] = set()
    for t, text in enumerate(texts):
        sentences, whole = text.sentences, " ".join(text.sentences)
        people = [p for p in words["people"] if _found(p.split()[-1], whole)]
        made = []  # hand-written claims first: they are taken first
        for capability, label, claim in text.written:  # about the sentence sharing most words
            shared = [len(_longer_words(claim) & _longer_words(s)) for s in sentences]
            window = _window(sentences, shared.index(max(shared)))
            made.append((window, capability, claim, label, "written"))
        for i, sentence in enumerate(sentences):
            window = _window(sentences, i)
            made += [(window, *m) for m in maker.claims(sentence, " ".join(window), people)]
        for window, capability, claim, label, note in made:
            key = (capability, claim, " ".join(window))
            if claim in window or _WH.match(claim) or classify(claim)[0] != "claim" or key in seen:
                continue
            seen.add(key)
            found[capability].append((t, Case(capability, key[2], claim, label, note)))
    return [case for capability in CAPABILITIES for case in _balanced(found[capability])]


def _longer_words(text: str) -> set[str]:
    """The words of four letters or more, lower-cased: what ties a written claim to its
    sentence ("state", "grant"), not "the", "a" or "of" (counted, "A state grant will pay for
    most of the $850,000 repair" chose the bridge's first sentence, away from the grant's)."""
    return {w.lower() for w in _WORD.findall(text) if len(w) >= 4}


def _window(sentences: tuple[str, ...], i: int) -> tuple[str, ...]:
    return sentences[max(0, i - WINDOW) : i + WINDOW + 1]


def _balanced(found: list[tuple[int, Case]], limit: int = PER_CAPABILITY) -> list[Case]:
    """At most ``limit`` cases, taking labels in turn and, within a label, texts in turn."""
    queues = []
    for label in sorted({case.expected for _, case in found}):
        by_text: dict[int, list[Case]] = defaultdict(list)
        for t, case in found:
            if case.expected == label:
                by_text[t].append(case)
        rounds = max(map(len, by_text.values()))
        queues.append([q[i] for i in range(rounds) for q in by_text.values() if i < len(q)])
    chosen: list[Case] = []
    while len(chosen) < limit and any(queues):
        chosen += [q.pop(0) for q in queues if q][: limit - len(chosen)]
    return chosen


def evidence_for(source: str, number: int) -> list[Evidence]:
    """The source's sentences as unscored evidence, as if from one article "suite:<number>"."""
    from assistant.evidence import pronoun_speaker  # as a retrieved passage's sentences get it

    passage = "suite:" + hashlib.sha1(source.encode()).hexdigest()[:16]  # sentence vectors cache
    texts = [source[a:b] for a, b in sentence_spans(source)]
    return [
        Evidence(
            source[a:b], f"suite:{number}", passage, a, b, 1, "suite case", "suite", "", "",
            speaker=pronoun_speaker(texts[i], texts[:i]),
        )
        for i, (a, b) in enumerate(sentence_spans(source))
    ]  # fmt: skip


def run_suite(
    assistant: Any, cases: list[Case] | None = None, progress: Callable[[str], None] | None = None
) -> dict[str, Any]:
    """Judge every case as a check does (rank_evidence, then judge) and count the verdicts that
    match: per capability, overall, and the failures."""
    chosen = _all_cases() if cases is None else cases
    started, passed = time.perf_counter(), 0
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    failures = []
    confidence, right = [], []
    for n, case in enumerate(chosen, 1):
        query = resolve(case.claim)
        vector = assistant.embedder.embed_query(query.checked)
        ranked = assistant.rank_evidence(query, evidence_for(case.source, n), vector)
        verdict = assistant.judge(query, ranked)
        ok = verdict.label == case.expected
        passed += ok
        confidence.append(verdict.confidence)
        right.append(ok)
        tally[case.capability][0] += 1
        tally[case.capability][1] += ok
        if not ok:
            failures.append(
                {
                    "capability": case.capability,
                    "claim": case.claim,
                    "expected": case.expected,
                    "got": verdict.label,
                    "confidence": verdict.confidence,
                    "note": case.note,
                }
            )
        if progress and (n % 50 == 0 or n == len(chosen)):
            progress(f"{n}/{len(chosen)} cases, {passed} passed")
    names = [c for c in CAPABILITIES if c in tally] + sorted(set(tally) - set(CAPABILITIES))
    return {
        "cases": len(chosen),
        "passed": passed,
        "overall": round(passed / len(chosen), 4) if chosen else 0.0,
        "seconds": round(time.perf_counter() - started, 1),
        "capabilities": {
            c: {
                "cases": tally[c][0],
                "passed": tally[c][1],
                "rate": round(tally[c][1] / tally[c][0], 4),
            }
            for c in names
        },
        "calibration": _calibration(confidence, right),
        "failures": failures,
    }


def _calibration(confidence: list[float], right: list[bool]) -> dict[str, float]:
    """How well the verdicts' confidence tells the right ones from the wrong: the mean confidence
    of each, the share of wrong verdicts at 0.7 or more, and the expected calibration error
    (ten bins of confidence, as ``factcheck eval`` computes it; written here again so that the
    suite imports nothing else of the verifier)."""
    ok = [c for c, r in zip(confidence, right, strict=True) if r]
    wrong = [c for c, r in zip(confidence, right, strict=True) if not r]
    ece = 0.0
    for b in range(10):
        inside = [
            (c, r)
            for c, r in zip(confidence, right, strict=True)
            if (b / 10 < c <= (b + 1) / 10) or (b == 0 and c == 0)
        ]
        if inside:
            mean_c = sum(c for c, _ in inside) / len(inside)
            mean_r = sum(r for _, r in inside) / len(inside)
            ece += len(inside) / len(confidence) * abs(mean_c - mean_r)
    return {
        "ece": round(ece, 4),
        "mean_confidence_right": round(sum(ok) / len(ok), 4) if ok else 0.0,
        "mean_confidence_wrong": round(sum(wrong) / len(wrong), 4) if wrong else 0.0,
        "wrong_at_0.7_or_more": round(sum(c >= 0.7 for c in wrong) / len(wrong), 4)
        if wrong
        else 0.0,
    }


_all_cases = cases  # run_suite's parameter of the same name hides the function


def markdown(report: dict[str, Any]) -> str:
    """A table of the pass rate per capability, and overall."""
    rows = [
        (name, r["cases"], r["passed"], r["rate"]) for name, r in report["capabilities"].items()
    ]
    rows.append(("**overall**", report["cases"], report["passed"], report["overall"]))
    lines = ["| capability | cases | passed | pass rate |", "|---|---:|---:|---:|"]
    lines += [f"| {n} | {c} | {p} | {r:.2f} |" for n, c, p, r in rows]
    calibration = report.get("calibration")
    if calibration:
        lines.append(
            f"\nConfidence: {calibration['mean_confidence_right']:.2f} on average where the "
            f"verdict is right, {calibration['mean_confidence_wrong']:.2f} where it is wrong "
            f"({calibration['wrong_at_0.7_or_more']:.0%} of the wrong ones at 0.7 or more); "
            f"ECE {calibration['ece']:.3f}"
        )
    return "\n".join(lines)


def suite_command(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Run the verifier's behavioural suite (CheckList-style edits of news sentences: negation,
    numbers, dates, direction, quantifiers, antonyms, entities, roles, attribution, modality,
    paraphrase, unaddressed claims) and print the pass rate of each capability."""
    from assistant.service import build_assistant

    assistant = build_assistant(ctx.obj if isinstance(ctx.obj, Settings) else Settings())
    assistant.warm_up()
    report = run_suite(assistant, progress=lambda line: typer.echo(line, err=True))
    typer.echo(json.dumps(report, ensure_ascii=False) if as_json else markdown(report))
