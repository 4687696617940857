"""Open questions from real copy, which seldom asks them outright.

News leaves things open in a handful of ways, each a shape of clause the dependency
parse (``parse.py``) shows directly:

* explicit uncertainty: "it was unclear whether talks were continuing", "it is not known
  who made the tape", "terms could not be determined";
* pending decisions and plans: "X is expected to / plans to / threatened to Y",
  "X has yet to decide", "X will vote on Y next week";
* hedged and conditional outcomes: "X could Y", "the deal would collapse if Z";
* contested claims: "X denied that Y", "could not confirm reports that Y".

Each cue names the verb of the clause left open; ``question_form`` turns that clause
into a question ("Were talks continuing?", "Will X Y if Z?"), grounded on the whole
sentence. Cues are ranked (``rank``: lower is surer) so the brief keeps the clearest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer import question_form as form
from summarizer.parse import parse

if TYPE_CHECKING:  # spaCy loads only when a sentence is parsed
    from spacy.tokens import Doc, Token


@dataclass(frozen=True)
class OpenQuestion:
    """A question and the span of the passage text that leaves it open."""

    question: str
    span: tuple[int, int]
    #: How sure the cue is that something is open (lower is surer): about 1 for explicit
    #: uncertainty, 2 for requests and unsettled states, 3 for hedges, 3.3 for stated plans
    #: (a plan reported is mostly intent, seldom the point the story leaves open).
    strength: float
    #: Which cue found it ("explicit", "withheld", "pending", "contested", "hedged", "asked").
    kind: str = ""


#: Characters past which a "sentence" is not read for questions (the parser's cost grows
#: with length, and real sentences run to a few hundred characters).
_LONGEST = 2000

#: Questions one sentence may leave (its surest cues).
PER_SENTENCE = 1

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


_QUOTE = re.compile(r"(?:``|“|\")(.*?)(?:''|”|\"|$)")


def _quoted(doc: Doc) -> set[int]:
    """Indices of tokens inside quotation marks: a speaker's words, not the reporter's."""
    spans = [m.span(1) for m in _QUOTE.finditer(doc.text)]
    # A quote opened in an earlier sentence closes in this one: "... overboard.''"
    closing = re.search(r"''|”", doc.text)
    opening = re.search(r"``|“", doc.text)
    if closing and (opening is None or closing.start() < opening.start()):
        spans.append((0, closing.start()))
    return {t.i for t in doc if any(a <= t.idx < b for a, b in spans)}


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


_SLIGHT = frozenset(
    """will would could did do does is are was were be been have has had what who when how
    why where which there the a an of to in on at for and or it he she they them his her
    its their him this that these those get not""".split()
)


def _substantial(question: str, least: int = 2) -> bool:
    """Long enough to say what is open: "Will he win?" names nothing the story is about."""
    words = [w.strip("?,.'\"").lower() for w in question.split()]
    return len(words) <= 26 and len([w for w in words if w and w not in _SLIGHT]) >= least


# A question the copy asks outright, or quotes someone asking: "asked: Who will pay?".
_ASKED = re.compile(r"(?:^|:\s+|``\s*|\"\s*|“)([A-Z][^:`\"“”]*\?)(?:''|[\"”'])?\s*$")
# A real question opens with its wh-word or auxiliary ("Who will pay?"), not "But how
# many others will?" or "What if ...?", which argue rather than ask.
_OPENER = re.compile(
    r"(?:Who|What(?! if)|When|Where|Which|Why|How|Will|Would|Can|Could|Should|Is|Are|Was|"
    r"Were|Do|Does|Did|Has|Have|Had)\b"
)
# Questions put to "you" or "us" are rhetoric, not open points of the story.
_RHETORICAL = re.compile(r"\b(?:you|your|we|us|our)\b", re.IGNORECASE)

# "Will he ...?" says less than "Will the council ...?": a pronoun's referent lies
# outside the sentence, so such a question ranks a little lower.
_PRONOUNS = frozenset("he she it they his her its their".split())
_VAGUE = 0.4

_CUES = (_explicit, _conflicting, _withheld, _awaited, _pending, _contested, _hedged)


def find(text: str, before: str = "") -> list[OpenQuestion]:
    """The open question one sentence leaves (its surest cue), or none.

    ``before`` is the text just ahead of the sentence: a "he" or "she" the question
    opens with is named from it ("Will he resign?" → "Will Yilmaz resign?").
    """
    if len(text) > _LONGEST:
        return []  # no sentence is this long: a run of unpunctuated text asks nothing
    return [_named(q, text, before if len(before) <= _LONGEST else "") for q in _find(text)]


def _named(q: OpenQuestion, text: str, before: str) -> OpenQuestion:
    words = q.question.split(" ", 2)
    if len(words) < 3 or words[1] not in ("he", "she"):
        return q
    # Only a person named ahead of the pronoun can be its referent.
    at = min((i for i in (text.find(" he "), text.find(" she ")) if i >= 0), default=len(text))
    name = _speaker(text) or _last_person(text, at) or _last_person(before)
    if name is None:
        return q
    # Named, it says as much as any question with a named subject.
    strength = q.strength - _VAGUE
    return OpenQuestion(f"{words[0]} {name} {words[2]}", q.span, strength, q.kind)


def _speaker(text: str) -> str | None:
    """ "Estrada said he would ..." → "Estrada": who a reported "he" or "she" is."""
    for t in parse(text):
        if t.lower_ in ("he", "she") and t.dep_ in ("nsubj", "nsubjpass"):
            said = t.head.head
            subj = next((c for c in said.children if c.dep_ == "nsubj"), None)
            if subj is not None and subj.pos_ == "PROPN" and said.i != t.head.i:
                return subj.text
            return None
    return None


def _last_person(text: str, until: int | None = None) -> str | None:
    """The surname of the last person named in ``text[:until]`` ("Mesut Yilmaz" → "Yilmaz")."""
    end = len(text) if until is None else until
    ents = parse(text).ents if text else ()
    people = [e for e in ents if e.label_ == "PERSON" and e.end_char <= end]
    if not people:
        return None
    last = people[-1]
    surname = last[-1].text if last[-1].text not in ("'s", "'") else last[0].text
    return surname if surname[:1].isupper() and surname.isalpha() else None


def _either(first: str, second: str) -> str:
    """ "Will X get A?" + "Will Y get B?" → "Will X get A, or will Y get B?".

    A subject the two share is said once: "Will X sign, or X delay?" → "..., or delay?".
    """
    a, b = first.rstrip("?").split(), second.split()
    same = 1
    while same < min(len(a), len(b)) - 1 and a[same] == b[same]:
        same += 1
    shared = {w.lower() for w in a[1:same]} - {"the", "a", "an", "this", "that"}
    tail = " ".join(b[same:]) if shared else f"{second[:1].lower()}{second[1:]}"
    return f"{' '.join(a)}, or {tail}"


def _find(text: str) -> list[OpenQuestion]:
    doc = parse(text)
    quoted = _quoted(doc)
    found: list[OpenQuestion] = []
    by_verb: dict[int, OpenQuestion] = {}
    for verb in doc:
        if verb.pos_ not in ("VERB", "AUX", "ADJ", "NOUN") or verb.i in quoted:
            continue
        for cue in _CUES:
            hit = cue(verb)
            if hit and hit[1] and _substantial(hit[1], 1 if hit[0] < SURE else 2):
                kind = cue.__name__.strip("_")
                rank = hit[0] + (_VAGUE if hit[1].split()[1].lower() in _PRONOUNS else 0.0)
                q = OpenQuestion(hit[1], (0, len(text)), rank, kind)
                first = by_verb.get(verb.head.i) if verb.dep_ == "conj" else None
                if first is not None and verb.text in first.question.split():
                    # "could delay X and could hurt Y": the first question has both.
                    found.remove(first)
                    q = OpenQuestion(first.question, q.span, min(first.strength, rank), kind)
                elif first is not None and first.kind == kind:
                    # "X has asked for A and Y has asked for B": one point, two sides.
                    found.remove(first)
                    q = OpenQuestion(
                        _either(first.question, q.question), q.span, first.strength, kind
                    )
                by_verb[verb.i] = q
                found.append(q)
                break
    asked = _ASKED.search(text)
    if (
        asked
        and len(asked.group(1).split()) >= 4
        and _substantial(asked.group(1), 1)
        and not _RHETORICAL.search(asked.group(1))
        and _OPENER.match(asked.group(1))
    ):
        found.append(OpenQuestion(form.ask(asked.group(1)), (0, len(text)), 1.2, "asked"))
    return sorted(found, key=lambda q: q.strength)[:PER_SENTENCE]
