"""Keep the API key out of everything the CLI prints, ``--debug`` included.

An endpoint may echo the key back (a 401 body quoting it, an answer that repeats it), and
from there it can reach an exception message, pydantic's ``input_value``, a chained
traceback or a DEBUG log of the response. The CLI knows which secrets it loaded, so it
replaces them with ``***`` in the error line, in the traceback it prints itself, and in
every log record (a filter on the root handlers).
"""

from __future__ import annotations

import logging
import os
import traceback
from collections.abc import Iterable, Mapping

MASK = "***"
# Short values (a placeholder like "x") would mask ordinary text; a real key is long.
_MIN_SECRET_LEN = 8


def secrets_from(env: Mapping[str, str] | None = None) -> tuple[str, ...]:
    """Every secret-looking value in the environment (``*_API_KEY``, ``*_TOKEN``)."""
    env = os.environ if env is None else env
    values = {
        v.strip()
        for k, v in env.items()
        if k.upper().endswith(("_API_KEY", "_TOKEN", "_SECRET"))
        and len(v.strip()) >= _MIN_SECRET_LEN
    }
    return tuple(sorted(values, key=len, reverse=True))  # longest first: no partial masks


def scrub(text: str, secrets: Iterable[str]) -> str:
    """``text`` with every secret replaced by ``***``."""
    for secret in secrets:
        text = text.replace(secret, MASK)
    return text


def format_traceback(exc: BaseException, secrets: Iterable[str]) -> str:
    """The full traceback of ``exc`` (with its chain), scrubbed."""
    return scrub("".join(traceback.format_exception(exc)), secrets)


class ScrubFilter(logging.Filter):
    """Render each record's message and traceback once, scrubbed, before any handler."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = tuple(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg = scrub(record.getMessage(), self.secrets)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = scrub(record.exc_text, self.secrets)
        if record.stack_info:
            record.stack_info = scrub(record.stack_info, self.secrets)
        return True


def install_log_filter(secrets: Iterable[str]) -> None:
    """Scrub every record that reaches the root logger's handlers."""
    scrubber = ScrubFilter(secrets)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, ScrubFilter) for f in handler.filters):
            handler.addFilter(scrubber)
