"""Where a command's result goes: the format, a writability check up front, and the write.

An output path is checked before any model work starts, so a read-only directory costs
nothing; a write that fails later anyway (a full disk) is an :class:`OutputError` with
its own exit code. Devices and pipes (``-o /dev/stdout``) are written in place, never
replaced by a rename.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import tempfile
from pathlib import Path

_WHY = {
    errno.ENOSPC: "no space left on the device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
}


def pick_format(requested: str | None, out: Path | None) -> str:
    """json, markdown or html: as asked, else by the output file's suffix, else the terminal."""
    if requested:
        return requested
    if out is not None:
        suffix = out.suffix.lower()
        if suffix in {".html", ".htm"}:
            return "html"
        return "markdown" if suffix in {".md", ".markdown"} else "json"
    return "markdown" if sys.stdout.isatty() else "json"


def output_error(path: Path | str, exc: OSError) -> Exception:
    """An OutputError that says what went wrong with ``path``, in words."""
    from summarizer.errors import OutputError

    why = _WHY.get(exc.errno or 0) or exc.strerror or str(exc)
    return OutputError(f"cannot write {path}: {why}", path=str(path))


def _is_special(path: Path) -> bool:
    try:
        return not stat.S_ISREG(path.stat().st_mode) and not path.is_dir()
    except OSError:
        return False


def check_writable(path: Path) -> None:
    """Raise OutputError unless ``path`` can be written (probed with a real file)."""
    from summarizer.errors import OutputError

    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a directory", path=str(path))
    if _is_special(path):
        if not os.access(path, os.W_OK):
            raise output_error(path, PermissionError(errno.EACCES, "permission denied"))
        return
    # atomic_write creates missing parents: the nearest existing one must take a new file.
    parent = path.absolute().parent
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise OutputError(f"cannot write {path}: {parent} is not a directory", path=str(path))
    try:
        fd, probe = tempfile.mkstemp(dir=parent, prefix=".summarizer-probe-")
    except OSError as exc:
        raise output_error(path, exc) from None
    os.close(fd)
    os.unlink(probe)


def write_output(path: Path, text: str) -> None:
    """Write ``text`` to ``path``: atomically for a file, in place for a device or pipe."""
    from summarizer.files import atomic_write

    try:
        if _is_special(path):
            with path.open("w", encoding="utf-8") as handle:
                handle.write(text)
        else:
            atomic_write(path, text)
    except OSError as exc:
        raise output_error(path, exc) from None


def emit(text: str) -> None:
    """Write ``text`` to stdout; a full disk behind a redirect is an OutputError."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        raise
    except OSError as exc:
        raise output_error("standard output", exc) from None
