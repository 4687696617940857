"""Reconciliation by a capable model: one bounded call that sees every source's claims.

The model gets the story's claims by id (``c12``), grouped so that claims a model could
join or oppose are listed together, plus the sentences the lexical rules flag as
possible conflicts (``s40``), and answers with groups and contradictions that cite those
ids. The response model rejects an id it was not shown, a group of one, and a
contradiction within one report, so a wrong answer goes back to the model as a re-ask.
The prompt is bounded: only claims with a candidate partner in another report are
listed, at most :data:`MAX_ITEMS`, each cut to a few hundred characters, whatever the
number of sources. If the model fails, the lexical reconciliation stands.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, model_validator

from summarizer import prompt
from summarizer.caller import Caller
from summarizer.draft import Draft
from summarizer.errors import ProviderError
from summarizer.reconcile import lexical
from summarizer.reconcile.story import prepare
from summarizer.reconcile.units import Conflict, Reconciliation, Statement, sentence_statements
from summarizer.schema import Source
from summarizer.segment import Sentence

MAX_ITEMS = 120
MAX_CHARS = 320
Kind = Literal["figures", "denial", "reversal", "speaker", "name"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReconcileContext(BaseModel):
    """The ids the model was shown, and the report each comes from."""

    source_of: dict[str, int]

    @classmethod
    def of(cls, info: ValidationInfo) -> ReconcileContext | None:
        ctx = info.context.get("reconcile") if isinstance(info.context, dict) else None
        return ctx if isinstance(ctx, ReconcileContext) else None

    def check(self, ids: Sequence[str]) -> None:
        unknown = [i for i in ids if i not in self.source_of]
        if unknown:
            raise ValueError(f"ids {unknown} were not listed; use only the ids shown")


class AgreeGroup(_Strict):
    """Claims that say the same thing."""

    claims: list[str] = Field(min_length=2, description="ids of claims that say the same")


class Contradicts(_Strict):
    """Two statements of different reports that cannot both be true."""

    a: str
    b: str
    kind: Kind
    topic: str = Field(min_length=1)
    note: str = ""


class Reconciled(_Strict):
    """The model's answer: groups of agreeing claims, and contradictions."""

    groups: list[AgreeGroup] = Field(default_factory=list)
    contradictions: list[Contradicts] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ids_resolve(self, info: ValidationInfo) -> Reconciled:
        ctx = ReconcileContext.of(info)
        if ctx is None:
            return self
        seen: set[str] = set()
        for g in self.groups:
            ctx.check(g.claims)
            if not all(i.startswith("c") for i in g.claims):
                raise ValueError("groups hold claim ids (starting with 'c') only")
            twice = seen & set(g.claims)
            if twice:
                raise ValueError(f"claims {sorted(twice)} are in more than one group")
            seen |= set(g.claims)
        for c in self.contradictions:
            ctx.check([c.a, c.b])
            if ctx.source_of[c.a] == ctx.source_of[c.b]:
                raise ValueError(f"{c.a} and {c.b} come from the same report; not a contradiction")
        return self


def _cut(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def shown_items(claims: list[Statement], flagged: list[Statement]) -> list[Statement]:
    """Claims with a candidate partner in another report (same actor, or shared rare
    names and words), then the flagged sentences, at most :data:`MAX_ITEMS`."""
    partnered: set[str] = set()
    for block in lexical.claim_blocks(claims):
        if len({c.source for c in block}) > 1:
            partnered |= {c.id for c in block}
    texts = [f"{c.text} {c.evidence}" for c in claims]
    for i, j in lexical.candidate_pairs(texts, shared=lexical.BLOCK_WORDS, words=True):
        if claims[i].source != claims[j].source:
            partnered |= {claims[i].id, claims[j].id}
    chosen = [c for c in claims if c.id in partnered]
    room = max(0, MAX_ITEMS - len(flagged))
    return sorted(chosen[:room], key=lambda c: (c.actor or "~", c.source)) + flagged


def listing(items: list[Statement], actor_names: dict[str, str], dates: list[str]) -> str:
    """One line per item: id, report (and date), party, field, wording, evidence."""
    lines = []
    for s in items:
        when = f", {dates[s.source]}" if dates and dates[s.source] else ""
        who = f" {actor_names.get(s.actor, s.actor)}:" if s.actor else ""
        what = "sentence" if s.field == "sentence" else s.field.rstrip("s").replace("_", " ")
        body = _cut(s.text)
        if s.field != "sentence":
            body += f' | says: "{_cut(s.evidence)}"'
        lines.append(f"{s.id} [report {s.source + 1}{when}] {what}{who} {body}")
    return "\n".join(lines)


async def reconcile_with_model(
    caller: Caller,
    drafts: Sequence[Draft],
    sentences: Sequence[Sentence],
    sources: Sequence[Source],
) -> Reconciliation:
    """The model's groups and contradictions (the lexical ones if the model fails)."""
    actors, claims = prepare(drafts, sentences)
    facts = sentence_statements(sentences, [s.text for s in sources])
    offline = lexical.reconcile(claims, facts)
    by_id = {s.id: s for s in facts}
    flagged = list(
        {sid: by_id[sid] for c in offline.conflicts for sid in (c.a, c.b) if sid in by_id}.values()
    )
    items = shown_items(claims, flagged)
    if len({s.source for s in items}) < 2:
        return offline
    dates = [s.published or "" for s in sources]
    chat = prompt.chat(
        "reconcile",
        listing=listing(items, {a.id: a.name for a in actors}, dates),
        sources=len(sources),
        dated=any(dates),
    )
    context = {"reconcile": ReconcileContext(source_of={s.id: s.source for s in items})}
    limit = min(caller.settings.effective_max_output_tokens, 300 + 40 * len(items))
    try:
        answer = await caller.ask_async(chat, Reconciled, context, max_tokens=limit)
    except ProviderError:
        # No valid answer (or no answer) after the re-asks: the lexical judgements stand.
        # A cassette miss is not caught: a replay must not quietly change its method.
        return offline
    return Reconciliation(
        groups=[tuple(dict.fromkeys(g.claims)) for g in answer.groups],
        conflicts=[Conflict(c.kind, c.topic, c.a, c.b, c.note) for c in answer.contradictions],
        method="model",
    )
