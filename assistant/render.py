"""A check as HTML for the web chat: a verdict badge, the answer, and numbered citations that
open into source cards (title, source, date, link, the cited paragraph with the exact sentence
highlighted). Every piece of article or user text is escaped: it is shown as text, never run."""

from __future__ import annotations

import html
from urllib.parse import urlparse

from assistant.results import CheckResult, Citation

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


def source_card(citation: Citation, paragraph: str | None = None, paragraph_start: int = 0) -> str:
    url = safe_url(citation.url)
    link = (
        f"<a href='{_e(url)}' target='_blank' rel='noopener noreferrer nofollow'>{_e(url)}</a>"
        if url
        else _e(citation.url)
    )
    body = (
        paragraph_html(paragraph, paragraph_start, citation)
        if paragraph is not None
        else f"<mark>{_e(citation.sentence)}</mark>"
    )
    meta = " · ".join(_e(x) for x in (citation.source, citation.published) if x)
    why = (
        f"<p class='why'><small>{_e(citation.stance.lower())}: {_e('; '.join(citation.reasons))}</small></p>"
        if citation.reasons
        else ""
    )
    return (
        f"<details class='source-card' data-citation='{citation.number}'>"
        f"<summary>[{citation.number}] {_e(citation.title or citation.article_id)}"
        f"{' — ' + meta if meta else ''}</summary>"
        f"<div class='card-body'><div><small>paragraph {citation.paragraph} · characters "
        f"{citation.start}–{citation.end}</small></div>"
        f"<div>{link}</div><p>{body}</p>{why}</div></details>"
    )


QUOTED = 2  # evidence sentences quoted in a chat reply; all of them are in the source cards


def reply_html(result: CheckResult) -> str:
    """The chat reply: the badge, the reason, the first line (verdict or direct answer), then
    either the best evidence quoted with its citation or, for a written (LLM) answer, its
    sentences — unsupported ones only as a marked note."""
    head = result.sentences[:1]
    extra = result.sentences[1:] if result.written_by == "llm" else []
    lines = "".join(
        f"<p class='answer-line'>{_e(s.text)}</p>"
        if s.supported
        else f"<p class='answer-line unsupported'><small>Not shown as fact: {_e(s.note)}</small></p>"
        for s in [*head, *extra]
    )
    reason = (
        f"<p><small>{_e(result.reason)}</small></p>" if result.reason and result.citations else ""
    )
    quotes = "".join(
        f"<blockquote class='quote'>“{_e(c.sentence)}” [{c.number}]<br><small>— "
        + _e(
            ", ".join(
                x for x in (c.source or c.title, c.published, f"paragraph {c.paragraph}") if x
            )
        )
        + "</small></blockquote>"
        for c in ([] if extra else result.citations[:QUOTED])
    )
    return f"<div class='fc-reply'>{badge(result)}{reason}{lines}{quotes}</div>"


def cards_html(result: CheckResult, paragraphs: dict[int, tuple[str, int]] | None = None) -> str:
    """The source cards of a reply. ``paragraphs``: citation number -> (paragraph text, its
    start offset in the article)."""
    paragraphs = paragraphs or {}
    if not result.citations:
        return "<p><small>No passage was cited.</small></p>"
    return "".join(
        source_card(c, *paragraphs[c.number]) if c.number in paragraphs else source_card(c)
        for c in result.citations
    )
