"""Score one brief against its gold article, and aggregate article scores over a suite.

Public API::

    score_article(article: GoldArticle, brief: Brief | None, *, error: str | None = None,
                  prices: Mapping[str, Mapping[str, float]] | None = None,
                  threshold: float = THRESHOLD, latency_s: float | None = None,
                  usage: Mapping[str, int] | None = None) -> ArticleScore
    article_metrics(score: ArticleScore) -> dict[str, float]   # what compare bootstraps
    aggregate(scores: Sequence[ArticleScore]) -> Aggregates
    prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]

All functions are pure. ``brief=None`` means the pipeline failed on the article: it scores
as schema-invalid with no predictions. Rules are documented in ``evals/README.md``.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import numpy as np
from pydantic import BaseModel, computed_field

from summarizer.evaluate.gold import FIELDS, TEXT_KEY, FieldName, GoldArticle
from summarizer.evaluate.match import (
    THRESHOLD,
    GoldClaim,
    PredClaim,
    actor_names,
    assign,
    match_actors,
    similarity,
)
from summarizer.schema import Brief

#: Added to the similarity of pairs whose actor is right, only to break near-ties.
ACTOR_TIEBREAK = 0.01
#: Keys of :func:`article_metrics`, in report order.
SUMMARY_METRICS = ("strict_f1", "content_f1", "actor_f1")


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    """Precision, recall, F1. An empty side is perfect only if the other is empty too."""
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_gold if n_gold else 1.0
    if not n_gold and n_pred:
        p = 0.0
    if not n_pred and n_gold:
        r = 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f1


def _ratio(num: int, den: int) -> float | None:
    return num / den if den else None


class FieldScore(BaseModel):
    """Counts for one claim field of one article (or summed over a suite)."""

    n_pred: int = 0
    n_gold: int = 0
    content_tp: int = 0
    strict_tp: int = 0
    actor_ok: int = 0
    actor_n: int = 0  # content matches that carry an actor (none for open questions)
    target_ok: int = 0
    target_n: int = 0  # content matches that carry a target (demands only)

    @computed_field
    @property
    def content_f1(self) -> float:
        return prf(self.content_tp, self.n_pred, self.n_gold)[2]

    @computed_field
    @property
    def content_p(self) -> float:
        return prf(self.content_tp, self.n_pred, self.n_gold)[0]

    @computed_field
    @property
    def content_r(self) -> float:
        return prf(self.content_tp, self.n_pred, self.n_gold)[1]

    @computed_field
    @property
    def strict_f1(self) -> float:
        return prf(self.strict_tp, self.n_pred, self.n_gold)[2]

    @computed_field
    @property
    def strict_p(self) -> float:
        return prf(self.strict_tp, self.n_pred, self.n_gold)[0]

    @computed_field
    @property
    def strict_r(self) -> float:
        return prf(self.strict_tp, self.n_pred, self.n_gold)[1]

    @computed_field
    @property
    def attribution(self) -> float | None:
        """Share of content matches with the right actor (None without such matches)."""
        return _ratio(self.actor_ok, self.actor_n)

    @computed_field
    @property
    def target_accuracy(self) -> float | None:
        """Demands only: share of content matches with the right target."""
        return _ratio(self.target_ok, self.target_n)

    def __add__(self, other: FieldScore) -> FieldScore:
        keys = (
            "n_pred",
            "n_gold",
            "content_tp",
            "strict_tp",
            "actor_ok",
            "actor_n",
            "target_ok",
            "target_n",
        )
        return FieldScore(**{k: getattr(self, k) + getattr(other, k) for k in keys})


class ActorScore(BaseModel):
    """Actor matching counts for one article (or summed)."""

    n_pred: int = 0
    n_gold: int = 0
    tp: int = 0
    hallucinated: list[str] = []

    @computed_field
    @property
    def precision(self) -> float:
        return prf(self.tp, self.n_pred, self.n_gold)[0]

    @computed_field
    @property
    def recall(self) -> float:
        return prf(self.tp, self.n_pred, self.n_gold)[1]

    @computed_field
    @property
    def f1(self) -> float:
        return prf(self.tp, self.n_pred, self.n_gold)[2]

    @computed_field
    @property
    def hallucination_rate(self) -> float:
        return len(self.hallucinated) / self.n_pred if self.n_pred else 0.0


class MatchRow(BaseModel):
    """One line of the item-level match table.

    Matched pairs have both sides; an unmatched gold item shows its nearest miss
    similarity with no prediction; an unmatched prediction has no gold side.
    """

    field: FieldName
    gold_id: str | None = None
    gold_text: str | None = None
    gold_actor: str | None = None
    pred_index: int | None = None
    pred_text: str | None = None
    pred_actor: str | None = None
    similarity: float = 0.0
    matched: bool = False
    actor_ok: bool | None = None
    target_ok: bool | None = None


class ArticleScore(BaseModel):
    """Everything measured on one article; the unit of the paired bootstrap."""

    id: str
    title: str = ""
    text: str = ""
    schema_valid: bool
    error: str | None = None
    actors: ActorScore
    fields: dict[str, FieldScore]
    evidence_spans: int = 0
    grounded_spans: int = 0
    forbidden_hits: list[str] = []
    prompt_tokens: int = 0
    completion_tokens: int = 0
    total_tokens: int = 0
    latency_s: float = 0.0
    cost_usd: float = 0.0
    matches: list[MatchRow] = []
    gold_spans: list[tuple[int, int]] = []
    pred_spans: list[tuple[int, int]] = []
    brief: dict | None = None
    #: The article text lives outside the project (gold ``text_file``): saved run files
    #: keep its scores but no text of it (article, brief, predicted wordings).
    external: bool = False

    def redacted(self) -> ArticleScore:
        """This score without any text taken from the article."""
        rows = [r.model_copy(update={"pred_text": None}) for r in self.matches]
        return self.model_copy(update={"title": "", "text": "", "brief": None, "matches": rows})

    def all_fields(self) -> FieldScore:
        """Positions, demands and open questions summed (micro-average per article)."""
        total = FieldScore()
        for f in self.fields.values():
            total = total + f
        return total

    @computed_field
    @property
    def strict_f1(self) -> float:
        return self.all_fields().strict_f1

    @computed_field
    @property
    def content_f1(self) -> float:
        return self.all_fields().content_f1

    @computed_field
    @property
    def grounding_rate(self) -> float:
        return self.grounded_spans / self.evidence_spans if self.evidence_spans else 1.0


# --- scoring one article ----------------------------------------------------------------


def _gold_claims(article: GoldArticle) -> dict[str, list[GoldClaim]]:
    # Tokenising gold once per article (not per scoring) is what keeps scoring fast.
    if "claims" not in article.cache:
        article.cache["claims"] = {f: [GoldClaim(g) for g in article.items(f)] for f in FIELDS}
    return article.cache["claims"]


def _spans_in_article(brief: Brief, article: GoldArticle) -> dict[int, tuple[int, int] | None]:
    """Map each evidence (by id()) to article-text offsets: exact if the source text is the
    article, else the first occurrence of its quote, else None."""
    same = [s.text == article.text for s in brief.sources]
    out: dict[int, tuple[int, int] | None] = {}
    for ev in brief.all_evidence():
        exact = ev.source < len(same) and same[ev.source]
        if exact and article.text[ev.start : ev.end] == ev.quote:
            out[id(ev)] = (ev.start, ev.end)
        else:
            at = article.text.find(ev.quote)
            out[id(ev)] = (at, at + len(ev.quote)) if at >= 0 else None
    return out


def _pred_claims(brief: Brief, name: FieldName, spans: dict) -> tuple[list, list[PredClaim]]:
    items = list(getattr(brief, name))
    key = TEXT_KEY[name]
    preds = [
        PredClaim(
            getattr(c, key),
            [ev.quote for ev in c.evidence],
            [spans[id(ev)] for ev in c.evidence if spans.get(id(ev))],
        )
        for c in items
    ]
    return items, preds


def _score_field(
    name: FieldName,
    brief: Brief | None,
    article: GoldArticle,
    amap: dict[str, str],
    spans: dict,
    threshold: float,
) -> tuple[FieldScore, list[MatchRow]]:
    golds = _gold_claims(article)[name]
    items, preds = _pred_claims(brief, name, spans) if brief else ([], [])
    sims = np.array([[similarity(p, g) for g in golds] for p in preds], dtype=float)
    sims = sims.reshape(len(preds), len(golds))
    has_actor = name != "open_questions"
    ok = _actor_ok_matrix(items, golds, amap, "actor") if has_actor else np.ones_like(sims)
    pairs = assign(np.where(sims >= threshold, sims + ACTOR_TIEBREAK * ok, 0.0), threshold)
    return _field_counts(name, items, golds, sims, pairs, amap), _rows(
        name, items, preds, golds, sims, pairs, amap
    )


def _actor_ok_matrix(items: list, golds: list[GoldClaim], amap: dict, attr: str) -> np.ndarray:
    return np.array(
        [
            [float(_ref_ok(getattr(c, attr), getattr(g.item, attr), amap)) for g in golds]
            for c in items
        ],
        dtype=float,
    ).reshape(len(items), len(golds))


def _ref_ok(pred_ref: str | None, gold_ref: str | None, amap: dict[str, str]) -> bool:
    """A predicted actor/target reference is right if it maps to the gold one (None = None)."""
    if pred_ref is None or gold_ref is None:
        return pred_ref is None and gold_ref is None
    return amap.get(pred_ref) == gold_ref


def _field_counts(
    name: FieldName, items: list, golds: list[GoldClaim], sims, pairs, amap
) -> FieldScore:
    if name == "open_questions":  # no actor: a content match is a strict match
        return FieldScore(
            n_pred=len(items), n_gold=len(golds), content_tp=len(pairs), strict_tp=len(pairs)
        )
    actor_ok = sum(_ref_ok(items[i].actor, golds[j].item.actor, amap) for i, j in pairs)
    is_demand = name == "demands"
    target_ok = (
        sum(_ref_ok(items[i].target, golds[j].item.target, amap) for i, j in pairs)
        if is_demand
        else 0
    )
    return FieldScore(
        n_pred=len(items),
        n_gold=len(golds),
        content_tp=len(pairs),
        strict_tp=actor_ok,
        actor_ok=actor_ok,
        actor_n=len(pairs),
        target_ok=target_ok,
        target_n=len(pairs) if is_demand else 0,
    )


def _rows(name, items, preds, golds, sims, pairs, amap) -> list[MatchRow]:
    rows: list[MatchRow] = []
    by_gold = {j: i for i, j in pairs}
    for j, g in enumerate(golds):
        i = by_gold.get(j)
        base = {
            "field": name,
            "gold_id": g.item.id,
            "gold_text": g.item.text,
            "gold_actor": g.item.actor,
        }
        if i is None:
            best = float(sims[:, j].max()) if len(preds) else 0.0
            rows.append(MatchRow(**base, similarity=round(best, 4)))
            continue
        rows.append(
            MatchRow(
                **base,
                **_pred_side(name, i, items, preds, amap),
                similarity=round(float(sims[i, j]), 4),
                matched=True,
                **_oks(name, items[i], g, amap),
            )
        )
    matched = {i for i, _ in pairs}
    for i in range(len(preds)):
        if i not in matched:
            best = float(sims[i].max()) if len(golds) else 0.0
            rows.append(
                MatchRow(
                    field=name, **_pred_side(name, i, items, preds, amap), similarity=round(best, 4)
                )
            )
    return rows


def _pred_side(name, i, items, preds, amap) -> dict:
    actor = getattr(items[i], "actor", None)
    shown = f"{actor}->{amap[actor]}" if actor in amap else actor
    return {"pred_index": i, "pred_text": preds[i].text, "pred_actor": shown}


def _oks(name: FieldName, item, gold: GoldClaim, amap) -> dict:
    if name == "open_questions":
        return {}
    out = {"actor_ok": _ref_ok(item.actor, gold.item.actor, amap)}
    if name == "demands":
        out["target_ok"] = _ref_ok(item.target, gold.item.target, amap)
    return out


def _schema_valid(brief: Brief) -> bool:
    # Re-validate: a Brief built with model_construct skips the grounding validator.
    try:
        Brief.model_validate(brief.model_dump())
    except Exception:
        return False
    return True


def _grounded(brief: Brief) -> tuple[int, int]:
    spans = brief.all_evidence()
    good = 0
    for ev in spans:
        if ev.source < len(brief.sources):
            text = brief.sources[ev.source].text
            good += 0 <= ev.start < ev.end <= len(text) and text[ev.start : ev.end] == ev.quote
    return len(spans), good


def _actor_score(brief: Brief | None, article: GoldArticle, amap: dict) -> ActorScore:
    preds = list(brief.actors) if brief else []
    # Whitespace runs compare equal, so a name broken by a hard line wrap still occurs.
    low = " ".join(article.text.casefold().split())
    hallucinated = [
        a.id
        for a in preds
        if not any(n and " ".join(n.casefold().split()) in low for n in actor_names(a))
    ]
    return ActorScore(
        n_pred=len(preds), n_gold=len(article.actors), tp=len(amap), hallucinated=hallucinated
    )


def forbidden_hits(brief: Brief | None, forbidden: Sequence[str]) -> list[str]:
    """Forbidden strings (case-insensitive) found in predicted actor names or claim texts."""
    if not brief or not forbidden:
        return []
    texts = [n for a in brief.actors for n in actor_names(a)]
    texts += [getattr(c, TEXT_KEY[f]) for f in FIELDS for c in getattr(brief, f)]
    hay = "\n".join(texts).casefold()
    return [f for f in forbidden if f.casefold() in hay]


def _cost(model: str, usage: Mapping[str, int], prices: Mapping | None) -> float:
    """USD from a price table ``{model: {"prompt": $/1M tokens, "completion": $/1M}}``."""
    price = (prices or {}).get(model)
    if not price:
        return 0.0
    return (
        usage.get("prompt_tokens", 0) * price.get("prompt", 0.0)
        + usage.get("completion_tokens", 0) * price.get("completion", 0.0)
    ) / 1e6


def score_article(
    article: GoldArticle,
    brief: Brief | None,
    *,
    error: str | None = None,
    prices: Mapping[str, Mapping[str, float]] | None = None,
    threshold: float = THRESHOLD,
    latency_s: float | None = None,
    usage: Mapping[str, int] | None = None,
) -> ArticleScore:
    """Score one brief (None = the pipeline failed) against its gold article."""
    amap = match_actors(list(brief.actors), article.actors) if brief else {}
    spans = _spans_in_article(brief, article) if brief else {}
    fields, rows = {}, []
    for name in FIELDS:
        fields[name], field_rows = _score_field(name, brief, article, amap, spans, threshold)
        rows += field_rows
    n_spans, n_good = _grounded(brief) if brief else (0, 0)
    if usage is None:
        usage = brief.meta.usage.model_dump() if brief else {}
    model = brief.meta.model if brief else ""
    return ArticleScore(
        id=article.id,
        title=article.title,
        text=article.text,
        schema_valid=brief is not None and error is None and _schema_valid(brief),
        error=error,
        actors=_actor_score(brief, article, amap),
        fields=fields,
        evidence_spans=n_spans,
        grounded_spans=n_good,
        forbidden_hits=forbidden_hits(brief, article.forbidden),
        prompt_tokens=usage.get("prompt_tokens", 0),
        completion_tokens=usage.get("completion_tokens", 0),
        total_tokens=usage.get("total_tokens", 0),
        latency_s=latency_s if latency_s is not None else (brief.meta.latency_s if brief else 0.0),
        cost_usd=_cost(model, usage, prices),
        matches=rows,
        gold_spans=sorted(
            {(s.start, s.end) for f in FIELDS for g in article.items(f) for s in g.evidence}
        ),
        pred_spans=sorted({v for v in spans.values() if v}),
    )


# --- per-article metrics and suite aggregates ------------------------------------------


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
