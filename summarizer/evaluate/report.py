"""Reports of a run: one self-contained HTML file and a Markdown summary for CI logs.

Public API::

    write_report(run: RunResult | str | Path, against: RunResult | str | Path | None = None,
                 *, html_path: str | Path | None = None, md_path: str | Path | None = None,
                 comparison: Comparison | None = None) -> tuple[str, str]
    render_html(run: RunResult, comparison: Comparison | None = None,
                base: RunResult | None = None) -> str
    render_markdown(run: RunResult, comparison: Comparison | None = None) -> str

``against`` is a baseline run; when given (and no ``comparison`` is passed) the report
runs :func:`summarizer.evaluate.compare.compare_runs` for the CI whiskers and deltas.
The Markdown (and the number formats both share) is rendered in ``report_md.py``.
The HTML has inline CSS and SVG only (no scripts, no external assets) and escapes every
piece of text through Jinja's autoescape. Element ids: ``#summary``, ``#fields``,
``#articles``, and ``section.article#a-<id>`` per article. Both strings are returned;
each is also written when its path is given.
"""

from __future__ import annotations

import math
from html import escape
from importlib import resources
from itertools import pairwise
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from summarizer.evaluate.compare import Comparison, compare_runs
from summarizer.evaluate.metrics import ArticleScore
from summarizer.evaluate.report_md import fmt, pct, render_markdown, run_cost, signed
from summarizer.evaluate.run import RunResult, load_run

# fmt, signed (ab.py) and render_markdown (the CLI) are imported from here.
__all__ = ["BARS", "fmt", "highlight", "render_html", "render_markdown", "signed", "write_report"]

_ENV = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
# (label, key of article_metrics / Aggregates.macro) for the per-field bar chart.
BARS = (
    ("all claims", "strict_f1"),
    ("positions", "positions.strict_f1"),
    ("demands", "demands.strict_f1"),
    ("open questions", "open_questions.strict_f1"),
    ("actors (F1)", "actor_f1"),
)
_CHART = {"x0": 130, "scale": 400, "row": 30, "width": 900}


def _template() -> jinja2.Template:
    source = (
        resources.files("summarizer.evaluate")
        .joinpath("templates", "report.html.j2")
        .read_text(encoding="utf-8")
    )
    return _ENV.from_string(source)


def highlight(text: str, gold: list[tuple[int, int]], pred: list[tuple[int, int]]) -> Markup:
    """Escaped article text with ``<mark class="gold">`` / ``<mark class="pred">`` spans.

    Spans may overlap, so the text is cut at every span boundary and each piece is
    wrapped in the marks covering it (pred nested inside gold where both apply).
    """
    cuts = sorted({0, len(text)} | {p for s in (*gold, *pred) for p in s if 0 <= p <= len(text)})
    out = []
    for a, b in pairwise(cuts):
        piece = escape(text[a:b], quote=False)
        if any(s <= a and b <= e for s, e in pred):
            piece = f'<mark class="pred">{piece}</mark>'
        if any(s <= a and b <= e for s, e in gold):
            piece = f'<mark class="gold">{piece}</mark>'
        out.append(piece)
    return Markup("".join(out))


def _gates(run: RunResult) -> list[dict[str, Any]]:
    g = run.aggregates.gates
    return [
        {
            "label": "grounding",
            "value": pct(g.grounding_rate),
            "ok": g.grounding_ok,
            "title": "share of evidence spans that slice their source exactly",
        },
        {
            "label": "schema valid",
            "value": pct(g.schema_validity),
            "ok": g.schema_ok,
            "title": "share of articles whose brief validated",
        },
        {
            "label": "forbidden hits",
            "value": str(g.forbidden_hits),
            "ok": g.forbidden_ok,
            "title": "adversarial strings found in actor names or claim texts",
        },
    ]


def _kpis(
    run: RunResult, comparison: Comparison | None, prices: tuple = ()
) -> list[dict[str, str]]:
    agg = run.aggregates
    rows = [
        ("strict F1 (mean)", "strict_f1"),
        ("content F1 (mean)", "content_f1"),
        ("actor F1 (mean)", "actor_f1"),
    ]
    out = []
    for label, key in rows:
        d = comparison.deltas.get(key) if comparison else None
        out.append(
            {
                "label": label,
                "value": fmt(agg.macro.get(key)),
                "delta": f"Δ {signed(d.delta)} [{signed(d.ci_low)}, {signed(d.ci_high)}]"
                if d
                else "",
                "cls": "" if not d else ("neg" if d.delta < 0 else "pos"),
            }
        )
    if run.floor:
        out.append(
            {
                "label": "no-LLM floor: strict F1",
                "value": fmt(run.floor.get("strict_f1")),
                "delta": "",
                "cls": "",
            }
        )
    out += [
        {
            "label": "hallucinated actors",
            "value": pct(agg.actors.hallucination_rate),
            "delta": "",
            "cls": "",
        },
        {"label": "tokens", "value": f"{agg.total_tokens:,}", "delta": "", "cls": ""},
        {"label": "latency (mean s)", "value": fmt(agg.latency_s_mean, 2), "delta": "", "cls": ""},
        {"label": "cost (USD)", "value": run_cost(run, prices), "delta": "", "cls": ""},
    ]
    return out


def _x(value: float) -> float:
    return round(_CHART["x0"] + _CHART["scale"] * min(1.0, max(0.0, value)), 1)


def _chart(run: RunResult, comparison: Comparison | None) -> dict[str, Any]:
    bars = []
    for i, (label, key) in enumerate(BARS):
        value = run.aggregates.macro.get(key)
        value = math.nan if value is None else value
        d = comparison.deltas.get(key) if comparison else None
        bar = {
            "label": label,
            "y": 6 + i * _CHART["row"],
            "text": fmt(value),
            "w": 0.0 if math.isnan(value) else round(_CHART["scale"] * value, 1),
            "base_x": None,
            "lo_x": None,
            "hi_x": None,
        }
        if d and not math.isnan(d.base) and not math.isnan(d.ci_low):
            bar.update(base_x=_x(d.base), lo_x=_x(d.base + d.ci_low), hi_x=_x(d.base + d.ci_high))
            bar["text"] += f"  Δ {signed(d.delta)} [{signed(d.ci_low)}, {signed(d.ci_high)}]"
        bars.append(bar)
    height = 6 + len(BARS) * _CHART["row"] + 20
    ticks = [{"x": _x(t / 4), "label": f"{t / 4:.2f}"} for t in range(5)]
    return {**_CHART, "bars": bars, "ticks": ticks, "height": height}


def _field_rows(run: RunResult, comparison: Comparison | None) -> list[dict[str, Any]]:
    agg = run.aggregates
    rows = []
    for name, f in [*agg.fields.items(), ("all claims", agg.all_fields)]:
        key = "strict_f1" if name == "all claims" else f"{name}.strict_f1"
        d = comparison.deltas.get(key) if comparison else None
        target = f.target_accuracy if name == "demands" else None
        attribution = None if name == "open_questions" else f.attribution
        cells = [
            f.n_gold,
            f.n_pred,
            *(
                fmt(v)
                for v in (
                    f.strict_p,
                    f.strict_r,
                    f.strict_f1,
                    f.content_p,
                    f.content_r,
                    f.content_f1,
                    attribution,
                    target,
                )
            ),
        ]
        rows.append(
            {
                "name": name,
                "cells": cells,
                "delta": f"{signed(d.delta)} [{signed(d.ci_low)}, {signed(d.ci_high)}]"
                if d
                else "–",
            }
        )
    return rows


def _article_rows(run: RunResult, base: RunResult | None) -> list[dict[str, Any]]:
    base_f1 = {a.id: a.strict_f1 for a in base.articles} if base else {}
    rows = []
    for a in run.articles:
        delta = a.strict_f1 - base_f1[a.id] if a.id in base_f1 else None
        rows.append(
            {
                "id": a.id,
                "valid": a.schema_valid,
                "strict": fmt(a.strict_f1),
                "content": fmt(a.content_f1),
                "actor": fmt(a.actors.f1),
                "grounded": f"{a.grounded_spans}/{a.evidence_spans}",
                "forbidden": len(a.forbidden_hits),
                "tokens": a.total_tokens,
                "latency": fmt(a.latency_s, 2),
                "delta": signed(delta),
                "delta_cls": "" if not delta else ("neg" if delta < 0 else "pos"),
            }
        )
    return rows


def _article_detail(a: ArticleScore) -> dict[str, Any]:
    gold = sum(f.n_gold for f in a.fields.values())
    return {
        "id": a.id,
        "title": a.title,
        "error": a.error,
        "forbidden": a.forbidden_hits,
        "rows": a.matches,
        "n_gold": gold,
        "n_pred": sum(f.n_pred for f in a.fields.values()),
        "n_matched": sum(f.content_tp for f in a.fields.values()),
        "highlighted": highlight(a.text, a.gold_spans, a.pred_spans),
    }


def _actors(run: RunResult) -> dict[str, str]:
    s = run.aggregates.actors
    return {
        "precision": fmt(s.precision),
        "recall": fmt(s.recall),
        "f1": fmt(s.f1),
        "halluc": pct(s.hallucination_rate),
    }


def render_html(
    run: RunResult,
    comparison: Comparison | None = None,
    base: RunResult | None = None,
    prices: tuple = (),
) -> str:
    """The self-contained HTML report of a run (optionally against a baseline)."""
    return _template().render(
        run=run,
        base=base,
        comparison=comparison,
        gates=_gates(run),
        kpis=_kpis(run, comparison, prices),
        chart=_chart(run, comparison),
        field_rows=_field_rows(run, comparison),
        actors=_actors(run),
        article_rows=_article_rows(run, base),
        article_details=[_article_detail(a) for a in run.articles],
    )


def write_report(
    run: RunResult | str | Path,
    against: RunResult | str | Path | None = None,
    *,
    html_path: str | Path | None = None,
    md_path: str | Path | None = None,
    comparison: Comparison | None = None,
    prices: tuple = (),
) -> tuple[str, str]:
    """Render (and write, where a path is given) the HTML and Markdown reports.

    ``prices`` are ``Settings.prices`` overrides of ``summarizer.pricing``'s table.
    """
    run = run if isinstance(run, RunResult) else load_run(run)
    base = None
    if against is not None:
        base = against if isinstance(against, RunResult) else load_run(against)
        comparison = comparison or compare_runs(run, base)
    html = render_html(run, comparison, base, prices)
    md = render_markdown(run, comparison, prices)
    for path, text in ((html_path, html), (md_path, md)):
        if path is not None:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            Path(path).write_text(text, encoding="utf-8")
    return html, md
