"""What reconciliation reads in a sentence: content words, named entities, figures, negation.

Pure functions over plain text, shared by the offline (lexical) reconciler and the
blocking step of the model reconciler. A figure keeps its unit (currency, percent, or
the noun it counts) and its scale, so "$48.2 billion" and "$48.2 million" are the same
kind of quantity with values a thousandfold apart, and "4 percent" is never compared
with "4 billion".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from summarizer.lexicon import RECONCILE_HEDGE as HEDGE
from summarizer.lexicon import RECONCILE_NEGATION as NEGATION
from summarizer.lexicon import RECONCILE_STOPWORDS as STOP
from summarizer.lexicon import STOP_NAMES

OFFER = re.compile(
    r"\b(?:offer\w*|bids?|bidding|accept\w*|propos(?:e|es|ed|ing|al) (?:to|a|an|of))\b",
    re.IGNORECASE,
)
ASK = re.compile(
    r"\b(?:demand|seek|sought|ask|want|call(?:s|ed)? for|insist|press(?:es|ed)? for)\w*",
    re.IGNORECASE,
)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]+")
_SCALE = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_FIGURE = re.compile(
    r"(?P<cur>[$£€])?\s?(?P<num>\d[\d,]*(?:\.\d+)?)(?![\d/])"
    r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn)\b)?"
    r"(?:\s*(?P<pct>%|percent\b|per cent\b))?"
    r"(?:\s+(?P<noun>[a-z]{3,}))?",
    re.IGNORECASE,
)
_WORD_NUMBERS = {
    w: float(i)
    for i, w in enumerate(
        "no one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
        "fifteen sixteen seventeen eighteen nineteen twenty".split()
    )
}
_WORD_FIGURE = re.compile(
    rf"\b(?P<num>{'|'.join(_WORD_NUMBERS)})\s+(?P<noun>[a-z]{{3,}})(?:\s+(?P<noun2>[a-z]{{3,}}))?",
    re.IGNORECASE,
)
_NOT_A_UNIT = STOP | {"and", "to", "from", "or", "in", "of", "a", "up", "down"}


def stem(word: str) -> str:
    """A crude stem: lowercase, without possessive and plural endings."""
    w = word.casefold().replace("’", "'").removesuffix("'s").strip("'-")
    for suffix in ("ies", "es", "s"):
        if len(w) > 4 and w.endswith(suffix) and not w.endswith("ss"):
            return w[: -len(suffix)] + ("y" if suffix == "ies" else "")
    return w


@lru_cache(maxsize=16384)
def content_words(text: str) -> frozenset[str]:
    """Stemmed words that carry meaning."""
    return frozenset(
        stem(w) for w in _WORD.findall(text) if w.casefold() not in STOP and len(w) > 2
    )


@lru_cache(maxsize=16384)
def entities(text: str) -> frozenset[str]:
    """Stemmed capitalised words that are names, not sentence openers or weekdays."""
    found = set()
    for m in _WORD.finditer(text):
        w = m.group()
        if not w[0].isupper() or w.casefold() in STOP or w.casefold() in STOP_NAMES:
            continue
        found.add(stem(w))
    return frozenset(found)


def dice(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Overlap of two word sets (Dice coefficient)."""
    return 2 * len(a & b) / (len(a) + len(b)) if a and b else 0.0


def negated(text: str) -> bool:
    """Whether the sentence denies, refuses or negates."""
    return bool(NEGATION.search(text))


def hedged(text: str) -> bool:
    """Whether the sentence forecasts, estimates or speaks conditionally."""
    return bool(HEDGE.search(text))


@dataclass(frozen=True)
class Figure:
    """A quantity: value with its scale applied, unit, and the words around it."""

    value: float
    unit: str  # "$", "%", or the noun it counts ("troops", "barrel")
    text: str
    context: frozenset[str]
    hedged: bool = False  # a forecast, an estimate, a condition: not a fact to contradict
    role: str = ""  # "offer" or "ask": what one side offers is not what the other demands


_HEADCOUNT = frozenset("people person worker employee staff".split())


def _unit(noun: str) -> str:
    """The counted noun as a unit; people, workers, employees and staff are one headcount."""
    unit = stem(noun)
    return "people" if unit in _HEADCOUNT else unit


def _is_year(num: str, m: re.Match[str]) -> bool:
    return (
        not (m.group("cur") or m.group("scale") or m.group("pct"))
        and num.isdigit()
        and 1900 <= int(num) <= 2100
    )


@lru_cache(maxsize=16384)
def figures(text: str) -> tuple[Figure, ...]:
    """The quantities a sentence states, each with its unit and nearby content words."""
    flat = " ".join(text.split())
    found = []
    for m in _FIGURE.finditer(flat):
        num = m.group("num").replace(",", "")
        if not num.strip(".") or _is_year(num, m):
            continue
        scale = _SCALE.get((m.group("scale") or "").casefold(), 1.0)
        noun = (m.group("noun") or "").casefold()
        if m.group("pct"):
            unit = "%"
        elif m.group("cur"):
            # "$200 each", "$10 a barrel": a price per item is not a total.
            per = noun in ("each", "a", "an", "per", "apiece")
            unit = m.group("cur") + ("/each" if per else "")
        elif noun and noun not in _NOT_A_UNIT:
            unit = _unit(noun)
        else:
            continue  # a bare number: a date, a rank, a share price fraction
        found.append(_figure(flat, m, float(num) * scale, unit))
    for m in _WORD_FIGURE.finditer(flat):
        noun = m.group("noun").casefold()
        if noun in _NOT_A_UNIT or noun in _WORD_NUMBERS:
            continue
        value = _WORD_NUMBERS[m.group("num").casefold()]
        found.append(_figure(flat, m, value, _unit(noun)))
    return tuple(found)


def _figure(flat: str, m: re.Match[str], value: float, unit: str) -> Figure:
    window = flat[max(0, m.start() - 60) : m.end() + 60]
    near = flat[max(0, m.start() - 50) : m.end() + 25]
    role = "offer" if OFFER.search(near) else "ask" if ASK.search(near) else ""
    # A condition or forecast anywhere before the figure governs it ("If Exxon buys
    # Mobil ..., deals will total $X"); after it, only what follows closely.
    hedge = HEDGE.search(flat[: m.start()]) or HEDGE.search(flat[m.end() : m.end() + 25])
    return Figure(value, unit, m.group().strip(), content_words(window), bool(hedge), role)
