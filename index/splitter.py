"""Split an article into passages the embedder reads whole.

Rules:
- Whole sentences are packed greedily into a passage while their word-pieces add up to at most
  ``max_tokens`` (word-piece tokenisation is additive across whitespace, so sentence counts sum).
- A passage may span several short paragraphs, but it ends at a paragraph boundary when it is at
  least half full and the next paragraph does not fit.
- A sentence longer than the limit is cut at whitespace into pieces within it; a run without
  whitespace longer than the limit is cut by characters.
- The limit is guaranteed: every finished passage is counted again as a whole and re-split if over
  (with ``additive=True``, the tokenizer's counts add across whitespace, so only passages joining
  pieces of a word cut by characters need the recount).
- A passage is also at most ``CHARS_PER_TOKEN`` characters a word-piece of the limit long: a
  tokenizer reads a whitespace-free run of over 100 characters as one unknown word-piece, so a
  15 MB line without spaces counted as one and became one passage.
- ``chunk.text == text[chunk.start:chunk.end]``; sentence offsets are absolute; no overlap.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from index.models import Chunk, Span
from index.sentences import paragraph_spans, sentence_spans

CountTokens = Callable[[Sequence[str]], list[int]]

_WORDS = re.compile(r"\S+")
CHARS_PER_TOKEN = 8  # a passage is at most this many characters per word-piece of the limit


def _cut_long(text: str, span: Span, count: CountTokens, max_tokens: int) -> list[Span]:
    """Cut an over-long sentence into pieces of at most ``max_tokens`` word-pieces."""
    start, end = span
    max_chars = max_tokens * CHARS_PER_TOKEN
    words = [(m.start() + start, m.end() + start) for m in _WORDS.finditer(text[start:end])]
    counts = count([text[s:e] for s, e in words])
    pieces: list[Span] = []
    piece_start, used, previous_end = None, 0, start
    for (ws, we), n in zip(words, counts, strict=True):
        if n > max_tokens or we - ws > max_chars:  # one whitespace-free run over the limit
            if piece_start is not None:
                pieces.append((piece_start, previous_end))
                piece_start, used = None, 0
            pieces.extend(_cut_chars(text, (ws, we), count, max_tokens))
            continue
        if piece_start is not None and (used + n > max_tokens or we - piece_start > max_chars):
            pieces.append((piece_start, previous_end))
            piece_start, used = None, 0
        if piece_start is None:
            piece_start = ws
        used += n
        previous_end = we
    if piece_start is not None:
        pieces.append((piece_start, previous_end))
    return pieces


def _cut_chars(text: str, span: Span, count: CountTokens, max_tokens: int) -> list[Span]:
    start, end = span
    # a word-piece covers at least one character, so pieces of max_tokens characters fit, with
    # byte-level tokenizers aside: counted in one call, and cut finer only when one does not
    even = [(a, min(a + max_tokens, end)) for a in range(start, end, max_tokens)]
    if all(n <= max_tokens for n in count([text[a:b] for a, b in even])):
        return even
    pieces = []
    while start < end:
        size = min(end - start, max_tokens)  # a word-piece covers at least one character
        while size > 1 and count([text[start : start + size]])[0] > max_tokens:
            size //= 2
        pieces.append((start, start + size))
        start += size
    return pieces


def _units(text: str, count: CountTokens, max_tokens: int) -> list[tuple[int, Span, int]]:
    """(paragraph number, sentence or piece span, word-pieces) in order."""
    spans: list[tuple[int, Span]] = []
    for number, (p_start, p_end) in enumerate(paragraph_spans(text), 1):
        spans.extend((number, s) for s in sentence_spans(text, p_start, p_end))
    counts = count([text[s:e] for _, (s, e) in spans]) if spans else []
    units: list[tuple[int, Span, int]] = []
    max_chars = max_tokens * CHARS_PER_TOKEN
    for (number, span), n in zip(spans, counts, strict=True):
        if n <= max_tokens and span[1] - span[0] <= max_chars:
            units.append((number, span, n))
            continue
        pieces = _cut_long(text, span, count, max_tokens)
        for piece, m in zip(pieces, count([text[s:e] for s, e in pieces]), strict=True):
            units.append((number, piece, m))
    return units


def _pack(units: list[tuple[int, Span, int]], max_tokens: int) -> list[list[tuple[int, Span, int]]]:
    # word-pieces left in each paragraph from a given unit on, to decide paragraph breaks
    remaining = [0] * len(units)
    for i in range(len(units) - 1, -1, -1):
        same = i + 1 < len(units) and units[i + 1][0] == units[i][0]
        remaining[i] = units[i][2] + (remaining[i + 1] if same else 0)
    groups: list[list[tuple[int, Span, int]]] = []
    current: list[tuple[int, Span, int]] = []
    used = 0
    max_chars = max_tokens * CHARS_PER_TOKEN
    for i, unit in enumerate(units):
        starts_paragraph = bool(current) and unit[0] != current[-1][0]
        full = used + unit[2] > max_tokens or (
            bool(current) and unit[1][1] - current[0][1][0] > max_chars
        )
        prefer_break = (
            starts_paragraph and used * 2 >= max_tokens and used + remaining[i] > max_tokens
        )
        if current and (full or prefer_break):
            groups.append(current)
            current, used = [], 0
        current.append(unit)
        used += unit[2]
    if current:
        groups.append(current)
    return groups


def _joins_cut_word(group: list[tuple[int, Span, int]]) -> bool:
    """Whether two units of the group touch (no whitespace between): pieces of a cut word."""
    return any(a[1][1] == b[1][0] for a, b in zip(group, group[1:], strict=False))


def split_article(
    article_id: str,
    text: str,
    count_tokens: CountTokens,
    max_tokens: int,
    *,
    additive: bool = False,
) -> list[Chunk]:
    """Passages of ``text`` of at most ``max_tokens`` word-pieces each (special tokens excluded).

    ``additive``: the tokenizer's counts add across whitespace (see ``whitespace_additive``), so a
    passage of whole sentences counts exactly the sum of its sentences and needs no recount.
    """
    if max_tokens < 1:
        raise ValueError(f"max_tokens must be positive, not {max_tokens}")
    units = _units(text, count_tokens, max_tokens)
    groups = _pack(units, max_tokens)
    # guarantee the limit on the passages as they will be embedded
    recount = [
        i for i, g in enumerate(groups) if len(g) > 1 and (not additive or _joins_cut_word(g))
    ]
    counts = count_tokens([text[groups[i][0][1][0] : groups[i][-1][1][1]] for i in recount])
    over = {i for i, n in zip(recount, counts, strict=True) if n > max_tokens}
    checked: list[list[tuple[int, Span, int]]] = []
    for i, group in enumerate(groups):
        if i in over:  # sums under-counted (rare): one unit a passage
            checked.extend([u] for u in group)
        else:
            checked.append(group)
    chunks = []
    for index, group in enumerate(checked):
        start, end = group[0][1][0], group[-1][1][1]
        chunks.append(
            Chunk(
                article_id=article_id,
                index=index,
                text=text[start:end],
                start=start,
                end=end,
                paragraphs=tuple(sorted({u[0] for u in group})),
                sentences=tuple(u[1] for u in group),
            )
        )
    return chunks
