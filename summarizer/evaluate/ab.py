"""A/B of two runs side by side: two models, or two prompt sets, on the same suite.

Public API::

    usage_rows(runs, prices=()) -> list[dict]          # tokens, latency and cost per run
    claim_outcomes(a, b, paired) -> list[ClaimOutcome] # per gold claim: win, loss or tie
    render_ab_html(a, b, comparison, prices=()) -> str
    render_ab_markdown(a, b, comparison, prices=()) -> str
    write_ab_report(a, b, comparison, path, prices=()) -> str

``a`` is the reference (the baseline, the old prompt set), ``b`` the challenger; the
``comparison`` is :func:`summarizer.evaluate.compare.compare_runs` of B against A, whose
gate (exit code) this module never changes. The page shows what the gate saw (per-field
Δ with bootstrap CIs), the articles whose strict F1 moved most, every gold claim one run
matched strictly and the other did not (B's wins and losses), and usage and cost per
run, priced by ``summarizer.pricing`` (a model without a known price shows its tokens and
"n/a", never a made-up 0). Self-contained HTML: inline CSS and SVG, no scripts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

from summarizer.evaluate.compare import Comparison
from summarizer.evaluate.metrics import ArticleScore, MatchRow
from summarizer.evaluate.report import fmt, signed
from summarizer.evaluate.run import RunResult
from summarizer.pricing import brief_cost, format_cost
from summarizer.schema import Usage

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
PriceTable = tuple[tuple[str, float, float], ...]
TOP_ARTICLES = 10
# Δ axis of the CI whiskers: −0.5 … +0.5 over 300 px.
_AXIS = {"x0": 10, "width": 300, "span": 1.0}


@dataclass(frozen=True)
class ClaimOutcome:
    """One gold claim of a paired article where the runs disagree."""

    article: str
    field: str
    gold_id: str
    gold_text: str
    a_text: str | None
    b_text: str | None
    outcome: str  # "win" (B matched it, A did not) or "loss"


def run_cost(run: RunResult, prices: PriceTable = ()) -> float | None:
    """Dollars the run's tokens cost at ``summarizer.pricing``'s rates; None if unknown."""
    agg = run.aggregates
    usage = Usage(
        prompt_tokens=agg.prompt_tokens,
        completion_tokens=agg.completion_tokens,
        total_tokens=agg.total_tokens,
    )
    return brief_cost(usage, run.model, prices)


def usage_rows(runs: list[tuple[str, RunResult]], prices: PriceTable = ()) -> list[dict]:
    """Per run: label, model, tokens, latency, wall time and cost (``n/a`` when unknown)."""
    rows = []
    for label, run in runs:
        agg = run.aggregates
        cost = run_cost(run, prices)
        n = max(1, len(run.articles))
        rows.append(
            {
                "label": label,
                "model": run.model,
                "prompt_tokens": f"{agg.prompt_tokens:,}",
                "completion_tokens": f"{agg.completion_tokens:,}",
                "total_tokens": f"{agg.total_tokens:,}",
                "tokens_per_article": f"{agg.total_tokens / n:,.0f}",
                "latency": fmt(agg.latency_s_mean, 2),
                "wall": fmt(run.wall_s, 1) if run.wall_s is not None else "–",
                "cost": format_cost(cost),
                "cost_per_article": format_cost(None if cost is None else cost / n),
            }
        )
    return rows


def _strict(row: MatchRow) -> bool:
    return row.matched and row.actor_ok is not False


def _by_gold(article: ArticleScore) -> dict[str, MatchRow]:
    return {row.gold_id: row for row in article.matches if row.gold_id is not None}


def claim_outcomes(a: RunResult, b: RunResult, paired: list[str]) -> list[ClaimOutcome]:
    """Every gold claim strictly matched by exactly one of the runs, in suite order."""
    out = []
    for article_id in paired:
        rows_a, rows_b = _by_gold(a.article(article_id)), _by_gold(b.article(article_id))
        for gold_id in sorted(set(rows_a) | set(rows_b), key=_gold_order):
            ra, rb = rows_a.get(gold_id), rows_b.get(gold_id)
            hit_a, hit_b = bool(ra and _strict(ra)), bool(rb and _strict(rb))
            if hit_a == hit_b:
                continue
            row = ra or rb
            assert row is not None
            out.append(
                ClaimOutcome(
                    article=article_id,
                    field=row.field,
                    gold_id=gold_id,
                    gold_text=row.gold_text or "",
                    a_text=ra.pred_text if ra and ra.matched else None,
                    b_text=rb.pred_text if rb and rb.matched else None,
                    outcome="win" if hit_b else "loss",
                )
            )
    return out


def _gold_order(gold_id: str) -> tuple[str, int]:
    field, _, index = gold_id.partition("[")
    return field, int(index.rstrip("]") or 0)


def _whisker(delta: float, lo: float, hi: float) -> dict[str, float] | None:
    if any(math.isnan(v) for v in (delta, lo, hi)):
        return None

    def x(v: float) -> float:
        share = (min(0.5, max(-0.5, v)) + _AXIS["span"] / 2) / _AXIS["span"]
        return round(_AXIS["x0"] + _AXIS["width"] * share, 1)

    return {"zero": x(0.0), "lo": x(lo), "hi": x(hi), "d": x(delta)}


def _delta_rows(comparison: Comparison) -> list[dict[str, Any]]:
    rows = []
    for d in comparison.deltas.values():
        rows.append(
            {
                "metric": d.metric,
                "a": fmt(d.base),
                "b": fmt(d.new),
                "delta": signed(d.delta),
                "ci": f"[{signed(d.ci_low)}, {signed(d.ci_high)}]",
                "n": d.n,
                "cls": ""
                if math.isnan(d.delta) or d.delta == 0
                else ("neg" if d.delta < 0 else "pos"),
                "whisker": _whisker(d.delta, d.ci_low, d.ci_high),
                "gate": d.metric == "strict_f1",
            }
        )
    return rows


def _moved(a: RunResult, b: RunResult, paired: list[str], outcomes: list[ClaimOutcome]) -> list:
    wins = {i: 0 for i in paired}
    losses = {i: 0 for i in paired}
    for o in outcomes:
        (wins if o.outcome == "win" else losses)[o.article] += 1
    rows = []
    for i in paired:
        fa, fb = a.article(i).strict_f1, b.article(i).strict_f1
        rows.append(
            {
                "id": i,
                "a": fmt(fa),
                "b": fmt(fb),
                "delta": fb - fa,
                "shown": signed(fb - fa),
                "cls": "" if fb == fa else ("neg" if fb < fa else "pos"),
                "wins": wins[i],
                "losses": losses[i],
            }
        )
    rows.sort(key=lambda r: (-abs(r["delta"]), r["id"]))
    return [r for r in rows if r["delta"] != 0 or r["wins"] or r["losses"]][:TOP_ARTICLES]


def _prompt_rows(a: RunResult, b: RunResult) -> list[dict[str, str]]:
    rows = []
    for pid in sorted(set(a.prompts) | set(b.prompts)):
        ha, hb = a.prompts.get(pid, ""), b.prompts.get(pid, "")
        rows.append({"id": pid, "a": ha[:12] or "–", "b": hb[:12] or "–", "same": ha == hb})
    return rows


def _field_tally(outcomes: list[ClaimOutcome]) -> list[dict[str, Any]]:
    fields = ("positions", "demands", "open_questions")
    return [
        {
            "field": f,
            "wins": sum(1 for o in outcomes if o.field == f and o.outcome == "win"),
            "losses": sum(1 for o in outcomes if o.field == f and o.outcome == "loss"),
        }
        for f in fields
    ]


def ab_context(
    a: RunResult, b: RunResult, comparison: Comparison, prices: PriceTable = ()
) -> dict[str, Any]:
    """Everything the A/B page and summary show."""
    outcomes = claim_outcomes(a, b, comparison.paired)
    return {
        "a": a,
        "b": b,
        "c": comparison,
        "verdict": "PASS" if comparison.exit_code == 0 else "FAIL",
        "deltas": _delta_rows(comparison),
        "axis": _AXIS,
        "moved": _moved(a, b, comparison.paired, outcomes),
        "outcomes": outcomes,
        "tally": _field_tally(outcomes),
        "usage": usage_rows([("A", a), ("B", b)], prices),
        "prompts": _prompt_rows(a, b),
    }


def render_ab_html(
    a: RunResult, b: RunResult, comparison: Comparison, prices: PriceTable = ()
) -> str:
    """The self-contained A/B page."""
    source = (
        resources.files("summarizer.evaluate")
        .joinpath("templates", "ab.html.j2")
        .read_text(encoding="utf-8")
    )
    return _ENV.from_string(source).render(**ab_context(a, b, comparison, prices))


def render_ab_markdown(
    a: RunResult, b: RunResult, comparison: Comparison, prices: PriceTable = ()
) -> str:
    """Usage and cost per run, and B's claim wins and losses, as Markdown for a CI log."""
    ctx = ab_context(a, b, comparison, prices)
    lines = [
        "### Usage and cost per run",
        "",
        "| run | model | prompt tokens | completion tokens | total | per article | "
        "latency mean s | cost | cost per article |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for r in ctx["usage"]:
        lines.append(
            f"| {r['label']} | {r['model']} | {r['prompt_tokens']} | {r['completion_tokens']} | "
            f"{r['total_tokens']} | {r['tokens_per_article']} | {r['latency']} | {r['cost']} | "
            f"{r['cost_per_article']} |"
        )
    tally = ", ".join(f"{t['field']} +{t['wins']}/−{t['losses']}" for t in ctx["tally"])
    lines += ["", f"Claims B matched that A did not (+) and the reverse (−): {tally}"]
    return "\n".join(lines) + "\n"


def write_ab_report(
    a: RunResult,
    b: RunResult,
    comparison: Comparison,
    path: str | Path,
    prices: PriceTable = (),
) -> str:
    """Render the A/B page and write it to ``path``; the HTML."""
    html = render_ab_html(a, b, comparison, prices)
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return html
