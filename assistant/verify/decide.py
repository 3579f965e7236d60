"""The claim-level decision, as plain rules over scored evidence (no model in here).

- A sentence's stance is the cross-encoder's label unless a plain check overrules it: another
  number, day or month for the same thing (digits, number words, durations), a negation of what
  the claim says, a word of opposite meaning or a comparison the other way ("down from" against
  "up from"), another quantifier ("all" against "only one of"), the words given to another
  speaker or two names the other way round make a "support" REFUTED; a sentence that does not
  name whom the claim names, only says it may happen, or compares something else than the
  claim's comparison ("fewer visitors" for "cost more"), cannot support it (NOT ENOUGH INFO); a
  sentence that is the claim in other words (the same words up to synonyms and the direction of
  a comparison, in the same order, nothing that changes what it commits to) supports it.
- SUPPORTED needs a sentence that supports the claim on its own terms, not one that only shares
  its topic; REFUTED needs one that says otherwise (or the best ones read together do), never
  only the absence of support. When the sentence most about the claim contradicts it, the
  verdict is REFUTED. Read together, sentences support only what they name and number, and
  of dated articles (news reports) only what one article's sentences tell between them.
  Strong support in one article and strong contradiction in another is CONFLICTING; a
  contradiction the model alone reads counts there only in a sentence at least as much about
  the claim as the support.
- The verdict names the sentences it rests on (``basis``); its reason is theirs.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

import numpy as np

from assistant.results import (
    CONFLICTING,
    LOW_CONFIDENCE,
    NEI,
    REFUTED,
    RELEVANCE_FLOOR,
    SUPPORTED,
    Evidence,
    Verdict,
)
from assistant.verify.aggregate import CLASH_COVERAGE, TOP, about_claim, clashes, focus_index
from assistant.verify.checks import Comparison, all_named, compare, opening_word, quantities
from assistant.verify.encoder import LABELS

STRONG = 0.7  # a sentence's probability that counts as strong support or contradiction
# the focus sentence overrules a leaning to SUPPORTED when a plain check finds a clash in it, or
# when the model's contradiction probability for it reaches this (tuned on the tune split)
FOCUS_REFUTES = 0.7
JOINED_SENTENCES = 3  # the verifier's joined reading covers this many of the best sentences
# the best sentences read together are a basis for SUPPORTED only where the model's support for
# them reaches the mark under which a verdict reads "unclear": a weaker joined reading was right
# about half the time (tune claims, 5-fold: 15 of 28 under 0.7), and on fresh news articles it
# was the largest source of false SUPPORTED. Chosen on the tune claims (three fold seeds; any
# reading that wins, then 0.5 / 0.55 / 0.65 / 0.75): FM2 macro-F1 0.617 / 0.615 / 0.619 / 0.604
# / 0.605, SciFact 0.610 / 0.598 / 0.601 / 0.596 / 0.587, refuted claims called SUPPORTED 36.3 /
# 32.3 / 29.3 / 29.3 / 24.3; on the news articles of bench/claims-fresh (in sample) false claims
# called SUPPORTED 34 / 30 / 28 / 26 / 24 of 247
JOINED_SUPPORT = LOW_CONFIDENCE
# and where all of them come from dated articles (news reports), this: an archive of local
# news holds many stories in the same words, and a joined reading of their sentences was right
# about half the time under it (news claims of bench/claims-fresh in sample, saved checks: 19 of
# 42 under 0.65, 53 of 101 in all, against 10 of 14 on the tune claims). News in sample, 0.55 /
# 0.65 / 0.75: right 1,765 / 1,766 / 1,760 of 2,429, false claims called SUPPORTED 81 / 75 / 68;
# the six articles never read (saved checks, 192 claims) 124 / 124 / 123 right, 13 / 10 / 9 false
# SUPPORTED. (Their summary lines had been seen for the same marks applied to every document,
# which cost the tune claims FM2 macro-F1 0.647 -> 0.637 and the suite a paraphrase.) Undated
# documents keep JOINED_SUPPORT: no tune, suite or report verdict moves
NEWS_JOINED_SUPPORT = 0.65
# and only where, read together, they hold this share of the claim's words. Tune claims (three
# fold seeds), none / 0.5 / 0.6 / 0.7: refuted claims called SUPPORTED 24.0 / 21.0 / 19.0 / 18.0
# a run, FM2 macro-F1 0.632 / 0.630 / 0.610 / 0.606, SciFact 0.557 / 0.551 / 0.543 / 0.518; news
# articles of bench/claims-fresh (in sample, one index): right 930 / 933 / 923 / 918 of 1,375,
# false claims called SUPPORTED 162 / 155 / 152 / 143
JOINED_COVERAGE = 0.5
# and more than a third of what it says beyond its names and amounts (``told_coverage``). Tune
# claims (three fold seeds), none / 0.25 / 0.3 / more than a third / 0.4 / 0.5: FM2 macro-F1
# 0.646 / 0.646 / 0.648 / 0.647 / 0.643 / 0.643, SciFact and WiCE unchanged, refuted claims
# called SUPPORTED 13 / 13 / 12 / 11 / 11 / 11 a run; news articles of bench/claims-fresh (in
# sample, one index): right 1,346 / 1,346 / 1,346 / 1,345 / 1,344 / 1,345 of 2,045, claims not
# true called SUPPORTED 236 / 232 / 227 / 222 / 222 / 215
JOINED_TOLD = 0.34
# the share of the claim's words in the sentence most about it for which its lean to
# contradiction bars a joined support (``_focus_leans_against``): at least half, not nearly all
JOINED_FOCUS_COVERAGE = (0.5, 0.8)
# a sentence whose contradiction probability reaches this, and its support's, may carry the
# aggregator's REFUTED though it is not the model's first reading of it (tuned on the tune split)
LEANS_REFUTED = 0.4
# a sentence the model does not read as a contradiction, but a plain check finds at odds with
# the claim, is a basis for the aggregator's REFUTED where it holds this share of the claim's
# words (and names whom the claim names)
AT_ODDS_COVERAGE = 0.6
# a sentence with every word of the claim that the model reads as support this firmly carries
# SUPPORTED over the aggregator's NOT ENOUGH INFO (whose lead is the low cosine of a short claim)
SAYS_IT_ALL = 0.9
# a sentence the model reads as support this firmly is about what the claim is about: a
# negation, opposite or quantifier a check finds in it overrules the support where the sentence
# holds this share of the claim's words (under the CLASH_COVERAGE a clash needs otherwise)
FIRM_SUPPORT = 0.8
FIRM_CLASH_COVERAGE = 0.15
# a contradiction makes the sources disagree only where it is about the claim (``about_claim``:
# relevance plus the share of the claim's words) at least as much as the support, less this
# margin for the noise of two articles' wording. News articles of bench/claims-fresh (in sample,
# in one index): 17 CONFLICTING verdicts, none right, 14 of them true claims ("The levy failed by
# 611 votes" against another town's levy); right 917 -> 927 / 928 / 930 / 931 of 1,375 at a
# margin of 0.3 / 0.2 / 0.1 / 0, no more false claims called SUPPORTED. Tune claims (three fold
# seeds): FM2 macro-F1 0.628 -> 0.631 (0.627 at 0.3), refuted claims called SUPPORTED 23 -> 24 a
# run, SciFact and WiCE unchanged. The middle one keeps a disagreement whose sentences' relevance
# differs by a little
CONFLICT_MARGIN = 0.2
# a sentence the model reads as support, but not strongly (under STRONG), supports the claim only
# where it holds this share of the claim's content words. Tune claims (three fold seeds), none /
# 0.3 / 0.4 / 0.5: FM2 macro-F1 0.649 / 0.646 / 0.635 / 0.628, SciFact 0.595 / 0.588 / 0.575 /
# 0.536, WiCE 0.685 / 0.718 / 0.718 / 0.718, refuted claims called SUPPORTED 16 / 13 / 12 / 11 a
# run; news claims of bench/claims-fresh (saved checks, one index): right 1339 / 1337 / 1331 /
# 1328 of 2045, claims not true called SUPPORTED 264 / 251 / 237 / 213
WEAK_SUPPORT_COVERAGE = 0.3
# a sentence the model reads as support supports the claim only where its support probability
# reaches this: under it the "support" leads the other two readings by little. News claims of
# bench/claims-fresh (in sample, saved checks) with no mark / 0.4 / 0.45 / 0.475 / 0.5 / 0.55:
# right 1,561 / 1,560 / 1,562 / 1,559 / 1,560 / 1,557 of 2,237, false claims called SUPPORTED 91
# / 91 / 86 / 85 / 83 / 77; tune claims (three fold seeds) FM2 macro-F1 0.646 / 0.651 / 0.648 /
# 0.649 / 0.644 / 0.644, SciFact 0.583 / 0.583 / 0.583 / 0.583 / 0.571 / 0.558, WiCE 0.659 /
# 0.659 / 0.647 / 0.647 / 0.647 / 0.618, refuted claims called SUPPORTED 18 / 17 / 16 / 15 / 15
# / 15 a run. Of the SUPPORTED verdicts on the news claims that rested on a sentence under 0.5,
# 17 of 44 were right
WEAKEST_SUPPORT = 0.45
# from this support reading up, a name of the claim that the sentence's article gives in its
# title or in another of the sentences read is not left out (``names_left_out``). Saved checks,
# the mark off / 0.55 / 0.6 / 0.62 / 0.7: news claims of bench/claims-fresh in sample (2,429)
# right 1,705 / 1,742 / 1,737 / 1,732 / 1,717, false claims called SUPPORTED 85 / 95 / 91 / 90 /
# 88; tune claims (three fold seeds) SciFact macro-F1 0.578 / 0.591 / 0.591 / 0.591 / 0.578,
# FM2 and WiCE the same, refuted claims called SUPPORTED 15.7 a run at each
CONTEXT_SUPPORT = 0.6
# the share of the claim's words a sentence that gives the claim's change or gap as two amounts
# must hold to support it (``_gap_supports``)
GAP_COVERAGE = 0.3


def sentence_stance(probabilities: Sequence[float], comparison: Comparison) -> str:
    """The label one sentence points to (see the module docstring)."""
    stance = LABELS[int(np.argmax(probabilities))]
    if comparison.reworded:
        return SUPPORTED
    if _gap_supports(probabilities, comparison):
        return SUPPORTED
    if stance == REFUTED and comparison.missing_names and not clashes(comparison):
        # nor does it contradict the claim, on the model's word alone, where it does not name
        # whom the claim names: "The work will cost $850,000, paid mostly by a state grant"
        # against "Janet Price voted against the state grant" (tune claims, three fold seeds:
        # FM2 macro-F1 +0.002; news articles of bench/claims-fresh in sample: 2 verdicts more
        # right of 1,375). The aggregator may still lean to REFUTED on it (``_leans_refuted``)
        return NEI
    if stance == SUPPORTED and probabilities[0] < WEAKEST_SUPPORT:
        # the model's first reading, but by a small lead over two others: no support
        return NEI
    if stance == SUPPORTED:
        if clashes(comparison):
            return REFUTED
        if _firm_clash(probabilities, comparison):
            return REFUTED
        if comparison.missing_names or comparison.hedged:
            return NEI
        if probabilities[0] < STRONG and comparison.unstated_amount:
            # nor where it leaves out an amount the claim gives in digits ("employed more than 50
            # traveling nurses last year" against a sentence on the same nurses' contract vote).
            # Tune claims (three fold seeds): SciFact 0.595 -> 0.589 (a range "76-85%" against
            # "76.3% to 85.4%"), FM2 and WiCE unchanged; news claims of bench/claims-fresh (saved
            # checks): right 1342 -> 1346 of 2045, claims not true called SUPPORTED 252 -> 235
            return NEI
        if probabilities[0] < STRONG and comparison.coverage < WEAK_SUPPORT_COVERAGE:
            # a weak "support" from a sentence that holds little of what the claim says is its
            # topic, not support
            return NEI
        if comparison.unstated_comparison:
            # it compares something else: "drew 18,000 visitors, fewer than the 22,000 who came
            # last year" does not say that "tickets cost more this year" (tune claims, three
            # fold seeds: one SciFact claim moved, from right to wrong, by another sentence; the
            # suite's unaddressed claims 34 -> 35 of 48)
            return NEI
    return stance


def _gap_supports(probabilities: Sequence[float], comparison: Comparison) -> bool:
    """The sentence gives the claim's change or gap as two amounts ("The zoo had 126,000 fewer
    visitors in 2025 than in 2019" against "The zoo drew 412,000 visitors in 2025, down from
    538,000 in 2019"), holds GAP_COVERAGE of the claim's words, names whom it names and no check
    finds it at odds with the claim: support, whatever the model leans to short of a firm
    contradiction. The model does not subtract; it reads such a pair as a clash of numbers
    (REFUTED 0.6 here). The check (``checks._gap_agrees``) also wants the change to go the
    claim's way, and of two things compared the larger to be the one the claim says.

    News claims of bench/claims-fresh in sample (saved checks, 2,429): right 1,745 -> 1,760, no
    verdict broken, false claims called SUPPORTED unchanged (86); true claims called REFUTED 5
    fewer ("Tembeka is twelve years older than Marula", the model's REFUTED 0.53 against "41-year-
    old" and "29-year-old"). Without the way of the change checked: 1,763, and one more of the
    six never-read articles' claims right, but "85,000 more visitors" was then supported by
    "down from 395,000". Tune claims, the suite: no verdict moved."""
    return (
        comparison.by_gap is not None
        and comparison.coverage >= GAP_COVERAGE
        and probabilities[1] < STRONG
        and not comparison.missing_names
        and not comparison.hedged
        and not comparison.unstated_comparison
        and not clashes(comparison)
    )


def _firm_clash(probabilities: Sequence[float], comparison: Comparison) -> bool:
    """The model reads the sentence as firm support, and a check finds a negation, the opposite
    word, another quantifier or another day in it, though the sentence shares too few of the
    claim's words for the check alone to count: "Workers will be paid during the shutdown"
    against "Workers will go unpaid while the plant is shut down" (two words in seven); "take
    effect Tuesday, February 9" against "The cuts take effect Monday, Feb. 9". The model's own
    reading says the sentence is about what the claim is about. (Tune claims, three fold seeds:
    FM2 macro-F1 0.6265 -> 0.632, refuted claims called SUPPORTED 29.3 -> 28.3; no news verdict
    changed. The day: tune claims unchanged, one news verdict fixed.) Not another number: a
    sentence about something else often has one ("32 ballots" against "killed 23 officers")."""
    return (
        probabilities[0] >= FIRM_SUPPORT
        and comparison.coverage >= FIRM_CLASH_COVERAGE
        and bool(
            comparison.negation_mismatch
            or comparison.opposite
            or comparison.quantifier_conflict
            or comparison.date_conflict
        )
    )


def sentence_reasons(
    stance: str, probabilities: dict[str, float], comparison: Comparison
) -> list[str]:
    """Why this sentence has its stance: the checks that fired on it, else the model's word."""
    reasons = comparison.reasons()
    if stance == SUPPORTED:
        # a check that did not overrule the support is not a reason for it
        if comparison.reworded:
            return ["says the same in other words"]
        read = [probabilities.get(label, 0.0) for label in LABELS]
        if comparison.by_gap and _gap_supports(read, comparison):
            claimed, larger, smaller = comparison.by_gap
            return [f"says the same: {larger} less {smaller} is {claimed}"]
        return [_in_words(probabilities.get(SUPPORTED, 0), "says the same", "say the same")]
    if stance == REFUTED and all(r.startswith(_NOT_A_CLASH) for r in reasons):
        # the model's reading is what says otherwise: a missing name or a hedge does not
        # contradict (it only keeps a sentence from supporting), so it is not given alone
        said = _in_words(probabilities.get(REFUTED, 0), "says otherwise", "say otherwise")
        return [said, *reasons]
    if not reasons:
        reasons.append("related, but does not settle the claim")
    return reasons


_NAME_REASON = "different name:"
_NOT_A_CLASH = (_NAME_REASON, "the source is less certain:")
_MODEL_ONLY = re.compile(r"\b(?:very likely |may )?(?:says?|say) (?:the same|otherwise)$")


def is_model_only(reason: str) -> bool:
    """A reason that is the model's word alone ("very likely says the same"), no check's."""
    return bool(_MODEL_ONLY.search(reason))


def _in_words(probability: float, says: str, say: str) -> str:
    """The model's probability for a sentence, in words: a reader gets no raw scores."""
    if probability >= 0.9:
        return says
    return f"very likely {says}" if probability >= STRONG else f"may {say}"


def _renormalised(probs: np.ndarray, barred: Sequence[str]) -> np.ndarray:
    out = probs.astype(float).copy()
    for label in barred:
        out[LABELS.index(label)] = 0.0
    total = out.sum()
    return out / total if total > 0 else np.array([0.0, 0.0, 1.0])


def decide(
    claim: str,
    evidence: Sequence[Evidence],
    probs: np.ndarray,
    strong: float = STRONG,
    joined: np.ndarray | None = None,
) -> Verdict:
    """The verdict from the aggregator's claim-level ``probs`` (SUPPORTED, REFUTED, NEI) and the
    annotated evidence (stance, probabilities, reasons), best first. ``joined``: the model's
    reading of the best sentences together (a claim may need two of them)."""
    top = list(evidence[:TOP])
    probabilities = {k: round(float(v), 4) for k, v in zip(LABELS, probs, strict=True)}
    if not top:
        return Verdict(
            NEI, round(float(probs[2]), 4), "nothing in the archive bears on it", probabilities
        )
    comparisons = [compare(claim, e.sentence, e.speaker) for e in top]
    focus = focus_index(top, comparisons)
    supporting = [i for i, e in enumerate(top) if e.stance == SUPPORTED]
    read_together = JOINED_SENTENCES if joined is not None else 0
    if (
        not supporting
        and read_together
        and LABELS[int(np.argmax(joined))] == SUPPORTED
        and joined[0] >= _joined_mark(top[:read_together])
        and not any(clashes(c) or c.hedged for c in comparisons[:read_together])
        # nor where a check finds one of them at odds with the claim that the model reads as
        # firm support ("Workers will be paid during the shutdown" against "… will go unpaid")
        and not any(
            _firm_clash([e.probabilities.get(k, 0.0) for k in LABELS], c)
            for e, c in zip(top[:read_together], comparisons[:read_together], strict=False)
        )
        and _states_all(claim, top[:read_together])
        and _one_story(claim, top[:read_together])
        and not _focus_leans_against(top[focus], comparisons[focus])
    ):
        # no sentence alone, but the best ones read together support it: they are the basis
        supporting = list(range(min(read_together, len(top))))
    refuting = [i for i, e in enumerate(top) if e.stance == REFUTED]
    final = np.asarray(probs, dtype=float)
    label = LABELS[int(np.argmax(final))]
    if label == SUPPORTED and not supporting:
        # topical closeness is not support: no sentence supports the claim on its own
        final = _renormalised(final, [SUPPORTED])
        label = LABELS[int(np.argmax(final))]
    if (
        label == NEI
        and not refuting
        and any(_says_it_all(top[i], comparisons[i]) for i in supporting)
    ):
        # a sentence holds every word of the claim and the model reads it as firm support, with
        # nothing a check finds against it: a short claim ("The vote was 5-2.") is not unsettled
        # for its low cosine with the sentence
        label = SUPPORTED
    if label == REFUTED and not refuting:
        # the aggregator's REFUTED may rest on sentences that bear on the claim and lean to it
        # ("may say otherwise"), or on one about the claim (most of its words, whom it names)
        # that a plain check finds at odds with it
        refuting = [
            i
            for i, e in enumerate(top)
            # (not one whose check finds that it supports the claim: a change given as two
            # amounts that the model, which does not subtract, leans against)
            if e.stance != SUPPORTED
            and (
                (_leans_refuted(e) and not _bears_on_nothing(e, comparisons[i]))
                or _at_odds(comparisons[i])
            )
        ]
    if label == REFUTED and refuting and supporting:
        # a contradiction in a sentence of another article (or page) than the support's, that
        # does not name whom the claim names and is less about the claim than the support, is
        # about something else ("Station 3 opened in 1931" against "The Milton store, which
        # opened in 1974, …"), not a basis. (Within one article or page a sentence often leaves
        # its subject unnamed: tune FM2 one verdict better without that condition, report two
        # worse.)
        about = about_claim(top, comparisons)
        best_pro = max(about[i] for i in supporting)
        pages = {_page(top[i]) for i in supporting}
        refuting = [
            i
            for i in refuting
            if not comparisons[i].missing_names or about[i] >= best_pro or _page(top[i]) in pages
        ]
    if label == REFUTED and not refuting:
        if read_together and LABELS[int(np.argmax(joined))] == REFUTED:
            # no sentence alone, but the best ones read together say otherwise: the basis
            refuting = list(range(min(read_together, len(top))))
        else:
            # nor is it a contradiction when no sentence says otherwise: unsettled (or SUPPORTED,
            # where a sentence supports it and the evidence rates support above "unsettled")
            label = SUPPORTED if supporting and final[0] > final[2] else NEI
    # the sentence most about the claim, with the names its article gives elsewhere given
    focus_named = _named_by_article(comparisons[focus], top[focus], top)
    if label == NEI and not supporting and _settles_against(focus_named):
        # the sentence most about the claim says someone else holds the office, said the words
        # or did the deed, or it holds most of the claim's words and negates it, says the
        # opposite or gives another number for it: not unsettled, contradicted
        label, refuting = REFUTED, sorted({focus, *refuting})
    if label == NEI and not supporting:
        # one of the best sentences names whom the claim names (or gives the person another
        # office) and gives the claim's office, words, deed or place to someone else:
        # contradicted, though it is not the sentence most
        # about the claim ("Leopold Harrington is the president of Local 217" against
        # "Association spokesman Leopold Harrington said …")
        who = [
            i
            for i, c in enumerate(comparisons[:JOINED_SENTENCES])
            if _someone_else(c) and (c.role_conflict or c.vote_conflict or not c.missing_names)
        ]
        if who:
            label, refuting = REFUTED, sorted({*who, *refuting})
    focus_refutes = top[focus].stance == REFUTED and (
        clashes(comparisons[focus]) or top[focus].probabilities.get(REFUTED, 0) >= FOCUS_REFUTES
    )
    if (
        label != NEI
        and comparisons[focus].hedged
        and top[focus].stance != SUPPORTED
        and not any(clashes(c) for c in comparisons)
    ):
        # the sentence most about it only says it may happen: a firmer claim is not settled
        label = NEI
    elif label == SUPPORTED and (
        focus_refutes
        or (
            focus not in supporting and (_at_odds(focus_named) or _someone_else(comparisons[focus]))
        )
    ):
        # the sentence most about the claim contradicts it (the model's reading of it, or a
        # plain check where the support is another sentence's: "adds nine full-time counselor
        # positions over two years" against "eleven …", the support a sentence on raises; the
        # claim's quote in another speaker's mouth)
        label, refuting = REFUTED, sorted({focus, *refuting})
    elif (
        label != SUPPORTED
        and comparisons[focus].reworded
        and not any(clashes(c) and not c.missing_names for c in comparisons)
    ):
        # the sentence most about the claim says the same in other words, and no sentence that
        # names whom it names clashes with it (one that does not is about someone else: "Chief
        # executive Raymond Cho said the company will open a second factory next year" is no
        # "opposite" of "Ruth Adler preceded Cho as chief executive in 2021")
        label = SUPPORTED
        supporting = sorted({focus, *supporting})
    confidence = round(_confidence(label, probs, comparisons[focus]), 4)
    if label != NEI:
        pro = [i for i in supporting if top[i].probabilities.get(SUPPORTED, 0) >= strong]
        # a contradiction the model alone reads (no plain check) counts only in a sentence at
        # least as much about the claim as the best support: a less topical one is more often
        # the model misreading a neighbouring fact than a source that disagrees
        about = about_claim(top, comparisons)
        best_pro = max((about[i] for i in pro), default=0.0)
        con = [
            i
            for i in refuting
            if clashes(comparisons[i])
            or (top[i].probabilities.get(REFUTED, 0) >= strong and about[i] >= best_pro)
        ]
        for a in pro:
            for b in con:
                # nor does a contradiction clearly less about the claim than the support make
                # the sources disagree, though a plain check finds it: "The levy failed by 611
                # votes" is not in conflict with another town's levy "that failed by 212 votes"
                if about[b] < about[a] - CONFLICT_MARGIN:
                    continue
                if top[a].article_id != top[b].article_id:
                    who_a = top[a].source or top[a].title
                    who_b = top[b].source or top[b].title
                    reason = f"sources disagree: {who_a} supports it, {who_b} contradicts it"
                    return Verdict(CONFLICTING, confidence, reason, probabilities, (a, b))
    if label == SUPPORTED:
        basis = tuple(sorted(supporting, key=lambda i: -top[i].probabilities.get(SUPPORTED, 0))[:2])
    elif label == REFUTED:
        ranked = sorted(refuting, key=lambda i: (i != focus, -top[i].probabilities.get(REFUTED, 0)))
        basis = tuple(ranked[:2])
    else:
        basis = ()
    return Verdict(label, confidence, _reason(claim, label, top, basis), probabilities, basis)


def _confidence(label: str, probs: np.ndarray, focus: Comparison) -> float:
    """The verdict's confidence: the aggregator's own probability of the label, also where a
    rule gave the label over the aggregator's lead — the rule names the label, it does not make
    the evidence surer of it. (Renormalised without the lead, a REFUTED forced over a SUPPORTED
    lead by the sentence most about the claim read 0.89 on average on the tune claims and was
    right 56% of the time; such confidences flattened the confidence map for every verdict.)

    But another count or duration of the same thing in the sentence most about the claim
    ("killed 32" for "killed 23") is the plainest contradiction there is: its REFUTED is as sure
    as the evidence is that the claim is settled (REFUTED against NOT ENOUGH INFO). The other
    checks misfire more often on encyclopaedic and scientific text (a second year in the
    sentence, a negation of another clause): 3 of the 12 REFUTED they forced over a SUPPORTED
    lead on the tune claims were right."""
    lead = LABELS[int(np.argmax(probs))]
    if label == REFUTED and lead != REFUTED and focus.number_conflict:
        return float(_renormalised(probs, [SUPPORTED])[LABELS.index(REFUTED)])
    return float(probs[LABELS.index(label)])


def _says_it_all(e: Evidence, c: Comparison) -> bool:
    return (
        e.probabilities.get(SUPPORTED, 0) >= SAYS_IT_ALL
        and c.coverage >= 0.99
        and not (clashes(c) or c.missing_names or c.hedged)
    )


def _at_odds(c: Comparison) -> bool:
    """A plain check finds the sentence at odds with the claim, and the sentence is about what
    the claim is about: it holds most of the claim's words and names whom it names, or it puts
    another number or the opposite word in the claim's own words ("voted 91 percent in favor of
    authorizing" against "voted 81 percent in favor of authorizing"), wherever it leaves the
    names unsaid (tune claims: FM2 two verdicts fixed, none broken)."""
    if c.number_in_place or c.opposite_in_place or c.denied:
        return True
    return bool(clashes(c)) and not c.missing_names and c.coverage >= AT_ODDS_COVERAGE


def _settles_against(c: Comparison) -> bool:
    """The sentence most about the claim contradicts it plainly enough to overrule the
    aggregator's "unsettled": over who (``_someone_else``), or, where it holds most of the
    claim's words and names whom it names, by a negation, an opposite or another number
    ("… would cost the district about $600,000 a year" against "The change will save the
    district about $600,000 a year"). Not by another day or year, which is as often another
    event."""
    plain = c.negation_mismatch or c.opposite or c.number_conflict
    return _someone_else(c) or (bool(plain) and _at_odds(c))


def _named_by_article(c: Comparison, e: Evidence, evidence: Sequence[Evidence]) -> Comparison:
    """``c`` without the names it finds left out where the sentence's article gives them all,
    in its title or in another of the sentences read: "The tribe first formally requested the
    items' return in 2013" under "Sallowford museum agrees to return artifacts" is at odds with
    "The Wenasha Nation first formally requested the return of the items held by the Sallowford
    museum in 2003" (``_at_odds``), and "The district will not raise bus driver pay this fall"
    negates "The Drayhaven Unified School District will raise bus driver pay this fall" where
    another sentence read of its article names the district. News claims of bench/claims-fresh
    in sample (saved checks): the title alone / with the article's other sentences, right 1,737
    / 1,740 of 2,429 (3 fixed, none broken), false SUPPORTED 91 / 91; tune claims the same. (To
    support, a name so given counts only from ``CONTEXT_SUPPORT`` up: ``names_left_out``.)"""
    if not c.missing_names:
        return c
    context = " ".join(o.sentence for o in evidence if o is not e and o.article_id == e.article_id)
    if not all_named(f"{e.title} {context}", c.missing_names):
        return c
    return replace(c, missing_names=())


def names_left_out(
    claim: str, probabilities: Sequence[float], c: Comparison, title: str, context: str = ""
) -> tuple[str, ...]:
    """The claim's names the sentence leaves out, for its stance. Where the model reads the
    sentence as firm support (``STRONG``), a name its page's or article's title gives ("Richard
    I of England | Early life": "As a younger son of King Henry II, he was not expected to ascend
    to the throne") and a plain word that only opens the claim ("Taking anti-depressants is
    associated with …", ``checks.opening_word``) are not left out. From ``CONTEXT_SUPPORT`` up,
    names that the title and ``context`` (the other sentences read of the same article) give
    between them are not left out either: an article names its town, company or people in a few
    sentences and leaves them out of the rest ("He said the missing GPS data was caused by
    faulty tracking units that the city itself had supplied" for "… units that Vellmarsh itself
    had supplied", where the article's other sentences name Vellmarsh). Under a weaker reading
    they still count against it: a weak support from a sentence that does not name whom the
    claim names was as often about someone else, or a contradiction the model missed.

    Tune claims (three fold seeds), none / title under firm support / title under any reading:
    FM2 macro-F1 0.651 / 0.667 / 0.671, SciFact 0.636 / 0.636 / 0.641, WiCE 0.718 / 0.749 /
    0.749, refuted claims called SUPPORTED 13.0 / 13.3 / 14.3 a run; news articles of
    bench/claims-fresh (in sample, one index): right 1,347 / 1,374 / 1,405 of 2,045, refuted
    called SUPPORTED 122 / 126 / 136. The opening word, under any reading / firm support only:
    FM2 0.667 / 0.661, SciFact 0.636 / 0.615, refuted called SUPPORTED 13.3 / 11.7; news right
    1,370 / 1,371, refuted called SUPPORTED 126 / 124."""
    # a sentence that gives the claim's change as two amounts may support it short of the
    # model's support (``_gap_supports``): its article's names count for it as for support
    gap = c.by_gap is not None and probabilities[1] < STRONG
    if not c.missing_names or (probabilities[0] < CONTEXT_SUPPORT and not gap):
        return c.missing_names
    left = c.missing_names
    if probabilities[0] >= STRONG:
        if title and all_named(title, left):
            return ()
        left = tuple(n for n in left if not opening_word(claim, n))
    if left and all_named(f"{title} {context}", left):
        return ()
    return left


def _someone_else(c: Comparison) -> bool:
    """At odds with the claim over who: another office for the person ("Naomi Pruitt is the
    county health director" against "city utilities director Naomi Pruitt"), another holder of
    it, another speaker, another doer of the deed, another name in the same words, two names the
    other way round, another side of a vote. (Another number, day or negation in a sentence the
    model reads as unrelated is as often about another event: "visited Pine County on
    Wednesday" against "declared … on Tuesday night".)"""
    renamed = c.name_swapped if c.name_swapped != c.date_conflict else None  # not a day's name
    who = (
        c.role_conflict
        or c.speaker_conflict
        or renamed
        or c.roles_swapped
        or c.other_agent
        or c.placing_conflict
        or c.vote_conflict
    )
    return bool(who) and clashes(c)


def _page(e: Evidence) -> str:
    """The article, or the page of a sectioned title ("Gandhi (film) | Release and reception")."""
    return (e.title.split(" | ")[0] if e.title else "") or e.article_id


def _bears_on_nothing(e: Evidence, c: Comparison) -> bool:
    """The sentence is neither close to the claim in meaning (its cosine under
    ``RELEVANCE_FLOOR``) nor holds half its words: what the model leans to in it is not about the
    claim ("Utility crews restored power to most customers by Sunday afternoon" against "The
    warming center on Elm Street will stay open all night"), and no basis for a REFUTED. (Tune
    claims and the news claims of bench/claims-fresh in sample: no verdict changed; the suite's
    unaddressed claims 43 -> 44 of 48. A floor on the share of words alone, 0.1, also dropped
    real contradictions in other words: "Reviews were broadly positive" against "negatively
    received"; tune FM2 macro-F1 0.646 -> 0.640.)"""
    return e.relevance < RELEVANCE_FLOOR and c.coverage < CLASH_COVERAGE


def _leans_refuted(e: Evidence) -> bool:
    """The sentence reads more as a contradiction than as support, if not firmly."""
    p = e.probabilities.get(REFUTED, 0)
    return p >= max(LEANS_REFUTED, e.probabilities.get(SUPPORTED, 0))


def _focus_leans_against(e: Evidence, c: Comparison) -> bool:
    """The sentence most about the claim, holding at least half its words, leans to
    contradiction (the model's REFUTED above its SUPPORTED): the best sentences read together
    are then no basis for support. "The elephant barn … will be converted into an indoor event
    space and a new habitat for a pair of giraffes" is not supported by "… a new habitat for a
    pair of southern white rhinos" read beside two sentences on the zoo (the joined reading 0.63);
    nor "Council member Marisela Winstanley sponsored the ordinance" by the vote's report beside
    "Council members Marisela Winstanley and Ottokar Bracegirdle cast the two votes against".
    Not where it holds nearly all of them (0.8 or more) and no check finds it at odds with the
    claim: that is a rewording the model misreads as often ("had been unused since 2019" against
    "had been empty since 2019").

    Tune claims (three fold seeds): unchanged from half the claim's words up, WiCE 0.749 → 0.718
    from 0.4 down. News claims of bench/claims-fresh (saved checks, one index): right 1,380 →
    1,386 of 2,045, refuted claims called SUPPORTED 123 → 116 (the part then out of sample, read
    since: right 426 → 430 of 670, refuted called SUPPORTED 57 → 52 of 291); without the upper mark two true claims more
    were lost (no refuted one gained), and two of the behavioural suite's rewordings."""
    p, (low, high) = e.probabilities, JOINED_FOCUS_COVERAGE
    return p.get(REFUTED, 0) > p.get(SUPPORTED, 0) and low <= c.coverage < high


def _states_all(claim: str, evidence: Sequence[Evidence]) -> bool:
    """The sentences together name everyone the claim names and state each of its numbers and
    years. (A lone capitalised word opening the claim is as often a plain word, "Roughly", as a
    name.)"""
    text = " ".join(e.sentence for e in evidence)
    together = compare(claim, text)
    opening = claim.split(maxsplit=1)[0] if claim.strip() else ""
    if together.coverage >= CLASH_COVERAGE and (
        together.date_conflict or together.negation_mismatch or together.quantifier_conflict
    ):
        # read together they give the claim's day another name ("Monday, Feb. 9" for "Tuesday,
        # February 9"), negate it or give another quantifier ("all 57" for "only some of the
        # 57 flagged fountains"), though no one sentence holds enough of the claim for the
        # clash to count in it
        return False
    if together.coverage < JOINED_COVERAGE:
        # they name whom it names, but hold too little of what it says of them: "Cuba will hold
        # a state funeral for the 32 officers in Havana" is not in three sentences on the 32
        # officers' deaths and a rally in Havana
        return False
    if together.told_coverage < JOINED_TOLD:
        # they name whom it names and give its numbers, but hardly what it says of them: "Tom
        # Ellis and Daniel Brooks worked together in Riverton" is not in a sentence on Brooks's
        # years in Riverton and one on Ellis naming him chief
        return False
    years = {q.value for q in quantities(text) if q.year_like}
    if any(q.year_like and q.value not in years for q in quantities(claim)):
        # nor a year they never give: "The new elementary school partly funded by Quarrymoss
        # Partners is scheduled to open in Wendlecote in 2029" is not in three sentences on
        # the company's $3.5 million toward a new school (the joined reading 0.66). News
        # claims of bench/claims-fresh in sample (saved checks): 2 fixed, none broken; tune
        # claims unchanged
        return False
    return together.numbers_match and all(n == opening for n in together.missing_names)


def _news_reports(evidence: Sequence[Evidence]) -> bool:
    """Every sentence comes from a dated article: a news report, which tells one event (an
    undated encyclopaedia page or abstract states standing facts)."""
    return all(e.published for e in evidence)


def _joined_mark(evidence: Sequence[Evidence]) -> float:
    """The joined reading's support needed for these sentences: higher for news reports."""
    return NEWS_JOINED_SUPPORT if _news_reports(evidence) else JOINED_SUPPORT


def _one_story(claim: str, evidence: Sequence[Evidence]) -> bool:
    """The best sentences read together come from one article (or page), or those of one
    article state the claim between them (``_states_all``): read together, sentences of two
    stories can stitch a claim none of them tells. "Priscilla Okwu has asked the governor to
    declare a state of emergency" is not supported by an evacuation order Okwu issued in one
    article beside a county executive who "had asked the governor to declare a state disaster"
    in another (the joined reading 0.94); "The April 2024 flood damaged 340 homes in
    Ossenbridge" is, by two sentences of the Ossenbridge article beside one of another flood.

    Only for dated articles (news reports: each tells one event). Undated documents (an
    encyclopaedia's pages, a paper's abstract) state standing facts, which sentences of two of
    them may join: for those, on the tune claims (three fold seeds) SciFact two NOT ENOUGH INFO
    claims were fixed and two true ones lost, and on the report split one true SciFact claim was
    lost ("Inside the body, falciparum parasites reproduce asexually"), none fixed. (The dated
    restriction was chosen after that report figure was seen; with it no tune or report verdict
    moves.) News claims of bench/claims-fresh in sample (saved checks, 2,429): right 1,740 ->
    1,745 (claims the articles do not settle called SUPPORTED 87 -> 80; one true claim lost),
    false claims called SUPPORTED 86 -> 86; the six articles never read: unchanged (each group
    has an index of its own, of three articles). All three sentences from one article, without
    the exception for one article's sentences that state it: 1,742 right and 81 false SUPPORTED
    on the news claims, but 11 true claims lost there."""
    if not _news_reports(evidence):
        return True
    pages: dict[str, list[Evidence]] = {}
    for e in evidence:
        pages.setdefault(_page(e), []).append(e)
    if len(pages) == 1:
        return True
    return any(_states_all(claim, group) for group in pages.values())


def _reason(claim: str, label: str, top: Sequence[Evidence], basis: Sequence[int]) -> str:
    if label == NEI:
        if max(e.relevance for e in top) < 0.3:
            return "nothing in the archive bears on it"
        return "the closest sentences do not settle it"
    own = {i: top[i].reasons for i in basis if top[i].stance == label}
    if label == REFUTED:  # a sentence that only leans to a contradiction says so
        for i in basis:
            if i not in own and _leans_refuted(top[i]):
                p = top[i].probabilities.get(REFUTED, 0)
                own[i] = [_in_words(p, "says otherwise", "say otherwise")]
            elif i not in own and top[i].reasons:
                c = _named_by_article(compare(claim, top[i].sentence, top[i].speaker), top[i], top)
                if _at_odds(c) or _someone_else(c):
                    own[i] = top[i].reasons  # what the check found
    if not own:
        # the basis is the best sentences read together, none of them enough alone
        together = "say the same" if label == SUPPORTED else "say otherwise"
        return f"read together, the closest sentences {together}"
    reasons, said = [], False
    given = list(dict.fromkeys(r for i in basis for r in own.get(i, ())))
    if label == REFUTED and any(not r.startswith(_NAME_REASON) for r in given):
        # a name the source lacks keeps it from supporting the claim; it is not what refutes it
        given = [r for r in given if not r.startswith(_NAME_REASON)]
    for reason in given:
        model_only = is_model_only(reason)
        if model_only and said:
            continue  # one "says the same" is enough: not "says the same; may say the same"
        said = said or bool(model_only)
        reasons.append(reason)
    return "; ".join(reasons) or label.lower()
