"""Story briefs scored against story gold: the offline target, and the model path end to
end against the story oracle (a loopback model playing the story gold)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from support.story_oracle import brief_reconciled_by_model, story_oracle_server

from summarizer import summarize
from summarizer.evaluate.stories import StoryScore, load_stories, score_story
from summarizer.settings import resolve_settings

STORIES = Path(__file__).resolve().parent.parent / "evals" / "stories"


def test_offline_contradiction_precision_on_the_story_gold_is_at_least_0_8() -> None:
    total = StoryScore()
    for gold in load_stories(STORIES):  # the DUC stories and the team pairs
        total = total + score_story(summarize(list(gold.sources), model="heuristic"), gold)
    f = total.figures()
    assert f["contradiction_p"] >= 0.8, f
    assert f["contradiction_r"] >= 0.8, f
    assert f["non_contradictions_flagged"] == 0, f


def test_the_model_path_end_to_end_against_the_story_oracle() -> None:
    golds = load_stories(STORIES / "team")
    with story_oracle_server(golds) as server:
        settings = resolve_settings(
            model="story-oracle", base_url=server.base_url, api_key="k", strategy="full"
        )
        total = StoryScore()
        for gold in golds:
            brief = asyncio.run(brief_reconciled_by_model(list(gold.sources), settings))
            total = total + score_story(brief, gold)
        reconcile_calls = [
            r
            for r in server.requests
            if r.get("tools", [{}])[0]["function"]["name"] == "Reconciled"
        ]
    f = total.figures()
    assert len(reconcile_calls) == len(golds)  # one bounded call per story
    assert f["contradiction_p"] == 1.0 and f["contradiction_r"] == 1.0, f
    assert f["support_right"] == 1.0, f
