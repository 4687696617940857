"""The HTML view of a Brief: one self-contained page, the brief beside its sources.

Public API::

    to_html(brief: Brief, *, prices: Mapping[str, Price] | None = None) -> str
    safe_url(url: str | None) -> str | None     # http(s) URLs only, else None
    script_json(data) -> str                     # JSON safe inside <script>

The page holds everything inline (CSS, script, data); a Content-Security-Policy meta
forbids any other resource, so opening it makes no request. Every evidence span is
highlighted in its source text and coloured by the actor of the claim citing it (open
questions and contradictions in neutral tones). Spans may overlap, so each source is
cut at every span boundary into flat segments; a segment lists the evidence ids covering
it in ``data-ev`` and its exact character offsets in ``data-start``/``data-end``.

Ids the page (and its tests) rely on: ``li.claim#claim-<cid>`` per claim, where ``cid`` is
``p<i>`` (position), ``d<i>`` (demand), ``q<i>`` (open question) or ``c<i>s<j>``
(side ``j`` of contradiction ``i``); evidence ``k`` of a claim is ``<cid>.<k>``;
``section.source#source-<i>`` per source. ``#claim-<cid>`` in the URL selects a claim
on load, ``#actor-<id>`` shows only that actor's passages and ``#at-<source>-<offset>``
opens the citations of the span at that offset.
All text goes through Jinja's autoescape; the JSON the script reads escapes ``<``, ``>``
and ``&`` so that no article text can close its ``<script>`` element.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from importlib import resources
from itertools import pairwise
from typing import Any
from urllib.parse import urlsplit

from summarizer.pricing import Price, cost_of, format_cost
from summarizer.schema import Brief, Evidence, Source

# Actor colours (background, strong) in the order actors first make a claim; cycled.
PALETTE = 10
NEUTRAL = "q"  # open questions
DISPUTE = "x"  # contradictions


@dataclass
class _Span:
    """One evidence span, tagged with its claim and colour class."""

    ev_id: str
    claim_id: str
    ev: Evidence
    colour: str


@dataclass
class _Claim:
    """What the page shows for a claim and what its script needs to find it again."""

    cid: str
    kind: str
    colour: str
    actor: str | None
    text: str
    evidence: list[Evidence]
    extra: dict[str, str] = field(default_factory=dict)
    support: int = 1
    actor_id: str | None = None


def _actor_colours(brief: Brief) -> dict[str, str]:
    """Colour classes ``a0``…``a9`` for actors with claims, in claim order (cycled);
    ``n`` (no colour) for actors the brief names but quotes no claim of."""
    colours: dict[str, str] = {}
    for claim in [*brief.positions, *brief.demands]:
        if claim.actor not in colours:
            colours[claim.actor] = f"a{len(colours) % PALETTE}"
    return {a.id: colours.get(a.id, "n") for a in brief.actors} | colours


def _name(brief: Brief, actor_id: str | None) -> str:
    if actor_id is None:
        return "unspecified"
    try:
        return brief.actor(actor_id).name
    except KeyError:
        return actor_id


def _claims(brief: Brief, colours: dict[str, str]) -> list[_Claim]:
    out = []
    for i, p in enumerate(brief.positions):
        out.append(
            _Claim(
                f"p{i}",
                "position",
                colours[p.actor],
                _name(brief, p.actor),
                p.stance,
                p.evidence,
                support=p.support,
                actor_id=p.actor,
            )
        )
    for i, d in enumerate(brief.demands):
        extra = {"target": _name(brief, d.target)}
        if d.conditions:
            extra["conditions"] = d.conditions
        out.append(
            _Claim(
                f"d{i}",
                "demand",
                colours[d.actor],
                _name(brief, d.actor),
                d.demand,
                d.evidence,
                extra,
                d.support,
                d.actor,
            )
        )
    for i, q in enumerate(brief.open_questions):
        extra = {"why_open": q.why_open} if q.why_open else {}
        out.append(
            _Claim(f"q{i}", "question", NEUTRAL, None, q.question, q.evidence, extra, q.support)
        )
    return out


def _contradictions(brief: Brief) -> list[dict[str, Any]]:
    out = []
    for i, c in enumerate(brief.contradictions):
        sides = [
            _Claim(
                f"c{i}s{j}",
                "contradiction",
                DISPUTE,
                None,
                s.claim,
                s.evidence,
                {"topic": c.topic},
            )
            for j, s in enumerate(c.sides)
        ]
        out.append({"topic": c.topic, "kind": c.kind, "sides": sides})
    return out


def _spans(claims: list[_Claim]) -> list[_Span]:
    return [
        _Span(f"{c.cid}.{k}", c.cid, ev, c.colour)
        for c in claims
        for k, ev in enumerate(c.evidence)
    ]


def _esc(text: str) -> str:
    # A bare CR would be folded into LF by the HTML parser; a reference survives it.
    return escape(text, quote=False).replace("\r", "&#13;")


def _colour_of(covering: list[_Span]) -> str:
    """The most specific span decides: the shortest, an actor's claim before a neutral one."""
    best = min(
        covering,
        key=lambda s: (s.ev.end - s.ev.start, s.colour in (NEUTRAL, DISPUTE)),
    )
    return best.colour


def _highlight(text: str, spans: list[_Span]) -> str:
    """Escaped ``text`` with every span marked; overlapping spans split into flat segments."""
    cuts = sorted({0, len(text)} | {p for s in spans for p in (s.ev.start, s.ev.end)})
    out = []
    for a, b in pairwise(cuts):
        piece = _esc(text[a:b])
        covering = [s for s in spans if s.ev.start <= a and b <= s.ev.end]
        if not covering:
            out.append(piece)
            continue
        claims = {s.claim_id for s in covering}
        cls = f"seg c-{_colour_of(covering)}" + (" multi" if len(claims) > 1 else "")
        ev_ids = " ".join(s.ev_id for s in covering)
        out.append(
            f'<span class="{cls}" data-start="{a}" data-end="{b}" data-ev="{ev_ids}">{piece}</span>'
        )
    return "".join(out)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is an http(s) address fit for a link, else None (shown as text only)."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in {"http", "https"} else None


def _source_view(i: int, src: Source, spans: list[_Span]) -> dict[str, Any]:
    mine = [s for s in spans if s.ev.source == i]
    return {
        "index": i,
        "title": src.title or f"Source {i + 1}",
        "site": src.site,
        "published": src.published,
        "url": src.url,
        "href": safe_url(src.url),
        "chars": len(src.text),
        "n_spans": len(mine),
        "html": _highlight(src.text, mine),
    }


def script_json(data: Any) -> str:
    """JSON safe inside a ``<script>`` element: no ``</``, ``<!--``, ``]]>`` or line separators."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for raw, esc in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return text


def _page_data(claims: list[_Claim]) -> dict[str, Any]:
    return {
        "claims": {
            c.cid: {
                "kind": c.kind,
                "colour": c.colour,
                "actor": c.actor,
                "actor_id": c.actor_id,
                "topic": c.extra.get("topic"),
                "text": c.text,
                "evidence": [[e.source, e.start, e.end] for e in c.evidence],
            }
            for c in claims
        }
    }


def _meta(brief: Brief, prices: Mapping[str, Price] | None) -> list[tuple[str, str]]:
    m = brief.meta
    cost = cost_of(m.usage, m.model, prices)
    rows = [
        ("model", f"{m.model} via {m.provider}"),
        ("strategy", m.strategy),
        (
            "tokens",
            f"{m.usage.total_tokens:,} ({m.usage.prompt_tokens:,} prompt + "
            f"{m.usage.completion_tokens:,} completion) in {m.usage.calls} calls"
            if m.usage.calls
            else "none (no model calls)",
        ),
        ("cost", format_cost(cost) + ("" if cost is not None else f" (no price for {m.model})")),
        ("attempts", f"{m.attempts} ({m.cached_calls} cached, {m.fallbacks} fallbacks)"),
        ("time", f"{m.latency_s:.2f} s ({m.model_latency_s:.2f} s in the model)"),
        ("chunks", str(m.chunks)),
        ("schema", m.schema_version),
    ]
    if m.prompts:
        rows.append(("prompts", ", ".join(f"{p.id}@{p.sha256[:12]}" for p in m.prompts)))
    return rows


def _asset(name: str) -> str:
    return resources.files("summarizer").joinpath("templates", name).read_text(encoding="utf-8")


def to_html(brief: Brief, *, prices: Mapping[str, Price] | None = None) -> str:
    """The brief as one self-contained HTML page (no remote resources, no external files).

    ``prices`` extends the price table (``Settings.prices``) for the cost shown; a model
    without a known price shows "n/a", never a guess.
    """
    import jinja2  # only the HTML view needs it
    from markupsafe import Markup

    colours = _actor_colours(brief)
    claims = _claims(brief, colours)
    contradictions = _contradictions(brief)
    every = claims + [s for c in contradictions for s in c["sides"]]
    spans = _spans(every)
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    template = env.from_string(_asset("brief.html.j2"))
    return template.render(
        brief=brief,
        title=brief.sources[0].title or "Brief",
        colours=colours,
        positions=[c for c in claims if c.kind == "position"],
        demands=[c for c in claims if c.kind == "demand"],
        questions=[c for c in claims if c.kind == "question"],
        contradictions=contradictions,
        sources=[
            {**view, "html": Markup(view["html"])}
            for view in (_source_view(i, s, spans) for i, s in enumerate(brief.sources))
        ],
        meta=_meta(brief, prices),
        n_sources=len(brief.sources),
        css=Markup(_asset("brief.css")),
        js=Markup(_asset("brief.js")),
        data=Markup(script_json(_page_data(every))),
    )
