"""The cue analysis: actors, claim candidates and quarantine, with no model at all.

It reads the article as whole sentences (``passages.py``: hard-wrapped lines rejoined),
proposes the parties (``names.py``, with countries from ``gazetteer.py``), finds every
reported stance and demand with its speaker and target (``attribution.py``,
``claims.py``) and the questions the article leaves open (``questions.py``), and
quarantines planted instructions (``injection.py``). Taken as is, this is the offline
brief (the ``heuristic`` strategy); the guided strategy lets a small model choose among
its candidates. Only parties that take part in a claim are kept as actors.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer import claims as claims_mod
from summarizer import injection, questions
from summarizer.lexicon import (
    ATTRIBUTION_TAIL,
    CLAUSE_AFTER,
    QUOTED,
)
from summarizer.names import ActorCandidate, find_actors, guess_kind
from summarizer.passages import Passage, passages
from summarizer.passages import lead as passages_lead
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
    #: The article's lead (first real sentence), read with the text's paragraph breaks,
    #: so a headline line is never glued to it: the offline summary.
    lead: str = ""


def injection_sentences(sentences: list[Sentence]) -> set[int]:
    """Ids of sentences that read as instructions to a model, not as reporting."""
    return injection.injection_sentences(sentences)


def _is_heading(sentence: Sentence) -> bool:
    # Headlines, captions and datelines carry no terminal punctuation.
    return sentence.text[-1:] not in ".!?\"'" and len(sentence.text.split()) < 20


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


def wordings(c: ClaimCandidate) -> list[str]:
    """The candidate wordings of a claim, best first (the cues' own, else phrasings)."""
    return c.wordings or phrasings(c.sentence, c.kinds[0])


#: Wire stories leave about three points open (2.8 a story in the labelled set).
MAX_QUESTIONS = 3


def find_claims(
    sentences: list[Sentence], actors: list[ActorCandidate], blocked: set[int]
) -> list[ClaimCandidate]:
    """Claim candidates: each report of a stance or demand, and each open question."""
    claims: list[ClaimCandidate] = []
    asked: list[tuple[float, int, ClaimCandidate]] = []
    ctx = claims_mod.Context({a.id: a.kind for a in actors})
    for at, s in enumerate(sentences):
        if s.id in blocked or _is_heading(s):
            continue
        found = claims_mod.sentence_claims(s, actors, ctx)
        claims += found
        # The sentence before names whom a "he" or "she" in the question stands for
        # (never a planted one: a name must come from the reporting).
        prev = sentences[at - 1] if at else None
        before = prev.text if prev is not None and prev.id not in blocked else ""
        for q in questions.find(s.text, before):
            ids = s.ids_for(*q.span) if isinstance(s, Passage) else [s.id]
            cand = ClaimCandidate(s, ["question"], None, None, q.question, [q.question], ids)
            asked.append((q.strength, at, cand))
    claims = _join_runs(claims, {p.id: i for i, p in enumerate(sentences)})
    return claims + _pick_questions(asked)


def _pick_questions(asked: list[tuple[float, int, ClaimCandidate]]) -> list[ClaimCandidate]:
    """The clearest few questions (explicit uncertainty, then requests, hedges, plans).

    Where the copy states two or more points as open outright, those are its questions;
    plans and hedges fill in only where it says little outright.
    """
    ranked = sorted(asked, key=lambda t: t[:2])
    sure = [t for t in ranked if t[0] < questions.SURE]
    kept = (sure if len(sure) >= 2 else ranked)[:MAX_QUESTIONS]
    seen: set[str] = set()
    out: list[ClaimCandidate] = []
    for _, _, cand in sorted(kept, key=lambda t: t[1]):
        if cand.text.casefold() not in seen:
            seen.add(cand.text.casefold())
            out.append(cand)
    return out


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
    return CueAnalysis(
        actors=actors, claims=claims, blocked=blocked, lead=passages_lead(sentences, text)
    )
