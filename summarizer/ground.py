"""Grounding: turn sentence ids into exact evidence spans, and drafts into claims.

This is the only place evidence is created, and it is created from the offsets that
``segment.py`` computed, never by searching for a quote. A draft claim whose ids do not
resolve is dropped here (validation should already have re-asked the model), so no
uncited claim can reach a Brief.
"""

from __future__ import annotations

import re

from summarizer.draft import Draft, DraftActor
from summarizer.schema import Actor, Demand, Evidence, OpenQuestion, Position, Source
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


def ground_draft(
    draft: Draft, sentences: dict[int, Sentence], sources: list[Source]
) -> tuple[list[Actor], list[Position], list[Demand], list[OpenQuestion]]:
    """Resolve every claim of a draft; claims left without evidence are dropped."""
    actors = ground_actors(draft.actors)
    known = {a.id for a in actors}
    positions = [
        Position(actor=p.actor, stance=_clean(p.stance), evidence=ev)
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
        )
        for d in draft.demands
        if d.actor in known
        and _clean(d.demand)
        and (ev := evidence_for(d.sentences, sentences, sources))
    ]
    questions = [
        OpenQuestion(question=_clean(q.question), why_open=_clean(q.why_open), evidence=ev)
        for q in draft.open_questions
        if _clean(q.question) and (ev := evidence_for(q.sentences, sentences, sources))
    ]
    return actors, positions, demands, questions
