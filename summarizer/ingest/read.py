"""Local inputs to a Source: a file path or standard input, with the checks that refuse
what is not an article (missing, directory, empty, binary, too large, JSON/CSV data)."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

from summarizer.errors import InputError
from summarizer.ingest.decode import decode_bytes
from summarizer.ingest.sniff import data_kind, has_nul_bytes, looks_binary, looks_like_html
from summarizer.ingest.text import from_text
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
    """Read one article file, refusing what is not one before reading it where possible."""
    if not path.exists():
        raise InputError(f"no such file: {path}")
    if path.is_dir():
        raise InputError(f"{path} is a directory, not an article file")
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{path} is {size:,} bytes, larger than the limit of {max_bytes:,} bytes (max_bytes)"
        )
    kind = _DATA_SUFFIXES.get(path.suffix.lower())
    if kind:
        raise InputError(f"{path} looks like {kind}, not an article (a {path.suffix} file)")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc
    return from_bytes(data, name=str(path), suffix=path.suffix.lower())


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
    try:
        return from_text(text, url=url)
    except InputError as exc:
        raise InputError(
            f"{name} is empty: no text left after removing control characters and boilerplate"
        ) from exc
