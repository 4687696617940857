"""Batch inputs: a directory of article files or a JSONL file, as a list of items.

A directory gives every ``*.txt``, ``*.md``, ``*.html``, ``*.htm`` below it, sorted;
the id is the relative path. A ``.jsonl`` file gives one item a line:
``{"id": ..., "text": ...}``, ``{"id": ..., "path": ...}`` or ``{"id": ..., "url": ...}``
(optional ``"title"``). A malformed line becomes an item that fails, never a crash.

Each item has a fingerprint (:meth:`BatchInput.fingerprint`): the SHA-256 of its input
as given, so a rerun re-briefs an article whose text changed under the same id.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from summarizer.errors import InputError
from summarizer.ingest import DEFAULT_MAX_BYTES, from_text, load
from summarizer.schema import Source

INPUT_SUFFIXES = (".txt", ".md", ".html", ".htm")


@dataclass(frozen=True)
class BatchInput:
    """One article to brief: inline text, a file, or a URL."""

    id: str
    text: str | None = None
    path: Path | None = None
    url: str | None = None
    title: str | None = None
    #: Why the input itself is unusable (a malformed JSONL line, a duplicate id).
    problem: str | None = None

    def load(self) -> Source:
        """The article as a Source (file and URL inputs are read here, in a worker)."""
        if self.problem is not None:
            raise InputError(self.problem)
        if self.text is not None:
            return from_text(self.text, title=self.title)
        source = load(str(self.url) if self.url else self.path)  # type: ignore[arg-type]
        return source.model_copy(update={"title": self.title}) if self.title else source

    def load_fingerprinted(self) -> tuple[Source, str | None]:
        """The source and the input's fingerprint, taken before reading (so an edit
        made meanwhile makes the next run brief it again); a URL's is its text's."""
        sha = self.fingerprint()
        source = self.load()
        if self.url is not None:
            sha = fingerprint(source.text.encode("utf-8"), self.title)
        return source, sha

    def fingerprint(self) -> str | None:
        """SHA-256 of the input as given (inline text, or a file's bytes) and its title.

        None when it cannot be known without loading: a URL (its text is compared after
        the fetch), or a path that is not a regular file under the size cap (loading
        then reports the problem). Reading is cheap: no decoding, no HTML parsing.
        """
        if self.problem is not None or self.url is not None:
            return None
        data = self.text.encode("utf-8") if self.text is not None else _file_bytes(self.path)
        return None if data is None else fingerprint(data, self.title)


def fingerprint(data: bytes, title: str | None = None) -> str:
    """The resume fingerprint of an input's bytes (and its title, which shapes the brief)."""
    digest = hashlib.sha256(data)
    if title:
        digest.update(b"\0title\0" + title.encode("utf-8"))
    return digest.hexdigest()


def _file_bytes(path: Path | None) -> bytes | None:
    """A regular file's bytes, or None (a FIFO, a device, a directory, too large, gone).

    ``O_NONBLOCK``: opening a FIFO with no writer would otherwise wait forever.
    """
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > DEFAULT_MAX_BYTES:
            return None
        data = handle.read(DEFAULT_MAX_BYTES + 1)
    return data if len(data) <= DEFAULT_MAX_BYTES else None


def read_inputs(path: str | Path) -> list[BatchInput]:
    """The inputs a directory or a ``.jsonl`` file names, in order."""
    path = Path(path)
    if path.is_dir():
        files = sorted(
            p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES
        )
        return [BatchInput(id=p.relative_to(path).as_posix(), path=p) for p in files]
    if not path.is_file():
        raise InputError(f"no such directory or file: {path}")
    if path.suffix.lower() != ".jsonl":
        raise InputError(f"{path}: batch input is a directory or a .jsonl file")
    items = [
        _jsonl_item(line, n, path)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip()
    ]
    return _flag_duplicates(items)


def _jsonl_item(line: str, n: int, source: Path) -> BatchInput:
    fallback = f"{source.name}:{n}"
    try:
        data = json.loads(line)
    except json.JSONDecodeError as exc:
        return BatchInput(id=fallback, problem=f"line {n} is not JSON: {exc.msg}")
    if not isinstance(data, dict):
        return BatchInput(id=fallback, problem=f"line {n} is not a JSON object")
    raw_id = data.get("id")
    item_id = str(raw_id) if isinstance(raw_id, (str, int)) and str(raw_id) else fallback
    given = [k for k in ("text", "path", "url") if isinstance(data.get(k), str)]
    title = data.get("title") if isinstance(data.get("title"), str) else None
    if raw_id is None or len(given) != 1:
        what = "an id" if raw_id is None else "exactly one of text, path, url"
        return BatchInput(id=item_id, problem=f"line {n} needs {what}")
    value = data[given[0]]
    if given[0] == "path":
        resolved = Path(value) if Path(value).is_absolute() else source.parent / value
        return BatchInput(id=item_id, path=resolved, title=title)
    return BatchInput(id=item_id, title=title, **{given[0]: value})


def _flag_duplicates(items: list[BatchInput]) -> list[BatchInput]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item.id in seen and item.problem is None:
            item = BatchInput(id=item.id, problem=f"duplicate id {item.id!r}")
        seen.add(item.id)
        out.append(item)
    return out
