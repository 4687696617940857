"""The Brief: the validated, grounded output of the pipeline (pure pydantic, no I/O).

A Brief is valid only if it is grounded: every evidence span slices its source exactly,
every actor reference resolves, and every claim carries at least one piece of evidence.
These rules live in the model validator, so no code path can hand out a Brief that
breaks them.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = "1.0"

ActorId = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$")]


class ActorKind(StrEnum):
    """What sort of party an actor is."""

    PERSON = "person"
    GOVERNMENT = "government"
    ORGANISATION = "organisation"
    GROUP = "group"
    COUNTRY = "country"
    OTHER = "other"


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """An exact span of a source: ``sources[source].text[start:end] == quote``."""

    source: int = Field(ge=0, description="Index into Brief.sources.")
    quote: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(gt=0)


class Source(_Frozen):
    """One input document; ``text`` is exactly what evidence offsets index into."""

    text: str
    title: str | None = None
    url: str | None = None
    site: str | None = None
    published: str | None = None
    sha256: str | None = None


class Actor(_Frozen):
    """A party to the dispute, with the surface forms the text uses for it."""

    id: ActorId
    name: str = Field(min_length=1)
    kind: ActorKind = ActorKind.OTHER
    role: str | None = None
    aliases: list[str] = Field(default_factory=list)


class _Claim(_Frozen):
    evidence: list[Evidence] = Field(min_length=1)
    support: int = Field(default=1, ge=1, description="How many sources support the claim.")


class Position(_Claim):
    """What an actor holds or argues."""

    actor: ActorId
    stance: str = Field(min_length=1)


class Demand(_Claim):
    """What an actor asks of another party, under which conditions."""

    actor: ActorId
    demand: str = Field(min_length=1)
    target: ActorId | None = None
    conditions: str | None = None


class OpenQuestion(_Claim):
    """Something the text leaves unresolved, and why it is open."""

    question: str = Field(min_length=1)
    why_open: str = ""


class ContradictionSide(_Frozen):
    """One source's version of a disputed fact."""

    source: int = Field(ge=0)
    claim: str
    evidence: list[Evidence] = Field(min_length=1)


class Contradiction(_Frozen):
    """Sources disagree: different figures for one fact, or one denies what another reports."""

    topic: str
    kind: str = Field(description="'figures' or 'denial'")
    sides: list[ContradictionSide] = Field(min_length=2)


class Usage(_Frozen):
    """Tokens summed over every attempt, re-asks included."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    calls: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            total_tokens=self.total_tokens + other.total_tokens,
            calls=self.calls + other.calls,
        )


class PromptRef(_Frozen):
    """A prompt template and the hash of its content at the time of the run."""

    id: str
    sha256: str


class RunMeta(_Frozen):
    """How the brief was made."""

    model: str
    provider: str
    strategy: str
    prompts: list[PromptRef] = Field(default_factory=list)
    schema_version: str = SCHEMA_VERSION
    usage: Usage = Field(default_factory=Usage)
    attempts: int = 0
    latency_s: float = 0.0
    model_latency_s: float = 0.0
    chunks: int = 1
    cached_calls: int = 0
    fallbacks: int = Field(default=0, description="Model labels replaced by cue defaults.")


class Brief(_Frozen):
    """A grounded, schema-validated brief of one story (one or more sources)."""

    summary: str
    actors: list[Actor]
    positions: list[Position] = Field(default_factory=list)
    demands: list[Demand] = Field(default_factory=list)
    open_questions: list[OpenQuestion] = Field(default_factory=list)
    contradictions: list[Contradiction] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    meta: RunMeta

    @model_validator(mode="after")
    def _grounded(self) -> Brief:
        ids = [a.id for a in self.actors]
        if len(set(ids)) != len(ids):
            raise ValueError(f"duplicate actor ids: {sorted({i for i in ids if ids.count(i) > 1})}")
        known = set(ids)
        for claim in [*self.positions, *self.demands]:
            refs = [claim.actor] + ([claim.target] if isinstance(claim, Demand) else [])
            for ref in refs:
                if ref is not None and ref not in known:
                    raise ValueError(f"claim refers to unknown actor id {ref!r}")
        for ev in self.all_evidence():
            check_evidence(ev, self.sources)
        return self

    def all_evidence(self) -> list[Evidence]:
        """Every evidence span in the brief, contradictions included."""
        spans = [ev for c in self.claims() for ev in c.evidence]
        spans += [ev for c in self.contradictions for side in c.sides for ev in side.evidence]
        return spans

    def claims(self) -> list[Position | Demand | OpenQuestion]:
        """Positions, demands and open questions, in that order."""
        return [*self.positions, *self.demands, *self.open_questions]

    def actor(self, actor_id: str) -> Actor:
        """The actor with this id (KeyError if absent)."""
        for a in self.actors:
            if a.id == actor_id:
                return a
        raise KeyError(actor_id)


def check_evidence(ev: Evidence, sources: list[Source]) -> None:
    """Raise ValueError unless ``ev`` slices its source exactly."""
    if ev.source >= len(sources):
        raise ValueError(f"evidence cites source {ev.source}, but there are {len(sources)}")
    text = sources[ev.source].text
    if not (0 <= ev.start < ev.end <= len(text)) or text[ev.start : ev.end] != ev.quote:
        raise ValueError(
            f"evidence [{ev.start}:{ev.end}] does not slice source {ev.source} to its quote"
        )


def brief_json_schema() -> dict:
    """The JSON Schema of a Brief, as ``summarizer schema`` prints it."""
    return Brief.model_json_schema()
