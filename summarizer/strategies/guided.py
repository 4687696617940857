"""Guided extraction for small models, and the cue-only baseline.

The cues (``cues.py``) propose actors, claim sentences, candidate speakers and a few
wordings of each claim. A small model then decides within enums only: which kind of
claim a sentence makes, who holds it, whom a demand targets, and which wording fits.
Enums are enforced by the grammar, so the model cannot invent an actor or a quote, and
free text (which a 135M model turns into noise, and which makes grammar sampling slow)
is never asked for. ``heuristic`` takes the cues' own first choices: the eval floor.

Both give the article's lead as the summary (``passages.lead``: the first real sentence,
never a dateline, heading or quote).
Labels the model failed to give fall back to the cues' choice; :func:`guided` returns
how many did, with the draft.
"""

from __future__ import annotations

import asyncio
import string
from typing import Any, Literal

from pydantic import Field, create_model

from summarizer import cues, passages, prompt
from summarizer.caller import Caller
from summarizer.draft import Draft, DraftActor, DraftDemand, DraftPosition, DraftQuestion
from summarizer.errors import ExtractionError
from summarizer.schema import ActorKind
from summarizer.segment import Sentence, number_sentences
from summarizer.settings import StrategyName
from summarizer.strategies.base import SourceJob, StrategyResult

_WHY_OPEN = "the article leaves it unresolved"


def _draft_actor(a: cues.ActorCandidate, kind: ActorKind | None = None) -> DraftActor:
    return DraftActor(id=a.id, name=a.name, kind=kind or a.kind, role=a.role, aliases=a.aliases)


def _claim(
    kind: str, c: cues.ClaimCandidate, actor: str | None, target: str | None, text: str
) -> Any:
    ids = c.ids or [c.sentence.id]
    if kind == "question" or actor is None:
        return DraftQuestion(question=text, why_open=_WHY_OPEN, sentences=ids)
    if kind == "demand":
        return DraftDemand(actor=actor, demand=text, target=target, sentences=ids)
    return DraftPosition(actor=actor, stance=text, sentences=ids)


def _join_runs(positions: list[DraftPosition]) -> list[DraftPosition]:
    # A speaker's consecutive sentences ("...," she said. "And ...") make one position.
    joined: list[DraftPosition] = []
    for p in positions:
        last = joined[-1] if joined else None
        if last and last.actor == p.actor and p.sentences[0] - last.sentences[-1] == 1:
            last.sentences = [*last.sentences, *p.sentences]
        else:
            joined.append(p.model_copy())
    return joined


def _assemble(summary: str, actors: list[DraftActor], claims: list[Any]) -> Draft:
    return Draft(
        summary=summary,
        actors=actors,
        positions=_join_runs([c for c in claims if isinstance(c, DraftPosition)]),
        demands=[c for c in claims if isinstance(c, DraftDemand)],
        open_questions=[c for c in claims if isinstance(c, DraftQuestion)],
    )


def heuristic(sentences: list[Sentence], analysis: cues.CueAnalysis) -> Draft:
    """The cue analysis as a draft, with no model at all."""
    actors = [_draft_actor(a) for a in analysis.actors]
    claims = [
        _claim(c.kinds[0], c, c.speaker, c.target, cues.wordings(c)[0]) for c in analysis.claims
    ]
    return _assemble(analysis.lead or passages.lead(sentences), actors, claims)


def _candidate_actors(c: cues.ClaimCandidate, analysis: cues.CueAnalysis) -> list[str]:
    # The cue's own guess goes first: small models lean towards the first option.
    named = [a.id for a in analysis.actors if any(al in c.sentence.text for al in a.aliases)]
    return list(dict.fromkeys(x for x in [c.speaker, *named, c.target] if x))


_ASKS = {
    "actor": '"actor": who holds the view or makes the demand?',
    "wording": '"wording": the letter of the wording that best states the claim.',
}


def _open_choices(
    c: cues.ClaimCandidate, actor_ids: list[str], letters: list[str]
) -> dict[str, tuple[str, ...]]:
    """The decisions the cues leave open; a confident cue is not second-guessed."""
    choices: dict[str, tuple[str, ...]] = {}
    # The claim type stays with the cues: measured on the core suite, the 135M model
    # labelled nearly every multi-cue sentence a "position" (demands found: 98 -> 41).
    if c.speaker is None and len(actor_ids) > 1:
        choices["actor"] = tuple(actor_ids)
    # A demand's target stays with the cues too: the model's picks were right less often
    # (target accuracy 0.46 against the cues' 0.52 on the core suite).
    if len(letters) > 1:
        choices["wording"] = tuple(letters)
    return choices


def _label_claim(
    caller: Caller, c: cues.ClaimCandidate, analysis: cues.CueAnalysis
) -> tuple[Any, bool]:
    actor_ids = _candidate_actors(c, analysis)
    wordings = cues.wordings(c)
    if not actor_ids:
        return _claim("question", c, None, None, wordings[0]), False
    letters = list(string.ascii_uppercase[: len(wordings)])
    chosen = {
        "type": c.kinds[0],
        "actor": c.speaker or actor_ids[0],
        "target": c.target or "none",
        "wording": "A",
    }
    choices = _open_choices(c, actor_ids, letters)
    labels = _ask_label(caller, c, analysis, actor_ids, wordings, choices) if choices else {}
    chosen |= labels or {}
    target = None if chosen["target"] in ("none", chosen["actor"]) else chosen["target"]
    text = wordings[letters.index(chosen["wording"])]
    return _claim(chosen["type"], c, chosen["actor"], target, text), labels is None


def _ask_label(
    caller: Caller,
    c: cues.ClaimCandidate,
    analysis: cues.CueAnalysis,
    actor_ids: list[str],
    wordings: list[str],
    choices: dict[str, tuple[str, ...]],
) -> dict[str, str] | None:
    names = {a.id: a.name for a in analysis.actors}
    letters = string.ascii_uppercase
    messages = prompt.chat(
        "guided_claim",
        prompts_dir=caller.settings.prompts_dir,
        sentence_id=c.sentence.id,
        sentence=c.sentence.text,
        actors="\n".join(f"- {i}: {names.get(i, i)}" for i in actor_ids),
        wordings="\n".join(f"{letters[i]}: {w}" for i, w in enumerate(wordings)),
        asks="\n".join(_ASKS[field] for field in choices),
    )
    fields = {field: (Literal[options], ...) for field, options in choices.items()}
    model = create_model(f"Label{c.sentence.id}", **fields)
    try:
        return caller.ask(messages, model, {}, max_tokens=80, reasks=1).model_dump()
    except ExtractionError:
        return None  # the cues' choices stand: a fallback


def _label_actor_kinds(
    caller: Caller, sentences: list[Sentence], analysis: cues.CueAnalysis
) -> dict[str, ActorKind] | None:
    unsure = [a for a in analysis.actors if a.kind == ActorKind.OTHER]
    if not unsure:
        return {}
    names = tuple(a.name for a in unsure)
    item = create_model("ActorLabel", name=(Literal[names], ...), kind=(ActorKind, ...))
    model = create_model(
        "ActorLabels", labels=(list[item], Field(min_length=len(names), max_length=len(names)))
    )
    mentioned = [s for s in sentences if any(n in s.text for n in names)][:12]
    messages = prompt.chat(
        "guided_actors",
        prompts_dir=caller.settings.prompts_dir,
        numbered_sentences=number_sentences(mentioned),
        candidates="\n".join(f"- {n}" for n in names),
    )
    try:
        labels = caller.ask(messages, model, {}, max_tokens=40 + 25 * len(names), reasks=1).labels
    except ExtractionError:
        return None  # the cues' kinds stand: a fallback
    by_name = {a.name: a.id for a in unsure}
    return {by_name[x.name]: x.kind for x in labels}


def guided(
    caller: Caller, sentences: list[Sentence], analysis: cues.CueAnalysis
) -> tuple[Draft, int]:
    """Cue candidates, labelled by the model within enums; and how many labels fell back."""
    kinds = _label_actor_kinds(caller, sentences, analysis)
    actors = [_draft_actor(a, (kinds or {}).get(a.id)) for a in analysis.actors]
    labelled = [_label_claim(caller, c, analysis) for c in analysis.claims]
    fallbacks = (kinds is None) + sum(fell_back for _, fell_back in labelled)
    lead = analysis.lead or passages.lead(sentences)
    return _assemble(lead, actors, [claim for claim, _ in labelled]), fallbacks


class GuidedStrategy:
    """The guided strategy behind the :class:`~summarizer.strategies.base.Strategy` seam."""

    name: StrategyName = "guided"
    wants_candidates = True

    async def run(self, job: SourceJob, caller: Caller) -> StrategyResult:
        """One draft for the source; the labels are asked one by one in a worker thread,
        holding one of the caller's slots (the embedded model has only one)."""
        async with caller.slots():
            draft, fallbacks = await asyncio.to_thread(guided, caller, job.sentences, job.analysis)
        return StrategyResult(drafts=[draft], fallbacks=fallbacks)
