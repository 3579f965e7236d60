"""Train the verifier: a cross-encoder over (claim, evidence) pairs with three labels, fine-tuned
from a base model (the bundled all-MiniLM-L6-v2 by default; the shipped verifier is from
all-mpnet-base-v2, ``base_model.py``), then exported to int8 ONNX.

Reproducible: pairs come from ``verifier_data.collect`` (a stable train/holdout split by claim
id), the batch order from a seeded generator, and a checkpoint is written every
``checkpoint_every`` steps so an interrupted run resumes where it stopped (``--resume``).

    factcheck verifier train --data ../shared/eval/scifact --data ../shared/eval/fm2 ...
"""

from __future__ import annotations

import inspect
import json
import logging
import math
import os
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.verify.base_model import base_model_path, sha256
from assistant.verify.data import MIXES, Pair, collect
from assistant.verify.metrics import macro_f1
from index.cpu import bf16_matmul_cpu

log = logging.getLogger(__name__)

LABELS = ("SUPPORTED", "REFUTED", "NOT ENOUGH INFO")
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


@dataclass
class TrainConfig:
    data: list[str]
    out: str
    base_model: str = "all-MiniLM-L6-v2"
    epochs: float = 1.0
    batch_size: int = 16
    learning_rate: float = 5e-5
    warmup: float = 0.06
    max_length: int = 128
    nli_limit: int = 3000
    synthetic: int = 4000  # synthetic contrastive pairs per evaluation set (synth.py)
    mix: str = "full"  # how NLI sources are capped: data.MIXES (full, replay, none: nli_limit)
    init_from: str = ""  # start from these weights (a saved model folder), not base_model's
    joined: bool = False  # also pairs of three sentences read together (data.claim_pairs)
    added_detail: bool = False  # also synthetic added-detail pairs (synth.added_detail)
    name_left_out: int = 0  # pairs of evidence without a name of the claim (data.collect)
    seed: int = 13
    checkpoint_every: int = 200
    threads: int = 0  # 0: torch's default
    precision: str = "auto"  # bf16 autocast (auto: where the CPU has bf16 matrix units), fp32
    extra: dict[str, Any] = field(default_factory=dict)


def _batches(
    pairs: Sequence[Pair], size: int, seed: int, count: Callable[[Pair], int]
) -> list[list[int]]:
    """Seeded batches of similar length (less padding, same result on every run)."""
    rng = random.Random(seed)
    order = list(range(len(pairs)))
    rng.shuffle(order)
    chunk = size * 50
    batches = []
    for start in range(0, len(order), chunk):
        part = sorted(order[start : start + chunk], key=lambda i: count(pairs[i]))
        batches.extend(part[i : i + size] for i in range(0, len(part), size))
    rng.shuffle(batches)
    return batches


def _precision(config: TrainConfig) -> str:
    if config.precision not in ("auto", "bf16", "fp32"):
        raise ValueError(f"unknown precision '{config.precision}': use auto, bf16 or fp32")
    if config.precision == "auto":
        return "bf16" if bf16_matmul_cpu() else "fp32"
    return config.precision


def encode(tokenizer: Any, claims: Sequence[str], evidence: Sequence[str], max_length: int) -> Any:
    return tokenizer(
        list(claims),
        list(evidence),
        truncation="longest_first",
        max_length=max_length,
        padding=True,
        return_tensors="pt",
    )


def _atomic_torch_save(obj: Any, path: Path) -> None:
    import torch

    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as tmp:
        torch.save(obj, tmp.name)
    os.replace(tmp.name, path)


def train(
    config: TrainConfig, resume: bool = True, progress: Callable[[str], None] = print
) -> dict:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer

    if config.mix not in MIXES:
        raise ValueError(f"unknown mix '{config.mix}': use one of {', '.join(MIXES)}")
    precision = _precision(config)  # a bad value stops the run before the data is read
    if config.threads:
        torch.set_num_threads(config.threads)
    torch.manual_seed(config.seed)
    out = Path(config.out)
    work = out / "training"
    work.mkdir(parents=True, exist_ok=True)
    base = base_model_path(config.base_model)
    tokenizer = AutoTokenizer.from_pretrained(base)
    train_pairs = collect(
        [Path(d) for d in config.data],
        "train",
        nli_limit=config.nli_limit,
        synthetic=config.synthetic,
        mix=MIXES[config.mix],
        seed=config.seed,
        joined=config.joined,
        detail=config.added_detail,
        name_left_out=config.name_left_out,
    )
    holdout_pairs = collect([Path(d) for d in config.data], "tune")
    if not train_pairs:
        raise ValueError("no training pairs: check the --data folders")
    progress(
        f"{len(train_pairs)} training pairs, {len(holdout_pairs)} holdout pairs: "
        + ", ".join(f"{k} {v}" for k, v in sorted(Counter(p.label for p in train_pairs).items()))
    )
    lengths: dict[int, int] = {}

    def count(pair: Pair) -> int:
        key = id(pair)
        if key not in lengths:
            lengths[key] = min(config.max_length, len(pair.claim) // 4 + len(pair.evidence) // 4)
        return lengths[key]

    # eager attention: torch's fused CPU attention is 3x slower backwards at these lengths
    model = AutoModelForSequenceClassification.from_pretrained(
        config.init_from or base,
        attn_implementation="eager",
        num_labels=len(LABELS),
        id2label=dict(enumerate(LABELS)),
        label2id={label: i for i, label in enumerate(LABELS)},
    )
    steps_per_epoch = math.ceil(len(train_pairs) / config.batch_size)
    total_steps = int(steps_per_epoch * config.epochs)
    # fused: one kernel per step instead of a dozen passes over the 22.7M weights (same update)
    optimizer = torch.optim.AdamW(
        model.parameters(), lr=config.learning_rate, weight_decay=0.01, fused=True
    )
    warmup = max(1, int(total_steps * config.warmup))
    scheduler = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: min(
            (step + 1) / warmup, max(0.0, (total_steps - step) / (total_steps - warmup))
        ),
    )
    step = 0
    history: list[dict] = []
    checkpoint = work / "checkpoint.pt"
    signature = json.dumps(
        {**asdict(config), "threads": 0, "precision": "", "pairs": len(train_pairs)},
        sort_keys=True,
    )
    if resume and checkpoint.exists():
        state = torch.load(checkpoint, weights_only=False)
        if state.get("signature") == signature:
            model.load_state_dict(state["model"])
            optimizer.load_state_dict(state["optimizer"])
            scheduler.load_state_dict(state["scheduler"])
            step, history = state["step"], state["history"]
            progress(f"resumed at step {step} of {total_steps}")
        else:
            progress("checkpoint is for other settings or data: starting over")
    label_ids = {label: i for i, label in enumerate(LABELS)}
    progress(f"precision {precision}")
    started, seen = time.perf_counter(), 0
    model.train()
    while step < total_steps:
        epoch = step // steps_per_epoch
        batches = _batches(train_pairs, config.batch_size, config.seed + epoch, count)
        for batch in batches[step - epoch * steps_per_epoch :]:
            if step >= total_steps:
                break
            pairs = [train_pairs[i] for i in batch]
            inputs = encode(
                tokenizer, [p.claim for p in pairs], [p.evidence for p in pairs], config.max_length
            )
            labels = torch.tensor([label_ids[p.label] for p in pairs])
            with torch.autocast("cpu", dtype=torch.bfloat16, enabled=precision == "bf16"):
                loss = model(**inputs, labels=labels).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimizer.step()
            scheduler.step()
            optimizer.zero_grad()
            step += 1
            seen += len(pairs)
            if step % 50 == 0:
                rate = seen / (time.perf_counter() - started)
                progress(
                    f"step {step}/{total_steps} epoch {epoch} loss {loss.item():.3f} {rate:.1f} pairs/s"
                )
            if step % config.checkpoint_every == 0 or step == total_steps:
                _atomic_torch_save(
                    {
                        "signature": signature,
                        "model": model.state_dict(),
                        "optimizer": optimizer.state_dict(),
                        "scheduler": scheduler.state_dict(),
                        "step": step,
                        "history": history,
                    },
                    checkpoint,
                )
            if step % steps_per_epoch == 0 or step == total_steps:
                metrics = evaluate_pairs(model, tokenizer, holdout_pairs, config.max_length)
                metrics.update(step=step, epoch=round(step / steps_per_epoch, 2))
                history.append(metrics)
                progress(f"holdout after step {step}: {json.dumps(metrics)}")
                model.train()
    model.eval()
    model.save_pretrained(work / "final")
    tokenizer.save_pretrained(work / "final")
    target = out / "verifier-int8.onnx"
    export_classifier_int8(work / "final", target, config.max_length)
    # the tokenizer beside the model: the verifier reads it from there (a base model outside
    # the bundled one need not be installed where the model is used)
    shutil.copyfile(work / "final" / "tokenizer.json", out / "tokenizer.json")
    card = {
        "labels": list(LABELS),
        "max_length": config.max_length,
        "base_model": config.base_model,
        "config": {k: v for k, v in asdict(config).items() if k not in ("out", "threads")},
        "train_pairs": dict(Counter(f"{p.origin.split('/')[0]}:{p.label}" for p in train_pairs)),
        "holdout": history[-1] if history else {},
        "train_seconds_this_run": round(time.perf_counter() - started),
        "precision": precision,
        "history": history,
        "file": target.name,
    }
    (out / "verifier.json").write_text(json.dumps(card, indent=2) + "\n")
    progress(f"wrote {target} ({target.stat().st_size / 1e6:.1f} MB)")
    return card


def evaluate_pairs(model: Any, tokenizer: Any, pairs: Sequence[Pair], max_length: int) -> dict:
    import torch

    model.eval()
    predicted: list[str] = []
    with torch.no_grad():
        for start in range(0, len(pairs), 64):
            part = pairs[start : start + 64]
            inputs = encode(
                tokenizer, [p.claim for p in part], [p.evidence for p in part], max_length
            )
            logits = model(**inputs).logits
            predicted.extend(LABELS[i] for i in logits.argmax(-1).tolist())
    gold = [p.label for p in pairs]
    metrics: dict[str, Any] = {
        "pairs": len(pairs),
        "accuracy": round(
            float(np.mean([g == p for g, p in zip(gold, predicted, strict=True)])), 4
        ),
        "macro_f1": round(macro_f1(gold, predicted), 4),
    }
    for origin in sorted({p.origin for p in pairs}):
        idx = [i for i, p in enumerate(pairs) if p.origin == origin]
        metrics[f"macro_f1/{origin}"] = round(
            macro_f1([gold[i] for i in idx], [predicted[i] for i in idx]), 4
        )
    return metrics


def export_classifier_int8(model_dir: Path, target: Path, max_length: int) -> None:
    """Export a sequence classifier to ONNX (logits out) and quantise it to int8 (atomic)."""
    import torch
    from transformers import AutoModelForSequenceClassification

    from index.onnx_embedder import optimize_and_quantize

    model = AutoModelForSequenceClassification.from_pretrained(
        str(model_dir), attn_implementation="eager"
    ).eval()

    # a model without token types (MPNet, RoBERTa) takes the first two inputs only
    typed = "token_type_ids" in inspect.signature(model.forward).parameters
    names = _INPUTS if typed else _INPUTS[:2]

    class Logits(torch.nn.Module):
        def __init__(self, inner: Any) -> None:
            super().__init__()
            self.inner = inner

        def forward(self, *inputs: Any) -> Any:
            return self.inner(**dict(zip(names, inputs, strict=True))).logits

    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as tmp:
        fp32, int8 = Path(tmp) / "model.onnx", Path(tmp) / "model-int8.onnx"
        ids = torch.ones((2, 16), dtype=torch.long)
        axes = {name: {0: "batch", 1: "tokens"} for name in names}
        with torch.no_grad():
            torch.onnx.export(
                Logits(model),
                (ids, torch.ones_like(ids), torch.zeros_like(ids))[: len(names)],
                str(fp32),
                dynamo=False,
                input_names=list(names),
                output_names=["logits"],
                dynamic_axes={**axes, "logits": {0: "batch"}},
                opset_version=17,
            )
        optimize_and_quantize(fp32, int8, model.config, unsigned=True)
        write_in_parts(int8, target)


# a model file over this is written as its graph and its weights in files of at most this size
# (ONNX external data): git hosts refuse single files over 100 MB, and all-mpnet-base-v2 in int8
# is 110 MB
PART_BYTES = 60_000_000


def write_in_parts(model_file: Path, target: Path, part_bytes: int = PART_BYTES) -> None:
    """Move the ONNX model ``model_file`` to ``target``: as it is when it is small; else as the
    graph at ``target`` and its weights in ``<stem>-<digest>-<n>.bin`` files beside it, each under
    ``part_bytes`` (a single tensor over it gets a file of its own). The weights' files are
    written before the graph that names them (their names carry a digest of the weights, so an
    old graph never reads new weights), and the previous model's weight files are removed after:
    a crash at any point leaves one whole model."""
    import onnx
    from onnx.external_data_helper import set_external_data

    stale = set(target.parent.glob(f"{target.stem}-*.bin"))
    if model_file.stat().st_size <= part_bytes:
        os.replace(model_file, target)
    else:
        model = onnx.load(str(model_file))
        digest = sha256(model_file)[:12]
        staging = Path(tempfile.mkdtemp(dir=target.parent))
        try:
            part, used = 1, 0
            files: dict[int, list[onnx.TensorProto]] = {}
            for tensor in sorted(model.graph.initializer, key=lambda t: -len(t.raw_data)):
                size = len(tensor.raw_data)
                if size < 1024:  # small tensors stay in the graph
                    continue
                if used and used + size > part_bytes:
                    part, used = part + 1, 0
                files.setdefault(part, []).append(tensor)
                used += size
            for number, tensors in files.items():
                name = f"{target.stem}-{digest}-{number}.bin"
                offset = 0
                with (staging / name).open("wb") as out:
                    for tensor in tensors:
                        data = tensor.raw_data
                        out.write(data)
                        set_external_data(tensor, location=name, offset=offset, length=len(data))
                        tensor.ClearField("raw_data")
                        tensor.data_location = onnx.TensorProto.EXTERNAL
                        offset += len(data)
                os.replace(staging / name, target.parent / name)
                stale.discard(target.parent / name)
            graph = staging / target.name
            graph.write_bytes(model.SerializeToString())
            os.replace(graph, target)
            model_file.unlink()
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    for old in stale:
        old.unlink(missing_ok=True)
