"""Actor candidates: names with titles, capitalised runs, countries, organisation words.

The first half of the cue analysis: it proposes who the parties are, with the surface
forms the text uses for each (full name, surname, "Russian President", "the union",
"Turkish officials"); ``kinds.py`` guesses each one's kind from its words, from the
country gazetteer (``gazetteer.py``) and from the entity recogniser (``readings.py``). Places,
datelines, months, headlines, newspapers and events are not parties, and a possessive or
a line wrap never makes a name. Countries' governments, groups and roles come from
``collectives.py``. ``cues.py`` then keeps the candidates that take part in a claim or
that the parse shows saying, wanting or doing something (``agency.py``).
"""

from __future__ import annotations

import re

from summarizer import agency, collectives, gazetteer
from summarizer.candidate import ActorCandidate, slug
from summarizer.kinds import COMPANY, guess_kind, read_kind
from summarizer.lexicon import (
    CAP_RUN,
    GOV_WORDS,
    GROUP_RE,
    MEDIA_WORDS,
    NOT_PARTY_HEADS,
    ORG_WORDS,
    REPORTING,
    STOP_NAMES,
    TITLE_WORDS,
    TITLED,
)
from summarizer.parse import parse
from summarizer.passages import dateline
from summarizer.readings import Readings
from summarizer.schema import ActorKind
from summarizer.segment import Sentence

_WEEKDAYS_MONTHS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april "
    "may june july august september october november december".split()
)
_REGIONAL = frozenset("european asian african american arab latin western eastern".split())


def _clean_name(raw: str) -> str | None:
    name = " ".join(raw.split()).removesuffix("'s").removesuffix("'").strip()
    # "Paris-based Reporters ...", "Islamic-oriented Virtue Party": a modifier, no name.
    name = re.sub(r"^(?:[A-Z][\w .]*-[a-z]+)\s+", "", name)
    words = name.split()
    while words and (words[0].lower() in STOP_NAMES | {"of", "for", "and"}):
        words = words[1:]
    while words and words[-1].lower() in {"of", "for", "and", "the", "on", "de", "al"}:
        words = words[:-1]
    if not words:
        return None
    name = " ".join(words)
    if len(name) < 3 or name.lower() in STOP_NAMES:
        return None
    if all(w.lower().strip(".") in TITLE_WORDS for w in words):
        return None  # "President", "Rep.": a title alone names no one
    return name


def _sure_single(name: str, inside: str) -> bool:
    if name.lower() in STOP_NAMES:
        return False
    hit = gazetteer.lookup(name)
    if (hit is not None and hit[0] == "name") or (name.isupper() and len(name) >= 2):
        return True
    # Capitalised somewhere other than a sentence's start: a name, not a first word.
    return re.search(rf"[a-z,] {re.escape(name)}\b", inside) is not None


def _split_run(run: str) -> list[str]:
    """Cut a capitalised run at weekdays and months, and at a person's possessive."""
    parts, current = [], []
    for word in run.split():
        if word.lower().removesuffix("'s") in _WEEKDAYS_MONTHS:
            parts.append(" ".join(current))
            current = []
        else:
            current.append(word)
    parts.append(" ".join(current))
    out = []
    for part in [p for whole in parts for p in _split_bodies(whole)]:
        head, sep, rest = part.partition("'s ")
        # "Taiwan's Foreign Ministry" is one body; "Hun Sen's Phnom Penh" is two names.
        whole_body = len(rest.split()) == 1 and rest.lower() in ORG_WORDS | GOV_WORDS
        if whole_body:  # "People's Party": the possessive is part of the body's name
            out.append(part)
        elif sep and not (gazetteer.lookup(head) and set(rest.lower().split()) & GOV_WORDS):
            out += [head, rest]
        else:
            out.append(part)
    return [p for p in out if p]


def _split_bodies(run: str) -> list[str]:
    """'Deutsche Bank and Bankers Trust' is two bodies; 'Truth and Reconciliation
    Commission' and 'Department of Health and Human Services' are one."""
    left, sep, right = run.partition(" and ")
    bodies = (ActorKind.ORGANISATION, ActorKind.GOVERNMENT)
    if sep and guess_kind(left) in bodies and guess_kind(right) in bodies:
        return [left, right]
    return [run]


def _not_a_party(name: str) -> bool:
    words = name.lower().replace("'s", "").split()
    if words[-1].strip(".") in NOT_PARTY_HEADS or set(words) & MEDIA_WORDS:
        return True
    if words[-1] in _REGIONAL:
        return True  # "Western European", "Latin American": adjectives, not parties
    hit = gazetteer.lookup(name)
    # Capitals, regions and bare demonyms are places or adjectives, not parties.
    return hit is not None and hit[0] in ("capital", "region", "demonym")


# Parts of speech that never open a name: "Having Netscape's backing", "Among Ecevit's
# rivals", "Despite Moscow's pledge" are capitalised only by their place in the sentence.
_NOT_NAME_POS = frozenset("VERB AUX ADP ADV SCONJ CCONJ PRON PART INTJ".split())


def _drop_opening_word(text: str, start: int, run: str) -> str:
    """``run`` without a sentence's first word that is capitalised only by position, or
    an interview transcript's "Q." or "A." marker."""
    first, _, rest = run.partition(" ")
    if not rest:
        return run
    if first in ("Q.", "A."):
        return rest
    tok = next((t for t in parse(text) if t.idx == start), None)
    if tok is not None and tok.pos_ in _NOT_NAME_POS and tok.text == first:
        return rest
    return run


def _is_headline(sentence: Sentence) -> bool:
    words = sentence.text.split()
    caps = sum(1 for w in words if w[:1].isupper())
    return sentence.text[-1:] not in ".!?\"'" and len(words) >= 3 and caps / len(words) > 0.6


Raw = tuple[str, bool, str | None]


def _raw_names(sentences: list[Sentence], blocked: set[int]) -> list[Raw]:
    found: list[Raw] = []
    inside = " ".join(s.text for s in sentences if s.id not in blocked)
    for s in sentences:
        if s.id in blocked or _is_headline(s):
            continue
        skip = dateline(s.text)
        begin = skip.end() if skip else 0
        titled_spans = []
        for m in TITLED.finditer(s.text, begin):
            # A long name runs past the title pattern's four words: "Zine El Abidine Ben Ali".
            more = re.match(r"(?:\s+[A-Z][\w'-]*(?<!'s))*", s.text[m.end(2) :])
            run = _split_run(m.group(2) + (more.group(0) if more else "")) or [""]
            name = _clean_name(run[0])
            if name and guess_kind(name) in (ActorKind.ORGANISATION, ActorKind.GOVERNMENT):
                continue  # "Justice Department" is a body, not a judge called Department
            if name:
                found.append((name, True, " ".join(m.group(1).split())))
            titled_spans.append((m.start(2), m.end(2) + (more.end() if more else 0)))
        for m in CAP_RUN.finditer(s.text, begin):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in titled_spans):
                continue
            at_start = m.start() == begin or s.text[begin : m.start()].strip() in {'"', "``", "("}
            # "bin Laden": a lower-case particle before a surname belongs to it.
            particle = re.search(
                r"\b(?:bin|ibn|van|von|de|al|el|da|di|du)\s+$", s.text[: m.start()]
            )
            run = m.group(0)
            if at_start:
                run = _drop_opening_word(s.text, m.start(), run)
            for i, part in enumerate(_split_run(run)):
                if particle and i == 0 and " " not in part:
                    part = particle.group(0) + part
                name = _clean_name(part)
                if name is None or _not_a_party(name):
                    continue
                if at_start and " " not in name and not _sure_single(name, inside):
                    continue  # "Nevertheless", "Officials": capitalised by position only
                found.append((name, False, None))
    return found


def _key(name: str) -> str:
    # "U.S." and "United States" are one country, so one actor.
    hit = gazetteer.lookup(name)
    return hit[1].name.casefold() if hit and hit[0] == "name" else name.casefold()


def _merge_names(raw: list[Raw], text: str, readings: Readings) -> list[ActorCandidate]:
    by_name: dict[str, ActorCandidate] = {}
    titles = {name: title for name, titled, title in raw if titled}
    flat = " ".join(text.split())
    for name, titled, _ in sorted(raw, key=lambda r: -len(r[0])):
        owners = [c for c in by_name.values() if _is_short_form(name, c.name)]
        if len(owners) > 1 and name.lower() in ORG_WORDS | GOV_WORDS:
            continue  # "Council" with two councils named: it could be either
        owner = owners[0] if owners else None
        if owner is not None:
            if name not in owner.aliases:
                owner.aliases.append(name)
            continue
        key = _key(name)
        if key in by_name and name not in by_name[key].aliases:
            by_name[key].aliases.append(name)
        if key not in by_name:
            titled = titled or name in titles
            by_name[key] = ActorCandidate(
                id="",
                name=name,
                kind=guess_kind(name, titled),
                aliases=[name],
                role=titles.get(name),
            )
    cands = list(by_name.values())
    for c in cands:
        _add_title_aliases(c, flat)
        c.mentions = sum(len(re.findall(rf"\b{re.escape(a)}\b", flat)) for a in c.aliases)
    cands = _bare_names_join_body(cands, readings)
    keep = _members_join_party(
        [c for c in cands if read_kind(c, readings) and _worth_keeping(c, flat)]
    )
    keep.sort(key=lambda c: flat.find(c.name))
    return keep


def _bare_names_join_body(cands: list[ActorCandidate], readings: Readings) -> list[ActorCandidate]:
    """'Virtue' is the 'Virtue Party' when the text also uses it as a noun of its own
    ("Virtue was holding out"); 'Democratic' only ever modifies a noun, so it never is."""
    out = []
    for c in cands:
        body = None
        if " " not in c.name and guess_kind(c.name) == ActorKind.OTHER:
            body = next((b for b in cands if _bare_name_of(c.name, b.name)), None)
        if body is None or readings.only_modifier(c.name):
            out.append(c)
            continue
        body.aliases += [a for a in c.aliases if a not in body.aliases]
        body.mentions += c.mentions
    return out


def _bare_name_of(bare: str, body: str) -> bool:
    first, _, rest = body.partition(" ")
    return first == bare and bool(rest) and all(w.lower() in ORG_WORDS for w in rest.split())


def _members_join_party(cands: list[ActorCandidate]) -> list[ActorCandidate]:
    """'Republicans' are the 'Republican Party' when the text names both: one actor."""
    parties = [c for c in cands if c.name.lower().endswith(" party") and " " in c.name]
    out = []
    for c in cands:
        party = next((p for p in parties if _members_of(c.name, p.name)), None)
        if party is None:
            out.append(c)
        else:
            party.aliases += [a for a in c.aliases if a not in party.aliases]
            party.mentions += c.mentions
    return out


def _members_of(members: str, party: str) -> bool:
    # "Democrats" / "Democratic Party", "Socialists" / "Socialist Party"; not "Kurds" /
    # "Kurdistan Workers Party".
    if " " in members or not members.endswith("s"):
        return False
    stem, first = members[:-1].lower(), party.split()[0].lower()
    return first.startswith(stem) and len(first) - len(stem) <= 2


def _add_title_aliases(c: ActorCandidate, flat: str) -> None:
    """'Prime Minister Mesut Yilmaz' and 'Russian President' name the person too."""
    if not c.role:
        return
    full = f"{c.role} {c.name}"
    if full in flat:
        c.aliases.append(full)
    qualifier = c.role.split()[0]
    if len(c.role.split()) > 1 and gazetteer.lookup(qualifier):
        c.aliases.append(c.role)  # "Russian President": the demonym makes it unique


def _is_short_form(short: str, full: str) -> bool:
    """'Varga' is a short form of 'Helena Varga'; 'Union' is not a short form of a union."""
    if short == full or len(short) >= len(full):
        return False
    words = full.split()
    if gazetteer.lookup(short) and not gazetteer.lookup(full):
        return False  # "China" is no short form of "China Human Rights Observer"
    if " " not in short:
        if short == words[-1] and short.lower() in (ORG_WORDS | GOV_WORDS) - {"house"}:
            # "Council" for "Kell Town Council"; never "House" (a chamber of its own) for
            # "White House".
            return guess_kind(full) in (ActorKind.ORGANISATION, ActorKind.GOVERNMENT)
        if short.isupper() and len(short) >= 2:
            initials = "".join(w[0] for w in words if w[0].isupper())
            return short == initials
        if guess_kind(full) in (ActorKind.ORGANISATION, ActorKind.GOVERNMENT) and short == words[0]:
            # "Exxon" for "Exxon Corp.", "Treasury" for "Treasury Department", never
            # "Democratic" for "Democratic Party".
            return all(w.lower().strip(".") in COMPANY | GOV_WORDS for w in words[1:])
        # A lone word stands for a person (surname), never for an organisation.
        return guess_kind(full) == ActorKind.PERSON and short.lower() in (
            words[0].lower(),
            words[-1].lower(),
        )
    low, whole = short.casefold(), full.casefold()
    if whole.endswith(" " + low) or whole.startswith(low + " "):
        return True
    # "Truth Commission" for "Truth and Reconciliation Commission": same first and last word.
    inner, outer = low.split(), whole.split()
    return (
        guess_kind(full) in (ActorKind.ORGANISATION, ActorKind.GOVERNMENT)
        and inner[0] == outer[0]
        and inner[-1] == outer[-1]
        and all(w in outer for w in inner)
    )


def _alone(name: str, flat: str) -> int:
    """Mentions of ``name`` not inside a longer name ("Oil" of "Standard Oil" is none)."""
    count = 0
    for m in re.finditer(rf"\b{re.escape(name)}\b", flat):
        before, after = flat[: m.start()].split()[-1:], flat[m.end() :].split()[:1]
        glued = [w for w in before + after if w[:1].isupper() and w[-1:].isalpha()]
        count += all(w.lower() in STOP_NAMES for w in glued)
    return count


def _worth_keeping(c: ActorCandidate, flat: str) -> bool:
    if c.kind in (ActorKind.PERSON, ActorKind.GOVERNMENT, ActorKind.ORGANISATION):
        return c.kind != ActorKind.PERSON or " " in c.name or c.role is not None
    if c.kind in (ActorKind.COUNTRY, ActorKind.GROUP):
        return True
    # A lone capitalised word is kept when the text keeps coming back to it.
    return " " not in c.name and _alone(c.name, flat) >= 3


def _add_generic_aliases(actors: list[ActorCandidate], text: str) -> None:
    # "the union" stands for the one actor whose name ends in "Union", when only one does.
    heads: dict[str, list[ActorCandidate]] = {}
    for a in actors:
        head = a.name.split()[-1].lower()
        if (
            a.kind in (ActorKind.ORGANISATION, ActorKind.GOVERNMENT)
            and head in ORG_WORDS | GOV_WORDS
        ):
            heads.setdefault(head, []).append(a)
    for head, owners in heads.items():
        alias = f"the {head}"
        if len(owners) == 1 and re.search(rf"\b{alias}\b", text, re.IGNORECASE):
            owners[0].aliases.append(alias)


def find_actors(sentences: list[Sentence], text: str, blocked: set[int]) -> list[ActorCandidate]:
    """Actor candidates from titled names, capitalised runs, countries and group nouns."""
    readings = Readings.of(s.text for s in sentences if s.id not in blocked)
    actors = _merge_names(_raw_names(sentences, blocked), text, readings)
    flat = " ".join(text.split())
    forms = collectives.country_forms(sentences, blocked)
    known = {a.casefold() for c in actors for a in c.aliases}
    found = collectives.groups(readings.texts, forms, actors)
    groups = [g for g in found if g.name.casefold() not in known]
    collectives.attach_countries(actors, forms, flat)
    actors = collectives.ministries_join_country(actors) + groups
    _add_generic_aliases(actors, flat)
    taken: set[str] = set()
    for a in actors:
        a.id = slug(a.name, taken)
    seen_groups = {g.name.lower().split()[-1] for g in groups}
    for s in sentences:
        if s.id in blocked:
            continue
        for m in GROUP_RE.finditer(s.text):
            noun = m.group(0)
            key = noun.lower().split()[-1]
            if key in seen_groups or not REPORTING.search(s.text):
                continue
            if agency.counted_phrase(noun):
                continue  # "three legislators": individuals counted, not a party
            seen_groups.add(key)
            actors.append(ActorCandidate(slug(key, taken), noun, ActorKind.GROUP, [noun], 1))
    return actors
