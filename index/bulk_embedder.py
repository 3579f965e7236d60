"""The bulk path of the int8 ONNX embedder: the same model in torch bf16, for large runs on a
CPU with AMX (see ``index.cpu.amx_bf16_cpu``).

Measured on a 2-core CPU with AMX, SciFact abstracts (~240 word-pieces), batches of 32:
143 passages/s against 65 for the int8 ONNX model, and closer to the fp32 model (cosine 0.99995
against 0.9947). Loading torch and the weights takes ~3 s and ~400 MB, so the indexer asks for
it only for runs of many passages, and lets it go afterwards. Queries stay on the ONNX model.
"""

from __future__ import annotations

import logging
import time

import numpy as np

log = logging.getLogger(__name__)

BATCH = 32  # 16: 119, 32: 125, 64: 101 passages/s (autocast, same machine)


class Bf16Forward:
    """``forward(ids, mask, types, tokens) -> (sentence vectors, token outputs or None)``, as
    the ONNX graph's two outputs: mean pooling over the mask, L2-normalised; token outputs as
    float32. ``batch`` texts a run."""

    batch = BATCH

    def __init__(self, model_path: str) -> None:
        import torch
        from transformers import AutoModel
        from transformers.utils import logging as hf_logging

        started = time.perf_counter()
        bar = hf_logging.is_progress_bar_enabled()
        hf_logging.disable_progress_bar()
        try:
            # sdpa: 125 against eager's 55 passages/s; bf16 weights: 143 against autocast's 125
            self._model = AutoModel.from_pretrained(
                model_path, attn_implementation="sdpa", dtype=torch.bfloat16
            ).eval()
        finally:
            if bar:
                hf_logging.enable_progress_bar()
        self._torch = torch
        log.info("loaded %s in torch bf16 in %.1f s", model_path, time.perf_counter() - started)

    def __call__(
        self, ids: np.ndarray, mask: np.ndarray, types: np.ndarray, tokens: bool
    ) -> tuple[np.ndarray, np.ndarray | None]:
        torch = self._torch
        with torch.inference_mode():
            m = torch.from_numpy(mask)
            hidden = self._model(
                input_ids=torch.from_numpy(ids),
                attention_mask=m,
                token_type_ids=torch.from_numpy(types),
            ).last_hidden_state.float()
            weights = m.unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
            vectors = torch.nn.functional.normalize(pooled, p=2, dim=1).numpy()
            return vectors, (hidden.numpy() if tokens else None)

    def close(self) -> None:
        self._model = None
        import gc

        gc.collect()
