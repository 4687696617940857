"""An actor candidate: the record the cue analysis passes between its stages.

``names.py`` proposes candidates from names, ``collectives.py`` from countries and groups;
``cues.py`` keeps the ones that take part in the story. Each has an id unique in its
article, made from its name by :func:`slug`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.schema import ActorKind


@dataclass
class ActorCandidate:
    """A proposed actor: its surface forms, a guessed kind, where it is mentioned."""

    id: str
    name: str
    kind: ActorKind
    aliases: list[str]
    mentions: int = 0
    role: str | None = None


def slug(name: str, taken: set[str]) -> str:
    """An id for ``name`` not yet in ``taken`` (which it joins)."""
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "actor"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug
