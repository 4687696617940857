"""The ``summarizer`` command line: a thin shell over the public API.

It loads ``.env`` (the library never does), parses arguments, calls the API, prints,
and turns any :class:`~summarizer.SummarizerError` into one line on stderr and a
distinct exit code. ``--debug`` shows the full traceback instead.
"""

from __future__ import annotations

import logging
import sys

import click
import typer
from dotenv import find_dotenv, load_dotenv

from summarizer import SummarizerError
from summarizer.cli.brief import register as register_brief

app = typer.Typer(
    name="summarizer",
    help="Grounded, schema-validated briefs of news articles about disputes and negotiations.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
_state = {"debug": False}


@app.callback()
def _root(
    debug: bool = typer.Option(False, "--debug", help="Show full tracebacks and debug logs."),
) -> None:
    _state["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, stream=sys.stderr)
    if not debug:
        # instructor logs every failed attempt at ERROR; our one-line error says enough.
        logging.getLogger("instructor").setLevel(logging.CRITICAL)
        # trafilatura warns "discarding data: None" on pages without an article; the
        # InputError that follows says it in one line.
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


register_brief(app)


def _register_optional() -> None:
    # Sub-apps for batch runs and evals live in their own modules.
    from summarizer.cli import batch as batch_cli
    from summarizer.cli import evals as evals_cli

    batch_cli.register(app)
    evals_cli.register(app)


_register_optional()


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code."""
    # usecwd: the .env of the directory the user runs in, not of the installed package.
    load_dotenv(find_dotenv(usecwd=True), override=False)
    args = sys.argv[1:] if argv is None else argv
    _state["debug"] = "--debug" in args
    try:
        result = app(args=args, standalone_mode=False)
    except SummarizerError as exc:
        if _state["debug"]:
            raise
        typer.echo(f"error: {exc}", err=True)
        return exc.exit_code
    except click.exceptions.Abort:
        typer.echo("aborted", err=True)
        return 130
    except click.ClickException as exc:
        exc.show()
        return exc.exit_code
    except KeyboardInterrupt:
        typer.echo("interrupted", err=True)
        return 130
    except Exception as exc:  # the promise is one line, even for our own bugs
        if _state["debug"]:
            raise
        typer.echo(f"error: unexpected {type(exc).__name__}: {exc} (rerun with --debug)", err=True)
        return 1
    return result if isinstance(result, int) else 0


if __name__ == "__main__":
    sys.exit(main())
