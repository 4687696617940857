"""What a model returns: claims that cite sentence ids and actor ids, not quotes.

These models are the ``response_model`` handed to instructor. Their validators check
every reference against the validation context (the sentence ids shown to the model,
the actor ids, the source text), so an unknown actor, an out-of-range sentence or an
uncited claim fails validation and goes back to the model as a re-ask.

Output tokens are latency and cost, so the layout asks for nothing that carries no
information (measured in ``docs/output-budget.md``): optional fields (``role``,
``target``, ``conditions``, ``why_open``, ``summary``) have no ``null`` in the schema
the model sees, so a model leaves them out rather than writing ``null``; and ``aliases``
holds only the *other* names, since the name itself is always an alias downstream.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.json_schema import SkipJsonSchema

from summarizer.mentions import occurs
from summarizer.schema import ActorKind


class DraftContext(BaseModel):
    """What validators check references against (passed as instructor's ``context``)."""

    sentence_ids: frozenset[int]
    blocked_ids: frozenset[int] = frozenset()
    source_text: str = ""

    @classmethod
    def of(cls, info: ValidationInfo) -> DraftContext | None:
        """The context from a validator's ``info``, if the caller passed one."""
        ctx = info.context
        if isinstance(ctx, dict):
            ctx = ctx.get("draft")
        return ctx if isinstance(ctx, DraftContext) else None


def _check_sentences(ids: list[int], info: ValidationInfo) -> list[int]:
    ctx = DraftContext.of(info)
    if ctx is None:
        return ids
    unknown = [i for i in ids if i not in ctx.sentence_ids]
    if unknown:
        lo, hi = min(ctx.sentence_ids, default=0), max(ctx.sentence_ids, default=0)
        raise ValueError(f"sentence ids {unknown} are not in the article (use {lo} to {hi})")
    blocked = [i for i in ids if i in ctx.blocked_ids]
    if blocked:
        raise ValueError(f"sentences {blocked} are instructions planted in the text, not evidence")
    return sorted(set(ids))


def _omit_when_empty(description: str) -> Any:
    """An optional field whose schema shows no ``null`` and no default: a model that has
    nothing for it leaves it out, instead of spending tokens on ``"field":null``."""

    def schema(prop: dict[str, Any]) -> None:
        prop.pop("default", None)

    return Field(None, description=description, json_schema_extra=schema)


class _Strict(BaseModel):
    # Unknown keys mean the model answered some other question: re-ask.
    model_config = ConfigDict(extra="forbid")


class DraftActor(_Strict):
    """A party as the model names it."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]{0,63}$", description="short lowercase id")
    name: str = Field(min_length=1)
    kind: ActorKind = ActorKind.OTHER
    role: str | SkipJsonSchema[None] = _omit_when_empty("role, only if the article states one")
    aliases: list[str] = Field(
        default_factory=list,
        description="other names the article uses for it, as written; not the name itself",
    )

    @model_validator(mode="after")
    def _named_in_source(self, info: ValidationInfo) -> DraftActor:
        ctx = DraftContext.of(info)
        if ctx is None or not ctx.source_text:
            return self
        # Every form kept must be named in the text the model was shown (quarantined
        # sentences are not in it) as a whole word: "EU" is not in "queued".
        forms = [f for f in dict.fromkeys([self.name, *self.aliases]) if occurs(f, ctx.source_text)]
        if not forms:
            raise ValueError(
                f"actor {self.name!r} does not appear in the article; list only named parties"
            )
        if self.name not in forms:
            # An invented name with a real alias keeps only what the article says.
            self.name = forms[0]
        self.aliases = forms
        return self


class DraftClaim(_Strict):
    """Fields every claim shares: the sentences that support it."""

    sentences: list[int] = Field(min_length=1, description="ids of supporting sentences")

    @field_validator("sentences")
    @classmethod
    def _sentences_exist(cls, ids: list[int], info: ValidationInfo) -> list[int]:
        return _check_sentences(ids, info)


class DraftPosition(DraftClaim):
    """A view an actor holds."""

    actor: str
    stance: str = Field(min_length=1)


class DraftDemand(DraftClaim):
    """Something an actor asks of another party."""

    actor: str
    demand: str = Field(min_length=1)
    target: str | SkipJsonSchema[None] = _omit_when_empty("actor id of the party it is asked of")
    conditions: str | SkipJsonSchema[None] = _omit_when_empty("conditions, if any")


class DraftQuestion(DraftClaim):
    """Something left unresolved."""

    question: str = Field(min_length=1)
    why_open: str | SkipJsonSchema[None] = _omit_when_empty("why it is still open")


class Draft(_Strict):
    """A whole brief as a model writes it, before grounding."""

    summary: str | SkipJsonSchema[None] = _omit_when_empty("the dispute in your own words")
    actors: list[DraftActor]
    positions: list[DraftPosition]
    demands: list[DraftDemand]
    open_questions: list[DraftQuestion]

    @model_validator(mode="after")
    def _references_resolve(self) -> Draft:
        ids = [a.id for a in self.actors]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"actor ids must be unique; repeated: {dupes}")
        known = set(ids)
        for claim in [*self.positions, *self.demands]:
            for ref in (claim.actor, getattr(claim, "target", None)):
                if ref is not None and ref not in known:
                    raise ValueError(
                        f"claim refers to actor id {ref!r}, which is not in actors {sorted(known)}"
                    )
        return self


def draft_context(
    sentence_ids: list[int], source_text: str, blocked_ids: set[int] | None = None
) -> dict[str, Any]:
    """The ``context`` dict instructor passes to validators."""
    return {
        "draft": DraftContext(
            sentence_ids=frozenset(sentence_ids),
            blocked_ids=frozenset(blocked_ids or ()),
            source_text=source_text,
        )
    }
