"""The kind of an actor candidate: person, organisation, government, country or group.

A name's words often tell its kind: a title before it means a person, "Ministry" or
"Department" heading it a government, "Corp." or "Union" an organisation, a country's
name a country, a plural ("Kurds") a group. Where the words mislead ("Torvik Textile
Mill" reads like a first name and surname), a body's head noun or the entity
recogniser (``readings.py``) corrects the guess, and drops the runs that name no one.
``names.py`` guesses each candidate's kind here.
"""

from __future__ import annotations

import re

from summarizer import gazetteer
from summarizer.candidate import ActorCandidate
from summarizer.lexicon import COUNTRY_PREFIX, GOV_WORDS, GROUP_NOUNS, ORG_WORDS
from summarizer.readings import Readings
from summarizer.schema import ActorKind

COMPANY = frozenset("corp corp. inc inc. co co. ltd plc group holdings".split())
# Heads that name a body, not a person ("Human Rights Watch", "United Nations").
BODY_HEADS = frozenset(
    """
    watch international observer nations borders district mill mills factory plant works
    research reserve systems microsystems technologies laboratories labs securities
    associates resources petroleum communications electronics software hospital university
    college bureau center centre service services exchange studios
    """.split()
)


def guess_kind(name: str, titled: bool = False) -> ActorKind:
    """A kind from the words of a name (a title before it means a person)."""
    words = {w.lower().strip(".'") for w in name.split()}
    if titled:
        return ActorKind.PERSON
    if len(words) > 1 and gov_head(name):
        return ActorKind.GOVERNMENT  # "Palestinian Authority", though a gazetteer name
    hit = gazetteer.lookup(name)
    if hit and hit[0] == "name":
        return ActorKind.COUNTRY
    if COUNTRY_PREFIX.match(name):
        return ActorKind.COUNTRY
    if words & GOV_WORDS or (words & {"council"} and words & {"city", "town", "county"}):
        return ActorKind.GOVERNMENT
    if words & ORG_WORDS or words & COMPANY or (name.isupper() and len(name) <= 6):
        return ActorKind.ORGANISATION
    if re.fullmatch(rf"(?:{GROUP_NOUNS})", name.lower().split()[-1]):
        return ActorKind.GROUP
    if len(words) == 1 and name.endswith("s") and name[:1].isupper() and not name.isupper():
        return ActorKind.GROUP  # "Republicans", "Kurds"
    if len(words) >= 2 and all(w[:1].isupper() for w in name.split() if w not in "de van von"):
        return ActorKind.PERSON
    return ActorKind.OTHER


def gov_head(name: str) -> bool:
    """A government word heads the name ("Justice Department", "Ministry of Defence"), not
    only modifies another noun ("Office Depot")."""
    words = [w.lower().strip(".'") for w in name.split()]
    return any(
        w in GOV_WORDS and (i == len(words) - 1 or words[i + 1] in ("of", "for"))
        for i, w in enumerate(words)
    )


def read_kind(c: ActorCandidate, readings: Readings) -> bool:
    """Correct ``c``'s kind from the entity recogniser; False when it names no party."""
    if c.kind in (ActorKind.PERSON, ActorKind.OTHER) and c.role is None:
        label = readings.label(c.name)
        person = "PERSON" in readings.labels.get(c.name, {})
        words = c.name.split()
        if label in ("GPE", "LOC", "FAC", "NORP", "DATE", "EVENT", "LAW", "WORK_OF_ART"):
            return c.name.endswith("s") and label == "NORP"  # "Kurds" act; "Kurdish" doesn't
        hit = gazetteer.lookup(words[0])
        placed = hit is not None and hit[0] in ("name", "demonym")  # "British Petroleum"
        body = {w.lower() for w in words} & (BODY_HEADS | ORG_WORDS)
        acronym = len(words[0]) >= 2 and words[0].isupper() and "." not in words[0]
        if c.kind == ActorKind.PERSON and (body or placed or acronym):
            # "Human Rights Watch", "Democratic Russia", "BT Alex. Brown"
            c.kind = ActorKind.ORGANISATION
            # Its head noun alone ("Mill" of "Torvik Textile Mill") was taken for a surname.
            c.aliases = [a for a in c.aliases if a.lower() not in BODY_HEADS]
        elif label == "ORG" and c.kind == ActorKind.OTHER and c.mentions >= 3 and not person:
            c.kind = ActorKind.ORGANISATION  # "Netscape", named again and again
    if c.kind in (ActorKind.ORGANISATION, ActorKind.GOVERNMENT) and " " in c.name:
        # "Two Iraqi Kurdish groups": a run of adjectives before a noun names no body.
        return readings.label(c.name) == "ORG" or not readings.only_modifier(c.name)
    if c.kind == ActorKind.COUNTRY and (gazetteer.lookup(c.name) or ("", None))[0] == "name":
        return True
    # "the Antara news agency", "a Thai newspaper": a modifier, not a party.
    return not readings.only_modifier(c.name)
