"""The Markdown summary of a run, for CI logs, and the number formats every report shares.

``report.py`` renders the HTML page (template, chart, per-article highlights) and writes
both files; this module holds the plain-text side, which needs no Jinja and no template:
the hard gates, the per-field table, actors, cost, and the comparison against a baseline
(deltas with their 95% intervals, the articles that regressed most). The formats of a
missing value, a delta and a share live here too, so the HTML page, the Markdown and the
A/B page (``ab.py``) print a number the same way.

Public API (``report.py`` re-exports ``render_markdown``, ``fmt`` and ``signed``)::

    render_markdown(run, comparison=None, prices=()) -> str
    fmt(value, digits=3) -> str     # "–" for None or NaN
    signed(value) -> str            # "+0.012"
    pct(value) -> str               # "97.5%"
    run_cost(run, prices=()) -> str  # "$0.0123", or "n/a" without a price
"""

from __future__ import annotations

import math
from typing import Any

from summarizer.evaluate.compare import Comparison
from summarizer.evaluate.gold import FIELDS
from summarizer.evaluate.run import RunResult
from summarizer.pricing import brief_cost, format_cost
from summarizer.schema import Usage


def fmt(value: float | None, digits: int = 3) -> str:
    # Shared with the A/B page (ab.py): one rendering of a missing value and of a delta.
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    return f"{value:.{digits}f}"


def signed(value: float | None) -> str:
    return "–" if value is None or math.isnan(value) else f"{value:+.3f}"


def pct(value: float) -> str:
    return f"{value:.1%}"


def run_cost(run: RunResult, prices: tuple = ()) -> str:
    """The run's cost at summarizer.pricing's rates, or "n/a" for a model without a price."""
    agg = run.aggregates
    usage = Usage(prompt_tokens=agg.prompt_tokens, completion_tokens=agg.completion_tokens)
    return format_cost(brief_cost(usage, run.model, prices))


def _md_table(header: list[str], rows: list[list[Any]]) -> list[str]:
    def line(cells: list[Any]) -> str:
        return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"

    return [line(header), line(["---"] * len(header)), *(line(r) for r in rows)]


def render_markdown(
    run: RunResult, comparison: Comparison | None = None, prices: tuple = ()
) -> str:
    """A short Markdown summary with the same key numbers as the HTML report."""
    agg, g = run.aggregates, run.aggregates.gates
    lines = [
        f"## Eval: {run.suite} · {run.model}",
        "",
        f"git `{run.git_sha[:12]}` · {run.created_at} · {len(run.articles)} articles · "
        f"mode {run.mode}",
        "",
        f"**Hard gates: {'PASS' if g.passed else 'FAIL'}** — grounding {pct(g.grounding_rate)}, "
        f"schema validity {pct(g.schema_validity)}, forbidden hits {g.forbidden_hits}",
        "",
    ]
    if run.floor:
        lines += [
            f"No-LLM floor (heuristic baseline, same articles): strict F1 "
            f"{fmt(run.floor.get('strict_f1'))}, content F1 {fmt(run.floor.get('content_f1'))}, "
            f"actor F1 {fmt(run.floor.get('actor_f1'))}",
            "",
        ]
    header = [
        "field",
        "gold",
        "pred",
        "strict P",
        "strict R",
        "strict F1",
        "content F1",
        "attribution",
        "mean strict F1",
    ]
    rows = []
    for name in FIELDS:
        f = agg.fields[name]
        rows.append(
            [
                name,
                f.n_gold,
                f.n_pred,
                fmt(f.strict_p),
                fmt(f.strict_r),
                fmt(f.strict_f1),
                fmt(f.content_f1),
                "–" if name == "open_questions" else fmt(f.attribution),
                fmt(agg.macro.get(f"{name}.strict_f1")),
            ]
        )
    t = agg.all_fields
    rows.append(
        [
            "**all claims**",
            t.n_gold,
            t.n_pred,
            fmt(t.strict_p),
            fmt(t.strict_r),
            fmt(t.strict_f1),
            fmt(t.content_f1),
            fmt(t.attribution),
            fmt(agg.macro.get("strict_f1")),
        ]
    )
    lines += _md_table(header, rows)
    lines += [
        "",
        f"Actors: P {fmt(agg.actors.precision)} · R {fmt(agg.actors.recall)} · "
        f"F1 {fmt(agg.actors.f1)} · hallucinated {pct(agg.actors.hallucination_rate)}",
        f"Tokens {agg.total_tokens:,} · latency mean {agg.latency_s_mean:.2f}s · "
        f"cost {run_cost(run, prices)}",
    ]
    if comparison:
        lines += ["", *_md_comparison(comparison)]
    return "\n".join(lines) + "\n"


def _md_comparison(c: Comparison) -> list[str]:
    verdict = "PASS" if c.exit_code == 0 else "FAIL"
    lines = [f"### Against {c.base_model}: {verdict} ({len(c.paired)} paired articles)", ""]
    lines += [f"- gate failed: {f}" for f in c.gate_failures]
    lines += [f"- warning: {w}" for w in c.warnings]
    rows = [
        [
            d.metric,
            fmt(d.base),
            fmt(d.new),
            signed(d.delta),
            f"[{signed(d.ci_low)}, {signed(d.ci_high)}]",
        ]
        for d in c.deltas.values()
    ]
    lines += ["", *_md_table(["metric", "base", "new", "Δ", "95% CI"], rows)]
    if c.regressions:
        lines += [
            "",
            "Regressed most: " + ", ".join(f"{r.id} ({r.delta:+.3f})" for r in c.regressions),
        ]
    return lines
