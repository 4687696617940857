"""Draft gold files from briefs: ``summarizer eval draft ARTICLE... -o DIR``.

Public API::

    gold_from_brief(brief: Brief, article_id: str, *, model: str) -> dict
    draft_article(path, out_dir, *, settings, store=None) -> tuple[Path, Path]

Labelling from nothing is slow; correcting a draft is quicker. A draft is the brief of
the configured model laid out as a gold file (the format of ``evals/LABELLING.md``): its
actors with the surface forms that occur verbatim in the article, its positions, demands
and open questions with the brief's grounded quotes as evidence (at most two each) and one
or two key terms taken from the claim's wording where the evidence has them. It carries
``"draft": true`` and a ``note`` saying so: ``summarizer eval check`` lists drafts until a
person has corrected them and deleted both keys. The article is written beside it as the
brief's source text, so every span slices it exactly.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from summarizer.lexicon import KEY_TERM_STOPWORDS as _STOP
from summarizer.schema import Brief

MAX_SPANS = 2
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]{3,}")
NOTE = (
    "DRAFT written by {model} from a brief on {day}: correct every item by hand against the "
    "labelling guidelines (evals/LABELLING.md), then delete the keys 'draft' and 'note'."
)


def _key_terms(claim: str, evidence: list[str]) -> list[str]:
    """Up to two words of the claim that its evidence also has, longest first."""
    joined = " ".join(evidence).lower()
    words = [w for w in _WORD.findall(claim) if w.lower() not in _STOP]
    found: list[str] = []
    for word in sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)):
        if word.lower() in joined and word.lower() not in (f.lower() for f in found):
            found.append(word.lower())
        if len(found) == 2:
            break
    if not found:  # no shared word: the evidence's longest word, for a labeller to replace
        candidates = [w for w in _WORD.findall(" ".join(evidence)) if w.lower() not in _STOP]
        found = [max(candidates, key=len).lower()] if candidates else []
    return found


def _actors(brief: Brief, text: str) -> tuple[list[dict[str, Any]], set[str]]:
    out, kept = [], set()
    for actor in brief.actors:
        forms = [f for f in dict.fromkeys([actor.name, *actor.aliases]) if f and f in text]
        if not forms:
            continue  # a name the article does not spell out: nothing to label
        out.append({"id": actor.id, "name": forms[0], "kind": actor.kind.value, "aliases": forms})
        kept.add(actor.id)
    return out, kept


def _evidence(claim: Any) -> list[str]:
    return [e.quote for e in claim.evidence[:MAX_SPANS]]


def gold_from_brief(brief: Brief, article_id: str, *, model: str) -> dict[str, Any]:
    """The gold-file layout of ``brief`` (one source), marked as a draft."""
    text = brief.sources[0].text
    actors, known = _actors(brief, text)
    positions = [
        {
            "actor": p.actor,
            "stance": p.stance,
            "key_terms": _key_terms(p.stance, _evidence(p)),
            "evidence": _evidence(p),
        }
        for p in brief.positions
        if p.actor in known and p.evidence
    ]
    demands = [
        {
            "actor": d.actor,
            "target": d.target if d.target in known else None,
            "demand": d.demand,
            "conditions": d.conditions,
            "key_terms": _key_terms(d.demand, _evidence(d)),
            "evidence": _evidence(d),
        }
        for d in brief.demands
        if d.actor in known and d.evidence
    ]
    questions = [
        {
            "question": q.question,
            "key_terms": _key_terms(q.question, _evidence(q)),
            "evidence": _evidence(q),
        }
        for q in brief.open_questions
        if q.evidence
    ]
    day = datetime.now(UTC).date().isoformat()
    return {
        "draft": True,
        "note": NOTE.format(model=model, day=day),
        "id": article_id,
        "kind": "other",
        "style": "feature",
        "title": text.split("\n", 1)[0].strip(),
        "actors": actors,
        "positions": positions,
        "demands": demands,
        "open_questions": questions,
    }


def draft_article(
    path: str | Path, out_dir: str | Path, *, settings: Any, store: Any = None
) -> tuple[Path, Path]:
    """Brief ``path`` and write ``<out_dir>/<id>.gold.json`` and ``<id>.txt``; both paths."""
    import summarizer

    source = Path(path)
    article_id = source.name.removesuffix(".txt")
    text = source.read_text(encoding="utf-8")
    brief = summarizer.summarize(text, settings=settings, store=store)
    folder = Path(out_dir)
    folder.mkdir(parents=True, exist_ok=True)
    gold = gold_from_brief(brief, article_id, model=settings.model)
    txt = folder / f"{article_id}.txt"
    txt.write_text(brief.sources[0].text, encoding="utf-8")
    out = folder / f"{article_id}.gold.json"
    out.write_text(json.dumps(gold, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return out, txt
