"""Load and validate a gold suite: ``<suite>/<id>.txt`` plus ``<id>.gold.json``.

Public API::

    load_suite(suite_dir: str | Path) -> list[GoldArticle]
    load_article(gold_path: str | Path) -> GoldArticle
    gold_brief(article: GoldArticle) -> Brief        # the "oracle" prediction

Validation is strict and loud: an evidence span that is not verbatim in its article,
an alias that does not occur in the text, an ``actor``/``target`` that names no declared
actor, or an unknown article/actor kind raises :class:`GoldError` naming the file and
the item. A silently wrong gold file would make every number downstream wrong.

Each evidence span is resolved to ``(start, end)`` offsets of its *first* occurrence in
the article text (the full ``.txt`` content, title line included).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from summarizer.errors import SummarizerError
from summarizer.schema import (
    Actor,
    ActorKind,
    Brief,
    Demand,
    Evidence,
    OpenQuestion,
    Position,
    RunMeta,
    Source,
)

FieldName = Literal["positions", "demands", "open_questions"]
FIELDS: tuple[FieldName, ...] = ("positions", "demands", "open_questions")
# The claim-text key of each field in gold files and in Brief models alike.
TEXT_KEY: dict[FieldName, str] = {
    "positions": "stance",
    "demands": "demand",
    "open_questions": "question",
}
ARTICLE_KINDS = frozenset(
    {
        "diplomacy",
        "labour_strike",
        "trade",
        "coalition",
        "takeover",
        "climate_treaty",
        "legal_settlement",
        "planning",
        "other",
    }
)
ACTOR_KINDS = frozenset(k.value for k in ActorKind)


class GoldError(SummarizerError):
    """A gold file is malformed or disagrees with its article."""

    exit_code = 13


@dataclass(frozen=True)
class GoldSpan:
    """An evidence span and its first occurrence ``text[start:end]`` in the article."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class GoldActor:
    """A labelled actor; ``aliases`` always includes ``name``."""

    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class GoldItem:
    """One labelled position, demand or open question."""

    id: str  # e.g. "positions[2]": stable within one gold file
    field: FieldName
    text: str
    key_terms: tuple[str, ...]
    evidence: tuple[GoldSpan, ...]
    actor: str | None = None
    target: str | None = None
    conditions: str | None = None


@dataclass(frozen=True)
class GoldArticle:
    """A gold-labelled article of a suite."""

    id: str
    path: Path
    text: str
    title: str
    kind: str
    style: str
    actors: tuple[GoldActor, ...]
    positions: tuple[GoldItem, ...]
    demands: tuple[GoldItem, ...]
    open_questions: tuple[GoldItem, ...]
    forbidden: tuple[str, ...] = ()
    # Scratch space for the scorer's per-article precomputation (not part of equality).
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    def items(self, name: FieldName) -> tuple[GoldItem, ...]:
        """The gold items of one field."""
        return getattr(self, name)


def load_suite(suite_dir: str | Path) -> list[GoldArticle]:
    """Every gold article of a suite directory, sorted by id; GoldError if none."""
    root = Path(suite_dir)
    paths = sorted(root.glob("*.gold.json"))
    if not paths:
        raise GoldError(f"{root}: no *.gold.json files", path=str(root))
    return [load_article(p) for p in paths]


def load_article(gold_path: str | Path) -> GoldArticle:
    """Load one gold file and its sibling ``.txt``, validating both against each other."""
    path = Path(gold_path)
    txt = path.with_name(path.name.removesuffix(".gold.json") + ".txt")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        text = txt.read_text(encoding="utf-8")
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot load: {exc}", path=str(path)) from exc
    return _parse(path, raw, text)


def _fail(path: Path, where: str, problem: str) -> GoldError:
    return GoldError(f"{path}: {where}: {problem}", path=str(path), item=where)


def _require(path: Path, obj: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [k for k in keys if k not in obj]
    if missing:
        raise _fail(path, where, f"missing keys {missing}")


def _parse(path: Path, raw: dict[str, Any], text: str) -> GoldArticle:
    _require(path, raw, ("id", "kind", "actors", "positions", "demands", "open_questions"), "top")
    if raw["kind"] not in ARTICLE_KINDS:
        raise _fail(path, "kind", f"bad article kind {raw['kind']!r}")
    actors = tuple(_actor(path, a, i, text) for i, a in enumerate(raw["actors"]))
    ids = [a.id for a in actors]
    if len(set(ids)) != len(ids):
        raise _fail(path, "actors", f"duplicate actor ids in {ids}")
    known = set(ids)
    items = {name: _items(path, raw[name], name, text, known) for name in FIELDS}
    return GoldArticle(
        id=raw["id"],
        path=path,
        text=text,
        title=raw.get("title") or text.split("\n", 1)[0].strip(),
        kind=raw["kind"],
        style=raw.get("style", ""),
        actors=actors,
        forbidden=tuple(raw.get("forbidden") or ()),
        **items,
    )


def _actor(path: Path, raw: dict[str, Any], i: int, text: str) -> GoldActor:
    where = f"actors[{i}]"
    _require(path, raw, ("id", "name", "kind"), where)
    if raw["kind"] not in ACTOR_KINDS:
        raise _fail(path, where, f"bad actor kind {raw['kind']!r}")
    aliases = list(raw.get("aliases") or [])
    if raw["name"] not in aliases:
        aliases.insert(0, raw["name"])
    for alias in aliases:
        if alias not in text:
            raise _fail(path, where, f"alias {alias!r} does not occur in the article")
    return GoldActor(id=raw["id"], name=raw["name"], kind=raw["kind"], aliases=tuple(aliases))


def _items(
    path: Path, raw: list[dict[str, Any]], name: FieldName, text: str, known: set[str]
) -> tuple[GoldItem, ...]:
    return tuple(_item(path, r, name, i, text, known) for i, r in enumerate(raw))


def _item(
    path: Path, raw: dict[str, Any], name: FieldName, i: int, text: str, known: set[str]
) -> GoldItem:
    where = f"{name}[{i}]"
    key = TEXT_KEY[name]
    _require(path, raw, (key, "evidence"), where)
    refs = {"actor": raw.get("actor"), "target": raw.get("target")}
    if name != "open_questions" and refs["actor"] not in known:
        raise _fail(path, where, f"unknown actor {refs['actor']!r}")
    if refs["target"] is not None and refs["target"] not in known:
        raise _fail(path, where, f"unknown target {refs['target']!r}")
    if not raw["evidence"]:
        raise _fail(path, where, "no evidence spans")
    return GoldItem(
        id=where,
        field=name,
        text=raw[key],
        key_terms=tuple(raw.get("key_terms") or ()),
        evidence=tuple(_span(path, where, s, text) for s in raw["evidence"]),
        actor=refs["actor"],
        target=refs["target"],
        conditions=raw.get("conditions"),
    )


def _span(path: Path, where: str, span: str, text: str) -> GoldSpan:
    start = text.find(span) if span else -1
    if start < 0:
        raise _fail(path, where, f"evidence span not verbatim in article: {span[:70]!r}")
    return GoldSpan(text=span, start=start, end=start + len(span))


def gold_brief(article: GoldArticle) -> Brief:
    """The gold labels as a Brief: a perfect prediction, for tests and benchmarks."""

    def ev(item: GoldItem) -> list[Evidence]:
        return [Evidence(source=0, quote=s.text, start=s.start, end=s.end) for s in item.evidence]

    return Brief(
        summary=article.title,
        actors=[
            Actor(id=a.id, name=a.name, kind=ActorKind(a.kind), aliases=list(a.aliases))
            for a in article.actors
        ],
        positions=[
            Position(actor=g.actor, stance=g.text, evidence=ev(g)) for g in article.positions
        ],
        demands=[
            Demand(
                actor=g.actor,
                target=g.target,
                demand=g.text,
                conditions=g.conditions,
                evidence=ev(g),
            )
            for g in article.demands
        ],
        open_questions=[
            OpenQuestion(question=g.text, evidence=ev(g)) for g in article.open_questions
        ],
        sources=[Source(text=article.text, title=article.title)],
        meta=RunMeta(model="gold", provider="gold", strategy="gold"),
    )
