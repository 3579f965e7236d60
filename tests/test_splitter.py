"""Sentences and passages: examples, and properties over generated text (hypothesis)."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from index.clean import clean_text
from index.sentences import paragraph_spans, sentence_spans
from index.splitter import CHARS_PER_TOKEN, split_article
from tests.conftest import SAMPLE


def fake_count(texts: Sequence[str]) -> list[int]:
    """Additive across whitespace like word-pieces: ceil(len/4) a word."""
    return [sum(math.ceil(len(w) / 4) for w in t.split()) for t in texts]


def sentences_of(text: str) -> list[str]:
    return [text[s:e] for s, e in sentence_spans(text)]


def test_news_sentences() -> None:
    assert sentences_of("“There was a lot of death on the other side. No death on our side.”") == [
        "“There was a lot of death on the other side.",
        "No death on our side.”",
    ]
    one = (
        "“You know, a lot of Cubans were killed yesterday,” President Trump told reporters "
        "aboard Air Force One as he flew Sunday night from Florida back to Washington."
    )
    assert sentences_of(one) == [one]
    us = "Rallies followed after the U.S. captured President Nicolás Maduro and flew him out."
    assert sentences_of(us) == [us]
    assert len(sentences_of("U.S. Secretary of State Marco Rubio spoke. Dr. Smith agreed.")) == 2
    assert len(sentences_of("John F. Kennedy spoke. Then he left!")) == 2


def test_scientific_sentences() -> None:
    text = (
        "Results were significant (p < 0.05). The effect (n = 12) vs. controls was 3.5% "
        "higher. Smith et al. reported similar results, e.g. in mice. Another one follows?"
    )
    assert sentences_of(text) == [
        "Results were significant (p < 0.05).",
        "The effect (n = 12) vs. controls was 3.5% higher.",
        "Smith et al. reported similar results, e.g. in mice.",
        "Another one follows?",
    ]


def test_sample_article_passages() -> None:
    text = clean_text(SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2])
    chunks = split_article("a", text, fake_count, 120)
    assert len(chunks) >= 2
    key = "An American military operation in Venezuela killed 32 Cuban officers"
    [holder] = [c for c in chunks if key in c.text]
    [sentence] = [text[s:e] for s, e in holder.sentences if key in text[s:e]]
    assert sentence.startswith(key) and sentence.endswith("South American nation.")
    assert 2 in holder.paragraphs  # paragraph 1 is the photo caption


def test_a_word_longer_than_the_limit_is_cut() -> None:
    text = "short start. " + "x" * 500 + " end."
    chunks = split_article("a", text, fake_count, 10)
    assert all(fake_count([c.text])[0] <= 10 for c in chunks)
    assert "".join(c.text for c in chunks).replace(" ", "") == text.replace(" ", "")


def test_empty_text() -> None:
    assert split_article("a", "  \n\n ", fake_count, 10) == []
    with pytest.raises(ValueError):
        split_article("a", "text", fake_count, 0)


WORDS = st.sampled_from(
    [
        "the",
        "U.S.",
        "Dr.",
        "officers",
        "killed",
        "3.5%",
        "e.g.",
        "“Quoted",
        "text.”",
        "(n",
        "=",
        "12)",
        "Café",
        "naïve",
        "end.",
        "Why?",
        "Yes!",
        "x" * 70,
        "…",
        "et",
        "al.",
        "Raúl",
    ]
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=40).map(lambda ws: " ".join(ws) + ".")
PARAGRAPH = st.lists(SENTENCE, min_size=1, max_size=6).map(" ".join)
TEXT = st.lists(PARAGRAPH, min_size=1, max_size=8).map("\n\n".join)


def non_space_positions(text: str) -> set[int]:
    return {i for i, ch in enumerate(text) if not ch.isspace()}


@settings(max_examples=150, deadline=None)
@given(text=TEXT, max_tokens=st.integers(min_value=5, max_value=120))
def test_passages_cover_the_text_exactly_within_the_limit(text: str, max_tokens: int) -> None:
    chunks = split_article("a", text, fake_count, max_tokens)
    covered: list[int] = []
    paragraphs = paragraph_spans(text)
    previous_end = 0
    for i, chunk in enumerate(chunks):
        assert chunk.index == i
        assert chunk.text == text[chunk.start : chunk.end]
        assert chunk.start >= previous_end  # ordered, no overlap
        previous_end = chunk.end
        assert fake_count([chunk.text])[0] <= max_tokens
        assert len(chunk.text) <= max_tokens * CHARS_PER_TOKEN
        last = chunk.start
        for s, e in chunk.sentences:
            assert chunk.start <= s < e <= chunk.end and s >= last
            assert text[s:e] == text[s:e].strip() and text[s:e]
            last = e
        touched = {
            n for n, (ps, pe) in enumerate(paragraphs, 1) if ps < chunk.end and pe > chunk.start
        }
        assert set(chunk.paragraphs) == touched
        covered.extend(i for i in range(chunk.start, chunk.end) if not text[i].isspace())
    assert sorted(covered) == sorted(non_space_positions(text))  # no text lost, none twice


@settings(max_examples=200, deadline=None)
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400))
def test_sentence_spans_cover_any_text(text: str) -> None:
    spans = sentence_spans(text)
    covered = []
    last = 0
    for s, e in spans:
        assert last <= s < e
        assert text[s:e] == text[s:e].strip()
        covered.extend(i for i in range(s, e) if not text[i].isspace())
        last = e
    assert covered == sorted(non_space_positions(text))


@pytest.mark.integration
def test_real_tokenizer_limit_holds() -> None:
    from index.embedder import count_with, load_tokenizer, resolve_model_path

    tokenizer = load_tokenizer(resolve_model_path("all-MiniLM-L6-v2"))

    def count(texts: Sequence[str]) -> list[int]:
        return count_with(tokenizer, texts)

    sample = clean_text(SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2])
    long = (
        " ".join(
            f"Sentence {i} mentions Nicolás Maduro, 3.5% growth and the U.S. Treasury."
            for i in range(400)
        )
        + " "
        + "y" * 3000
    )
    # a tokenizer reads a run of over 100 characters as one unknown word-piece: a run without
    # spaces is cut by characters all the same, not kept as one passage of any length
    no_spaces = "z" * 200_000
    for text in (sample, long, no_spaces):
        chunks = split_article("a", text, count, 254)
        assert chunks and max(count([c.text for c in chunks])) <= 254
        assert max(len(c.text) for c in chunks) <= 254 * CHARS_PER_TOKEN
        assert re.sub(r"\s", "", "".join(c.text for c in chunks)) == re.sub(r"\s", "", text)


def supercount(texts: Sequence[str]) -> list[int]:
    """Additive across whitespace, but a word cut in two counts less than the whole word
    (8+8 characters: 2+2, whole: 5), as word-pieces can."""
    return [sum(math.ceil(len(w) / 4) + (len(w) > 8) for w in t.split()) for t in texts]


@settings(max_examples=150, deadline=None)
@given(text=TEXT, max_tokens=st.integers(min_value=3, max_value=60))
def test_additive_mode_still_recounts_passages_joining_a_cut_word(
    text: str, max_tokens: int
) -> None:
    chunks = split_article("a", text, supercount, max_tokens, additive=True)
    assert all(supercount([c.text])[0] <= max_tokens for c in chunks)
    covered = [i for c in chunks for i in range(c.start, c.end) if not text[i].isspace()]
    assert covered == sorted(non_space_positions(text))


@pytest.mark.integration
@settings(max_examples=40, deadline=None)
@given(text=TEXT, max_tokens=st.integers(min_value=8, max_value=254))
def test_additive_mode_splits_as_the_recount_does_with_the_real_tokenizer(
    text: str, max_tokens: int
) -> None:
    from index.embedder import count_with, load_tokenizer, resolve_model_path, whitespace_additive

    tokenizer = load_tokenizer(resolve_model_path("all-MiniLM-L6-v2"))
    assert whitespace_additive(tokenizer)

    def count(texts: Sequence[str]) -> list[int]:
        return count_with(tokenizer, texts)

    sample = clean_text(SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2])
    for t in (text, sample, text + " " + "Ωy" * 900):
        fast = split_article("a", t, count, max_tokens, additive=True)
        assert fast == split_article("a", t, count, max_tokens)
        assert max(count([c.text for c in fast])) <= max_tokens


def test_byte_level_bpe_is_not_whitespace_additive() -> None:
    from tokenizers import Tokenizer, models, pre_tokenizers

    from index.embedder import whitespace_additive

    bpe = Tokenizer(models.BPE())
    bpe.pre_tokenizer = pre_tokenizers.ByteLevel()
    assert not whitespace_additive(bpe)
