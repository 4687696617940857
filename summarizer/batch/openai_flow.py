"""``via="openai-batch"``: a batch run's model requests go out as one OpenAI Batch.

Two phases around :mod:`summarizer.providers.openai_batch`, reusing the live pipeline:

1. :func:`defer_requests` runs the pipeline with a store that records each request
   instead of calling a model (cached answers are used as they are);
2. the requests of every article go out as one batch, and the run waits for it;
3. :func:`brief_from_answers` replays the pipeline over the answers, so briefs are
   validated and grounded exactly as in a live run. An answer that fails validation
   fails its item: a batch cannot re-ask.
"""

from __future__ import annotations

import asyncio
import threading
from typing import TYPE_CHECKING, Any

from summarizer.api import summarize
from summarizer.batch.inputs import BatchInput
from summarizer.batch.journal import Outcome, error_record, ok_outcome, ok_record
from summarizer.schema import Brief, Source
from summarizer.settings import Settings
from summarizer.store import ResponseStore

if TYPE_CHECKING:
    from summarizer.batch.runner import Run

#: (input index, item, its source, its fingerprint, the requests it waits for)
_Waiting = tuple[int, BatchInput, Source, str | None, dict[str, dict[str, Any]]]


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


def brief_from_answers(source: Source, settings: Settings, answers: ResponseStore) -> Brief:
    """Phase 2: the brief, replaying the pipeline over a batch's answers (a store)."""
    return summarize(source, settings=batch_settings(settings), store=answers)


def batch_settings(settings: Settings) -> Settings:
    """The settings of both phases: the full strategy in tools mode, as a batch line asks."""
    return settings.with_(strategy="full", mode="tools")


async def via_openai_batch(run: Run, todo: list[tuple[int, BatchInput]], poll: Any) -> None:
    """Brief ``todo`` through one OpenAI Batch; every item ends journaled."""
    from summarizer.providers import openai_batch

    phase1 = await asyncio.gather(*(_phase1(run, index, item) for index, item in todo))
    waiting = [w for w in phase1 if w]
    if not waiting:
        return
    requests = {key: req for *_, reqs in waiting for key, req in reqs.items()}
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
        for index, item, *_ in waiting:
            run.fail(index, item, exc)
        return

    async def replay(waited: _Waiting) -> None:
        async with run.semaphore:
            outcome = await loop.run_in_executor(run.executor, _phase2, run, waited, answers)
        run.finish(waited[0], outcome)

    await asyncio.gather(*(replay(w) for w in waiting))


async def _phase1(run: Run, index: int, item: BatchInput) -> _Waiting | None:
    loop = asyncio.get_running_loop()
    async with run.semaphore:
        try:
            source, sha = await loop.run_in_executor(run.executor, item.load_fingerprinted)
            kept = run.reused(index, sha)
            if kept is not None:  # a fetched page whose text has not changed
                run.finish(index, kept)
                return None
            brief, requests = await loop.run_in_executor(
                run.executor, defer_requests, source, run.settings, run.store
            )
        except Exception as exc:  # one item never stops the others
            run.fail(index, item, exc)
            return None
    if brief is not None:  # every answer was cached: nothing to send
        run.finish(index, ok_outcome(item.id, brief, sha))
        return None
    return index, item, source, sha, requests


def _phase2(run: Run, waited: _Waiting, answers: Any) -> Outcome:
    _, item, source, sha, reqs = waited
    cache = run.store
    # Batch answers are replayed, so the brief counts them as cached; they were calls.
    sent = sum(1 for key in reqs if key in answers.sent)
    try:
        brief = brief_from_answers(source, run.settings, answers.store(fallback=cache))
    except Exception as exc:  # a batch answer cannot be re-asked: the item fails
        return Outcome(error_record(item.id, exc, run.settings), sent)
    if cache is not None:  # only answers that validated are worth keeping
        for key in reqs:
            if key in answers.answers:
                cache.put(key, answers.answers[key])
    hits = max(0, brief.meta.cached_calls - sent)
    return Outcome(ok_record(item.id, brief, sha), sent, hits)
