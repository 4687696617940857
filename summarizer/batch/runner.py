"""Batch runs: brief many inputs into one JSONL, resumably, with bounded concurrency.

:func:`run_batch` takes the output's lock (:mod:`~summarizer.batch.lock`), skips every
input whose earlier ``ok`` record was made from the same input (same id, same
fingerprint), and briefs the rest with a fixed set of asyncio workers: each loads its
input and looks for a cached brief in a pool of daemon threads of the same size (file
and URL reads block), then awaits the async pipeline. Every finished item is journaled
at once; the output is written whole at the end. One failing item (bad input, provider
error, anything) never stops the others.

Responses and whole briefs are cached (:class:`~summarizer.cache.SQLiteCache`) unless
``use_cache`` is false or a ``store`` is given. A cache that cannot be opened (a
read-only filesystem, a cache directory that is a file) never stops a run: it goes on
without one, with one warning.

Cancelling the run (Ctrl-C) stops it at once: what finished stays in the journal,
requests in flight are abandoned (async requests are cancelled; threads are daemons,
see :mod:`~summarizer.batch.workers` and :func:`run_batch_sync`), and a rerun resumes.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, Future
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from summarizer.api import summarize_async
from summarizer.batch.inputs import BatchInput, read_inputs
from summarizer.batch.journal import (
    Journal,
    Outcome,
    Where,
    failed_outcome,
    finished_ok,
    journal_path,
    ok_outcome,
    ok_record,
    read_records,
    write_output,
)
from summarizer.batch.lock import OutputLock
from summarizer.batch.workers import DaemonThreadPool
from summarizer.caller import shared_client
from summarizer.errors import ConfigError, SummarizerError
from summarizer.schema import Brief, Source
from summarizer.settings import Settings
from summarizer.store import BriefCache, ResponseStore

if TYPE_CHECKING:
    from summarizer.cache import SQLiteCache

log = logging.getLogger("summarizer.batch")

#: Exit code of ``summarizer batch`` when at least one item failed (all are in the output).
EXIT_ITEMS_FAILED = 20
#: Exit code of an interrupted run (Ctrl-C): 128 + SIGINT, as shells report it.
EXIT_INTERRUPTED = 130
Via = Literal["live", "openai-batch"]
#: Called with (items finished, items to do) as the run goes, from the event loop.
ProgressCallback = Callable[[int, int], None]


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


def resume_hint(out_path: str | Path) -> str:
    """One line for an interrupted run: what was kept and how to resume."""
    journal = journal_path(Path(out_path))
    kept = len(read_records(journal))
    return (
        f"interrupted: {kept} finished item{'s' * (kept != 1)} kept in {journal}; "
        f"rerun the same command to resume into {out_path}"
    )


@dataclass(frozen=True)
class _Done:
    ok: bool
    calls: int
    hits: int
    reused: bool
    offset: Future[int]


@dataclass
class Run:
    """State shared by the items of one run."""

    settings: Settings
    store: ResponseStore | None
    executor: Executor
    semaphore: asyncio.Semaphore
    journal: Journal
    progress: ProgressCallback | None = None
    todo: int = 0
    #: Earlier ok records of URL inputs: reused when the fetched text is unchanged.
    earlier: dict[int, Where] = field(default_factory=dict)
    outcomes: dict[int, _Done] = field(default_factory=dict)

    def finish(self, index: int, outcome: Outcome) -> None:
        """Journal an item's record; keep only its counts and where the record is."""
        written = self.journal.write(outcome.record)
        ok = outcome.record["status"] == "ok"
        self.outcomes[index] = _Done(ok, outcome.calls, outcome.hits, outcome.reused, written)
        if self.progress is not None:
            self.progress(len(self.outcomes), self.todo)

    def reused(self, index: int, sha: str | None) -> Outcome | None:
        """The earlier record of a fetched page whose text has not changed, if any."""
        where = self.earlier.get(index)
        if where is None or sha is None or where.input_sha256 != sha:
            return None
        return Outcome(where.record(), reused=True)

    def fail(self, index: int, item: BatchInput, exc: BaseException) -> None:
        """Journal an item's failure."""
        self.finish(index, failed_outcome(item.id, exc, self.settings))


def _check_via(settings: Settings, via: str) -> None:
    if via not in ("live", "openai-batch"):
        raise ConfigError(f"unknown --via {via!r}; choose live or openai-batch")
    if via == "openai-batch" and settings.provider != "openai":
        raise ConfigError(
            "--via openai-batch needs an OpenAI endpoint: set OPENAI_API_KEY (or --base-url)"
        )
    if via == "openai-batch" and settings.strategy == "guided":
        raise ConfigError("--via openai-batch runs the full strategy; drop --strategy guided")


def open_store(
    settings: Settings, use_cache: bool, store: ResponseStore | None
) -> tuple[ResponseStore | None, SQLiteCache | None]:
    """(the store a run uses, the cache it opened and must close).

    A cache that cannot be opened is a warning, never a failed run: a cache only saves
    work, and a batch without one still briefs every article.
    """
    if store is not None:
        return store, None
    if not use_cache or settings.provider == "heuristic":
        return None, None  # (the heuristic model makes no calls: nothing to cache)
    from summarizer.cache import open_cache

    owned = open_cache()
    return owned, owned


def _plan(
    items: Sequence[BatchInput], out: Path
) -> tuple[dict[int, Where], list[tuple[int, BatchInput]], dict[int, Where]]:
    """(records kept as they are, items to brief, earlier records of URL items to brief).

    An earlier ok record is kept only when the input is unchanged: an edited article
    under the same id is briefed again.
    """
    previous = finished_ok(out)
    kept: dict[int, Where] = {}
    todo: list[tuple[int, BatchInput]] = []
    earlier: dict[int, Where] = {}
    for index, item in enumerate(items):
        where = previous.get(item.id) if item.problem is None else None
        if where is not None and where.input_sha256 is not None:
            if item.url is not None:
                earlier[index] = where  # compared once the page is fetched
            elif where.input_sha256 == item.fingerprint():
                kept[index] = where
                continue
        todo.append((index, item))
    return kept, todo, earlier


async def run_batch(
    inputs: Sequence[BatchInput] | str | Path,
    out_path: str | Path,
    *,
    settings: Settings,
    concurrency: int = 4,
    use_cache: bool = True,
    progress: ProgressCallback | None = None,
    store: ResponseStore | None = None,
    via: Via = "live",
    poll: Any = None,
) -> BatchReport:
    """Brief every input into ``out_path`` (JSONL); see the package docstring.

    ``store`` replaces the default cache; ``progress`` is called as items finish.
    ``poll`` is a :class:`~summarizer.providers.openai_batch.PollOptions` for
    ``via="openai-batch"``. Raises :class:`~summarizer.errors.BatchLockedError` when
    another run is writing ``out_path``.
    """
    started = time.perf_counter()
    items = read_inputs(inputs) if isinstance(inputs, (str, Path)) else list(inputs)
    out = Path(out_path)
    concurrency = max(1, int(concurrency))
    _check_via(settings, via)
    progress = progress if callable(progress) else None  # (older callers passed a bool)
    with OutputLock(out):
        store, owned = open_store(settings, use_cache, store)
        try:
            report = await _run_locked(
                items, out, settings, store, concurrency, progress, via, poll
            )
        finally:
            if owned is not None:
                owned.close()
    report.wall_s = time.perf_counter() - started
    return report


async def _run_locked(
    items: list[BatchInput],
    out: Path,
    settings: Settings,
    store: ResponseStore | None,
    concurrency: int,
    progress: ProgressCallback | None,
    via: str,
    poll: Any,
) -> BatchReport:
    executor = DaemonThreadPool(concurrency)
    journal = Journal(journal_path(out))
    run = Run(settings, store, executor, asyncio.Semaphore(concurrency), journal, progress)
    try:
        loop = asyncio.get_running_loop()
        # Off the event loop: a rerun reads every earlier record and input file here.
        kept, todo, run.earlier = await loop.run_in_executor(executor, _plan, items, out)
        run.todo = len(todo)
        if progress is not None:
            progress(0, run.todo)
        if todo and via == "live":
            await loop.run_in_executor(executor, warm_up, settings)
        if via == "openai-batch":
            from summarizer.batch.openai_flow import via_openai_batch

            await via_openai_batch(run, todo, poll)
        else:
            await _drain(run, todo, concurrency)
    finally:
        journal.close()
        # Threads blocked on a hung endpoint are abandoned, not waited for.
        executor.shutdown(wait=False, cancel_futures=True)
        await _close_clients()
    report = BatchReport(out_path=out, total=len(items), skipped=len(kept), via=via)
    _count(run.outcomes, report)
    write_output(out, [item.id for item in items], {**kept, **_offsets(run.outcomes)})
    return report


def run_batch_sync(
    inputs: Sequence[BatchInput] | str | Path, out_path: str | Path, **options: Any
) -> BatchReport:
    """:func:`run_batch` on an event loop of its own, for a command line.

    Ctrl-C raises ``KeyboardInterrupt`` at once: the run journals what finished, and
    the loop's default executor (``asyncio.to_thread`` work: the guided strategy, the
    embedded model) is a :class:`DaemonThreadPool` that nobody waits for.
    """
    with asyncio.Runner() as runner:
        workers = DaemonThreadPool(32, name="summarizer-pipeline")
        runner.get_loop().set_default_executor(workers)
        return runner.run(run_batch(inputs, out_path, **options))


async def _close_clients() -> None:
    """Close the async model clients this loop opened, within a second (after Ctrl-C a
    connection to a hung endpoint must not hold the run open)."""
    with suppress(Exception):  # closing is tidiness: never a reason to fail a run
        from summarizer.providers import close_loop_clients

        await asyncio.wait_for(close_loop_clients(), timeout=1.0)


def _offsets(outcomes: dict[int, _Done]) -> dict[int, Future[int]]:
    return {index: done.offset for index, done in outcomes.items()}


def _count(outcomes: dict[int, _Done], report: BatchReport) -> None:
    for done in outcomes.values():
        report.model_calls += done.calls
        report.cache_hits += done.hits
        report.skipped += done.reused
        report.done += done.ok and not done.reused
        report.failed += not done.ok


def warm_up(settings: Settings) -> None:
    """Build the shared model client once, before the workers race to build one each."""
    if settings.provider != "heuristic":
        # Each item reports a problem (a missing model file, say) itself.
        with suppress(SummarizerError):
            shared_client(settings)


# --- the live path ---------------------------------------------------------------


def _load_and_look_up(run: Run, index: int, item: BatchInput) -> tuple[Source, str | None, Any]:
    """Load the item, then find a brief for it without the pipeline (kept or cached)."""
    source, sha = item.load_fingerprinted()
    found = run.reused(index, sha)
    if found is None:
        brief = cached_brief(run.store, run.settings, source)
        found = None if brief is None else Outcome(ok_record(item.id, brief, sha), 0, 1)
    return source, sha, found


def cached_brief(store: ResponseStore | None, settings: Settings, source: Source) -> Brief | None:
    """A whole brief from the store, when it keeps them (and is not a replay)."""
    if not isinstance(store, BriefCache) or store.replay_only:
        return None
    from summarizer.cache import brief_key

    return store.get_brief(brief_key(source, settings))


def keep_brief(
    store: ResponseStore | None, settings: Settings, source: Source, brief: Brief
) -> None:
    """Keep a whole brief in the store, when it keeps them."""
    if isinstance(store, BriefCache):
        from summarizer.cache import brief_key

        store.put_brief(brief_key(source, settings), brief)


async def _live_item(run: Run, index: int, item: BatchInput) -> None:
    loop = asyncio.get_running_loop()
    async with run.semaphore:
        try:
            # Loading and the cache lookup share one hop to the executor: on a rerun, a hit
            # then costs no further thread switches (each one a wait for the GIL).
            source, sha, found = await loop.run_in_executor(
                run.executor, _load_and_look_up, run, index, item
            )
            if found is None:
                brief = await summarize_async(source, settings=run.settings, store=run.store)
                keep_brief(run.store, run.settings, source, brief)
                found = ok_outcome(item.id, brief, sha)
        except Exception as exc:  # one item never stops the others
            found = failed_outcome(item.id, exc, run.settings)
    run.finish(index, found)


async def _drain(run: Run, todo: list[tuple[int, BatchInput]], workers: int) -> None:
    """Brief ``todo`` with a fixed set of workers, so a huge batch is not a huge task list."""
    pending = iter(todo)  # shared: each item is taken by exactly one worker

    async def worker() -> None:
        for index, item in pending:
            await _live_item(run, index, item)

    await asyncio.gather(*(worker() for _ in range(workers)))
