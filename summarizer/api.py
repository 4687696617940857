"""The public entry points: :func:`summarize` and its async twin.

The pipeline, stage by stage: ingest (text → Source) → segment (sentences with
offsets) → extract (drafts citing sentence ids) → merge (chunks and sources) → ground
(ids → exact evidence) → Brief, validated on construction.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from concurrent.futures import Executor
from functools import partial
from typing import Any

from summarizer import merge
from summarizer.caller import Caller
from summarizer.errors import InputError
from summarizer.extract import extract
from summarizer.ground import evidence_for, ground_draft
from summarizer.guided import lead_summary
from summarizer.ingest import from_text
from summarizer.schema import Brief, Contradiction, ContradictionSide, RunMeta, Source
from summarizer.segment import Sentence, split_sentences
from summarizer.settings import Settings, resolve_settings

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


def _with_support(claims: list[Any]) -> list[Any]:
    return [c.model_copy(update={"support": len({e.source for e in c.evidence})}) for c in claims]


def _contradictions(sentences: list[Sentence], sources: list[Source]) -> list[Contradiction]:
    by_id = {s.id: s for s in sentences}
    found = []
    for kind, topic, a, b in merge.contradictions(sentences):
        sides = [
            ContradictionSide(
                source=s.source, claim=s.text, evidence=evidence_for([s.id], by_id, sources)
            )
            for s in (a, b)
        ]
        found.append(Contradiction(topic=topic, kind=kind, sides=sides))
    return found


def summarize(
    source: SourceLike | Sequence[SourceLike],
    *,
    model: str | None = None,
    base_url: str | None = None,
    api_key: str | None = None,
    model_path: str | None = None,
    settings: Settings | None = None,
    title: str | None = None,
    url: str | None = None,
    **options: Any,
) -> Brief:
    """Brief one article (text or :class:`Source`) or several reports of one story.

    With no ``settings``, they are resolved from the arguments and the environment
    (``OPENAI_API_KEY``, ``OPENAI_BASE_URL``, ``SUMMARIZER_MODEL``); with neither a key
    nor a base URL, the embedded offline model is used.
    """
    settings = settings or resolve_settings(
        model=model, base_url=base_url, api_key=api_key, model_path=model_path, **options
    )
    started = time.perf_counter()
    sources = _as_sources(source, title, url)
    for src in sources:
        if len(src.text) > settings.limits.max_input_chars:
            raise InputError(
                f"article has {len(src.text):,} characters; the limit is "
                f"{settings.limits.max_input_chars:,} (Limits.max_input_chars)"
            )
    caller = Caller(settings)
    sentences: list[Sentence] = []
    drafts = []
    for index, src in enumerate(sources):
        mine = split_sentences(src.text, source=index, first_id=len(sentences) + 1)
        sentences += mine
        drafts += extract(caller, mine, src.text, src.title)
    draft = merge.merge_drafts(drafts)
    actors, positions, demands, questions = ground_draft(
        draft, {s.id: s for s in sentences}, sources
    )
    meta = RunMeta(
        model=settings.model,
        provider=settings.provider,
        strategy="heuristic" if settings.provider == "heuristic" else settings.effective_strategy,
        prompts=sorted(caller.prompts.values(), key=lambda p: p.id),
        usage=caller.usage,
        attempts=caller.attempts,
        latency_s=round(time.perf_counter() - started, 4),
        model_latency_s=round(caller.model_latency_s, 4),
        chunks=len(drafts),
        cached_calls=caller.cached_calls,
        fallbacks=caller.fallbacks,
    )
    return Brief(
        summary=draft.summary or lead_summary(sentences),
        actors=actors,
        positions=_with_support(positions),
        demands=_with_support(demands),
        open_questions=_with_support(questions),
        contradictions=_contradictions(sentences, sources) if len(sources) > 1 else [],
        sources=sources,
        meta=meta,
    )


async def summarize_async(
    source: SourceLike | Sequence[SourceLike],
    *,
    executor: Executor | None = None,
    **kwargs: Any,
) -> Brief:
    """:func:`summarize` without blocking the event loop (runs in ``executor``)."""
    loop = asyncio.get_running_loop()
    return await loop.run_in_executor(executor, partial(summarize, source, **kwargs))
