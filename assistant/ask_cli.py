"""`factcheck ask` and `factcheck eval`: the read path's commands."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Annotated

import typer

from assistant.retrieval import DEFAULT_PASSAGES, MAX_PASSAGES, Filters
from index.settings import Settings

JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON object.")]
SourceOption = Annotated[
    list[str] | None, typer.Option("--source", help="Only this source; repeat for several.")
]
SinceOption = Annotated[str | None, typer.Option(help="Only articles published on or after DATE.")]
UntilOption = Annotated[str | None, typer.Option(help="Only articles published on or before DATE.")]


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
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
    passages: Annotated[
        int,
        typer.Option(
            min=1,
            max=MAX_PASSAGES,
            help="Passages to retrieve; their sentences compete as evidence.",
        ),
    ] = DEFAULT_PASSAGES,
) -> None:
    """Check a claim (or answer a question) against the indexed articles, with citations."""
    filters = Filters(tuple(source or ()), _date(since, "--since"), _date(until, "--until"))
    result = _loaded(ctx).check(question, k=passages, filters=filters)
    if as_json:
        typer.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    typer.echo(result.answer)


def _loaded(ctx: typer.Context):  # -> Assistant
    """The assistant with its models loaded, saying on stderr what it is doing meanwhile."""
    from assistant.service import build_assistant

    started = time.perf_counter()
    typer.echo("loading the models…", err=True)
    assistant = build_assistant(_settings(ctx))
    assistant.warm_up()
    typer.echo(f"ready in {time.perf_counter() - started:.1f} s", err=True)
    return assistant


def chat(
    ctx: typer.Context,
    source: SourceOption = None,
    since: SinceOption = None,
    until: UntilOption = None,
) -> None:
    """A session: load the models once, then check claims and answer questions line by line,
    follow-ups included ("And who said so?"). An empty line starts a new conversation; end
    with Ctrl-D or "quit"."""
    from index.errors import FactCheckError

    filters = Filters(tuple(source or ()), _date(since, "--since"), _date(until, "--until"))
    assistant = _loaded(ctx)
    history: list[str] = []
    interactive = sys.stdin.isatty()
    while True:
        if interactive:
            typer.echo("> ", nl=False, err=True)
        line = sys.stdin.readline()
        if not line or line.strip().lower() in ("quit", "exit"):
            return
        text = line.strip()
        if not text:
            history = []
            typer.echo("(new conversation)", err=True)
            continue
        try:
            result = assistant.check(text, filters=filters, history=history[-3:])
        except FactCheckError as exc:
            typer.echo(f"error: {exc}", err=True)
            continue
        history.append(text)
        typer.echo(result.answer + "\n")
        sys.stdout.flush()


def _writable(path: Path, option: str, text: str = "") -> None:
    """Write ``text`` to ``path`` (nothing: check that it can be written), or stop with a message
    naming the file and the option."""
    try:
        path.write_text(text)
    except OSError as exc:
        raise typer.BadParameter(
            f"cannot write {path}: {exc.strerror or exc}", param_hint=option
        ) from exc


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
    verdicts_out: Annotated[
        Path | None,
        typer.Option(
            "--verdicts",
            help="Also write each claim's verdict to this file (JSON lines: set, id, claim, "
            "gold, verdict, confidence, reason); bench/verdict_diff.py compares two such files.",
            dir_okay=False,
        ),
    ] = None,
) -> None:
    """Index each set's corpus (cached), check every claim, and report retrieval (Recall@5/@20,
    nDCG@10, MRR), evidence, verdicts (accuracy, macro-F1, confusion, calibration) and latency."""
    from assistant.evaluate import evaluate, markdown

    rows: list[dict] | None = [] if verdicts_out else None
    if verdicts_out:  # a file that cannot be written says so now, not after the whole run
        _writable(verdicts_out, "--verdicts")
    results = [
        evaluate(
            _settings(ctx),
            path,
            limit=limit,
            split=split or ("report" if holdout else None),
            progress=lambda line: typer.echo(line, err=True),
            verdict_rows=rows,
        )
        for path in datasets
    ]
    if verdicts_out and rows is not None:
        _writable(verdicts_out, "--verdicts", "".join(json.dumps(r) + "\n" for r in rows))
        typer.echo(f"{len(rows)} verdicts written to {verdicts_out}", err=True)
    if as_json:
        typer.echo(
            json.dumps(results[0] if len(results) == 1 else {r["dataset"]: r for r in results})
        )
        return
    typer.echo(markdown(results))
    sys.stdout.flush()
