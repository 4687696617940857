"""Parties that are not one name: a country's government, groups of people, roles.

Wire copy often names a party without a proper name of its own. A country's government
speaks through its demonym ("Turkish officials", "the Portuguese delegation") and its
capital ("Ankara said"); groups speak as a noun phrase ("Opposition parties", "Some
Republicans", "the police"); a person may be named by role only ("an investment banker").
This module finds those forms (``agency.py`` tells which groups speak) and attaches
each to the actor it stands for, or makes a new candidate for it.
"""

from __future__ import annotations

import re

from summarizer import agency, gazetteer
from summarizer.candidate import ActorCandidate
from summarizer.lexicon import OFFICIAL_NOUNS
from summarizer.passages import dateline
from summarizer.schema import ActorKind
from summarizer.segment import Sentence

_OFFICIALS = re.compile(
    rf"\b(?:[Tt]he )?([A-Z][a-z]+(?: [A-Z][a-z]+)?) (?:{OFFICIAL_NOUNS})\b(?! [A-Z])"
)
_PEOPLE_OF = re.compile(r"\b(?:[Tt]he )?((?:[A-Z][a-z]+ )?[A-Z][a-z]+s)\b")
# "an official in Washington", "diplomats in Beijing": a government's people at its seat.
_AT_SEAT = re.compile(
    r"\b((?:(?!an? |the )[a-z]+ )?"
    r"(?:officials?|diplomats?|sources?|spokes(?:man|woman)) in ([A-Z][a-z]+))\b"
)
_CAPITAL_SPEAKS = re.compile(r"\b([A-Z][a-z]+(?: [A-Z][a-z]+)?)(?= (?:has |had |have )?\w+ed\b)")


def country_forms(sentences: list[Sentence], blocked: set[int]) -> dict[str, list[str]]:
    """Country name → forms standing for its government: demonym + officials, capitals."""
    forms: dict[str, list[str]] = {}
    for s in sentences:
        if s.id in blocked:
            continue
        for m in _PEOPLE_OF.finditer(s.text):
            hit = gazetteer.lookup(m.group(1))
            if hit and hit[0] == "demonym" and m.group(1).endswith("s"):
                forms.setdefault(hit[1].name, []).append(m.group(0))
        for m in _OFFICIALS.finditer(s.text):
            hit = gazetteer.lookup(m.group(1))
            if hit and hit[0] in ("demonym", "name") and m.group(0).split()[-1] not in agency.ARMED:
                phrase = m.group(0).removeprefix("The ").removeprefix("the ")
                forms.setdefault(hit[1].name, []).append(phrase)
        for m in _AT_SEAT.finditer(s.text):
            hit = gazetteer.lookup(m.group(2))
            if hit and hit[0] == "capital":
                forms.setdefault(hit[1].name, []).append(m.group(1))
        skip = dateline(s.text)
        for m in _CAPITAL_SPEAKS.finditer(s.text, skip.end() if skip else 0):
            hit = gazetteer.lookup(m.group(1))
            if hit and hit[0] == "capital":
                forms.setdefault(hit[1].name, []).append(m.group(1))
    return forms


def groups(
    texts: list[str], forms: dict[str, list[str]], actors: list[ActorCandidate]
) -> list[ActorCandidate]:
    """Groups the text reports speaking. "Chinese leaders" speak for China, "an ANC
    spokesman" for the ANC, "police officers" are the police: aliases, not new actors."""
    out: list[ActorCandidate] = []
    for phrase, kind, country in agency.groups(texts):
        words = f" {phrase.casefold()} "
        # "Some Republicans" are a part of the party with a view of their own.
        part = phrase.split()[0].lower() in agency.QUANTIFIERS
        owner = (
            None
            if part
            else next(
                (
                    a
                    for a in [*actors, *out]
                    if any(f" {x.casefold()} " in words for x in a.aliases)
                ),
                None,
            )
        )
        if owner is not None:
            owner.aliases.append(phrase)
        elif country:
            forms.setdefault(country, []).append(phrase)
        else:
            out.append(ActorCandidate("", phrase, kind, [phrase], 1))
    return out


def _people_of(phrase: str) -> bool:
    hit = gazetteer.lookup(phrase)
    return " " not in phrase and hit is not None and hit[0] == "demonym"


def attach_countries(actors: list[ActorCandidate], forms: dict[str, list[str]], flat: str) -> None:
    """'Turkish officials' and 'Ankara said' join Turkey's actor (made if the text names it)."""
    by_country: dict[str, ActorCandidate] = {}
    for a in actors:
        hit = gazetteer.lookup(a.name)
        if hit and hit[0] == "name":
            by_country.setdefault(hit[1].name, a)
    for country, phrases in forms.items():
        phrases = list(dict.fromkeys(phrases))
        owner = by_country.get(country)
        if owner is None:
            named = next((n for n in (country,) if re.search(rf"\b{re.escape(n)}\b", flat)), None)
            name = named or phrases[0]
            # "Americans said" with the country unnamed: the people, not the government.
            people = named is None and all(_people_of(p) for p in phrases)
            kind = ActorKind.GROUP if people else ActorKind.GOVERNMENT
            owner = ActorCandidate("", name, kind, [name])
            actors.append(owner)
        for p in phrases:
            if p not in owner.aliases:
                owner.aliases.append(p)


def ministries_join_country(actors: list[ActorCandidate]) -> list[ActorCandidate]:
    """ "Portugal's Foreign Ministry" speaks for Portugal, as "Portuguese officials" do: it
    joins the country's actor when the text names the country as a party too."""
    by_country: dict[str, ActorCandidate] = {}
    for a in actors:
        hit = gazetteer.lookup(a.name)
        if hit and hit[0] == "name":
            by_country.setdefault(hit[1].name, a)
    out = []
    for a in actors:
        owner_name, sep, _ = a.name.partition("'s ")
        hit = gazetteer.lookup(owner_name) if sep and a.kind == ActorKind.GOVERNMENT else None
        owner = by_country.get(hit[1].name) if hit and hit[0] == "name" else None
        if owner is None or owner is a:
            out.append(a)
            continue
        owner.aliases += [x for x in a.aliases if x not in owner.aliases]
        owner.mentions += a.mentions
    return out
