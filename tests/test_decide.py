"""The claim-level decision rules (assistant/verify/decide.py) over hand-made evidence: plain
checks overrule a topical "support", the sentence most about the claim decides a contradiction,
disagreeing articles are CONFLICTING, and the verdict names the sentences it rests on."""

from __future__ import annotations

import numpy as np

from assistant.results import CONFLICTING, NEI, REFUTED, SUPPORTED, Evidence
from assistant.verify.aggregate import clashes
from assistant.verify.checks import Comparison, compare
from assistant.verify.decide import (
    WEAK_SUPPORT_COVERAGE,
    decide,
    sentence_reasons,
    sentence_stance,
)
from assistant.verify.encoder import LABELS

CLAIM = "The operation killed 23 Cuban officers"


def scored(
    text: str, probs: tuple[float, float, float], relevance: float = 0.8, article: str = "a"
) -> Evidence:
    e = Evidence(text, article, f"{article}:p", 0, len(text), 1, "T", f"src-{article}", "", "")
    e.relevance = relevance
    e.probabilities = dict(zip(LABELS, probs, strict=True))
    c = compare(CLAIM, text)
    e.stance = sentence_stance(probs, c)
    e.reasons = sentence_reasons(e.stance, e.probabilities, c)
    return e


def read_for(
    claim: str,
    text: str,
    probs: tuple[float, float, float],
    relevance: float,
    article: str = "a",
) -> Evidence:
    """A sentence of ``article`` (its title the article's name) scored for ``claim``."""
    e = Evidence(text, article, f"{article}:p", 0, len(text), 1, article, "src", "", "")
    e.relevance, e.probabilities = relevance, dict(zip(LABELS, probs, strict=True))
    c = compare(claim, text)
    e.stance = sentence_stance(probs, c)
    e.reasons = sentence_reasons(e.stance, e.probabilities, c)
    return e


def test_a_sentence_with_another_number_for_the_same_thing_is_not_support() -> None:
    same = scored("The operation killed 32 Cuban officers on Saturday.", (0.9, 0.05, 0.05))
    assert same.stance == REFUTED
    assert same.reasons == ["numbers differ: claim 23, source 32"]
    other = scored("Cuban officials counted 32 ballots in the town hall.", (0.9, 0.05, 0.05), 0.2)
    assert other.stance == SUPPORTED  # no clash: it is not about the same thing


def test_a_negated_sentence_and_a_missing_name_overrule_support() -> None:
    negated = compare("Cuba will reopen the embassy", "Cuba will not reopen the embassy.")
    assert sentence_stance((0.8, 0.1, 0.1), negated) == REFUTED
    unnamed = compare("Rubio criticized the talks", "Officials criticized the talks.")
    assert sentence_stance((0.8, 0.1, 0.1), unnamed) == NEI
    # the same words given to another speaker contradict the claim
    other = compare("Rubio said the talks failed", "Trump said the talks failed.")
    assert sentence_stance((0.8, 0.1, 0.1), other) == REFUTED
    plain = compare("Cuba will reopen the embassy", "Cuba will reopen the embassy.")
    assert sentence_stance((0.8, 0.1, 0.1), plain) == SUPPORTED


def test_support_needs_a_sentence_that_supports() -> None:
    # the aggregator leans SUPPORTED, but no sentence on its own supports the claim
    topical = [scored("Cuban officers guarded the president.", (0.3, 0.1, 0.6))]
    verdict = decide(CLAIM, topical, np.array([0.6, 0.1, 0.3]))
    assert verdict.label == NEI
    # the aggregator's own probability of NOT ENOUGH INFO: a rule that overrules its lead names
    # the label, it does not make the evidence surer of it (renormalised, this read 0.75)
    assert verdict.confidence == 0.3
    assert verdict.basis == ()


def test_the_sentence_most_about_the_claim_contradicting_it_gives_refuted() -> None:
    evidence = [
        scored("Officers guarded the base, and the operation was long.", (0.8, 0.1, 0.1), 0.5),
        scored("The operation killed 32 Cuban officers.", (0.6, 0.3, 0.1), 0.9),
    ]
    verdict = decide(CLAIM, evidence, np.array([0.7, 0.2, 0.1]))
    assert verdict.label == REFUTED
    assert verdict.basis == (1,)
    assert verdict.reason == "numbers differ: claim 23, source 32"  # that sentence's reason only
    # another count of the same thing: REFUTED as sure as the evidence is that the claim is
    # settled (0.2 against NOT ENOUGH INFO's 0.1), though the aggregator led with SUPPORTED
    assert verdict.confidence == 0.6667
    # the model alone reads the contradiction: the rule's REFUTED carries the aggregator's own
    # 0.2 for it (it reads "unclear — leaning false"), not 0.67 renormalised
    evidence = [
        scored("Officers guarded the base, and the operation was long.", (0.8, 0.1, 0.1), 0.5),
        scored("The operation killed 23 Cuban soldiers.", (0.1, 0.8, 0.1), 0.9),
    ]
    verdict = decide(CLAIM, evidence, np.array([0.7, 0.2, 0.1]))
    assert (verdict.label, verdict.basis, verdict.confidence) == (REFUTED, (1,), 0.2)


def test_supported_rests_on_the_supporting_sentences() -> None:
    evidence = [
        scored("Cuban officers guarded the president.", (0.2, 0.1, 0.7), 0.6),
        scored("The operation killed 23 Cuban officers.", (0.95, 0.02, 0.03), 0.9),
    ]
    verdict = decide(CLAIM, evidence, np.array([0.8, 0.1, 0.1]))
    assert (verdict.label, verdict.basis) == (SUPPORTED, (1,))
    assert verdict.reason.startswith("says the same")


def test_articles_that_disagree_are_conflicting() -> None:
    evidence = [
        scored("The operation killed 23 Cuban officers.", (0.9, 0.05, 0.05), 0.9, "a"),
        scored(
            "The operation killed 23 Cuban officers, a spokesman denied.",
            (0.1, 0.85, 0.05),
            0.8,
            "b",
        ),
    ]
    verdict = decide(CLAIM, evidence, np.array([0.6, 0.3, 0.1]))
    assert verdict.label == CONFLICTING
    assert set(verdict.basis) == {0, 1}
    assert "src-a supports it, src-b contradicts it" in verdict.reason


def test_no_evidence_takes_its_confidence_from_the_aggregator() -> None:
    verdict = decide(CLAIM, [], np.array([0.1, 0.2, 0.7]))
    assert (verdict.label, verdict.confidence) == (NEI, 0.7)


def test_a_hedged_source_leaves_a_firm_claim_unsettled_and_other_words_support() -> None:
    claim = "The council will take up the idea again in the fall."
    hedged = Evidence(
        "The council may take up the idea again in the fall.",
        "a",
        "a:p",
        0,
        50,
        1,
        "T",
        "s",
        "",
        "",
    )
    hedged.relevance, hedged.probabilities = 0.9, dict(zip(LABELS, (0.8, 0.1, 0.1), strict=True))
    c = compare(claim, hedged.sentence)
    hedged.stance = sentence_stance((0.8, 0.1, 0.1), c)
    hedged.reasons = sentence_reasons(hedged.stance, hedged.probabilities, c)
    assert hedged.stance == NEI and hedged.reasons == ["the source is less certain: 'may'"]
    verdict = decide(claim, [hedged], np.array([0.7, 0.2, 0.1]), joined=np.array([0.8, 0.1, 0.1]))
    assert verdict.label == NEI
    # the model calls a rewording a contradiction; the plain check says it is the same
    claim = "Sales increased 8 percent to $140 million."
    same = Evidence("Sales rose 8 percent to $140 million.", "a", "a:p", 0, 37, 1, "T", "s", "", "")
    same.relevance, same.probabilities = 0.9, dict(zip(LABELS, (0.1, 0.8, 0.1), strict=True))
    c = compare(claim, same.sentence)
    same.stance = sentence_stance((0.1, 0.8, 0.1), c)
    same.reasons = sentence_reasons(same.stance, same.probabilities, c)
    assert (same.stance, same.reasons) == (SUPPORTED, ["says the same in other words"])
    verdict = decide(claim, [same], np.array([0.3, 0.6, 0.1]))
    assert (verdict.label, verdict.basis) == (SUPPORTED, (0,))
    assert verdict.confidence == 0.3  # the model read it otherwise: "unclear", not 0.75


def read(claim: str, texts: list[str], together: float = 0.8) -> str:
    """The verdict on sentences none of which supports the claim alone (the model unsure of
    each), that the model reads together as support at ``together``."""
    evidence = [read_for(claim, text, (0.4, 0.1, 0.5), 0.8) for text in texts]
    joined = np.array([together, (1 - together) / 2, (1 - together) / 2])
    return decide(claim, evidence, np.array([0.6, 0.1, 0.3]), joined=joined).label


def test_no_joined_support_where_the_sentence_most_about_it_leans_against_it() -> None:
    """Read together, the best sentences support the claim (0.8), but the one that holds most
    of its words (here 0.62) leans to contradiction: that is no basis for SUPPORTED. Leaning to
    support, it is; and so is a sentence holding nearly all the claim's words (0.88) that no
    check finds at odds with it, which the model misreads as often as not."""
    claim = "The old barn will become an event hall and a new home for two giraffes."
    built = "The barn will be turned into an event hall and a new home for two rhinos."
    reworded = "The old barn will become an event hall and a new home for two rhinos."
    spring = "The zoo said the work on the barn would start in the spring."

    def verdict(focus: str, probs: tuple[float, float, float]) -> str:
        evidence = [
            read_for(claim, focus, probs, 0.8),
            read_for(claim, spring, (0.3, 0.1, 0.6), 0.8),
        ]
        joined = np.array([0.8, 0.1, 0.1])
        return decide(claim, evidence, np.array([0.6, 0.1, 0.3]), joined=joined).label

    assert verdict(built, (0.35, 0.45, 0.2)) != SUPPORTED
    assert verdict(built, (0.45, 0.35, 0.2)) == SUPPORTED
    assert verdict(reworded, (0.35, 0.45, 0.2)) == SUPPORTED


def test_sentences_read_together_support_only_what_they_state() -> None:
    texts = ["The council hired new teachers.", "The vote on the hiring was close."]
    assert read("The council hired new teachers after a close vote.", texts) == SUPPORTED
    # a number or a name the sentences never state is not supported by reading them together
    assert read("The council hired 40 new teachers after a close vote.", texts) != SUPPORTED
    assert read("Mayor Ortiz hired new teachers after a close vote.", texts) != SUPPORTED
    # nor a year they never give
    assert read("The council hired new teachers in 2029 after a close vote.", texts) != SUPPORTED
    dated = [texts[0], "The vote on the hiring in 2029 was close."]
    assert read("The council hired new teachers in 2029 after a close vote.", dated) == SUPPORTED
    # a joined reading that is support only by a hair (0.5 against 0.25 each) is no basis: such
    # readings were right about half the time
    assert read("The council hired new teachers after a close vote.", texts, 0.5) != SUPPORTED
    # nor are sentences that name whom the claim names but hold little of what it says of them
    people = [
        "Brooks, 48, previously led the patrol division in Riverton for six years.",
        "Mayor Tom Ellis named Daniel Brooks as the new police chief of Millbrook on Friday.",
    ]
    worked = "Tom Ellis and Daniel Brooks worked together in Riverton."
    assert read(worked, people) != SUPPORTED
    assert read(worked.replace("worked together", "led the patrol division"), people) == SUPPORTED


def test_sentences_of_two_stories_read_together_do_not_stitch_a_claim() -> None:
    """Read together, sentences of different articles support a claim only where one
    article's sentences state it between them: one story's person and another story's deed
    make no support, though the joined reading is sure of it."""
    claim = "Mara Quill has asked the governor to declare a state of emergency."
    texts = [
        "Emergency manager Mara Quill issued the evacuation order on Tuesday night.",
        "County executive Lena Ross said she had asked the governor to declare an emergency.",
        "The river crested at 23 feet on Wednesday morning.",
    ]

    def verdict(articles: list[str], published: str = "2026-03-02") -> str:
        evidence = [
            read_for(claim, text, (0.4, 0.1, 0.5), 0.8, article)
            for text, article in zip(texts, articles, strict=True)
        ]
        for e in evidence:
            e.published = published
        joined = np.array([0.9, 0.05, 0.05])
        return decide(claim, evidence, np.array([0.6, 0.1, 0.3]), joined=joined).label

    assert verdict(["flood", "flood", "flood"]) == SUPPORTED  # one story tells it
    assert verdict(["fire", "flood", "flood"]) != SUPPORTED  # stitched from two
    # two sentences of one article that state it between them, beside one of another: support
    assert verdict(["flood", "flood", "storm"]) == SUPPORTED
    # undated documents (encyclopaedia pages, abstracts) state standing facts: they may join
    assert verdict(["fire", "flood", "flood"], published="") == SUPPORTED


def test_refuted_needs_a_sentence_that_says_otherwise() -> None:
    # the aggregator leans REFUTED, but no sentence contradicts the claim: unsettled, not REFUTED
    topical = [
        scored("Cuban officers guarded the president.", (0.3, 0.2, 0.5)),
        scored("The operation took place at night.", (0.2, 0.2, 0.6), 0.6),
    ]
    verdict = decide(CLAIM, topical, np.array([0.2, 0.5, 0.3]))
    assert verdict.label == NEI and verdict.basis == ()
    # its confidence is the evidence's own NOT ENOUGH INFO: a weak "unsettled", not a firm one
    assert verdict.confidence == 0.3
    # the best sentences read together say otherwise: REFUTED, resting on them
    joined = decide(CLAIM, topical, np.array([0.2, 0.5, 0.3]), joined=np.array([0.1, 0.8, 0.1]))
    assert joined.label == REFUTED and joined.basis == (0, 1)
    assert joined.reason == "read together, the closest sentences say otherwise"
    # one sentence that says otherwise is enough
    contradicted = [*topical, scored("The operation killed 32 Cuban officers.", (0.2, 0.6, 0.2))]
    assert decide(CLAIM, contradicted, np.array([0.2, 0.5, 0.3])).label == REFUTED


def test_a_sentence_that_leans_to_a_contradiction_can_carry_refuted() -> None:
    # the model's first reading of it is "unsettled", but it reads more as a contradiction
    # than as support: the aggregator's REFUTED may rest on it, and says how firmly
    leaning = [scored("Cuban officers guarded the base.", (0.15, 0.42, 0.43))]
    assert leaning[0].stance == NEI
    verdict = decide(CLAIM, leaning, np.array([0.2, 0.5, 0.3]))
    assert (verdict.label, verdict.basis, verdict.reason) == (REFUTED, (0,), "may say otherwise")
    unsure = [scored("Cuban officers guarded the base.", (0.3, 0.3, 0.4))]
    assert decide(CLAIM, unsure, np.array([0.2, 0.5, 0.3])).label == NEI


def test_a_missing_name_is_no_reason_for_a_contradiction() -> None:
    evidence = [
        scored("The operation killed 32 Cuban officers.", (0.2, 0.7, 0.1), 0.9),
        scored("The operation killed 32 officers, officials said.", (0.2, 0.7, 0.1), 0.8),
    ]
    assert any(r.startswith("different name") for r in evidence[1].reasons)  # beside it
    verdict = decide(CLAIM, evidence, np.array([0.1, 0.8, 0.1]))
    assert verdict.label == REFUTED and verdict.basis == (0, 1)
    assert verdict.reason == "numbers differ: claim 23, source 32"


def test_a_less_topical_contradiction_the_model_alone_reads_is_no_conflict() -> None:
    """A sentence of another article that the model reads as a contradiction, with no plain
    check behind it and less about the claim than the support, leaves the support standing; a
    plain check's clash in another article still makes the sources disagree."""
    support = scored("The operation killed 23 Cuban officers.", (0.92, 0.04, 0.04), 0.9, "a")
    aside = scored("Cuban officers guarded the president.", (0.05, 0.9, 0.05), 0.5, "b")
    verdict = decide(CLAIM, [support, aside], np.array([0.7, 0.2, 0.1]))
    assert (verdict.label, verdict.basis) == (SUPPORTED, (0,))
    other_count = scored("The operation killed 32 Cuban officers.", (0.3, 0.6, 0.1), 0.85, "b")
    verdict = decide(CLAIM, [support, other_count], np.array([0.7, 0.2, 0.1]))
    assert verdict.label == CONFLICTING and set(verdict.basis) == {0, 1}


def test_a_clash_clearly_less_about_the_claim_than_the_support_is_no_conflict() -> None:
    """Another town's levy with another tally, in another article of the archive, is not a
    source that disagrees: its sentence is less about the claim than the support (by more than
    ``CONFLICT_MARGIN``), though the plain check finds the other number."""
    claim = "The levy failed by 611 votes."
    support = read_for(claim, "The library levy failed by 611 votes.", (0.9, 0.05, 0.05), 0.9)
    other = read_for(
        claim,
        "In Harlow, a school levy failed by 212 votes in May, its second defeat.",
        (0.1, 0.8, 0.1),
        0.55,
        "b",
    )
    assert other.stance == REFUTED and clashes(compare(claim, other.sentence))
    verdict = decide(claim, [support, other], np.array([0.7, 0.2, 0.1]))
    assert (verdict.label, verdict.basis) == (SUPPORTED, (0,))
    # the same tally otherwise, as much about the claim: the sources disagree
    rival = read_for(claim, "The library levy failed by 711 votes.", (0.1, 0.8, 0.1), 0.85, "b")
    verdict = decide(claim, [support, rival], np.array([0.7, 0.2, 0.1]))
    assert verdict.label == CONFLICTING and set(verdict.basis) == {0, 1}


def test_a_refuted_leaning_with_nothing_that_refutes_keeps_its_own_support_confidence() -> None:
    """The aggregator leans to REFUTED, but no sentence says otherwise and one supports: the
    verdict is SUPPORTED at the evidence's own support (a weak one that reads 'unclear'), not
    renormalised into a firm one."""
    support = scored("The operation killed 23 Cuban officers.", (0.8, 0.1, 0.1), 0.9)
    verdict = decide(CLAIM, [support], np.array([0.38, 0.49, 0.13]))
    assert (verdict.label, verdict.basis) == (SUPPORTED, (0,))
    assert verdict.confidence == 0.38


def test_a_model_contradiction_in_a_sentence_lacking_a_name_says_it_is_the_model() -> None:
    """A sentence the model reads as a contradiction, with only a missing name among its
    checks: it does not name whom the claim names, so on the model's word alone it does not
    contradict the claim (NOT ENOUGH INFO); where the aggregator still finds the claim refuted
    and rests on it, the verdict gives the model's word, not the name."""
    unnamed = scored("Officers guarded the base during the operation.", (0.2, 0.75, 0.05), 0.9)
    assert unnamed.stance == NEI
    assert unnamed.reasons[0].startswith("different name: the source does not mention")
    named = scored("Cuban officers guarded the base.", (0.2, 0.75, 0.05), 0.9)
    assert named.stance == REFUTED and named.reasons[0] == "very likely says otherwise"
    verdict = decide(CLAIM, [unnamed], np.array([0.1, 0.8, 0.1]))
    assert (verdict.label, verdict.reason) == (REFUTED, "very likely says otherwise")


def test_a_word_in_any_form_is_one_word_to_the_checks() -> None:
    # "approve" and "approved" have one stem, so the list's "approved | rejected" reaches "did
    # not approve": said two ways, not a negation (it read "negated" before)
    same = compare(
        "The council did not approve a proposal to raise parking fees.",
        "The council rejected a proposal to raise parking fees.",
    )
    assert not same.negation_mismatch and same.reworded
    assert compare("The council approves the plan.", "The council rejected the plan.").opposite
    # "studies" and "studied", "deny" and "denied" likewise: every word of the claim is found
    assert compare("Lena Park studies storms.", "Lena Park studied storms.").coverage == 1.0
    assert compare("Ruiz will deny it.", "Ruiz denied it.").coverage == 1.0


def test_an_ally_is_not_an_enemy() -> None:
    c = compare(
        "Cuba is an enemy of Venezuela's government.",
        "Cuba is a close ally of Venezuela's government and has sent forces for years.",
    )
    assert c.opposite == ("enemy", "ally") and not c.reworded


def _scored(
    claim: str, text: str, probs: tuple[float, float, float]
) -> tuple[Evidence, Comparison]:
    """One retrieved sentence as the verifier leaves it: the model's reading ``probs``
    (SUPPORTED, REFUTED, NEI), the plain checks, its stance and reasons."""
    e = Evidence(text, "a", "a:p", 0, len(text), 1, "T", "src", "", "")
    e.probabilities = dict(zip(LABELS, probs, strict=True))
    c = compare(claim, text)
    e.stance = sentence_stance(probs, c)
    e.reasons = sentence_reasons(e.stance, e.probabilities, c)
    return e, c


def test_a_sentence_a_check_finds_at_odds_can_carry_refuted() -> None:
    # the model reads it as unsettled ("who voted against it": what "it" is, it cannot tell),
    # but it names whom the claim names and a plain check finds the opposite in it
    claim = "Rita Osei voted for the budget."
    text = "Council member Rita Osei, who voted against it, called the ruling a win."
    e, c = _scored(claim, text, (0.11, 0.35, 0.54))
    assert e.stance == NEI and c.opposite == ("voted for", "voted against")
    verdict = decide(claim, [e], np.array([0.2, 0.5, 0.3]))
    assert (verdict.label, verdict.basis) == (REFUTED, (0,))
    assert verdict.reason == "opposite: claim 'voted for', source 'voted against'"
    # a sentence that does not name whom the claim names is no such basis
    other = "The mayor, who voted against it, called the ruling a win."
    e2 = Evidence(other, "a", "a:p", 0, len(other), 1, "T", "src", "", "")
    e2.probabilities = dict(e.probabilities)
    e2.stance = NEI
    assert decide(claim, [e2], np.array([0.2, 0.5, 0.3])).label == NEI


def test_a_sentence_with_every_word_of_a_short_claim_and_firm_support_is_not_unsettled() -> None:
    # the aggregator leans NOT ENOUGH INFO (a short claim has a low cosine with any sentence),
    # but one sentence holds all of the claim's words and the model reads it as firm support
    claim = "The vote was 5-2."
    text = "The school board voted 5-2 on Monday to push back the start of the day."
    e = Evidence(text, "a", "a:p", 0, len(text), 1, "T", "src", "", "")
    e.relevance = 0.15
    e.probabilities = dict(zip(LABELS, (0.94, 0.04, 0.02), strict=True))
    c = compare(claim, text)
    e.stance = sentence_stance((0.94, 0.04, 0.02), c)
    e.reasons = sentence_reasons(e.stance, e.probabilities, c)
    verdict = decide(claim, [e], np.array([0.38, 0.07, 0.55]))
    assert (verdict.label, verdict.basis) == (SUPPORTED, (0,))
    assert verdict.confidence == 0.38  # the aggregator's own: it reads "unclear"
    # a weaker reading, or a sentence lacking a word of the claim, leaves it unsettled
    e.probabilities = dict(zip(LABELS, (0.7, 0.1, 0.2), strict=True))
    assert decide(claim, [e], np.array([0.38, 0.07, 0.55])).label == NEI


def test_the_sentence_most_about_the_claim_giving_the_office_to_another_refutes() -> None:
    # the model reads it as unrelated and the aggregator as unsettled, but the sentence gives
    # the claim's office to someone else
    claim = "Maya Castillo is the college president."
    text = "College president Alan Whitaker said the increase was needed to cover costs."
    e, c = _scored(claim, text, (0.2, 0.1, 0.7))
    verdict = decide(claim, [e], np.array([0.2, 0.1, 0.7]))
    assert (verdict.label, verdict.basis) == (REFUTED, (0,))
    assert verdict.confidence == 0.1  # the aggregator's own: "unclear"
    assert verdict.reason.startswith("another office: claim Maya Castillo is college president")
    # another day in a sentence read as unrelated is as often another event: unsettled
    claim = "Elena Ruiz visited Pine County on Wednesday."
    text = "Governor Elena Ruiz declared a state of emergency for Pine County on Tuesday night."
    e, c = _scored(claim, text, (0.1, 0.1, 0.8))
    assert c.date_conflict
    assert decide(claim, [e], np.array([0.2, 0.1, 0.7])).label == NEI


def test_an_opposite_in_the_sentence_most_about_the_claim_overrules_unsettled() -> None:
    # the model and the aggregator read it as unsettled, but the sentence holds most of the
    # claim's words and says the opposite of its verb
    claim = "The change will save the district about $600,000 a year."
    text = "The later start will cost the district about $600,000 a year, mostly for buses."
    e, c = _scored(claim, text, (0.4, 0.1, 0.5))
    assert c.opposite == ("save", "cost") and c.coverage >= 0.6
    verdict = decide(claim, [e], np.array([0.3, 0.25, 0.45]))
    assert (verdict.label, verdict.basis) == (REFUTED, (0,))
    assert verdict.reason == "opposite: claim 'save', source 'cost'"
    assert verdict.confidence == 0.25  # the aggregator's own: "unclear"


def test_a_contradiction_about_something_else_is_no_basis_against_support() -> None:
    claim = "Station 3 opened in 1931."

    def read(
        text: str, probs: tuple[float, float, float], relevance: float, article: str = "a"
    ) -> Evidence:
        return read_for(claim, text, probs, relevance, article)

    built = read("Station 3, built in 1931, is the oldest fire station.", (0.68, 0.23, 0.09), 0.55)
    # another year in a sentence of another article that does not name the station and is
    # less about the claim
    store = "The Milton store, which opened in 1974, is the chain's oldest."
    elsewhere = read(store, (0.01, 0.95, 0.04), 0.22, "b")
    verdict = decide(claim, [built, elsewhere], np.array([0.43, 0.54, 0.03]))
    assert verdict.label == SUPPORTED and verdict.basis == (0,)
    # in the support's own article, a sentence often leaves its subject unnamed: still a basis
    same_article = read(store, (0.01, 0.95, 0.04), 0.22)
    assert decide(claim, [built, same_article], np.array([0.43, 0.54, 0.03])).label == REFUTED
    # the same sentence naming the station is a basis
    named = read("Station 3 opened in 1974.", (0.01, 0.95, 0.04), 0.5)
    assert decide(claim, [built, named], np.array([0.43, 0.54, 0.03])).label == REFUTED


def test_someone_else_in_one_of_the_best_sentences_settles_it() -> None:
    claim = "Leopold Harrington is the president of Local 217."

    def read(text: str, probs: tuple[float, float, float], relevance: float) -> Evidence:
        return read_for(claim, text, probs, relevance)

    union = read(
        "Local 217 president Ana Mbatha said the strike would go on.", (0.2, 0.3, 0.5), 0.6
    )
    spokesman = read(
        "Association spokesman Leopold Harrington said the companies had offered to retrain "
        "any worker displaced by automation.",
        (0.2, 0.2, 0.6),
        0.5,
    )
    verdict = decide(claim, [union, spokesman], np.array([0.2, 0.3, 0.5]))
    assert verdict.label == REFUTED and 1 in verdict.basis
    assert "another office" in " ".join(spokesman.reasons)


def test_another_number_in_the_claims_own_words_is_at_odds_though_a_name_is_unsaid() -> None:
    # the sentence leaves the hospital unnamed, but puts another share in the claim's own words
    claim = "Nurses at Tarrowick Medical Center voted 81 percent in favor of authorizing a strike."
    text = "Nine days earlier the same nurses voted 91 percent in favor of authorizing a walkout."
    e, c = _scored(claim, text, (0.36, 0.18, 0.46))
    assert c.number_in_place and c.missing_names == ("Tarrowick Medical Center",)
    verdict = decide(claim, [e], np.array([0.46, 0.47, 0.07]))
    assert (verdict.label, verdict.basis) == (REFUTED, (0,))
    assert "numbers differ: claim 81 percent, source 91 percent" in verdict.reason
    # another number elsewhere in a sentence lacking the name is no such basis
    other = "The union said 91 percent of its members at three hospitals want a walkout."
    e2, c2 = _scored(claim, other, (0.36, 0.18, 0.46))
    assert not c2.number_in_place
    assert decide(claim, [e2], np.array([0.46, 0.47, 0.07])).label == NEI


def test_firm_support_with_a_clash_in_few_of_the_claims_words_is_no_support() -> None:
    claim = "Staff will go unpaid while the warehouse is shut down for repairs."
    paid = "Staff will be paid during the closure of the warehouse, a spokeswoman said."
    c = compare(claim, paid)
    assert c.opposite == ("unpaid", "paid") and c.coverage < 0.5  # too few words to clash alone
    # the model reads it as firm support: it is about what the claim is about, so the
    # opposite overrules the support
    assert sentence_stance((0.9, 0.05, 0.05), c) == REFUTED
    # a weaker reading leaves the check to the sentences that share enough of the claim; nor is
    # it support, from a sentence that holds under WEAK_SUPPORT_COVERAGE of the claim's words
    assert c.coverage < WEAK_SUPPORT_COVERAGE
    assert sentence_stance((0.6, 0.2, 0.2), c) == NEI


def test_sentences_read_together_that_name_another_day_do_not_support() -> None:
    claim = "The new ferry schedule for the island routes starts on Tuesday, March 10."
    texts = ["The schedule starts Monday, March 10, the port authority said.",
             "Ferries on the island routes will run every 40 minutes."]  # fmt: skip
    # no one sentence holds enough of the claim for its other day to clash
    assert all(not clashes(compare(claim, text)) for text in texts)
    assert read(claim, texts, 0.9) != SUPPORTED
    assert read(claim.replace("Tuesday", "Monday"), texts, 0.9) == SUPPORTED


def test_firm_support_naming_another_day_is_no_support() -> None:
    claim = "The bus route cuts take effect on Tuesday, February 9."
    text = "The cuts take effect Monday, Feb. 9, the superintendent said in a letter."
    c = compare(claim, text)
    assert c.date_conflict == ("Tuesday", "Monday") and c.coverage < 0.5
    assert sentence_stance((0.9, 0.05, 0.05), c) == REFUTED
    assert sentence_stance((0.6, 0.2, 0.2), c) == SUPPORTED  # a weaker reading: too little shared


def test_a_quote_given_to_another_speaker_clashes_though_the_name_is_most_of_the_claim() -> None:
    claim = "Marrowford Police Chief Damon Wrexcombe said the problem is that nobody is watching."
    text = 'The problem is that nobody is watching," Vantongeren said at a news conference.'
    c = compare(claim, text)
    assert c.speaker_conflict == ("Marrowford Police Chief Damon Wrexcombe", "Vantongeren")
    assert c.coverage < 0.5 and c.said_coverage == 1.0  # the words said are all there
    assert clashes(c) and sentence_stance((0.75, 0.2, 0.05), c) == REFUTED
    # the same words given to the same speaker: no clash
    right = compare(claim.replace("Marrowford Police Chief Damon Wrexcombe", "Vantongeren"), text)
    assert right.speaker_conflict is None and not clashes(right)


def weak_support_against_focus(claim: str, weak: str, focus: str) -> tuple[str, tuple[int, ...]]:
    """The verdict (label, basis) where the model weakly supports ``claim`` with ``weak`` and
    reads ``focus``, the sentence more about it, as unrelated."""
    top = [read_for(claim, weak, (0.55, 0.12, 0.33), 0.55),
           read_for(claim, focus, (0.25, 0.30, 0.45), 0.65)]  # fmt: skip
    # the model alone; a weak support that holds little of the claim is no support at all
    weak_is_topic = compare(claim, weak).coverage < WEAK_SUPPORT_COVERAGE
    assert top[0].stance == (NEI if weak_is_topic else SUPPORTED) and top[1].stance == NEI
    verdict = decide(claim, top, np.array([0.57, 0.28, 0.15]))
    return verdict.label, verdict.basis


def test_weak_support_elsewhere_does_not_outvote_the_sentence_most_about_the_claim() -> None:
    claim = "The tentative deal would add eleven full-time counselor positions over two years."
    raises = "Under the tentative deal, teachers would receive raises totaling 11 percent."
    adds = "It adds nine full-time counselor positions over two years, the union said."
    # the sentence most about the claim puts nine in the place of its eleven
    assert weak_support_against_focus(claim, raises, adds) == (REFUTED, (1,))
    same = claim.replace("eleven", "nine")
    # with the claim's own number the focus is no contradiction; the weak support, a sentence
    # on raises, holds too little of the claim to support it either
    assert weak_support_against_focus(same, raises, adds)[0] == NEI


def test_a_short_sentence_of_the_claims_own_words_that_negates_it_denies_it() -> None:
    claim = "Curtis Ambrell has been charged in the Harlan Dreskell bribery case."
    c = compare(claim, "Ambrell has not been charged.")
    assert c.coverage < 0.5 and c.denied and clashes(c)  # too few words for a clash, but all
    assert sentence_stance((0.6, 0.2, 0.2), c) == REFUTED  # of them are the claim's
    # a sentence with words of its own is about something else as often as not
    other = compare(claim, "Ambrell has not been charged with tax crimes in another state.")
    assert not other.denied
    # a negation only the claim has (often in a quote of it) is not the sentence denying it
    assert not compare("Ambrell said he has not been charged.", "Ambrell has been charged.").denied


def test_the_claims_words_given_to_another_speaker_outweigh_weak_support_elsewhere() -> None:
    claim = 'Board Chair Odessa Vantreese said, "Every ton of trash this county makes has to go somewhere."'
    other = (
        '"If we do nothing, every garbage truck in this county drives 90 miles," Vantreese said.'
    )
    quote = '"Every ton of trash this county makes has to go somewhere," Ferrandino said.'
    assert weak_support_against_focus(claim, other, quote)[0] == REFUTED


def test_a_name_left_to_the_title_does_not_keep_the_sentence_most_about_it_from_refuting() -> None:
    claim = "The Sallowford museum first agreed to return the items in 2003."
    title = "Sallowford museum agrees to return artifacts"

    def titled(text: str, probs: tuple[float, float, float], relevance: float) -> Evidence:
        e = read_for(claim, text, probs, relevance)
        e.title = title
        return e

    lead = titled(
        "The Sallowford museum will return 212 objects to the tribe.", (0.6, 0.1, 0.3), 0.5
    )
    year = titled("The museum first agreed to return the items in 2013, the curator said.",
                  (0.3, 0.2, 0.5), 0.7)  # fmt: skip
    c = compare(claim, year.sentence)
    assert c.missing_names == ("Sallowford",) and c.date_conflict == ("2003", "2013")
    verdict = decide(claim, [lead, year], np.array([0.6, 0.2, 0.2]))
    assert verdict.label == REFUTED and verdict.basis[0] == 1
    # the title never makes a sentence support a claim: without the clash, no support from it
    same = claim.replace("2003", "2013")
    lead2 = read_for(same, lead.sentence, (0.3, 0.1, 0.6), 0.5)
    year2 = read_for(same, year.sentence, (0.9, 0.05, 0.05), 0.7)
    year2.title = title
    assert year2.stance == NEI  # the sentence does not name Sallowford
    assert decide(same, [lead2, year2], np.array([0.6, 0.2, 0.2])).label == NEI


def test_a_name_the_title_gives_counts_for_a_firm_support_only() -> None:
    """A sentence that leaves the claim's name to its page's title ("he") supports the claim
    where the model reads it firmly; a weak reading, or a title without the name, does not."""
    from assistant.verify.verifier import annotate

    claim = "Richard was not expected to become king."
    text = "As a younger son of King Henry II, he was not expected to ascend to the throne."

    def stance(title: str, support: float) -> str:
        e = Evidence(text, "a", "a:p", 0, len(text), 1, title, "src", "", "")
        annotate(claim, [e], np.array([[support, 0.05, 0.95 - support]]))
        return e.stance

    assert stance("Richard I of England | Early life", 0.85) == SUPPORTED
    assert stance("Richard I of England | Early life", 0.55) == NEI
    assert stance("Henry II of England | Early life", 0.85) == NEI


def test_a_name_the_article_gives_in_another_sentence_read_is_not_left_out() -> None:
    """An article names its town in a few sentences and leaves it out of the rest: from a
    support reading of ``CONTEXT_SUPPORT`` up, a name of the claim that another sentence read of
    the same article gives is not held against the sentence. Another article's sentence, or a
    weaker reading, does not lend it."""
    from assistant.verify.decide import CONTEXT_SUPPORT
    from assistant.verify.verifier import annotate

    claim = "Ewart Strand blamed faulty tracking units that Vellmarsh itself had supplied."
    text = "Ewart Strand blamed faulty tracking units that the city itself had supplied."
    other = "Vellmarsh paid Grindstaff Roadworks $2.1 million for plowing last winter."

    def stance(other_article: str, support: float) -> tuple[str, list[str]]:
        e = Evidence(text, "a", "a:p", 0, len(text), 1, "Plowing audit", "src", "", "")
        o = Evidence(other, other_article, f"{other_article}:p", 0, len(other), 2, "T", "s", "", "")
        annotate(claim, [e, o], np.array([[support, 0.1, 0.9 - support], [0.1, 0.1, 0.8]]))
        return e.stance, e.reasons

    assert compare(claim, text).missing_names == ("Vellmarsh",)
    label, reasons = stance("a", CONTEXT_SUPPORT)
    assert label == SUPPORTED and not any("different name" in r for r in reasons)
    assert stance("b", 0.65)[0] == NEI  # another article's sentence names it
    assert stance("a", CONTEXT_SUPPORT - 0.05)[0] == NEI  # a weak reading


def test_a_rewording_is_not_undone_by_a_clash_about_someone_else() -> None:
    """The sentence most about the claim says it in other words ("Cho succeeded Ruth Adler" for
    "Ruth Adler preceded Cho"), though the model reads the changed word as a contradiction. A
    less topical sentence that does not name whom the claim names, and has an "opposite" of the
    claim's word, is about something else: the verdict stays SUPPORTED. Naming them, its clash
    counts, and the rewording does not settle the claim."""
    claim = "Ruth Adler preceded Cho as chief executive in 2021."
    focus = "Cho succeeded Ruth Adler as chief executive in 2021."

    def verdict(other: str) -> str:
        evidence = [
            read_for(claim, focus, (0.02, 0.96, 0.02), 0.86),
            read_for(claim, other, (0.04, 0.1, 0.86), 0.3),
        ]
        joined = np.array([0.3, 0.6, 0.1])
        return decide(claim, evidence, np.array([0.37, 0.63, 0.0]), joined=joined).label

    assert compare(claim, focus).reworded
    elsewhere = "Chief executive Raymond Cho said the company will open a factory next year."
    assert compare(claim, elsewhere).opposite and compare(claim, elsewhere).missing_names
    assert verdict(elsewhere) == SUPPORTED
    named = "Ruth Adler preceded Cho as chief executive in 2019."
    assert compare(claim, named).date_conflict
    assert verdict(named) != SUPPORTED


def test_a_lean_to_contradiction_in_a_sentence_that_bears_on_nothing_is_no_basis() -> None:
    """The aggregator leans REFUTED, and the only sentence the model reads as leaning that way
    is neither close to the claim nor holds its words: unsettled, not contradicted."""
    claim = "The warming center on Elm Street will stay open all night."
    focus = "City manager Omar Haddad said the city will open a warming center on Elm Street."
    other = "Utility crews restored power to most customers by Sunday afternoon."
    evidence = [
        read_for(claim, focus, (0.04, 0.10, 0.86), 0.66),
        read_for(claim, other, (0.02, 0.44, 0.54), 0.12),
    ]
    assert decide(claim, evidence, np.array([0.25, 0.58, 0.17])).label == NEI
    # the same lean in a sentence close to the claim in meaning is a basis
    evidence[1] = read_for(claim, other, (0.02, 0.44, 0.54), 0.45)
    verdict = decide(claim, evidence, np.array([0.25, 0.58, 0.17]))
    assert (verdict.label, verdict.basis) == (REFUTED, (1,))


def test_a_support_that_leads_the_other_readings_by_little_is_no_support() -> None:
    """The model's first reading is support, but under WEAKEST_SUPPORT: the sentence does not
    support the claim, and a SUPPORTED lead of the aggregator does not rest on it."""
    claim = "The library will stay open until 8 p.m. on Saturdays."
    sentence = "The library board voted to keep the branch open until 8 p.m. on Saturdays."
    same = compare(claim, sentence)
    assert sentence_stance((0.42, 0.30, 0.28), same) == NEI
    assert sentence_stance((0.50, 0.30, 0.20), same) == SUPPORTED
    weak = read_for(
        claim, "The board voted on the library's Saturday hours.", (0.42, 0.3, 0.28), 0.7
    )
    assert decide(claim, [weak], np.array([0.6, 0.1, 0.3])).label == NEI


def test_no_joined_support_over_a_firm_support_a_check_finds_at_odds() -> None:
    # the model reads the sentence as firm support and a check finds the opposite in it (its
    # stance REFUTED); read together with another, the two "say the same" is no basis for
    # SUPPORTED
    claim = "Workers will go unpaid while the plant is shut down."
    paid = "Workers will be paid during the shutdown, according to a steward for the union."
    e, c = _scored(claim, paid, (0.88, 0.09, 0.03))
    assert c.opposite == ("unpaid", "paid") and e.stance == REFUTED
    other, _ = _scored(
        claim, "The plant will go quiet for two weeks, the company said.", (0.3, 0.1, 0.6)
    )
    verdict = decide(claim, [e, other], np.array([0.6, 0.3, 0.1]), joined=np.array([0.6, 0.3, 0.1]))
    assert verdict.label != SUPPORTED


def test_a_contradiction_that_leaves_the_name_to_its_article_still_contradicts() -> None:
    """The sentence most about the claim negates it but names the district only as "the
    district": where another sentence read of its article names it, the claim is contradicted,
    and the reason is the negation. A sentence of another article naming it lends it nothing."""
    claim = "The Drayhaven Unified School District will raise bus driver pay this fall."
    focus = "The district will not raise bus driver pay this fall, officials said."
    naming = "The Drayhaven Unified School District runs 62 bus routes."

    def verdict(naming_article: str) -> tuple[str, str]:
        evidence = [
            read_for(claim, focus, (0.1, 0.3, 0.6), 0.8),
            read_for(claim, naming, (0.05, 0.05, 0.9), 0.6, naming_article),
        ]
        v = decide(claim, evidence, np.array([0.15, 0.25, 0.6]))
        return v.label, v.reason

    c = compare(claim, focus)
    assert c.negation_mismatch and c.missing_names == ("Drayhaven Unified School District",)
    assert verdict("a") == (REFUTED, "negated: one says the opposite of the other")
    assert verdict("b")[0] == NEI


def test_a_change_given_as_two_amounts_is_no_basis_for_may_say_otherwise() -> None:
    """The aggregator leans to REFUTED on a sentence the model reads as a clash of numbers,
    but a check finds the claim's difference in its two amounts: SUPPORTED, resting on it, with
    the subtraction as its reason."""
    claim = "The aquarium had 85,000 fewer visitors in 2025 than in 2019."
    drew = read_for(
        claim,
        "The aquarium drew 310,000 visitors in 2025, down from 395,000 in 2019.",
        (0.3, 0.6, 0.1),
        0.8,
    )
    assert drew.stance == SUPPORTED
    verdict = decide(claim, [drew], np.array([0.35, 0.6, 0.05]))
    assert (verdict.label, verdict.basis) == (SUPPORTED, (0,))
    assert verdict.reason == "says the same: 395,000 less 310,000 is 85,000"
    # the change the other way is no support, and the lean to a contradiction stands
    more = "The aquarium had 85,000 more visitors in 2025 than in 2019."
    rose = read_for(more, drew.sentence, (0.3, 0.6, 0.1), 0.8)
    assert decide(more, [rose], np.array([0.35, 0.6, 0.05])).label == REFUTED


def test_sentences_read_together_that_give_another_quantifier_do_not_support() -> None:
    """Read together, the sentences say "all 57" where the claim says "only some of the 57": no
    support, though no one sentence holds enough of the claim for the clash to count in it."""
    texts = [
        "The state flagged 57 drinking fountains in the district's schools for lead.",
        "By Tuesday, all 57 had been turned off and covered, the superintendent said.",
    ]
    some = "Only some of the 57 flagged fountains had been turned off by Tuesday."
    assert read(some, texts) != SUPPORTED
    assert read(some.replace("Only some", "All"), texts) == SUPPORTED


def test_news_reports_read_together_need_a_firmer_joined_reading() -> None:
    """Sentences of dated articles (news reports) read together support a claim only from a
    joined reading of 0.65 (NEWS_JOINED_SUPPORT); undated documents from 0.55."""
    claim = "The council hired new teachers after a close vote."
    texts = ["The council hired new teachers.", "The vote on the hiring was close."]

    def verdict(together: float, published: str) -> str:
        evidence = [read_for(claim, text, (0.4, 0.1, 0.5), 0.8) for text in texts]
        for e in evidence:
            e.published = published
        joined = np.array([together, (1 - together) / 2, (1 - together) / 2])
        return decide(claim, evidence, np.array([0.6, 0.1, 0.3]), joined=joined).label

    assert verdict(0.6, "") == SUPPORTED
    assert verdict(0.6, "2026-03-02") != SUPPORTED
    assert verdict(0.7, "2026-03-02") == SUPPORTED
