"""Local inputs to a Source: a file path or standard input, with the checks that refuse
what is not an article (missing, directory, empty, binary, too large, JSON/CSV data)."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path
from typing import BinaryIO

from summarizer.errors import InputError
from summarizer.ingest.decode import decode_bytes
from summarizer.ingest.sniff import data_kind, has_nul_bytes, looks_binary, looks_like_html
from summarizer.ingest.text import build_source, clean_text
from summarizer.schema import Source

_HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
_DATA_SUFFIXES = {
    ".json": "JSON",
    ".jsonl": "JSON",
    ".ndjson": "JSON",
    ".csv": "CSV",
    ".tsv": "CSV",
}


def from_stdin(stdin: BinaryIO | None, *, max_bytes: int) -> Source:
    """Read at most ``max_bytes`` from standard input (or ``stdin``) and build the Source."""
    stream = stdin if stdin is not None else sys.stdin.buffer
    data = stream.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise InputError(f"standard input is larger than the limit of {max_bytes:,} bytes")
    return from_bytes(data, name="standard input", suffix="")


def from_path(path: Path, *, max_bytes: int) -> Source:
    """Read one article file, refusing what is not one before reading it where possible.

    Only regular files are read (symlinks resolved): a FIFO, a device or a socket is
    refused before it is opened, since ``st_size`` says nothing about how much they
    hold and a FIFO without a writer would block forever. The size cap is applied to
    the bytes actually read, not only to ``st_size``.
    """
    info = _stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise InputError(f"{path} is a directory, not an article file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            f"{path} is {_kind(info.st_mode)}, not a regular file; pass an article file"
        )
    if info.st_size > max_bytes:
        raise InputError(
            f"{path} is {info.st_size:,} bytes, larger than the limit of {max_bytes:,} bytes "
            "(max_bytes)"
        )
    kind = _DATA_SUFFIXES.get(path.suffix.lower())
    if kind:
        raise InputError(f"{path} looks like {kind}, not an article (a {path.suffix} file)")
    data = _read_regular(path, max_bytes=max_bytes)
    return from_bytes(data, name=str(path), suffix=path.suffix.lower())


def _stat(path: Path) -> os.stat_result:
    try:
        return path.stat()  # follows symlinks: the target is what would be read
    except FileNotFoundError:
        raise InputError(f"no such file: {path}") from None
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def _read_regular(path: Path, *, max_bytes: int) -> bytes:
    """At most ``max_bytes`` + 1 bytes of a regular file, checked again once opened.

    ``O_NONBLOCK`` keeps the open from blocking if the path was swapped for a FIFO
    after the check; ``fstat`` on the open descriptor then refuses it.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if not stat.S_ISREG(mode):
            raise InputError(f"{path} is {_kind(mode)}, not a regular file; pass an article file")
        try:
            data = fh.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        # The file grew after it was checked (or st_size was wrong): cap what was read.
        raise InputError(
            f"{path} is more than {max_bytes:,} bytes, larger than the limit of "
            f"{max_bytes:,} bytes (max_bytes)"
        )
    return data


def from_bytes(data: bytes, *, name: str, suffix: str, url: str | None = None) -> Source:
    """Refuse empty or binary bytes, decode the rest and build the Source."""
    if not data.strip():
        raise InputError(f"{name} is empty")
    if has_nul_bytes(data):
        raise InputError(f"{name} looks binary (it contains NUL bytes), not text")
    text = decode_bytes(data)
    return from_decoded(text, name=name, html=suffix in _HTML_SUFFIXES, url=url)


def from_decoded(text: str, *, name: str, html: bool, url: str | None) -> Source:
    """Route decoded text: binary refused, HTML extracted, data refused, prose cleaned."""
    if looks_binary(text):
        raise InputError(f"{name} looks binary (mostly non-text characters), not text")
    if html or looks_like_html(text):
        from summarizer.ingest.html import from_html  # trafilatura only for HTML

        return from_html(text, url=url)
    kind = data_kind(text)
    if kind:
        raise InputError(f"{name} looks like {kind}, not an article; pass the article text")
    if not clean_text(text):
        raise InputError(
            f"{name} is empty: no text left after removing control characters and boilerplate"
        )
    return build_source(text, title=None, url=url, name=name)
