"""Apply a reconciliation: the drafts of every source become one story draft.

Actors are merged across sources, each group of claims that say the same thing becomes
one claim citing every source's sentences (so its support is the number of sources that
agree), and conflicts keep their statement ids, resolved to sentence ids for grounding.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from summarizer.draft import Draft, DraftDemand, DraftPosition, DraftQuestion
from summarizer.reconcile.actors import merge_story_actors
from summarizer.reconcile.lexical import group_claims
from summarizer.reconcile.lexical import reconcile as lexical
from summarizer.reconcile.units import (
    Conflict,
    Reconciliation,
    Statement,
    claim_statements,
    sentence_statements,
)
from summarizer.schema import Source
from summarizer.segment import Sentence


@dataclass(frozen=True)
class Story:
    """One draft for the whole story, and the conflicts between its sources."""

    draft: Draft
    conflicts: list[Conflict]
    statements: dict[str, Statement]

    def sides(self, conflict: Conflict) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The sentence ids each side of a conflict rests on."""
        return self.statements[conflict.a].sentences, self.statements[conflict.b].sentences


def _claim(s: Statement, sentences: list[int]):
    if s.field == "positions":
        return DraftPosition.model_construct(actor=s.actor, stance=s.text, sentences=sentences)
    if s.field == "demands":
        return DraftDemand.model_construct(
            actor=s.actor, demand=s.text, target=s.target, conditions=None, sentences=sentences
        )
    return DraftQuestion.model_construct(
        question=s.text, why_open="the article leaves it unresolved", sentences=sentences
    )


def _merged_claims(claims: list[Statement], groups: list[tuple[str, ...]]) -> list:
    by_id = {c.id: c for c in claims}
    group_of = {cid: i for i, g in enumerate(groups) for cid in g}
    out, done = [], set()
    for c in claims:  # draft order: a group stands where its first claim stood
        g = group_of.get(c.id)
        if g is None:
            out.append((c, list(c.sentences)))
        elif g not in done:
            done.add(g)
            members = [by_id[i] for i in groups[g]]
            ids = sorted({sid for m in members for sid in m.sentences})
            # A demand keeps its target: it stands for a group that mixes fields.
            out.append((max(members, key=lambda m: (m.field == "demands", len(m.text))), ids))
    return [_claim(s, ids) for s, ids in out]


def prepare(drafts: Sequence[Draft], sentences: Sequence[Sentence]):
    """Actors merged across sources, and every claim as a statement with story actor ids."""
    actors, remap = merge_story_actors(d.actors for d in drafts)
    claims = claim_statements(drafts, sentences, lambda i, aid: remap.get(f"{i}:{aid}", aid))
    return actors, claims


def reconcile_story(
    drafts: Sequence[Draft],
    sentences: Sequence[Sentence],
    decided: Reconciliation | None = None,
    sources: Sequence[Source] | None = None,
) -> Story:
    """The story draft; ``decided`` (from a model) replaces the lexical judgements.

    With ``sources``, paragraphs break where their texts have blank lines, and claims and
    conflicts are ordered by the sources' dates where they have them.
    """
    actors, claims = prepare(drafts, sentences)
    facts = sentence_statements(sentences, [s.text for s in sources] if sources else None)
    if decided is None:
        decided = (
            lexical(claims, facts)
            if len({s.source for s in sentences}) > 1
            else (Reconciliation(groups=group_claims(claims)))
        )
    dates = [s.published or "" for s in sources] if sources else []
    merged = _by_date(_merged_claims(claims, decided.groups), sentences, dates)
    draft = Draft.model_construct(
        summary=next((d.summary for d in drafts if d.summary), ""),
        actors=actors,
        positions=[c for c in merged if isinstance(c, DraftPosition)],
        demands=[c for c in merged if isinstance(c, DraftDemand)],
        open_questions=[c for c in merged if isinstance(c, DraftQuestion)],
    )
    statements = {s.id: s for s in [*claims, *facts]}
    conflicts = [c for c in decided.conflicts if c.a in statements and c.b in statements]
    if any(dates):
        conflicts = _conflicts_by_date(conflicts, statements, dates)
    return Story(draft=draft, conflicts=conflicts, statements=statements)


def _by_date(claims: list, sentences: Sequence[Sentence], dates: list[str]) -> list:
    """Claims in the order of their earliest source's date (undated last, order kept)."""
    if not any(dates):
        return claims
    source_of = {s.id: s.source for s in sentences}

    def first(claim) -> str:
        return min((dates[source_of[i]] or "~" for i in claim.sentences), default="~")

    return sorted(claims, key=first)


def _conflicts_by_date(
    conflicts: list[Conflict], statements: dict[str, Statement], dates: list[str]
) -> list[Conflict]:
    def date(sid: str) -> str:
        return dates[statements[sid].source] or "~"

    ordered = [
        c if date(c.a) <= date(c.b) else Conflict(c.kind, c.topic, c.b, c.a, c.note)
        for c in conflicts
    ]
    return sorted(ordered, key=lambda c: date(c.a))
