"""Demands read from the dependency parse: who asks whom for what.

The patterns agency copy uses for a demand, each a function of the demanding verb that
returns a :class:`~summarizer.attribution.Report` (its speaker is filled in by
``clauses.py``, which reads every report of a sentence):

- "urged/asked/pressed X to VP", "warned X not to VP": X (object) is the target, the
  infinitive the demand; "urged an end to N": the object is the demand;
- "demanded that X VP": X (subject of the clause) the target; "demanded / sought /
  requested / wants N": the noun phrase is the demand; "wants X to VP";
- "called for N", "called on X to VP", "appealed to X for N", "chanted for N";
- "lodged a motion against X", "stepped up the pressure on X for N": formal demands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer import tree
from summarizer.attribution import Report, Span
from summarizer.lexicon import (
    DEMAND_NOUNS,
    EXERT_VERBS,
)

if TYPE_CHECKING:
    from spacy.tokens import Token


def ask_to(verb: Token) -> Report | None:
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    act = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp")), None)
    if act is None and obj is not None:
        act = next((c for c in obj.children if c.dep_ in ("xcomp", "acl", "relcl")), None)
    if act is None:
        # "Gates urged an alliance with Netscape": the object is the demand itself.
        if obj is not None and verb.lemma_.lower() in ("urge", "press"):
            what = tree.cut(obj, tree.clause(obj))
            return (
                Report("demand", verb.text, None, what) if len(tree.words(obj, what)) >= 2 else None
            )
        return None
    subj = next((c for c in act.children if c.dep_ in tree.SUBJ), None)
    target = obj or subj
    if target is None:
        return None
    what = _demand(act, drop=subj)
    if what is None:
        return None
    return Report("demand", verb.text, None, what, tree.np(target))


def _demand(act: Token, drop: Token | None = None) -> Span | None:
    dropped = {t.i for t in drop.subtree} if drop is not None else set()
    toks = [t for t in act.subtree if t.i not in dropped]
    toks = [t for t in toks if not (t.dep_ == "aux" and t.lower_ == "to" and t.head.i == act.i)]
    toks = [t for t in toks if not (t.dep_ == "mark" and t.head.i == act.i)]
    span = tree.cut(act, tree.span(toks))
    return span if len(tree.words(act, span)) >= 1 and span[1] > span[0] else None


def ask_for(verb: Token) -> Report | None:
    lemma = verb.lemma_.lower()
    kids = list(verb.children)
    clause = next((c for c in kids if c.dep_ == "ccomp"), None)
    obj = next((c for c in kids if c.dep_ == "dobj"), None)
    if lemma in ("seek", "want") and any(c.dep_ == "xcomp" for c in kids) and obj is None:
        return None  # "sought to calm fears": an attempt, not a demand
    if clause is not None:
        subj = next((c for c in clause.children if c.dep_ in tree.SUBJ), None)
        what = _demand(clause, drop=subj if lemma == "demand" else None)
        whom = tree.np(subj) if subj is not None else None
        return Report("demand", verb.text, None, what, whom) if what else None
    if obj is not None:
        act = next((c for c in kids if c.dep_ == "xcomp"), None)
        if act is not None:  # "wants Yilmaz to resign"
            what = _demand(act)
            return Report("demand", verb.text, None, what, tree.np(obj)) if what else None
        what = tree.cut(obj, tree.clause(obj))
        return Report("demand", verb.text, None, what) if len(tree.words(obj, what)) >= 2 else None
    return None


def via(verb: Token, lemma: str) -> Report | None:
    """'called for N', 'called on X to VP', 'appealed to X for N', 'insisted on N'."""
    on = tree.prep(verb, ("on", "upon", "to"))
    target = tree.pobj(on) if on is not None else None
    act = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp")), None)
    if act is None and target is not None:
        act = next((c for c in target.children if c.dep_ in ("xcomp", "acl", "relcl")), None)
    if target is not None and act is not None and lemma != "insist":
        what = _demand(act)
        return Report("demand", verb.text, None, what, tree.np(target)) if what else None
    for_ = tree.prep(verb, ("for", "on") if lemma == "insist" else ("for",))
    obj = tree.pobj(for_) if for_ is not None else None
    if obj is None:
        return None
    what = tree.cut(obj, tree.clause(obj))
    whom = tree.np(target) if target is not None else None
    return (
        Report("demand", verb.text, None, what, whom) if len(tree.words(obj, what)) >= 1 else None
    )


def object_then_infinitive(verb: Token) -> bool:
    kids = list(verb.children)
    return any(c.dep_ in ("dobj", "dative") for c in kids) and any(c.dep_ == "xcomp" for c in kids)


def pressure(verb: Token) -> bool:
    """'stepped up the pressure on X for Y', 'renewed its call for Y'."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    # "rejected the union's demand for ...": the demand is the union's (attribution.py).
    if verb.lemma_.lower() not in EXERT_VERBS:
        return False  # "faced pressure to step down" is no one's demand
    return obj is not None and obj.lemma_.lower() in ("pressure", "call", "demand", "push")


def lodge(verb: Token) -> Report | None:
    """'lodged no-confidence motions against X', 'stepped up the pressure on X for Y'."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in DEMAND_NOUNS:
        return None
    against = tree.prep(obj, ("against", "on")) or tree.prep(verb, ("against", "on"))
    target = tree.pobj(against) if against is not None else None
    for_ = tree.prep(obj, ("for",)) or tree.prep(verb, ("for",))
    if for_ is not None and tree.pobj(for_) is not None:
        what = tree.cut(obj, tree.clause(tree.pobj(for_)))
    else:
        toks = [*obj.subtree, *(against.subtree if against is not None else ())]
        what = tree.cut(obj, tree.span(toks))
    if len(tree.words(obj, what)) < 2:
        return None
    return Report("demand", verb.text, None, what, tree.np(target) if target is not None else None)
