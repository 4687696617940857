"""Deterministic analysis that proposes candidates for a model to choose from.

A 135M-parameter model cannot find actors or claims on its own, but plain cues can:
names with titles and capitalised runs propose actors (``names.py``); reporting verbs,
deontic verbs and question cues propose claim sentences, with a likely speaker, target
and a few wordings; planted instructions are quarantined. The model then labels these
candidates within enums (``guided.py``), and the same analysis, taken as is, is the
no-LLM baseline of the eval suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer import claims as claims_mod
from summarizer import injection, questions
from summarizer.lexicon import (
    ATTRIBUTION_TAIL,
    CLAUSE_AFTER,
    DEMAND,
    PRONOUN_START,
    QUOTED,
    REPORTING,
    SPOKES,
)
from summarizer.names import ActorCandidate, find_actors, guess_kind
from summarizer.passages import Passage, passages
from summarizer.schema import ActorKind
from summarizer.segment import Sentence

__all__ = ["ActorCandidate", "ClaimCandidate", "CueAnalysis", "analyse", "guess_kind", "phrasings"]


@dataclass
class ClaimCandidate:
    """A sentence that looks like a position, demand or open question."""

    sentence: Passage
    kinds: list[str]
    speaker: str | None
    target: str | None
    text: str
    wordings: list[str] = field(default_factory=list)
    ids: list[int] = field(default_factory=list)


@dataclass
class CueAnalysis:
    """Everything the cues found in one set of sentences."""

    actors: list[ActorCandidate]
    claims: list[ClaimCandidate]
    blocked: set[int] = field(default_factory=set)


def injection_sentences(sentences: list[Sentence]) -> set[int]:
    """Ids of sentences that read as instructions to a model, not as reporting."""
    return injection.injection_sentences(sentences)


def _is_heading(sentence: Sentence) -> bool:
    # Headlines, captions and datelines carry no terminal punctuation.
    return sentence.text[-1:] not in ".!?\"'" and len(sentence.text.split()) < 20


def _mentions(sentence: Sentence, actors: list[ActorCandidate]) -> list[tuple[int, str]]:
    hits = []
    for a in actors:
        for alias in a.aliases:
            # Generic aliases ("the union") also open sentences as "The union".
            flags = re.IGNORECASE if alias[:1].islower() else 0
            for m in re.finditer(rf"\b{re.escape(alias)}\b", sentence.text, flags):
                hits.append((m.start(), a.id))
    return sorted(hits)


def _outside_quotes(sentence: Sentence, hits: list[tuple[int, str]]) -> list[tuple[int, str]]:
    # A name inside a quotation is spoken about, not speaking.
    quoted = [(m.start(), m.end()) for m in re.finditer(r"\"[^\"]*\"?", sentence.text)]
    return [h for h in hits if not any(a <= h[0] < b for a, b in quoted)]


def _speaker(sentence: Sentence, hits: list[tuple[int, str]], kinds: list[str]) -> str | None:
    if PRONOUN_START.match(sentence.text):
        return None  # "He urged Norvania to ...": the speaker is the one last named
    hits = _outside_quotes(sentence, hits)
    if not hits:
        return None
    spokes = SPOKES.search(sentence.text)
    if spokes:
        after = [h for h in hits if h[0] >= spokes.end() - 1]
        if after:
            return after[0][1]
    verb = REPORTING.search(sentence.text) or DEMAND.search(sentence.text)
    if verb is None:
        return hits[0][1]
    # The mention nearest the verb, preferring the one before it (the subject).
    before = [h for h in hits if h[0] < verb.start()]
    after = [h for h in hits if h[0] > verb.end()]
    if before:
        # "X said" names X right before the verb; otherwise the subject opens the clause
        # and appositives ("Northwall Capital, which owns 9 percent of Hollis, said") follow.
        nearest = before[-1]
        gap = sentence.text[nearest[0] : verb.start()]
        return nearest[1] if len(gap.split()) <= 4 else before[0][1]
    return after[0][1] if after else hits[0][1]


def _tidy(text: str, limit: int = 30) -> str:
    words = text.strip(" ,.;:\"'").split()
    return " ".join(words[:limit]) + ("..." if len(words) > limit else "")


def phrasings(sentence: Sentence, kind: str = "position") -> list[str]:
    """Candidate wordings of a claim: the reported clause, the quote, the whole sentence.

    The reported clause comes first: it carries the claim without the attribution, and a
    quote is often only a fragment of it ("said the offer was 'full and fair'").
    """
    options = []
    clause = CLAUSE_AFTER.search(sentence.text)
    if clause and len(sentence.text) - clause.end() > 20:
        options.append(_tidy(sentence.text[clause.end() :]))
    quoted = QUOTED.search(sentence.text)
    if quoted:
        options.append(_tidy(quoted.group(1)))
    whole = _tidy(ATTRIBUTION_TAIL.sub("", sentence.text) or sentence.text)
    # An open question reads best whole: its clause alone drops what is unresolved.
    options.insert(0, whole) if kind == "question" else options.append(whole)
    return list(dict.fromkeys(o for o in options if len(o.split()) >= 3)) or [_tidy(sentence.text)]


def _claim_text(sentence: Sentence) -> str:
    return phrasings(sentence)[0]


def wordings(c: ClaimCandidate) -> list[str]:
    """The candidate wordings of a claim, best first (the cues' own, else phrasings)."""
    return c.wordings or phrasings(c.sentence, c.kinds[0])


MAX_QUESTIONS = 3


def find_claims(
    sentences: list[Sentence], actors: list[ActorCandidate], blocked: set[int]
) -> list[ClaimCandidate]:
    """Claim candidates: each report of a stance or demand, and each open question."""
    claims: list[ClaimCandidate] = []
    asked: list[tuple[int, int, ClaimCandidate]] = []
    ctx = claims_mod.Context({a.id: a.kind for a in actors})
    for s in sentences:
        if s.id in blocked or _is_heading(s):
            continue
        found = claims_mod.sentence_claims(s, actors, ctx)
        claims += found
        for q in questions.find(s.text):
            ids = s.ids_for(*q.span) if isinstance(s, Passage) else [s.id]
            cand = ClaimCandidate(s, ["question"], None, None, q.question, [q.question], ids)
            asked.append((q.strength, len(asked), cand))
    claims = _join_runs(claims, {p.id: i for i, p in enumerate(sentences)})
    # The clearest few: explicit uncertainty first, then pending decisions, in text order.
    explicit = sum(1 for t in asked if t[0] == 1)
    # Pending and conditional cues fill in only where explicit ones are few.
    room = MAX_QUESTIONS if explicit < 2 else explicit
    kept = sorted(asked, key=lambda t: t[:2])[:room]
    seen: set[str] = set()
    for _, _, cand in sorted(kept, key=lambda t: t[1]):
        if cand.text.casefold() not in seen:
            seen.add(cand.text.casefold())
            claims.append(cand)
    return claims


def _join_runs(claims: list[ClaimCandidate], order: dict[int, int]) -> list[ClaimCandidate]:
    """A speaker's run of sentences on one point is one position citing each of them."""
    joined: list[ClaimCandidate] = []
    for c in claims:
        last = joined[-1] if joined else None
        if (
            last is not None
            and c.kinds == last.kinds == ["position"]
            and c.speaker == last.speaker
            and order[c.sentence.id] - order[last.sentence.id] == 1
            and c.sentence.text.startswith(("``", '"', "“", "He ", "She "))
        ):
            last.ids = sorted(set(last.ids) | set(c.ids))
            continue
        joined.append(c)
    return joined


def _named_body(a: ActorCandidate) -> bool:
    # An organisation or government the text keeps coming back to is a party even when
    # no cue finds it speaking ("the harbour board", named once in full).
    return a.kind in (ActorKind.ORGANISATION, ActorKind.GOVERNMENT) and len(a.aliases) > 1


def analyse(sentences: list[Sentence], text: str) -> CueAnalysis:
    """Run every cue over ``sentences`` of ``text``, read as whole (unwrapped) sentences."""
    blocked = injection_sentences(sentences)
    whole = passages(sentences, text)
    # A sentence with a planted piece is planted as a whole.
    shut = {p.id for p in whole if blocked & set(p.ids)}
    actors = find_actors(whole, text, shut)
    claims = find_claims(whole, actors, shut)
    spoken = {c.speaker for c in claims} | {c.target for c in claims}
    # Keep the parties that take part in a claim: a name merely mentioned is no party.
    actors = [a for a in actors if a.id in spoken or _named_body(a)]
    return CueAnalysis(actors=actors, claims=claims, blocked=blocked)
