"""Claim candidates from whole sentences: every report of a stance or a demand.

``clauses.py`` finds the reports of a sentence from its parse (speaker words, clause,
target words; ``attribution.py``'s patterns where the parse misreads a quotation); this
module ties those words to actors (``speakers.py`` says which party a speaker phrase
names, if any), resolves pronouns ("he" continues the last speaker,
never a person of the other sex or one named inside the quotation) and definite
descriptions ("the premier", "the panel") to named parties, gives a quotation run over
several sentences to the speaker its closing attribution names, and words each claim as
a clean clause. Open questions come from ``questions.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer import attribution as attr
from summarizer import clauses, speakers
from summarizer.names import ActorCandidate
from summarizer.passages import Passage, dateline
from summarizer.schema import ActorKind

if TYPE_CHECKING:
    from summarizer.cues import ClaimCandidate

Hit = tuple[int, int, str]  # start, end, actor id

# "the premier", "the Cuban leader", "the state-run commission": a definite description.
_DEFINITE = re.compile(r"^[Tt]he\s+(?:[\w.'-]+\s+){0,3}?([a-z]+)$")

_PEOPLE = (ActorKind.PERSON,)
#: How many speakerless sentences "he" may skip back to the last speaker (0: it must
#: be the previous sentence's).
PRONOUN_REACH = 0
_BODIES = (ActorKind.GOVERNMENT, ActorKind.ORGANISATION, ActorKind.COUNTRY, ActorKind.GROUP)


def mentions(text: str, actors: list[ActorCandidate]) -> list[Hit]:
    """Where each actor is named in ``text`` (longest form first, no overlaps)."""
    forms = sorted(((alias, a.id) for a in actors for alias in a.aliases), key=lambda f: -len(f[0]))
    taken: list[Hit] = []
    for alias, aid in forms:
        flags = re.IGNORECASE if alias[:1].islower() else 0
        for m in re.finditer(rf"(?<![\w-]){re.escape(alias)}(?![\w-])", text, flags):
            if not any(a < m.end() and m.start() < b for a, b, _ in taken):
                taken.append((m.start(), m.end(), aid))
    return sorted(taken)


@dataclass
class Context:
    """What earlier sentences leave behind: the last person and body named."""

    kinds: dict[str, ActorKind]
    #: Each party's role and name words, to read "the premier" or "the commission".
    words: dict[str, set[str]] = field(default_factory=dict)
    #: When each party was last named (a running count of mentions).
    recency: dict[str, int] = field(default_factory=dict)
    clock: int = 0
    #: Each person's sex where the copy gives it ("Mrs. Carson"), for "he" and "she".
    sex: dict[str, str] = field(default_factory=dict)
    last_person: str | None = None
    last_body: str | None = None
    last_speaker: str | None = None
    #: Sentences since the last speaker was found.
    speaker_age: int = 0
    pending: list[ClaimCandidate] = field(default_factory=list)
    #: Whether a quotation opened in an earlier sentence is still open.
    quoting: bool = False
    #: Whether the last sentence's report had a speaker who is no party ("the news agency
    #: reported"): a pronoun opening the next one is that speaker, not a party.
    anonymous: bool = False
    unnamed: bool = False

    def see(self, hits: list[Hit], upto: int | None = None) -> None:
        for start, _, aid in hits:
            if upto is not None and start >= upto:
                break
            self.clock += 1
            self.recency[aid] = self.clock
            if self.kinds.get(aid) in _PEOPLE:
                self.last_person = aid
            elif self.kinds.get(aid) in _BODIES:
                self.last_body = aid

    def described(self, words: str) -> str | None:
        """'the premier', 'the Cuban leader', 'the commission': the last party named whose
        role or name has that head noun."""
        m = _DEFINITE.match(words.strip())
        if not m:
            return None
        head = m.group(1).lower()
        fits = [aid for aid, ws in self.words.items() if head in ws and aid in self.recency]
        return max(fits, key=lambda aid: self.recency[aid]) if fits else None

    def fits(self, aid: str | None, word: str) -> bool:
        """Whether "he"/"she" may stand for ``aid`` (an unknown sex fits either)."""
        sex = {"he": "m", "she": "f"}.get(word.strip().lower())
        return aid is not None and (sex is None or self.sex.get(aid, sex) == sex)

    def pronoun(self, word: str) -> str | None:
        w = word.strip().lower()
        if w in ("he", "she"):
            people = [a for a in self.recency if self.kinds.get(a) in _PEOPLE and self.fits(a, w)]
            return max(people, key=lambda a: self.recency[a]) if people else None
        if w in ("they", "it"):
            return self.last_body
        return None


def _actor_in(span: tuple[int, int] | None, hits: list[Hit], kinds: dict) -> str | None:
    if span is None:
        return None
    inside = [h for h in hits if span[0] <= h[0] < span[1]]
    people = [h for h in inside if kinds.get(h[2]) in _PEOPLE]
    pick = people[0] if people else (inside[0] if inside else None)
    return pick[2] if pick else None


def _speaker(s: Passage, who: tuple[int, int] | None, hits: list[Hit], ctx: Context) -> str | None:
    if who is None:
        return None
    words = s.text[who[0] : who[1]]
    if attr.is_pronoun(words):
        # A name inside the quotation is not who "he" is: "``If Gephardt's people think
        # ...,'' he said" is not Gephardt speaking.
        quotes = attr.quotations(s.text)
        told = [h for h in hits if not any(a <= h[0] < b for a, b in quotes)]
        before = [h for h in told if h[0] < who[0]]
        ctx.see(told, upto=who[0])
        if words.strip().lower() in ("he", "she") and not any(
            ctx.kinds.get(h[2]) in _PEOPLE for h in before
        ):
            # Nobody named yet in this sentence: "he" continues the last speaker (the
            # subject of the copy), not whoever the last sentence happened to name.
            recent = ctx.last_speaker if ctx.speaker_age <= PRONOUN_REACH else None
            if recent and ctx.kinds.get(recent) in _PEOPLE and ctx.fits(recent, words):
                return recent
        if words.strip().lower() in ("they", "it") and not any(
            ctx.kinds.get(h[2]) in _BODIES for h in before
        ):
            # "They also said ...": the body that spoke last, as "he" for a person.
            recent = ctx.last_speaker if ctx.speaker_age <= PRONOUN_REACH else None
            if recent and ctx.kinds.get(recent) in _BODIES:
                return recent
        if words.strip().lower() == "it" and speakers.expletive(s.text, who):
            return None
        fitting = _PEOPLE if words.strip().lower() in ("he", "she") else _BODIES
        if ctx.anonymous and not any(ctx.kinds.get(h[2]) in fitting for h in before):
            # "..., the news agency reported. X was hurt, it said.": the pronoun is the
            # unnamed reporter of the last sentence, not the last party named.
            return None
        return ctx.pronoun(words)
    found = _actor_in(who, speakers.spoken(s.text, who, hits), ctx.kinds)
    if found is None:
        ctx.see(hits, upto=who[0])
        found = ctx.described(words)
    ctx.unnamed = ctx.unnamed or found is None
    return found


def _evidence(s: Passage, *spans: tuple[int, int] | None) -> list[int]:
    real = [sp for sp in spans if sp]
    return s.ids_for(min(a for a, _ in real), max(b for _, b in real))


def _make(
    s: Passage,
    kind: str,
    speaker: str | None,
    target: str | None,
    span,
    ids,
    gap=None,
    source: str = "parse",
):
    from summarizer.cues import ClaimCandidate

    words = s.text[span[0] : span[1]]
    if gap is not None:
        words = s.text[span[0] : gap[0]].rstrip(" ,") + " " + s.text[gap[1] : span[1]].lstrip(" ,")
    text = attr.clean_clause(words)
    whole = attr.clean_clause(s.text, limit=40)
    text = text or whole or " ".join(s.text.split())
    return ClaimCandidate(
        s, [kind], speaker, target, text, wordings=[text, whole], ids=ids, source=source
    )


def _still_quoting(text: str, inside: bool) -> bool:
    """Whether a quotation is still open at the end of ``text`` (open at its start if
    ``inside``): ``...`` opens, '' closes, a straight double quote toggles."""
    for m in _QUOTE_MARK.finditer(text):
        mark = m.group()
        inside = (not inside) if mark == '"' else mark in ("``", "“")
    return inside


_QUOTE_MARK = re.compile(r"``|''|\"|“|”")


def sentence_claims(s: Passage, actors: list[ActorCandidate], ctx: Context) -> list:
    """The stance and demand candidates of one sentence.

    A quotation that runs over several sentences ("``A. B. C,'' X said.") is X's from its
    first sentence: sentences wholly inside it wait in ``ctx.pending`` until the sentence
    that closes it names the speaker.
    """
    skip = dateline(s.text)
    hits = [h for h in mentions(s.text, actors) if not skip or h[0] >= skip.end()]
    starts_inside = ctx.quoting or s.text.startswith(("``", '"', "“"))
    ctx.quoting = _still_quoting(s.text, ctx.quoting)
    if starts_inside and ctx.quoting:
        # Wholly inside a quotation: whose it is comes later.
        ctx.pending.append(
            _make(s, "position", None, None, (0, len(s.text)), list(s.ids), source="quote")
        )
        ctx.see(hits)
        return []
    out = _reported(s, skip.end() if skip else 0, hits, ctx)
    # Only the sentence right after an unnamed speaker's report is read as going on.
    ctx.anonymous, ctx.unnamed = ctx.unnamed and not out, False
    waiting, ctx.pending = ctx.pending, []
    if starts_inside and not out and ctx.last_speaker:
        # A run of quotes keeps its speaker: ``...'' he said. ``More.''
        whole = (0, len(s.text))
        out.append(_make(s, "position", ctx.last_speaker, None, whole, list(s.ids), source="quote"))
    owner = out[0].speaker if out else ctx.last_speaker
    if waiting and owner:
        out = _quotation(waiting, out, owner)
    ctx.see(hits)
    ctx.speaker_age += 1
    if out:
        ctx.last_speaker = out[-1].speaker
        ctx.speaker_age = 0
    return out


def _quotation(waiting: list, out: list, owner: str) -> list:
    """One position for a quotation run over several sentences, in the speaker's words."""
    first = waiting[0]
    first.speaker = owner
    rest = waiting[1:]
    if out and out[0].kinds == ["position"] and out[0].speaker == owner:
        rest.append(out.pop(0))
    for c in rest:
        # One quotation is one statement: each of its sentences is in the wording.
        first.ids = sorted(set(first.ids) | set(c.ids))
        if c.text.casefold() not in first.text.casefold():
            first.text = f"{first.text}; {c.text[:1].lower()}{c.text[1:]}"
    first.wordings = [first.text, *first.wordings[1:]]
    return [first, *out]


def _reported(s: Passage, skip: int, hits: list[Hit], ctx: Context) -> list:
    """The claims of the reports the sentence itself makes."""
    out = []
    found = clauses.reports(s.text, skip)
    source = "parse" if found else "pattern"
    if not found:
        # A tree misread around a quote: "``...,'' X, head of Y, said Thursday."
        found = [r for r in attr.reports(s.text) if r.who and r.who[0] > r.what[1]]
    found = speakers.channels_dropped(s.text, found)
    for r in sorted(found, key=lambda r: r.nested):
        if r.nested and out:
            continue  # the outer speaker is a party: the inner report is theirs to tell
        speaker = _speaker(s, r.who, hits, ctx)
        if speaker is None:
            continue
        target = _actor_in(r.whom, hits, ctx.kinds)
        target = None if target == speaker else target
        ids = _evidence(s, r.who, r.what)
        out.append(_make(s, r.kind, speaker, target, r.what, ids, gap=r.gap, source=source))
        if r.kind == "position":
            for subj, dem in attr.modal_demands(s.text, r.what):
                whom = _actor_in(subj, hits, ctx.kinds)
                demand = _make(s, "demand", speaker, whom, dem, _evidence(s, dem), source=source)
                if demand.text == out[-1].text and out[-1].kinds == ["position"]:
                    out.pop()  # the whole clause is the demand: not a position as well
                out.append(demand)
    rejected = attr.demand_of_rejection(s.text)
    if rejected:
        refuser, asker, _ = (_actor_in(sp, hits, ctx.kinds) for sp in rejected)
        if asker:
            span = rejected[2]
            ids = _evidence(s, span)
            out.append(_make(s, "demand", asker, refuser, span, ids, source="refusal"))
    return out


def head_words(actor: ActorCandidate) -> set[str]:
    """The lower-case words a definite description of ``actor`` may use as its head: the
    words of its role ("Prime Minister" → minister) and of its name ("Truth Commission" →
    commission)."""
    words = set((actor.role or "").lower().split())
    if actor.kind != ActorKind.PERSON:
        words |= {w.lower().strip(".,") for w in actor.name.split()}
    for generic, heads in _GENERIC_HEADS.items():
        if words & heads:
            words.add(generic)
    if actor.kind in (ActorKind.GOVERNMENT, ActorKind.COUNTRY):
        words.add("government")
    return words


# Generic nouns copy uses for a body it has named: "the panel" for a commission.
_GENERIC_HEADS = {
    "panel": {"commission", "committee", "board", "council", "tribunal", "panel"},
    "company": {"corp", "inc", "co", "company", "ltd", "corporation", "plc", "airlines"},
    "firm": {"corp", "inc", "co", "company", "ltd", "corporation", "plc"},
    "party": {"party", "congress", "front", "league", "movement"},
    "group": {"group", "association", "union", "front", "movement", "organization"},
}


_FEMALE = re.compile(r"^(?:Mrs|Ms|Miss|Madam|Mme|Queen|Princess|Lady|Dame)\b|(?:woman|ess)$")
_MALE = re.compile(r"^(?:Mr|King|Prince|Sir|Lord)\b|man$")


def sexes(text: str, actors: list[ActorCandidate]) -> dict[str, str]:
    """The sex the copy gives each person: an honorific before a name ("Mrs. Carson",
    "Mr. Price") or a sexed title ("Spokeswoman Ana Diaz", "King Hussein")."""
    out: dict[str, str] = {}
    for a in actors:
        if a.kind != ActorKind.PERSON:
            continue
        surname = a.name.split()[-1]
        titles = re.findall(
            rf"\b([A-Z][a-z]+)\.?\s+(?:[A-Z][\w.]*\s+){{0,2}}{re.escape(surname)}\b", text
        )
        titles += [a.role or ""]
        for t in titles:
            if _FEMALE.search(t):
                out[a.id] = "f"
            elif _MALE.search(t) and a.id not in out:
                out[a.id] = "m"
    return out
