"""Deterministic analysis that proposes candidates for a model to choose from.

A 135M-parameter model cannot find actors or claims on its own, but plain cues can:
names with titles and capitalised runs propose actors; reporting verbs, deontic verbs
and question cues propose claim sentences; planted instructions are quarantined. The
model then labels these candidates within enums (see ``extract.py``), and the same
analysis, taken as is, is the no-LLM baseline of the eval suite.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.schema import ActorKind
from summarizer.segment import Sentence

_TITLES = (
    r"President|Vice[- ]President|Prime Minister|Deputy Prime Minister|Foreign Minister|"
    r"Finance Minister|Minister|Secretary|Chancellor|Mayor|Deputy Mayor|Governor|Senator|"
    r"Councillor|Councilor|Commissioner|Ambassador|Envoy|Judge|Justice|General|Admiral|"
    r"Chief Executive|CEO|Chairman|Chairwoman|Chair|Director|Dr|Mr|Mrs|Ms|Professor|Prof|"
    r"King|Queen|Prince|Sheikh|Rev|Bishop|Leader|Spokesman|Spokeswoman|Negotiator"
)
_NAME_WORD = r"(?:[A-Z][a-z]+(?:[-'][A-Z]?[a-z]+)*|[A-Z]{2,}|Mc[A-Z][a-z]+|O'[A-Z][a-z]+)"
_CONNECT = r"(?:\s+(?:of|for|and|the|de|van|von|al)\s+|\s+|'s?\s+|-)"
_CAP_RUN = re.compile(rf"\b{_NAME_WORD}(?:{_CONNECT}{_NAME_WORD})*(?:'\s)?")
_TITLED = re.compile(
    rf"\b((?:[A-Za-z]+ )?(?i:{_TITLES}))\.?\s+({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,2}})"
)
_PRONOUN_START = re.compile(r"^[\"']?(?:He|She|They|It|We)\b")

_ORG_WORDS = {
    "union", "company", "corp", "corporation", "group", "association", "federation",
    "alliance", "bank", "agency", "league", "front", "board", "inc", "ltd", "plc",
    "holdings", "partners", "industries", "party", "movement", "coalition", "institute",
    "foundation", "trust", "fund", "society", "network", "council", "committee",
    "commission", "court", "tribunal", "forum", "confederation", "chamber", "organisation",
    "organization", "airlines", "airways", "energy", "motors", "capital", "media", "news",
}
_GOV_WORDS = {
    "ministry", "government", "cabinet", "parliament", "administration", "department",
    "senate", "congress", "assembly", "authority", "office", "treasury", "presidency",
    "municipality", "police", "army", "navy", "executive",
}
_COUNTRY_PREFIX = re.compile(r"^(?:Republic|Kingdom|Federation|State|Union|Emirate)s? of ")
_GROUP_NOUNS = (
    r"residents|protesters|campaigners|workers|strikers|farmers|fishermen|nurses|teachers|"
    r"doctors|drivers|shareholders|investors|activists|rebels|villagers|tenants|parents|"
    r"students|pilots|miners|dockworkers|opposition|unions"
)
_GROUP_RE = re.compile(rf"\b(?:[Ll]ocal |[Ss]triking |[Mm]any |[Ss]ome )?(?:{_GROUP_NOUNS})\b")
_STOP_NAMES = {
    "the", "a", "an", "but", "and", "or", "if", "in", "on", "at", "by", "for", "with", "as",
    "it", "its", "this", "that", "these", "those", "he", "she", "they", "we", "i", "you",
    "his", "her", "their", "our", "there", "here", "when", "while", "after", "before",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "today", "yesterday", "tomorrow", "last", "next",
    "however", "meanwhile", "although", "despite", "under", "according", "asked", "speaking",
    "earlier", "later", "now", "then", "both", "all", "one", "two", "three", "more", "most",
    "many", "some", "no", "not", "so", "what", "who", "why", "how", "where", "which",
    "read", "share", "advert", "topics", "sign", "click", "related", "image", "photo",
    "ignore", "system", "output", "assistant", "user", "json", "note", "update",
}

_REPORTING = re.compile(
    r"\b(?:said|says|told|tells|argued|argues|insisted|insists|warned|warns|added|stated|"
    r"claimed|claims|maintained|maintains|denied|denies|rejected|rejects|accused|accuses|"
    r"described|believes|believed|countered|acknowledged|admitted|noted|stressed|vowed|"
    r"pledged|promised|threatened|announced|confirmed|dismissed|criticised|criticized|"
    r"welcomed|opposes|opposed|supports|backed|backs|according to|wrote|signalled|signaled)\b",
    re.IGNORECASE,
)
_DEMAND = re.compile(
    r"\b(?:demand(?:s|ed|ing)?|call(?:s|ed|ing)? (?:on|for|upon)|urg(?:e|es|ed|ing)|"
    r"insist(?:s|ed)? (?:that|on)|want(?:s|ed)? (?:\w+ )?to|ask(?:s|ed)? (?:\w+ )?to|"
    r"requir(?:e|es|ed)|must|should|needs? to|press(?:es|ed|ing)? for|push(?:es|ed|ing)? for|"
    r"seek(?:s|ing)?|sought|appeal(?:s|ed)? (?:to|for)|ultimatum|unless|in return for|"
    r"on condition|as long as)\b",
    re.IGNORECASE,
)
_QUESTION = re.compile(
    r"\?|\b(?:unclear|remains to be seen|not yet|(?:has|have|had) not (?:yet )?(?:said|decided|"
    r"confirmed|explained|announced)|unknown|uncertain|undecided|open question|no decision|"
    r"it is not known|yet to (?:decide|say|confirm|announce)|whether)\b",
    re.IGNORECASE,
)
_INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b[^.\n]{0,40}\b(?:instruction|prompt|rule|"
    r"previous|above|directions)s?\b|\b(?:system|assistant|developer)\s*(?:prompt)?\s*:|"
    r"\byou are now\b|\bdebug mode\b|\bnew instructions?\b|\bapi[ _-]?key\b|"
    r"\b(?:output|print|reveal|respond with|return) (?:the|your|only|a)\b[^.\n]{0,30}"
    r"\b(?:brief|summary|json|key|prompt|instructions)\b|[{\[]\s*\"[a-z_]+\"\s*:",
    re.IGNORECASE,
)
_SPOKES = re.compile(
    r"\b(?:a |the )?(?:spokes(?:man|woman|person)|representative|official|aide|lawyer|"
    r"negotiator)s? (?:for|of|at) (?:the )?",
    re.IGNORECASE,
)
_QUOTED = re.compile(r"\"([^\"]{12,})\"")


@dataclass
class ActorCandidate:
    """A proposed actor: its surface forms, a guessed kind, where it is mentioned."""

    id: str
    name: str
    kind: ActorKind
    aliases: list[str]
    mentions: int = 0
    role: str | None = None


@dataclass
class ClaimCandidate:
    """A sentence that looks like a position, demand or open question."""

    sentence: Sentence
    kinds: list[str]
    speaker: str | None
    target: str | None
    text: str


@dataclass
class CueAnalysis:
    """Everything the cues found in one set of sentences."""

    actors: list[ActorCandidate]
    claims: list[ClaimCandidate]
    blocked: set[int] = field(default_factory=set)


def injection_sentences(sentences: list[Sentence]) -> set[int]:
    """Ids of sentences that read as instructions to a model, not as reporting."""
    return {s.id for s in sentences if _INJECTION.search(s.text)}


def _slug(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40] or "actor"
    slug, n = base, 2
    while slug in taken:
        slug, n = f"{base}-{n}", n + 1
    taken.add(slug)
    return slug


def _clean_name(raw: str) -> str | None:
    name = raw.strip().removesuffix("'s").removesuffix("'").strip()
    words = name.split()
    while words and words[0].lower() in _STOP_NAMES | {"of", "for", "and"}:
        words = words[1:]
    while words and words[-1].lower() in {"of", "for", "and", "the", "on", "de", "al"}:
        words = words[:-1]
    if not words:
        return None
    name = " ".join(words)
    if len(name) < 3 or name.lower() in _STOP_NAMES:
        return None
    return name


def guess_kind(name: str, titled: bool = False) -> ActorKind:
    """A kind from the words of a name (a title before it means a person)."""
    words = {w.lower().strip(".'") for w in name.split()}
    if titled:
        return ActorKind.PERSON
    if _COUNTRY_PREFIX.match(name):
        return ActorKind.COUNTRY
    if words & _GOV_WORDS or (words & {"council"} and words & {"city", "town", "county"}):
        return ActorKind.GOVERNMENT
    if words & _ORG_WORDS or (name.isupper() and len(name) <= 6):
        return ActorKind.ORGANISATION
    if re.fullmatch(rf"(?:{_GROUP_NOUNS})", name.lower().split()[-1]):
        return ActorKind.GROUP
    if len(words) >= 2 and all(w[:1].isupper() for w in name.split()):
        return ActorKind.PERSON
    return ActorKind.OTHER


def _is_headline(sentence: Sentence) -> bool:
    words = sentence.text.split()
    caps = sum(1 for w in words if w[:1].isupper())
    return sentence.text[-1:] not in '.!?"' and len(words) >= 3 and caps / len(words) > 0.6


def _is_heading(sentence: Sentence) -> bool:
    # Headlines, captions and datelines carry no terminal punctuation.
    return sentence.text[-1:] not in ".!?\"'" and len(sentence.text.split()) < 20


def _raw_names(sentences: list[Sentence], blocked: set[int]) -> list[tuple[str, bool, str | None]]:
    found: list[tuple[str, bool, str | None]] = []
    for s in sentences:
        if s.id in blocked or _is_headline(s):
            continue
        titled_spans = []
        for m in _TITLED.finditer(s.text):
            found.append((m.group(2), True, m.group(1).strip()))
            titled_spans.append((m.start(), m.end()))
        for m in _CAP_RUN.finditer(s.text):
            if any(a <= m.start() < b or a < m.end() <= b for a, b in titled_spans):
                continue
            at_start = m.start() == 0 or s.text[: m.start()].strip() in {'"', "'", "("}
            name = _clean_name(m.group(0))
            if name is None:
                continue
            if at_start and " " not in name and name.lower() in _STOP_NAMES:
                continue
            found.append((name, False, None))
    return found


def _merge_names(raw: list[tuple[str, bool, str | None]], text: str) -> list[ActorCandidate]:
    by_name: dict[str, ActorCandidate] = {}
    taken: set[str] = set()
    titles = {name: title for name, titled, title in raw if titled}
    for name, titled, _ in sorted(raw, key=lambda r: -len(r[0])):
        key = name.casefold()
        owner = next(
            (c for c in by_name.values() if _is_short_form(name, c.name)), None
        )
        if owner is not None:
            if name not in owner.aliases:
                owner.aliases.append(name)
            continue
        if key not in by_name:
            titled = titled or name in titles
            by_name[key] = ActorCandidate(
                id="", name=name, kind=guess_kind(name, titled), aliases=[name],
                role=titles.get(name),
            )
    cands = list(by_name.values())
    for c in cands:
        c.mentions = sum(text.count(a) for a in c.aliases)
    keep = [c for c in cands if _worth_keeping(c)]
    keep.sort(key=lambda c: text.find(c.name))
    for c in keep:
        c.id = _slug(c.name, taken)
    return keep


def _is_short_form(short: str, full: str) -> bool:
    """'Varga' is a short form of 'Helena Varga'; 'Union' is not a short form of a union."""
    if short == full or len(short) >= len(full):
        return False
    words = full.split()
    if " " not in short:
        if short.isupper() and len(short) >= 2:
            initials = "".join(w[0] for w in words if w[0].isupper())
            return short == initials
        # A lone word stands for a person (surname), never for an organisation.
        return guess_kind(full) == ActorKind.PERSON and short in (words[0], words[-1])
    return full.endswith(short) or full.startswith(short)


def _worth_keeping(c: ActorCandidate) -> bool:
    if c.kind in (ActorKind.PERSON, ActorKind.GOVERNMENT, ActorKind.ORGANISATION):
        return c.kind != ActorKind.PERSON or " " in c.name or c.role is not None
    if c.kind == ActorKind.COUNTRY:
        return True
    # A lone capitalised word is kept when the text keeps coming back to it.
    return c.mentions >= 2 and " " not in c.name


def _add_generic_aliases(actors: list[ActorCandidate], text: str) -> None:
    # "the union" stands for the one actor whose name ends in "Union", when only one does.
    heads: dict[str, list[ActorCandidate]] = {}
    for a in actors:
        head = a.name.split()[-1].lower()
        if a.kind in (ActorKind.ORGANISATION, ActorKind.GOVERNMENT) and head in _ORG_WORDS | _GOV_WORDS:
            heads.setdefault(head, []).append(a)
    for head, owners in heads.items():
        alias = f"the {head}"
        if len(owners) == 1 and re.search(rf"\b{alias}\b", text, re.IGNORECASE):
            owners[0].aliases.append(alias)


def find_actors(sentences: list[Sentence], text: str, blocked: set[int]) -> list[ActorCandidate]:
    """Actor candidates from titled names, capitalised runs and group nouns."""
    actors = _merge_names(_raw_names(sentences, blocked), text)
    _add_generic_aliases(actors, text)
    taken = {a.id for a in actors}
    seen_groups: set[str] = set()
    for s in sentences:
        if s.id in blocked:
            continue
        for m in _GROUP_RE.finditer(s.text):
            noun = m.group(0)
            key = noun.lower().split()[-1]
            if key in seen_groups or not _REPORTING.search(s.text):
                continue
            seen_groups.add(key)
            actors.append(ActorCandidate(_slug(key, taken), noun, ActorKind.GROUP, [noun], 1))
    return actors


def _mentions(sentence: Sentence, actors: list[ActorCandidate]) -> list[tuple[int, str]]:
    hits = []
    for a in actors:
        for alias in a.aliases:
            # Generic aliases ("the union") also open sentences as "The union".
            flags = re.IGNORECASE if alias[:1].islower() else 0
            for m in re.finditer(rf"\b{re.escape(alias)}\b", sentence.text, flags):
                hits.append((m.start(), a.id))
    return sorted(hits)


def _outside_quotes(sentence: Sentence, hits: list[tuple[int, str]]) -> list[tuple[int, str]]:
    # A name inside a quotation is spoken about, not speaking.
    quoted = [(m.start(), m.end()) for m in re.finditer(r"\"[^\"]*\"?", sentence.text)]
    return [h for h in hits if not any(a <= h[0] < b for a, b in quoted)]


def _speaker(sentence: Sentence, hits: list[tuple[int, str]], kinds: list[str]) -> str | None:
    if _PRONOUN_START.match(sentence.text):
        return None  # "He urged Norvania to ...": the speaker is the one last named
    hits = _outside_quotes(sentence, hits)
    if not hits:
        return None
    spokes = _SPOKES.search(sentence.text)
    if spokes:
        after = [h for h in hits if h[0] >= spokes.end() - 1]
        if after:
            return after[0][1]
    verb = _REPORTING.search(sentence.text) or _DEMAND.search(sentence.text)
    if verb is None:
        return hits[0][1]
    # The mention nearest the verb, preferring the one before it (the subject).
    before = [h for h in hits if h[0] < verb.start()]
    after = [h for h in hits if h[0] > verb.end()]
    if before:
        # "X said" names X right before the verb; otherwise the subject opens the clause
        # and appositives ("Northwall Capital, which owns 9 percent of Hollis, said") follow.
        nearest = before[-1]
        gap = sentence.text[nearest[0] : verb.start()]
        return nearest[1] if len(gap.split()) <= 4 else before[0][1]
    return after[0][1] if after else hits[0][1]


_CLAUSE_AFTER = re.compile(
    r"\b(?:said|says|told reporters|argued|insisted|warned|claimed|stated|added|believes|"
    r"maintained|denied|demanded|urged|called on|called for|wants?|asked)\b(?: that)?\s+",
    re.IGNORECASE,
)
_ATTRIBUTION_TAIL = re.compile(r",?\s*[\"']?,?\s*(?:\w+\s){0,5}(?:said|says|told \w+|added)\b[^.]*[.]?$")


def _tidy(text: str, limit: int = 30) -> str:
    words = text.strip(" ,.;:\"'").split()
    return " ".join(words[:limit]) + ("..." if len(words) > limit else "")


def phrasings(sentence: Sentence, kind: str = "position") -> list[str]:
    """Candidate wordings of a claim: the reported clause, the quote, the whole sentence.

    The reported clause comes first: it carries the claim without the attribution, and a
    quote is often only a fragment of it ("said the offer was 'full and fair'").
    """
    options = []
    clause = _CLAUSE_AFTER.search(sentence.text)
    if clause and len(sentence.text) - clause.end() > 20:
        options.append(_tidy(sentence.text[clause.end():]))
    quoted = _QUOTED.search(sentence.text)
    if quoted:
        options.append(_tidy(quoted.group(1)))
    whole = _tidy(_ATTRIBUTION_TAIL.sub("", sentence.text) or sentence.text)
    # An open question reads best whole: its clause alone drops what is unresolved.
    options.insert(0, whole) if kind == "question" else options.append(whole)
    return list(dict.fromkeys(o for o in options if len(o.split()) >= 3)) or [_tidy(sentence.text)]


def _claim_text(sentence: Sentence) -> str:
    return phrasings(sentence)[0]


def find_claims(
    sentences: list[Sentence], actors: list[ActorCandidate], blocked: set[int]
) -> list[ClaimCandidate]:
    """Claim candidates: each sentence with its cue kinds, likely speaker and target."""
    claims: list[ClaimCandidate] = []
    last_speaker: str | None = None
    for s in sentences:
        if s.id in blocked:
            continue
        kinds = []
        if _DEMAND.search(s.text):
            kinds.append("demand")
        if _QUESTION.search(s.text):
            kinds.append("question")
        if _REPORTING.search(s.text) or _QUOTED.search(s.text):
            kinds.append("position")
        hits = _mentions(s, actors)
        follows = s.text.startswith('"') or _PRONOUN_START.match(s.text)
        speaker = _speaker(s, hits, kinds) or (last_speaker if follows else None)
        if speaker:
            last_speaker = speaker
        if not kinds or (speaker is None and kinds != ["question"]) or _is_heading(s):
            continue
        others = [aid for _, aid in hits if aid != speaker]
        target = others[0] if "demand" in kinds and others else None
        claims.append(ClaimCandidate(s, kinds, speaker, target, _claim_text(s)))
    return claims


def analyse(sentences: list[Sentence], text: str) -> CueAnalysis:
    """Run every cue over ``sentences`` of ``text``."""
    blocked = injection_sentences(sentences)
    actors = find_actors(sentences, text, blocked)
    claims = find_claims(sentences, actors, blocked)
    spoken = {c.speaker for c in claims} | {c.target for c in claims}
    # Keep actors that take part in a claim, and named people and bodies in any case.
    actors = [a for a in actors if a.id in spoken or a.kind != ActorKind.OTHER]
    return CueAnalysis(actors=actors, claims=claims, blocked=blocked)
