"""The oracle's model: the part of a gold brief that a request's sentences support.

Pure functions, no HTTP (``oracle_server.py`` serves them):

- :func:`shown_sentences` reads the numbered sentences a request shows;
- :class:`GoldIndex` finds the gold article holding them and locates each in its text;
- :func:`perfect_draft` builds the Draft a perfect model writes for those sentences,
  with Python field names (see ``oracle_server.py`` for the rules);
- :func:`draft_json` writes it the way a model writes the schema it was sent: every
  property the schema shows, in its order, ``null`` only where the schema allows it;
- :func:`style_for` reads the instructions a capable model follows from the request.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarizer.draft import Draft, DraftActor, DraftDemand, DraftPosition, DraftQuestion
from summarizer.evaluate.gold import GoldArticle, GoldItem

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "evals" / "suites" / "core"
_LINE = re.compile(r"^\[(\d+)\] (.*)$", re.M)
_ARTICLE = re.compile(r"<article>(.*?)</article>", re.S)
_OTHER_NAMES = re.compile(r"\bnot (?:the|its) name (?:itself|again)\b", re.I)
_NO_SUMMARY = re.compile(r"summary[^\n]{0,80}?\bleave it empty\b", re.I)
_ONE_SENTENCE = re.compile(r"summary: one sentence\b", re.I)


# --- reading a request ------------------------------------------------------------------


def _article_prompt(request: dict[str, Any]) -> str:
    """The first user message that shows an article (re-asks append more messages)."""
    for m in request.get("messages", []):
        content = m.get("content")
        if m.get("role") == "user" and isinstance(content, str) and "<article>" in content:
            return content
    return ""


def shown_sentences(request: dict[str, Any]) -> list[tuple[int, str]]:
    """The ``(id, text)`` of every numbered sentence the request shows."""
    found = _ARTICLE.search(_article_prompt(request))
    return [(int(i), s) for i, s in _LINE.findall(found.group(1) if found else "")]


def _prompt_says(request: dict[str, Any], pattern: re.Pattern[str], schema: dict) -> bool:
    return bool(pattern.search(_article_prompt(request)) or pattern.search(json.dumps(schema)))


# --- finding the gold article and the shown sentences in it ----------------------------


def _squeezed(text: str) -> tuple[str, list[int]]:
    """``text`` with whitespace runs as one space, and each kept character's offset."""
    out, where = [], []
    for m in re.finditer(r"\S+", text):
        if out:
            out.append(" ")
            where.append(m.start())
        out.append(m.group())
        where.extend(range(m.start(), m.end()))
    return "".join(out), where


@dataclass(frozen=True)
class Located:
    """A gold article and the article-text span of each shown sentence."""

    article: GoldArticle
    spans: dict[int, tuple[int, int]]


class GoldIndex:
    """Gold articles, searchable by the sentences a request shows."""

    def __init__(self, articles: list[GoldArticle]) -> None:
        self.articles = articles
        self._squeezed = [_squeezed(a.text) for a in articles]

    def locate(self, shown: list[tuple[int, str]]) -> Located | None:
        """The article holding most of the shown sentences (at least half), located."""
        if not shown:
            return None
        hits = [sum(s in flat for _, s in shown) for flat, _ in self._squeezed]
        best = max(range(len(hits)), key=hits.__getitem__, default=None)
        if best is None or hits[best] * 2 < len(shown):
            return None
        flat, where = self._squeezed[best]
        spans, cursor = {}, 0
        for sid, text in shown:
            at = flat.find(text, cursor)
            at = flat.find(text) if at < 0 else at
            if at < 0:
                continue
            spans[sid] = (where[at], where[at + len(text) - 1] + 1)
            cursor = at + len(text)
        return Located(self.articles[best], spans)


# --- the perfect draft for the shown sentences -----------------------------------------


@dataclass(frozen=True)
class Style:
    """The instructions a capable model follows that change what it writes."""

    name_in_aliases: bool = True
    summary: bool = True
    one_sentence_summary: bool = False


def _cited(item: GoldItem, spans: dict[int, tuple[int, int]]) -> list[int]:
    return sorted(
        sid
        for sid, (a, b) in spans.items()
        if any(e.start < b and a < e.end for e in item.evidence)
    )


def _summary(article: GoldArticle, one_sentence: bool = False) -> str:
    # Two or three sentences, as the prompt asked at first: the headline and the first
    # claims; or only the headline when the prompt asks for one sentence.
    lead = [] if one_sentence else [g.text for g in (*article.positions, *article.demands)][:2]
    return " ".join([article.title.rstrip(".") + ".", *lead])


def perfect_draft(
    located: Located, shown: list[tuple[int, str]], style: Style = Style()
) -> tuple[Draft, list[str]]:
    """The part of the article's perfect Draft that cites the shown sentences."""
    article, spans = located.article, located.spans
    seen = " ".join(text for _, text in shown).casefold()
    named = {a.id: [x for x in a.aliases if x.casefold() in seen] for a in article.actors}
    named = {k: v for k, v in named.items() if v}
    dropped: list[str] = []

    def claim(item: GoldItem) -> dict[str, Any] | None:
        ids = _cited(item, spans)
        if not ids:
            return None
        if item.field != "open_questions" and item.actor not in named:
            dropped.append(f"{item.id}: actor {item.actor!r} not named in the shown sentences")
            return None
        out: dict[str, Any] = {"sentences": ids}
        if item.field == "positions":
            out |= {"actor": item.actor, "stance": item.text}
        elif item.field == "demands":
            target = item.target if item.target in named else None
            if item.target and target is None:
                dropped.append(f"{item.id}: target {item.target!r} not named, left null")
            out |= {"actor": item.actor, "demand": item.text, "target": target}
            out["conditions"] = item.conditions
        else:
            out |= {"question": item.text}
        return out

    def claims(items: tuple[GoldItem, ...]) -> list[dict[str, Any]]:
        return [c for c in map(claim, items) if c is not None]

    actors = [
        DraftActor(
            id=a.id,
            name=a.name,
            kind=a.kind,
            aliases=[x for x in named[a.id] if style.name_in_aliases or x != a.name],
        )
        for a in article.actors
        if a.id in named
    ]
    draft = Draft(
        summary=_summary(article, style.one_sentence_summary) if style.summary else None,
        actors=actors,
        positions=[DraftPosition(**c) for c in claims(article.positions)],
        demands=[DraftDemand(**c) for c in claims(article.demands)],
        open_questions=[DraftQuestion(**c) for c in claims(article.open_questions)],
    )
    return draft, dropped


# --- writing the draft the way a model writes the schema --------------------------------


def _resolve(schema: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = root["$defs"][schema["$ref"].split("/")[-1]]
    return schema


def _allows_null(schema: dict[str, Any], root: dict[str, Any]) -> bool:
    schema = _resolve(schema, root)
    if schema.get("type") == "null" or "null" in (schema.get("type") or []):
        return True
    return any(_allows_null(s, root) for s in schema.get("anyOf", []) + schema.get("oneOf", []))


def as_written(value: Any, schema: dict[str, Any], root: dict[str, Any]) -> Any:
    """``value`` (JSON data) as a model writes it for ``schema``: every property the schema
    shows, in its order; null only where the schema allows null."""
    schema = _resolve(schema, root)
    for key in ("anyOf", "oneOf"):
        options = [s for s in schema.get(key, []) if _resolve(s, root).get("type") != "null"]
        if options and value is not None:
            return as_written(value, options[0], root)
    if isinstance(value, dict) and "properties" in schema:
        out = {}
        for name, sub in schema["properties"].items():
            if name not in value or (value[name] is None and not _allows_null(sub, root)):
                continue
            out[name] = as_written(value[name], sub, root)
        return out
    if isinstance(value, list) and "items" in schema:
        return [as_written(v, schema["items"], root) for v in value]
    return value


def draft_json(draft: Draft, schema: dict[str, Any] | None = None) -> str:
    """The compact JSON a model writes for ``draft`` under ``schema`` (Draft's own by default)."""
    schema = schema or Draft.model_json_schema()
    data = draft.model_dump(mode="json", by_alias=True)
    return json.dumps(as_written(data, schema, schema), ensure_ascii=False, separators=(",", ":"))


def style_for(request: dict[str, Any], schema: dict[str, Any]) -> Style:
    """The instructions of the prompt and schema that change what a model writes."""
    return Style(
        name_in_aliases=not _prompt_says(request, _OTHER_NAMES, schema),
        summary=not _prompt_says(request, _NO_SUMMARY, schema),
        one_sentence_summary=_prompt_says(request, _ONE_SENTENCE, schema),
    )
