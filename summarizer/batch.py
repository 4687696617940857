"""Batch runs: many articles in, one JSONL of briefs (or errors) out, resumable.

Inputs (:func:`read_inputs`) are a directory (every ``*.txt``, ``*.md``, ``*.html``,
``*.htm`` below it, sorted; the id is the relative path) or a ``.jsonl`` file whose
lines are ``{"id": ..., "text": ...}``, ``{"id": ..., "path": ...}`` or
``{"id": ..., "url": ...}`` (optional ``"title"``). A malformed line becomes a failed
item, never a crash.

:func:`run_batch` briefs them with bounded concurrency (an ``asyncio.Semaphore`` and a
thread executor of the same size, since the pipeline is synchronous). Every finished
item is appended, flushed and fsynced to a journal next to the output
(``OUT.jsonl.partial``); at the end ``OUT.jsonl`` is written atomically (temp file and
``os.replace``), one line per input in input order::

    {"id": ..., "status": "ok", "brief": {...}}
    {"id": ..., "status": "error", "error": {"type": ..., "message": ..., "exit_code": ...}}

so a reader sees the old complete file or the new one, never half of one. A rerun skips
every id already ``ok`` in the output or the journal and retries the failed ones; an
interrupted run (Ctrl-C, a crash) leaves the journal, so nothing finished is lost. One
failing item (bad input, provider error, anything) never stops the others.

Responses are cached (:class:`~summarizer.cache.SQLiteCache`, or the store passed as
``cache``) unless ``use_cache`` is false.

``via="openai-batch"`` sends the model requests through the OpenAI Batch API instead
(see :mod:`summarizer.providers.openai_batch`): phase 1 runs the pipeline with a store
that records each request instead of calling a model; the requests go out as one batch;
phase 2 replays the pipeline over the answers, so briefs are validated and grounded
exactly as in a live run. An answer that fails validation fails its item: a batch
cannot re-ask.
"""

from __future__ import annotations

import asyncio
import json
import os
import threading
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import ValidationError

from summarizer.api import summarize, summarize_async
from summarizer.caller import shared_client
from summarizer.errors import ConfigError, InputError, SummarizerError
from summarizer.files import atomic_write
from summarizer.ingest import from_text, load
from summarizer.providers import close_loop_clients
from summarizer.schema import Brief, Source
from summarizer.settings import Settings
from summarizer.store import BriefCache, ResponseStore

#: Exit code of ``summarizer batch`` when at least one item failed (all are in the output).
EXIT_ITEMS_FAILED = 20
INPUT_SUFFIXES = (".txt", ".md", ".html", ".htm")
Via = Literal["live", "openai-batch"]


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


@dataclass
class BatchReport:
    """What a batch run did."""

    out_path: Path
    total: int = 0
    done: int = 0
    skipped: int = 0
    failed: int = 0
    wall_s: float = 0.0
    model_calls: int = 0
    cache_hits: int = 0
    via: str = "live"

    @property
    def exit_code(self) -> int:
        """0 when every item has a brief, else :data:`EXIT_ITEMS_FAILED`."""
        return EXIT_ITEMS_FAILED if self.failed else 0

    def summary(self) -> str:
        """One line for the end of a run."""
        return (
            f"{self.total} items: {self.done} done, {self.skipped} skipped, "
            f"{self.failed} failed in {self.wall_s:.2f} s; {self.model_calls} model calls, "
            f"{self.cache_hits} cache hits ({self.via}) -> {self.out_path}"
        )


@dataclass
class _Outcome:
    record: dict[str, Any]
    calls: int = 0
    hits: int = 0


def ok_record(item_id: str, brief: Brief) -> dict[str, Any]:
    """The output line of a briefed item."""
    return {"id": item_id, "status": "ok", "brief": brief.model_dump(mode="json")}


def error_record(item_id: str, exc: BaseException, settings: Settings | None = None) -> dict:
    """The output line of a failed item; the API key never appears in it."""
    if isinstance(exc, ValidationError):
        kind, code = "ExtractionError", 9
        message = f"answer failed validation (no re-ask here): {_first_line(str(exc))}"
    else:
        kind, code = type(exc).__name__, getattr(exc, "exit_code", 1)
        message = str(exc) or kind
    if settings is not None and settings.api_key:
        message = message.replace(settings.api_key.reveal(), "***")
    return {
        "id": item_id,
        "status": "error",
        "error": {"type": kind, "message": message, "exit_code": code},
    }


def _first_line(text: str) -> str:
    return " ".join(text.strip().splitlines()[:3])[:300]


def _outcome(item_id: str, brief: Brief) -> _Outcome:
    return _Outcome(ok_record(item_id, brief), brief.meta.attempts, brief.meta.cached_calls)


def _failure(item_id: str, exc: BaseException, settings: Settings) -> _Outcome:
    return _Outcome(error_record(item_id, exc, settings), int(getattr(exc, "attempts", 0) or 0))


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
class _Where:
    """Where a finished record lives: records stay on disk, so memory does not grow with N."""

    path: Path
    offset: int

    def line(self) -> str:
        with self.path.open("rb") as handle:
            handle.seek(self.offset)
            return handle.readline().decode("utf-8").rstrip("\n")


def finished_ok(out_path: Path) -> dict[str, _Where]:
    """Where each id's ok record is, from the output and then the journal."""
    found = {}
    for path in (out_path, journal_path(out_path)):
        for offset, record in _scan(path):
            if record.get("status") == "ok":
                found[record["id"]] = _Where(path, offset)
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


@contextmanager
def _progress(enabled: bool, total: int, label: str) -> Iterator[Any]:
    if not enabled:
        yield lambda: None
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

    columns = ("{task.description}", BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=Console(stderr=True)) as bar:
        task = bar.add_task(label, total=total)
        yield lambda: bar.advance(task)


def _check_via(settings: Settings, via: str) -> None:
    if via not in ("live", "openai-batch"):
        raise ConfigError(f"unknown --via {via!r}; choose live or openai-batch")
    if via == "openai-batch" and settings.provider != "openai":
        raise ConfigError(
            "--via openai-batch needs an OpenAI endpoint: set OPENAI_API_KEY (or --base-url)"
        )
    if via == "openai-batch" and settings.strategy == "guided":
        raise ConfigError("--via openai-batch runs the full strategy; drop --strategy guided")


def _with_store(
    settings: Settings, use_cache: bool, cache: ResponseStore | None
) -> tuple[ResponseStore | None, Any]:
    """The store of the run (``cache``, else the default SQLite cache); the cache we own."""
    if not use_cache or settings.provider == "heuristic":
        return None, None  # (the heuristic model makes no calls: nothing to cache)
    if cache is not None:
        return cache, None
    from summarizer.cache import SQLiteCache

    owned = SQLiteCache()
    return owned, owned


@dataclass
class _Run:
    """State shared by the items of one run."""

    settings: Settings
    store: ResponseStore | None
    executor: Executor
    semaphore: asyncio.Semaphore
    journal: Journal
    advance: Any
    outcomes: dict[int, _Done] = field(default_factory=dict)

    def finish(self, index: int, outcome: _Outcome) -> None:
        """Journal an item's record; keep only its counts and where the record is."""
        written = self.journal.write(outcome.record)
        ok = outcome.record["status"] == "ok"
        self.outcomes[index] = _Done(ok, outcome.calls, outcome.hits, written)
        self.advance()


@dataclass(frozen=True)
class _Done:
    ok: bool
    calls: int
    hits: int
    offset: Future[int]


def _cached_brief(run: _Run, source: Source) -> Brief | None:
    store = run.store
    if not isinstance(store, BriefCache) or store.replay_only:
        return None
    from summarizer.cache import brief_key

    return store.get_brief(brief_key(source, run.settings))


def _load_and_look_up(item: BatchInput, run: _Run) -> tuple[Source, Brief | None]:
    source = item.load()
    return source, _cached_brief(run, source)


def _keep_brief(run: _Run, source: Source, brief: Brief) -> None:
    store, settings = run.store, run.settings
    if isinstance(store, BriefCache):
        from summarizer.cache import brief_key

        store.put_brief(brief_key(source, settings), brief)


async def _live_item(run: _Run, index: int, item: BatchInput) -> None:
    loop = asyncio.get_running_loop()
    async with run.semaphore:
        try:
            # Loading and the cache lookup share one hop to the executor: on a rerun, a hit
            # then costs no further thread switches (each one a wait for the GIL).
            source, cached = await loop.run_in_executor(run.executor, _load_and_look_up, item, run)
            if cached is not None:
                outcome = _Outcome(ok_record(item.id, cached), 0, 1)
            else:
                brief = await summarize_async(source, settings=run.settings, store=run.store)
                _keep_brief(run, source, brief)
                outcome = _outcome(item.id, brief)
        except Exception as exc:  # one item never stops the others
            outcome = _failure(item.id, exc, run.settings)
    run.finish(index, outcome)


async def _drain(run: _Run, todo: list[tuple[int, BatchInput]], workers: int) -> None:
    """Brief ``todo`` with a fixed set of workers, so a huge batch is not a huge task list."""
    pending = iter(todo)  # shared: each item is taken by exactly one worker

    async def worker() -> None:
        for index, item in pending:
            await _live_item(run, index, item)

    await asyncio.gather(*(worker() for _ in range(workers)))


async def run_batch(
    inputs: Sequence[BatchInput] | str | Path,
    out_path: str | Path,
    *,
    settings: Settings,
    concurrency: int = 4,
    use_cache: bool = True,
    progress: bool = True,
    cache: ResponseStore | None = None,
    via: Via = "live",
    poll: Any = None,
) -> BatchReport:
    """Brief every input into ``out_path`` (JSONL); see the module docstring.

    ``poll`` is a :class:`~summarizer.providers.openai_batch.PollOptions` for
    ``via="openai-batch"``.
    """
    started = time.perf_counter()
    items = read_inputs(inputs) if isinstance(inputs, (str, Path)) else list(inputs)
    out = Path(out_path)
    concurrency = max(1, int(concurrency))
    _check_via(settings, via)
    store, owned = _with_store(settings, use_cache, cache)
    previous = finished_ok(out)
    todo = [
        (i, item)
        for i, item in enumerate(items)
        if item.problem is not None or item.id not in previous
    ]
    report = BatchReport(out_path=out, total=len(items), skipped=len(items) - len(todo), via=via)
    executor = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="summarizer-batch")
    journal = Journal(journal_path(out))
    try:
        if todo and via == "live":
            await asyncio.get_running_loop().run_in_executor(executor, warm_up, settings)
        with _progress(progress, len(todo), f"briefing ({via})") as advance:
            run = _Run(settings, store, executor, asyncio.Semaphore(concurrency), journal, advance)
            if via == "openai-batch":
                await _via_openai_batch(run, todo, poll)
            else:
                await _drain(run, todo, concurrency)
    finally:
        journal.close()
        executor.shutdown(wait=False, cancel_futures=True)
        await close_loop_clients()  # the async model clients opened on this loop
        if owned is not None:
            owned.close()
    _finish(out, items, previous, run.outcomes, report)
    report.wall_s = time.perf_counter() - started
    return report


def warm_up(settings: Settings) -> None:
    """Build the shared model client once, before the workers race to build one each."""
    if settings.provider != "heuristic":
        # Each item reports a problem (a missing model file, say) itself.
        with suppress(SummarizerError):
            shared_client(settings)


def _finish(
    out: Path,
    items: list[BatchInput],
    previous: dict[str, _Where],
    outcomes: dict[int, _Done],
    report: BatchReport,
) -> None:
    journal = journal_path(out)
    for done in outcomes.values():
        report.model_calls += done.calls
        report.cache_hits += done.hits
        report.done += done.ok
        report.failed += not done.ok

    def lines() -> Iterator[str]:
        for index, item in enumerate(items):
            done = outcomes.get(index)
            where = _Where(journal, done.offset.result()) if done else previous[item.id]
            yield where.line()

    atomic_write(out, (line + "\n" for line in lines()))
    # The output now holds everything the journal did.
    journal.unlink(missing_ok=True)


# --- the OpenAI Batch API path -------------------------------------------------------


def defer_requests(
    source: Source, settings: Settings, cache: ResponseStore | None = None
) -> tuple[Brief | None, dict[str, dict[str, Any]]]:
    """Phase 1: the model requests a brief of ``source`` needs, without calling a model.

    Returns the brief too when every request was already in ``cache`` (nothing to send).
    """
    from summarizer.providers.openai_batch import DeferringStore

    store = DeferringStore(fallback=cache)
    brief = summarize(source, settings=batch_settings(settings), store=store)
    return (None if store.requests else brief), store.requests


def brief_from_answers(source: Source, settings: Settings, answers: Any) -> Brief:
    """Phase 2: the brief, replaying the pipeline over a batch's answers (a store)."""
    return summarize(source, settings=batch_settings(settings), store=answers)


def batch_settings(settings: Settings) -> Settings:
    """The settings of both phases: the full strategy in tools mode, as a batch line asks."""
    return settings.with_(strategy="full", mode="tools")


async def _via_openai_batch(run: _Run, todo: list[tuple[int, BatchInput]], poll: Any) -> None:
    from summarizer.providers import openai_batch

    waiting = [w for w in await asyncio.gather(*(_phase1(run, i, x) for i, x in todo)) if w]
    if not waiting:
        return
    requests = {key: req for _, _, _, reqs in waiting for key, req in reqs.items()}
    stem = run.journal.path.with_suffix("")  # OUT.jsonl: batch files sit next to it
    loop = asyncio.get_running_loop()
    stop = threading.Event()
    try:
        answers = await loop.run_in_executor(
            run.executor, openai_batch.run, run.settings, requests, stem, poll, stop
        )
    except asyncio.CancelledError:
        stop.set()  # Ctrl-C: stop polling (the batch id stays on disk for a rerun)
        raise
    except Exception as exc:  # the batch as a whole failed: so does every item in it
        for index, item, _, _ in waiting:
            run.finish(index, _failure(item.id, exc, run.settings))
        return

    async def replay(index: int, item: BatchInput, source: Source, reqs: dict) -> None:
        async with run.semaphore:
            outcome = await loop.run_in_executor(
                run.executor, _phase2, run, item, source, answers, reqs
            )
        run.finish(index, outcome)

    await asyncio.gather(*(replay(*w) for w in waiting))


async def _phase1(run: _Run, index: int, item: BatchInput) -> tuple | None:
    loop = asyncio.get_running_loop()
    cache = run.store
    async with run.semaphore:
        try:
            source = await loop.run_in_executor(run.executor, item.load)
            brief, requests = await loop.run_in_executor(
                run.executor, defer_requests, source, run.settings, cache
            )
        except Exception as exc:  # one item never stops the others
            run.finish(index, _failure(item.id, exc, run.settings))
            return None
    if brief is not None:  # every answer was cached: nothing to send
        run.finish(index, _outcome(item.id, brief))
        return None
    return index, item, source, requests


def _phase2(run: _Run, item: BatchInput, source: Source, answers: Any, reqs: dict) -> _Outcome:
    cache = run.store
    # Batch answers are replayed, so the brief counts them as cached; they were calls.
    sent = sum(1 for key in reqs if key in answers.sent)
    try:
        brief = brief_from_answers(source, run.settings, answers.store(fallback=cache))
    except Exception as exc:  # a batch answer cannot be re-asked: the item fails
        return _Outcome(error_record(item.id, exc, run.settings), sent)
    if cache is not None:  # only answers that validated are worth keeping
        for key in reqs:
            if key in answers.answers:
                cache.put(key, answers.answers[key])
    return _Outcome(ok_record(item.id, brief), sent, max(0, brief.meta.cached_calls - sent))
