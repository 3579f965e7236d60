"""A check as HTML for the web chat: a verdict badge, the answer, and numbered citations that
open into source cards (title, source, date, link, the cited paragraph with the exact sentence
highlighted). Every piece of article or user text is escaped: it is shown as text, never run."""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

from assistant.results import ANSWERED, CheckResult, Citation
from assistant.verify.decide import is_model_only

BADGE_COLOURS = {
    "SUPPORTED": "#1b7f3b",
    "REFUTED": "#b3261e",
    "NOT ENOUGH INFO": "#6b6b6b",
    "CONFLICTING": "#b26a00",
}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def safe_url(url: str) -> str:
    """Only http(s) links are made clickable; anything else (javascript:, data:) is not."""
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else ""


def badge(result: CheckResult) -> str:
    """The verdict as a coloured label; a verdict under the confidence mark reads "UNCLEAR —
    read the sources" with the way it leans, not as a firm label."""
    label = "ANSWER" if result.verdict == "ANSWERED" else result.verdict
    colour = BADGE_COLOURS.get(result.verdict, "#3a5a9b")
    text = label if label == "ANSWER" else f"{label} · {result.confidence:.0%}"
    firm = "true"
    if result.low_confidence and label != "ANSWER":
        text = f"UNCLEAR — read the sources · leans {label} {result.confidence:.0%}"
        colour, firm = "#7a6a3a", "false"
    return (
        f"<span class='verdict-badge' data-verdict='{_e(label)}' data-firm='{firm}' "
        f"style='background:{colour};color:white;padding:2px 8px;border-radius:6px;"
        f"font-weight:600'>{_e(text)}</span>"
    )


def paragraph_html(paragraph: str, paragraph_start: int, citation: Citation) -> str:
    """The paragraph with the cited sentence marked; offsets are into the article text."""
    a = max(0, citation.start - paragraph_start)
    b = min(len(paragraph), citation.end - paragraph_start)
    if not (0 <= a < b <= len(paragraph)):
        return _e(paragraph)
    return f"{_e(paragraph[:a])}<mark>{_e(paragraph[a:b])}</mark>{_e(paragraph[b:])}"


STANCE_WORDS = {
    "SUPPORTED": "supports the claim",
    "REFUTED": "contradicts the claim",
    "NOT ENOUGH INFO": "related, but does not settle it",
    "CONFLICTING": "disagrees with another source",
}
_MARKS = re.compile(r"\[(\d+)\]")


def cite_links(escaped: str) -> str:
    """Citation marks [n] in escaped text become links that open and scroll to card n."""
    return _MARKS.sub(
        lambda m: (
            f"<a class='cite' href='#fc-card-{m.group(1)}' data-card='{m.group(1)}'>"
            f"[{m.group(1)}]</a>"
        ),
        escaped,
    )


def quoted(sentence: str) -> str:
    """The sentence between quotation marks, once: one that is itself a quotation keeps its own."""
    text = " ".join(sentence.split())
    return text if text[:1] in '“"' else f"“{text}”"


def source_card(
    citation: Citation,
    paragraph: str | None = None,
    paragraph_start: int = 0,
    is_claim: bool = True,
    is_open: bool = False,
) -> str:
    """One cited sentence in its paragraph, with where it is and, for a claim, how it bears on
    it in words. The card's title line is its article's (see ``cards_html``)."""
    body = (
        paragraph_html(paragraph, paragraph_start, citation)
        if paragraph is not None
        else f"<mark>{_e(citation.sentence)}</mark>"
    )
    why = ""
    if is_claim:
        stance = STANCE_WORDS.get(citation.stance, citation.stance.lower())
        reasons = "; ".join(citation.reasons)
        said = reasons if reasons and all(is_model_only(r) for r in citation.reasons) else ""
        words = said or (f"{stance}: {reasons}" if reasons else stance)  # no "supports: says…"
        why = f"<p class='why'><small>{_e(words[:1].upper() + words[1:])}</small></p>"
    return (
        f"<details class='source-card' id='fc-card-{citation.number}' "
        f"data-citation='{citation.number}'{' open' if is_open else ''}>"
        f"<summary>[{citation.number}] paragraph {citation.paragraph}</summary>"
        f"<div class='card-body'><p>{body}</p>{why}<div><small>characters "
        f"{citation.start}–{citation.end}</small></div></div></details>"
    )


def _article_head(citation: Citation, author: str = "") -> str:
    url = safe_url(citation.url)
    link = (
        f" · <a href='{_e(url)}' target='_blank' rel='noopener noreferrer nofollow'>{_e(url)}</a>"
        if url
        else (f" · {_e(citation.url)}" if citation.url else "")
    )
    meta = " · ".join(
        _e(x) for x in (f"by {author}" if author else "", citation.source, citation.published) if x
    )
    return (
        f"<div class='source-head'><strong>{_e(citation.title or citation.article_id)}</strong>"
        f"{' — ' + meta if meta else ''}{link}</div>"
    )


QUOTED = 2  # evidence sentences quoted in a chat reply; all of them are in the source cards


def reply_html(result: CheckResult) -> str:
    """The chat reply, one verdict display: the badge, then for a claim why (the reason, with
    links to the cards it rests on), for a question its short answer; then the best evidence
    quoted, or, for a written (LLM) answer, its sentences (unsupported ones only as a marked
    note)."""
    extra = result.sentences[1:] if result.written_by == "llm" else []
    first = result.sentences[0].text if result.sentences else result.reason
    if result.kind == "question" and result.verdict == ANSWERED:
        short = result.short_answer[:1].upper() + result.short_answer[1:]
        said = f"<strong>{_e(short)}</strong>" if short else ""
        # without a short answer, the line that says so ("…give no number for this; the
        # closest passage:"), its quote left to the quotes below
        lead = f"<p class='answer-line'>{said or _e(first.split(' “')[0])}</p>"
    elif result.citations:
        backing = result.sentences[0].citations if result.sentences else []
        marks = "".join(f"[{n}]" for n in backing)
        answer = ""
        if result.kind == "question" and not result.low_confidence:  # a yes/no question
            answer = {"SUPPORTED": "Yes", "REFUTED": "No"}.get(result.verdict, "Not settled")
            answer = f"<strong>{answer}</strong> — "
        reason = result.reason[:1].upper() + result.reason[1:]
        lead = f"<p class='answer-line'>{answer}{cite_links(_e(reason + ' ' + marks))}</p>"
    else:  # nothing bears on it: the badge has the label, the line says why
        lead = f"<p class='answer-line'>{_e(first.removeprefix(result.verdict + ': '))}</p>"
    lines = "".join(
        f"<p class='answer-line'>{cite_links(_e(s.text))}</p>"
        if s.supported
        else f"<p class='answer-line unsupported'><small>Not shown as fact: {_e(s.note)}</small></p>"
        for s in extra
    )
    quotes = "".join(
        f"<blockquote class='quote'>{_e(quoted(c.sentence))} {cite_links(f'[{c.number}]')}"
        "<br><small>— "
        + _e(
            ", ".join(
                x for x in (c.source or c.title, c.published, f"paragraph {c.paragraph}") if x
            )
        )
        + "</small></blockquote>"
        for c in ([] if extra else result.citations[:QUOTED])
    )
    return f"<div class='fc-reply'>{badge(result)}{lead}{lines}{quotes}</div>"


def cards_html(
    result: CheckResult,
    paragraphs: dict[int, tuple[str, int]] | None = None,
    authors: dict[str, str] | None = None,
) -> str:
    """The source cards of a reply, grouped under their article's title (and author); the first
    is open. ``paragraphs``: citation number -> (paragraph text, its start offset in the
    article); ``authors``: article id -> author."""
    paragraphs, authors = paragraphs or {}, authors or {}
    if not result.citations:
        return "<p><small>No passage was cited.</small></p>"
    groups: dict[str, list[Citation]] = {}
    for c in result.citations:
        groups.setdefault(c.article_id, []).append(c)
    is_claim = result.kind == "claim" or result.verdict != ANSWERED
    out = []
    for cited in groups.values():
        cards = "".join(
            source_card(
                c, *paragraphs.get(c.number, (None, 0)), is_claim=is_claim,
                is_open=c is result.citations[0],
            )
            for c in cited
        )  # fmt: skip
        head = _article_head(cited[0], authors.get(cited[0].article_id, ""))
        out.append(f"<div class='source-group'>{head}{cards}</div>")
    return "".join(out)
