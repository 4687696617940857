"""The output format a terminal, a pipe or a file name expects."""

from __future__ import annotations

import sys
from pathlib import Path


def pick_format(requested: str | None, out: Path | None) -> str:
    """json or markdown: as asked, else by the output file's suffix, else by the terminal."""
    if requested:
        return requested
    if out is not None:
        return "markdown" if out.suffix.lower() in {".md", ".markdown"} else "json"
    return "markdown" if sys.stdout.isatty() else "json"
