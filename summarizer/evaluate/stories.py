"""Score a multi-source brief against story gold: merged actors, support, contradictions.

A story gold file (``evals/stories/*.story.json``) names its source files (relative to
the gold file), the story's actors with the aliases every outlet uses, its claims with
evidence in several sources and the number of sources that support each, and the pairs
of spans that contradict each other (``contradictions``) or only look as if they do
(``non_contradictions``: rounding, dated updates, two speakers disagreeing).

Scores:

- **actors**: one-to-one name matching (``match.match_actors``): precision over the
  brief's actors, recall over the gold's, F1; ``split`` counts gold actors that two or
  more of the brief's actors name (a party the merge failed to unite);
- **support**: of the brief's claims matched to gold claims (same field, shared words
  and evidence), the share whose support equals the gold's number of sources;
- **contradictions**: a flagged pair is right when both its sides overlap the two gold
  sides (either order; a side also matches the same span in an identical wire copy).
  Precision counts every flagged pair, so a flagged non-contradiction counts against it.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.evaluate.gold import GoldActor, GoldError, find_span
from summarizer.schema import Brief, Source

SUPPORT_MATCH = 0.3  # claim similarity at or above which a brief's claim matches a gold one


@dataclass(frozen=True)
class Side:
    """One gold side: a span of one source."""

    source: int
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class StoryClaim:
    """A gold claim of the story, with evidence in several sources."""

    field: str
    actor: str | None
    text: str
    key_terms: tuple[str, ...]
    evidence: tuple[Side, ...]
    support: int


@dataclass(frozen=True)
class Pair:
    """Two gold spans of different sources that do (or only seem to) contradict."""

    topic: str
    kind: str
    sides: tuple[Side, Side]


@dataclass(frozen=True)
class StoryGold:
    """One story: its sources, actors, claims and contradiction pairs."""

    id: str
    path: Path
    sources: tuple[Source, ...]
    actors: tuple[GoldActor, ...]
    claims: tuple[StoryClaim, ...]
    contradictions: tuple[Pair, ...]
    non_contradictions: tuple[Pair, ...]


def _source_path(gold_path: Path, rel: str) -> Path:
    path = (gold_path.parent / rel).resolve()
    if path.exists():
        return path
    # A worktree elsewhere than the main checkout: find the same "shared/..." tail
    # under any parent directory.
    tail = Path(*[p for p in Path(rel).parts if p != ".."])
    for parent in gold_path.resolve().parents:
        if (parent / tail).exists():
            return parent / tail
    raise GoldError(f"{gold_path}: source {rel} not found")


def _side(path: Path, sources: tuple[Source, ...], raw: dict[str, Any]) -> Side:
    index = int(raw["source"])
    if not 0 <= index < len(sources):
        raise GoldError(f"{path}: source {index} out of range")
    found = find_span(sources[index].text, raw["span"])
    if found is None:
        raise GoldError(f"{path}: span not in source {index}: {raw['span'][:60]!r}")
    return Side(index, found[0], found[1], raw["span"])


def _pair(path: Path, sources: tuple[Source, ...], raw: dict[str, Any]) -> Pair:
    a, b = (_side(path, sources, s) for s in raw["sides"][:2])
    return Pair(raw.get("topic", ""), raw.get("kind", ""), (a, b))


def load_story(gold_path: str | Path) -> StoryGold:
    """Load one story gold file and its sources; spans are located in their sources."""
    path = Path(gold_path)
    raw = json.loads(path.read_text(encoding="utf-8"))
    sources = []
    for i, rel in enumerate(raw["sources"]):
        text = _source_path(path, rel).read_text(encoding="utf-8")
        meta = (raw.get("source_meta") or [{}] * len(raw["sources"]))[i]
        sources.append(Source(text=text, **{k: v for k, v in meta.items() if v}))
    srcs = tuple(sources)
    actors = tuple(
        GoldActor(
            a["id"], a["name"], a.get("kind", "other"), tuple(a.get("aliases") or [a["name"]])
        )
        for a in raw["actors"]
    )
    claims = tuple(
        StoryClaim(
            field=c["field"],
            actor=c.get("actor"),
            text=c["text"],
            key_terms=tuple(c.get("key_terms", ())),
            evidence=tuple(_side(path, srcs, e) for e in c["evidence"]),
            support=int(c.get("support") or len({e["source"] for e in c["evidence"]})),
        )
        for c in raw["claims"]
    )
    return StoryGold(
        id=raw["id"],
        path=path,
        sources=srcs,
        actors=actors,
        claims=claims,
        contradictions=tuple(_pair(path, srcs, p) for p in raw.get("contradictions", [])),
        non_contradictions=tuple(_pair(path, srcs, p) for p in raw.get("non_contradictions", [])),
    )


def load_stories(directory: str | Path) -> list[StoryGold]:
    """Every ``*.story.json`` under ``directory`` (sorted by path)."""
    return [load_story(p) for p in sorted(Path(directory).rglob("*.story.json"))]


@dataclass
class StoryScore:
    """Counts for one story (or several, added up)."""

    actors_pred: int = 0
    actors_gold: int = 0
    actors_matched: int = 0
    actors_split: int = 0
    claims_matched: int = 0
    support_right: int = 0
    flagged: int = 0
    flagged_right: int = 0
    flagged_non: int = 0
    gold_pairs: int = 0
    gold_found: int = 0
    stories: list[str] = field(default_factory=list)

    def __add__(self, other: StoryScore) -> StoryScore:
        out = StoryScore()
        for name in self.__dataclass_fields__:
            setattr(out, name, getattr(self, name) + getattr(other, name))
        return out

    @staticmethod
    def _ratio(num: int, den: int) -> float | None:
        return round(num / den, 3) if den else None

    def figures(self) -> dict[str, Any]:
        """The headline figures (None where nothing was there to count)."""
        p = self._ratio(self.actors_matched, self.actors_pred)
        r = self._ratio(self.actors_matched, self.actors_gold)
        f1 = round(2 * p * r / (p + r), 3) if p and r else 0.0
        return {
            "actor_p": p,
            "actor_r": r,
            "actor_f1": f1,
            "actors_split": self.actors_split,
            "claims_matched": self.claims_matched,
            "support_right": self._ratio(self.support_right, self.claims_matched),
            "contradictions_flagged": self.flagged,
            "contradiction_p": self._ratio(self.flagged_right, self.flagged),
            "contradiction_r": self._ratio(self.gold_found, self.gold_pairs),
            "non_contradictions_flagged": self.flagged_non,
        }


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _side_matches(ev_list, side: Side, gold: StoryGold) -> bool:
    want = _norm(side.text)
    for ev in ev_list:
        if ev.source == side.source and ev.start < side.end and side.start < ev.end:
            return True
        if want and want in _norm(ev.quote):
            return True  # the same words in an identical wire copy
    return False


def _pair_matches(contra, pair: Pair, gold: StoryGold) -> bool:
    a, b = contra.sides[0].evidence, contra.sides[1].evidence
    x, y = pair.sides
    return (_side_matches(a, x, gold) and _side_matches(b, y, gold)) or (
        _side_matches(a, y, gold) and _side_matches(b, x, gold)
    )


def _words(text: str) -> Counter[str]:
    return Counter(w for w in re.findall(r"[a-z0-9]+", text.casefold()) if len(w) > 3)


def _claim_score(claim, gold_claim: StoryClaim) -> float:
    pred, want = _words(claim_text(claim)), _words(gold_claim.text)
    common = sum((pred & want).values())
    f1 = 2 * common / (sum(pred.values()) + sum(want.values())) if common else 0.0
    hit = sum(
        any(
            ev.source == s.source and ev.start < s.end and s.start < ev.end for ev in claim.evidence
        )
        for s in gold_claim.evidence
    )
    return 0.4 * f1 + 0.6 * hit / len(gold_claim.evidence)


def claim_text(claim) -> str:
    """A brief claim's wording, whatever its field."""
    return getattr(claim, "stance", None) or getattr(claim, "demand", None) or claim.question


def _field(claim) -> str:
    return {"Position": "positions", "Demand": "demands"}.get(
        type(claim).__name__, "open_questions"
    )


def _score_claims(brief: Brief, gold: StoryGold, score: StoryScore) -> None:
    import numpy as np

    from summarizer.evaluate.match import assign

    preds = brief.claims()
    if not preds or not gold.claims:
        return
    scores = np.array(
        [[_claim_score(p, g) if _field(p) == g.field else 0.0 for g in gold.claims] for p in preds]
    )
    for i, j in assign(scores, SUPPORT_MATCH):
        score.claims_matched += 1
        score.support_right += int(preds[i].support == gold.claims[j].support)


def _score_actors(brief: Brief, gold: StoryGold, score: StoryScore) -> None:
    from summarizer.evaluate.match import actor_names, match_actors, name_score

    matched = match_actors(brief.actors, gold.actors)
    score.actors_pred += len(brief.actors)
    score.actors_gold += len(gold.actors)
    score.actors_matched += len(matched)
    for g in gold.actors:
        naming = [a for a in brief.actors if name_score(actor_names(a), g.aliases) >= 0.75]
        score.actors_split += int(len(naming) > 1)


def score_story(brief: Brief, gold: StoryGold) -> StoryScore:
    """Score one multi-source brief against its story gold."""
    score = StoryScore(stories=[gold.id])
    _score_actors(brief, gold, score)
    _score_claims(brief, gold, score)
    score.flagged = len(brief.contradictions)
    score.gold_pairs = len(gold.contradictions)
    found: set[int] = set()
    for contra in brief.contradictions:
        hits = [i for i, p in enumerate(gold.contradictions) if _pair_matches(contra, p, gold)]
        score.flagged_right += int(bool(hits))
        found.update(hits)
        score.flagged_non += int(
            any(_pair_matches(contra, p, gold) for p in gold.non_contradictions)
        )
    score.gold_found = len(found)
    return score
