"""Who says what, and who is asked what, the way wire copy writes it.

Each reporting or demanding verb of a sentence opens a :class:`Report`: the words naming
its speaker, the clause it reports, and for a demand the words naming its target. The
patterns are the ones agency copy uses:

- speakers: "X said (that) ...", "..., X said", "..., said X, ...", "according to X",
  "X told Y (that) ...", "X's spokesman said"; a pronoun is left for ``cues.py`` to
  resolve to the last compatible named party;
- stances with their verb kept: "X denied/rejected/accused/criticised ...";
- demands: "X urged/asked/called on/pressed Y to ...", "X demanded (that) Y ...",
  "X called for/requested/appealed for ...", "X rejected Y's demand for ...", and
  "Y must/should ..." inside a reported clause.

Spans are character ranges of the passage text, so ``cues.py`` can map them to actors
and to the pieces a claim cites.

The dependency parse (``clauses.py``) is the main reader now; from here ``claims.py``
uses the :class:`Report` shape, the quote-first patterns where the parse misreads a
quotation, "rejected Y's demand for", the "must/should" demands inside a clause and
:func:`clean_clause`, the wording clean-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

Span = tuple[int, int]

_SAY = (
    r"said|says|say|told|tells|added|stated|declared|insisted|argued|argues|warned|warns|"
    r"claimed|maintained|noted|stressed|explained|acknowledged|admitted|contended|"
    r"asserted|announced|confirmed|wrote|predicted|promised|vowed|pledged|conceded|"
    r"complained|charged|believes|believed|suggested|indicated|threatened|agreed|replied|"
    r"responded|reiterated|recalled|countered|hoped|feared|was quoted as saying|"
    r"were quoted as saying|quoted \w+ as saying"
)
_STANCE = (
    r"denied|denies|rejected|rejects|accused|accuses|criticized|criticised|criticizes|"
    r"blamed|blames|welcomed|welcomes|condemned|condemns|dismissed|dismisses|defended|"
    r"questioned|supported|supports|opposed|opposes|backed|backs|praised|refused|refuses|"
    r"disputed|protested|objected|offered|proposed|retracted|lodged|filed|sued|approved|"
    r"declined|conceded|acknowledged|accepted|insisted"
)
_ASK_TO = (
    r"urged|urges|urging|asked|asks|called on|calls on|calling on|pressed|presses|pressing|"
    r"told|tells|appealed to|pushed|pushes|pushing|ordered|orders|ordering"
)
_ASK_FOR = (
    r"called for|calls for|calling for|demanded|demands|demanding|requested|requests|"
    r"to request|sought|seeks|appealed for|asked for|asks for|pressed for|pushed for|"
    r"insisted on|wants|wanted|applied for|threatened to press for|chanting for|banned|bans"
)
_AUX = r"(?:(?:has|had|have|also|again|repeatedly|publicly|formally|previously|would|will)\s+)*"
_WHEN = (
    r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
    r"yesterday|today|earlier|later|last\s+\w+)(?:\s+(?:night|morning|afternoon|evening))?)?"
)
VERB = re.compile(
    rf"\b{_AUX}(?P<verb>(?:{_ASK_FOR}|{_ASK_TO}|{_SAY}|{_STANCE})\b|according to\b)",
)
_KIND = {
    **dict.fromkeys(_SAY.split("|"), "say"),
    **dict.fromkeys(_STANCE.split("|"), "stance"),
    **dict.fromkeys(_ASK_FOR.split("|"), "ask_for"),
    **dict.fromkeys(_ASK_TO.split("|"), "ask_to"),
}
_ABBR = r"(?:Rep|Sen|Gov|Gen|Col|Lt|Dr|Mr|Mrs|Ms|Adm|Maj|Capt|Sgt|Rev|Prof)"
_PRONOUN = re.compile(r"^(?:he|she|they|it|we|you|i)$", re.IGNORECASE)
_QUOTES = re.compile(r"``|''|\"|“|”")
_MODAL_DEMAND = re.compile(
    r"\b(?:must|should|has to|have to|needs to|need to|ought to)\b(?! be (?:noted|said))"
)


@dataclass
class Report:
    """One verb of a sentence: who (span), what (span), whom (span), and the kind."""

    kind: str  # "position" or "demand"
    verb: str
    who: Span | None
    what: Span
    whom: Span | None = None
    #: Inside another report's clause ("a statement said the bishops welcomed ..."): it
    #: stands only when the outer speaker is no party.
    nested: bool = False
    #: The verb's dictionary form when the parse read it ("say", "reject").
    lemma: str = ""
    #: An attribution set inside the clause ("The deal, officials insist, should ..."),
    #: left out of the claim's wording.
    gap: Span | None = None


def _quoted(text: str) -> list[Span]:
    spans, opened = [], None
    for m in _QUOTES.finditer(text):
        tok = m.group()
        if opened is None and tok in ("``", '"', "“"):
            opened = m.start()
        elif opened is not None and tok in ("''", '"', "”"):
            spans.append((opened, m.end()))
            opened = None
    if opened is not None:
        spans.append((opened, len(text)))
    return spans


def quotations(text: str) -> list[Span]:
    """The spans of ``text`` inside quotation marks (an unclosed one runs to the end)."""
    return _quoted(text)


def _inside(pos: int, spans: list[Span]) -> bool:
    return any(a < pos < b for a, b in spans)


def _verb_kind(verb: str) -> str:
    return _KIND.get(" ".join(verb.split()), "say")


def reports(text: str) -> list[Report]:
    """Every report in one sentence, in order."""
    quoted = _quoted(text)
    verbs = [m for m in VERB.finditer(text) if not _inside(m.start("verb"), quoted)]
    # A verb inside another's clause belongs to it ("said the claims were disputed");
    # only a coordinated verb (", and criticized ...") opens a report of its own.
    heads = [
        m
        for i, m in enumerate(verbs)
        if i == 0 or _coordinated(text, m) or _verb_kind(m.group("verb")).startswith("ask")
    ]
    found: list[Report] = []
    for i, m in enumerate(heads):
        nxt = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        report = _report(text, m, nxt, quoted)
        if report is not None:
            found.append(report)
    return found


def _coordinated(text: str, m: re.Match[str]) -> bool:
    before = text[max(0, m.start() - 40) : m.start()]
    if re.search(r"(?:,|\band|\bbut|\bwhile)\s*$", before):
        return True
    # "..., X said" / "..., said X": an attribution after the clause.
    return bool(re.search(r"(?:,|'')\s*(?:[A-Z][\w.'-]*\s*){0,4}$", before))


def _report(text: str, m: re.Match[str], nxt: int, quoted: list[Span]) -> Report | None:
    verb = " ".join(m.group("verb").split())
    if verb == "according to":
        return _according(text, m)
    before = text[: m.start()].rstrip()
    kind = _verb_kind(verb)
    # "..., X said." / "``...,'' he said.": the clause comes first, the speaker after it.
    tail = text[m.end("verb") :]
    says = kind == "say" or verb in ("told", "tells")
    if says and _attribution_tail(tail) and ("," in before or "''" in before):
        cut = max(before.rfind(","), before.rfind("''"))
        who = _strip(text, (cut + 1, m.start()))
        if who[1] > who[0] and len(before[:cut].split()) >= 4:
            return Report("position", verb, who, _strip(text, (0, cut)))
    # "..., said X, the ...": the speaker follows the verb.
    after = re.match(
        rf"{_WHEN}\s+((?:{_ABBR}\.\s+)?(?:[A-Z]|the |a |an )(?:[^,;.]|\.(?=\S))*)", tail
    )
    quote_before = before.endswith(("''", '"', "”")) or len(before.split()) >= 8
    if kind == "say" and before.endswith((",", "''", '"', "”")) and quote_before and after:
        who = (m.end("verb") + after.start(1), m.end("verb") + after.end(1))
        return Report("position", verb, who, _strip(text, (0, len(before))))
    who = _subject(text, m.start())
    if kind == "ask_to":
        return _ask_to(text, m, who, nxt)
    if kind == "ask_for":
        return _ask_for(text, m, who, nxt)
    start = m.end("verb") if kind == "say" else m.start("verb")
    what = _clause(text, start, nxt)
    if what is None:
        return None
    return Report("position", verb, who, what)


def _attribution_tail(tail: str) -> bool:
    """What follows 'said' when the clause came first: a time, a place, an audience."""
    rest = re.sub(rf"^{_WHEN}", "", tail).strip()
    if len(rest.split()) <= 8:
        return True
    return bool(re.match(r"(?:[,.]|(?:in|at|on|to|during|after|before|about|of|from)\b)", rest))


def _according(text: str, m: re.Match[str]) -> Report | None:
    after = re.match(r"\s+([^,.;]+)", text[m.end() :])
    if not after:
        return None
    who = (m.end() + after.start(1), m.end() + after.end(1))
    before = text[: m.start()].rstrip(" ,")
    if len(before.split()) >= 4:
        return Report("position", "according to", who, _strip(text, (0, len(before))))
    what = _clause(text, who[1], len(text))
    return Report("position", "according to", who, what) if what else None


def _ask_to(text: str, m: re.Match[str], who: Span | None, nxt: int) -> Report | None:
    obj = re.match(r"\s+(.{1,80}?)\s+(?:to|not to)\s+(?=\w)", text[m.end("verb") :])
    if obj and re.search(r"\bthat\b|``|\"", obj.group(1)):
        obj = None  # "told a crowd that the offer ... to what": no one is asked to act
    if not obj:
        if m.group("verb").startswith(("told", "tells")):
            what = _clause(text, m.end("verb"), nxt, drop_object=True)
            return Report("position", m.group("verb"), who, what) if what else None
        return None
    base = m.end("verb")
    whom = (base + obj.start(1), base + obj.end(1))
    what = _short(text, _clause(text, base + obj.end(), nxt, least=1))
    return Report("demand", m.group("verb"), who, what, whom) if what else None


def _ask_for(text: str, m: re.Match[str], who: Span | None, nxt: int) -> Report | None:
    verb = " ".join(m.group("verb").split())
    base = m.end("verb")
    rest = text[base:]
    whom = None
    that = re.match(r"\s+that\s+(.{1,60}?)\s+(?:must|should|be|would|will|\w+s?\b)", rest)
    if verb.startswith("demand") and that:
        whom = (base + that.start(1), base + that.end(1))
    # "A rejected B's demand for C": the demand is B's, addressed to A.
    if re.match(r"\s+to\b", rest) and verb in ("sought", "seeks", "wants", "wanted"):
        return None  # "sought to calm fears": an attempt, not a demand
    what = _short(text, _clause(text, base, nxt, least=1))
    return Report("demand", verb, who, what, whom) if what else None


def demand_of_rejection(text: str) -> tuple[Span, Span, Span] | None:
    """'A rejected B's demand for C' → (A's words, B's words, C's span)."""
    m = re.search(
        r"(?:rejected|refused|turned down|dismissed)\s+(.{2,60}?)'s?\s+"
        r"(?:demands?|calls?|requests?)\s+(?:for|that|to)\s+",
        text,
    )
    if not m:
        return None
    who = _subject(text, m.start())
    if who is None:
        return None
    end = re.search(r"[.;]|,\s+(?:but|and|while|saying)\b", text[m.end() :])
    stop = m.end() + end.start() if end else len(text)
    return who, (m.start(1), m.end(1)), (m.end(), stop)


def _subject(text: str, verb_start: int) -> Span | None:
    """The words naming who acts: from the clause start to the verb."""
    head = text[:verb_start]
    cut = max(head.rfind(";"), head.rfind(". "), head.rfind("''"), head.rfind(":"))
    start = cut + 1 if cut >= 0 else 0
    # "Addressing experts, X, head of Y, said": a leading participle clause is no subject.
    lead = re.match(r"\s*(?:[A-Z]\w+ing|After|Before|When|While|In|At|On|But|And)\b[^,]*,", head)
    if lead and lead.end() < verb_start and start == 0:
        start = lead.end()
    span = _strip(text, (start, verb_start))
    return span if span[1] > span[0] else None


def _strip(text: str, span: Span) -> Span:
    a, b = span
    while a < b and text[a] in " ,;:`'\"":
        a += 1
    while b > a and text[b - 1] in " ,;:`'\".":
        b -= 1
    return a, b


def _clause(
    text: str, start: int, stop: int, drop_object: bool = False, least: int = 3
) -> Span | None:
    rest = text[start:stop]
    lead = re.match(rf"{_WHEN}(?:\s+(?:in|at)\s+an?\s+\w+)?\s*,?\s*(?:that\s+)?", rest)
    offset = lead.end() if lead else 0
    if drop_object:
        # "told a crowd outside the depot that ...": the clause starts after "that".
        obj = re.match(r"[^,.;]{0,80}?\bthat\s+|(?:reporters|delegates|\w+)\s+", rest[offset:])
        offset += obj.end() if obj else 0
    # The clause ends where a coordinated report begins (", and criticized ...").
    span = _strip(text, (start + offset, stop))
    while span[1] > span[0] and re.search(
        r"(?:,|\band|\bbut|\bwhile)\s*$", text[span[0] : span[1]]
    ):
        trimmed = re.sub(r"\s*(?:,|\band|\bbut|\bwhile)\s*$", "", text[span[0] : span[1]])
        span = _strip(text, (span[0], span[0] + len(trimmed)))
    if len(text[span[0] : span[1]].split()) < least:
        return None
    return span


def _short(text: str, span: Span | None) -> Span | None:
    """A demand ends at its first clause break: 'seek counseling ..., Fourie earned ...'."""
    if span is None:
        return None
    body = text[span[0] : span[1]]
    m = re.search(r",\s+(?!and\b|or\b)", body)
    if m and len(body[: m.start()].split()) >= 2:
        return span[0], span[0] + m.start()
    return span


def modal_demands(text: str, clause: Span) -> list[tuple[Span, Span]]:
    """'Y must/should ...' inside a reported clause: (Y's words, the demand)."""
    body = text[clause[0] : clause[1]]
    out = []
    for m in _MODAL_DEMAND.finditer(body):
        head = body[: m.start()]
        if re.search(r"(?:\bnot|n't)\s+$", head) and not m.group().startswith(("must", "should")):
            continue  # "does not need to", "doesn't have to": no demand at all
        cut = max(head.rfind(","), head.rfind(" that "), head.rfind("``"))
        subject = _strip(text, (clause[0] + cut + 1, clause[0] + m.start()))
        if subject[1] - subject[0] > 60 or subject[1] <= subject[0]:
            continue
        demand = _short(text, _strip(text, (clause[0] + m.end(), clause[1])))
        if demand is None or re.match(r"\s*(?:not\s+)?have\b", text[demand[0] :]):
            continue  # "should have been": a regret, not a demand
        named = text[subject[0] : subject[1]]
        if named.lower() in _NOT_ADDRESSED:
            continue  # "we must ...": a commitment; "there should be ...": a view
        if _WH.match(named):
            continue  # "flights, which must be approved": the demand's subject is elsewhere
        if not is_pronoun(named) and len(named.split()) <= 6:
            # "Any sentences must be served in ...": the subject is part of the demand.
            demand = (subject[0], demand[1])
        if len(text[demand[0] : demand[1]].split()) >= 2:
            out.append((subject, demand))
    return out


# Subjects of "must/should" that address no other party.
_NOT_ADDRESSED = frozenset({"we", "i", "there", "it"})
_WH = re.compile(r"(?:which|who|what|that|whom|whose)\b", re.IGNORECASE)


def is_pronoun(words: str) -> bool:
    """'he', 'She', 'they': a speaker to resolve from context."""
    return bool(_PRONOUN.match(words.strip()))


def clean_clause(text: str, limit: int = 32) -> str:
    """A claim's wording: no quote marks, no trailing attribution, a capital first."""
    body = _QUOTES.sub("", text).replace("`", "")
    body = re.sub(r",?\s*(?:he|she|they|it)\s+(?:said|added)\b.*$", "", body)
    body = re.sub(r",\s*(?:\w+\s+){1,6}(?:reported|said|says|added)\W*$", "", body)
    words = body.strip(" ,.;:").split()
    if len(words) > limit:
        words = words[:limit]
    out = " ".join(words)
    return out[:1].upper() + out[1:] if out else out
