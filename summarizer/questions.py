"""Open questions from real copy, which seldom asks them outright.

News leaves things open in a handful of ways, each a shape of clause the dependency
parse (``parse.py``) shows directly:

* explicit uncertainty: "it was unclear whether talks were continuing", "it is not known
  who made the tape", "terms could not be determined";
* pending decisions and plans: "X is expected to / plans to / threatened to Y",
  "X has yet to decide", "X will vote on Y next week";
* hedged and conditional outcomes: "X could Y", "the deal would collapse if Z";
* contested claims: "X denied that Y", "could not confirm reports that Y".

The cues (``question_cues``) name the verb of the clause left open; ``question_form``
turns that clause into a question ("Were talks continuing?", "Will X Y if Z?"). This
module reads one sentence: it keeps its surest cue, joins two coordinated clauses into
one question, names a reported "he" or "she", and adds a question the copy asks outright.
Each question is grounded on the whole sentence and ranked (``strength``: lower is
surer), so the brief keeps the clearest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer import question_cues as cue
from summarizer import question_form as form
from summarizer.parse import parse
from summarizer.segment import MAX_SENTENCE_CHARS

if TYPE_CHECKING:  # spaCy loads only when a sentence is parsed
    from spacy.tokens import Doc


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


#: Characters past which a "sentence" is not read for questions: the segmenter's own cap
#: on one sentence, so a longer passage is a run of unpunctuated text (and the parser's
#: cost grows with length; real sentences run to a few hundred characters).
_LONGEST = MAX_SENTENCE_CHARS

#: Strength under which a cue states a point as open outright (see ``question_cues``).
SURE = cue.SURE

#: Questions one sentence may leave (its surest cues).
PER_SENTENCE = 1

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
        for detect in cue.CUES:
            hit = detect(verb)
            if hit and hit[1] and _substantial(hit[1], 1 if hit[0] < SURE else 2):
                kind = detect.__name__.strip("_")
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
