"""The short-answer test set: questions over the sample and the articles of ``bench/qa``, each
with the short answers that count as right (none: no sentence states it, so no short answer is
the right reply). ``factcheck eval-qa`` indexes those articles aside and prints how often the
short answer is right, missing (the sentence alone is shown) or wrong."""

from __future__ import annotations

import json
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import typer

ROOT = Path(__file__).resolve().parent.parent
QA_DIR = ROOT / "bench" / "qa"
SAMPLE_DIR = ROOT / "articles"


@dataclass(frozen=True)
class Question:
    article: str
    question: str
    answers: tuple[str, ...]  # empty: nothing in the articles states it
    history: tuple[str, ...] = ()


@dataclass
class Outcome:
    question: Question
    short_answer: str
    grade: str  # "right", "missing" (no short answer where one was expected), "wrong"


@dataclass
class QAReport:
    outcomes: list[Outcome] = field(default_factory=list)

    def rate(self, grade: str) -> float:
        return round(sum(o.grade == grade for o in self.outcomes) / len(self.outcomes), 4)

    def summary(self) -> dict[str, Any]:
        answerable = [o for o in self.outcomes if o.question.answers]
        return {
            "questions": len(self.outcomes),
            "answerable": len(answerable),
            "exact_match": round(
                sum(o.grade == "right" for o in answerable) / max(1, len(answerable)), 4
            ),
            "no_short_answer": round(
                sum(not o.short_answer for o in self.outcomes) / len(self.outcomes), 4
            ),
            "wrong": self.rate("wrong"),
            "not_wrong": round(1 - self.rate("wrong"), 4),
        }


def load_questions(folder: Path = QA_DIR) -> list[Question]:
    rows = [json.loads(line) for line in (folder / "questions.jsonl").read_text().splitlines()]
    return [
        Question(r["article"], r["question"], tuple(r["answers"]), tuple(r.get("history", ())))
        for r in rows
        if r
    ]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[“”\"'’.,;:!?()]", "", text)
    return " ".join(w for w in text.split() if w not in ("the", "a", "an"))


def grade(question: Question, short: str) -> str:
    if not short:
        return "right" if not question.answers else "missing"
    if any(normalise(short) == normalise(a) for a in question.answers):
        return "right"
    return "wrong"


def run_qa(assistant: Any, questions: list[Question]) -> QAReport:
    report = QAReport()
    for q in questions:
        result = assistant.check(q.question, history=list(q.history))
        report.outcomes.append(Outcome(q, result.short_answer, grade(q, result.short_answer)))
    return report


def qa_assistant(data_dir: Path, folder: Path = QA_DIR) -> Any:
    """An assistant over the test set's articles and the sample, indexed in ``data_dir``."""
    from assistant.service import build_assistant
    from index.indexer import build_indexer
    from index.settings import Settings

    settings = Settings(data_dir=data_dir)
    build_indexer(settings).add([folder / "articles", SAMPLE_DIR])
    assistant = build_assistant(settings)
    assistant.warm_up()
    return assistant


def qa_command(
    folder: Annotated[Path, typer.Argument(help="A folder with questions.jsonl and articles/.")] = (
        QA_DIR
    ),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    show: Annotated[bool, typer.Option("--show", help="List every question's outcome.")] = False,
) -> None:
    """Score the short answers on the question set (indexed aside; your index is not touched):
    exact match over answerable questions, the share with no short answer, and the share of
    wrong ones (a wrong name or date before a right quote)."""
    questions = load_questions(folder)
    with tempfile.TemporaryDirectory(prefix="factcheck-qa-") as tmp:
        report = run_qa(qa_assistant(Path(tmp) / "data", folder), questions)
    summary = report.summary()
    if as_json:
        outcomes = [
            {"question": o.question.question, "expected": list(o.question.answers),
             "short_answer": o.short_answer, "grade": o.grade}
            for o in report.outcomes
        ]  # fmt: skip
        typer.echo(json.dumps({**summary, "outcomes": outcomes}, ensure_ascii=False, indent=1))
        return
    for o in report.outcomes:
        if show or o.grade != "right":
            expected = " / ".join(o.question.answers) or "(none)"
            typer.echo(f"{o.grade:8} {o.question.question}  got: {o.short_answer or '-'}  "
                       f"expected: {expected}")  # fmt: skip
    typer.echo(
        f"{summary['questions']} questions ({summary['answerable']} answerable): exact match "
        f"{summary['exact_match']:.1%}, no short answer {summary['no_short_answer']:.1%}, "
        f"wrong {summary['wrong']:.1%} (not wrong {summary['not_wrong']:.1%})"
    )
