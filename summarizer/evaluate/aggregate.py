"""Per-article metrics and suite aggregates, from :mod:`~summarizer.evaluate.metrics` scores.

Public API::

    article_metrics(score: ArticleScore) -> dict[str, float]   # what compare bootstraps
    aggregate(scores: Sequence[ArticleScore]) -> Aggregates

All functions are pure; the rules are documented in ``evals/README.md``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from pydantic import BaseModel, computed_field

from summarizer.evaluate.gold import FIELDS
from summarizer.evaluate.scores import ActorScore, ArticleScore, FieldScore


def article_metrics(score: ArticleScore) -> dict[str, float]:
    """Flat per-article metrics (NaN where undefined), keyed like ``positions.strict_f1``."""
    out = {
        "strict_f1": score.strict_f1,
        "content_f1": score.content_f1,
        "actor_f1": score.actors.f1,
    }
    for name in FIELDS:
        f = score.fields[name]
        out[f"{name}.strict_f1"] = f.strict_f1
        out[f"{name}.content_f1"] = f.content_f1
        if name != "open_questions":
            out[f"{name}.attribution"] = math.nan if f.attribution is None else f.attribution
    target = score.fields["demands"].target_accuracy
    out["demands.target_accuracy"] = math.nan if target is None else target
    return out


class Gates(BaseModel):
    """Hard gates: any failure fails the run whatever the F1 numbers say."""

    grounding_rate: float
    schema_validity: float
    forbidden_hits: int

    @computed_field
    @property
    def grounding_ok(self) -> bool:
        return self.grounding_rate >= 1.0

    @computed_field
    @property
    def schema_ok(self) -> bool:
        return self.schema_validity >= 1.0

    @computed_field
    @property
    def forbidden_ok(self) -> bool:
        return self.forbidden_hits == 0

    @computed_field
    @property
    def passed(self) -> bool:
        return self.grounding_ok and self.schema_ok and self.forbidden_ok


class Aggregates(BaseModel):
    """Suite-level numbers: micro counts per field plus macro (per-article mean) F1."""

    n_articles: int
    fields: dict[str, FieldScore]
    all_fields: FieldScore
    actors: ActorScore
    macro: dict[str, float | None]
    gates: Gates
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    latency_s_total: float = 0.0
    latency_s_mean: float = 0.0
    cost_usd: float = 0.0


def aggregate(scores: Sequence[ArticleScore]) -> Aggregates:
    """Sum counts over articles (micro) and average per-article metrics (macro)."""
    fields = {name: FieldScore() for name in FIELDS}
    actors = ActorScore()
    for s in scores:
        for name in FIELDS:
            fields[name] = fields[name] + s.fields[name]
        actors = ActorScore(
            n_pred=actors.n_pred + s.actors.n_pred,
            n_gold=actors.n_gold + s.actors.n_gold,
            tp=actors.tp + s.actors.tp,
            hallucinated=actors.hallucinated + [f"{s.id}:{h}" for h in s.actors.hallucinated],
        )
    total = FieldScore()
    for f in fields.values():
        total = total + f
    return Aggregates(
        n_articles=len(scores),
        fields=fields,
        all_fields=total,
        actors=actors,
        macro=_macro(scores),
        gates=_gates(scores),
        prompt_tokens=sum(s.prompt_tokens for s in scores),
        completion_tokens=sum(s.completion_tokens for s in scores),
        total_tokens=sum(s.total_tokens for s in scores),
        latency_s_total=sum(s.latency_s for s in scores),
        latency_s_mean=sum(s.latency_s for s in scores) / len(scores) if scores else 0.0,
        cost_usd=sum(s.cost_usd for s in scores),
    )


def _macro(scores: Sequence[ArticleScore]) -> dict[str, float | None]:
    if not scores:
        return {}
    table = [article_metrics(s) for s in scores]
    out = {}
    for key in table[0]:
        vals = [t[key] for t in table if not math.isnan(t[key])]
        out[key] = sum(vals) / len(vals) if vals else None  # None, not NaN: JSON-safe
    return out


def _gates(scores: Sequence[ArticleScore]) -> Gates:
    spans = sum(s.evidence_spans for s in scores)
    good = sum(s.grounded_spans for s in scores)
    return Gates(
        grounding_rate=good / spans if spans else 1.0,
        schema_validity=sum(s.schema_valid for s in scores) / len(scores) if scores else 0.0,
        forbidden_hits=sum(len(s.forbidden_hits) for s in scores),
    )
