"""Reports read from the dependency parse: who says, rejects or demands what, of whom.

``attribution.py`` reads wire copy with patterns over words; this module reads the same
reports from the grammar (``parse.py``), which knows where a clause begins and ends:

- a reporting verb ("said", "told", "insisted") names its speaker as its subject and
  reports its clausal complement: "Baykal said [the Republicans would support ...]";
  "[``This is a plot,''] Yilmaz said" is the same tree with the clause first;
- "according to X" makes X the speaker of the clause it hangs on;
- a stance verb ("denied", "rejected", "accused", "backs") is the stance itself, so the
  claim is the verb with its complements: "rejected the offer as unfair";
- "urged/asked/called on X to VP": X (object) is the target, the infinitive the demand;
  "demanded that X VP": X (subject of the clause) the target; "called for / sought /
  demanded / appealed for N": the noun phrase is the demand;
- a verb without a subject of its own takes its governor's ("vowed to stay on, saying
  ..."; "said ... and criticised ..."; "Baykal, who urged ...").

Spans are character ranges of the text, so ``claims.py`` maps them to actors and to the
pieces a claim cites exactly as it does for ``attribution.py``'s reports.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.attribution import Report, Span
from summarizer.parse import parse

if TYPE_CHECKING:
    from spacy.tokens import Token

SAY = frozenset(
    """
    say tell add state declare insist argue warn claim maintain note stress explain
    acknowledge admit contend assert announce confirm write predict concede complain
    charge believe suggest indicate reply respond reiterate recall counter hope fear
    think allege report estimate emphasize emphasise testify caution quote inform assure
    """.split()
)
# Verbs whose complements are the stance: "rejected the plan", "vowed to stay on".
STANCE = frozenset(
    """
    deny reject accuse criticize criticise blame welcome condemn dismiss defend question
    support oppose back praise refuse dispute protest object offer propose retract
    approve decline accept endorse congratulate regret favor favour boycott veto resist
    vow pledge promise threaten agree refute challenge disavow applaud recognize
    recognise advocate decry denounce deplore slam
    """.split()
)
REPORTING = SAY | STANCE | frozenset("call demand urge ask seek appeal".split())
# Stance verbs that take a stance only with an infinitive: "offered to", "agreed to".
_ONLY_TO = frozenset("offer agree".split())
# "urged X to VP": the object is asked to act.
ASK_TO = frozenset("urge ask press appeal push order pressure implore beg".split())
# "called for N", "demanded N", "sought N": the noun phrase is the demand.
ASK_FOR = frozenset("demand request seek want apply".split())
# Verbs that take their demand through a preposition: "called for", "appealed for".
_VIA = {
    "call": ("for", "on", "upon"),
    "appeal": ("for", "to"),
    "apply": ("for",),
    "press": ("for",),
    "push": ("for",),
    "ask": ("for",),
    "insist": ("on",),
    "chant": ("for",),
    "clamor": ("for",),
    "clamour": ("for",),
    "campaign": ("for",),
    "lobby": ("for",),
    "petition": ("for",),
    "plead": ("for",),
}
# "voiced suspicions that ...", "expressed fears that ...": the noun's clause is the stance.
VOICE = frozenset("voice express raise air share reiterate register".split())
STANCE_NOUNS = frozenset(
    """
    suspicion fear concern hope belief doubt confidence optimism regret worry conviction
    view opinion claim assurance
    """.split()
)
# "X's spokesman said" speaks for X; "X's colleagues said" does not.
_NOT_OWNER = frozenset(
    """
    colleague ally critic supporter opponent rival friend enemy detractor backer follower
    admirer neighbour neighbor victim accuser challenger
    """.split()
)
# "lodged a no-confidence motion against X": a formal demand, addressed to X.
LODGE = frozenset("lodge file submit table present introduce renew repeat issue".split())
DEMAND_NOUNS = frozenset(
    """
    motion complaint request application petition appeal suit lawsuit demand ultimatum
    call plea pressure bid
    """.split()
)
_SUBJ = ("nsubj", "nsubjpass")
# Dependents that take their governor's subject: "vowed to stay on, saying ...".
_CLIMB = ("conj", "xcomp", "advcl", "pcomp", "pobj", "prep", "dobj")
# Dependents that take their governor's subject: "vowed to stay on, saying ...".
_CLIMB = ("conj", "xcomp", "advcl", "pcomp", "pobj", "prep", "dobj")
_CLAUSE_DEPS = ("ccomp", "xcomp")
# Children of a stance verb that belong to its claim (objects, complements, particles).
_KEEP = (
    "dobj",
    "prep",
    "xcomp",
    "ccomp",
    "dative",
    "prt",
    "acomp",
    "oprd",
    "attr",
    "advmod",
    "npadvmod",
    "pobj",
    "agent",
    "neg",
    "aux",
    "auxpass",
    "advcl",
)


def reports(text: str, skip: int = 0) -> list[Report]:
    """Every report the parse finds in ``text`` after its first ``skip`` characters.

    The dateline ("MOSCOW (AP) - ") is cut off before parsing, so it can never be read as
    the subject of the lead's verb; spans are offsets into ``text`` all the same.
    """
    doc = parse(text[skip:])
    found: list[Report] = []
    for tok in doc:
        rep = None
        if tok.lower_ == "according":
            rep = _according(tok)
        elif tok.pos_ in ("VERB", "AUX"):
            rep = _report(tok)
        if rep is not None:
            found.append(rep)
    kept = sorted(_named_inside(found, doc.text), key=lambda r: r.what[0])
    return [_shift(r, skip) for r in kept]


def _shift(rep: Report, by: int) -> Report:
    def move(span: Span | None) -> Span | None:
        return None if span is None else (span[0] + by, span[1] + by)

    rep.who, rep.whom = move(rep.who), move(rep.whom)
    rep.what = (rep.what[0] + by, rep.what[1] + by)
    return rep


def _named_inside(found: list[Report], text: str) -> list[Report]:
    """'CNBC refused to answer ..., said its vice president': a stance or demand with a
    named subject of its own is that party's, not the reporter's, when the reported clause
    is nothing but it."""
    drop: list[Report] = []
    for inner in found:
        if not inner.nested or inner.lemma in SAY or inner.who is None:
            continue
        if not text[inner.who[0] : inner.who[1]][:1].isupper() or _is_pronoun(text, inner.who):
            continue
        outer = [r for r in found if not r.nested and r.what[0] == inner.who[0]]
        if outer:
            inner.nested = False
            drop += outer
    return [r for r in found if not any(r is d for d in drop)]


def _is_pronoun(text: str, span: Span) -> bool:
    return text[span[0] : span[1]].lower() in ("he", "she", "it", "they", "we", "i")


def _report(verb: Token) -> Report | None:
    lemma = verb.lemma_.lower()
    if lemma in ("call", "appeal", "insist") or (lemma in _VIA and _prep(verb, _VIA[lemma])):
        rep = _via(verb, lemma)
        if rep is not None:
            return _with_speaker(rep, verb)
    if lemma == "call" and _names_as(verb):
        # "calling him morally unfit", "called the interviews harassment": a verdict.
        rep = _stance(verb)
        return _with_speaker(rep, verb) if rep is not None else None
    if lemma in VOICE:
        rep = _voiced(verb)
        return _with_speaker(rep, verb) if rep is not None else None
    if lemma in LODGE or _pressure(verb):
        rep = _lodge(verb)
        return _with_speaker(rep, verb) if rep is not None else None
    if lemma in ASK_TO or (lemma in _WARN_TO and _object_then_infinitive(verb)):
        rep = _ask_to(verb)
    elif lemma in ASK_FOR:
        rep = _ask_for(verb)
    elif lemma in SAY:
        rep = _say(verb)
    elif lemma in STANCE:
        rep = _stance(verb)
    else:
        return None
    return _with_speaker(rep, verb) if rep is not None else None


def _with_speaker(rep: Report, verb: Token) -> Report | None:
    who = _speaker(verb) or rep.who
    if any(c.dep_ == "nsubjpass" for c in verb.children) and verb.lemma_.lower() != "quote":
        # "The plan was rejected by Kiev", "officials were warned that ...": the agent
        # takes the stance, not the subject ("X was quoted as saying" is X's own).
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        by = _pobj(agent) if agent is not None else None
        who = _np(by) if by is not None else None
    if who is None:
        return None
    a, b = rep.what
    inside_gap = rep.gap is not None and rep.gap[0] <= who[0] < rep.gap[1]
    if a <= who[0] < b and not inside_gap:
        # A misread tree put the speaker inside the clause ("``...,'' X, head of Y,
        # said"): the clause is what comes before the speaker.
        b = _trim_end(verb.doc.text, a, who[0])
        if len(verb.doc.text[a:b].split()) < 3:
            return None
        rep.what = (a, b)
    rep.who = who
    rep.lemma = verb.lemma_.lower()
    return rep


def _trim_end(text: str, a: int, b: int) -> int:
    while b > a and text[b - 1] in " ,;:`'\"":
        b -= 1
    return b


def _speaker(verb: Token) -> Span | None:
    """The subject of ``verb``, or of the verb it hangs on when it has none."""
    tok = verb
    for _ in range(4):
        subj = [c for c in tok.children if c.dep_ in _SUBJ]
        if subj and subj[0].lower_ in ("who", "which", "that") and tok.dep_ == "relcl":
            return _np(tok.head, relcl=tok)  # "Sharon, who opposes ...": Sharon
        if subj:
            return _owner_np(subj[0])
        if (
            tok.dep_ == "conj"
            and tok.head.dep_ == "ccomp"
            and tok.lemma_.lower() in REPORTING
            and not any(c.dep_ in _SUBJ and c.pos_ == "PROPN" for c in tok.head.children)
        ):
            tok = tok.head.head  # "X said the results should ... and called for ..."
            continue
        if tok.dep_ == "relcl":
            return _np(tok.head, relcl=tok)
        if tok.i == verb.i and verb.lemma_.lower() in STANCE and tok.dep_ != "conj":
            # "barred X from accepting", "refused to accept": a stance verb that is
            # only part of another verb's phrase is nobody's stance of its own.
            break
        # "was quoted as saying", "vowed to stay on, saying ...", "said ... and criticised".
        if tok.dep_ in _CLIMB and tok.head.i != tok.i:
            tok = tok.head
            continue
        break
    return None


def _owner_np(head: Token) -> Span:
    """A subject's span; "Livingston's colleagues" is not Livingston (only the words from
    the head noun on), while "Livingston's spokesman" speaks for him (the whole phrase)."""
    poss = next((c for c in head.children if c.dep_ == "poss"), None)
    if poss is None or head.lemma_.lower() not in _NOT_OWNER:
        return _np(head)
    inner = {t.i for t in poss.subtree}
    return _span(t for t in head.subtree if t.i not in inner and t.i >= poss.right_edge.i)


def _np(head: Token, relcl: Token | None = None) -> Span:
    """A noun phrase's span, without a relative clause hanging on it."""
    inner = {t.i for t in relcl.subtree} if relcl is not None else set()
    toks = [t for t in head.subtree if t.i not in inner]
    return _span(toks)


def _span(toks) -> Span:
    toks = sorted(toks, key=lambda t: t.i)
    while toks and (toks[0].is_punct or toks[0].dep_ == "cc" or toks[0].lower_ == "that"):
        toks = toks[1:]
    while toks and (toks[-1].is_punct or toks[-1].dep_ in ("cc",)):
        toks = toks[:-1]
    if not toks:
        return (0, 0)
    return toks[0].idx, toks[-1].idx + len(toks[-1])


def _subtree(tok: Token, without: tuple[Token, ...] = ()) -> Span:
    drop = {t.i for w in without for t in w.subtree}
    return _span(t for t in tok.subtree if t.i not in drop)


def _clause(tok: Token, without: tuple[Token, ...] = ()) -> Span:
    """A clause's span without its asides: appositions and relative clauses set off by
    commas ("Lee Raymond, the chairman of Exxon, which is based in ...") and reports
    coordinated onto it ("... and called for new thinking" opens a report of its own)."""
    asides = [t for t in tok.subtree if t.i != tok.i and _aside(t)]
    # A leading time ("On Monday it would retaliate") dates the report, not the claim.
    asides += [
        c for c in tok.children if c.i < tok.i and c.left_edge.i == tok.left_edge.i and _when(c)
    ]
    return _subtree(tok, without=(*without, *asides))


def _when(t: Token) -> bool:
    """'on Monday', 'last week', 'Wednesday': a phrase that only dates something."""
    words = [w for w in t.subtree if w.dep_ not in ("prep", "det", "punct")]
    return bool(words) and all(w.ent_type_ in ("DATE", "TIME") for w in words)


def _aside(t: Token) -> bool:
    if t.dep_ in ("appos", "relcl", "acl") and t.i > 0 and t.doc[t.left_edge.i - 1].text == ",":
        return True
    reporting = t.dep_ == "conj" and t.lemma_.lower() in REPORTING
    return reporting and not any(c.dep_ in _SUBJ for c in t.children)


def _prep(verb: Token, words: tuple[str, ...]) -> Token | None:
    for c in verb.children:
        if c.dep_ in ("prep", "prt") and c.lower_ in words:
            return c
    return None


def _pobj(prep: Token) -> Token | None:
    return next((c for c in prep.children if c.dep_ in ("pobj", "pcomp")), None)


def _quoted_before(verb: Token) -> Span | None:
    """'``...,'' she said, her voice shaking': the quotation that ends right before the
    attribution is the clause, whatever else hangs on the verb."""
    subj = next((c for c in verb.children if c.dep_ in _SUBJ), None)
    first = min(verb.i, subj.left_edge.i if subj is not None else verb.i)
    doc = verb.doc
    k = first - 1
    while k >= 0 and doc[k].text in (",", "."):
        k -= 1
    if k < 1 or doc[k].text not in ("''", "”", '"') or not doc.text.startswith(_OPENERS):
        return None
    return _span(doc[: k + 1])


_OPENERS = ("``", '"', "“")


def _between_quote(verb: Token) -> Report | None:
    """'``...,'' X, head of Y, said Thursday.' with the tree misread (no subject): the
    speaker is what stands between the closing quote and the verb."""
    doc = verb.doc
    if any(c.dep_ in _SUBJ for c in verb.children) or not doc.text.startswith(_OPENERS):
        return None
    closes = [t.i for t in doc[: verb.i] if t.text in ("''", "”")]
    if not closes:
        return None
    who = _span(doc[closes[-1] + 1 : verb.i])
    what = _span(doc[: closes[-1]])
    if who[1] <= who[0] or len(_words(verb, what)) < 3:
        return None
    return Report("position", verb.text, who, what)


def _say(verb: Token) -> Report | None:
    between = _between_quote(verb)
    if between is not None:
        return between
    quoted = _quoted_before(verb)
    if quoted is not None and len(_words(verb, quoted)) >= 3:
        return Report("position", verb.text, None, quoted, nested=False)
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None and verb.lemma_.lower() in ("warn", "threaten", "promise"):
        clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    colon = verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].text == ":"
    if colon and len(verb.doc) > verb.i + 3:
        # "said: ``This is a swing district ...''": the clause follows the colon.
        what = _span(verb.doc[verb.i + 2 :])
    elif clause is not None:
        what = _clause(clause)
    elif verb.dep_ in ("parataxis",):
        # "The offer is fair, he said" / "The deal, officials insist, should ...": the
        # clause is the head the verb hangs on, the attribution a gap in it.
        what = _clause(verb.head, without=(verb,))
        gap = _subtree(verb)
        if what[0] < gap[0] and gap[1] < what[1]:
            rep = Report("position", verb.text, None, what, gap=gap)
            return rep if len(_words(verb, what)) >= 5 else None
    else:
        return None
    if len(_words(verb, what)) < 3 or _open(verb.doc.text[what[0] : what[1]]):
        return None
    # A report inside another's clause is that speaker's ("said the rebels claimed ...").
    return Report("position", verb.text, None, what, nested=_inside_report(verb))


def _open(clause: str) -> bool:
    """'has not said whether ...', 'asked: who among us ...?': a question, no stance."""
    return clause.lower().startswith(("whether", "if ")) or clause.rstrip(" '\"”").endswith("?")


def _inside_report(verb: Token) -> bool:
    tok = verb
    while tok.dep_ in ("ccomp", "conj", "xcomp") and tok.head.i != tok.i:
        tok = tok.head
        if tok.lemma_.lower() in SAY and tok.dep_ != "advcl" and tok.i != verb.i:
            return verb.dep_ == "ccomp" or (tok.i < verb.i and verb.dep_ != "conj")
    return False


def _words(tok: Token, span: Span) -> list[str]:
    return tok.doc.text[span[0] : span[1]].split()


def _stance(verb: Token) -> Report | None:
    if verb.dep_ in ("amod", "acl"):
        return None  # "the backed plan", "a report criticised by": no one's stance here
    if verb.lemma_.lower() in _ONLY_TO and not any(c.dep_ == "xcomp" for c in verb.children):
        return None  # "offered to hand them over" is a stance; "offered no comment" is not
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None:
        # "The plan was rejected by Kiev": the stance is the subject and the verb.
        what = _span([*passive.subtree, *(c for c in verb.children if c.i < verb.i), verb])
        return Report("position", verb.text, None, what) if len(_words(verb, what)) >= 3 else None
    keep = [c for c in verb.children if c.dep_ in _KEEP and c.i > verb.i and not _own_subject(c)]
    if not keep:
        return None
    asides = {a.i for c in keep for t in c.subtree if _aside(t) for a in t.subtree}
    toks = [verb, *(t for c in keep for t in c.subtree if t.i not in asides)]
    # Negation and modals before the verb carry polarity: "did not support".
    toks += [c for c in verb.children if c.dep_ in ("neg",)]
    what = _cut(verb, _span(toks))
    if len(_words(verb, what)) < 3:
        return None
    return Report("position", verb.text, None, what, nested=_inside_report(verb))


def _own_subject(tok: Token) -> bool:
    """A coordinated verb with a subject of its own opens a report of its own."""
    if tok.dep_ == "conj":
        return True
    return tok.dep_ == "advcl" and any(c.dep_ in _SUBJ for c in tok.children)


def _ask_to(verb: Token) -> Report | None:
    obj = next((c for c in verb.children if c.dep_ in ("dobj", "dative")), None)
    act = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp")), None)
    if act is None and obj is not None:
        act = next((c for c in obj.children if c.dep_ in ("xcomp", "acl", "relcl")), None)
    if act is None:
        # "Gates urged an alliance with Netscape": the object is the demand itself.
        if obj is not None and verb.lemma_.lower() in ("urge", "press"):
            what = _cut(obj, _clause(obj))
            return Report("demand", verb.text, None, what) if len(_words(obj, what)) >= 2 else None
        return None
    subj = next((c for c in act.children if c.dep_ in _SUBJ), None)
    target = obj or subj
    if target is None:
        return None
    what = _demand(act, drop=subj)
    if what is None:
        return None
    return Report("demand", verb.text, None, what, _np(target))


def _demand(act: Token, drop: Token | None = None) -> Span | None:
    dropped = {t.i for t in drop.subtree} if drop is not None else set()
    toks = [t for t in act.subtree if t.i not in dropped]
    toks = [t for t in toks if not (t.dep_ == "aux" and t.lower_ == "to" and t.head.i == act.i)]
    toks = [t for t in toks if not (t.dep_ == "mark" and t.head.i == act.i)]
    span = _cut(act, _span(toks))
    return span if len(_words(act, span)) >= 1 and span[1] > span[0] else None


def _cut(tok: Token, span: Span) -> Span:
    """A demand ends at its first clause break ("..., Fourie said" is not part of it)."""
    text = tok.doc.text
    body = text[span[0] : span[1]]
    for mark in (";", ", saying", ", while", ", but", ", adding", " -- ", " _ "):
        at = body.find(mark)
        if at > 0:
            body = body[:at]
    return span[0], span[0] + len(body.rstrip(" ,"))


def _ask_for(verb: Token) -> Report | None:
    lemma = verb.lemma_.lower()
    kids = list(verb.children)
    clause = next((c for c in kids if c.dep_ == "ccomp"), None)
    obj = next((c for c in kids if c.dep_ == "dobj"), None)
    if lemma in ("seek", "want") and any(c.dep_ == "xcomp" for c in kids) and obj is None:
        return None  # "sought to calm fears": an attempt, not a demand
    if clause is not None:
        subj = next((c for c in clause.children if c.dep_ in _SUBJ), None)
        what = _demand(clause, drop=subj if lemma == "demand" else None)
        whom = _np(subj) if subj is not None else None
        return Report("demand", verb.text, None, what, whom) if what else None
    if obj is not None:
        act = next((c for c in kids if c.dep_ == "xcomp"), None)
        if act is not None:  # "wants Yilmaz to resign"
            what = _demand(act)
            return Report("demand", verb.text, None, what, _np(obj)) if what else None
        what = _cut(obj, _clause(obj))
        return Report("demand", verb.text, None, what) if len(_words(obj, what)) >= 2 else None
    return None


def _via(verb: Token, lemma: str) -> Report | None:
    """'called for N', 'called on X to VP', 'appealed to X for N', 'insisted on N'."""
    on = _prep(verb, ("on", "upon", "to"))
    target = _pobj(on) if on is not None else None
    act = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp")), None)
    if act is None and target is not None:
        act = next((c for c in target.children if c.dep_ in ("xcomp", "acl", "relcl")), None)
    if target is not None and act is not None and lemma != "insist":
        what = _demand(act)
        return Report("demand", verb.text, None, what, _np(target)) if what else None
    for_ = _prep(verb, ("for", "on") if lemma == "insist" else ("for",))
    obj = _pobj(for_) if for_ is not None else None
    if obj is None:
        return None
    what = _cut(obj, _clause(obj))
    whom = _np(target) if target is not None else None
    return Report("demand", verb.text, None, what, whom) if len(_words(obj, what)) >= 1 else None


def _names_as(verb: Token) -> bool:
    kids = list(verb.children)
    return any(c.dep_ == "dobj" for c in kids) and any(
        c.dep_ in ("oprd", "xcomp", "acomp", "ccomp") for c in kids
    )


def _voiced(verb: Token) -> Report | None:
    """'voiced suspicions that X did Y' → the stance 'X did Y'."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in STANCE_NOUNS:
        return None
    clause = next((c for c in obj.children if c.dep_ in ("acl", "ccomp") and _has_that(c)), None)
    if clause is None:
        return None
    what = _clause(clause)
    return Report("position", verb.text, None, what) if len(_words(verb, what)) >= 3 else None


def _has_that(tok: Token) -> bool:
    return any(c.dep_ == "mark" and c.lower_ == "that" for c in tok.children)


# "warned X (not) to VP", "told X to VP": X is asked to act.
_WARN_TO = frozenset("warn tell caution advise".split())


def _object_then_infinitive(verb: Token) -> bool:
    kids = list(verb.children)
    return any(c.dep_ in ("dobj", "dative") for c in kids) and any(c.dep_ == "xcomp" for c in kids)


def _pressure(verb: Token) -> bool:
    """'stepped up the pressure on X for Y', 'renewed its call for Y'."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    # "rejected the union's demand for ...": the demand is the union's (attribution.py).
    if verb.lemma_.lower() not in _EXERT:
        return False  # "faced pressure to step down" is no one's demand
    return obj is not None and obj.lemma_.lower() in ("pressure", "call", "demand", "push")


# Verbs that put pressure or a call on someone: "stepped up the pressure", "renewed its call".
_EXERT = frozenset("step increase renew intensify keep maintain put exert mount repeat".split())


def _lodge(verb: Token) -> Report | None:
    """'lodged no-confidence motions against X', 'stepped up the pressure on X for Y'."""
    obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
    if obj is None or obj.lemma_.lower() not in DEMAND_NOUNS:
        return None
    against = _prep(obj, ("against", "on")) or _prep(verb, ("against", "on"))
    target = _pobj(against) if against is not None else None
    for_ = _prep(obj, ("for",)) or _prep(verb, ("for",))
    if for_ is not None and _pobj(for_) is not None:
        what = _cut(obj, _clause(_pobj(for_)))
    else:
        toks = [*obj.subtree, *(against.subtree if against is not None else ())]
        what = _cut(obj, _span(toks))
    if len(_words(obj, what)) < 2:
        return None
    return Report("demand", verb.text, None, what, _np(target) if target is not None else None)


def _according(tok: Token) -> Report | None:
    """'..., according to X': X speaks the clause the phrase hangs on."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    who = _pobj(to) if to is not None else None
    if who is None:
        return None
    head = tok.head
    while head.dep_ not in ("ROOT", "ccomp") and head.head.i != head.i:
        head = head.head
    what = _subtree(head, without=(tok,))
    if len(_words(tok, what)) < 4:
        return None
    return Report("position", "according to", _np(who), what)
