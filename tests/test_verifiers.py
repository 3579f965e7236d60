"""The optional verifiers' code paths, with models the tests build themselves: a tiny Hugging
Face NLI classifier saved to a folder (standing in for a model configured by name), and the
settings-keyed factory."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from assistant.results import NEI, REFUTED, SUPPORTED, Evidence
from assistant.verify.verifier import (
    FAST_MODELS_DIR,
    MODELS_DIR,
    CrossEncoderVerifier,
    HFCrossEncoderVerifier,
    make_verifier,
)
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
    default, fast = make_verifier(Settings()), make_verifier(Settings(verifier="fast"))
    assert isinstance(default, CrossEncoderVerifier) and isinstance(fast, CrossEncoderVerifier)
    assert default.model_dir == MODELS_DIR and fast.model_dir == FAST_MODELS_DIR
    assert default.card["base_model"] == "all-mpnet-base-v2"
    assert fast.card["base_model"] == "all-MiniLM-L6-v2" and fast.aggregator is not None
    pair = ("Cuba announced two days of mourning.", ["Cuba declared two days of mourning."])
    for verifier in (default, fast):
        probs = verifier.score(*pair)
        assert probs.shape == (1, 3) and probs[0, 0] > 0.5, probs  # both read support
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


def _tiny_evaluation_set(folder: Path) -> Path:
    """A corpus with sentences and labelled claims in the train and the tune split."""
    from assistant.datasets import split_of

    folder.mkdir(parents=True)
    corpus = [
        {
            "_id": f"d{i}",
            "title": f"Bridge {i}",
            "text": "x",
            "sentences": [
                f"Mayor John Smith said bridge {i} will reopen after 14 months of repairs.",
                f"The repairs to bridge {i} cost 3 million dollars, the city said on Monday.",
                "John Smith thanked the workers at a ceremony on Friday evening.",
            ],
        }
        for i in range(6)
    ]
    ids = (str(i) for i in range(10_000))
    wanted = {"train": 12, "tune": 3}
    queries = []
    for claim_id in ids:
        split = split_of(claim_id)
        if wanted.get(split, 0) > 0:
            wanted[split] -= 1
            n = len(queries)
            doc = f"d{n % 6}"
            label, text = [
                ("SUPPORTED", f"Bridge {n % 6} will reopen after 14 months."),
                ("REFUTED", f"Bridge {n % 6} will never reopen."),
            ][n % 2]
            queries.append(
                {"_id": claim_id, "text": text, "label": label,
                 "evidence": [{"doc_id": doc, "sentences": [0]}]}
            )  # fmt: skip
        if not any(wanted.values()):
            break
    (folder / "corpus.jsonl").write_text("\n".join(json.dumps(r) for r in corpus))
    (folder / "queries.jsonl").write_text("\n".join(json.dumps(r) for r in queries))
    return folder


def test_training_resumes_after_a_crash_and_exports_a_verifier_that_loads(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`factcheck verifier train` end to end on a tiny model: it stops right after its first
    checkpoint (as a killed run would), the second run resumes there rather than starting over,
    and the int8 ONNX it exports scores pairs."""
    from assistant.verify import train as training
    from assistant.verify.encoder import OnnxCrossEncoder

    labels = {0: "SUPPORTED", 1: "REFUTED", 2: "NOT ENOUGH INFO"}
    base = tiny_classifier(tmp_path / "base", labels)
    data = _tiny_evaluation_set(tmp_path / "set")
    config = training.TrainConfig(
        data=[str(data)], out=str(tmp_path / "out"), base_model=str(base), epochs=2,
        batch_size=4, synthetic=8, mix="none", checkpoint_every=2, max_length=64,
    )  # fmt: skip
    saved = training._atomic_torch_save

    def save_then_die(obj: object, path: Path) -> None:
        saved(obj, path)
        raise KeyboardInterrupt

    monkeypatch.setattr(training, "_atomic_torch_save", save_then_die)
    lines: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        training.train(config, progress=lines.append)
    assert any(line.startswith("precision ") for line in lines)
    assert not (tmp_path / "out" / "verifier-int8.onnx").exists()
    monkeypatch.setattr(training, "_atomic_torch_save", saved)
    lines.clear()
    card = training.train(config, progress=lines.append)
    assert any(line.startswith("resumed at step 2 of ") for line in lines), lines
    model = tmp_path / "out" / "verifier-int8.onnx"
    assert model.is_file() and card["holdout"]["pairs"] > 0
    assert card["precision"] in ("bf16", "fp32") and len(card["history"]) == 2
    probs = OnnxCrossEncoder(model, str(base), max_length=64).predict(
        ["Bridge 2 will reopen."], ["Mayor John Smith said bridge 2 will reopen after 14 months."]
    )
    assert probs.shape == (1, 3) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_bf16_training_only_where_the_cpu_multiplies_bf16(tmp_path: Path) -> None:
    from assistant.verify.train import TrainConfig, _precision, bf16_matmul_cpu

    assert bf16_matmul_cpu("fpu sse avx512f amx_bf16 amx_tile")
    assert bf16_matmul_cpu("avx512f avx512_bf16")
    assert not bf16_matmul_cpu("fpu avx2 avx512f avx512_vnni")
    assert _precision(TrainConfig(data=[], out="x", precision="fp32")) == "fp32"
    with pytest.raises(ValueError, match="unknown precision 'fp16'"):
        _precision(TrainConfig(data=[], out="x", precision="fp16"))


def assert_within_a_rounding_step(original: Any, back: Any) -> None:
    """Every float weight of ``back`` is within one int8 step (of its widest channel) of
    ``original``'s, and they have the same weights."""
    import torch

    before, after = original.state_dict(), back.state_dict()
    assert before.keys() == after.keys()
    for name, weight in before.items():
        if weight.is_floating_point():
            step = float(weight.abs().max()) / 127 + 1e-6
            assert torch.allclose(weight, after[name], atol=step), name


def test_a_shipped_int8_verifier_unquantizes_to_the_weights_it_was_exported_from(
    tmp_path: Path,
) -> None:
    """`factcheck verifier unquantize`: the int8 ONNX file's weights, read back into a model
    folder that training can start from, are those of the model exported, to a rounding step."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from assistant.verify.train import export_classifier_int8
    from assistant.verify.unquantize import unquantize

    labels = {0: "SUPPORTED", 1: "REFUTED", 2: "NOT ENOUGH INFO"}
    base = tiny_classifier(tmp_path / "base", labels)
    original = AutoModelForSequenceClassification.from_pretrained(base).eval()
    torch.manual_seed(0)
    with torch.no_grad():  # a trained model's layer norms and biases are no longer all equal
        for weight in original.parameters():
            weight.add_(torch.randn_like(weight) * 0.05)
    original.save_pretrained(base)
    onnx_file = tmp_path / "verifier-int8.onnx"
    export_classifier_int8(base, onnx_file, max_length=64)
    out = unquantize(onnx_file, tmp_path / "back", base_model=str(base))
    back = AutoModelForSequenceClassification.from_pretrained(out).eval()
    assert_within_a_rounding_step(original, back)
    tokenizer = AutoTokenizer.from_pretrained(out)
    inputs = tokenizer(["Bridge 2 will reopen."], ["The bridge stays shut."], return_tensors="pt")
    with torch.no_grad():
        assert torch.allclose(original(**inputs).logits, back(**inputs).logits, atol=0.05)
    with pytest.raises(ConfigError, match="has 1 layers, the base model 'all-MiniLM-L6-v2' 6"):
        unquantize(onnx_file, tmp_path / "other", base_model="all-MiniLM-L6-v2")
    # not an ONNX file, and an ONNX model that is no verifier: a message, not a stack trace
    garbage = tmp_path / "notes.onnx"
    garbage.write_text("not a model")
    with pytest.raises(ConfigError, match="notes.onnx is not an ONNX model"):
        unquantize(garbage, tmp_path / "other", base_model=str(base))
    import onnx
    from onnx import TensorProto, helper

    value = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])
    plain = helper.make_model(helper.make_graph([], "plain", [value], [value]))
    onnx.save(plain, tmp_path / "plain.onnx")
    with pytest.raises(ConfigError, match="plain.onnx is not an int8 verifier"):
        unquantize(tmp_path / "plain.onnx", tmp_path / "other", base_model=str(base))
    assert not (tmp_path / "other").exists()


def tiny_mpnet(folder: Path, layers: int, trained: bool = False) -> tuple[Any, Any]:
    """A small 3-label MPNet classifier (no token types, as all-mpnet-base-v2) and the MiniLM's
    tokenizer, saved to ``folder``; ``trained``: its weights moved off their initial values, so
    that its layer norms and biases are no longer all equal."""
    import torch
    from transformers import BertTokenizerFast, MPNetConfig, MPNetForSequenceClassification

    labels = {0: "SUPPORTED", 1: "REFUTED", 2: "NOT ENOUGH INFO"}
    tokenizer = BertTokenizerFast.from_pretrained(resolve_model_path("all-MiniLM-L6-v2"))
    config = MPNetConfig(
        vocab_size=tokenizer.vocab_size, hidden_size=32, num_hidden_layers=layers,
        num_attention_heads=2, intermediate_size=37, max_position_embeddings=130,
        num_labels=3, id2label=labels, label2id={v: k for k, v in labels.items()},
    )  # fmt: skip
    torch.manual_seed(0)
    model = MPNetForSequenceClassification(config).eval()
    if trained:
        with torch.no_grad():
            for weight in model.parameters():
                weight.add_(torch.randn_like(weight) * 0.05)
    model.save_pretrained(folder)
    tokenizer.save_pretrained(folder)
    return model, tokenizer


def test_an_mpnet_verifier_unquantizes_too(tmp_path: Path) -> None:
    """An export without fused attention (MPNet, as the shipped all-mpnet-base-v2 verifier):
    its weights, read back by the names the export keeps and the nodes that multiply by the
    unnamed matrices, are those of the model exported, to a rounding step."""
    import torch
    from transformers import MPNetForSequenceClassification

    from assistant.verify.train import export_classifier_int8
    from assistant.verify.unquantize import unquantize

    base = tmp_path / "base"
    original, tokenizer = tiny_mpnet(base, layers=2, trained=True)
    onnx_file = tmp_path / "verifier-int8.onnx"
    export_classifier_int8(base, onnx_file, max_length=64)
    back = MPNetForSequenceClassification.from_pretrained(
        unquantize(onnx_file, tmp_path / "back", base_model=str(base))
    ).eval()
    assert_within_a_rounding_step(original, back)
    inputs = tokenizer(["Bridge 2 will reopen."], ["The bridge stays shut."], return_tensors="pt")
    inputs.pop("token_type_ids")
    with torch.no_grad():
        assert torch.allclose(original(**inputs).logits, back(**inputs).logits, atol=0.05)
    with pytest.raises(ConfigError, match="has 2 layers, the base model 'all-MiniLM-L6-v2' 6"):
        unquantize(onnx_file, tmp_path / "other", base_model="all-MiniLM-L6-v2")


def test_a_verifier_trained_from_a_model_without_token_types_exports_and_loads(
    tmp_path: Path,
) -> None:
    """A base model whose forward takes no token types (MPNet, as all-mpnet-base-v2): the int8
    export declares only the inputs the model takes, the encoder feeds only those, and the
    verifier reads the tokenizer written beside the model (its base need not be installed)."""
    import shutil

    from assistant.verify import train as training

    base = tmp_path / "base"
    tiny_mpnet(base, layers=1)
    data = _tiny_evaluation_set(tmp_path / "set")
    out = tmp_path / "out"
    training.train(
        training.TrainConfig(
            data=[str(data)],
            out=str(out),
            base_model=str(base),
            epochs=1,
            batch_size=4,
            synthetic=8,
            mix="none",
            max_length=64,
        ),  # fmt: skip
        progress=lambda line: None,
    )
    import onnxruntime as ort

    session = ort.InferenceSession(str(out / "verifier-int8.onnx"))
    assert [i.name for i in session.get_inputs()] == ["input_ids", "attention_mask"]
    import onnx

    from index.onnx_embedder import signed_weights

    # uint8 weights: int8 ones saturate on CPUs without VNNI (tests/test_int8_weights.py)
    assert not signed_weights(onnx.load(out / "verifier-int8.onnx", load_external_data=False))
    assert (out / "tokenizer.json").is_file()
    shutil.rmtree(base)  # the verifier needs nothing of its base model
    verifier = CrossEncoderVerifier(out, aggregator=False)
    probs = verifier.score("Bridge 2 will reopen.", ["Bridge 2 will reopen in May.", "Rain fell."])
    assert probs.shape == (2, 3) and np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)


def test_a_large_verifier_is_written_as_a_graph_and_weight_files_under_the_size_limit(
    tmp_path: Path,
) -> None:
    """Over ``PART_BYTES`` the model is its graph plus weight files each under the limit (git
    hosts refuse files over 100 MB); it scores as the single file did, and writing another
    model over it leaves no weight file of the old one behind."""
    import onnxruntime as ort

    from assistant.verify.encoder import OnnxCrossEncoder
    from assistant.verify.train import export_classifier_int8, write_in_parts

    labels = {0: "SUPPORTED", 1: "REFUTED", 2: "NOT ENOUGH INFO"}
    base = tiny_classifier(tmp_path / "base", labels)
    whole = tmp_path / "whole" / "verifier-int8.onnx"
    export_classifier_int8(base, whole, 64)
    pair = (["Bridge 2 will reopen."], ["Mayor John Smith said bridge 2 will reopen in May."])
    expected = OnnxCrossEncoder(whole, str(base), 64).predict(*pair)
    import onnx

    limit = max(len(t.raw_data) for t in onnx.load(str(whole)).graph.initializer) + 1
    assert whole.stat().st_size > limit  # the embeddings and the rest: two files
    target = tmp_path / "models" / "verifier-int8.onnx"
    target.parent.mkdir()
    for round_ in range(2):
        copy = tmp_path / f"copy{round_}.onnx"
        copy.write_bytes(whole.read_bytes() if round_ == 0 else _perturbed(whole))
        write_in_parts(copy, target, part_bytes=limit)
        parts = sorted(target.parent.glob("verifier-int8-*.bin"))
        assert len(parts) >= 2 and all(p.stat().st_size <= limit for p in parts), parts
        assert not copy.exists() and len({p.name.split("-")[2] for p in parts}) == 1
        ort.InferenceSession(str(target))  # the graph finds its weights beside it
        if round_ == 0:
            got = OnnxCrossEncoder(target, str(base), 64).predict(*pair)
            assert np.allclose(got, expected, atol=1e-6)


def _perturbed(model_file: Path) -> bytes:
    """Another model of the same shape: one weight changed (another digest, other file names)."""
    import onnx

    model = onnx.load(str(model_file))
    tensor = max(model.graph.initializer, key=lambda t: len(t.raw_data))
    data = bytearray(tensor.raw_data)
    data[0] = (data[0] + 1) % 256
    tensor.raw_data = bytes(data)
    return model.SerializeToString()


def test_two_verifiers_average_weight_by_weight(tmp_path: Path) -> None:
    """`factcheck verifier average`: the int8 verifier whose weights are the weighted mean of two
    verifiers' (each read back from its int8 file), to the rounding steps of the three files;
    a folder that is no verifier, verifiers of two base models and a share outside 0–1 are
    refused with a message naming them, and nothing is written for them."""
    import torch
    from transformers import MPNetForSequenceClassification
    from typer.testing import CliRunner

    from assistant.verify.average import average
    from assistant.verify.cli import app
    from assistant.verify.train import export_classifier_int8
    from assistant.verify.unquantize import unquantize

    base = tmp_path / "base"
    first, tokenizer = tiny_mpnet(base, layers=2, trained=True)
    second, _ = tiny_mpnet(tmp_path / "other-base", layers=2, trained=True)
    torch.manual_seed(1)
    with torch.no_grad():  # the second differs from the first everywhere
        for weight in second.parameters():
            weight.add_(torch.randn_like(weight) * 0.2)
    second.save_pretrained(tmp_path / "other-base")
    folders = []
    for name, model_dir in (("a", base), ("b", tmp_path / "other-base")):
        folder = tmp_path / name
        export_classifier_int8(model_dir, folder / "verifier-int8.onnx", max_length=64)
        (folder / "tokenizer.json").write_bytes((base / "tokenizer.json").read_bytes())
        card = {"file": "verifier-int8.onnx", "base_model": str(base), "max_length": 64,
                "holdout": {"macro_f1": 0.5 if name == "a" else 0.6}}  # fmt: skip
        (folder / "verifier.json").write_text(json.dumps(card))
        folders.append(folder)

    card = average(folders[0], folders[1], tmp_path / "mean", weight=0.25)
    assert card["averaged"]["weight_second"] == 0.25
    assert card["averaged"]["holdout_second"] == {"macro_f1": 0.6} and "holdout" not in card
    assert json.loads((tmp_path / "mean" / "verifier.json").read_text()) == card
    back = MPNetForSequenceClassification.from_pretrained(
        unquantize(tmp_path / "mean" / "verifier-int8.onnx", tmp_path / "back", str(base))
    ).eval()
    one, two, mean = first.state_dict(), second.state_dict(), back.state_dict()
    for name, weight in one.items():
        if weight.is_floating_point():
            expected = 0.75 * weight + 0.25 * two[name]
            steps = sum(float(w.abs().max()) / 127 for w in (weight, two[name], expected))
            assert torch.allclose(mean[name], expected, atol=steps + 1e-6), name
            if weight.dim() == 2 and "embeddings" not in name:
                assert not torch.allclose(mean[name], weight, atol=1e-3), name  # it moved
    inputs = tokenizer(["Bridge 2 will reopen."], ["The bridge stays shut."], return_tensors="pt")
    with torch.no_grad():
        assert torch.isfinite(back(**inputs).logits).all()

    runner = CliRunner()
    result = runner.invoke(app, ["average", str(folders[0]), str(folders[1]), str(tmp_path / "c")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "c" / "verifier-int8.onnx").is_file()
    assert (
        json.loads((tmp_path / "c" / "verifier.json").read_text())["averaged"]["weight_second"]
        == 0.5
    )

    with pytest.raises(ConfigError, match="--weight 1.5: give the second model's share"):
        average(folders[0], folders[1], tmp_path / "bad", weight=1.5)
    with pytest.raises(ConfigError, match=f"{tmp_path / 'base'} is no verifier folder"):
        average(base, folders[1], tmp_path / "bad")
    card_b = json.loads((folders[1] / "verifier.json").read_text())
    card_b["base_model"] = "all-MiniLM-L6-v2"
    (folders[1] / "verifier.json").write_text(json.dumps(card_b))
    with pytest.raises(ConfigError, match="only models of one base model can be averaged"):
        average(folders[0], folders[1], tmp_path / "bad")
    assert not (tmp_path / "bad").exists()
