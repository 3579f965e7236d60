"""Weights back out of a shipped int8 ONNX verifier, to train it further.

The shipped verifier keeps only its int8 ONNX file (``train.export_classifier_int8``: per-channel
8-bit matrices and embeddings; a BERT's attention fused, an MPNet's not). Dequantising those
gives the sequence classifier within a rounding step of the weights it was exported from, so a
later training stage can start from the model as shipped (``factcheck verifier train
--init-from``) instead of training every earlier stage again.

    factcheck verifier unquantize assistant/verify/models/verifier-int8.onnx data/verifier-shipped \
        --base-model all-mpnet-base-v2
    factcheck verifier unquantize assistant/verify/models/fast/verifier-int8.onnx data/fast
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np

from assistant.verify.encoder import LABELS, load_onnx
from index.errors import ConfigError

_HEAD_BIASES = {
    "/inner/bert/pooler/dense/Gemm_output_0": "bert.pooler.dense.bias",
    "logits": "classifier.bias",
}
_MATMUL = re.compile(r"/inner/bert/encoder/layer\.(\d+)/(attention/output|intermediate|output)/")


def _dequantised(initializers: dict[str, Any], name: str) -> np.ndarray:
    """``name``'s float values: an initializer as it is, or its ``_quantized`` form rescaled."""
    from onnx import numpy_helper

    if name in initializers:
        return numpy_helper.to_array(initializers[name]).astype(np.float32)
    quantized = numpy_helper.to_array(initializers[f"{name}_quantized"]).astype(np.float32)
    scale = numpy_helper.to_array(initializers[f"{name}_scale"]).astype(np.float32)
    zero = numpy_helper.to_array(initializers[f"{name}_zero_point"]).astype(np.float32)
    return (quantized - zero) * scale  # per column where scale is a vector (ONNX [in, out])


def state_dict_from_onnx(path: Path) -> tuple[dict[str, np.ndarray], int]:
    """The PyTorch state dict of the BERT classifier a verifier ONNX file was exported from, and
    its number of layers. Matrices are transposed back to torch's [out, in]."""
    try:
        graph = load_onnx(path).graph
    except Exception as exc:  # protobuf's DecodeError, or a file onnx cannot read
        raise ConfigError(
            f"{path} is not an ONNX model ({exc.__class__.__name__}): give a verifier's int8 "
            "ONNX file, e.g. assistant/verify/models/verifier-int8.onnx"
        ) from exc
    init = {i.name: i for i in graph.initializer}
    if not any(n.op_type == "QAttention" for n in graph.node):
        if any(n.op_type == "MatMulInteger" for n in graph.node):
            return _named_state_dict(graph, init)
        raise ConfigError(
            f"{path} is not an int8 verifier as `factcheck verifier train` exports one "
            "(no quantised attention layers in it)"
        )
    state: dict[str, np.ndarray] = {}
    embeddings = "inner.bert.embeddings."
    for part in ("word_embeddings", "position_embeddings", "token_type_embeddings"):
        state[f"bert.embeddings.{part}.weight"] = _dequantised(init, f"{embeddings}{part}.weight")
    # the export keeps a tensor once where several are equal (a fresh model's layer norms):
    # every float is read through the node that uses it, not by its name
    layers = 0
    for node in graph.node:
        if node.op_type == "QEmbedLayerNormalization":
            for part, at in (("weight", 5), ("bias", 6)):
                state[f"bert.embeddings.LayerNorm.{part}"] = _dequantised(
                    init, node.input[at].removesuffix("_quantized")
                )
        elif node.op_type == "QAttention":
            layer = int(node.input[1].split("_")[1])  # Attention_{layer}_qkv_weight_quantized
            layers = max(layers, layer + 1)
            weight = _dequantised(init, node.input[1].removesuffix("_quantized"))
            bias = _dequantised(init, node.input[2])
            width = weight.shape[1] // 3
            for k, part in enumerate(("query", "key", "value")):
                prefix = f"bert.encoder.layer.{layer}.attention.self.{part}"
                state[f"{prefix}.weight"] = weight[:, k * width : (k + 1) * width].T.copy()
                state[f"{prefix}.bias"] = bias[k * width : (k + 1) * width].copy()
        elif node.op_type == "MatMulInteger":
            found = _MATMUL.search(node.output[0])
            name = node.input[1].removesuffix("_quantized")
            if found:
                module = f"bert.encoder.layer.{found[1]}.{found[2].replace('/', '.')}.dense"
            elif "pooler" in name or "classifier" in name:
                module = name.removeprefix("inner.").removesuffix(".weight_Transposed")
            else:
                raise ConfigError(f"{path}: no layer for the matrix '{name}'")
            state[f"{module}.weight"] = _dequantised(init, name).T.copy()
        elif node.op_type == "SkipLayerNormalization":
            # the residual's layer norm, and the bias of the dense layer before it
            found = _MATMUL.search(node.input[0])
            if not found:
                raise ConfigError(f"{path}: no layer for the layer norm '{node.name}'")
            prefix = f"bert.encoder.layer.{found[1]}.{found[2].replace('/', '.')}"
            state[f"{prefix}.LayerNorm.weight"] = _dequantised(init, node.input[2])
            state[f"{prefix}.LayerNorm.bias"] = _dequantised(init, node.input[3])
            state[f"{prefix}.dense.bias"] = _dequantised(init, node.input[4])
        elif node.op_type == "BiasGelu":
            found = _MATMUL.search(node.input[0])
            if not found:
                raise ConfigError(f"{path}: no layer for the activation '{node.name}'")
            state[f"bert.encoder.layer.{found[1]}.intermediate.dense.bias"] = _dequantised(
                init, node.input[1]
            )
        elif node.op_type == "Add" and node.output[0] in _HEAD_BIASES:
            state[_HEAD_BIASES[node.output[0]]] = _dequantised(init, node.input[1])
    return state, layers


_MODULE = re.compile(r"^/inner/(.+)/(?:Gemm_)?MatMul_quant$")


def _named_state_dict(graph: Any, init: dict[str, Any]) -> tuple[dict[str, np.ndarray], int]:
    """The state dict of an export without fused attention (MPNet, as all-mpnet-base-v2): its
    initializers keep the model's names (``inner.<name>``), but for the matrices, which the export
    names ``onnx::MatMul_<n>`` and which are read through the node that multiplies by them (its
    name is the module's path), and the head's, stored transposed (``<name>_Transposed``)."""
    state: dict[str, np.ndarray] = {}
    for name in init:
        plain = name.removesuffix("_quantized")
        if not plain.startswith("inner.") or name.endswith(("_scale", "_zero_point")):
            continue
        key = plain.removeprefix("inner.")
        if key.endswith("_Transposed"):
            state[key.removesuffix("_Transposed")] = _dequantised(init, plain).T.copy()
        else:
            state[key] = _dequantised(init, plain)
    for node in graph.node:
        if node.op_type != "MatMulInteger" or not node.input[1].startswith("onnx::"):
            continue
        found = _MODULE.match(node.name)
        if not found:
            raise ConfigError(f"no layer for the matrix '{node.input[1]}' of node '{node.name}'")
        key = found[1].replace("/", ".") + ".weight"
        state[key] = _dequantised(init, node.input[1].removesuffix("_quantized")).T.copy()
    layers = {int(m[1]) for k in state if (m := re.search(r"\.layer\.(\d+)\.", k))}
    return state, len(layers)


def unquantize(onnx_path: Path, out: Path, base_model: str = "all-MiniLM-L6-v2") -> Path:
    """Write a model folder (weights, config, tokenizer) that ``train --init-from`` takes."""
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    from assistant.verify.base_model import base_model_path

    state, layers = state_dict_from_onnx(onnx_path)
    base = base_model_path(base_model)
    model = AutoModelForSequenceClassification.from_pretrained(
        base,
        attn_implementation="eager",
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    if layers != model.config.num_hidden_layers:
        raise ConfigError(
            f"{onnx_path} has {layers} layers, the base model '{base_model}' "
            f"{model.config.num_hidden_layers}: give the base model it was trained from"
        )
    tensors = {k: torch.from_numpy(v) for k, v in state.items()}
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise ConfigError(
            f"{onnx_path} does not match '{base_model}': missing {missing[:3]}, "
            f"unexpected {unexpected[:3]}"
        )
    out.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out)
    AutoTokenizer.from_pretrained(base).save_pretrained(out)
    return out
