"""The issue's examples on the sample article, with the real bundled models: the int8 MiniLM
embedder and the shipped verifier, over an embedded Chroma; plus `factcheck ask --json`."""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys

import pytest

from assistant.retrieval import Hit
from assistant.service import Assistant, build_assistant
from index.indexer import build_indexer
from index.settings import Settings
from tests.conftest import SAMPLE

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    settings = Settings(data_dir=tmp_path_factory.mktemp("real") / "data")
    build_indexer(settings).add([SAMPLE])
    assistant = build_assistant(settings)
    assistant.warm_up()
    return assistant


def test_supported(real: Assistant) -> None:
    result = real.check("32 Cuban officers were killed in the US operation in Venezuela")
    assert result.verdict == "SUPPORTED", result.answer
    assert result.citations[0].source == "Associated Press"
    assert any("32 Cuban officers" in c.sentence for c in result.citations)


def test_refuted_with_the_number_mismatch(real: Assistant) -> None:
    result = real.check("The US operation killed 23 Cuban officers")
    assert result.verdict == "REFUTED", result.answer
    assert "numbers differ: claim 23, source 32" in result.answer


def test_question_gets_the_direct_answer(real: Assistant) -> None:
    result = real.check("How many days of mourning did Cuba announce?")
    assert result.answer.startswith("Two days"), result.answer
    assert "two days of mourning" in result.citations[0].sentence


def test_nothing_relevant(real: Assistant) -> None:
    result = real.check("The Eiffel Tower is in Berlin")
    assert result.verdict == "NOT ENOUGH INFO" and not result.citations


def test_follow_up(real: Assistant) -> None:
    result = real.check(
        "And how many Venezuelans?", history=["How many Cuban officers were killed?"]
    )
    assert "Venezuelans" in result.checked and not result.answer.startswith("32")


def test_evidence_offsets_and_cli_json(real: Assistant) -> None:
    result = real.check("Cuba announced two days of mourning")
    article = real.store.article(result.citations[0].article_id)
    for c in result.citations:
        assert article.text[c.start : c.end] == c.sentence
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "ask", "--json", "The US operation killed 23 Cuban officers"],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "FACTCHECK_DATA_DIR": str(real.settings.data_dir)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["verdict"] == "REFUTED" and data["citations"][0]["paragraph"] >= 1
    assert set(data["citations"][0]) >= {
        "title",
        "source",
        "published",
        "url",
        "paragraph",
        "sentence",
        "start",
        "end",
    }


def test_chat_session_loads_once_and_follows_up(real: Assistant) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "assistant.cli", "chat"],
        input="How many Cuban officers were killed?\nAnd how many Venezuelans?\n\nquit\n",
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "FACTCHECK_DATA_DIR": str(real.settings.data_dir)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    first, second = out.stdout.strip().split("\n\n")[:2]
    assert first.startswith("32") and "give no number" in second
    assert "loading the models" in out.stderr and "(new conversation)" in out.stderr
    assert "DEBUG" not in out.stderr and "Traceback" not in out.stderr


def test_a_cold_ask_imports_neither_torch_nor_transformers(real: Assistant) -> None:
    """The seconds a cold `factcheck ask` spent importing them (the tokenizers come from their
    tokenizer.json through `tokenizers` alone)."""
    probe = (
        "import atexit, runpy, sys\n"
        "atexit.register(lambda: print('LOADED', 'torch' in sys.modules,"
        " 'transformers' in sys.modules, file=sys.stderr))\n"
        "sys.argv = ['factcheck', 'ask', 'Cuba announced two days of mourning']\n"
        "runpy.run_module('assistant.cli', run_name='__main__')\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=300,
        env={**os.environ, "FACTCHECK_DATA_DIR": str(real.settings.data_dir)},
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert out.stdout.startswith("SUPPORTED") and "LOADED False False" in out.stderr, out.stderr


def test_the_pair_tokenizer_matches_transformers() -> None:
    import numpy as np
    from transformers import AutoTokenizer

    from assistant.verify.encoder import pair_tokenizer
    from index.embedder import resolve_model_path

    path = resolve_model_path("all-MiniLM-L6-v2")
    claims = ["Cuba announced two days of mourning", "The US operation killed 23 officers"]
    evidence = [SAMPLE.read_text(encoding="utf-8")[:3000], "Cuba said 32 officers died."]
    ours = pair_tokenizer(path, 160)(claims, evidence)
    theirs = AutoTokenizer.from_pretrained(path)(
        claims, evidence, truncation="longest_first", max_length=160, padding=True,
        return_tensors="np",
    )  # fmt: skip
    for name in ("input_ids", "attention_mask", "token_type_ids"):
        assert np.array_equal(ours[name], theirs[name].astype(np.int64)), name
    assert ours["input_ids"].shape == (2, 160)


def test_a_pairs_probabilities_do_not_depend_on_the_pairs_beside_it() -> None:
    """Pairs run one by one, side by side on threads: scoring eight at once gives each the same
    probabilities as scoring it alone (padded batches did not: int8 activations are scaled over
    the whole batch), and a lone pair on the wide session agrees with the one-thread session."""
    import numpy as np

    from assistant.verify.verifier import CrossEncoderVerifier

    verifier = CrossEncoderVerifier()
    claim = "Cuba said 32 of its officers were killed in the US operation"
    body = SAMPLE.read_text(encoding="utf-8").split("---\n", 2)[2]
    sentences = [s.strip() + "." for s in body.split(". ") if len(s) > 30][:8]
    together = verifier.score(claim, sentences)
    alone = np.vstack([verifier.score(claim, [s]) for s in sentences])
    assert together.shape == (8, 3)
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(together.sum(axis=1), 1.0, atol=1e-5)


def test_evidence_sentences_use_the_vectors_stored_at_index_time(real: Assistant) -> None:
    """The index keeps each passage's sentence vectors (pooled from its own forward pass), so a
    check embeds no sentence: the cache of sentences embedded at query time stays empty. The
    BM25 side index keeps none of them in memory; a hit it alone finds has its read back."""
    from assistant.evidence import stored_sentence_vectors
    from index.store import SENTENCE_VECTORS_KEY

    passages = real.store.passages()
    assert passages and all(SENTENCE_VECTORS_KEY in p.metadata for p in passages)
    index, _ = real.lexical.current(real.store.revision())
    assert not any(SENTENCE_VECTORS_KEY in index.metadata_of(i) for i in range(len(index)))
    real.sentence_vectors._cache.clear()
    result = real.check("Cuba announced two days of mourning for the officers")
    assert "two days of mourning" in result.evidence[0].sentence
    assert len(real.sentence_vectors._cache) == 0
    # a hit as BM25 alone gives it: without the vectors, which are read back by id
    first, second = result.hits[0], result.hits[1]
    bare = {k: v for k, v in second.passage.metadata.items() if k != SENTENCE_VECTORS_KEY}
    lexical_only = Hit(dataclasses.replace(second.passage, metadata=bare), second.score)
    known = stored_sentence_vectors([first, lexical_only], 384, real.store)
    assert {pid for pid, _, _ in known} == {first.passage.id, second.passage.id}
    alone = stored_sentence_vectors([lexical_only], 384, real.store)  # no sign the index has any
    assert alone == {}
