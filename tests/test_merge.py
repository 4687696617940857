"""Merging several reports of one story: shared actors, support counts, contradictions."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer import Brief, summarize
from summarizer.draft import Draft, DraftActor, DraftPosition
from summarizer.merge import merge_actors, merge_drafts, word_overlap

MULTI = Path(__file__).resolve().parent.parent / "examples" / "multi"


@pytest.fixture(scope="module")
def story() -> Brief:
    a = (MULTI / "outlet-a.txt").read_text(encoding="utf-8")
    b = (MULTI / "outlet-b.txt").read_text(encoding="utf-8")
    return summarize([a, b], model="heuristic")


def test_same_actor_in_two_sources_merges_by_alias() -> None:
    a = [DraftActor(id="falk", name="Ingrid Falk", kind="person", aliases=["Ingrid Falk", "Falk"])]
    b = [
        DraftActor(id="leader", name="Falk", kind="person", aliases=["Falk"]),
        DraftActor(id="falk", name="Erik Dalby", kind="person", aliases=["Dalby"]),
    ]
    actors, remap = merge_actors([a, b])
    assert [x.id for x in actors] == ["falk", "falk-1"]
    assert remap == {"0:falk": "falk", "1:leader": "falk", "1:falk": "falk-1"}


def test_a_shared_short_alias_alone_does_not_merge_different_parties() -> None:
    a = [DraftActor(id="courier", name="Halden Morning Courier", aliases=["Halden"])]
    b = [DraftActor(id="operator", name="Halden City Transport", aliases=["Halden"])]
    actors, _ = merge_actors([a, b])
    assert {x.name for x in actors} == {"Halden Morning Courier", "Halden City Transport"}


def test_merge_drafts_joins_similar_claims_of_the_same_actor() -> None:
    actor = DraftActor(id="falk", name="Ingrid Falk", aliases=["Falk"])
    one = Draft(
        summary="s",
        actors=[actor],
        demands=[],
        open_questions=[],
        positions=[
            DraftPosition(actor="falk", stance="The offer did not come close", sentences=[2])
        ],
    )
    two = Draft(
        summary="",
        actors=[actor],
        demands=[],
        open_questions=[],
        positions=[
            DraftPosition(actor="falk", stance="the offer did not come close", sentences=[9]),
            DraftPosition(actor="falk", stance="Split shifts must end", sentences=[10]),
        ],
    )
    merged = merge_drafts([one, two])
    assert [p.sentences for p in merged.positions] == [[2, 9], [10]]
    assert merged.summary == "s"
    # The inputs are not changed by merging.
    assert one.positions[0].sentences == [2]


def test_word_overlap_is_symmetric_and_bounded() -> None:
    union = "the offer was rejected by the union"
    assert word_overlap("The union rejected the offer", union) >= 0.6
    assert word_overlap("pay", "") == 0.0
    a, b = "Drivers want eight percent", "Management offered four percent"
    assert word_overlap(a, b) == word_overlap(b, a) < 0.6


def test_multi_source_brief_merges_actors(story: Brief) -> None:
    names = [a.name for a in story.actors]
    for name in ("Ingrid Falk", "Erik Dalby", "Martin Rolfsen", "Halden City Transport"):
        assert names.count(name) == 1, name
    falk = next(a for a in story.actors if a.name == "Ingrid Falk")
    sources = {ev.source for p in story.positions if p.actor == falk.id for ev in p.evidence}
    assert sources == {0, 1}


def test_claim_supported_by_both_sources_gets_support_two() -> None:
    shared = 'Union leader Ingrid Falk said the offer "did not come close" to what drivers needed.'
    a = f"Trams stopped in Halden on Wednesday.\n\n{shared} Talks are set for Friday."
    b = f"{shared}\n\nTransport Minister Erik Dalby said the strike was unlawful."
    brief = summarize([a, b], model="heuristic")
    falk = [p for p in brief.positions if p.actor == "ingrid-falk"]
    assert len(falk) == 1
    assert falk[0].support == 2
    assert {ev.source for ev in falk[0].evidence} == {0, 1}
    dalby = [p for p in brief.positions if p.actor == "erik-dalby"]
    assert dalby and all(p.support == 1 for p in dalby)


def test_figures_contradiction_is_found_with_grounded_sides(story: Brief) -> None:
    figures = [c for c in story.contradictions if c.kind == "figures" and "4,000" in c.topic]
    assert len(figures) == 1
    (c,) = figures
    assert "2,500" in c.topic
    assert [s.source for s in c.sides] == [0, 1]
    assert "About 4,000 workers" in c.sides[0].evidence[0].quote
    assert "Some 2,500 workers" in c.sides[1].evidence[0].quote


def test_denial_contradiction_is_found_with_grounded_sides(story: Brief) -> None:
    denials = [c for c in story.contradictions if c.kind == "denial"]
    assert denials
    c = denials[0]
    quotes = [s.evidence[0].quote for s in c.sides]
    assert quotes[0].startswith("Transport Minister Erik Dalby offered the deal")
    assert quotes[1].startswith(
        "Transport Minister Erik Dalby denied that any deal had been offered"
    )


def test_every_contradiction_side_slices_its_own_source(story: Brief) -> None:
    assert story.contradictions
    for c in story.contradictions:
        assert len({s.source for s in c.sides}) == 2
        for side in c.sides:
            for ev in side.evidence:
                assert ev.source == side.source
                assert story.sources[ev.source].text[ev.start : ev.end] == ev.quote


def test_single_source_has_no_contradictions() -> None:
    text = (MULTI / "outlet-a.txt").read_text(encoding="utf-8")
    assert summarize(text, model="heuristic").contradictions == []
