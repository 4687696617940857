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
from collections.abc import Iterable
from functools import lru_cache

from summarizer.parse import parse

#: Lemmas of verbs by which a subject states, asks for, backs or rejects something.
SPEECH_LEMMAS = frozenset(
    """
    say tell accuse urge demand call deny insist warn claim argue add announce reject want
    ask propose threaten criticize criticise refuse agree vow pledge promise condemn describe
    believe charge expect hope oppose support plan seek decide predict respond note suggest
    report acknowledge admit maintain complain write testify protest confirm dismiss welcome
    stress counter state blame appeal plead vote sue order question challenge allege defend
    back endorse praise reply explain declare repeat estimate tout boycott press favor favour
    """.split()
)
# A possessor speaks through these ("the ministry's spokesman said").
_VOICES = frozenset(
    "spokesman spokeswoman spokesperson statement official officials lawyer lawyers "
    "representative envoy leader leaders".split()
)
# Clause links that keep the same subject: "X met Y and said", "X, who said".
_CLIMB = frozenset({"appos", "compound", "conj", "amod", "nmod"})


@lru_cache(maxsize=16384)
def _pattern(alias: str) -> re.Pattern[str]:
    body = r"\s+".join(re.escape(w) for w in alias.split())
    flags = re.IGNORECASE if alias[:1].islower() else 0
    return re.compile(rf"(?<![\w'-]){body}(?![\w-])", flags)


def _speaks(text: str, start: int, end: int) -> bool:
    doc = parse(text)
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    tok = span.root
    for _ in range(4):  # a title, apposition or conjunct around the name
        if tok.dep_ not in _CLIMB or tok.head is tok:
            break
        tok = tok.head
    if tok.dep_ == "poss" and tok.head.lemma_.lower() in _VOICES:
        tok = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass", "csubj"):
        return tok.head.lemma_.lower() in SPEECH_LEMMAS
    if tok.dep_ == "pobj" and tok.head.dep_ == "agent":
        return tok.head.head.lemma_.lower() in SPEECH_LEMMAS
    return tok.dep_ == "pobj" and tok.head.lower_ == "to" and tok.head.head.lower_ == "according"


def speaks(aliases: Iterable[str], texts: Iterable[str]) -> bool:
    """True when any of ``aliases`` is the subject of a verb of saying or stance."""
    forms = [a for a in dict.fromkeys(aliases) if a.strip()]
    for text in texts:
        for alias in forms:
            for m in _pattern(alias).finditer(text):
                if _speaks(text, *m.span()):
                    return True
    return False
