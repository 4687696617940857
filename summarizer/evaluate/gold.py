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
import re
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


class GoldDataMissing(GoldError):
    """A gold file's article text lives outside the project (``text_file``) and is absent."""


def load_suite(suite_dir: str | Path) -> list[GoldArticle]:
    """Every gold article of a suite directory, sorted by id; GoldError if none.

    Articles whose external text (``text_file``) is absent are left out; when that leaves
    none, :class:`GoldDataMissing` says where the data was expected.
    """
    root = Path(suite_dir)
    paths = sorted(root.glob("*.gold.json"))
    if not paths:
        raise GoldError(f"{root}: no *.gold.json files", path=str(root))
    articles, missing = [], []
    for p in paths:
        try:
            articles.append(load_article(p))
        except GoldDataMissing as exc:
            missing.append(exc)
    if not articles and missing:
        raise GoldDataMissing(
            f"{root}: the article texts are not here ({missing[0]}); "
            "this suite reads them from outside the project",
            path=str(root),
        )
    return articles


def _text_path(path: Path, raw: dict[str, Any]) -> Path:
    # Real news cannot be copied into the project: such gold names its text file,
    # relative to the gold file (e.g. ../../../../shared/data/duc-dev/articles/x.txt).
    if raw.get("text_file"):
        return (path.parent / raw["text_file"]).resolve()
    return path.with_name(path.name.removesuffix(".gold.json") + ".txt")


def load_article(gold_path: str | Path) -> GoldArticle:
    """Load one gold file and its article text, validating both against each other."""
    path = Path(gold_path)
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot load: {exc}", path=str(path)) from exc
    txt = _text_path(path, raw)
    if raw.get("text_file") and not txt.is_file():
        raise GoldDataMissing(f"{path}: article text {txt} is absent", path=str(path))
    try:
        text = txt.read_text(encoding="utf-8")
    except OSError as exc:
        raise GoldError(f"{path}: cannot load: {exc}", path=str(path)) from exc
    return _parse(path, raw, text)


def find_span(text: str, span: str) -> tuple[int, int] | None:
    """Offsets of the first occurrence of ``span`` in ``text``, or None.

    Exact first; failing that, any run of whitespace in ``span`` matches any run in the
    text, so a label written on one line finds its words across a hard line wrap.
    """
    if not span.strip():
        return None
    start = text.find(span)
    if start >= 0:
        return start, start + len(span)
    pattern = r"\s+".join(re.escape(part) for part in span.split())
    m = re.search(pattern, text)
    return (m.start(), m.end()) if m else None


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
        if find_span(text, alias) is None:
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
    found = find_span(text, span)
    if found is None:
        raise _fail(path, where, f"evidence span not verbatim in article: {span[:70]!r}")
    # The span's text is the article's own slice, so offsets and quote always agree.
    return GoldSpan(text=text[found[0] : found[1]], start=found[0], end=found[1])


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
