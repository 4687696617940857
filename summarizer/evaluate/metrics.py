"""Score one brief against its gold article (suite aggregates: ``aggregate.py``).

Public API::

    score_article(article: GoldArticle, brief: Brief | None, *, error: str | None = None,
                  prices: Mapping[str, Mapping[str, float]] | None = None,
                  threshold: float = THRESHOLD, latency_s: float | None = None,
                  usage: Mapping[str, int] | None = None) -> ArticleScore
    prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]

All functions are pure. ``brief=None`` means the pipeline failed on the article: it scores
as schema-invalid with no predictions. Rules are documented in ``evals/README.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from summarizer.evaluate.gold import FIELDS, TEXT_KEY, FieldName, GoldArticle, find_span
from summarizer.evaluate.match import (
    THRESHOLD,
    GoldClaim,
    PredClaim,
    actor_names,
    assign,
    match_actors,
    similarity,
)
from summarizer.evaluate.scores import (
    ActorScore,
    ArticleScore,
    FieldScore,
    MatchRow,
    prf,
)
from summarizer.schema import Brief

__all__ = ["ActorScore", "ArticleScore", "FieldScore", "MatchRow", "forbidden_hits", "prf",
           "score_article"]  # fmt: skip

#: Added to the similarity of pairs whose actor is right, only to break near-ties.
ACTOR_TIEBREAK = 0.01


# --- scoring one article ----------------------------------------------------------------


def _gold_claims(article: GoldArticle) -> dict[str, list[GoldClaim]]:
    # Tokenising gold once per article (not per scoring) is what keeps scoring fast.
    if "claims" not in article.cache:
        article.cache["claims"] = {f: [GoldClaim(g) for g in article.items(f)] for f in FIELDS}
    return article.cache["claims"]


def _spans_in_article(brief: Brief, article: GoldArticle) -> dict[int, tuple[int, int] | None]:
    """Map each evidence (by id()) to article-text offsets: exact if the source text is the
    article, else the first occurrence of its quote, else None.

    The quote is looked up the way gold spans are (``find_span``: exact, else any run of
    whitespace for any run): ingest trims the spaces wire copy leaves before its line
    breaks, so a quote across a wrap is verbatim in the briefed text but not in the file.
    """
    same = [s.text == article.text for s in brief.sources]
    out: dict[int, tuple[int, int] | None] = {}
    for ev in brief.all_evidence():
        exact = ev.source < len(same) and same[ev.source]
        if exact and article.text[ev.start : ev.end] == ev.quote:
            out[id(ev)] = (ev.start, ev.end)
        else:
            out[id(ev)] = find_span(article.text, ev.quote)
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
