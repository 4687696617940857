"""Multi-source briefs against story gold: merged actors, support and contradictions.

Run: ``PYTHONPATH=. python benchmarks/stories_eval.py`` (add ``--json`` for machine output).

Every story in ``evals/stories/`` (the three ten-report DUC stories) and
``evals/stories/team/`` (team-written pairs with planted agreements and contradictions)
is briefed twice and scored with :mod:`summarizer.evaluate.stories`:

- offline (``model="heuristic"``): cues, then the lexical reconciliation;
- with the story oracle (``tests/support/story_oracle.py``), a loopback model that
  drafts each report's gold claims and reconciles by the story gold, through the full
  strategy and the model reconciliation call. It measures the pipeline around a perfect
  model: chunks, actor merging, groups and pairs by id, grounding. (The oracle server of
  the capable-models work knows only single-article gold, so it cannot play stories.)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from summarizer import summarize  # noqa: E402
from summarizer.evaluate.stories import StoryGold, StoryScore, load_story, score_story  # noqa: E402

STORIES = ROOT / "evals" / "stories"


def _golds() -> dict[str, list[StoryGold]]:
    return {
        "duc": [load_story(p) for p in sorted(STORIES.glob("*.story.json"))],
        "team": [load_story(p) for p in sorted((STORIES / "team").glob("*.story.json"))],
    }


def _run(golds: list[StoryGold], brief) -> tuple[StoryScore, list[dict]]:
    total, rows = StoryScore(), []
    for gold in golds:
        started = time.perf_counter()
        b = brief(list(gold.sources))
        score = score_story(b, gold)
        total = total + score
        rows.append({"story": gold.id, "seconds": round(time.perf_counter() - started, 2)})
        rows[-1].update(score.figures())
    return total, rows


def _oracle_brief(golds: list[StoryGold]):
    """Brief with the full strategy against the story oracle (a loopback model that
    drafts and reconciles from the story gold), the model reconciling."""
    from summarizer.settings import resolve_settings
    from tests.support.story_oracle import story_oracle_server

    server = story_oracle_server(golds).__enter__()
    settings = resolve_settings(
        model="story-oracle",
        base_url=server.base_url,
        api_key="k",
        strategy="full",
        concurrency=16,
    )

    def brief(sources):
        return asyncio.run(_model_reconciled(sources, settings))

    return brief, server


async def _model_reconciled(sources, settings):
    # The pipeline as api.summarize_async runs it, with the model's reconciliation
    # handed to merge (the wiring proposed for api.py).
    from summarizer import cues
    from summarizer.caller import Caller, gather_all
    from summarizer.ground import ground
    from summarizer.merge import merge
    from summarizer.reconcile.model import reconcile_with_model
    from summarizer.schema import Brief, RunMeta
    from summarizer.segment import split_sentences
    from summarizer.strategies import SourceJob, strategy_for

    strategy = strategy_for(settings)
    jobs, first = [], 1
    for i, src in enumerate(sources):
        sentences = split_sentences(src.text, source=i, first_id=first)
        first += len(sentences)
        if strategy.wants_candidates:
            analysis = cues.analyse(sentences, src.text)
        else:
            blocked = cues.injection_sentences(sentences)
            analysis = cues.CueAnalysis(actors=[], claims=[], blocked=blocked)
        jobs.append(SourceJob(sentences, src.text, src.title, analysis))
    caller = Caller(settings)
    results = await gather_all(*(strategy.run(j, caller) for j in jobs))
    drafts = [d for r in results for d in r.drafts]
    sentences = [s for j in jobs for s in j.sentences]
    decided = await reconcile_with_model(caller, drafts, sentences, sources)
    g = ground(merge(drafts, sentences, sources, decided=decided), sentences, sources)
    meta = RunMeta(model=settings.model, provider=settings.provider, strategy="full")
    return Brief(
        summary=g.summary or "-",
        actors=g.actors,
        positions=g.positions,
        demands=g.demands,
        open_questions=g.open_questions,
        contradictions=g.contradictions,
        sources=sources,
        meta=meta,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    args = parser.parse_args()
    golds = _golds()
    report: dict[str, dict] = {}
    for name, stories in golds.items():
        total, rows = _run(stories, lambda s: summarize(s, model="heuristic"))
        report[f"offline/{name}"] = {"total": total.figures(), "stories": rows}
    every = [g for stories in golds.values() for g in stories]
    brief, server = _oracle_brief(every)
    try:
        for name, stories in golds.items():
            total, rows = _run(stories, brief)
            report[f"oracle/{name}"] = {"total": total.figures(), "stories": rows}
    finally:
        server.__exit__(None, None, None)
    if args.json:
        print(json.dumps(report, indent=1))
        return
    for run, result in report.items():
        if "skipped" in result:
            print(f"{run}: skipped ({result['skipped']})")
            continue
        for row in result["stories"]:
            print(f"{run:14} {row['story']:20} {_line(row)}  ({row['seconds']} s)")
        print(f"{run:14} {'ALL':20} {_line(result['total'])}")


def _line(f: dict) -> str:
    return (
        f"actors P/R/F1 {f['actor_p']}/{f['actor_r']}/{f['actor_f1']} split {f['actors_split']}"
        f" | support right {f['support_right']} of {f['claims_matched']} matched"
        f" | contradictions P {f['contradiction_p']} R {f['contradiction_r']}"
        f" (flagged {f['contradictions_flagged']}, look-alikes flagged"
        f" {f['non_contradictions_flagged']})"
    )


if __name__ == "__main__":
    main()
