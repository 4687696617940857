"""The cues of open questions: which clause of a parsed sentence a story leaves open.

Each cue looks at one verb of the dependency parse (``parse.py``) and, when the verb's
clause is left open, returns how sure it is (lower is surer) and the question
``question_form`` makes of it:

* explicit: a whether/wh clause under "unclear", "not known", "did not say", "declined
  to say"; "conflicting reports indicate X";
* withheld: "terms could not be determined", "did not give the itinerary";
* awaited: "the impact of X is uncertain", "has applied for amnesty", "no date has been
  set for the vote", "faces trial", "is pending approval", "has not ruled out X";
* pending: "X is expected to / plans to / threatened to Y", "has yet to decide";
* contested: "X denied that Y", "could not confirm claims that Y";
* hedged: "X could / may / would Y (if Z)".

``questions.py`` runs them over a sentence, keeps its surest, and names its pronouns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer import question_form as form

if TYPE_CHECKING:  # spaCy loads only when a sentence is parsed
    from spacy.tokens import Token

#: Strength under which a cue states a point as open outright (or names what was asked
#: for): "unclear whether", "did not give the itinerary", "has applied for amnesty".
SURE = 2.0

# Words that, governing a whether/wh clause, say its answer is not known ...
_UNKNOWN = frozenset(
    """unclear uncertain unknown undecided wonder question debate discuss discussion decide
    doubt choosy consider issue""".split()
)
# ... and words that say so only when negated ("did not say whether", "not clear who").
_UNKNOWN_NEGATED = frozenset(
    """clear know say confirm disclose determine reveal indicate specify explain certain
    sure tell""".split()
)
# Verbs taking "to Y" that leave Y pending: "is expected to", "plans to", "threatened to".
_PENDING = frozenset(
    """expect likely schedule due set poise plan prepare threaten vow promise intend seek
    aim propose pledge yet consider""".split()
)
_CONTEST = frozenset("deny dispute allege claim accuse".split())
_WITHHELD = frozenset("give disclose reveal provide release identify specify".split())
_HEDGES = {"could": 3.0, "may": 3.0, "might": 3.0, "would": 3.2, "will": 3.6, "'ll": 3.6}


def _wh_word(verb: Token) -> Token | None:
    for t in verb.subtree:
        if t.tag_ in ("WRB", "WP", "WDT", "WP$") and t.i < verb.i:
            # Only a wh-word of this clause, not of a clause nested inside it.
            head = t
            while head.head.i != head.i and head.i != verb.i and head.dep_ != "relcl":
                head = head.head
            if head.i == verb.i:
                return t
    return None


def _governor_words(verb: Token) -> set[str]:
    """The words of the clause's governor that say its answer is unknown (empty if none)."""
    gov = verb.head
    if gov.dep_ == "prep" or gov.pos_ == "ADP":  # "debate on whether", "questions about who"
        gov = gov.head
    # "the debate unfolded on whether ...": the governor's subject may carry the doubt.
    words = {gov.lemma_.lower()} | {
        c.lemma_.lower() for c in gov.children if c.dep_ in ("acomp", "attr", "dobj", "nsubj")
    }
    negated = any(c.dep_ == "neg" or c.lower_ in ("no", "never") for c in gov.children)
    # "declined to say when": refusing to say is not saying.
    negated = negated or (gov.dep_ == "xcomp" and gov.head.lemma_ in ("decline", "refuse"))
    return words & _UNKNOWN or (words & _UNKNOWN_NEGATED if negated else set())


def _explicit(verb: Token) -> tuple[float, str | None] | None:
    """A whether/wh clause under "unclear", "not known", "did not say" and the like."""
    if (
        verb.dep_ not in ("ccomp", "advcl", "pcomp", "xcomp", "csubj", "acl")
        or verb.head.i == verb.i
    ):
        return None
    mark = next((c for c in verb.children if c.dep_ == "mark"), None)
    wh_word = _wh_word(verb)
    if mark is not None and mark.lower_ in ("whether", "if"):
        if not _governor_words(verb):
            return None
        if any(a.tag_ == "TO" for a in form.auxiliaries(verb)):
            # "debate on whether to impeach the president" → "Will they impeach ...?"
            return 1.0, form.ask(f"Will they {verb.text} {form.words(form.predicate(verb))}")
        return 1.0, form.yes_no(verb)
    # "which"/"that" open relative clauses, not questions.
    real_wh = wh_word is not None and wh_word.lower_ not in ("which", "that", "whose")
    if real_wh and mark is None and verb.dep_ != "relcl" and _governor_words(verb):
        return 1.0, form.wh(verb, wh_word)
    return None


def _pending(verb: Token) -> tuple[float, str | None] | None:
    """ "X is expected to / plans to / threatened to Y" → "Will X Y?"."""
    considering = verb.dep_ == "xcomp" and verb.tag_ == "VBG" and verb.head.lemma_ == "consider"
    if considering:  # "was considering not going to the forum"
        return 3.3, form.will(verb)
    if verb.dep_ not in ("xcomp", "ccomp") or not any(
        a.tag_ == "TO" for a in form.auxiliaries(verb)
    ):
        return None
    gov = verb.head
    # "has yet to decide": "yet" hangs on "has", not on "decide".
    words = {gov.lemma_.lower()} | {
        c.lemma_.lower() for c in gov.children if c.dep_ in ("acomp", "advmod")
    }
    if not words & _PENDING:
        if gov.lemma_ == "be" and gov.i < verb.i:  # "the two sides were to sign Friday"
            return 2.4, form.will(verb)
        return None
    return 3.3, form.will(verb)


def _hedged(verb: Token) -> tuple[float, str | None] | None:
    """ "X could / may / would Y (if Z)" → "Will X Y (if Z)?"."""
    auxes = form.auxiliaries(verb)
    modal = next((a for a in auxes if a.lower_ in _HEDGES), None)
    if modal is None or any(a.dep_ == "neg" for a in auxes):
        return None  # "could not stretch further" is a stance, not an open outcome
    if any(a.lemma_ == "have" for a in auxes) and verb.tag_ == "VBN":
        return None  # "could have had": what might have been is past, not pending
    if any(c.tag_ in ("WP", "WDT") and c.i < verb.i for c in verb.children):
        return None  # "what impact a recession would have": no yes/no question in it
    rank = _HEDGES[modal.lower_]
    if any(c.dep_ == "advcl" and _mark(c) in ("if", "unless") for c in verb.children):
        rank -= 0.5  # a conditional outcome states exactly what it hangs on
    dated = any(t.ent_type_ in ("DATE", "TIME") for t in verb.subtree)
    if modal.lower_ in ("will", "'ll") and dated:
        rank -= 0.8  # a dated future event is pending until that day
    return rank, form.will(verb)


def _mark(clause: Token) -> str:
    return next((c.lower_ for c in clause.children if c.dep_ == "mark"), "")


def _contested(verb: Token) -> tuple[float, str | None] | None:
    """ "X denied that Y" / "could not confirm claims that Y" → "Did Y?"."""
    if verb.dep_ not in ("ccomp", "acl") or _mark(verb) not in ("that", ""):
        return None
    gov = verb.head
    negated = any(c.dep_ == "neg" for c in gov.children)
    if gov.lemma_ in _CONTEST or (gov.lemma_ == "confirm" and negated):
        return 3.0, form.yes_no(verb)
    owner = gov.head  # "denied claims that Y": the claim is the denial's object
    claim = gov.pos_ == "NOUN" and gov.lemma_ in ("claim", "report", "allegation", "accusation")
    if claim and (owner.lemma_ in _CONTEST or any(c.dep_ == "neg" for c in owner.children)):
        return 3.0, form.yes_no(verb)
    return None


def _withheld(verb: Token) -> tuple[float, str | None] | None:
    """ "terms could not be determined", "did not give the itinerary" → "What are ...?"."""
    negated = any(c.dep_ == "neg" for c in verb.children) or any(
        c.lower_ == "no" for c in verb.subtree if c.dep_ == "det"
    )
    if not negated:
        return None
    if verb.lemma_ in ("determine", "disclose", "reveal", "confirm") and verb.tag_ == "VBN":
        thing = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    elif verb.lemma_ in _WITHHELD:
        thing = next((c for c in verb.children if c.dep_ == "dobj"), None)
    else:
        return None
    if thing is None or thing.pos_ not in ("NOUN", "PROPN"):
        return None
    vague = ("other", "further", "more", "additional", "immediate", "any")
    if not any(
        c.dep_ in ("prep", "conj", "compound") or (c.dep_ == "amod" and c.lower_ not in vague)
        for c in thing.children
    ):
        return None  # "gave no other details" says nothing of what they would be about
    noun = [t for t in form.phrase(thing, conj=True) if t.lower_ != "no"]
    owned = any(t.dep_ == "poss" for t in noun)
    be = (
        "are"
        if thing.tag_ in ("NNS", "NNPS") or any(c.dep_ == "cc" for c in thing.children)
        else "is"
    )
    the = "" if owned else "the "
    kept = [t for t in noun if t.dep_ != "det" or t.head.i != thing.i]
    text = form.words(kept)
    if kept and kept[0].pos_ != "PROPN" and not kept[0].ent_type_:
        text = text[:1].lower() + text[1:]  # "Financial terms of ..." began the sentence
    return 1.5, form.ask(f"What {be} {the}{text}")


_OPEN_STATE = frozenset("uncertain unclear unknown undecided pending doubtful open".split())
_OPEN_NOUNS = frozenset("possibility prospect fear fears chance speculation risk".split())
_ASKED_FOR = frozenset("apply request seek await wait ask".split())


def _awaited(verb: Token) -> tuple[float, str | None] | None:
    """Something named as still to come or still unsettled, without a clause of its own.

    "The impact of X is uncertain", "a deal is expected Friday", "has not ruled out
    further cuts", "has applied for amnesty", "the possibility that X will Y".
    """
    kids = list(verb.children)
    subj = next((c for c in kids if c.dep_ in ("nsubj", "nsubjpass")), None)
    obj = next((c for c in kids if c.dep_ == "dobj"), None)
    state = next((c for c in kids if c.dep_ == "acomp" and c.lower_ in _OPEN_STATE), None)
    tail = [t for c in kids if c.dep_ == "prep" for t in form.phrase(c)][:8]
    if verb.lemma_ == "be" and state is not None and subj is not None and subj.pos_ == "NOUN":
        return 1.6, form.what_be(subj, [t for t in tail if t.i < state.i])
    if verb.dep_ == "acl" and _mark(verb) in ("that", "") and verb.head.lower_ in _OPEN_NOUNS:
        return 1.8, form.will(verb) if _modal(verb) else form.yes_no(verb)
    if (
        verb.lemma_ == "expect"
        and verb.tag_ == "VBN"
        and subj is not None
        and not subj.ent_type_  # people "expected at the talks" are guests, not outcomes
        and not any(c.dep_ in ("xcomp", "ccomp") for c in kids)
    ):
        return 2.4, form.there_be(subj, form.predicate(verb, 6))
    if verb.lemma_ == "rule" and obj is not None and any(c.dep_ == "neg" for c in kids):
        return 2.4, form.there_be(obj)
    doubt = any(p.dep_ == "prep" and any(t.lower_ == "doubt" for t in p.children) for p in kids)
    if doubt and obj is not None:
        return 2.0, form.there_be(obj)
    progressive = any(a.lemma_ in ("have", "be") for a in form.auxiliaries(verb))
    if verb.lemma_ in _LOOKED_INTO and progressive and obj is not None and obj.pos_ == "NOUN":
        # "police are investigating possible charges" → "Will there be possible charges?"
        inner = _unwrap(obj)
        return 2.4, form.there_be(inner)
    unset = _unset(verb, subj)
    if unset:
        return unset
    if verb.dep_ == "relcl" and subj is not None and subj.tag_ in ("WP", "WDT"):
        subj = verb.head  # "Anwar, who faces trial" → Anwar
    if verb.lemma_ == "face" and obj is not None and obj.lemma_ in _ORDEALS and subj is not None:
        # "X faces trial next month" → "What will be the outcome of X's trial next month?"
        rest = form.words(t for t in form.phrase(obj) if t.dep_ != "det")
        return 2.4, form.ask(f"What will be the outcome of {form.subject_text(subj)}'s {rest}")
    awaits = next((c for c in kids if any(t.lower_ == "pending" for t in c.children)), None)
    if verb.lemma_ == "be" and subj is not None and awaits is not None and awaits.i > verb.i:
        # "the sale is pending approval by regulators" → "Will the sale get approval ...?"
        got = [t for t in form.phrase(awaits) if t.lower_ != "pending"]
        return 2.4, form.ask(f"Will {form.subject_text(subj)} get {form.words(got)}")
    asked = next((c for c in kids if c.dep_ == "prep" and c.lower_ == "for"), None)
    perfect = any(a.lemma_ in ("have", "be") for a in form.auxiliaries(verb))
    if (
        verb.lemma_ in _ASKED_FOR
        and perfect
        and subj is not None
        and subj.lower_ not in ("i", "we")
    ):
        thing = obj or next((c for c in asked.children if c.dep_ == "pobj"), None) if asked else obj
        if thing is not None and thing.pos_ in ("NOUN", "PROPN"):
            return 1.9, form.ask(
                f"Will {form.subject_text(subj)} get {form.words(form.phrase(thing))}"
            )
    return None


_ORDEALS = frozenset("trial charge vote election deadline hearing penalty sentence".split())


def _unset(verb: Token, subj: Token | None) -> tuple[float, str | None] | None:
    """ "No date has been set for the vote" → "When will the vote take place?"."""
    if verb.lemma_ not in ("set", "schedule", "fix", "announce") or subj is None:
        return None
    if subj.lemma_ not in ("date", "time", "timetable") or not any(
        c.lower_ == "no" for c in subj.children
    ):
        return None
    event = next((c for c in verb.children if c.dep_ == "prep" and c.lower_ == "for"), None)
    event = event or next(
        (c for c in subj.children if c.dep_ == "prep" and c.lower_ == "for"), None
    )
    noun = next((c for c in event.children if c.dep_ == "pobj"), None) if event else None
    if noun is None:
        return None
    return 1.5, form.ask(f"When will {form.subject_text(noun)} take place")


_LOOKED_INTO = frozenset("investigate study weigh consider probe".split())


def _unwrap(noun: Token) -> Token:
    """ "the possibility of a presidential race" → "a presidential race"."""
    if noun.lemma_ in ("possibility", "prospect", "idea", "option", "question"):
        of = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        inner = next((c for c in of.children if c.dep_ == "pobj"), None) if of else None
        return inner if inner is not None else noun
    return noun


def _conflicting(verb: Token) -> tuple[float, str | None] | None:
    """ "Conflicting reports indicate X was Y" → "Was X Y?"."""
    if verb.dep_ != "ccomp":
        return None
    subj = next((c for c in verb.head.children if c.dep_ == "nsubj"), None)
    if subj is None or not any(c.lower_ in ("conflicting", "contradictory") for c in subj.children):
        return None
    return 1.0, form.yes_no(verb)


def _modal(verb: Token) -> bool:
    return any(a.lower_ in _HEDGES for a in form.auxiliaries(verb))


#: The cues, in the order they are tried on each verb (the first that fires wins).
CUES = (_explicit, _conflicting, _withheld, _awaited, _pending, _contested, _hedged)
