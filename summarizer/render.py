"""Views of a Brief: JSON for machines, Markdown for people.

Rendering never changes content: every claim in the Markdown shows the quote its
evidence points at, so a reader can check it against the source.

Every text that comes from an article or a model (title, summary, names, claims,
quotes, URLs) is untrusted: :func:`md` flattens it to one line and escapes Markdown and
HTML, so an article's ``[text](javascript:...)``, ``![x](http://...)``, ``<script>`` or
``# heading`` shows as the characters it is, never as a live link, image, tag or block.
"""

from __future__ import annotations

import re

from summarizer.schema import Brief, Evidence

# The characters that open inline markup or HTML: code, emphasis, links and images (no
# `[` means no link, no image, no reference), tags and autolinks (`<`), strikethrough.
_INLINE = re.compile(r"([\\`*_\[\]<#~])")
# What would open a block at the start of a line: a list item, a quote, a setext rule.
_BLOCK_START = re.compile(r"^([-+=>]|\d+(?=[.)]))")


def md(text: str | None, *, line_start: bool = False) -> str:
    """``text`` as inert Markdown: one line, every markup character escaped."""
    flat = " ".join((text or "").split())
    escaped = _INLINE.sub(r"\\\1", flat)
    if not line_start:
        return escaped
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1)[0].isdigit():  # "1. x" / "1) x": escape the dot or parenthesis
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def to_json(brief: Brief, indent: int | None = 2) -> str:
    """The brief as JSON (the same shape ``summarizer schema`` describes)."""
    return brief.model_dump_json(indent=indent)


def _quote(ev: Evidence, brief: Brief) -> str:
    text = md(ev.quote)
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
        return md(brief.actor(actor_id).name)
    except KeyError:
        return md(actor_id)


def _sources(brief: Brief) -> list[str]:
    lines = ["## Sources"]
    for i, src in enumerate(brief.sources, 1):
        label = md(src.title) or "untitled"
        # A URL in angle brackets would be a live autolink; shown as text instead.
        lines.append(f"{i}. {label}" + (f" ({md(src.url)})" if src.url else ""))
    return lines


def _actors(brief: Brief) -> list[str]:
    lines = ["## Actors"]
    for a in brief.actors:
        role = f", {md(a.role)}" if a.role else ""
        aka = [md(x) for x in a.aliases if x != a.name]
        lines.append(
            f"- **{md(a.name)}** ({a.kind.value}{role})"
            + (f" — also: {', '.join(aka)}" if aka else "")
        )
    return lines


def _claims(brief: Brief) -> list[str]:
    lines = ["## Positions"]
    for p in brief.positions:
        lines += _claim_block(
            f"**{_name(brief, p.actor)}**: {md(p.stance)}{_support(p.support, brief)}",
            p.evidence,
            brief,
        )
    lines += ["", "## Demands"]
    for d in brief.demands:
        cond = f" (if: {md(d.conditions)})" if d.conditions else ""
        head = f"**{_name(brief, d.actor)}** → {_name(brief, d.target)}: {md(d.demand)}{cond}"
        lines += _claim_block(head + _support(d.support, brief), d.evidence, brief)
    lines += ["", "## Open questions"]
    for q in brief.open_questions:
        why = f" — {md(q.why_open)}" if q.why_open else ""
        head = f"{md(q.question)}{why}{_support(q.support, brief)}"
        lines += _claim_block(head, q.evidence, brief)
    return lines


def _contradictions(brief: Brief) -> list[str]:
    if not brief.contradictions:
        return []
    lines = ["", "## Contradictions between sources"]
    for c in brief.contradictions:
        lines.append(f"- **{md(c.kind)}**: {md(c.topic)}")
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
        f"*{md(m.model)} via {m.provider} ({m.strategy}); {m.usage.total_tokens} tokens; "
        f"{m.latency_s:.1f} s; schema {m.schema_version}; prompts "
        + ", ".join(f"{p.id}@{p.sha256[:8]}" for p in m.prompts)
        + "*"
    )
    title = md(brief.sources[0].title) or "Brief"
    summary = md(brief.summary, line_start=True)
    parts = [f"# {title}", "", summary, "", *_actors(brief), "", *_claims(brief)]
    parts += [*_contradictions(brief), "", *_sources(brief), "", footer]
    return "\n".join(parts).rstrip() + "\n"
