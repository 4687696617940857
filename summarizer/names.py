"""Actor candidates: names with titles, capitalised runs, organisation words, group nouns.

The first half of the cue analysis: it proposes who the parties are, with the surface
forms the text uses for each (full name, surname, "the union"), and guesses each one's
kind from its words. ``cues.py`` then finds what each of them says and demands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from summarizer.lexicon import (
    CAP_RUN,
    COUNTRY_PREFIX,
    GOV_WORDS,
    GROUP_NOUNS,
    GROUP_RE,
    ORG_WORDS,
    REPORTING,
    STOP_NAMES,
    TITLED,
)
from summarizer.schema import ActorKind
from summarizer.segment import Sentence


@dataclass
class ActorCandidate:
    """A proposed actor: its surface forms, a guessed kind, where it is mentioned."""

    id: str
    name: str
    kind: ActorKind
    aliases: list[str]
    mentions: int = 0
    role: str | None = None


def _slug(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "actor"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _clean_name(raw: str) -> str | None:
    name = raw.strip().removesuffix("'s").removesuffix("'").strip()
    words = name.split()
    while words and words[0].lower() in STOP_NAMES | {"of", "for", "and"}:
        words = words[1:]
    while words and words[-1].lower() in {"of", "for", "and", "the", "on", "de", "al"}:
        words = words[:-1]
    if not words:
        return None
    name = " ".join(words)
    if len(name) < 3 or name.lower() in STOP_NAMES:
        return None
    return name


def guess_kind(name: str, titled: bool = False) -> ActorKind:
    """A kind from the words of a name (a title before it means a person)."""
    words = {w.lower().strip(".'") for w in name.split()}
    if titled:
        return ActorKind.PERSON
    if COUNTRY_PREFIX.match(name):
        return ActorKind.COUNTRY
    if words & GOV_WORDS or (words & {"council"} and words & {"city", "town", "county"}):
        return ActorKind.GOVERNMENT
    if words & ORG_WORDS or (name.isupper() and len(name) <= 6):
        return ActorKind.ORGANISATION
    if re.fullmatch(rf"(?:{GROUP_NOUNS})", name.lower().split()[-1]):
        return ActorKind.GROUP
    if len(words) >= 2 and all(w[:1].isupper() for w in name.split()):
        return ActorKind.PERSON
    return ActorKind.OTHER


def _is_headline(sentence: Sentence) -> bool:
    words = sentence.text.split()
    caps = sum(1 for w in words if w[:1].isupper())
    return sentence.text[-1:] not in '.!?"' and len(words) >= 3 and caps / len(words) > 0.6


def _raw_names(sentences: list[Sentence], blocked: set[int]) -> list[tuple[str, bool, str | None]]:
    found: list[tuple[str, bool, str | None]] = []
    for s in sentences:
        if s.id in blocked or _is_headline(s):
            continue
        titled_spans = []
        for m in TITLED.finditer(s.text):
            found.append((m.group(2), True, m.group(1).strip()))
            titled_spans.append((m.start(), m.end()))
        for m in CAP_RUN.finditer(s.text):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in titled_spans):
                continue
            at_start = m.start() == 0 or s.text[: m.start()].strip() in {'"', "'", "("}
            name = _clean_name(m.group(0))
            if name is None:
                continue
            if at_start and " " not in name and name.lower() in STOP_NAMES:
                continue
            found.append((name, False, None))
    return found


def _merge_names(raw: list[tuple[str, bool, str | None]], text: str) -> list[ActorCandidate]:
    by_name: dict[str, ActorCandidate] = {}
    taken: set[str] = set()
    titles = {name: title for name, titled, title in raw if titled}
    for name, titled, _ in sorted(raw, key=lambda r: -len(r[0])):
        key = name.casefold()
        owner = next((c for c in by_name.values() if _is_short_form(name, c.name)), None)
        if owner is not None:
            if name not in owner.aliases:
                owner.aliases.append(name)
            continue
        if key not in by_name:
            titled = titled or name in titles
            by_name[key] = ActorCandidate(
                id="",
                name=name,
                kind=guess_kind(name, titled),
                aliases=[name],
                role=titles.get(name),
            )
    cands = list(by_name.values())
    for c in cands:
        c.mentions = sum(text.count(a) for a in c.aliases)
    keep = [c for c in cands if _worth_keeping(c)]
    keep.sort(key=lambda c: text.find(c.name))
    for c in keep:
        c.id = _slug(c.name, taken)
    return keep


def _is_short_form(short: str, full: str) -> bool:
    """'Varga' is a short form of 'Helena Varga'; 'Union' is not a short form of a union."""
    if short == full or len(short) >= len(full):
        return False
    words = full.split()
    if " " not in short:
        if short.isupper() and len(short) >= 2:
            initials = "".join(w[0] for w in words if w[0].isupper())
            return short == initials
        # A lone word stands for a person (surname), never for an organisation.
        return guess_kind(full) == ActorKind.PERSON and short in (words[0], words[-1])
    return full.endswith(short) or full.startswith(short)


def _worth_keeping(c: ActorCandidate) -> bool:
    if c.kind in (ActorKind.PERSON, ActorKind.GOVERNMENT, ActorKind.ORGANISATION):
        return c.kind != ActorKind.PERSON or " " in c.name or c.role is not None
    if c.kind == ActorKind.COUNTRY:
        return True
    # A lone capitalised word is kept when the text keeps coming back to it.
    return c.mentions >= 2 and " " not in c.name


def _add_generic_aliases(actors: list[ActorCandidate], text: str) -> None:
    # "the union" stands for the one actor whose name ends in "Union", when only one does.
    heads: dict[str, list[ActorCandidate]] = {}
    for a in actors:
        head = a.name.split()[-1].lower()
        if (
            a.kind in (ActorKind.ORGANISATION, ActorKind.GOVERNMENT)
            and head in ORG_WORDS | GOV_WORDS
        ):
            heads.setdefault(head, []).append(a)
    for head, owners in heads.items():
        alias = f"the {head}"
        if len(owners) == 1 and re.search(rf"\b{alias}\b", text, re.IGNORECASE):
            owners[0].aliases.append(alias)


def find_actors(sentences: list[Sentence], text: str, blocked: set[int]) -> list[ActorCandidate]:
    """Actor candidates from titled names, capitalised runs and group nouns."""
    actors = _merge_names(_raw_names(sentences, blocked), text)
    _add_generic_aliases(actors, text)
    taken = {a.id for a in actors}
    seen_groups: set[str] = set()
    for s in sentences:
        if s.id in blocked:
            continue
        for m in GROUP_RE.finditer(s.text):
            noun = m.group(0)
            key = noun.lower().split()[-1]
            if key in seen_groups or not REPORTING.search(s.text):
                continue
            seen_groups.add(key)
            actors.append(ActorCandidate(_slug(key, taken), noun, ActorKind.GROUP, [noun], 1))
    return actors
