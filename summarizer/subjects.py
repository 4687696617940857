"""Whose report it is: the speaker of a reporting or stance verb, read from the parse.

``clauses.py`` reads what a verb reports (the clause, the stance, the demand); this module
finds who reports it, which is a separate question with rules of its own:

- the verb's subject, or for a relative clause the noun it describes ("Sharon, who
  opposes ..."), or the party that noun stands for ("X is a group that says ...");
- "Antara quoted Alatas as saying": the quoted object speaks;
- a verb without a subject of its own takes its governor's ("vowed to stay on, saying
  ..."; "said ... and criticised ..."), but a stance verb that is only part of another
  verb's phrase ("refused to accept") is nobody's stance;
- a passive verb's speaker is its agent ("rejected by Kiev"), never its subject;
- "Livingston's colleagues" are not Livingston, "Livingston's spokesman" speaks for him.

Which party a speaker phrase then names is ``speakers.py``'s question, asked by
``claims.py``.

Public API::

    with_speaker(rep, verb) -> Report | None   # rep with speaker and lemma, or None
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer import tree
from summarizer.lexicon import NOT_OWNER_NOUNS, REPORTING_VERBS, STANCE_VERBS

if TYPE_CHECKING:
    from spacy.tokens import Token

    from summarizer.attribution import Report, Span

# Dependents that take their governor's subject: "vowed to stay on, saying ...".
_CLIMB = ("conj", "xcomp", "advcl", "pcomp", "pobj", "prep", "dobj")


def with_speaker(rep: Report, verb: Token) -> Report | None:
    """``rep`` with its speaker and lemma set, or None when ``verb`` has no speaker.

    A passive verb's speaker is its agent ("rejected by Kiev"); a speaker the tree put
    inside the clause ends the clause there.
    """
    who = rep.who or _speaker(verb)
    if any(c.dep_ == "nsubjpass" for c in verb.children) and verb.lemma_.lower() != "quote":
        # "The plan was rejected by Kiev", "officials were warned that ...": the agent
        # takes the stance, not the subject ("X was quoted as saying" is X's own).
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        by = tree.pobj(agent) if agent is not None else None
        who = tree.np(by) if by is not None else None
    if who is None:
        return None
    a, b = rep.what
    inside_gap = rep.gap is not None and rep.gap[0] <= who[0] < rep.gap[1]
    if a <= who[0] < b and not inside_gap:
        # A misread tree put the speaker inside the clause ("``...,'' X, head of Y,
        # said"): the clause is what comes before the speaker.
        b = _trim_end(verb.doc.text, a, who[0])
        if len(verb.doc.text[a:b].split()) < 3:
            return None
        rep.what = (a, b)
    rep.who = who
    rep.lemma = verb.lemma_.lower()
    return rep


def _trim_end(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] in " ,;:`'\"":
        b -= 1
    return b


def _speaker(verb: Token) -> Span | None:
    """The subject of ``verb``, or of the verb it hangs on when it has none."""
    tok = verb
    for _ in range(4):
        quoted = [c for c in tok.children if c.dep_ == "dobj"]
        if tok.lemma_.lower() == "quote" and quoted:
            return tree.np(quoted[0])  # "Antara quoted Alatas as saying": Alatas speaks
        subj = [c for c in tok.children if c.dep_ in tree.SUBJ]
        if subj and subj[0].lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
            return _antecedent(tok)  # "Sharon, who opposes ...": Sharon
        if subj:
            return _owner_np(subj[0])
        if (
            tok.dep_ == "conj"
            and tok.head.dep_ == "ccomp"
            and tok.lemma_.lower() in REPORTING_VERBS
            and not any(c.dep_ in tree.SUBJ and c.pos_ == "PROPN" for c in tok.head.children)
        ):
            tok = tok.head.head  # "X said the results should ... and called for ..."
            continue
        if tok.dep_ == "relcl":
            return _antecedent(tok)
        if tok.i == verb.i and verb.lemma_.lower() in STANCE_VERBS and tok.dep_ != "conj":
            # "barred X from accepting", "refused to accept": a stance verb that is
            # only part of another verb's phrase is nobody's stance of its own.
            break
        # "was quoted as saying", "vowed to stay on, saying ...", "said ... and criticised".
        if tok.dep_ in _CLIMB and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    return None


def _antecedent(relcl: Token) -> Span:
    """Who a relative clause is about: its noun, or the party that noun describes
    ("David Levy, a moderate who opposed ...", "X is a group that says ...")."""
    head = relcl.head
    if head.dep_ == "appos":
        return tree.np(head.head, relcl=head)
    if head.dep_ == "attr":
        subj = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            return tree.np(subj)
    return tree.np(head, relcl=relcl)


def _owner_np(head: Token) -> Span:
    """A subject's span; "Livingston's colleagues" is not Livingston (only the words from
    the head noun on), while "Livingston's spokesman" speaks for him (the whole phrase)."""
    poss = next((c for c in head.children if c.dep_ == "poss"), None)
    if poss is None or head.lemma_.lower() not in NOT_OWNER_NOUNS:
        return tree.np(head)
    inner = {t.i for t in poss.subtree}
    return tree.span(t for t in head.subtree if t.i not in inner and t.i >= poss.right_edge.i)
