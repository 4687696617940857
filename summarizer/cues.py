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

import re
from dataclasses import dataclass, field

from summarizer import agency, injection, questions
from summarizer import claims as claims_mod
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
    #: Where the claim came from: "parse" (the dependency tree), "pattern" (the regex
    #: fallback of ``attribution.py``, where the parse found no report), "quote" (a
    #: quotation run continued from an earlier speaker) or "question".
    source: str = "parse"


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
    ctx = claims_mod.Context(
        {a.id: a.kind for a in actors}, {a.id: claims_mod.head_words(a) for a in actors}
    )
    ctx.sex = claims_mod.sexes(" ".join(s.text for s in sentences), actors)
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
            cand = ClaimCandidate(
                s, ["question"], None, None, q.question, [q.question], ids, "question"
            )
            asked.append((q.strength, at, cand))
    claims = _once(_join_runs(claims, {p.id: i for i, p in enumerate(sentences)}))
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


#: A run's wordings are joined ("...; and ...") up to this many words: a gold-style
#: position often sums up a quote and the sentence that carries it on.
JOIN_WORDS = 45
#: A speaker's positions no more than this many sentences apart (or in one sentence:
#: "said X, adding that Y"), with no other claim between them, are one run: copy
#: develops one point over a few sentences.
RUN_REACH = 3


def _words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z0-9]+", text.lower()) if len(w) > 3)


#: Two claims of one party sharing this much of their wording say the same thing.
SAME_CLAIM = 0.8


def _once(claims: list[ClaimCandidate]) -> list[ClaimCandidate]:
    """A party's claim repeated later in the copy (wire stories restate their lead) is
    one claim: the later one is dropped."""
    kept: list[ClaimCandidate] = []
    for c in claims:
        words = _words(c.text)
        if any(
            k.kinds == c.kinds
            and k.speaker == c.speaker
            and len(words & _words(k.text))
            >= SAME_CLAIM * max(1, min(len(words), len(_words(k.text))))
            for k in kept
        ):
            continue
        kept.append(c)
    return kept


_NEGATION = re.compile(r"n't\b|\b(?:not|no|never|neither|nor|without|cannot)\b", re.IGNORECASE)


def same_polarity(a: str, b: str) -> bool:
    """Whether two wordings are both negated or both not. A claim of the other polarity
    opens a claim of its own ("made sense only if ..." and "not going to merge" are two)."""
    return bool(_NEGATION.search(a)) == bool(_NEGATION.search(b))


def _join_runs(claims: list[ClaimCandidate], order: dict[int, int]) -> list[ClaimCandidate]:
    """A speaker's run of sentences on one point is one position citing each of them,
    worded as the run's clauses joined."""
    joined: list[ClaimCandidate] = []
    for c in claims:
        last = joined[-1] if joined else None
        if (
            last is not None
            and c.kinds == last.kinds == ["position"]
            and c.speaker == last.speaker
            and 0 <= order[c.sentence.id] - order[last.sentence.id] <= RUN_REACH
            and same_polarity(last.text, c.text)
        ):
            last.ids = sorted(set(last.ids) | set(c.ids))
            fits = len(last.text.split()) + len(c.text.split()) <= JOIN_WORDS
            if fits and c.text.casefold() not in last.text.casefold():
                last.text = f"{last.text}; {c.text[:1].lower()}{c.text[1:]}"
                last.wordings = [last.text, *last.wordings[1:]]
            continue
        joined.append(c)
    return joined


def _named_body(a: ActorCandidate) -> bool:
    # An organisation or government the text keeps coming back to is a party even when
    # no cue finds it speaking ("the harbour board", named once in full).
    # A lone institution word ("Parliament", "the cabinet") is no named body: it must speak.
    named = " " in a.name or a.name.isupper()
    return a.kind in (ActorKind.ORGANISATION, ActorKind.GOVERNMENT) and named and len(a.aliases) > 1


def _acts(a: ActorCandidate, texts: list[str]) -> bool:
    # Said or wanted something; or a protagonist: named again and again, doing things.
    if agency.speaks(a.aliases, texts):
        return True
    if a.kind == ActorKind.COUNTRY:
        return False  # "Brazil has grown": a country as subject is often only the place
    return a.mentions >= MIN_MENTIONS and agency.subject_count(a.aliases, texts) >= 2


#: A protagonist is named at least this often (measured on the real suite: 3 adds as many
#: bystanders as parties, 4 about two parties for each bystander).
MIN_MENTIONS = 4


def analyse(sentences: list[Sentence], text: str) -> CueAnalysis:
    """Run every cue over ``sentences`` of ``text``, read as whole (unwrapped) sentences."""
    blocked = injection_sentences(sentences)
    whole = passages(sentences, text)
    # A sentence with a planted piece is planted as a whole.
    shut = {p.id for p in whole if blocked & set(p.ids)}
    actors = find_actors(whole, text, shut)
    claims = find_claims(whole, actors, shut)
    spoken = {c.speaker for c in claims} | {c.target for c in claims}
    texts = [p.text for p in whole if p.id not in shut]
    # Keep the parties that take part in a claim or that the article reports saying or
    # wanting something: a name merely mentioned is no party.
    acting = {a.id for a in actors if _acts(a, texts)}
    actors = [a for a in actors if a.id in spoken or a.id in acting or _named_body(a)]
    return CueAnalysis(
        actors=actors, claims=claims, blocked=blocked, lead=passages_lead(sentences, text)
    )
