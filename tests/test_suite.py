"""The verifier's behavioural suite (assistant/verify/suite.py): the cases it makes (fast, no
model), the runner's bookkeeping with a stand-in assistant, the command, and one run with the
real bundled models whose pass rates must stay above FLOORS."""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from assistant.query import Query, classify
from assistant.results import NEI, REFUTED, SUPPORTED, Evidence, Verdict
from assistant.verify import suite
from assistant.verify.metrics import expected_calibration_error
from assistant.verify.suite import CAPABILITIES, Case, cases, markdown, run_suite, suite_command
from index.sentences import sentence_spans
from index.settings import Settings
from tests.conftest import ROOT, FakeEmbedder

# The pass rates of the shipped verifier with the decision rules of 2026-12-03 (561 cases:
# negation 0.958, numbers 1.000, dates_durations 0.958, direction 0.913, quantifiers 0.872,
# antonyms 0.750, entity_swap 0.958, role_swap 0.875, attribution 0.979, modality 0.932,
# paraphrase 0.771, unaddressed 0.750; overall 0.893; the first retrained verifier: 0.665;
# before it: 0.508), less 0.05, rounded down to a multiple of 0.05. Unaddressed: 0.646 with the
# aggregator refitted on evidence from 20 passages (2026-12-04; five more of its claims get a
# label under 0.55, which reads "unclear"), so its floor is 0.60. Then a negation's reach ends
# with its clause and a passive's "by" turns round only the names it stands between: antonyms
# 0.771, role_swap 0.917, overall 0.890; shares in words as percentages or durations:
# quantifiers 0.897, dates_durations 0.979, overall 0.893. With the aggregator refitted on a
# Xeon with AMX (2026-12-05): unaddressed 0.729, overall 0.900, so its floor is 0.65 again.
# With the all-mpnet-base-v2 verifier (2026-12-06, Xeon with AMX): negation 0.979, numbers 1.000,
# dates_durations 0.979, direction 0.978, quantifiers 0.974, antonyms 0.917, entity_swap 1.000,
# role_swap 0.979, attribution 1.000, modality 0.977, paraphrase 0.938, unaddressed 0.667;
# overall 0.948. With the full-mix verifier (2026-12-07, Xeon with AMX): negation 0.979, numbers
# 1.000, dates_durations 0.979, direction 1.000, quantifiers 0.974, antonyms 0.958, entity_swap
# 1.000, role_swap 0.938, attribution 1.000, modality 0.977, paraphrase 0.896, unaddressed 0.896;
# overall 0.966, so unaddressed's floor is 0.80. Then "using" read as "use" and a lean to a
# contradiction in a sentence that bears on nothing no basis for REFUTED (2026-12-07, AMD EPYC
# with AVX-512 VNNI): paraphrase 0.917, unaddressed 0.917, overall 0.973, so unaddressed's floor
# is 0.85. Raise them when a better verifier or better rules ship.
FLOORS = {
    "negation": 0.90,
    "numbers": 0.95,
    "dates_durations": 0.90,
    "direction": 0.90,
    "quantifiers": 0.90,
    "antonyms": 0.85,
    "entity_swap": 0.95,
    "role_swap": 0.90,
    "attribution": 0.95,
    "modality": 0.90,
    "paraphrase": 0.85,
    "unaddressed": 0.85,
}


def spans(case: Case) -> list[tuple[int, int]]:
    return sentence_spans(case.source)


@pytest.fixture(scope="module")
def made() -> list[Case]:
    return cases()


def test_enough_cases_over_every_capability(made: list[Case]) -> None:
    counts = Counter(case.capability for case in made)
    assert len(made) >= 400
    assert set(counts) == set(CAPABILITIES) == set(FLOORS) and len(CAPABILITIES) == 12
    assert all(n >= 30 for n in counts.values()), counts


def test_the_same_cases_every_time(made: list[Case]) -> None:
    assert cases() == made
    assert len({(c.capability, c.source, c.claim) for c in made}) == len(made)


def test_labels(made: list[Case]) -> None:
    assert {case.expected for case in made} <= {SUPPORTED, REFUTED, NEI}
    by_capability: dict[str, Counter[str]] = {}
    for case in made:
        by_capability.setdefault(case.capability, Counter())[case.expected] += 1
    assert set(by_capability.pop("paraphrase")) == {SUPPORTED}
    assert set(by_capability.pop("unaddressed")) == {NEI}
    for name, labels in by_capability.items():  # answering one label always cannot pass them
        assert len(labels) >= 2, (name, labels)
        assert max(labels.values()) <= 0.6 * sum(labels.values()), (name, labels)


def test_a_wrapped_negation_is_labelled_by_what_it_says(made: list[Case]) -> None:
    """ "It is not true that" around a negated sentence denies it; around the sentence with its
    negation removed, the two negations cancel."""
    wrapped = [c for c in made if c.claim.startswith("It is not true that")]
    assert wrapped
    for case in wrapped:
        plain_source = not re.search(r"\b(?:not|no|never|cannot)\b|n't\b", case.source, re.I)
        inner_negated = bool(
            re.search(
                r"\b(?:not|no|never|cannot)\b|n't\b", case.claim[len("It is not true that") :]
            )
        )
        if case.note == "negated sentence, wrapped":
            assert case.expected == REFUTED, case
        if case.note == "removed, wrapped":
            assert case.expected == SUPPORTED and not plain_source, case
        if case.note == "double negation":
            assert case.expected == SUPPORTED and inner_negated, case


def test_a_source_is_a_paragraph_holding_the_claims_sentence_and_neighbours(
    made: list[Case],
) -> None:
    for case in made:
        sentences = [case.source[a:b] for a, b in sentence_spans(case.source)]
        assert len(sentences) >= 3, case
        assert case.claim not in sentences, case  # no identity cases
        assert classify(case.claim) == ("claim", ""), case
    # a generated claim is an edit of one sentence of its source: most of its words are there
    shares = []
    for case in (c for c in made if c.note != "written"):
        words = set(case.claim.lower().split())
        kept = max(len(words & set(case.source[a:b].lower().split())) for a, b in spans(case))
        shares.append(kept / len(words))
        assert shares[-1] >= 0.2, case
    assert sorted(shares)[len(shares) // 2] >= 0.7


def test_texts_of_both_kinds_are_used(made: list[Case]) -> None:
    sample = (ROOT / "articles" / "ap-cuban-officers-venezuela.txt").read_text(encoding="utf-8")
    from_sample = [c for c in made if c.source[: sentence_spans(c.source)[0][1]] in sample]
    assert len(from_sample) >= 40 and len(made) - len(from_sample) >= 300
    assert {c.capability for c in from_sample} >= {"negation", "numbers", "paraphrase"}
    assert sum(c.note == "written" for c in made) >= 80


def test_written_apart_from_the_training_generator() -> None:
    source = Path(suite.__file__).read_text(encoding="utf-8")
    imported = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            imported |= {node.module} | {f"{node.module}.{a.name}" for a in node.names}
    training = {f"assistant.verify.{name}" for name in ("synth", "data", "train", "fit")}
    assert not imported & training, imported & training
    assert not any(name.startswith("assistant.verify.") for name in imported)
    script = (
        "import sys, assistant.verify.suite as s; s.cases(); "
        "print([m for m in sys.modules if m.startswith('assistant.verify.')])"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, check=True
    ).stdout
    assert loaded.strip() == "['assistant.verify.suite']", loaded


class AlwaysSupported:
    """Stands in for the Assistant: says SUPPORTED to everything and keeps what it was given."""

    def __init__(self) -> None:
        self.embedder = FakeEmbedder()
        self.calls: list[tuple[Query, list[Evidence]]] = []

    def warm_up(self) -> None:
        pass

    def rank_evidence(
        self, query: Query, candidates: list[Evidence], vector: np.ndarray
    ) -> list[Evidence]:
        assert vector.shape == (self.embedder.dimension,)
        self.calls.append((query, candidates))
        return candidates

    def judge(self, query: Query, evidence: list[Evidence]) -> Verdict:
        return Verdict(SUPPORTED, 0.75, "stand-in")


def test_runner_counts_and_passes_each_source_as_evidence(made: list[Case]) -> None:
    stand_in, lines = AlwaysSupported(), []
    report = run_suite(stand_in, made, progress=lines.append)
    supported = [c for c in made if c.expected == SUPPORTED]
    assert (report["cases"], report["passed"]) == (len(made), len(supported))
    assert report["overall"] == pytest.approx(len(supported) / len(made), abs=1e-4)
    assert report["overall"] < 0.5  # one label always does not pass the suite
    assert list(report["capabilities"]) == list(CAPABILITIES)
    for name, row in report["capabilities"].items():
        wanted = [c for c in made if c.capability == name]
        assert row["cases"] == len(wanted)
        assert row["passed"] == sum(c.expected == SUPPORTED for c in wanted)
    assert report["capabilities"]["paraphrase"]["rate"] == 1.0
    assert report["capabilities"]["unaddressed"]["rate"] == 0.0
    assert len(report["failures"]) == len(made) - len(supported)
    calibration = report["calibration"]  # every verdict at 0.75, right or wrong
    assert calibration["mean_confidence_right"] == calibration["mean_confidence_wrong"] == 0.75
    assert calibration["wrong_at_0.7_or_more"] == 1.0
    assert calibration["ece"] == pytest.approx(0.75 - report["overall"], abs=1e-3)
    right = [c.expected == SUPPORTED for c in made]
    assert calibration["ece"] == expected_calibration_error([0.75] * len(made), right)
    failure = report["failures"][0]
    assert set(failure) >= {"capability", "claim", "expected", "got", "confidence"}
    assert failure["got"] == SUPPORTED and failure["expected"] != SUPPORTED
    assert lines[-1] == f"{len(made)}/{len(made)} cases, {len(supported)} passed"
    for n, ((query, evidence), case) in enumerate(zip(stand_in.calls, made, strict=True), 1):
        assert query.checked == case.claim and query.kind == "claim"
        sentences = [case.source[a:b] for a, b in sentence_spans(case.source)]
        assert [e.sentence for e in evidence] == sentences
        for e in evidence:
            assert case.source[e.start : e.end] == e.sentence
            assert (e.article_id, e.paragraph, e.source) == (f"suite:{n}", 1, "suite")


def test_markdown_table() -> None:
    report = run_suite(AlwaysSupported(), [c for c in cases() if c.capability == "numbers"][:4])
    table = markdown(report)
    assert table.splitlines()[0] == "| capability | cases | passed | pass rate |"
    assert "| numbers | 4 |" in table
    assert table.splitlines()[-3].startswith("| **overall** | 4 |")
    assert table.splitlines()[-1] == (
        "Confidence: 0.75 on average where the verdict is right, 0.75 where it is wrong "
        "(100% of the wrong ones at 0.7 or more); ECE 0.250"
    )


def test_command_prints_the_table_or_json(monkeypatch: pytest.MonkeyPatch) -> None:
    built: list[Settings] = []

    def build(settings: Settings) -> AlwaysSupported:
        built.append(settings)
        return AlwaysSupported()

    monkeypatch.setattr("assistant.service.build_assistant", build)
    app = typer.Typer()
    app.command("suite")(suite_command)
    app.command("other")(lambda: None)  # two commands: "suite" stays a subcommand
    runner = CliRunner()
    result = runner.invoke(app, ["suite"])
    assert result.exit_code == 0, result.output
    assert "| **overall** |" in result.stdout and "cases," in result.stderr
    result = runner.invoke(app, ["suite", "--json"], obj=Settings(data_dir=Path("elsewhere")))
    assert result.exit_code == 0, result.output
    report: dict[str, Any] = json.loads(result.stdout)
    assert report["cases"] == len(cases()) and set(report["capabilities"]) == set(CAPABILITIES)
    assert built[1].data_dir == Path("elsewhere")


@pytest.mark.integration
@pytest.mark.slow
@pytest.mark.timeout(1800)
def test_the_shipped_verifier_keeps_its_floors(tmp_path: Path) -> None:
    from assistant.service import build_assistant

    # an empty data dir: ranking and judging never open the store
    assistant = build_assistant(Settings(data_dir=tmp_path / "data"))
    assistant.warm_up()
    report = run_suite(assistant)
    print(f"\n{markdown(report)}\n({report['seconds']} s)")
    low = {
        name: (row["rate"], FLOORS[name])
        for name, row in report["capabilities"].items()
        if row["rate"] < FLOORS[name]
    }
    assert not low, f"below the floor (rate, floor): {low}"
