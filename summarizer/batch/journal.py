"""The output record format, the durable journal, and the final atomic output.

One JSON object a line, in input order::

    {"id": ..., "status": "ok", "input_sha256": ..., "brief": {...}}
    {"id": ..., "status": "error", "error": {"type": ..., "message": ..., "exit_code": ...}}

While a run is in progress every finished item is appended, flushed and fsynced to
``OUT.jsonl.partial`` (:class:`Journal`); at the end ``OUT.jsonl`` is written atomically
(:func:`write_output`), so a reader sees the old complete file or the new one, never
half of one, and an interrupted run loses nothing it finished. ``input_sha256`` is the
input's fingerprint (:meth:`~summarizer.batch.inputs.BatchInput.fingerprint`): a rerun
skips an id only when it is unchanged.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from summarizer.files import atomic_write
from summarizer.schema import Brief
from summarizer.settings import Settings

#: The first lines of a validation error kept in an error record.
_DETAIL_LINES, _DETAIL_CHARS = 3, 300


@dataclass
class Outcome:
    """A finished item: its output record and what it cost."""

    record: dict[str, Any]
    calls: int = 0
    hits: int = 0
    #: True when the record is an earlier run's, kept because the input is unchanged.
    reused: bool = False


def ok_record(item_id: str, brief: Brief, input_sha256: str | None = None) -> dict[str, Any]:
    """The output line of a briefed item."""
    record: dict[str, Any] = {"id": item_id, "status": "ok"}
    if input_sha256 is not None:
        record["input_sha256"] = input_sha256
    record["brief"] = brief.model_dump(mode="json")
    return record


def error_record(item_id: str, exc: BaseException, settings: Settings | None = None) -> dict:
    """The output line of a failed item; the API key never appears in it."""
    if isinstance(exc, ValidationError):
        kind, code = "ExtractionError", 9
        message = f"answer failed validation (no re-ask here): {_detail(str(exc))}"
    else:
        kind, code = type(exc).__name__, getattr(exc, "exit_code", 1)
        message = str(exc) or kind
    if settings is not None:
        message = _redact(settings, message)
    return {
        "id": item_id,
        "status": "error",
        "error": {"type": kind, "message": message, "exit_code": code},
    }


def _redact(settings: Settings, text: str) -> str:
    from summarizer.providers.common import redactor

    return redactor(settings.api_key)(text)


def _detail(text: str) -> str:
    """The first few lines of a multi-line message, on one line."""
    return " ".join(text.strip().splitlines()[:_DETAIL_LINES])[:_DETAIL_CHARS]


def ok_outcome(item_id: str, brief: Brief, input_sha256: str | None) -> Outcome:
    """A briefed item's outcome: the model calls and cache hits its brief records."""
    record = ok_record(item_id, brief, input_sha256)
    return Outcome(record, brief.meta.attempts, brief.meta.cached_calls)


def failed_outcome(item_id: str, exc: BaseException, settings: Settings) -> Outcome:
    """A failed item's outcome (a provider error says how many calls it made)."""
    return Outcome(error_record(item_id, exc, settings), int(getattr(exc, "attempts", 0) or 0))


def journal_path(out_path: Path) -> Path:
    """Where finished items are journaled while a run is in progress."""
    return out_path.with_name(out_path.name + ".partial")


def read_records(path: Path) -> list[dict[str, Any]]:
    """The well-formed records of an output or journal file (a torn last line is skipped)."""
    return [record for _, record in _scan(path)]


def _scan(path: Path) -> Iterator[tuple[int, dict[str, Any]]]:
    """(byte offset, record) for every well-formed line of a JSONL file."""
    if not path.exists():
        return
    with path.open("rb") as handle:
        offset = 0
        for line in handle:
            try:
                record = json.loads(line)
            except ValueError:  # a torn line, or bytes that are not UTF-8
                record = None
            if isinstance(record, dict) and isinstance(record.get("id"), str):
                yield offset, record
            offset += len(line)


@dataclass(frozen=True)
class Where:
    """Where a finished record lives: records stay on disk, so memory does not grow with N."""

    path: Path
    offset: int
    #: The input fingerprint the record was made from (None in records of older runs).
    input_sha256: str | None = None

    def line(self) -> str:
        """The record's line, without its newline."""
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            return handle.readline().decode("utf-8").rstrip("\n")

    def record(self) -> dict[str, Any]:
        """The record itself."""
        return json.loads(self.line())


def finished_ok(out_path: Path) -> dict[str, Where]:
    """Where each id's ok record is, from the output and then the journal."""
    found = {}
    for path in (out_path, journal_path(out_path)):
        for offset, record in _scan(path):
            if record.get("status") == "ok":
                sha = record.get("input_sha256")
                found[record["id"]] = Where(path, offset, sha if isinstance(sha, str) else None)
    return found


class Journal:
    """An append-only JSONL file; every record is flushed, and fsynced by group commit.

    Writes happen on one writer thread of their own: an fsync can take milliseconds,
    and neither the event loop nor a model slot should wait for it. Records queued
    together share one fsync (the last of a burst syncs them all), so a burst of cache
    hits costs one fsync, not one each. ``close`` waits for every pending write.
    """

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self._handle = path.open("ab")
        if self._handle.seek(0, os.SEEK_END) and not _ends_with_newline(path):
            self._handle.write(b"\n")  # a crash cut the last line short: start a new one
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarizer-journal")
        self._pending = 0
        self._count_lock = threading.Lock()

    def write(self, record: dict[str, Any]) -> Future[int]:
        """Queue one record for a durable append; the future gives its byte offset."""
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
        with self._count_lock:
            self._pending += 1
        return self._writer.submit(self._append, line)

    def _append(self, line: bytes) -> int:
        offset = self._handle.seek(0, os.SEEK_END)
        self._handle.write(line)
        self._handle.flush()
        with self._count_lock:
            self._pending -= 1
            last_of_burst = self._pending == 0
        if last_of_burst:
            os.fsync(self._handle.fileno())
        return offset

    def close(self) -> None:
        """Finish pending writes and close the file (it stays until the output is whole)."""
        self._writer.shutdown(wait=True)
        self._handle.close()


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as handle:
        handle.seek(-1, os.SEEK_END)
        return handle.read(1) == b"\n"


def write_output(out: Path, ids: Sequence[str], records: dict[int, Where | Future[int]]) -> None:
    """Write ``out`` atomically, one line per input in order, then drop the journal.

    ``records[i]`` is where input ``i``'s line is: a :class:`Where` from an earlier run,
    or the journal offset a write of this run returned.
    """
    journal = journal_path(out)

    def lines() -> Iterator[str]:
        for index in range(len(ids)):
            where = records[index]
            if isinstance(where, Future):
                where = Where(journal, where.result())
            yield where.line() + "\n"

    atomic_write(out, lines())
    journal.unlink(missing_ok=True)  # the output now holds everything the journal did
