"""Stage 1 of the pipeline: bytes in, one clean :class:`~summarizer.schema.Source` out.

``load`` accepts a path, a URL or ``"-"`` (standard input). The package's modules:

- :mod:`~summarizer.ingest.decode`: bytes to text (BOMs, UTF-8, cp1252, ...). Pure.
- :mod:`~summarizer.ingest.sniff`: binary, HTML, JSON and CSV detection. Pure.
- :mod:`~summarizer.ingest.boilerplate`: the boilerplate-line rule. Pure.
- :mod:`~summarizer.ingest.text`: cleaning, title and language; :func:`from_text`
  builds the one ``Source`` whose ``text`` later stages index into. Pure.
- :mod:`~summarizer.ingest.read`: files and standard input, with their refusals.
- :mod:`~summarizer.ingest.html`: HTML through trafilatura (imported on first use).
- :mod:`~summarizer.ingest.fetch`: URLs through httpx (imported on first use).

Importing this package imports neither httpx nor trafilatura. Inputs that cannot be
briefed raise :class:`~summarizer.errors.InputError`; URL failures raise
:class:`~summarizer.errors.FetchError`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import BinaryIO

from summarizer.ingest.boilerplate import is_boilerplate_line, strip_boilerplate
from summarizer.ingest.decode import decode_bytes
from summarizer.ingest.fetch import DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT, USER_AGENT, fetch_url
from summarizer.ingest.html import from_html
from summarizer.ingest.read import from_path, from_stdin
from summarizer.ingest.text import clean_text, detect_language, from_text
from summarizer.schema import Source

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "USER_AGENT",
    "clean_text",
    "decode_bytes",
    "detect_language",
    "fetch_url",
    "from_html",
    "from_text",
    "is_boilerplate_line",
    "load",
    "strip_boilerplate",
]


def load(
    target: str | os.PathLike[str],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
) -> Source:
    """Load one article from a path, an ``http(s)://`` URL, or ``"-"`` for standard input."""
    if isinstance(target, str):
        if target == "-":
            return from_stdin(stdin, max_bytes=max_bytes)
        if target.lower().startswith(("http://", "https://")):
            return fetch_url(target, timeout=timeout, max_bytes=max_bytes)
    return from_path(Path(target), max_bytes=max_bytes)
