"""Matching predicted actors and claims to gold ones: pure, small, hand-checkable.

Public API (the exact rules are written out in ``evals/README.md``, "Scoring")::

    normalise_name(name: str) -> str
    name_score(pred_names: Iterable[str], gold_names: Iterable[str]) -> float
    match_actors(pred: Sequence[Actor], gold: Sequence[GoldActor]) -> dict[str, str]
    content_tokens(text: str) -> list[str]
    has_negation(text: str) -> bool
    claim_similarity(pred_text, pred_quotes, pred_spans, gold: GoldItem) -> float
    assign(scores: np.ndarray, threshold: float) -> list[tuple[int, int]]

Nothing here does I/O; everything is deterministic.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from summarizer.schema import Actor

#: A predicted claim matches a gold item only at or above this similarity.
THRESHOLD = 0.5
#: Weights of the similarity (see README): token F1, key-term coverage, evidence overlap.
#: They sum to 1, so only a prediction right on all three counts reaches 1.0.
W_TOKENS = 0.55
W_TERMS = 0.30
W_EVIDENCE = 0.15

_STOPWORDS_TEXT = """a about above after again against all also am an and any are as at be
    because been before being below between both but by can could did do does doing down during each
    few for from further had has have having he her here hers herself him himself his how
    i if in into is it its itself just me more most my myself nor now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would
    you your yours yourself yourselves said says say told"""
STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
# Negation words are dropped from content tokens too: polarity is judged by the separate
# guard (has_negation), so token overlap measures topic only.
_NEGATION_WORDS = frozenset(
    {
        "not",
        "no",
        "never",
        "without",
        "deny",
        "denies",
        "denied",
        "reject",
        "rejects",
        "rejected",
        "refuse",
        "refuses",
        "refused",
        "cannot",
    }
)
_STOP_ALL = STOPWORDS | _NEGATION_WORDS | {"nt"}
_WORD = re.compile(r"[a-z0-9]+")
_NEG = re.compile(r"n't\b|n’t\b|\b(?:" + "|".join(sorted(_NEGATION_WORDS)) + r")\b")
_POSSESSIVE = re.compile(r"['’]s\b")
_PUNCT = re.compile(r"[^\w\s]+")
_NAME_STOP = frozenset({"the", "of", "for", "and", "a", "an", "in", "on", "at", "to", "s"})


# --- actors -----------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """Casefold, drop possessive 's, punctuation and a leading "the"; squeeze spaces."""
    s = _POSSESSIVE.sub("", name.casefold())
    s = " ".join(_PUNCT.sub(" ", s).split())
    return s.removeprefix("the ").strip() if s != "the" else ""


Form = tuple[str, frozenset[str]]


@lru_cache(maxsize=65536)
def _form(name: str) -> Form:
    """A name normalised, with its token set (cached: actor matching is all pairs)."""
    norm = normalise_name(name)
    return norm, frozenset(norm.split())


def _pair_score(a: Form, b: Form) -> float:
    """1 for equal normalised names; 0.5 + 0.5·|small|/|large| for a token subset that
    keeps at least one non-stopword token; else 0."""
    (na, ta), (nb, tb) = a, b
    if not na or not nb:
        return 0.0
    if na == nb:
        return 1.0
    small, large = (ta, tb) if len(ta) <= len(tb) else (tb, ta)
    if small <= large and small - _NAME_STOP:
        return 0.5 + 0.5 * len(small) / len(large)
    return 0.0


def _best(preds: set[Form], golds: set[Form]) -> float:
    return max((_pair_score(p, g) for p in preds for g in golds), default=0.0)


def name_score(pred_names: Iterable[str], gold_names: Iterable[str]) -> float:
    """Best pair score between any predicted surface form and any gold alias."""
    return _best({_form(p) for p in pred_names}, {_form(g) for g in gold_names})


def actor_names(actor: Actor) -> list[str]:
    """Every surface form of a predicted actor: name first, then aliases."""
    return [actor.name, *actor.aliases]


def match_actors(pred: Sequence[Actor], gold: Sequence) -> dict[str, str]:
    """One-to-one map predicted actor id -> gold actor id maximising total name score.

    ``gold`` holds objects with ``id`` and ``aliases`` (GoldActor). Pairs scoring 0 never
    match, whatever the assignment does with them.
    """
    if not pred or not gold:
        return {}
    golds = [{_form(n) for n in g.aliases} for g in gold]
    preds = [{_form(n) for n in actor_names(p)} for p in pred]
    scores = np.array([[_best(p, g) for g in golds] for p in preds], dtype=float)
    return {pred[i].id: gold[j].id for i, j in assign(scores, threshold=1e-9)}


# --- claims -----------------------------------------------------------------------------


def _stem(word: str) -> str:
    """Light suffix stripping: plural -s/-ies, -ing, -ed, then a final -e.

    Deliberately crude (no dictionary): it only has to make "supports", "supported" and
    "supporting" meet, and to apply the same way to gold and prediction.
    """
    if len(word) <= 3 or word.isdigit():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


@lru_cache(maxsize=65536)
def _stem_cached(word: str) -> str:
    return _stem(word)


def content_tokens(text: str) -> list[str]:
    """Lowercased, stopword-free, lightly stemmed word tokens (negations dropped)."""
    words = _WORD.findall(_POSSESSIVE.sub("", text.lower()))
    return [_stem_cached(w) for w in words if w not in _STOP_ALL]


def has_negation(text: str) -> bool:
    """Whether a claim text carries a negation cue (not, no, never, n't, denies, ...)."""
    return _NEG.search(text.lower()) is not None


def token_f1(pred: Counter[str], gold: Counter[str]) -> float:
    """Multiset F1 of two token bags (0 when either is empty)."""
    common = sum((pred & gold).values())
    if not common:
        return 0.0
    p, r = common / sum(pred.values()), common / sum(gold.values())
    return 2 * p * r / (p + r)


def term_coverage(terms: Sequence[tuple[str, ...]], pred_tokens: set[str]) -> float:
    """Mean over key terms of the share of each term's content tokens in ``pred_tokens``.

    Partial credit per term ("first step" half-covered by "first") keeps paraphrases that
    drop one word of a multi-word term from falling off a cliff.
    """
    if not terms:
        return 0.0
    return sum(sum(1 for w in t if w in pred_tokens) / len(t) for t in terms if t) / len(terms)


def span_iou(pred: Sequence[tuple[int, int]], gold: Sequence[tuple[int, int]]) -> float:
    """Character IoU of the unions of two sets of ``[start, end)`` spans."""
    if not pred or not gold:
        return 0.0
    a, b = _merge(pred), _merge(gold)
    inter = _intersection(a, b)
    union = _length(a) + _length(b) - inter
    return inter / union if union else 0.0


def _merge(spans: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for s, e in sorted(spans):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _length(spans: list[tuple[int, int]]) -> int:
    return sum(e - s for s, e in spans)


def _intersection(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> int:
    i = j = total = 0
    while i < len(a) and j < len(b):
        lo, hi = max(a[i][0], b[j][0]), min(a[i][1], b[j][1])
        total += max(0, hi - lo)
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


class GoldClaim:
    """A gold item with its tokens precomputed once (scoring runs many predictions)."""

    __slots__ = ("item", "negated", "spans", "terms", "tokens", "vocab")

    def __init__(self, item) -> None:  # item: GoldItem (untyped to keep match.py gold-free)
        self.item = item
        self.tokens = Counter(content_tokens(item.text))
        self.vocab = set(self.tokens)
        self.terms = tuple(tuple(content_tokens(t)) for t in item.key_terms)
        self.spans = [(s.start, s.end) for s in item.evidence]
        # Open questions are exempt from the polarity guard: "X has not said whether it
        # will sign" and "Will X sign?" ask the same thing; negation there frames
        # uncertainty rather than reversing a claim.
        self.negated = None if item.field == "open_questions" else has_negation(item.text)


class PredClaim:
    """A predicted claim, tokenised once for comparison against every gold item."""

    __slots__ = ("negated", "quote_vocab", "spans", "text", "tokens", "vocab")

    def __init__(self, text: str, quotes: Sequence[str], spans: Sequence[tuple[int, int]]):
        self.text = text
        self.tokens = Counter(content_tokens(text))
        self.vocab = set(self.tokens)
        self.quote_vocab = {t for q in quotes for t in content_tokens(q)}
        self.spans = list(spans)
        self.negated = has_negation(text)


def similarity(pred: PredClaim, gold: GoldClaim) -> float:
    """Similarity in [0, 1]; see README. 0 on a polarity mismatch (positions and demands)
    or when the prediction shares no wording with the gold item."""
    if gold.negated is not None and pred.negated != gold.negated:
        return 0.0
    terms_in_text = term_coverage(gold.terms, pred.vocab)
    if not (pred.vocab & gold.vocab) and terms_in_text == 0.0:
        # Shares no wording with the gold claim: citing the same sentence is not enough.
        return 0.0
    f1 = token_f1(pred.tokens, gold.tokens)
    coverage = term_coverage(gold.terms, pred.vocab | pred.quote_vocab) if gold.terms else f1
    iou = span_iou(pred.spans, gold.spans)
    return W_TOKENS * f1 + W_TERMS * coverage + W_EVIDENCE * iou


def claim_similarity(
    pred_text: str,
    pred_quotes: Sequence[str],
    pred_spans: Sequence[tuple[int, int]],
    gold,
) -> float:
    """Convenience wrapper: similarity of one predicted claim to one GoldItem."""
    return similarity(PredClaim(pred_text, pred_quotes, pred_spans), GoldClaim(gold))


def assign(scores: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """One-to-one (row, col) pairs maximising the total score, keeping pairs >= threshold.

    Scores under the threshold are zeroed first, so the assignment never trades a real
    match for a sub-threshold one.
    """
    if scores.size == 0:
        return []
    # Imported here: scipy takes ~0.4 s to load, and only scoring needs it.
    from scipy.optimize import linear_sum_assignment

    masked = np.where(scores >= threshold, scores, 0.0)
    rows, cols = linear_sum_assignment(masked, maximize=True)
    return [(int(r), int(c)) for r, c in zip(rows, cols, strict=True) if masked[r, c] > 0]
