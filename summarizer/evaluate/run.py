"""Run a suite: brief every gold article through the public API, score, write a run file.

Public API::

    run_suite(suite_dir, *, settings=None, model=None, mode="replay",
              cassettes=None, cassette_dir=None, out_path=None, baseline=False,
              prices=None, threshold=THRESHOLD, ids=None, summarize_fn=None,
              progress=None, concurrency=1) -> RunResult
    run_suite_async(...)  # the same, awaitable
    load_run(path: str | Path) -> RunResult
    default_run_path(runs_dir: str | Path, suite: str, model: str) -> Path

Settings come from ``settings`` or, failing that, ``resolve_settings(model=model)``;
``baseline=True`` uses ``resolve_settings(model="heuristic")`` (deterministic cues, no
model, so no cassette). Otherwise the article brief is made by
``summarizer.summarize_async(text, settings=settings, store=cassette, title=title)``
where the cassette is ``<cassettes>/<model-slug>.json`` (``<model-slug>+<prompts dir>.json``
with ``--prompts``, see :func:`tape_name`) in ``record`` or ``replay`` mode:
``cassettes`` defaults to the suite's own folder (``suites.suite_paths``: beside the
suite, or ``evals/cassettes/<suite>/`` in the project's checkout); the older
``cassette_dir`` means ``<cassette_dir>/<suite>/``. ``live`` records nothing. An article
whose brief raises counts as schema-invalid; the run goes on.

``concurrency`` articles are briefed at once on one event loop (endpoints only: the
embedded model answers one call at a time, and the heuristic has nothing to wait for).
Scores, the run file and the ``progress`` calls are in suite order whatever order the
answers arrive in. The no-LLM floor is computed on the same loop, in the gaps.

The run file (JSON, written to ``out_path`` when given) holds the git sha, time, suite,
model, provider, prompt hashes, schema version, per-article scores with the item-level
match table, per-field aggregates, hard gates, tokens, latency and cost.
"""

from __future__ import annotations

import asyncio
import inspect
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from summarizer.aio import run_blocking
from summarizer.evaluate.aggregate import Aggregates, aggregate
from summarizer.evaluate.cassette import CassetteStore, Mode, model_slug
from summarizer.evaluate.gold import GoldArticle, load_suite
from summarizer.evaluate.match import THRESHOLD
from summarizer.evaluate.metrics import ArticleScore, score_article
from summarizer.evaluate.suites import suite_paths
from summarizer.schema import SCHEMA_VERSION, Brief

if TYPE_CHECKING:
    from summarizer.settings import Settings

DEFAULT_CASSETTE_DIR = Path("evals/cassettes")
RUN_FORMAT = 1
Summarize = Callable[..., Any]  # summarize (blocking) or summarize_async


class RunResult(BaseModel):
    """One scored run of one suite with one model: the content of a run file."""

    format: int = RUN_FORMAT
    git_sha: str
    created_at: str
    suite: str
    #: Where the suite was (absolute), so promote finds the baselines beside it.
    suite_dir: str | None = None
    model: str
    provider: str
    mode: str
    baseline: bool = False
    prompts: dict[str, str] = {}
    #: The overriding templates' directory (--prompts), None for the packaged set.
    prompts_dir: str | None = None
    schema_version: str = SCHEMA_VERSION
    threshold: float = THRESHOLD
    cassette: str | None = None
    cassette_misses: int = 0
    #: Articles briefed at once, and the run's wall-clock seconds.
    concurrency: int = 1
    wall_s: float | None = None
    articles: list[ArticleScore]
    aggregates: Aggregates
    #: The no-LLM baseline's per-article mean scores on the same suite: the floor.
    floor: dict[str, float | None] | None = None

    def save(self, path: str | Path) -> Path:
        """Write the run as pretty JSON (parent directories created).

        Articles whose text lives outside the project are saved as scores only: no
        article text, brief or predicted wording is copied into the file.
        """
        out = Path(path)
        out.parent.mkdir(parents=True, exist_ok=True)
        kept = [a.redacted() if a.external else a for a in self.articles]
        data = self.model_copy(update={"articles": kept})
        out.write_text(data.model_dump_json(indent=2) + "\n", encoding="utf-8")
        return out

    def article(self, article_id: str) -> ArticleScore:
        """The score of one article (KeyError if absent)."""
        for a in self.articles:
            if a.id == article_id:
                return a
        raise KeyError(article_id)


def load_run(path: str | Path) -> RunResult:
    """Read a run file written by :func:`run_suite`."""
    return RunResult.model_validate_json(Path(path).read_text(encoding="utf-8"))


def default_run_path(runs_dir: str | Path, suite: str, model: str) -> Path:
    """``<runs_dir>/<suite>/<model-slug>-<UTC timestamp>.json``: a fresh name per run."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return Path(runs_dir) / suite / f"{model_slug(model)}-{stamp}.json"


def git_sha(cwd: str | Path | None = None) -> str:
    """``git rev-parse HEAD`` in ``cwd``, or "unknown" outside a repository."""
    try:
        out = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=cwd, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip() if out.returncode == 0 and out.stdout.strip() else "unknown"


def tape_name(settings: Any) -> str:
    """The cassette file of a model (and prompt set): ``<model>.json`` with the packaged
    prompts, ``<model>+<prompts dir name>.json`` with ``--prompts``, so the answers to
    two prompt sets are recorded side by side and both replay."""
    name = model_slug(settings.model)
    prompts_dir = getattr(settings, "prompts_dir", None)
    if prompts_dir is not None:
        name += "+" + model_slug(Path(prompts_dir).name)
    return f"{name}.json"


def _settings(settings: Settings | None, model: str | None, baseline: bool) -> Settings:
    if settings is not None and not baseline:
        return settings
    # Imported here so scoring and compare work even where the pipeline cannot import.
    import summarizer

    return summarizer.resolve_settings(model="heuristic" if baseline else model)


def _default_summarize() -> Summarize:
    import summarizer

    return summarizer.summarize_async


def _stored_brief(brief: Brief) -> dict[str, Any]:
    """The brief as JSON, minus source texts: the run already keeps the article text."""
    data = brief.model_dump(mode="json")
    for source in data["sources"]:
        source["text"] = f"<{len(source['text'])} chars>"
    return data


async def _brief_one(
    article: GoldArticle, settings: Any, summarize: Summarize, store: CassetteStore | None
) -> tuple[Brief | None, str | None, float, dict[str, int] | None]:
    """Brief one article: (brief, error, wall seconds, usage of a failure if known)."""
    start = time.perf_counter()
    try:
        brief = summarize(article.text, settings=settings, store=store, title=article.title)
        if inspect.isawaitable(brief):
            brief = await brief
    except Exception as exc:  # any failure is a schema-invalid article, not a dead run
        usage = getattr(exc, "usage", None)
        return None, f"{type(exc).__name__}: {exc}", time.perf_counter() - start, usage or None
    return brief, None, time.perf_counter() - start, None


async def _floor(
    suite_dir: Path, ids: Sequence[str] | None, threshold: float
) -> dict[str, float | None]:
    """The no-LLM baseline on the same articles: every run reports the floor beside itself."""
    run = await run_suite_async(suite_dir, baseline=True, ids=ids, threshold=threshold)
    return {k: run.aggregates.macro.get(k) for k in ("strict_f1", "content_f1", "actor_f1")}


class _InOrder:
    """Hands scores to ``progress`` in suite order, as soon as all earlier ones are in."""

    def __init__(self, progress: Callable[[ArticleScore], None] | None) -> None:
        self.progress = progress
        self.done: dict[int, ArticleScore] = {}
        self.next = 0

    def add(self, index: int, score: ArticleScore) -> None:
        self.done[index] = score
        while self.next in self.done:
            if self.progress:
                self.progress(self.done[self.next])
            self.next += 1


def _width(settings: Any, baseline: bool, concurrency: int) -> int:
    if baseline or getattr(settings, "provider", "") in ("embedded", "heuristic"):
        return 1  # one in-process model, or no model: nothing to overlap
    return max(1, concurrency)


def run_suite(suite_dir: str | Path, **kwargs: Any) -> RunResult:
    """Brief and score every article of ``suite_dir`` (or only ``ids``); see module doc."""
    return run_blocking(run_suite_async(suite_dir, **kwargs), thread_name="eval")


async def run_suite_async(
    suite_dir: str | Path,
    *,
    settings: Settings | None = None,
    model: str | None = None,
    mode: Mode = "replay",
    cassettes: str | Path | None = None,
    cassette_dir: str | Path | None = None,
    out_path: str | Path | None = None,
    baseline: bool = False,
    prices: Mapping[str, Mapping[str, float]] | None = None,
    threshold: float = THRESHOLD,
    ids: Sequence[str] | None = None,
    summarize_fn: Summarize | None = None,
    progress: Callable[[ArticleScore], None] | None = None,
    concurrency: int = 1,
) -> RunResult:
    """:func:`run_suite` on the running event loop."""
    started = time.perf_counter()
    suite_dir = Path(suite_dir)
    name = suite_dir.resolve().name  # "--suite ." names the directory, not ""
    wanted = set(ids) if ids is not None else None
    articles = [a for a in load_suite(suite_dir) if wanted is None or a.id in wanted]
    settings = _settings(settings, model, baseline)
    store = None
    if not baseline and mode != "live":
        if cassettes is None and cassette_dir is not None:
            path = Path(cassette_dir) / name / tape_name(settings)
        else:
            folder = suite_paths(suite_dir, cassettes=cassettes).cassettes
            path = folder / tape_name(settings)
        store = CassetteStore(path, mode)
    summarize = summarize_fn or _default_summarize()
    floor = None if baseline else asyncio.ensure_future(_floor(suite_dir, ids, threshold))
    width = _width(settings, baseline, concurrency)
    slots, ordered = asyncio.Semaphore(width), _InOrder(progress)
    results: list[tuple[ArticleScore, Brief | None]] = [None] * len(articles)  # type: ignore[list-item]

    async def one(index: int, article: GoldArticle) -> None:
        async with slots:
            brief, error, wall, usage = await _brief_one(article, settings, summarize, store)
        latency = (brief.meta.latency_s or wall) if brief else wall
        score = score_article(
            article,
            brief,
            error=error,
            prices=prices,
            threshold=threshold,
            latency_s=latency,
            usage=usage,
        )
        score.external = not (article.path.parent / f"{article.id}.txt").is_file()
        if brief is not None:
            score.brief = _stored_brief(brief)
        results[index] = (score, brief)
        ordered.add(index, score)

    try:
        await asyncio.gather(*(one(i, a) for i, a in enumerate(articles)))
    finally:
        if store is not None:
            store.close()  # keep what was recorded even if the run is interrupted
    prompts: dict[str, str] = {}
    provider = getattr(settings, "provider", "")
    for _, brief in results:  # suite order: the same run file whatever answered first
        if brief is not None:
            prompts.update({p.id: p.sha256 for p in brief.meta.prompts})
            provider = brief.meta.provider or provider
    scores = [score for score, _ in results]
    result = RunResult(
        git_sha=git_sha(suite_dir),
        created_at=datetime.now(UTC).isoformat(timespec="seconds"),
        suite=name,
        suite_dir=str(suite_dir.resolve()),
        model=settings.model,
        provider=provider,
        mode="baseline" if baseline else mode,
        baseline=baseline,
        prompts=dict(sorted(prompts.items())),
        prompts_dir=str(settings.prompts_dir) if getattr(settings, "prompts_dir", None) else None,
        threshold=threshold,
        cassette=str(store.path) if store else None,
        cassette_misses=len(store.misses) if store and mode == "replay" else 0,
        concurrency=width,
        articles=scores,
        aggregates=aggregate(scores),
        floor=await floor if floor is not None else None,
    )
    result.wall_s = round(time.perf_counter() - started, 3)
    if out_path is not None:
        result.save(out_path)
    return result
