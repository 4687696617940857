"""Spans of a parsed sentence: noun phrases, clauses without their asides, prepositions.

The small helpers ``clauses.py`` and ``demands.py`` share to turn dependency subtrees
into character spans of the sentence: a noun phrase without a relative clause hanging
on it, a clause without appositions, coordinated reports or a leading date, a demand cut
at its first clause break.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from summarizer.lexicon import REPORTING_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

Span = tuple[int, int]

SUBJ = ("nsubj", "nsubjpass")
# Words that open a clause without adding to it: a complementiser and discourse adverbs
# ("that the offer ...", "Thus antitrust policy ...", "Obviously we will comply ...").
_LEADING_FILLER = frozenset(
    "that thus so however nevertheless nonetheless meanwhile indeed obviously clearly "
    "certainly frankly still now then also moreover furthermore besides".split()
)


def np(head: Token, relcl: Token | None = None) -> Span:
    """A noun phrase's span, without a relative clause hanging on it."""
    inner = {t.i for t in relcl.subtree} if relcl is not None else set()
    toks = [t for t in head.subtree if t.i not in inner]
    return span(toks)


def span(toks: Iterable[Token]) -> Span:
    """From the first to the last of ``toks``, without edge punctuation, a conjunction
    or a complementiser "that" ("that the offer was fair" → "the offer was fair")."""
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].dep_ == "cc" or toks[0].lower_ in _LEADING_FILLER):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc",)):
        toks = toks[:-1]
    if not toks:
        return (0, 0)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def subtree(tok: Token, without: tuple[Token, ...] = ()) -> Span:
    """``tok``'s subtree, leaving out the subtrees of ``without``."""
    drop = {t.i for w in without for t in w.subtree}
    return span(t for t in tok.subtree if t.i not in drop)


def clause(tok: Token, without: tuple[Token, ...] = ()) -> Span:
    """A clause's span without its asides: appositions and relative clauses set off by
    commas ("Lee Raymond, the chairman of Exxon, which is based in ...") and reports
    coordinated onto it ("... and called for new thinking" opens a report of its own)."""
    asides = [t for t in tok.subtree if t.i != tok.i and aside(t)]
    # A leading time ("On Monday it would retaliate") dates the report, not the claim.
    asides += [
        c for c in tok.children if c.i < tok.i and c.left_edge.i == tok.left_edge.i and _when(c)
    ]
    # A concession after the claim ("..., although he contended ...") is another point.
    asides += [c for c in tok.children if c.i > tok.i and c.dep_ == "advcl" and _conceding(c)]
    return subtree(tok, without=(*without, *asides))


def _conceding(t: Token) -> bool:
    return any(
        c.dep_ == "mark" and c.lower_ in ("although", "though", "whereas") for c in t.children
    )


def _when(t: Token) -> bool:
    """'on Monday', 'last week', 'Wednesday': a phrase that only dates something."""
    content = [w for w in t.subtree if w.dep_ not in ("prep", "det", "punct")]
    return bool(content) and all(w.ent_type_ in ("DATE", "TIME") for w in content)


def aside(t: Token) -> bool:
    """An apposition or relative clause set off by a comma, or a report coordinated on."""
    if t.dep_ in ("appos", "relcl", "acl") and t.i > 0 and t.doc[t.left_edge.i - 1].text == ",":
        return True
    reporting = t.dep_ == "conj" and t.lemma_.lower() in REPORTING_VERBS
    return reporting and not any(c.dep_ in SUBJ for c in t.children)


def prep(verb: Token, forms: tuple[str, ...]) -> Token | None:
    """``verb``'s preposition or particle spelled one of ``forms`` ("for", "on")."""
    for c in verb.children:
        if c.dep_ in ("prep", "prt") and c.lower_ in forms:
            return c
    return None


def pobj(p: Token) -> Token | None:
    """The object of preposition ``p``."""
    return next((c for c in p.children if c.dep_ in ("pobj", "pcomp")), None)


def words(tok: Token, at: Span) -> list[str]:
    """The words of ``tok``'s sentence in ``at``."""
    return tok.doc.text[at[0] : at[1]].split()


def cut(tok: Token, at: Span) -> Span:
    """A demand ends at its first clause break ("..., Fourie said" is not part of it)."""
    text = tok.doc.text
    body = text[at[0] : at[1]]
    for mark in (";", ", saying", ", while", ", but", ", adding", " -- ", " _ "):
        pos = body.find(mark)
        if pos > 0:
            body = body[:pos]
    return at[0], at[0] + len(body.rstrip(" ,"))


def has_that(tok: Token) -> bool:
    """Whether clause ``tok`` opens with "that"."""
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)
