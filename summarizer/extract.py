"""Extraction: ask a model (or only the cues) for a Draft that cites sentence ids.

Three strategies share one :class:`Caller`, which is where the response store (cache
or eval cassette) is consulted before any model is woken:

- ``full``: a capable model writes the whole draft for each chunk, validated against
  the chunk's sentence ids and actor ids, with instructor re-asks on failure.
- ``guided``: deterministic cues propose actors and claim sentences; the model labels
  each candidate within enums (kind, claim type, actor, target) and phrases it. This
  is the embedded default, since a 135M model cannot find claims on its own.
- ``heuristic``: the cues alone, no model: the eval suite's floor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Literal

from pydantic import BaseModel, Field, ValidationInfo, create_model, field_validator

from summarizer import cues, prompt
from summarizer.draft import Draft, DraftActor, DraftDemand, DraftPosition, DraftQuestion, draft_context
from summarizer.errors import CassetteMissError, ExtractionError
from summarizer.providers import ModelClient, make_client
from summarizer.schema import ActorKind, PromptRef, Usage
from summarizer.segment import Sentence, chunk_sentences, number_sentences
from summarizer.settings import Settings
from summarizer.store import response_key

_PROMPT_OVERHEAD_TOKENS = 700


@dataclass
class Caller:
    """Asks for structured output through the store first, then the model."""

    settings: Settings
    client: ModelClient | None = None
    usage: Usage = field(default_factory=Usage)
    attempts: int = 0
    cached_calls: int = 0
    fallbacks: int = 0
    model_latency_s: float = 0.0
    prompts: dict[str, PromptRef] = field(default_factory=dict)

    def messages(self, template_id: str, **variables: Any) -> list[dict[str, str]]:
        """System and user messages from templates; their hashes are recorded."""
        for tid in ("system", template_id):
            self.prompts[tid] = prompt.load_template(tid).ref
        return [
            {"role": "system", "content": prompt.render("system")},
            {"role": "user", "content": prompt.render(template_id, **variables)},
        ]

    def ask(self, messages: list[dict[str, str]], model: type[BaseModel], context: dict[str, Any], *, max_tokens: int, reasks: int | None = None) -> Any:
        """A validated ``model`` instance, from the store when it has one."""
        store = self.settings.response_store
        key = response_key(
            model=self.settings.model,
            messages=messages,
            schema=model.model_json_schema(),
            params={"temperature": self.settings.temperature, "seed": self.settings.seed,
                    "max_tokens": max_tokens, "mode": self.settings.mode},
        )
        hit = store.get(key) if store is not None else None
        if hit is not None:
            self.cached_calls += 1
            self.usage = self.usage + Usage(**hit.get("usage", {}))
            return model.model_validate(hit["value"], context=context)
        if store is not None and store.replay_only:
            raise CassetteMissError(
                f"no recorded response for a {model.__name__} request (key {key[:12]}); "
                "record it first (--record) or run live"
            )
        if self.client is None:
            self.client = make_client(self.settings)
        result = self.client.structured(messages, model, context, max_tokens=max_tokens, reasks=reasks)
        self.usage = self.usage + result.usage
        self.attempts += result.attempts
        self.model_latency_s += result.latency_s
        if store is not None:
            store.put(key, {"value": result.value.model_dump(mode="json"),
                            "usage": result.usage.model_dump(), "attempts": result.attempts,
                            "latency_s": round(result.latency_s, 4)})
        return result.value


# --- heuristic -------------------------------------------------------------------------

def _draft_actor(a: cues.ActorCandidate, kind: ActorKind | None = None) -> DraftActor:
    return DraftActor(id=a.id, name=a.name, kind=kind or a.kind, role=a.role, aliases=a.aliases)


def _claim(kind: str, c: cues.ClaimCandidate, actor: str | None, target: str | None, text: str) -> Any:
    if kind == "question" or actor is None:
        return DraftQuestion(question=text, why_open="the article leaves it unresolved", sentences=[c.sentence.id])
    if kind == "demand":
        return DraftDemand(actor=actor, demand=text, target=target, sentences=[c.sentence.id])
    return DraftPosition(actor=actor, stance=text, sentences=[c.sentence.id])


def _assemble(summary: str, actors: list[DraftActor], claims: list[Any]) -> Draft:
    return Draft(
        summary=summary,
        actors=actors,
        positions=[c for c in claims if isinstance(c, DraftPosition)],
        demands=[c for c in claims if isinstance(c, DraftDemand)],
        open_questions=[c for c in claims if isinstance(c, DraftQuestion)],
    )


def lead_summary(sentences: list[Sentence]) -> str:
    """The first real sentence of the article: an extractive, always-true summary."""
    body = [s for s in sentences if s.text[-1:] in '.!?"' and len(s.text.split()) > 6]
    return (body or sentences)[0].text if sentences else ""


def heuristic(sentences: list[Sentence], analysis: cues.CueAnalysis) -> Draft:
    """The cue analysis as a draft, with no model at all."""
    actors = [_draft_actor(a) for a in analysis.actors]
    claims = [_claim(c.kinds[0], c, c.speaker, c.target, c.text) for c in analysis.claims]
    return _assemble(lead_summary(sentences), actors, claims)


# --- guided ----------------------------------------------------------------------------

def _label_model(c: cues.ClaimCandidate, actor_ids: list[str]) -> type[BaseModel]:
    targets = [*actor_ids, "none"]

    def _phrase_ok(cls: type, value: str, info: ValidationInfo) -> str:
        words = re.findall(r"[a-z']+", value.lower())
        source = set(re.findall(r"[a-z']+", (info.context or {}).get("sentence", "").lower()))
        if len(words) < 2 or len(set(words)) < len(words) / 2:
            raise ValueError("write a short, non-repeating phrase")
        if source and not {w for w in words if len(w) > 3} & source:
            raise ValueError("the phrase must use words from the sentence")
        return value

    return create_model(
        f"Label{c.sentence.id}",
        type=(Literal[tuple(c.kinds)], ...),
        actor=(Literal[tuple(actor_ids)], ...),
        target=(Literal[tuple(targets)], Field(default="none")),
        text=(str, Field(min_length=3, max_length=120)),
        __validators__={"phrase": field_validator("text")(classmethod(_phrase_ok))},
    )


def _candidate_actors(c: cues.ClaimCandidate, analysis: cues.CueAnalysis) -> list[str]:
    # The cue's own guess goes first: small models lean towards the first option.
    named = [a.id for a in analysis.actors if any(al in c.sentence.text for al in a.aliases)]
    ids = [x for x in [c.speaker, *named, c.target] if x]
    return list(dict.fromkeys(ids)) or [a.id for a in analysis.actors[:1]]


def _label_claim(caller: Caller, c: cues.ClaimCandidate, analysis: cues.CueAnalysis, names: dict[str, str]) -> Any:
    actor_ids = _candidate_actors(c, analysis)
    if not actor_ids:
        return _claim("question", c, None, None, c.text)
    model = _label_model(c, actor_ids)
    speaker = names.get(c.speaker or "", "")
    messages = caller.messages("guided_claim", sentence_id=c.sentence.id, sentence=c.sentence.text, speaker=speaker)
    try:
        label = caller.ask(messages, model, {"sentence": c.sentence.text}, max_tokens=120, reasks=1)
    except ExtractionError:
        caller.fallbacks += 1
        return _claim(c.kinds[0], c, c.speaker, c.target, c.text)
    target = None if label.target in ("none", label.actor) else label.target
    return _claim(label.type, c, label.actor, target, label.text)


def _label_actor_kinds(caller: Caller, sentences: list[Sentence], analysis: cues.CueAnalysis) -> dict[str, ActorKind]:
    unsure = [a for a in analysis.actors if a.kind == ActorKind.OTHER]
    if not unsure:
        return {}
    names = tuple(a.name for a in unsure)
    item = create_model("ActorLabel", name=(Literal[names], ...), kind=(ActorKind, ...))
    model = create_model("ActorLabels", labels=(list[item], Field(min_length=len(names), max_length=len(names))))
    mentioned = [s for s in sentences if any(n in s.text for n in names)][:12]
    messages = caller.messages("guided_actors", numbered_sentences=number_sentences(mentioned),
                               candidates="\n".join(f"- {n}" for n in names))
    try:
        labels = caller.ask(messages, model, {}, max_tokens=40 + 25 * len(names), reasks=1).labels
    except ExtractionError:
        caller.fallbacks += 1
        return {}
    by_name = {a.name: a.id for a in unsure}
    return {by_name[x.name]: x.kind for x in labels}


def guided(caller: Caller, sentences: list[Sentence], analysis: cues.CueAnalysis) -> Draft:
    """Cue candidates, labelled and phrased by the model within enums."""
    kinds = _label_actor_kinds(caller, sentences, analysis)
    actors = [_draft_actor(a, kinds.get(a.id)) for a in analysis.actors]
    names = {a.id: a.name for a in analysis.actors}
    claims = [_label_claim(caller, c, analysis, names) for c in analysis.claims]
    return _assemble(lead_summary(sentences), actors, claims)


# --- full ------------------------------------------------------------------------------

def full(caller: Caller, sentences: list[Sentence], blocked: set[int], title: str | None, context_tokens: int) -> list[Draft]:
    """The model writes the whole draft, chunk by chunk."""
    usable = [s for s in sentences if s.id not in blocked]
    budget = max(200, context_tokens - caller.settings.limits.max_output_tokens - _PROMPT_OVERHEAD_TOKENS)
    drafts = []
    for chunk in chunk_sentences(usable, budget, overlap=1):
        listing = number_sentences(list(chunk.sentences))
        messages = caller.messages(
            "full", title=title or "", numbered_sentences=listing,
            max_sentence=max(chunk.ids), skipped=", ".join(map(str, sorted(blocked))),
        )
        context = draft_context(chunk.ids, " ".join(s.text for s in chunk.sentences), blocked)
        drafts.append(caller.ask(messages, Draft, context, max_tokens=caller.settings.limits.max_output_tokens))
    return drafts


def extract(caller: Caller, sentences: list[Sentence], text: str, title: str | None) -> list[Draft]:
    """Drafts for one source's sentences, by the strategy the settings choose."""
    analysis = cues.analyse(sentences, text)
    strategy = caller.settings.effective_strategy
    if caller.settings.provider == "heuristic":
        return [heuristic(sentences, analysis)]
    if strategy == "guided":
        return [guided(caller, sentences, analysis)]
    context_tokens = caller.settings.context_tokens or (2048 if caller.settings.provider == "embedded" else 16_000)
    return full(caller, sentences, analysis.blocked, title, context_tokens)

