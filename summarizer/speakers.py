"""Who a report's speaker phrase names, and which reports name no claim holder at all.

``claims.py`` ties each report's speaker words to a party; this module says which parties
named in those words can be the speaker (the phrase's head, or the owner of a mouthpiece:
"a spokesman for X", not "an expert for X's panel"), when "it" is no party at all ("It is
hard to say ..."), and which reports only pass on a named speaker's words ("..., X said,
the agency reported").

Public API::

    spoken(text, who, hits) -> list[Hit]        # the hits in ``who`` that may be its speaker
    expletive(text, who) -> bool                # "it" at ``who`` stands for no party
    channels_dropped(text, reports) -> list[Report]  # without mere channels
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer import attribution as attr
from summarizer.attribution import Report
from summarizer.lexicon import MOUTHPIECE_NOUNS, SAY_VERBS
from summarizer.parse import parse

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

Span = tuple[int, int]
Hit = tuple[int, int, str]  # start, end, actor id


def _head(doc: Doc, span: Span) -> Token | None:
    """The head word of the phrase at ``span`` (the word whose own head lies outside)."""
    inside = [t for t in doc if span[0] <= t.idx < span[1]]
    heads = [t for t in inside if not span[0] <= t.head.idx < span[1] or t.head == t]
    return heads[0] if heads else None


def _speaks_for(tokens: list[Token], head: Token) -> bool:
    """Whether a party named by ``tokens`` is the one speaking through ``head``: it is the
    head itself or modifies it ("Turkish officials", "Justice Department spokesman"),
    or owns a mouthpiece ("X's spokesman", "a spokesman for X", "officials of X")."""
    if any(t == head for t in tokens):
        return True
    mouthpiece = head.lemma_.lower() in MOUTHPIECE_NOUNS
    for t in tokens:
        if t.head == head and t.dep_ in ("amod", "compound", "nmod", "appos", "conj", "npadvmod"):
            return True
        if t.head == head and t.dep_ == "poss":
            return mouthpiece
        prep = t.head
        if t.dep_ == "pobj" and prep.head == head and prep.lower_ in ("for", "of", "at", "with"):
            return mouthpiece
    return False


def spoken(text: str, who: Span, hits: list[Hit]) -> list[Hit]:
    """The hits inside the speaker phrase that can be its speaker: "an expert for South
    Africa's panel" or "Egypt's news agency" is not South Africa or Egypt speaking."""
    doc = parse(text)
    head = _head(doc, who)
    if head is None:
        return hits
    out = []
    for h in hits:
        tokens = [t for t in doc if h[0] <= t.idx < h[1]]
        if not (who[0] <= h[0] < who[1]) or not tokens or _speaks_for(tokens, head):
            out.append(h)
    return out


#: "it suggests ...", "it means ...": "it" is the situation just told, not a party.
_PROPOSITION_VERBS = frozenset("suggest mean show indicate seem appear imply prove".split())


def expletive(text: str, who: Span) -> bool:
    """Whether "it" at ``who`` is no party: "It is hard to say ...", "it suggests ..."."""
    doc = parse(text)
    it = next((t for t in doc if t.idx == who[0] and t.lower_ == "it"), None)
    if it is None:
        return False
    verb = it.head
    if verb.lemma_ == "be" and any(c.dep_ in ("acomp", "attr") for c in verb.children):
        return True
    return verb.lemma_.lower() in _PROPOSITION_VERBS


def _sourcing(r: Report) -> bool:
    return r.lemma == "report" or r.verb.lower() == "according to"


def channels_dropped(text: str, found: list[Report]) -> list[Report]:
    """Without the reports that only pass on a named speaker's words: in "X said, ...,
    the agency reported" or "..., X told them, according to aides" the agency and the
    aides are the channel, not the claim's holder."""
    keep = []
    for r in found:
        told = [
            o
            for o in found
            if o is not r
            and not _sourcing(o)
            and o.lemma in SAY_VERBS
            and o.who is not None
            and not attr.is_pronoun(text[o.who[0] : o.who[1]])
            and any(w[:1].isupper() for w in text[o.who[0] : o.who[1]].split())
            and o.what[0] < r.what[1]
            and r.what[0] < o.what[1]
        ]
        if _sourcing(r) and told:
            for o in told:
                o.nested = False
            continue
        keep.append(r)
    return keep
