"""The public entry points: :func:`summarize_async` and its blocking twin :func:`summarize`.

This module only orchestrates; each stage is called once, in order:

    ingest (text → Source) → segment (sentences with offsets) → cues (candidates,
    quarantine) → strategy (drafts citing sentence ids) → merge (one story: duplicates,
    support, contradictions across sources) → ground (ids → exact evidence) → Brief,
    validated on construction.

Sources, and the chunks of each, are briefed concurrently (at most
``Settings.effective_concurrency`` model calls at once); results are put back in source
and sentence order, so the brief does not depend on which answer came first.
"""

from __future__ import annotations

import time
from collections.abc import Coroutine, Sequence
from typing import Any

from summarizer import cues
from summarizer.aio import run_blocking
from summarizer.caller import Caller, gather_all
from summarizer.draft import Draft
from summarizer.errors import InputError, SummarizerError
from summarizer.ground import Grounded, ground
from summarizer.ingest import from_text
from summarizer.merge import merge
from summarizer.pricing import brief_cost
from summarizer.providers import close_loop_clients
from summarizer.reconcile import Reconciliation
from summarizer.schema import Brief, RunMeta, Source
from summarizer.segment import Sentence, split_sentences
from summarizer.settings import Settings, resolve_settings
from summarizer.store import CallLog, ResponseStore
from summarizer.strategies import SourceJob, StrategyResult, strategy_for

SourceLike = str | Source


def _as_sources(
    source: SourceLike | Sequence[SourceLike], title: str | None, url: str | None
) -> list[Source]:
    items = [source] if isinstance(source, (str, Source)) else list(source)
    if not items:
        raise InputError("nothing to summarize: no sources given")
    out = []
    for item in items:
        if isinstance(item, Source):
            out.append(item)
        elif isinstance(item, str):
            out.append(from_text(item, title=title if len(items) == 1 else None, url=url))
        else:
            raise InputError(f"cannot summarize a {type(item).__name__}; pass text or a Source")
    return out


def _check_size(sources: list[Source], settings: Settings) -> None:
    for src in sources:
        if len(src.text) > settings.limits.max_input_chars:
            raise InputError(
                f"article has {len(src.text):,} characters; the limit is "
                f"{settings.limits.max_input_chars:,} (Limits.max_input_chars)"
            )


def _segment(sources: list[Source]) -> list[list[Sentence]]:
    """Sentences of every source, with ids unique across the brief."""
    out: list[list[Sentence]] = []
    first_id = 1
    for index, src in enumerate(sources):
        out.append(split_sentences(src.text, source=index, first_id=first_id))
        first_id += len(out[-1])
    return out


def _cue(
    sources: list[Source], segmented: list[list[Sentence]], candidates: bool
) -> list[SourceJob]:
    """The cue stage: quarantine always; actor and claim candidates if the strategy uses
    them (finding candidates is most of the pipeline's own CPU time on a long article)."""
    jobs = []
    for src, sentences in zip(sources, segmented, strict=True):
        if candidates:
            analysis = cues.analyse(sentences, src.text)
        else:
            blocked = cues.injection_sentences(sentences)
            analysis = cues.CueAnalysis(actors=[], claims=[], blocked=blocked)
        jobs.append(SourceJob(sentences, src.text, src.title, analysis))
    return jobs


async def _reconciled(
    caller: Caller, drafts: list[Draft], sentences: list[Sentence], sources: list[Source]
) -> Reconciliation | None:
    """With several sources and a capable model, the model reconciles them (one call);
    otherwise merge reconciles them lexically."""
    if len(sources) < 2 or caller.settings.effective_strategy != "full":
        return None
    from summarizer.strategies.reconcile import reconcile_with_model

    return await reconcile_with_model(caller, drafts, sentences, sources)


def _begin(log: CallLog | None, settings: Settings, sources: list[Source]) -> str:
    if log is None:
        return ""
    log.hide(settings.api_key.reveal() if settings.api_key else None)
    return log.begin(
        command="brief",
        model=settings.model,
        provider=settings.provider,
        strategy=settings.effective_strategy,
        sources=[src.url or src.title or " ".join(src.text.split())[:80] for src in sources],
        base_url=settings.base_url,
    )


def _end(caller: Caller, started: float, error: str | None = None) -> None:
    if caller.log is None:
        return
    caller.log.end(
        caller.brief_id,
        usage=caller.usage,
        cost=brief_cost(caller.usage, caller.settings.model, caller.settings.prices),
        latency_s=time.perf_counter() - started,
        error=error,
    )


def _meta(
    settings: Settings, caller: Caller, results: list[StrategyResult], started: float
) -> RunMeta:
    return RunMeta(
        model=settings.model,
        provider=settings.provider,
        strategy=settings.effective_strategy,
        prompts=sorted(caller.prompts.values(), key=lambda p: p.id),
        usage=caller.usage,
        attempts=caller.attempts,
        latency_s=round(time.perf_counter() - started, 4),
        model_latency_s=round(caller.model_latency_s, 4),
        chunks=sum(len(r.drafts) for r in results),
        cached_calls=caller.cached_calls,
        fallbacks=sum(r.fallbacks for r in results),
    )


def _brief(grounded: Grounded, sources: list[Source], meta: RunMeta) -> Brief:
    return Brief(
        summary=grounded.summary,
        actors=grounded.actors,
        positions=grounded.positions,
        demands=grounded.demands,
        open_questions=grounded.open_questions,
        contradictions=grounded.contradictions,
        sources=sources,
        meta=meta,
    )


async def summarize_async(
    source: SourceLike | Sequence[SourceLike],
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    model_path: str | None = None,
    settings: Settings | None = None,
    store: ResponseStore | None = None,
    log: CallLog | None = None,
    title: str | None = None,
    url: str | None = None,
    **options: Any,
) -> Brief:
    """Brief one article (text or :class:`Source`) or several reports of one story.

    With no ``settings``, they are resolved from the arguments and the environment
    (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``SUMMARIZER_MODEL``); with neither a key
    nor a base URL, the embedded offline model is used. ``store`` (a cache, a cassette)
    answers requests it has seen before the model is asked; ``log`` (a
    :class:`~summarizer.calllog.SQLiteCallLog`) records every call and the brief's cost.
    """
    settings = settings or resolve_settings(
        model=model, base_url=base_url, api_key=api_key, model_path=model_path, **options
    )
    started = time.perf_counter()
    sources = _as_sources(source, title, url)
    _check_size(sources, settings)
    strategy = strategy_for(settings)
    jobs = _cue(sources, _segment(sources), strategy.wants_candidates)
    caller = Caller(
        settings, store, log=log, brief_id=_begin(log, settings, sources), sources=len(sources)
    )
    try:
        results = await gather_all(*(strategy.run(job, caller) for job in jobs))
    except SummarizerError as exc:
        _end(caller, started, error=str(exc))
        raise
    sentences = [s for job in jobs for s in job.sentences]
    drafts = [d for r in results for d in r.drafts]
    decided = await _reconciled(caller, drafts, sentences, sources)
    story = merge(drafts, sentences, sources, decided=decided)
    grounded = ground(story, sentences, sources)
    _end(caller, started)
    return _brief(grounded, sources, _meta(settings, caller, results, started))


def summarize(
    source: SourceLike | Sequence[SourceLike],
    *,
    settings: Settings | None = None,
    store: ResponseStore | None = None,
    log: CallLog | None = None,
    **kwargs: Any,
) -> Brief:
    """:func:`summarize_async`, blocking until the brief is ready (same arguments).

    Called from inside a running event loop (a notebook, an async server), it runs the
    pipeline on its own loop in a worker thread rather than failing.
    """
    brief = summarize_async(source, settings=settings, store=store, log=log, **kwargs)
    return run_blocking(_on_own_loop(brief))


async def _on_own_loop(brief: Coroutine[Any, Any, Brief]) -> Brief:
    # The loop ends with this brief: close the connections opened on it first.
    try:
        return await brief
    finally:
        await close_loop_clients()
