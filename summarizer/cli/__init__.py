"""The ``summarizer`` command line: a thin shell over the public API.

It loads ``.env`` (the library never does), parses arguments, calls the API, prints,
and turns any failure into one line on stderr and a distinct exit code
(:mod:`summarizer.cli.failures`); ``--debug`` shows the traceback too, scrubbed of
secrets.

Start-up stays fast: this package and the command modules import only typer and the
standard library at module level. Each command imports the pipeline, SDKs, numpy or
jinja2 when it runs, so ``summarizer --help`` loads none of them.
"""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from summarizer.cli import batch as batch_cli
from summarizer.cli import brief as brief_cli
from summarizer.cli import evals as evals_cli
from summarizer.cli import logs as logs_cli
from summarizer.cli import prompts as prompts_cli
from summarizer.cli.failures import exit_code_for
from summarizer.cli.scrub import format_traceback, install_log_filter, secrets_from

app = typer.Typer(
    name="summarizer",
    help="Grounded, schema-validated briefs of news articles about disputes and negotiations.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: rich's help formatter alone costs more than the rest of start-up.
    rich_markup_mode=None,
)
_state: dict[str, object] = {"debug": False, "secrets": ()}


def _version_string() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("summarizer")
    except PackageNotFoundError:
        return "unknown (not installed)"


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"summarizer {_version_string()}")
        raise typer.Exit()


@app.callback()
def _root(
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks and debug logs (secrets masked).")
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_show_version, is_eager=True, help="Print the version and exit."
        ),
    ] = False,
) -> None:
    _state["debug"] = debug
    logging.basicConfig(level=logging.DEBUG if debug else logging.WARNING, stream=sys.stderr)
    install_log_filter(_state["secrets"])  # type: ignore[arg-type]
    if not debug:
        # instructor logs every failed attempt at ERROR; our one-line error says enough.
        logging.getLogger("instructor").setLevel(logging.CRITICAL)
        # trafilatura warns "discarding data: None" on pages without an article; the
        # InputError that follows says it in one line.
        logging.getLogger("trafilatura").setLevel(logging.CRITICAL)


brief_cli.register(app)
batch_cli.register(app)
evals_cli.register(app)
logs_cli.register(app)
prompts_cli.register(app)


def main(argv: list[str] | None = None) -> int:
    """Console-script entry point; returns the exit code."""
    from dotenv import find_dotenv, load_dotenv

    # usecwd: the .env of the directory the user runs in, not of the installed package.
    load_dotenv(find_dotenv(usecwd=True), override=False)
    args = sys.argv[1:] if argv is None else argv
    _state["debug"] = "--debug" in _root_args(args)
    secrets = _state["secrets"] = secrets_from()
    _scrub_thread_tracebacks(secrets)
    try:
        result = app(args=args, prog_name="summarizer", standalone_mode=False)
    except Exception as exc:  # every failure is reported, never a bare traceback
        return exit_code_for(exc, debug=bool(_state["debug"]), secrets=secrets)
    except KeyboardInterrupt as exc:
        return exit_code_for(exc, debug=False, secrets=())
    return result if isinstance(result, int) else 0


def _root_args(args: list[str]) -> list[str]:
    """The options before the command name (``--debug`` after it is a usage error)."""
    command = next((i for i, a in enumerate(args) if not a.startswith("-")), len(args))
    return args[:command]


def _scrub_thread_tracebacks(secrets: tuple[str, ...]) -> None:
    # A worker thread's uncaught exception is printed by threading, not by main().
    import threading

    def hook(args: threading.ExceptHookArgs) -> None:
        if args.exc_value is not None:
            sys.stderr.write(format_traceback(args.exc_value, secrets))

    threading.excepthook = hook


if __name__ == "__main__":
    sys.exit(main())
