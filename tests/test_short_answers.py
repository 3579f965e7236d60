"""Short answers of the asked type, for the asked subject, or none; the question set's floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.evidence import is_credit_line
from assistant.qa_eval import Question, grade, load_questions, qa_assistant, run_qa
from assistant.query import resolve
from assistant.short_answer import asked_kind, short_answer

RETIRE = (
    "Greenville Police Chief Laura Simmons will retire on June 30 after 28 years with the "
    "department, City Manager Tom Becker announced on Monday."
)
INTERIM = (
    "Becker said Deputy Chief Omar Haddad will serve as interim chief while the city searches "
    "for a permanent replacement."
)
VOTES = (
    "Supervisors Helen Park and Victor Ames cast the dissenting votes, saying the county should "
    "repair the existing shelter instead."
)
FUNDING = (
    "A state grant will cover $4.1 million, and the county will pay the remaining $3.3 million "
    "from its reserve fund."
)


def test_the_answer_is_of_the_asked_type_and_beside_what_was_asked() -> None:
    assert short_answer("When will Laura Simmons retire?", RETIRE) == "June 30"
    assert short_answer("When did Tom Becker announce the retirement?", RETIRE) == "Monday"
    assert short_answer("Who announced that Laura Simmons will retire?", RETIRE) == "Tom Becker"
    assert short_answer("How many years has Simmons been with the department?", RETIRE) == (
        "28 years"
    )
    # every name the sentence gives for the role, titles dropped
    assert short_answer("Who cast the dissenting votes?", VOTES) == "Helen Park and Victor Ames"
    assert short_answer("And who said so?", INTERIM) == "Becker"
    # the part the question asks about, with its currency
    assert short_answer("How much will the county pay from its reserve fund?", FUNDING) == (
        "$3.3 million"
    )
    assert short_answer("How much will the state grant cover?", FUNDING) == "$4.1 million"
    assert short_answer("How old is Simmons?", "Simmons, 57, joined the force in 1998.") == "57"
    assert (
        short_answer(
            "Where was the injured man taken?", "The injured man was taken to St. Mary's Hospital."
        )
        == "St. Mary's Hospital"
    )
    assert asked_kind("What percentage of voters approved?") == "amount"
    assert asked_kind("Why did it close?") == ""


def test_no_short_answer_when_the_sentence_does_not_state_it() -> None:
    # another subject: the question names someone the sentence does not
    assert short_answer("Who will replace Laura Simmons?", "She replaces Gerald Foss.") == ""
    # the asked thing is not there: "reopen" is asked, "closed" is said
    assert (
        short_answer(
            "When will the east wing reopen?", "It closed its east wing in January for repairs."
        )
        == ""
    )
    # a number of something else, a count for "how much", a past date for "when will"
    assert short_answer("How many Venezuelans were killed?", "It killed 32 Cuban officers.") == ""
    assert (
        short_answer("How much will the shelter cost?", "The new shelter will hold 240 animals.")
        == ""
    )
    assert (
        short_answer("When will the shelter open?", "The shelter took in 3,800 animals last year.")
        == ""
    )
    # a word of the question is not its answer; a light verb ("held") does not make a sentence
    # about what was asked (both found on the fresh question set, bench/qa-fresh)
    assert (
        short_answer(
            "Who is the hospital's chief executive?",
            "Hospital chief executive Daniel Whitlock said the deal would cost $18 million.",
        )
        == "Daniel Whitlock"
    )
    assert (
        short_answer(
            "When will the public meeting on the dam be held?",
            "The dam, built in 1934, holds back about 12 billion gallons of water.",
        )
        == ""
    )
    # "the treasurer of the league" is not the treasurer
    assert (
        short_answer(
            "Who will be the league's new treasurer?",
            "A former treasurer of the Eastfield Youth Soccer League was sentenced on Friday.",
        )
        == ""
    )


def test_credit_lines_are_not_evidence_nor_answers() -> None:
    credit = "Staff writer Ben Ortega contributed reporting."
    assert is_credit_line(credit)
    assert is_credit_line("Rodríguez writes for the Associated Press.")
    assert not is_credit_line("The grant contributed to the project.")
    assert short_answer("Who reported on the vote?", credit) == ""


def test_follow_ups_that_ask_anew_keep_the_last_turn() -> None:
    query = resolve("Who announced it?", ["When will Laura Simmons retire?"])
    assert query.checked.startswith("Who announced it?") and "Laura Simmons" in query.checked
    assert short_answer(query.checked, RETIRE) == "Tom Becker"
    cost = resolve("How much will it cost?", ["Where will the new animal shelter be built?"])
    assert asked_kind(cost.checked) == "amount"
    assert short_answer(cost.checked, "The shelter will cost $7.4 million.") == "$7.4 million"


def test_grading() -> None:
    q = Question("a", "When?", ("June 30", "by June 30"))
    assert grade(q, "June 30") == grade(q, "By June 30.") == "right"
    assert grade(q, "") == "missing" and grade(q, "Monday") == "wrong"
    assert grade(Question("a", "Who?", ()), "") == "right"
    assert grade(Question("a", "Who?", ()), "Becker") == "wrong"
    assert len(load_questions()) >= 100


@pytest.mark.integration
def test_question_set_floors(tmp_path: Path) -> None:
    """The bundled models over the question set: a wrong short answer (a wrong name or date
    before a right quote) on at most 5% of the questions; the floor on exact match is the
    measured rate minus about 0.05."""
    report = run_qa(qa_assistant(tmp_path / "data"), load_questions())
    summary = report.summary()
    wrong = [(o.question.question, o.short_answer) for o in report.outcomes if o.grade == "wrong"]
    assert summary["not_wrong"] >= 0.95, wrong
    assert summary["exact_match"] >= 0.70, summary
