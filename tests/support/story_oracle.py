"""A story oracle: a loopback model that drafts and reconciles like a perfect model,
from the story gold (``evals/stories/**/*.story.json``).

- A ``Draft`` request shows one report's numbered sentences. The oracle finds the story
  and report they come from, and answers with the gold claims whose evidence lies in
  the sentences shown (cited by their ids, worded as the gold words them), with the gold
  actors the shown text names.
- A ``Reconciled`` request lists claims and sentences by id. The oracle groups the ids
  whose wording is one gold claim's, and pairs the ids whose text holds the two sides
  of a gold contradiction; it never pairs a gold non-contradiction.

It plays the model, so the pipeline around it (chunks, actor merging, grouping by id,
grounding of every side) is what a run against it measures.
"""

from __future__ import annotations

import re
from typing import Any

from summarizer.evaluate.stories import StoryGold
from summarizer.mentions import occurs
from support.chat_server import ChatServer, requested_schema

_SHOWN = re.compile(r"^\[(\d+)\] (.*)$", re.M)
_ITEM = re.compile(r"^([cs]\d+b*) \[report (\d+)[^\]]*\] (.*)$", re.M)


def _flat(text: str) -> str:
    return " ".join(text.split())


def _user(request: dict[str, Any]) -> str:
    return next(m["content"] for m in request["messages"] if m["role"] == "user")


class StoryOracle:
    """The responder; ``ChatServer(StoryOracle(golds))`` serves it."""

    def __init__(self, golds: list[StoryGold]) -> None:
        self.golds = golds
        self.reports = [(g, i, _flat(src.text)) for g in golds for i, src in enumerate(g.sources)]

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        name, _ = requested_schema(request)
        text = _user(request)
        if name == "Reconciled":
            return self.reconcile(text)
        return self.draft(text)

    # --- drafting -------------------------------------------------------------------

    def _report(self, shown: list[tuple[int, str]]) -> tuple[StoryGold, int] | None:
        best = max(
            self.reports, key=lambda r: sum(_flat(s) in r[2] for _, s in shown), default=None
        )
        return (best[0], best[1]) if best else None

    def draft(self, text: str) -> dict[str, Any]:
        shown = [(int(i), s) for i, s in _SHOWN.findall(text)]
        found = self._report(shown)
        empty = {"summary": "", "actors": [], "positions": [], "demands": [], "open_questions": []}
        if found is None:
            return empty
        gold, source = found
        seen = " ".join(s for _, s in shown)
        actors = {
            a.id: [f for f in dict.fromkeys([a.name, *a.aliases]) if occurs(f, seen)]
            for a in gold.actors
        }
        actors = {k: v for k, v in actors.items() if v}
        out = dict(
            empty,
            actors=[
                {"id": k, "name": v[0], "kind": _kind(gold, k), "aliases": v}
                for k, v in actors.items()
            ],
        )
        flat = _flat(gold.sources[source].text)
        where = {sid: _interval(flat, s) for sid, s in shown}
        for claim in gold.claims:
            spans = [_interval(flat, side.text) for side in claim.evidence if side.source == source]
            ids = [sid for sid, w in where.items() for sp in spans if _overlap(w, sp)]
            if not ids:
                continue
            ids = sorted(set(ids))
            if claim.field == "open_questions":
                out["open_questions"].append(
                    {"question": claim.text, "why_open": "open", "sentences": ids}
                )
            elif claim.actor in actors:
                key = "stance" if claim.field == "positions" else "demand"
                item = {"actor": claim.actor, key: claim.text, "sentences": ids}
                out[claim.field].append(item)
        return out

    # --- reconciling ----------------------------------------------------------------

    def reconcile(self, text: str) -> dict[str, Any]:
        items = [(i, int(r) - 1, _flat(rest)) for i, r, rest in _ITEM.findall(text)]
        groups = []
        for gold in self.golds:
            for claim in gold.claims:
                ids = [i for i, _, rest in items if i.startswith("c") and _flat(claim.text) in rest]
                if len(ids) > 1:
                    groups.append({"claims": ids})
        pairs = []
        for gold in self.golds:
            for pair in gold.contradictions:
                a, b = (self._holding(items, side) for side in pair.sides)
                if a and b:
                    pairs.append(
                        {"a": a, "b": b, "kind": pair.kind, "topic": pair.topic, "note": ""}
                    )
        return {"groups": groups, "contradictions": pairs}

    @staticmethod
    def _holding(items: list[tuple[str, int, str]], side) -> str | None:
        want = _flat(side.text)
        return next((i for i, r, rest in items if r == side.source and want in rest), None)


def _interval(flat: str, text: str) -> tuple[int, int]:
    start = flat.find(_flat(text))
    return (start, start + len(_flat(text))) if start >= 0 else (-1, -1)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    # Hard-wrapped lines are shown one by one: a line that shares 15 characters or more
    # with the evidence span supports it.
    return a[0] >= 0 and b[0] >= 0 and min(a[1], b[1]) - max(a[0], b[0]) >= 15


def _kind(gold: StoryGold, actor_id: str) -> str:
    kind = next(a.kind for a in gold.actors if a.id == actor_id)
    return kind if kind in {"person", "government", "organisation", "group", "country"} else "other"


def story_oracle_server(golds: list[StoryGold], **options: Any) -> ChatServer:
    """A chat server that answers as the story oracle."""
    return ChatServer(StoryOracle(golds), **options)


async def brief_reconciled_by_model(sources, settings):
    """The brief of ``sources`` as the pipeline makes it with a capable model: each
    report drafted, then one reconcile call whose answer merge applies."""
    from summarizer import summarize_async

    return await summarize_async(list(sources), settings=settings)
