"""Grounding: turn sentence ids into exact evidence spans, and a merged story into claims.

This is the only place evidence is created, and it is created from the offsets that
``segment.py`` computed, never by searching for a quote. Claims and the sides of
contradictions are grounded alike. A draft claim whose ids do not resolve is dropped
here (validation should already have re-asked the model), so no uncited claim can
reach a Brief.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from summarizer.draft import Draft, DraftActor
from summarizer.merge import Disagreement, Story
from summarizer.schema import (
    Actor,
    Contradiction,
    ContradictionSide,
    Demand,
    Evidence,
    OpenQuestion,
    Position,
    Source,
)
from summarizer.segment import Sentence


def evidence_for(
    ids: list[int], sentences: dict[int, Sentence], sources: list[Source]
) -> list[Evidence]:
    """Evidence spans for sentence ids; unknown ids are skipped."""
    spans = []
    for sid in sorted(set(ids)):
        sent = sentences.get(sid)
        if sent is None:
            continue
        quote = sources[sent.source].text[sent.start : sent.end]
        spans.append(Evidence(source=sent.source, quote=quote, start=sent.start, end=sent.end))
    return spans


def _clean(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip()


#: A summary longer than this is cut at a word boundary: a 1 MB line with no sentence end
#: (or a model that rambles) must not become a 1 MB summary.
MAX_SUMMARY_CHARS = 1_000


def clean_summary(text: str) -> str:
    """One line (hard wraps and runs of spaces folded), at most MAX_SUMMARY_CHARS long."""
    line = _clean(text)
    if len(line) <= MAX_SUMMARY_CHARS:
        return line
    cut = line.rfind(" ", 0, MAX_SUMMARY_CHARS - 1)
    return line[: cut if cut > MAX_SUMMARY_CHARS // 2 else MAX_SUMMARY_CHARS - 1] + "…"


def ground_actors(actors: list[DraftActor]) -> list[Actor]:
    """Draft actors as Brief actors (ids were already checked for uniqueness)."""
    return [
        Actor(
            id=a.id,
            name=_clean(a.name),
            kind=a.kind,
            role=_clean(a.role) or None,
            aliases=list(dict.fromkeys(_clean(x) for x in [a.name, *a.aliases] if _clean(x))),
        )
        for a in actors
    ]


def _one_source(sentence_ids: list[int]) -> int:
    return 1


def ground_draft(
    draft: Draft,
    sentences: dict[int, Sentence],
    sources: list[Source],
    support: Callable[[list[int]], int] = _one_source,
) -> tuple[list[Actor], list[Position], list[Demand], list[OpenQuestion]]:
    """Resolve every claim of a draft; claims left without evidence are dropped.

    ``support`` counts the sources behind a claim's sentences (the merge stage's count).
    """
    actors = ground_actors(draft.actors)
    known = {a.id for a in actors}
    positions = [
        Position(actor=p.actor, stance=_clean(p.stance), evidence=ev, support=support(p.sentences))
        for p in draft.positions
        if p.actor in known
        and _clean(p.stance)
        and (ev := evidence_for(p.sentences, sentences, sources))
    ]
    demands = [
        Demand(
            actor=d.actor,
            demand=_clean(d.demand),
            target=d.target if d.target in known and d.target != d.actor else None,
            conditions=_clean(d.conditions) or None,
            evidence=ev,
            support=support(d.sentences),
        )
        for d in draft.demands
        if d.actor in known
        and _clean(d.demand)
        and (ev := evidence_for(d.sentences, sentences, sources))
    ]
    questions = [
        OpenQuestion(
            question=_clean(q.question),
            why_open=_clean(q.why_open),
            evidence=ev,
            support=support(q.sentences),
        )
        for q in draft.open_questions
        if _clean(q.question) and (ev := evidence_for(q.sentences, sentences, sources))
    ]
    return actors, positions, demands, questions


def ground_contradictions(
    found: list[Disagreement], sentences: dict[int, Sentence], sources: list[Source]
) -> list[Contradiction]:
    """Each side of each disagreement, with its sentences as evidence."""
    out = []
    for d in found:
        sides = []
        for i, s in enumerate(d.sides):
            ids = list(d.cited[i]) if d.cited else [s.id]
            claim = d.claims[i] if d.claims else s.text
            evidence = evidence_for(ids, sentences, sources)
            sides.append(ContradictionSide(source=s.source, claim=claim, evidence=evidence))
        out.append(Contradiction(topic=d.topic, kind=d.kind, sides=sides))
    return out


@dataclass(frozen=True)
class Grounded:
    """Everything of a brief but its metadata: claims with evidence and support."""

    summary: str
    actors: list[Actor]
    positions: list[Position]
    demands: list[Demand]
    open_questions: list[OpenQuestion]
    contradictions: list[Contradiction]


def ground(story: Story, sentences: list[Sentence], sources: list[Source]) -> Grounded:
    """The grounding stage: claims and contradictions of ``story`` as exact evidence."""
    by_id = {s.id: s for s in sentences}
    actors, positions, demands, questions = ground_draft(story.draft, by_id, sources, story.support)
    return Grounded(
        summary=clean_summary(story.summary),
        actors=actors,
        positions=positions,
        demands=demands,
        open_questions=questions,
        contradictions=ground_contradictions(story.contradictions, by_id, sources),
    )
