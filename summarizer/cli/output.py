"""Writing results: atomic files, and the format a terminal or a pipe expects."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` so a reader never sees a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def pick_format(requested: str | None, out: Path | None) -> str:
    """json or markdown: as asked, else by the output file's suffix, else by the terminal."""
    if requested:
        return requested
    if out is not None:
        return "markdown" if out.suffix.lower() in {".md", ".markdown"} else "json"
    return "markdown" if sys.stdout.isatty() else "json"
