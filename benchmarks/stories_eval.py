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
    from support.story_oracle import brief_reconciled_by_model, story_oracle_server

    from summarizer.settings import resolve_settings

    server = story_oracle_server(golds).__enter__()
    settings = resolve_settings(
        model="story-oracle",
        base_url=server.base_url,
        api_key="k",
        strategy="full",
        concurrency=16,
    )

    def brief(sources):
        return asyncio.run(brief_reconciled_by_model(sources, settings))

    return brief, server


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
