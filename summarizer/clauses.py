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
- the speaker is found in ``subjects.py``: the verb's subject, or its governor's when it
  has none ("vowed to stay on, saying ..."; "said ... and criticised ..."; "Baykal, who
  urged ...").

Spans are character ranges of the text, so ``claims.py`` maps them to actors and to the
pieces a claim cites exactly as it does for ``attribution.py``'s reports. Demands are read
in ``demands.py``, speakers in ``subjects.py``; span helpers live in ``tree.py``, word
lists in ``lexicon.py``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer import demands, subjects, tree
from summarizer.attribution import Report, Span
from summarizer.lexicon import (
    ASK_FOR_VERBS,
    ASK_TO_VERBS,
    LODGE_VERBS,
    ONLY_TO_VERBS,
    SAY_VERBS,
    STANCE_NOUNS,
    STANCE_VERBS,
    VIA_PREPOSITIONS,
    VOICE_VERBS,
    WARN_TO_VERBS,
)
from summarizer.parse import parse

if TYPE_CHECKING:
    from spacy.tokens import Token


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
        if not inner.nested or inner.lemma in SAY_VERBS or inner.who is None:
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
    if lemma in ("call", "appeal", "insist") or (
        lemma in VIA_PREPOSITIONS and tree.prep(verb, VIA_PREPOSITIONS[lemma])
    ):
        rep = demands.via(verb, lemma)
        if rep is not None:
            return subjects.with_speaker(rep, verb)
    if lemma == "call" and _names_as(verb):
        # "calling him morally unfit", "called the interviews harassment": a verdict.
        rep = _stance(verb)
        return subjects.with_speaker(rep, verb) if rep is not None else None
    if lemma in VOICE_VERBS:
        rep = _voiced(verb)
        return subjects.with_speaker(rep, verb) if rep is not None else None
    if lemma in LODGE_VERBS or demands.pressure(verb):
        rep = demands.lodge(verb)
        return subjects.with_speaker(rep, verb) if rep is not None else None
    if lemma in ASK_TO_VERBS or (lemma in WARN_TO_VERBS and demands.object_then_infinitive(verb)):
        rep = demands.ask_to(verb)
    elif lemma in ASK_FOR_VERBS:
        rep = demands.ask_for(verb)
    elif lemma in SAY_VERBS:
        rep = _say(verb)
    elif lemma in STANCE_VERBS:
        rep = _stance(verb)
    else:
        return None
    return subjects.with_speaker(rep, verb) if rep is not None else None


def _quoted_before(verb: Token) -> Span | None:
    """'``...,'' she said, her voice shaking': the quotation that ends right before the
    attribution is the clause, whatever else hangs on the verb."""
    subj = next((c for c in verb.children if c.dep_ in tree.SUBJ), None)
    first = min(verb.i, subj.left_edge.i if subj is not None else verb.i)
    doc = verb.doc
    k = first - 1
    while k >= 0 and doc[k].text in (",", "."):
        k -= 1
    if k < 1 or doc[k].text not in ("''", "”", '"') or not doc.text.startswith(_OPENERS):
        return None
    return tree.span(doc[: k + 1])


_OPENERS = ("``", '"', "“")
# How the parse splits an opening quote: "``" is two backtick tokens.
_OPEN_TOKENS = ("``", "`", "“")


def _resumed(verb: Token, first: Span) -> tuple[Span, Span] | None:
    """A quotation resumed after its attribution: (the attribution gap, the rest)."""
    doc = verb.doc
    k = _past_time(verb)
    if k >= len(doc) or doc[k].text not in _OPEN_TOKENS or doc[k - 1].text not in (",", ":"):
        return None
    opener = doc[k]
    rest = tree.span(doc[opener.i + 1 :])
    if rest[1] <= rest[0]:
        return None
    return (first[1], opener.idx + len(opener.text)), rest


def _past_time(verb: Token) -> int:
    """The first token after ``verb`` and its time and punctuation ("said Monday, ")."""
    doc = verb.doc
    k = verb.i + 1
    while k < len(doc) and (doc[k].ent_type_ in ("DATE", "TIME") or doc[k].text in (",", ":")):
        k += 1
    return k


def _quote_after(verb: Token) -> Span | None:
    """A quotation opening right after the verb (past its time), after a comma or a
    colon ("Carville said, ``If there is one ...''"), is the clause."""
    doc = verb.doc
    k = _past_time(verb)
    if k >= len(doc) or doc[k].text not in _OPEN_TOKENS or doc[k - 1].text not in (",", ":"):
        return None
    what = tree.span(doc[k + 1 :])
    return what if len(tree.words(verb, what)) >= 3 else None


def _between_quote(verb: Token) -> Report | None:
    """'``...,'' X, head of Y, said Thursday.' with the tree misread (no subject): the
    speaker is what stands between the closing quote and the verb."""
    doc = verb.doc
    if any(c.dep_ in tree.SUBJ for c in verb.children) or not doc.text.startswith(_OPENERS):
        return None
    closes = [t.i for t in doc[: verb.i] if t.text in ("''", "”")]
    if not closes:
        return None
    who = tree.span(doc[closes[-1] + 1 : verb.i])
    what = tree.span(doc[: closes[-1]])
    if who[1] <= who[0] or len(tree.words(verb, what)) < 3:
        return None
    return Report("position", verb.text, who, what)


def _inverted(verb: Token) -> Report | None:
    """'The videotape, said David Boies, the trial lawyer, offers ...' read as if the
    videotape spoke: the named subject right after ", said" is the speaker, and the
    attribution a gap in the clause."""
    doc = verb.doc
    subj = next((c for c in verb.children if c.dep_ in tree.SUBJ and c.i < verb.i), None)
    clause = next((c for c in verb.children if c.dep_ == "ccomp" and c.i > verb.i), None)
    if subj is None or clause is None or verb.i == 0 or doc[verb.i - 1].text != ",":
        return None
    speaker = next((c for c in clause.children if c.dep_ in tree.SUBJ), None)
    if speaker is None or speaker.left_edge.i != verb.i + 1 or speaker.pos_ != "PROPN":
        return None
    end = speaker.right_edge.i
    if doc[end].text != "," and (end + 1 >= len(doc) or doc[end + 1].text != ","):
        return None  # "X, who ..., says the United States has ...": not inverted
    who = tree.np(speaker)
    gap = (doc[verb.i - 1].idx, who[1])
    what = tree.span([*subj.subtree, *(t for t in clause.subtree if t.i > speaker.right_edge.i)])
    return Report("position", verb.text, who, what, gap=gap)


def _say(verb: Token) -> Report | None:
    between = _between_quote(verb) or _inverted(verb)
    if between is not None:
        return between
    quoted = _quoted_before(verb)
    if quoted is not None and len(tree.words(verb, quoted)) >= 3:
        resumed = _resumed(verb, quoted)
        if resumed is not None:
            # A quotation resumed after its attribution ("If ...,'' he said, ``I'm not").
            return Report("position", verb.text, None, (quoted[0], resumed[1][1]), gap=resumed[0])
        return Report("position", verb.text, None, quoted, nested=False)
    opened = _quote_after(verb)
    if opened is not None:
        return Report("position", verb.text, None, opened)
    # Of two complements the one after the verb is what it reports ("X were to sign ...
    # and negotiators said [the airport would open]"); a quotation first was taken above.
    comps = [c for c in verb.children if c.dep_ == "ccomp"]
    clause = next((c for c in comps if c.i > verb.i), comps[0] if comps else None)
    if clause is None and verb.lemma_.lower() in ("warn", "threaten", "promise"):
        clause = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    colon = verb.i + 1 < len(verb.doc) and verb.doc[verb.i + 1].text == ":"
    if colon and len(verb.doc) > verb.i + 3:
        # "said: ``This is a swing district ...''": the clause follows the colon.
        what = tree.span(verb.doc[verb.i + 2 :])
    elif clause is not None:
        what = tree.clause(clause)
    elif verb.dep_ in ("parataxis",):
        # "The offer is fair, he said" / "The deal, officials insist, should ...": the
        # clause is the head the verb hangs on, the attribution a gap in it.
        what = tree.clause(verb.head, without=(verb,))
        gap = tree.subtree(verb)
        if what[0] < gap[0] and gap[1] < what[1]:
            rep = Report("position", verb.text, None, what, gap=gap)
            return rep if len(tree.words(verb, what)) >= 5 else None
    else:
        return None
    if len(tree.words(verb, what)) < 3 or _open(verb.doc.text[what[0] : what[1]]):
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
        if tok.lemma_.lower() in SAY_VERBS and tok.dep_ != "advcl" and tok.i != verb.i:
            return verb.dep_ == "ccomp" or (tok.i < verb.i and verb.dep_ != "conj")
    return False


def _stance(verb: Token) -> Report | None:
    if verb.dep_ in ("amod", "acl"):
        return None  # "the backed plan", "a report criticised by": no one's stance here
    if verb.dep_ == "relcl" and not any(
        c.dep_ in tree.SUBJ and c.lower_ in ("who", "which", "that") for c in verb.children
    ):
        return None  # "the tactics that he denies": the stance's object is elsewhere
    if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children):
        return None  # "the council would host talks if the authority agreed to ...": no stance
    if verb.lemma_.lower() in ONLY_TO_VERBS and not any(c.dep_ == "xcomp" for c in verb.children):
        return None  # "offered to hand them over" is a stance; "offered no comment" is not
    passive = next((c for c in verb.children if c.dep_ == "nsubjpass"), None)
    if passive is not None and passive.lower_ in ("which", "that", "who"):
        return None  # "flights, which must be approved by Israel": the subject is elsewhere
    if passive is not None:
        # "The plan was rejected by Kiev": the stance is the subject and the verb.
        what = tree.span([*passive.subtree, *(c for c in verb.children if c.i < verb.i), verb])
        return (
            Report("position", verb.text, None, what) if len(tree.words(verb, what)) >= 3 else None
        )
    keep = [c for c in verb.children if c.dep_ in _KEEP and c.i > verb.i and not _own_subject(c)]
    if not keep:
        return None
    asides = {a.i for c in keep for t in c.subtree if tree.aside(t) for a in t.subtree}
    toks = [verb, *(t for c in keep for t in c.subtree if t.i not in asides)]
    # Negation and modals before the verb carry polarity: "did not support".
    toks += [c for c in verb.children if c.dep_ in ("neg",)]
    what = tree.cut(verb, tree.span(toks))
    if len(tree.words(verb, what)) < 3:
        return None
    return Report("position", verb.text, None, what, nested=_inside_report(verb))


def _own_subject(tok: Token) -> bool:
    """A coordinated verb with a subject of its own opens a report of its own."""
    if tok.dep_ == "conj":
        return True
    return tok.dep_ == "advcl" and any(c.dep_ in tree.SUBJ for c in tok.children)


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
    clause = next(
        (c for c in obj.children if c.dep_ in ("acl", "ccomp") and tree.has_that(c)), None
    )
    if clause is None:
        return None
    what = tree.clause(clause)
    return Report("position", verb.text, None, what) if len(tree.words(verb, what)) >= 3 else None


def _according(tok: Token) -> Report | None:
    """'..., according to X': X speaks the clause the phrase hangs on."""
    to = next((c for c in tok.children if c.lower_ == "to"), None)
    who = tree.pobj(to) if to is not None else None
    if who is None:
        return None
    head = tok.head
    while head.dep_ not in ("ROOT", "ccomp") and head.head.i != head.i:
        head = head.head
    what = tree.subtree(head, without=(tok,))
    if len(tree.words(tok, what)) < 4:
        return None
    return Report("position", "according to", tree.np(who), what)
