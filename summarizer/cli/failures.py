"""How the CLI ends when something goes wrong: one line on stderr and a distinct exit code.

A traceback is shown only with ``--debug``, and then scrubbed of secrets like everything
else the CLI prints. Usage errors (a mistyped option, a missing argument) keep click's
exit code 2 but come out as one line naming the command's ``--help``.
"""

from __future__ import annotations

import errno
import os
import sys
from collections.abc import Sequence

import typer

from summarizer.cli.scrub import format_traceback, scrub

EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141  # what a tool killed by SIGPIPE reports, as `cat` does
EXIT_UNEXPECTED = 1
# OS errors that can only mean "the result cannot be written", whatever raised them.
_OUTPUT_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EROFS}


def _say(line: str, secrets: Sequence[str]) -> None:
    sys.stderr.write(scrub(" ".join(line.split()), secrets) + "\n")


def _usage_line(exc: typer.TyperException) -> str:
    ctx = getattr(exc, "ctx", None)
    where = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return f"error: {exc.format_message()}{where}"


def _quiet_stdout() -> None:
    # The reader went away: point stdout at /dev/null so the interpreter's final flush
    # does not raise a second BrokenPipeError.
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def exit_code_for(exc: BaseException, *, debug: bool, secrets: Sequence[str]) -> int:
    """Report ``exc`` on stderr (one line, after a scrubbed traceback with ``debug``)."""
    from summarizer.errors import SummarizerError

    if isinstance(exc, typer.Exit):
        return exc.exit_code
    if isinstance(exc, BrokenPipeError):
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    if isinstance(exc, typer.Abort | KeyboardInterrupt):
        _say("interrupted", secrets)
        return EXIT_INTERRUPTED
    if debug:
        sys.stderr.write(format_traceback(exc, secrets))
    if isinstance(exc, SummarizerError):
        code, line = exc.exit_code, f"error: {exc}"
    elif isinstance(exc, typer.TyperException):
        code, line = exc.exit_code, _usage_line(exc)
    elif isinstance(exc, OSError) and exc.errno in _OUTPUT_ERRNOS:
        from summarizer.cli.output import output_error

        err = output_error(exc.filename or "the output", exc)
        code, line = getattr(err, "exit_code", EXIT_UNEXPECTED), f"error: {err}"
    else:
        code = EXIT_UNEXPECTED
        line = f"error: unexpected {type(exc).__name__}: {exc} (rerun with --debug)"
    _say(line, secrets)
    return code
