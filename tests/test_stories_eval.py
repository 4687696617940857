"""The story scorer: a brief built from the gold scores perfectly, and mistakes cost."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.evaluate.gold import GoldError
from summarizer.evaluate.stories import Pair, StoryGold, load_stories, load_story, score_story
from summarizer.schema import (
    Actor,
    Brief,
    Contradiction,
    ContradictionSide,
    Demand,
    Evidence,
    OpenQuestion,
    Position,
    RunMeta,
)

STORIES = Path(__file__).resolve().parent.parent / "evals" / "stories"


def _ev(gold: StoryGold, side) -> Evidence:
    text = gold.sources[side.source].text
    return Evidence(
        source=side.source, quote=text[side.start : side.end], start=side.start, end=side.end
    )


def _contradiction(gold: StoryGold, pair: Pair) -> Contradiction:
    sides = [
        ContradictionSide(source=s.source, claim=s.text, evidence=[_ev(gold, s)])
        for s in pair.sides
    ]
    return Contradiction(topic=pair.topic, kind=pair.kind, sides=sides)


def gold_story_brief(gold: StoryGold, flag: list[Pair] | None = None) -> Brief:
    """The brief a perfect reconciler would write (``flag``: the pairs it flags)."""
    actors = [
        Actor(id=a.id, name=a.name, kind=a.kind, aliases=list(a.aliases)) for a in gold.actors
    ]
    claims: dict[str, list] = {"positions": [], "demands": [], "open_questions": []}
    for c in gold.claims:
        evidence = [_ev(gold, s) for s in c.evidence]
        common = {"evidence": evidence, "support": c.support}
        if c.field == "positions":
            claims["positions"].append(Position(actor=c.actor, stance=c.text, **common))
        elif c.field == "demands":
            claims["demands"].append(Demand(actor=c.actor, demand=c.text, **common))
        else:
            claims["open_questions"].append(OpenQuestion(question=c.text, **common))
    pairs = gold.contradictions if flag is None else flag
    return Brief(
        summary="gold",
        actors=actors,
        **claims,
        contradictions=[_contradiction(gold, p) for p in pairs],
        sources=list(gold.sources),
        meta=RunMeta(model="gold", provider="gold", strategy="gold"),
    )


@pytest.fixture(scope="module")
def team() -> list[StoryGold]:
    return load_stories(STORIES / "team")


def test_every_story_gold_loads_with_its_spans_found() -> None:
    golds = load_stories(STORIES)
    assert {g.id for g in golds} >= {"duc-26", "duc-45", "duc-1009", "team-harbour-pay"}
    for g in golds:
        assert len(g.sources) >= 2
        for pair in [*g.contradictions, *g.non_contradictions]:
            assert pair.sides[0].source != pair.sides[1].source


def test_the_gold_brief_scores_perfectly(team: list[StoryGold]) -> None:
    for gold in team:
        f = score_story(gold_story_brief(gold), gold).figures()
        assert f["actor_f1"] == 1.0 and f["actors_split"] == 0
        assert f["support_right"] == 1.0 and f["claims_matched"] == len(gold.claims)
        assert f["contradiction_p"] == 1.0 and f["contradiction_r"] == 1.0


def test_a_flagged_look_alike_counts_against_precision(team: list[StoryGold]) -> None:
    gold = next(g for g in team if g.id == "team-harbour-pay")
    flagged = [*gold.contradictions, gold.non_contradictions[0]]
    f = score_story(gold_story_brief(gold, flagged), gold).figures()
    assert f["contradiction_p"] == round(2 / 3, 3) and f["contradiction_r"] == 1.0
    assert f["non_contradictions_flagged"] == 1


def test_a_missed_contradiction_and_a_wrong_support_cost_recall_and_support(
    team: list[StoryGold],
) -> None:
    gold = team[0]
    brief = gold_story_brief(gold, flag=list(gold.contradictions[:1]))
    wrong = brief.positions[0].model_copy(update={"support": 5})
    brief = brief.model_copy(update={"positions": [wrong, *brief.positions[1:]]})
    f = score_story(brief, gold).figures()
    assert f["contradiction_r"] == 0.5
    assert f["support_right"] < 1.0


def test_a_span_missing_from_its_source_is_a_gold_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("One report.", encoding="utf-8")
    (tmp_path / "b.txt").write_text("Another report.", encoding="utf-8")
    bad = tmp_path / "x.story.json"
    bad.write_text(
        '{"id": "x", "sources": ["a.txt", "b.txt"], "actors": [], "claims": [],'
        ' "contradictions": [{"topic": "t", "kind": "figures", "sides": ['
        '{"source": 0, "span": "One report."}, {"source": 1, "span": "not there"}]}]}',
        encoding="utf-8",
    )
    with pytest.raises(GoldError, match="not in source 1"):
        load_story(bad)
