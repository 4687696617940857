"""Views of a Brief: JSON for machines, Markdown for people.

Rendering never changes content: every claim in the Markdown shows the quote its
evidence points at, so a reader can check it against the source.
"""

from __future__ import annotations

from summarizer.schema import Brief, Evidence


def to_json(brief: Brief, indent: int | None = 2) -> str:
    """The brief as JSON (the same shape ``summarizer schema`` describes)."""
    return brief.model_dump_json(indent=indent)


def _quote(ev: Evidence, brief: Brief) -> str:
    text = " ".join(ev.quote.split())
    where = f"s{ev.source + 1} " if len(brief.sources) > 1 else ""
    return f'> "{text}" ({where}[{ev.start}:{ev.end}])'


def _support(n: int, brief: Brief) -> str:
    return (
        f" *(supported by {n} of {len(brief.sources)} sources)*" if len(brief.sources) > 1 else ""
    )


def _claim_block(head: str, evidence: list[Evidence], brief: Brief) -> list[str]:
    return [f"- {head}", *(f"  {_quote(ev, brief)}" for ev in evidence)]


def _name(brief: Brief, actor_id: str | None) -> str:
    if actor_id is None:
        return "unspecified"
    try:
        return brief.actor(actor_id).name
    except KeyError:
        return actor_id


def _sources(brief: Brief) -> list[str]:
    lines = ["## Sources"]
    for i, src in enumerate(brief.sources, 1):
        label = src.title or "untitled"
        lines.append(f"{i}. {label}" + (f" <{src.url}>" if src.url else ""))
    return lines


def _actors(brief: Brief) -> list[str]:
    lines = ["## Actors"]
    for a in brief.actors:
        role = f", {a.role}" if a.role else ""
        aka = [x for x in a.aliases if x != a.name]
        lines.append(
            f"- **{a.name}** ({a.kind.value}{role})" + (f" — also: {', '.join(aka)}" if aka else "")
        )
    return lines


def _claims(brief: Brief) -> list[str]:
    lines = ["## Positions"]
    for p in brief.positions:
        lines += _claim_block(
            f"**{_name(brief, p.actor)}**: {p.stance}{_support(p.support, brief)}",
            p.evidence,
            brief,
        )
    lines += ["", "## Demands"]
    for d in brief.demands:
        cond = f" (if: {d.conditions})" if d.conditions else ""
        head = f"**{_name(brief, d.actor)}** → {_name(brief, d.target)}: {d.demand}{cond}"
        lines += _claim_block(head + _support(d.support, brief), d.evidence, brief)
    lines += ["", "## Open questions"]
    for q in brief.open_questions:
        why = f" — {q.why_open}" if q.why_open else ""
        lines += _claim_block(f"{q.question}{why}{_support(q.support, brief)}", q.evidence, brief)
    return lines


def _contradictions(brief: Brief) -> list[str]:
    if not brief.contradictions:
        return []
    lines = ["", "## Contradictions between sources"]
    for c in brief.contradictions:
        lines.append(f"- **{c.kind}**: {c.topic}")
        for side in c.sides:
            lines += [
                f"  - source {side.source + 1}:",
                *(f"    {_quote(ev, brief)}" for ev in side.evidence),
            ]
    return lines


def to_markdown(brief: Brief) -> str:
    """A readable brief with every claim's evidence quoted under it."""
    m = brief.meta
    footer = (
        f"*{m.model} via {m.provider} ({m.strategy}); {m.usage.total_tokens} tokens; "
        f"{m.latency_s:.1f} s; schema {m.schema_version}; prompts "
        + ", ".join(f"{p.id}@{p.sha256[:8]}" for p in m.prompts)
        + "*"
    )
    title = brief.sources[0].title or "Brief"
    parts = [f"# {title}", "", brief.summary, "", *_actors(brief), "", *_claims(brief)]
    parts += [*_contradictions(brief), "", *_sources(brief), "", footer]
    return "\n".join(parts).rstrip() + "\n"
