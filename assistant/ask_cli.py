"""`factcheck ask` and `factcheck eval`: the read path's commands."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.retrieval import Filters
from index.settings import Settings

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]


def _settings(ctx: typer.Context) -> Settings:
    return ctx.obj if isinstance(ctx.obj, Settings) else Settings()


def _date(value: str | None, option: str) -> str:
    from assistant.retrieval import FilterError, filter_date

    try:
        return filter_date(value or "", option)
    except FilterError as exc:
        raise typer.BadParameter(str(exc), param_hint=option) from None


def ask(
    ctx: typer.Context,
    question: Annotated[str, typer.Argument(help="A claim to check or a question to answer.")],
    as_json: JsonOption = False,
    source: Annotated[
        list[str] | None, typer.Option("--source", help="Only this source; repeat for several.")
    ] = None,
    since: Annotated[
        str | None, typer.Option(help="Only articles published on or after DATE.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(help="Only articles published on or before DATE.")
    ] = None,
    passages: Annotated[int, typer.Option(min=1, max=50, help="Passages to retrieve.")] = 8,
) -> None:
    """Check a claim (or answer a question) against the indexed articles, with citations."""
    from assistant.service import build_assistant

    filters = Filters(tuple(source or ()), _date(since, "--since"), _date(until, "--until"))
    result = build_assistant(_settings(ctx)).check(question, k=passages, filters=filters)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    typer.echo(result.answer)


def evaluate_command(
    ctx: typer.Context,
    datasets: Annotated[
        list[Path],
        typer.Argument(
            metavar="DATASET_DIR...",
            help="Folders with corpus.jsonl, queries.jsonl, qrels.tsv (shared/eval layout).",
            exists=True,
            file_okay=False,
        ),
    ],
    limit: Annotated[
        int | None, typer.Option(min=1, help="Only the first N claims of each set.")
    ] = None,
    split: Annotated[
        str | None,
        typer.Option(
            help="Only the claims of one fixed split: report (20%; no trained part saw them: "
            "the numbers to quote), tune (20%; the aggregator is fitted here) or train (60%)."
        ),
    ] = None,
    holdout: Annotated[bool, typer.Option(help="Same as --split report.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Index each set's corpus (cached), check every claim, and report retrieval (Recall@5/@20,
    nDCG@10, MRR), evidence, verdicts (accuracy, macro-F1, confusion, calibration) and latency."""
    from assistant.evaluate import evaluate, markdown

    results = [
        evaluate(
            _settings(ctx),
            path,
            limit=limit,
            split=split or ("report" if holdout else None),
            progress=lambda line: typer.echo(line, err=True),
        )
        for path in datasets
    ]
    if as_json:
        typer.echo(
            json.dumps(results[0] if len(results) == 1 else {r["dataset"]: r for r in results})
        )
        return
    typer.echo(markdown(results))
    sys.stdout.flush()
