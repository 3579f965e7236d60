"""The optional verifiers' code paths, with models the tests build themselves: a tiny Hugging
Face NLI classifier saved to a folder (standing in for a model configured by name), and the
settings-keyed factory."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.results import NEI, REFUTED, SUPPORTED, Evidence
from assistant.verify.verifier import CrossEncoderVerifier, HFCrossEncoderVerifier, make_verifier
from index.embedder import resolve_model_path
from index.errors import ConfigError
from index.settings import Settings

pytestmark = pytest.mark.integration


def tiny_classifier(folder: Path, labels: dict[int, str]) -> Path:
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    tokenizer = BertTokenizerFast.from_pretrained(resolve_model_path("all-MiniLM-L6-v2"))
    config = BertConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=1,
        num_attention_heads=2, intermediate_size=37, max_position_embeddings=128,
        num_labels=len(labels), id2label=labels, label2id={v: k for k, v in labels.items()},
    )  # fmt: skip
    BertForSequenceClassification(config).save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return folder


def test_a_hugging_face_nli_model_by_path(tmp_path: Path) -> None:
    path = tiny_classifier(tmp_path / "nli", {0: "entailment", 1: "neutral", 2: "contradiction"})
    verifier = HFCrossEncoderVerifier(str(path))
    assert verifier.mapping == {0: SUPPORTED, 1: NEI, 2: REFUTED}
    probs = verifier.score(
        "Cuba announced two days of mourning.", ["Cuba declared mourning.", "Rain fell."]
    )
    assert probs.shape == (2, 3) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)
    evidence = [Evidence("Cuba declared mourning.", "a", "a:p", 0, 23, 1, "T", "S", "", "")]
    verifier.annotate("Cuba announced mourning.", evidence, probs[:1])
    verdict = verifier.verify("Cuba announced mourning.", evidence)
    assert verdict.label in (SUPPORTED, REFUTED, NEI, "CONFLICTING") and 0 < verdict.confidence <= 1
    assert evidence[0].reasons


def test_two_label_models_and_bad_models(tmp_path: Path) -> None:
    binary = tiny_classifier(tmp_path / "bin", {0: "LABEL_0", 1: "LABEL_1"})
    assert HFCrossEncoderVerifier(str(binary)).mapping == {0: NEI, 1: SUPPORTED}
    sentiment = tiny_classifier(tmp_path / "sent", {0: "negative", 1: "positive", 2: "mixed"})
    with pytest.raises(ConfigError, match="none of which reads as entailment"):
        HFCrossEncoderVerifier(str(sentiment))
    with pytest.raises(ConfigError, match="cannot load the verifier model 'no/such-model'"):
        HFCrossEncoderVerifier("no/such-model")


def test_the_factory_follows_the_settings(tmp_path: Path) -> None:
    assert isinstance(make_verifier(Settings()), CrossEncoderVerifier)
    with pytest.raises(ConfigError, match="FACTCHECK_VERIFIER_MODEL"):
        make_verifier(Settings(verifier="hf"))
    with pytest.raises(ConfigError, match="FACTCHECK_LLM_PROVIDER"):
        make_verifier(Settings(verifier="llm"))
    path = tiny_classifier(tmp_path / "nli", {0: "entailment", 1: "neutral", 2: "contradiction"})
    assert isinstance(
        make_verifier(Settings(verifier="hf", verifier_model=str(path))), HFCrossEncoderVerifier
    )


def test_the_llm_providers_build_chat_models() -> None:
    from assistant.llm import make_chat_model

    assert make_chat_model(Settings()) is None
    ollama = make_chat_model(
        Settings(llm_provider="ollama", llm_model="llama3.2", llm_base_url="http://127.0.0.1:9")
    )
    assert type(ollama).__name__ == "ChatOllama"
    openai = make_chat_model(
        Settings(llm_provider="openai", llm_model="m", llm_base_url="http://127.0.0.1:9/v1")
    )
    assert type(openai).__name__ == "ChatOpenAI"
    with pytest.raises(ConfigError, match="FACTCHECK_LLM_MODEL"):
        make_chat_model(Settings(llm_provider="ollama"))
