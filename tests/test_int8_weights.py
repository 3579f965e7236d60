"""Quantised weights that multiply right on every x86 CPU: onnxruntime's uint8 x int8 kernel adds
two products into 16 bits on CPUs without VNNI (AVX2 only) and saturates; the verifiers' weights
are uint8 (the same numbers), and a verifier with int8 ones is read with uint8 ones there. On a
CPU with VNNI, where that kernel is exact and 2.5 times as fast, they are read as int8."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.verify.encoder import LABELS, OnnxCrossEncoder
from assistant.verify.verifier import FAST_MODELS_DIR, MODELS_DIR, CrossEncoderVerifier
from index import cpu
from index.cpu import vnni_cpu
from index.errors import ConfigError
from index.onnx_embedder import (
    signed_from_unsigned,
    signed_weights,
    unsigned_weight_names,
    unsigned_weights,
)


def _product(weights: np.ndarray) -> object:
    """y = x @ W, as dynamic quantisation writes it: x quantised to uint8 in the graph, W int8
    per column (symmetric: zero point 0, scale 1/127)."""
    from onnx import TensorProto, helper, numpy_helper

    columns = weights.shape[1]
    nodes = [
        helper.make_node("DynamicQuantizeLinear", ["x"], ["xq", "xs", "xz"]),
        helper.make_node("MatMulInteger", ["xq", "w", "xz", "wz"], ["acc"]),
        helper.make_node("Cast", ["acc"], ["accf"], to=TensorProto.FLOAT),
        helper.make_node("Mul", ["xs", "ws"], ["scale"]),
        helper.make_node("Mul", ["accf", "scale"], ["y"]),
    ]
    initializers = [
        numpy_helper.from_array(weights.astype(np.int8), "w"),
        numpy_helper.from_array(np.zeros(columns, np.int8), "wz"),
        numpy_helper.from_array(np.full(columns, 1 / 127, np.float32), "ws"),
    ]
    graph = helper.make_graph(
        nodes,
        "product",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, weights.shape[0]])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, columns])],
        initializers,
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])


def _run(model: object, x: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    return session.run(None, {"x": x})[0]


def test_uint8_weights_are_the_same_numbers_and_do_not_saturate() -> None:
    # the widest products there are: activations quantised to 255, weights of 127 and -127
    weights = np.array([[127, -127, 5], [127, -127, -5]] * 32, dtype=np.int8)
    x = np.ones((1, weights.shape[0]), np.float32)
    x[0, -1] = 0.0  # the minimum, so every other activation quantises to 255
    model = _product(weights)
    assert signed_weights(model) == ["w"]
    assert unsigned_weights(model) == 1
    assert signed_weights(model) == [] and unsigned_weights(model) == 0  # once only
    exact = x @ (weights.astype(np.float32) / 127)
    # uint8 x uint8 is exact on every CPU (the int8 form gives 64 x 127 / 255 ~ 32 here on AVX2
    # alone: each pair of products clipped to 32767)
    assert np.allclose(_run(model, x), exact, atol=1e-3)
    rng = np.random.default_rng(3)
    moderate = rng.integers(-30, 30, size=(16, 4)).astype(np.int8)
    values = rng.normal(size=(1, 16)).astype(np.float32)
    assert np.allclose(_run(_product(moderate), values), _run(unsign(moderate), values), atol=1e-5)


def unsign(weights: np.ndarray) -> object:
    model = _product(weights)
    unsigned_weights(model)
    return model


def test_an_int8_verifier_is_read_with_uint8_weights(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A verifier trained before the weights were written as uint8 still reads right on a CPU
    without VNNI: the encoder converts it in memory and leaves the file alone."""
    import onnx

    monkeypatch.setattr(cpu, "vnni_cpu", lambda flags=None: False)

    old = tmp_path / "old.onnx"
    onnx.save(_product(np.array([[3, -4], [5, 6]], np.int8)), old)
    before = old.read_bytes()
    source = OnnxCrossEncoder(old, str(tmp_path))._model_source()
    assert isinstance(source, bytes)
    assert signed_weights(onnx.load_from_string(source)) == []
    assert old.read_bytes() == before
    new = tmp_path / "new.onnx"
    onnx.save(unsign(np.array([[3, -4], [5, 6]], np.int8)), new)
    assert OnnxCrossEncoder(new, str(tmp_path))._model_source() == str(new)
    garbage = tmp_path / "notes.onnx"  # not a model: left to onnxruntime to say so
    garbage.write_text("not a model")
    assert OnnxCrossEncoder(garbage, str(tmp_path))._model_source() == str(garbage)


@pytest.mark.parametrize("folder", [MODELS_DIR, FAST_MODELS_DIR], ids=["default", "fast"])
def test_the_shipped_verifiers_tell_support_contradiction_and_unrelated_apart(
    folder: Path,
) -> None:
    """On any CPU: with int8 weights the all-mpnet-base-v2 verifier read these three alike on an
    AVX2 machine (P(support) 0.65-0.68 each)."""
    import onnx

    assert signed_weights(onnx.load(folder / "verifier-int8.onnx", load_external_data=False)) == []
    verifier = CrossEncoderVerifier(folder, aggregator=False)
    probs = verifier.score(
        "The council voted 5-2 to close the library.",
        [
            "The council voted 5-2 to close the library on Monday.",
            "The council voted 5-2 to keep the library open.",
            "The weather in Paris was sunny.",
        ],
    )
    assert [LABELS[i] for i in probs.argmax(axis=1)] == list(LABELS)
    assert probs.max(axis=1).min() > 0.5


def test_on_a_cpu_with_vnni_the_weights_are_read_as_int8(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where the CPU has VNNI, onnxruntime's uint8 x int8 kernel is exact and 2.5 times as fast:
    the encoder reads a shipped (uint8) verifier with its weights written back as int8, the same
    numbers, and an int8 one as it is."""
    import onnx

    assert vnni_cpu("fpu sse2 avx2 avx512f avx512_vnni") and vnni_cpu("avx2 avx_vnni")
    assert vnni_cpu("avx512f amx_tile amx_int8") and not vnni_cpu("fpu sse2 avx2 fma")
    monkeypatch.setattr(cpu, "vnni_cpu", lambda flags=None: True)
    rng = np.random.default_rng(5)
    weights = rng.integers(-127, 128, size=(16, 4)).astype(np.int8)
    shipped = tmp_path / "shipped.onnx"
    onnx.save(unsign(weights), shipped)
    source = OnnxCrossEncoder(shipped, str(tmp_path))._model_source()
    assert isinstance(source, bytes)
    read = onnx.load_from_string(source)
    assert signed_weights(read) == ["w"] and unsigned_weight_names(read) == []
    from onnx import numpy_helper

    values = {t.name: numpy_helper.to_array(t) for t in read.graph.initializer}
    assert np.array_equal(values["w"], weights) and not values["wz"].any()
    x = rng.normal(size=(1, 16)).astype(np.float32)
    assert np.allclose(_run(read, x), _run(unsign(weights), x), atol=1e-5)
    old = tmp_path / "old.onnx"  # int8 already: as it is
    onnx.save(_product(weights), old)
    assert OnnxCrossEncoder(old, str(tmp_path))._model_source() == str(old)
    # two weights that share a zero point: both written back, the zero point once
    from onnx import helper

    model = _product(weights)
    w2 = numpy_helper.from_array(weights[::-1].copy(), "w2")
    model.graph.initializer.append(w2)
    model.graph.node.append(helper.make_node("MatMulInteger", ["xq", "w2", "xz", "wz"], ["acc2"]))
    assert unsigned_weights(model) == 2 and unsigned_weight_names(model) == ["w", "w2"]
    assert signed_from_unsigned(model) == 2 and signed_from_unsigned(model) == 0
    values = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    assert np.array_equal(values["w2"], weights[::-1]) and values["wz"].dtype == np.int8
    assert not values["wz"].any()


def test_a_model_whose_weight_files_are_links_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A verifier of over 100 MB keeps its weights in files beside the graph; onnx refuses to
    read such a file that is a symbolic link, so a model folder linked into place failed to load
    where the weights are rewritten (VNNI). They are read by ``load_onnx``, the links followed."""
    import onnx

    from assistant.verify.encoder import load_onnx

    monkeypatch.setattr(cpu, "vnni_cpu", lambda flags=None: True)
    rng = np.random.default_rng(9)
    weights = rng.integers(-127, 128, size=(16, 4)).astype(np.int8)
    real, linked = tmp_path / "real", tmp_path / "linked"
    real.mkdir()
    linked.mkdir()
    onnx.save(
        unsign(weights), real / "model.onnx", save_as_external_data=True,
        location="model-1.bin", size_threshold=0,
    )  # fmt: skip
    for name in ("model.onnx", "model-1.bin"):
        (linked / name).symlink_to(real / name)
    with pytest.raises(Exception, match="symbolic link"):
        onnx.load(str(linked / "model.onnx"))  # what the encoder met before
    assert load_onnx(linked / "model.onnx") == onnx.load(str(real / "model.onnx"))
    source = OnnxCrossEncoder(linked / "model.onnx", str(tmp_path))._model_source()
    assert isinstance(source, bytes) and signed_weights(onnx.load_from_string(source)) == ["w"]
    # weights named outside the model's folder are not read
    outside = onnx.load(str(real / "model.onnx"), load_external_data=False)
    for tensor in outside.graph.initializer:
        for entry in tensor.external_data:
            if entry.key == "location":
                entry.value = "../elsewhere.bin"
    onnx.save(outside, real / "outside.onnx")
    with pytest.raises(ConfigError, match="outside the model's folder"):
        load_onnx(real / "outside.onnx")
