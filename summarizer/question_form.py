"""Turning a clause of a parsed sentence into a short, well-formed question.

Inverting a clause is a grammar job, so it is done on spaCy's dependency parse
(``parse.py``) rather than on word shapes: the subject is the verb's ``nsubj`` subtree,
the auxiliaries are its ``aux``/``auxpass`` children, and the rest of the predicate is
what hangs to the right of the verb. Three forms cover what wire copy leaves open:

* pending: "X is expected to Y" / "X could Y if Z" → "Will X Y (if Z)?"
* yes/no: "(unclear) whether X would Y" → "Would X Y?"; "whether X knew" → "Did X know?"
* wh: "(unclear) when X will Y" → "When will X Y?"; "who made Y" → "Who made Y?"

Phrases are compacted as they are built: relative clauses, appositions and anything past
a comma are dropped, so a question stays near the 8-16 words a reader asks with.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy loads only when a sentence is parsed
    from spacy.tokens import Token

MODALS = frozenset("will would could may might can should shall must 'll wo ca".split())
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})
# Children whose subtree is an aside rather than part of the phrase asked about.
_ASIDE = frozenset({"relcl", "appos", "parataxis", "punct", "meta", "dep", "cc", "preconj"})
_BREAK = frozenset({",", ";", ":", "--", "_", "(", ")", "``", "''", '"', "“", "”", "—", "–"})
# A question must not end on a word that needs something after it.
_DANGLING = frozenset({"ADP", "DET", "CCONJ", "SCONJ", "PART", "AUX", "PUNCT"})
_WH_TAGS = frozenset({"WDT", "WP", "WP$", "WRB"})
_CLAUSE_MARKS = frozenset({"if", "unless", "until", "before", "after", "once", "when"})
_PREDICATE_LIMIT = 11


def _drop(token: Token, deps: frozenset[str]) -> set[int]:
    """Indices of the subtrees of ``token``'s children with a dependency in ``deps``."""
    out: set[int] = set()
    for child in token.children:
        if child.dep_ in deps:
            out.update(t.i for t in child.subtree if t.tag_ != "HYPH" or child.dep_ != "punct")
    return out


def _cut(tokens: Iterable[Token]) -> list[Token]:
    """Tokens up to the first clause break (comma, dash, quote mark)."""
    out: list[Token] = []
    for t in tokens:
        if t.text in _BREAK or (t.text == "-" and t.whitespace_):
            break
        out.append(t)
    return out


def phrase(head: Token, conj: bool = False) -> list[Token]:
    """A noun phrase without its asides: "the board, which met Monday," → "the board".

    ``conj`` keeps coordinated nouns ("the duration or full itinerary").
    """
    asides = _ASIDE | {"acl", "advcl"} | (set() if conj else {"conj"})
    drop = _drop(head, frozenset(asides - ({"cc"} if conj else set())))
    kept = [t for t in head.subtree if t.i not in drop]
    before = [t for t in kept if t.i < head.i]
    # A comma inside the premodifiers ("the small, left-leaning party") is no clause break.
    before = [t for t in before if t.text not in _BREAK and (t.dep_ != "punct" or t.tag_ == "HYPH")]
    return [*before, head, *_cut(t for t in kept if t.i > head.i)]


def subject(verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it is the complement of ("X plans to Y")."""
    v: Token | None = verb
    while v is not None:
        for child in v.children:
            if child.dep_ in SUBJECTS and child.dep_ != "expl":
                return child
        if v.dep_ in ("xcomp", "ccomp"):
            # "urged the council to act": the object of the governing verb does the acting;
            # "alleged the incident was staged" is often parsed with the subject as object.
            obj = next((c for c in v.head.children if c.dep_ == "dobj" and c.i < v.i), None)
            if obj is not None:
                return obj
        v = v.head if v.dep_ in ("xcomp", "conj", "acomp") and v.head.i != v.i else None
    return None


def auxiliaries(verb: Token) -> list[Token]:
    """The verb's auxiliaries and negation, left of it, in order."""
    return [c for c in verb.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < verb.i]


def predicate(verb: Token, limit: int = _PREDICATE_LIMIT) -> list[Token]:
    """What follows the verb in its clause: objects, complements, an "if" clause."""
    out: list[Token] = []
    comma = False
    for child in (c for c in verb.children if c.i > verb.i):
        if child.text == "," and not comma:
            comma = True  # only a condition may follow: "will draw strength, if they run"
            continue
        if child.text in _BREAK or child.dep_ in ("relcl", "parataxis", "appos"):
            break
        if comma and not (child.dep_ == "advcl" and _mark(child) in ("if", "unless")):
            break
        if child.dep_ == "punct":
            continue
        if child.dep_ == "advcl":
            mark = next((t for t in child.children if t.dep_ == "mark"), None)
            if mark is None or mark.lower_ not in _CLAUSE_MARKS:
                break
            # The condition is what the outcome hangs on: kept, if need be short.
            out += [mark, *declarative(child, 8)]
            continue
        elif child.dep_ in ("conj", "cc"):
            if child.dep_ == "conj" and (child.pos_ != "VERB" or has_subject(child)):
                break
            if child.dep_ == "cc" and child.lower_ not in ("and", "or"):
                break  # "... but added that ..." turns to another point
            # "will delay exports and could hurt the harvest": the question's "Will"
            # already asks for both verbs.
            piece = [child] if child.dep_ == "cc" else _verb_phrase(child, 7, modal=False)
        elif child.dep_ in ("ccomp", "xcomp"):
            # A complement clause is cut to the room left, never dropped whole.
            out += declarative(child, max(limit - len(out), 5))
            continue
        else:
            piece = phrase(child) if child.pos_ in ("NOUN", "PROPN") else _cut(_compact(child))
        if out and len(out) + len(piece) > limit:
            break  # a whole phrase or none: a question never stops mid-phrase
        out += piece
    return _trim(out[: limit + 4])


def _mark(clause: Token) -> str:
    return next((c.lower_ for c in clause.children if c.dep_ == "mark"), "")


def has_subject(verb: Token) -> bool:
    """Whether the verb has a subject of its own (not one borrowed from a governing verb)."""
    return any(c.dep_ in SUBJECTS for c in verb.children)


def _compact(token: Token) -> list[Token]:
    drop = _drop(token, _ASIDE | {"advcl"})
    # Nested noun phrases lose their asides too ("of the pier, which ...").
    for t in token.subtree:
        if t.pos_ in ("NOUN", "PROPN") and t.i != token.i:
            drop |= _drop(t, _ASIDE)
    return [t for t in token.subtree if t.i not in drop]


def _verb_phrase(verb: Token, limit: int, modal: bool = True) -> list[Token]:
    auxes = [a for a in auxiliaries(verb) if modal or a.lower_ not in MODALS]
    return [*auxes, verb, *predicate(verb, limit)]


def declarative(verb: Token, limit: int = _PREDICATE_LIMIT) -> list[Token]:
    """A clause in its own word order, compacted: "the Green Party votes against her"."""
    subj = subject(verb) if has_subject(verb) else None
    head = phrase(subj) if subj is not None and subj.i < verb.i else []
    if subj is None:
        # A misparse ("if the Green Party votes" read as a noun phrase) still reads well
        # with what precedes the verb kept as it stands.
        head = [
            t
            for c in verb.children
            if c.i < verb.i and c.dep_ not in ("mark", "aux", "auxpass", "neg", "punct", "advmod")
            for t in c.subtree
            if t.text not in _BREAK and (t.dep_ != "punct" or t.tag_ == "HYPH")
        ]
    # A fronted wh-object stays: "(reveal) what he described as indiscretions".
    fronted = [
        t
        for c in verb.children
        if c.i < verb.i and c.tag_ in ("WP", "WDT") and c.dep_ in ("dobj", "attr", "pobj")
        for t in c.subtree
    ]
    return [*fronted, *head, *_verb_phrase(verb, limit)]


def _trim(tokens: list[Token]) -> list[Token]:
    while tokens and (
        (tokens[-1].pos_ in _DANGLING and tokens[-1].dep_ not in ("prt", "advmod"))
        or tokens[-1].text in _BREAK
        or tokens[-1].tag_ in _WH_TAGS
    ):
        tokens = tokens[:-1]
    return tokens


def words(tokens: Iterable[Token]) -> str:
    """Tokens back to text with their own spacing ("Yilmaz 's" stays "Yilmaz's")."""
    out: list[str] = []
    last, prev = "", -1
    seen: set[int] = set()
    for t in sorted(tokens, key=lambda t: t.i):
        if t.i in seen or (last == t.lower_ and t.pos_ == "DET"):
            continue  # "the the small party": a typo in the copy, not in the question
        if out and prev + 1 != t.i and not out[-1].endswith(" "):
            out[-1] += " "  # a dropped aside leaves a gap: "small, left" → "small left"
        seen.add(t.i)
        last, prev = t.lower_, t.i
        out.append(t.text + (t.whitespace_ or ""))
    return " ".join("".join(out).split())


def subject_text(subj: Token) -> str:
    """The subject as a question names it ("Both Smith and Jones", "the council")."""
    # A date the parse hung on the subject ("said Friday North Korea ...") is no part of it.
    kept = phrase(subj, conj=True)
    while len(kept) > 1 and kept[0].ent_type_ in ("DATE", "TIME") and kept[0].i != subj.i:
        kept = kept[1:]
    text = words(kept)
    first = kept[0]
    keep = first.pos_ != "DET" and (first.pos_ == "PROPN" or first.ent_type_ != "")
    return text if keep else text[:1].lower() + text[1:]


def ask(text: str) -> str:
    """Capitalised, with one question mark; a trailing abbreviation keeps its period."""
    text = " ".join(text.split()).rstrip(" ,;:")
    text = text[:-1] if text.endswith(".") and not _abbreviation(text) else text
    return text[:1].upper() + text[1:].rstrip(" ?") + "?"


def _abbreviation(text: str) -> bool:
    last = text.split()[-1] if text.split() else ""
    return last.count(".") > 1 or (len(last) <= 5 and last[:1].isupper() and last[:-1].isalpha())


def will(verb: Token) -> str | None:
    """ "X could/is expected to Y (if Z)" → "Will X Y (if Z)?"; None without a subject."""
    subj = subject(verb)
    if subj is None and any(c.dep_ == "expl" for c in verb.children) and verb.lemma_ == "be":
        return ask("Will there be " + words(predicate(verb)))  # "there may be two more"
    if subj is None or subj.lower_ in ("i", "we", "you", "who", "which", "that"):
        return None
    if any(t.tag_ in ("WRB", "WP", "WDT") for t in subj.subtree):
        return None  # "how many customers will opt out" is a wh-question already
    rest = [a for a in auxiliaries(verb) if a.lower_ not in MODALS and a.tag_ != "TO"]
    form = verb.text if _base(verb) else verb.lemma_
    aux_text = words(rest)
    if rest and rest[0].lemma_ in ("be", "have") and rest[0].tag_ != "VB":
        # "is being considered" → "be being considered"; "has been" → "have been".
        aux_text = f"{rest[0].lemma_} {words(rest[1:])}"
    parts = [subject_text(subj), aux_text, form, words(predicate(verb))]
    return ask("Will " + " ".join(p for p in parts if p))


def _base(verb: Token) -> bool:
    return verb.tag_ in ("VB", "VBN", "VBG") and any(
        a.lower_ in MODALS or a.tag_ == "TO" or a.lemma_ in ("be", "have")
        for a in auxiliaries(verb)
    )


def yes_no(verb: Token) -> str | None:
    """ "whether X would Y" → "Would X Y?"; "whether X knew Y" → "Did X know Y?"."""
    subj = subject(verb)
    if subj is None or not has_subject(verb):
        return None
    auxes = [a for a in auxiliaries(verb) if a.tag_ != "TO"]
    pred = words(predicate(verb))
    if auxes and auxes[0].dep_ != "neg":
        front, rest, form = auxes[0].lower_, auxes[1:], verb.text
    elif verb.lemma_ == "be":
        front, rest, form = verb.lower_, auxes, ""
    else:
        front = "does" if verb.tag_ == "VBZ" else "do" if verb.tag_ == "VBP" else "did"
        rest, form = auxes, verb.lemma_
    parts = [front, subject_text(subj), words(rest), form, pred]
    return ask(" ".join(p for p in parts if p))


def wh(verb: Token, word: Token) -> str | None:
    """ "when X will Y" → "When will X Y?"; "who made Y" → "Who made Y?"."""
    head = word.head if word.head.i != verb.i and word.head.tag_ in ("JJ", "RB") else word
    wh_words = [t for t in head.subtree if t.i <= max(word.i, head.i)]
    subj = subject(verb) if has_subject(verb) else None
    if subj is None or word.i in {t.i for t in subj.subtree}:
        # The wh-word is (in) the subject: the clause keeps its order.
        return ask(words(declarative(verb)))
    yn = yes_no(verb)
    if yn is None:
        return None
    return ask(f"{words(wh_words)} {yn[0].lower()}{yn[1:]}")


def there_be(thing: Token, tail: Iterable[Token] = ()) -> str:
    """ "a settlement is expected Friday" → "Will there be a settlement Friday?"."""
    noun = [t for t in phrase(thing) if t.lower_ != "no"]
    text = words(noun)
    text = text[:1].lower() + text[1:] if noun and noun[0].pos_ == "DET" else text
    return ask(f"Will there be {text} {words(tail)}")


def what_be(thing: Token, tail: Iterable[Token] = ()) -> str:
    """ "the impact of the deal is uncertain" → "What will be the impact of the deal?"."""
    noun = phrase(thing)
    text = words(noun)
    text = text[:1].lower() + text[1:] if noun and noun[0].pos_ == "DET" else text
    return ask(f"What will be {text} {words(tail)}")
