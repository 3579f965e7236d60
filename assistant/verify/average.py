"""Two int8 verifiers of one base model averaged weight by weight into a third.

A training stage that starts from the shipped verifier and the shipped verifier itself often
err in different places; the model whose weights are the mean of theirs ("model soup") may keep
part of what each does well. Both are read back in float32 (``unquantize``: within a rounding step
of the weights each was exported from), averaged, and exported to int8 again as ``train`` does,
into a verifier folder that can replace ``assistant/verify/models``:

    factcheck verifier average assistant/verify/models data/stage4 data/averaged --weight 0.5
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path
from typing import Any

from index.errors import ConfigError

CARD = "verifier.json"


def _card(folder: Path) -> dict[str, Any]:
    path = folder / CARD
    try:
        card = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(
            f"{folder} is no verifier folder (no {CARD}): give folders that "
            "`factcheck verifier train` wrote, or assistant/verify/models"
        ) from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} is not a verifier card ({error})") from None
    if not isinstance(card, dict) or not (folder / card.get("file", "")).is_file():
        raise ConfigError(f"{path} names no model file in {folder}")
    return card


def average(first: Path, second: Path, out: Path, weight: float = 0.5) -> dict[str, Any]:
    """Write to ``out`` the int8 verifier whose float weights are ``(1 - weight)`` of
    ``first``'s plus ``weight`` of ``second``'s; returns its card (``second``'s, with the two
    named under ``averaged``). Both must be of the same base model and shape."""
    import torch
    from transformers import AutoModelForSequenceClassification

    from assistant.verify.train import export_classifier_int8
    from assistant.verify.unquantize import unquantize

    if not 0.0 <= weight <= 1.0:
        raise ConfigError(f"--weight {weight}: give the second model's share, from 0 to 1")
    cards = [_card(first), _card(second)]
    bases = [card.get("base_model", "all-MiniLM-L6-v2") for card in cards]
    if bases[0] != bases[1]:
        raise ConfigError(
            f"{first} is of base model '{bases[0]}', {second} of '{bases[1]}': only models "
            "of one base model can be averaged"
        )
    # the work beside ``out``, which only the export creates: a failure leaves no folder behind
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent) as tmp:
        folders = [
            unquantize(folder / card["file"], Path(tmp) / name, bases[0])
            for folder, card, name in zip((first, second), cards, ("first", "second"), strict=True)
        ]
        models = [
            AutoModelForSequenceClassification.from_pretrained(f, attn_implementation="eager")
            for f in folders
        ]
        states = [model.state_dict() for model in models]
        with torch.no_grad():
            for name, tensor in states[0].items():
                if tensor.is_floating_point():
                    tensor.mul_(1.0 - weight).add_(states[1][name].to(tensor.dtype), alpha=weight)
        models[0].save_pretrained(folders[0])
        max_length = int(cards[1].get("max_length", 128))
        export_classifier_int8(folders[0], out / "verifier-int8.onnx", max_length)
        shutil.copyfile(folders[1] / "tokenizer.json", out / "tokenizer.json")
    card = {k: v for k, v in cards[1].items() if k not in ("history", "holdout")}
    card["file"] = "verifier-int8.onnx"
    card["averaged"] = {
        "first": str(first),
        "second": str(second),
        "weight_second": weight,
        "holdout_first": cards[0].get("holdout", {}),
        "holdout_second": cards[1].get("holdout", {}),
    }
    (out / CARD).write_text(json.dumps(card, indent=2) + "\n", encoding="utf-8")
    return card
