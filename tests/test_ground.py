"""Grounding: sentence ids become exact evidence spans, and uncited claims are dropped."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from summarizer.draft import Draft, DraftActor, DraftDemand, DraftPosition, DraftQuestion
from summarizer.ground import evidence_for, ground_actors, ground_draft
from summarizer.schema import Source
from summarizer.segment import split_sentences

ARTICLE = (
    "Dockworkers at Port Vell walked out on Monday.\n\n"
    'Union leader Mara Holt said: "We will not move until pay rises."  '
    "The port authority urged the union to return to talks.\n"
    "It is unclear whether the strike will spread."
)


def _setup(text: str = ARTICLE):
    sources = [Source(text=text)]
    sentences = split_sentences(text)
    return sources, {s.id: s for s in sentences}


def test_evidence_slices_the_source_exactly() -> None:
    sources, by_id = _setup()
    spans = evidence_for([3, 2], by_id, sources)
    assert [(e.start, e.end) for e in spans] == sorted((e.start, e.end) for e in spans)
    for ev in spans:
        assert ARTICLE[ev.start : ev.end] == ev.quote
    assert spans[0].quote.startswith("Union leader Mara Holt")


def test_evidence_skips_unknown_ids_and_dedupes() -> None:
    sources, by_id = _setup()
    spans = evidence_for([2, 2, 99, -1], by_id, sources)
    assert len(spans) == 1 and spans[0].quote == by_id[2].text


def test_evidence_points_at_the_right_source() -> None:
    first, second = "Alpha said yes. Beta said no.", "Gamma said maybe."
    a = split_sentences(first, source=0)
    b = split_sentences(second, source=1, first_id=len(a) + 1)
    sources = [Source(text=first), Source(text=second)]
    (ev,) = evidence_for([3], {s.id: s for s in a + b}, sources)
    assert ev.source == 1 and second[ev.start : ev.end] == ev.quote == "Gamma said maybe."


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.lists(st.integers(min_value=-3, max_value=60), max_size=20))
def test_property_evidence_for_always_slices_exactly(text: str, ids: list[int]) -> None:
    sources, by_id = _setup(text)
    for ev in evidence_for(ids, by_id, sources):
        assert text[ev.start : ev.end] == ev.quote
        assert ev.quote and ev.start < ev.end


def test_ground_draft_keeps_cited_claims_and_drops_unresolvable_ones() -> None:
    sources, by_id = _setup()
    draft = Draft.model_construct(
        summary="",
        actors=[
            DraftActor(id="holt", name="Mara  Holt", kind="person", aliases=["Holt"]),
            DraftActor(id="authority", name="port authority", kind="government"),
        ],
        positions=[
            DraftPosition(actor="holt", stance="  No return\nuntil pay rises ", sentences=[2]),
            DraftPosition(actor="ghost", stance="Not an actor", sentences=[2]),
            DraftPosition(actor="holt", stance="Cites nothing real", sentences=[42]),
        ],
        demands=[
            DraftDemand(actor="authority", demand="Return to talks", target="holt", sentences=[3]),
            DraftDemand(actor="authority", demand="Self-target", target="authority", sentences=[3]),
        ],
        open_questions=[DraftQuestion(question="Will it spread?", sentences=[4])],
    )
    actors, positions, demands, questions = ground_draft(draft, by_id, sources)
    assert [a.id for a in actors] == ["holt", "authority"]
    assert actors[0].name == "Mara Holt" and actors[0].aliases == ["Mara Holt", "Holt"]
    assert [p.stance for p in positions] == ["No return until pay rises"]
    assert demands[0].target == "holt"
    assert demands[1].target is None  # an actor does not make demands of itself
    assert len(questions) == 1
    for claim in [*positions, *demands, *questions]:
        assert claim.evidence
        for ev in claim.evidence:
            assert ARTICLE[ev.start : ev.end] == ev.quote


def test_ground_actors_drops_blank_aliases_and_roles() -> None:
    (actor,) = ground_actors(
        [DraftActor(id="x", name="Port Vell", role="  ", aliases=["Port Vell", " ", "the port"])]
    )
    assert actor.role is None and actor.aliases == ["Port Vell", "the port"]


def test_the_summary_is_one_line_and_bounded() -> None:
    from summarizer import summarize
    from summarizer.ground import MAX_SUMMARY_CHARS

    wrapped = (
        "The dockworkers' union rejected the port authority's latest pay offer on\n"
        "Monday, saying it fell far short of what members had been promised.\n"
        "The authority said it would not improve the offer."
    )
    brief = summarize(wrapped, model="heuristic")
    assert "\n" not in brief.summary and "  " not in brief.summary
    endless = "word " * 300_000  # about 1.5 MB with no sentence end
    brief = summarize(endless, model="heuristic")
    assert 0 < len(brief.summary) <= MAX_SUMMARY_CHARS
