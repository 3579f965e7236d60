"""`factcheck index ...`: the write path's commands."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from index.models import IndexReport
from index.settings import Settings

app = typer.Typer(
    help="Build and maintain the article index (a Chroma store).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
# soft_wrap: a message is one line however narrow the terminal (paths stay greppable)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

EXIT_SOME_FAILED = 1


def _settings(ctx: typer.Context) -> Settings:
    settings = ctx.obj
    if not isinstance(settings, Settings):  # called without the top-level app
        settings = Settings()
    return settings


@contextmanager
def progress_bar(enabled: bool = True) -> Iterator[Callable[[int, int, str], None]]:
    """A rich progress bar on stderr, fed by the indexer's progress callback."""
    if not enabled or not err.is_terminal:
        yield lambda done, total, what: None
        return
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    ) as bar:
        tasks: dict[str, int] = {}

        def update(done: int, total: int, what: str) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what, total=total or None)
            bar.update(tasks[what], completed=done, total=total or None)

        yield update


def print_report(report: IndexReport, as_json: bool = False) -> None:
    if as_json:
        out.print_json(
            json.dumps(
                {
                    "added": report.added,
                    "updated": report.updated,
                    "skipped": len(report.skipped),
                    "removed": report.removed,
                    "failed": [{"path": p, "reason": r} for p, r in report.failed],
                    "already_indexed": [{"path": p, "as": t} for p, t in report.already],
                    "warnings": [{"article": a, "reason": r} for a, r in report.warnings],
                    "passages": report.passages,
                    "seconds": round(report.seconds, 3),
                    "passages_per_second": round(report.passages_per_second, 1),
                }
            )
        )
        return
    for path, reason in report.failed:
        err.print(f"failed: {path}: {reason}", markup=False, highlight=False)
    for path, title in report.already:
        err.print(f"skipped: {path}: already indexed as “{title}”", markup=False, highlight=False)
    for article, reason in report.warnings:
        err.print(f"warning: {article}: {reason}", markup=False, highlight=False)
    out.print(report.summary(), markup=False, highlight=False)


def _finish(report: IndexReport) -> None:
    if report.failed:
        raise typer.Exit(EXIT_SOME_FAILED)


JsonOption = Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")]


@app.command()
def add(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (searched recursively).")],
    include: Annotated[
        list[str] | None,
        typer.Option(help="Glob on file names to include (repeatable); default: every format."),
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Glob on file names or relative paths to skip.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Index new and changed articles; unchanged ones are skipped, nothing is duplicated.

    Exit code 1 when some files failed (each is listed with its reason); the rest is indexed.
    """
    from index.indexer import build_indexer

    settings = _with_globs(_settings(ctx), include, exclude)
    with progress_bar(not as_json) as progress:
        report = build_indexer(settings).add(paths, progress)
    print_report(report, as_json)
    _finish(report)


@app.command()
def sync(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="The folder that holds your articles.")],
    include: Annotated[
        list[str] | None, typer.Option(help="Glob on file names to include.")
    ] = None,
    exclude: Annotated[
        list[str] | None, typer.Option(help="Glob on names or paths to skip.")
    ] = None,
    as_json: JsonOption = False,
) -> None:
    """Like `add` for one folder, and also remove articles whose files are gone from it.

    Articles of a file that fails to load are kept.
    """
    from index.indexer import build_indexer

    settings = _with_globs(_settings(ctx), include, exclude)
    with progress_bar(not as_json) as progress:
        report = build_indexer(settings).sync(folder, progress)
    print_report(report, as_json)
    _finish(report)


@app.command()
def rebuild(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Re-split and re-embed every indexed article (e.g. after changing the embedding model or
    chunk size). The new index is built aside and switched in at the end; until then readers
    use the old one."""
    from index.indexer import build_indexer

    with progress_bar(not as_json) as progress:
        report = build_indexer(_settings(ctx)).rebuild(progress)
    print_report(report, as_json)


@app.command("list")
def list_(
    ctx: typer.Context,
    as_json: JsonOption = False,
    title: Annotated[str | None, typer.Option(help="Only titles containing this text.")] = None,
) -> None:
    """List the indexed articles: id, title, source, date, passages."""
    from index.indexer import build_indexer

    entries = build_indexer(_settings(ctx)).list()
    if title:
        entries = [e for e in entries if title.lower() in e.title.lower()]
    if as_json:
        out.print_json(json.dumps([e.__dict__ for e in entries]))
        return
    if not entries:
        out.print("The index is empty: add articles with `factcheck index add PATH`.")
        return
    columns = ("id", "title", "source", "published", "passages", "indexed at")
    rows = [
        (e.article_id, e.title, e.source, e.published, str(e.passages), e.indexed_at)
        for e in entries
    ]
    if not out.is_terminal:  # piped: one tab-separated line an article, never wrapped
        for row in [columns, *rows]:
            print("\t".join(cell.replace("\t", " ") for cell in row))
        return
    table = Table(*columns)
    for row in rows:
        table.add_row(*row)
    out.print(table)


@app.command()
def remove(
    ctx: typer.Context,
    article_ids: Annotated[list[str], typer.Argument(metavar="ID...", help="Ids from `list`.")],
) -> None:
    """Remove articles from the index."""
    from index.indexer import build_indexer

    report = build_indexer(_settings(ctx)).remove(article_ids)
    out.print(f"removed {len(report.removed)}: {', '.join(report.removed)}", markup=False)


@app.command()
def stats(ctx: typer.Context, as_json: JsonOption = False) -> None:
    """Show what the index holds and how it was built."""
    from index.indexer import build_indexer

    info = build_indexer(_settings(ctx)).stats()
    if as_json:
        out.print_json(json.dumps(info))
        return
    for key, value in info.items():
        if key == "size_bytes":  # "size: 66.9 MB", not "size bytes: 66.9 MB"
            key, value = "size", "unknown" if value is None else f"{value / 1e6:.1f} MB"
        elif key == "reclaimable_bytes":
            if value is None:
                continue  # a server's disk is not ours to measure
            key, value = "reclaimable", f"{value / 1e6:.1f} MB (freed by the next rebuild)"
        out.print(f"{key.replace('_', ' ')}: {value}", markup=False, highlight=False)


def _with_globs(
    settings: Settings, include: list[str] | None, exclude: list[str] | None
) -> Settings:
    update = {}
    if include:
        update["include"] = include
    if exclude:
        update["exclude"] = exclude
    return settings.model_copy(update=update) if update else settings
