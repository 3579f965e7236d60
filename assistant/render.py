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
    if (
        result.kind == "question"
        and result.verdict != "NOT ENOUGH INFO"
        and not result.probabilities
    ):
        label = "ANSWER"
    else:
        label = result.verdict
    colour = BADGE_COLOURS.get(result.verdict, "#3a5a9b")
    low = " · low confidence" if result.low_confidence and label != "ANSWER" else ""
    confidence = f" · {result.confidence:.0%}" if label != "ANSWER" else ""
    return (
        f"<span class='verdict-badge' data-verdict='{_e(label)}' "
        f"style='background:{colour};color:white;padding:2px 8px;border-radius:6px;"
        f"font-weight:600'>{_e(label)}{confidence}{low}</span>"
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
    return (
        f"<details class='source-card' data-citation='{citation.number}'>"
        f"<summary>[{citation.number}] {_e(citation.title or citation.article_id)}"
        f"{' — ' + meta if meta else ''}</summary>"
        f"<div class='card-body'><div><small>paragraph {citation.paragraph} · characters "
        f"{citation.start}–{citation.end}</small></div>"
        f"<div>{link}</div><p>{body}</p></div></details>"
    )


def result_html(result: CheckResult, paragraphs: dict[int, tuple[str, int]] | None = None) -> str:
    """The whole reply. ``paragraphs``: citation number -> (paragraph text, its start offset)."""
    paragraphs = paragraphs or {}
    lines = "".join(
        f"<p class='answer-line{'' if s.supported else ' unsupported'}'>{_e(s.text)}"
        + (f" <small>({_e(s.note)})</small>" if s.note else "")
        + "</p>"
        for s in result.sentences
        if s.supported or s.note
    )
    cards = "".join(
        source_card(c, *paragraphs[c.number]) if c.number in paragraphs else source_card(c)
        for c in result.citations
    )
    reason = (
        f"<p><small>{_e(result.reason)}</small></p>" if result.reason and result.citations else ""
    )
    return f"<div class='check'>{badge(result)}{reason}{lines}{cards}</div>"
