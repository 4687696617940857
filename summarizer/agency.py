"""Whether an actor candidate acts in the article: says, wants or does something.

An analyst counts as a party an entity the article reports as saying, demanding or doing
something in the dispute, not one merely named ("a study by the harbour board", "talks in
Oslo"). The dependency parse (``parse.py``) tells that directly: a party is the subject of
a verb of saying or of stance ("the union said", "Ankara rejected", "said Olga Brandt"), the
source of an "according to", or the owner of the spokesman who speaks ("the board's
spokesman said"). A title or apposition around the name ("Minister Olga Brandt, who heads
the ministry, said") does not hide it: the parse climbs to the phrase's head.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING

from summarizer import gazetteer
from summarizer.parse import parse
from summarizer.schema import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Token

#: Lemmas of verbs by which a subject states, asks for, backs or rejects something.
SPEECH_LEMMAS = frozenset(
    """
    say tell accuse urge demand call deny insist warn claim argue add announce reject want
    ask propose threaten criticize criticise refuse agree vow pledge promise condemn describe
    believe charge expect hope oppose support plan seek decide predict respond note suggest
    report acknowledge admit maintain complain write testify protest confirm dismiss welcome
    stress counter state blame appeal plead vote sue order question challenge allege defend
    back endorse praise reply explain declare repeat estimate tout boycott press favor favour
    lodge file launch stage march rally walk see cite comment doubt fear concede contend
    recommend suspect worry recognize recognise accept approve veto block resist chant
    shout cheer advocate rule
    """.split()
)
# A possessor speaks through these ("the ministry's spokesman said").
_VOICES = frozenset(
    "spokesman spokeswoman spokesperson statement official officials lawyer lawyers "
    "representative envoy leader leaders".split()
)
# Verbs whose object is a source speaking.
_CITING = frozenset("cite quote".split())
# Nouns of saying or stance whose source follows "from" or "by" ("criticism from the
# ministry", "a call by the union", "reluctance by officials").
SPEECH_NOUNS = frozenset(
    """
    criticism condemnation disapproval protest protests call calls demand demands statement
    appeal warning warnings objection objections opposition reluctance pressure plea
    expression expressions rejection refusal support endorsement complaint complaints
    """.split()
)
# "A group of Teamsters said": the members act through the group noun.
_PARTS = frozenset("group groups members hundreds thousands dozens crowd crowds".split())
# The press reports; it is not a party to what it reports.
_PRESS = frozenset(
    "agency newspaper newsmagazine magazine daily weekly television radio broadcaster "
    "network channel".split()
)
# Clause links that keep the same subject: "X met Y and said", "X, who said".
_CLIMB = frozenset({"appos", "compound", "conj", "amod", "nmod"})


@lru_cache(maxsize=16384)
def _pattern(alias: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(w) for w in alias.split())
    flags = re.IGNORECASE if alias[:1].islower() else 0
    return re.compile(rf"(?<![\w'-]){body}(?![\w-])", flags)


def _clause_role(text: str, start: int, end: int) -> Token | None:
    """The token standing for the mention in its clause (past titles and appositions)."""
    span = parse(text).char_span(start, end, alignment_mode="expand")
    if span is None:
        return None
    tok = span.root
    for _ in range(4):  # a title, apposition or conjunct around the name
        if tok.dep_ not in _CLIMB or tok.head is tok or not _same_party(tok):
            break
        tok = tok.head
        if tok.lower_ in _PRESS:
            return None  # "the Antara news agency reported": the press is no party
    if tok.dep_ == "poss" and tok.head.lemma_.lower() in _VOICES:
        tok = tok.head
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in _PARTS:
        tok = tok.head.head
    return tok


def _same_party(tok: Token) -> bool:
    """Whether the phrase ``tok`` modifies still stands for the same party: "Exxon
    officials" is Exxon speaking, "a close Syria ally" is not Syria."""
    head = tok.head
    if tok.dep_ in ("appos", "conj") or head.pos_ == "PROPN" or head.text[:1].isupper():
        return True
    word = head.lower_
    return word in _VOICES or word in _PEOPLE or word in _COLLECTIVE or word in _PRESS


# "The tape, said Olga Brandt, the board's lawyer, shows ...": a speaker inverted after
# "said" in a parenthetical, which the parse often reads as the main clause's subject.
_INVERTED = re.compile(r"(?:,|''|\"|``)\s*(?:said|says|added|asked)\s+(?:[A-Z][\w.'-]*\s+){0,4}$")


def _speaks(text: str, start: int, end: int) -> bool:
    if _INVERTED.search(text[:start]) and re.match(r"\s*,", text[end:]):
        return True
    tok = _clause_role(text, start, end)
    if tok is None:
        return False
    if _stance_clause(tok):
        return True
    if tok.dep_ in ("nsubj", "nsubjpass", "csubj"):
        return says(tok.head)
    if tok.dep_ == "dobj" and tok.head.lemma_.lower() in _CITING:
        return True  # "quoting officials", "citing law enforcement sources"
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return tok.head.head.lemma_.lower() in SPEECH_LEMMAS
    if tok.dep_ == "pobj" and tok.head.lower_ in ("from", "by"):
        source = tok.head.head
        while (
            source.dep_ == "conj"
            and source.head is not source
            and source.lemma_.lower() not in SPEECH_NOUNS
        ):
            source = source.head  # "expressions of disapproval from ..."
        if source.lower_ == "of" or source.dep_ == "prep":
            source = source.head
        if source.pos_ in ("VERB", "AUX"):  # "brought criticism ... from the ministry"
            return any(
                c.dep_ == "dobj" and c.lemma_.lower() in SPEECH_NOUNS for c in source.children
            )
        return source.lemma_.lower() in SPEECH_NOUNS
    if tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.pos_ == "PROPN":
        # "the backing of Syria": a named party's support ("support of the plan" is no
        # party: the plan is what is supported, and it is no proper name).
        return tok.head.head.lemma_.lower() in _BACKING
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"


def says(verb: Token) -> bool:
    """A verb of saying or stance, or one leading into it ("began to worry", "seems to
    want", "continued to insist")."""
    if verb.lemma_.lower() in SPEECH_LEMMAS:
        return True
    # "issued a statement", "voiced criticism", "advertised an offer": a stance as object.
    return any(
        (c.dep_ == "xcomp" and c.lemma_.lower() in SPEECH_LEMMAS)
        or (c.dep_ == "dobj" and c.lemma_.lower() in _STANCE_OBJECTS)
        for c in verb.children
    )


# What one issues, voices or lodges; not "support" or "pressure", which one may also lose
# or face.
_STANCE_OBJECTS = frozenset(
    "statement call demand appeal warning protest complaint objection plea offer ultimatum "
    "bid condemnation criticism".split()
)


# Nouns whose "of" names the backer when the backer is a proper name.
_BACKING = frozenset("support backing endorsement blessing approval".split())


def _stance_clause(tok: Token) -> bool:
    """'David Levy, a moderate who opposed the plan': a relative clause on the name (or on
    its apposition) whose subject is the name states its stance."""
    for node in [tok, *(c for c in tok.children if c.dep_ == "appos")]:
        for clause in node.children:
            if clause.dep_ != "relcl" or clause.lemma_.lower() not in SPEECH_LEMMAS:
                continue
            if any(c.dep_ == "nsubj" and c.lower_ in ("who", "which") for c in clause.children):
                return True
    return False


def _mentions(aliases: Iterable[str], texts: Iterable[str]) -> Iterator[tuple[str, int, int]]:
    forms = [a for a in dict.fromkeys(aliases) if a.strip()]
    for text in texts:
        for alias in forms:
            for m in _pattern(alias).finditer(text):
                yield text, m.start(), m.end()


def subject_count(aliases: Iterable[str], texts: Iterable[str]) -> int:
    """How often the actor is the subject (or passive agent) of any verb: how often it acts."""
    count = 0
    for text, start, end in _mentions(aliases, texts):
        tok = _clause_role(text, start, end)
        if tok is not None and (
            tok.dep_ in ("nsubj", "nsubjpass") or (tok.dep_ == "pobj" and tok.head.dep_ == "agent")
        ):
            count += 1
    return count


def speaks(aliases: Iterable[str], texts: Iterable[str]) -> bool:
    """True when any of ``aliases`` is the subject of a verb of saying or stance."""
    forms = [a for a in dict.fromkeys(aliases) if a.strip()]
    for text in texts:
        for alias in forms:
            for m in _pattern(alias).finditer(text):
                if _speaks(text, *m.span()):
                    return True
    return False


# Plural nouns that name people ("analysts", "bishops"), and collectives that act as one.
_PEOPLE = frozenset(
    """
    officials leaders sources bishops politicians backers regulators members lawmakers
    legislators experts observers diplomats ministers executives economists lawyers
    prosecutors critics opponents supporters residents parties citizens whites blacks
    people students workers analysts activists dissidents protesters demonstrators rebels
    guerrillas militants settlers refugees employees villagers farmers voters investors
    shareholders unions groups families relatives victims survivors veterans officers
    soldiers troops delegates negotiators authorities clergy priests monks teachers doctors
    nurses strikers miners pilots drivers clerics scholars """.split()
)
_COLLECTIVE = frozenset("police opposition military army".split())
_NOT_PEOPLE = frozenset(
    "numbers papers letters matters orders powers borders waters headquarters quarters "
    "centers centres reports documents statements comments agreements others newspapers "
    "papers".split()
)
# Nouns that name a party by themselves ("students said", "the opposition said").
_CAMPAIGNERS = frozenset(
    "students dissidents protesters demonstrators rebels guerrillas militants settlers "
    "strikers activists opposition police military army whites blacks".split()
)
_PEOPLE_ENDINGS = ("ers", "ors", "ists", "ians", "ants", "ents", "ees", "crats", "cans")
# Words before a group noun that belong to its name ("Many whites", "Some Republicans").
QUANTIFIERS = frozenset("many some most other several all few".split())


def _people_noun(tok: Token) -> bool:
    word = tok.lower_
    if tok.tag_ == "NNPS":  # "Some Republicans": the quantifier makes it a group of its own
        return any(c.dep_ == "det" and c.lower_ in QUANTIFIERS for c in tok.lefts)
    if not (tok.text[:1].islower() or tok.is_sent_start) or word in _NOT_PEOPLE:
        return False
    if word in _COLLECTIVE:
        return True
    return tok.tag_ == "NNS" and (word in _PEOPLE or word.endswith(_PEOPLE_ENDINGS))


def _group_phrase(head: Token) -> tuple[int, int]:
    """Character span of the group's name: its modifiers and the noun ("Catholic bishops")."""
    start = head.idx
    for child in reversed(list(head.lefts)):
        # An adjective graded by an adverb ("staunchly secular") describes the group;
        # it is no part of its name.
        graded = any(c.dep_ == "advmod" for c in child.children)
        keep = (
            child.dep_ in ("amod", "compound", "nummod", "nmod")
            and child.ent_type_ not in ("DATE", "TIME")
            and not graded
        ) or (child.dep_ == "det" and child.lower_ in QUANTIFIERS)
        if not keep or child.i != _first(head, start) - 1:
            break
        start = child.left_edge.idx
    return start, head.idx + len(head.text)


def _first(head: Token, start: int) -> int:
    return next(t.i for t in head.doc if t.idx >= start)


# Words before a group's name that are no part of it ("the", "unidentified").
_LEADING = re.compile(r"^(?:(?:[Tt]he|[Aa]n?|[Uu]nidentified|[Uu]nnamed|[Aa]nonymous)\s+)+")
# One person named by role only, when a noun makes the role specific ("an investment
# banker", "a U.S. official"); "the official" or "the chief negotiator" could be anyone,
# and a spokesman speaks for a body, which is the party.
_ROLES = frozenset("official banker analyst diplomat aide economist expert source".split())
_VAGUE = frozenset("chief lead senior top former deputy one another other".split())


def _role_noun(tok: Token) -> bool:
    if tok.tag_ != "NN" or tok.lower_ not in _ROLES:
        return False
    mods = [c for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod")]
    return bool(mods) and all(c.lower_ not in _VAGUE for c in mods)


# Plural nouns of bodies: "two opposition parties" are parties, however many.
_BODIES = frozenset("parties unions groups organisations organizations factions".split())


def _counted(tok: Token) -> bool:
    """'Three legislators said', 'some 400 dockworkers': people counted are individuals
    or a crowd, not a standing party; a count of bodies ('two opposition parties') is not."""
    return tok.lower_ not in _BODIES and any(c.dep_ == "nummod" for c in tok.lefts)


def counted_phrase(phrase: str) -> bool:
    """The same test on a phrase's words: "Three legislators", not "Two opposition parties"."""
    words = phrase.lower().split()
    counted = len(words) > 1 and (words[0].isdigit() or words[0] in _NUMBERS)
    return counted and words[-1] not in _BODIES


_NUMBERS = frozenset("two three four five six seven eight nine ten dozen".split())


def speaking_groups(texts: Iterable[str]) -> list[str]:
    """Groups of people the text reports saying or wanting something ("Opposition parties"),
    people named by a specific role only ("an investment banker said"), and bodies such
    as the police that the text shows acting again and again ("police beat him", "police
    have banned her")."""
    found: list[str] = []
    acting: dict[str, list[str]] = {}
    for text in texts:
        for tok in parse(text):
            cited = tok.dep_ == "dobj" and tok.head.lemma_.lower() in _CITING
            # "a censure advocated by many backers": the passive's agent says it.
            agent = tok.dep_ == "pobj" and tok.head.dep_ == "agent" and says(tok.head.head)
            cited = cited or agent
            if tok.dep_ not in ("nsubj", "nsubjpass") and not cited and not _stance_clause(tok):
                continue
            if not (_people_noun(tok) or _role_noun(tok)) or _counted(tok):
                continue
            start, end = _group_phrase(tok)
            phrase = _LEADING.sub("", " ".join(text[start:end].split()))
            if "'" in phrase:
                continue
            if tok.lower_ in _CAMPAIGNERS:
                acting.setdefault(tok.lower_, []).append(phrase)
            if not (says(tok.head) or cited or _stance_clause(tok)):
                continue
            # A bare role noun ("officials", "people") names no one; a modifier or a
            # campaigning noun ("students", "protesters") does.
            bare = " " not in phrase and tok.lower_ not in _CAMPAIGNERS
            if not bare and phrase not in found:
                found.append(phrase)
    for phrases in acting.values():
        if len(phrases) >= 2 and not set(phrases) & set(found):
            found.append(min(phrases, key=len))
    return found


ARMED = frozenset("army military police troops forces navy".split())


def groups(texts: Iterable[str]) -> list[tuple[str, ActorKind, str | None]]:
    """Speaking groups as (name, kind, country the group speaks for, if any).

    "Chinese leaders" and "U.S. prosecutors" speak for their country's government; a
    country's army or police is a body of its own ("Turkish army").
    """
    out: list[tuple[str, ActorKind, str | None]] = []
    for phrase in speaking_groups(texts):
        words = phrase.split()
        armed = words[-1].lower() in ARMED or (len(words) > 1 and words[-2].lower() in ARMED)
        # "Chinese leaders", "South Korean officials" speak for a country; "America Online
        # officials" for a company: every capitalised word before the noun is the country.
        caps = " ".join(w for w in words[:-1] if w[:1].isupper() and w.lower() not in QUANTIFIERS)
        hit = gazetteer.lookup(caps) if caps else None
        country = hit[1].name if hit and hit[0] in ("name", "demonym") else None
        if words[-1].lower() in _ROLES:
            out.append((phrase, ActorKind.PERSON, country))
        elif armed:
            out.append((phrase, ActorKind.ORGANISATION, None))
        else:
            out.append((phrase, ActorKind.GROUP, country))
    return out
