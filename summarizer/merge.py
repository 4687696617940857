"""Merging: the drafts of every chunk and source become one :class:`Story`.

:func:`merge` is the stage. Actors are merged by shared aliases; claims by the same
actor with overlapping wording or a shared sentence become one claim citing every
supporting sentence (duplicates); a claim's support is the number of distinct sources
its sentences come from (:meth:`Story.support`); contradictions are found between
sentences of different sources: the same fact with different figures, or one source
denying what another reports. The story's summary is the first draft's, else the lead
sentence. All of it works on sentence ids, so grounding (``ground.py``) turns claims
and contradictions alike into exact evidence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from summarizer.draft import Draft, DraftActor, DraftDemand, DraftPosition, DraftQuestion
from summarizer.lexicon import MERGE_STOPWORDS as _STOP
from summarizer.reconcile import Conflict, Reconciliation
from summarizer.reconcile.story import reconcile_story
from summarizer.schema import Source
from summarizer.segment import Sentence

_DENIAL = re.compile(
    r"\b(?:den(?:y|ies|ied)|rejected reports|dismissed reports|false|untrue|never)\b", re.I
)
_FIGURE = re.compile(r"\b(\d[\d,]*(?:\.\d+)?)\s*(%|percent|per cent)?\s*([a-z]+)?", re.I)
SIMILAR = 0.6


def content_words(text: str) -> set[str]:
    """Lowercased words that carry meaning, crudely stemmed."""
    words = re.findall(r"[a-z][a-z'-]+", text.lower())
    return {w.rstrip("s") for w in words if w not in _STOP and len(w) > 2}


def word_overlap(a: str, b: str) -> float:
    """Overlap of content words (Dice coefficient); not the eval's claim similarity."""
    wa, wb = content_words(a), content_words(b)
    return 2 * len(wa & wb) / (len(wa) + len(wb)) if wa and wb else 0.0


def _norm(alias: str) -> str:
    return re.sub(r"^the\s+", "", alias.casefold()).strip(" .'\"")


def merge_actors(groups: Iterable[list[DraftActor]]) -> tuple[list[DraftActor], dict[str, str]]:
    """One actor per set of shared aliases; returns the actors and an old-id → new-id map."""
    merged: list[DraftActor] = []
    remap: dict[str, str] = {}
    for group_index, actors in enumerate(groups):
        for actor in actors:
            forms = {_norm(x) for x in [actor.name, *actor.aliases]}
            # One side's canonical name must be among the other's forms: two actors that
            # merely share a short alias ("Halden" for both "Halden Morning Courier" and
            # "Halden City Transport") are different parties.
            same = next(
                (
                    m
                    for m in merged
                    if _norm(m.name) in forms or _norm(actor.name) in {_norm(x) for x in m.aliases}
                ),
                None,
            )
            key = f"{group_index}:{actor.id}"
            if same is None:
                taken = {m.id for m in merged}
                new_id = actor.id if actor.id not in taken else f"{actor.id}-{group_index}"
                same = actor.model_copy(update={"id": new_id, "aliases": list(actor.aliases)})
                merged.append(same)
            else:
                same.aliases.extend(a for a in actor.aliases if a not in same.aliases)
                if same.role is None and actor.role:
                    same.role = actor.role
            remap[key] = same.id
    return merged, remap


def _duplicates(a, b, text_of, actor_of) -> bool:
    if actor_of(a) != actor_of(b):
        return False
    return (
        bool(set(a.sentences) & set(b.sentences)) or word_overlap(text_of(a), text_of(b)) >= SIMILAR
    )


def _dedupe(claims: list, text_of, actor_of) -> list:
    kept: list = []
    for claim in claims:
        twin = next((k for k in kept if _duplicates(k, claim, text_of, actor_of)), None)
        if twin is None:
            kept.append(claim.model_copy())
        else:
            twin.sentences = sorted(set(twin.sentences) | set(claim.sentences))
    return kept


def merge_drafts(drafts: list[Draft]) -> Draft:
    """One draft from the drafts of several chunks or sources."""
    if len(drafts) == 1:
        return drafts[0]
    actors, remap = merge_actors(d.actors for d in drafts)

    def moved(index: int, claims: list) -> list:
        out = []
        for c in claims:
            update = {"actor": remap.get(f"{index}:{c.actor}", c.actor)}
            if isinstance(c, DraftDemand) and c.target:
                update["target"] = remap.get(f"{index}:{c.target}", c.target)
            out.append(c.model_copy(update=update))
        return out

    positions: list[DraftPosition] = [
        p for i, d in enumerate(drafts) for p in moved(i, d.positions)
    ]
    demands: list[DraftDemand] = [x for i, d in enumerate(drafts) for x in moved(i, d.demands)]
    questions: list[DraftQuestion] = [q for d in drafts for q in d.open_questions]
    return Draft.model_construct(
        summary=next((d.summary for d in drafts if d.summary), ""),
        actors=actors,
        positions=_dedupe(positions, lambda c: c.stance, lambda c: c.actor),
        demands=_dedupe(demands, lambda c: c.demand, lambda c: c.actor),
        open_questions=_dedupe(questions, lambda c: c.question, lambda c: None),
    )


def _figures(text: str) -> dict[str, str]:
    found = {}
    for m in _FIGURE.finditer(text):
        number, unit, noun = m.group(1), m.group(2), (m.group(3) or "").lower()
        if len(number.replace(",", "")) >= 4 and number.isdigit() and 1900 < int(number) < 2100:
            continue  # a year, not a figure
        found[(unit and "percent") or noun.rstrip("s")] = number
    return found


@dataclass(frozen=True)
class Disagreement:
    """Two sentences of different sources that disagree, before grounding."""

    kind: str  # "figures", "denial", "reversal", "speaker" or "name"
    topic: str
    sides: tuple[Sentence, Sentence]
    # Set by reconciliation: every sentence id each side rests on (a side may span
    # several segments) and what each side says; empty means just the side's sentence.
    cited: tuple[tuple[int, ...], tuple[int, ...]] | tuple[()] = ()
    claims: tuple[str, str] | tuple[()] = ()
    note: str = ""


def contradictions(sentences: list[Sentence]) -> list[Disagreement]:
    """Pairs of sentences from different sources that disagree."""
    found: list[Disagreement] = []
    for i, a in enumerate(sentences):
        for b in sentences[i + 1 :]:
            if a.source == b.source:
                continue
            overlap = content_words(a.text) & content_words(b.text)
            if len(overlap) < 2:
                continue
            fa, fb = _figures(a.text), _figures(b.text)
            clash = sorted(k for k in fa.keys() & fb.keys() if k and fa[k] != fb[k])
            if clash:
                topic = f"{clash[0]}: {fa[clash[0]]} vs {fb[clash[0]]}"
                found.append(Disagreement("figures", topic, (a, b)))
            elif (
                bool(_DENIAL.search(a.text)) != bool(_DENIAL.search(b.text))
                and word_overlap(a.text, b.text) >= 0.3
            ):
                found.append(Disagreement("denial", " ".join(sorted(overlap)[:6]), (a, b)))
    return found


def lead_summary(sentences: Sequence[Sentence]) -> str:
    """The first real sentence of the article: an extractive, always-true summary."""
    body = [s for s in sentences if s.text[-1:] in '.!?"' and len(s.text.split()) > 6]
    return (body or sentences)[0].text if sentences else ""


@dataclass(frozen=True)
class Story:
    """Merge's output: one draft for every chunk and source, and where sources disagree."""

    draft: Draft
    summary: str
    contradictions: list[Disagreement]
    source_of: dict[int, int]  # sentence id -> source index

    def support(self, sentence_ids: Iterable[int]) -> int:
        """How many distinct sources the sentences come from (at least one)."""
        return max(1, len({self.source_of[i] for i in sentence_ids if i in self.source_of}))


def merge(
    drafts: list[Draft],
    sentences: list[Sentence],
    sources: int | Sequence[Source],
    decided: Reconciliation | None = None,
) -> Story:
    """The merge stage: one story from the drafts of every chunk of ``sources`` sources.

    Several sources are reconciled (``summarizer.reconcile``): actors merged across
    outlets, claims that say the same thing grouped, conflicts between sources found;
    ``decided`` is a model's reconciliation, used instead of the lexical one.
    """
    count = sources if isinstance(sources, int) else len(sources)
    if count < 2:
        draft = merge_drafts(drafts)
        return Story(draft, draft.summary or lead_summary(sentences), [], _source_of(sentences))
    listed = None if isinstance(sources, int) else list(sources)
    story = reconcile_story(drafts, sentences, decided, listed)
    found = [_disagreement(c, story, sentences) for c in story.conflicts]
    return Story(
        draft=story.draft,
        summary=story.draft.summary or lead_summary(sentences),
        contradictions=found,
        source_of=_source_of(sentences),
    )


def _source_of(sentences: list[Sentence]) -> dict[int, int]:
    return {s.id: s.source for s in sentences}


def _disagreement(conflict: Conflict, story, sentences: list[Sentence]) -> Disagreement:
    by_id = {s.id: s for s in sentences}
    ids = story.sides(conflict)
    claims = (story.statements[conflict.a].text, story.statements[conflict.b].text)
    sides = (by_id[ids[0][0]], by_id[ids[1][0]])
    return Disagreement(conflict.kind, conflict.topic, sides, ids, claims, conflict.note)
