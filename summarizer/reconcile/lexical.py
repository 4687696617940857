"""Offline reconciliation: which claims agree and which statements conflict, by rules.

Work is bounded by blocking, never by comparing everything with everything: claims are
compared only within the same actor (open questions: within a shared rare name), and
sentences only when they share at least two rare names (a name in more than a fifth of
the story's sentences, "Exxon" in a story about Exxon, blocks nothing). Within a block:

- **agreement**: the same sentence carried by two wires, or the same actor saying the
  same thing in overlapping words (content words of the claim and its evidence);
- **figures**: the same kind of quantity (same currency, percent, or counted noun) near
  the same words, with values at least twice apart: "roughly $4 billion" against
  "$4.2 billion" is rounding, "$48.2 million" against "$48.2 billion" is an error. A
  forecast or a conditional is not a fact to contradict, and a figure offered is not a
  figure demanded (an offer of 4 % against a demand of 8 % is a negotiation);
- **denial**: one report negates what another states, same actor, same words;
- **speaker**: the same quotation put in the mouths of different people;
- **name**: one party named two ways ("Democratic Left Party", "Democratic Socialist
  Party") by sources that never use the other form.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from itertools import combinations

from summarizer.lexicon import CAP_RUN
from summarizer.reconcile import text as tx
from summarizer.reconcile.units import Conflict, Reconciliation, Statement

AGREE = 0.35  # Dice of content words above which one actor's two claims say the same
SAME_QUOTE = 0.7
FIGURE_RATIO = 1.5  # "roughly $4 billion" and "$4.2 billion" are rounding, not a clash
BLOCK_WORDS = 3  # rare names and words two sentences must share to be compared at all
COMMON = 0.2
MIN_COMMON = 8  # a name in more than this share of sentences does not block
_QUOTE = re.compile(r"(?:``|\"|“)([^\"”']{20,}?)(?:''|\"|”)")


class _Union:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def join(self, a: str, b: str) -> None:
        self.parent[self.find(a)] = self.find(b)


def _norm(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]", " ", text.casefold()).split())


def _same_claim(a: Statement, b: Statement) -> bool:
    if set(a.sentences) & set(b.sentences) or _norm(a.evidence) == _norm(b.evidence):
        return True
    words_a = tx.content_words(a.text) | tx.content_words(a.evidence)
    words_b = tx.content_words(b.text) | tx.content_words(b.evidence)
    return tx.dice(words_a, words_b) >= AGREE and tx.negated(a.text) == tx.negated(b.text)


def claim_blocks(claims: Sequence[Statement]) -> list[list[Statement]]:
    """Claims that may say the same thing: one block per actor, pairs of questions."""
    # Positions and demands of one actor share a block: one outlet reports "called for
    # an inquiry", another "said she would order an inquiry".
    blocks: dict[str, list[Statement]] = defaultdict(list)
    for c in claims:
        if c.field != "open_questions":
            blocks[c.actor or ""].append(c)
    questions = [c for c in claims if c.field == "open_questions"]
    texts = [f"{q.text} {q.evidence}" for q in questions]
    # Questions have no actor: each pair sharing rare names or words is its own block,
    # so a chain of loosely related questions never becomes one quadratic block.
    pairs = sorted(candidate_pairs(texts, shared=2, words=True))
    return [b for b in blocks.values() if len(b) > 1] + [
        [questions[i], questions[j]] for i, j in pairs
    ]


def common_names(texts: Sequence[str]) -> frozenset[str]:
    """Names in more than a fifth of the texts: the story's subject, which ties nothing."""
    df: dict[str, int] = defaultdict(int)
    for t in texts:
        for n in tx.entities(t):
            df[n] += 1
    limit = max(MIN_COMMON, int(COMMON * len(texts)))
    return frozenset(n for n, k in df.items() if k > limit)


def candidate_pairs(
    texts: Sequence[str], shared: int = 2, words: bool = False
) -> set[tuple[int, int]]:
    """Index pairs of texts sharing ``shared`` rare names (or, with ``words``, rare names
    and content words): an inverted index, never all pairs."""
    names = [tx.entities(t) | (tx.content_words(t) if words else frozenset()) for t in texts]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, ns in enumerate(names):
        for n in ns:
            postings[n].append(i)
    limit = max(MIN_COMMON, int(COMMON * len(texts)))
    counts: dict[tuple[int, int], int] = defaultdict(int)
    for ids in postings.values():
        if len(ids) <= limit:
            for pair in combinations(ids, 2):
                counts[pair] += 1
    return {p for p, n in counts.items() if n >= shared}


PARAPHRASE = 0.6  # Dice of evidence words above which two outlets report one thing


def _paraphrase_pairs(claims: Sequence[Statement]) -> list[tuple[Statement, Statement]]:
    """Claims of two sources that the cues gave to different actors ("Karin Solheim",
    "the mill") but that report the same thing in nearly the same words."""
    stated = [c for c in claims if c.field != "open_questions"]
    texts = [c.evidence for c in stated]
    out = []
    for i, j in sorted(candidate_pairs(texts, shared=BLOCK_WORDS, words=True)):
        a, b = stated[i], stated[j]
        if a.source == b.source or a.actor == b.actor:
            continue
        close = tx.dice(tx.content_words(a.evidence), tx.content_words(b.evidence)) >= PARAPHRASE
        if close and tx.dice(tx.content_words(a.text), tx.content_words(b.text)) >= 0.5:
            out.append((a, b))
    return out


def group_claims(claims: Sequence[Statement]) -> list[tuple[str, ...]]:
    """Groups (of two or more claim ids) that say the same thing."""
    union = _Union()
    for block in claim_blocks(claims):
        for a, b in combinations(block, 2):
            if _same_claim(a, b):
                union.join(a.id, b.id)
    for a, b in _paraphrase_pairs(claims):
        union.join(a.id, b.id)
    groups: dict[str, list[str]] = defaultdict(list)
    for c in claims:
        groups[union.find(c.id)].append(c.id)
    return [tuple(g) for g in groups.values() if len(g) > 1]


def _shared_phrase(text: str, shared: frozenset[str] | set[str], most: int = 12) -> str:
    """What two statements share, as words of the first one: from the first shared word
    to the last ("container ships had been diverted to Rotterdam"), or the shared words."""
    words = text.split()
    hits = [i for i, w in enumerate(words) if tx.content_words(w) & shared]
    if not hits:
        return " ".join(sorted(shared)[:5])
    if hits[-1] - hits[0] < most:
        return " ".join(words[hits[0] : hits[-1] + 1]).strip(".,;:\"'")
    return " ".join(words[i] for i in hits[:most]).strip(".,;:\"'")


def _counterpart(fa: tx.Figure, others: tuple[tx.Figure, ...], tied: int) -> tx.Figure | None:
    """The other sentence's figure for the same quantity: same unit and role, and the
    most words around it in common (three, or two when the sentences share three names)."""
    same = [f for f in others if f.unit == fa.unit and f.role == fa.role]
    best = max(same, key=lambda f: len(f.context & fa.context), default=None)
    if best is None:
        return None
    shared = len(best.context & fa.context)
    counted = fa.unit not in ("$", "£", "€", "%")  # "dockworkers": the noun is the topic
    enough = shared >= 3 or (shared >= 2 and (tied >= 3 or counted))
    return best if enough else None


def _figure_conflict(a: Statement, b: Statement, common: frozenset[str]) -> Conflict | None:
    fbs = tx.figures(b.text)
    tied = len((tx.entities(a.text) & tx.entities(b.text)) - common)
    for fa in tx.figures(a.text):
        fb = _counterpart(fa, fbs, tied)
        if fb is None or fa.hedged or fb.hedged:
            continue
        low, high = sorted((fa.value, fb.value))
        if low > 0 and high / low >= FIGURE_RATIO:
            topic = f"{fa.text} vs {fb.text}"
            note = f"{_shared_phrase(a.text, fa.context & fb.context)}: {fa.text} against {fb.text}"
            return Conflict("figures", topic, a.id, b.id, note)
    return None


def _denial_conflict(a: Statement, b: Statement, common: frozenset[str]) -> Conflict | None:
    if tx.negated(a.text) == tx.negated(b.text) or tx.hedged(a.text) or tx.hedged(b.text):
        return None
    wa, wb = tx.content_words(a.text), tx.content_words(b.text)
    if tx.dice(wa, wb) < 0.6 or len(tx.entities(a.text) & tx.entities(b.text)) < 1:
        return None
    topic = _shared_phrase(a.text, wa & wb)
    return Conflict("denial", topic, a.id, b.id, "one report negates what the other states")


def _quote(text: str) -> tuple[frozenset[str], frozenset[str]] | None:
    m = _QUOTE.search(text)
    if not m:
        return None
    outside = text[: m.start()] + " " + text[m.end() :]
    return tx.content_words(m.group(1)), tx.entities(outside)


def _speaker_conflict(a: Statement, b: Statement, common: frozenset[str]) -> Conflict | None:
    qa, qb = _quote(a.text), _quote(b.text)
    if not qa or not qb or len(qa[0]) < 3 or tx.dice(qa[0], qb[0]) < SAME_QUOTE:
        return None
    if not qa[1] or not qb[1] or qa[1] & qb[1]:
        return None
    topic = "who said: " + _shared_phrase(a.text, qa[0] & qb[0])
    note = f"the same words, said by {', '.join(sorted(qa[1]))} and by {', '.join(sorted(qb[1]))}"
    return Conflict("speaker", topic, a.id, b.id, note)


_RULES = (_figure_conflict, _speaker_conflict, _denial_conflict)


def _names(text: str) -> set[str]:
    return {" ".join(re.sub(r"^The\s+", "", m.group()).split()) for m in CAP_RUN.finditer(text)}


def _near(a: str, b: str) -> bool:
    """The same name, or one letter off in a long name (wire copy's "Ecevut" for Ecevit)."""
    if a == b:
        return True
    if len(a) != len(b) or len(a) < 5:
        return False
    return sum(x != y for x, y in zip(a, b, strict=True)) == 1


def _tie(uses_a: list[Statement], uses_b: list[Statement], own: set[str]):
    """A sentence of each source that names one more party in common (Ecevit, say)."""
    for a in uses_a:
        for b in uses_b:
            names_a, names_b = tx.entities(a.text) - own, tx.entities(b.text) - own
            if any(_near(x, y) for x in names_a for y in names_b):
                return a, b
    return None


def name_conflicts(statements: Sequence[Statement]) -> list[Conflict]:
    """One source's name for a party against another's that differs in one middle word,
    where neither source uses the other's form and the sentences share another name."""
    by_source: dict[int, set[str]] = defaultdict(set)
    uses: dict[tuple[int, str], list[Statement]] = defaultdict(list)
    for s in statements:
        for name in _names(s.text):
            by_source[s.source].add(name)
            uses[(s.source, name)].append(s)
    # Block by first word, last word and length: only such names can be variants.
    blocks: dict[tuple[str, str, int], list[tuple[int, str]]] = defaultdict(list)
    for src, name in sorted(uses):
        words = name.split()
        if len(words) >= 3:
            blocks[(words[0], words[-1], len(words))].append((src, name))
    found = []
    candidates = (pair for block in blocks.values() for pair in combinations(block, 2))
    for (src_a, name_a), (src_b, name_b) in candidates:
        if src_a == src_b or not _variant(name_a, name_b):
            continue
        if name_b in by_source[src_a] or name_a in by_source[src_b]:
            continue
        own = {tx.stem(w) for w in f"{name_a} {name_b}".split()}
        tie = _tie(uses[(src_a, name_a)], uses[(src_b, name_b)], own)
        if tie is not None:
            note = f"{name_a} in one report, {name_b} in the other"
            found.append(Conflict("name", f"{name_a} / {name_b}", tie[0].id, tie[1].id, note))
    return found


def _variant(a: str, b: str) -> bool:
    wa, wb = a.split(), b.split()
    if len(wa) != len(wb) or len(wa) < 3 or wa[0] != wb[0] or wa[-1] != wb[-1]:
        return False
    diff = [(x, y) for x, y in zip(wa, wb, strict=True) if x != y]
    return len(diff) == 1 and tx.stem(diff[0][0]) != tx.stem(diff[0][1])


def conflicts(statements: Sequence[Statement]) -> list[Conflict]:
    """Pairs of statements from different sources that cannot both be true."""
    texts = [s.text for s in statements]
    common = common_names(texts)
    found: list[Conflict] = []
    for i, j in sorted(candidate_pairs(texts, shared=BLOCK_WORDS, words=True)):
        a, b = statements[i], statements[j]
        if a.source == b.source or _norm(a.text) == _norm(b.text):
            continue
        hit = next((c for rule in _RULES if (c := rule(a, b, common)) is not None), None)
        if hit is not None:
            found.append(hit)
    found += name_conflicts(statements)
    return _one_per_pair(found, statements)


def _one_per_pair(found: Iterable[Conflict], statements: Sequence[Statement]) -> list[Conflict]:
    # Identical wire copies repeat a conflict once per copy; keep one per pair of texts.
    text = {s.id: _norm(s.text) for s in statements}
    kept: dict[tuple[str, str], Conflict] = {}
    for c in found:
        key = tuple(sorted((text[c.a], text[c.b])))
        kept.setdefault(key, c)
    return list(kept.values())


def reconcile(claims: Sequence[Statement], sentences: Sequence[Statement]) -> Reconciliation:
    """Offline reconciliation of a story's claims (groups) and sentences (conflicts)."""
    return Reconciliation(groups=group_claims(claims), conflicts=conflicts(sentences))
