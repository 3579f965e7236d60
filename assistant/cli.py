"""`factcheck`: the command line. Errors become one clean line and a non-zero exit code.

Exit codes: 0 ok; 1 some inputs failed (the rest was done); 2 bad usage; 3 could not run
(configuration, store or model problem).
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer
from pydantic import ValidationError

from assistant.ask_cli import ask, chat, evaluate_command
from assistant.qa_eval import qa_command
from assistant.verify.cli import app as verifier_app
from index.cli import app as index_app
from index.errors import FactCheckError
from index.settings import Settings

EXIT_CANNOT_RUN = 3

app = typer.Typer(
    help="Fact-check assistant: check claims against your own article archive.",
    no_args_is_help=True,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)
app.add_typer(index_app, name="index")
app.add_typer(verifier_app, name="verifier")
app.command("ask")(ask)
app.command("chat")(chat)
app.command("eval")(evaluate_command)
app.command("eval-qa")(qa_command)


@app.callback()
def main_options(
    ctx: typer.Context,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More logs.")] = 0,
) -> None:
    """Settings come from FACTCHECK_* environment variables and a .env file."""
    level = logging.WARNING if verbose == 0 else logging.INFO if verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    try:
        ctx.obj = Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"FACTCHECK_{'_'.join(str(p) for p in e['loc']).upper()}: {e['msg']}"
            for e in exc.errors()
        )
        typer.echo(f"error: bad setting: {problems}", err=True)
        raise typer.Exit(EXIT_CANNOT_RUN) from None


def main() -> None:
    try:
        code = app(standalone_mode=False)  # click returns Exit codes in this mode
    except FactCheckError as exc:
        typer.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_CANNOT_RUN)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:  # Ctrl-C, in some click versions
        code = EXIT_INTERRUPTED
    except Exception as exc:
        # usage errors: typer vendors its own click, so recognise them by their interface
        if callable(getattr(exc, "show", None)) and isinstance(
            getattr(exc, "exit_code", None), int
        ):
            exc.show()
            sys.exit(exc.exit_code)
        raise
    if code == EXIT_INTERRUPTED:  # Ctrl-C: click answers it with 130
        indexing = len(sys.argv) > 2 and sys.argv[1] == "index"
        typer.echo(
            "stopped: the articles written so far are indexed and nothing is half-written; "
            "run the same command again to finish"
            if indexing
            else "stopped",
            err=True,
        )
    sys.exit(code if isinstance(code, int) else 0)


EXIT_INTERRUPTED = 130


if __name__ == "__main__":
    main()
