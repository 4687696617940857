"""Check hand-labelled gold files beyond what the loader needs: ``summarizer eval check DIR``.

Public API::

    check_file(path, problems, *, root=None) -> None   # appends "<file>: <problem>" lines
    check_suite(suite_dir, *, root=None) -> CheckResult
    word_count(text) -> int

Checks, with the messages ``evals/check_gold.py`` has always printed:

* the required JSON keys are present (top level and per item);
* every evidence span and every actor alias occurs verbatim in the article (the sibling
  ``<id>.txt``, or the file ``text_file`` names), and each actor's name is among its
  aliases; a span may cross a hard line wrap, as the loader allows;
* every ``actor`` / ``target`` reference resolves to a declared actor id;
* ``kind``, ``style`` and actor kinds come from the allowed lists;
* the ``title`` matches the first line of the article (a null title is not checked);
* each item has 1–2 evidence spans (at least one for real news labelled by
  ``evals/LABELLING.md``, where a speaker's run of quotes cites each sentence) and key
  terms found in its evidence;
* for adversarial files, no forbidden string appears as an actor name or alias, or
  inside any claim text.

A gold file still marked ``"draft": true`` (written by ``summarizer eval draft``) is
listed in ``drafts``: it validates, but nobody has corrected it yet. File names in the
messages are relative to ``root`` (the current directory by default) when they can be.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.evaluate.gold import ACTOR_KINDS, ARTICLE_KINDS, find_span

TOP_KEYS = {"id", "kind", "style", "title", "actors", "positions", "demands", "open_questions"}
STYLES = {
    "wire",
    "web_boilerplate",
    "long_many_actors",
    "spokesperson",
    "hedged",
    "adversarial",
    "feature",
    "questions",
}
ACTOR_KEYS = {"id", "name", "kind", "aliases"}
POSITION_KEYS = {"actor", "stance", "key_terms", "evidence"}
DEMAND_KEYS = {"actor", "target", "demand", "conditions", "key_terms", "evidence"}
QUESTION_KEYS = {"question", "key_terms", "evidence"}


@dataclass
class CheckResult:
    """What :func:`check_suite` found."""

    files: int = 0
    problems: list[str] = field(default_factory=list)
    drafts: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """No problems (drafts are allowed)."""
        return not self.problems


def word_count(text: str) -> int:
    """Words separated by whitespace."""
    return len(text.split())


def _rel(path: Path, root: Path | None) -> Path:
    base = (root or Path.cwd()).resolve()
    try:
        return path.resolve().relative_to(base)
    except ValueError:
        return path


def _verbatim(span: str, text: str) -> bool:
    return span in text or find_span(text, span) is not None


def _check_items(
    rel: Path,
    items: Any,
    keys: set[str],
    label: str,
    text: str,
    actor_ids: set[str],
    problems: list[str],
    most_spans: int | None = 2,
) -> None:
    if not isinstance(items, list):
        problems.append(f"{rel}: {label} is not a list")
        return
    for i, item in enumerate(items):
        where = f"{rel}: {label}[{i}]"
        missing = keys - set(item)
        if missing:
            problems.append(f"{where}: missing keys {sorted(missing)}")
        if "actor" in keys and item.get("actor") not in actor_ids:
            problems.append(f"{where}: unknown actor {item.get('actor')!r}")
        if (
            "target" in keys
            and item.get("target") is not None
            and item.get("target") not in actor_ids
        ):
            problems.append(f"{where}: unknown target {item.get('target')!r}")
        evidence = item.get("evidence") or []
        if not evidence:
            problems.append(f"{where}: expected 1-2 evidence spans, got 0")
        elif most_spans is not None and len(evidence) > most_spans:
            problems.append(f"{where}: expected 1-2 evidence spans, got {len(evidence)}")
        for span in evidence:
            if not _verbatim(span, text):
                problems.append(f"{where}: evidence not verbatim: {span[:70]!r}")
        joined = " ".join(" ".join(evidence).split()).lower()
        for term in item.get("key_terms") or []:
            if " ".join(term.split()).lower() not in joined:
                problems.append(f"{where}: key term {term!r} not in evidence")
        if not item.get("key_terms"):
            problems.append(f"{where}: no key_terms")


def _text_path(path: Path, gold: dict[str, Any]) -> Path:
    if gold.get("text_file"):
        return (path.parent / gold["text_file"]).resolve()
    return path.with_name(path.name[: -len(".gold.json")] + ".txt")


def _check_actors(rel: Path, gold: dict[str, Any], text: str, problems: list[str]) -> set[str]:
    actor_ids: set[str] = set()
    for i, actor in enumerate(gold["actors"]):
        where = f"{rel}: actors[{i}]"
        missing = ACTOR_KEYS - set(actor)
        if missing:
            problems.append(f"{where}: missing keys {sorted(missing)}")
            continue
        if actor["id"] in actor_ids:
            problems.append(f"{where}: duplicate id {actor['id']!r}")
        actor_ids.add(actor["id"])
        if actor["kind"] not in ACTOR_KINDS:
            problems.append(f"{where}: bad actor kind {actor['kind']!r}")
        if actor["name"] not in actor["aliases"]:
            problems.append(f"{where}: name {actor['name']!r} not among aliases")
        for alias in actor["aliases"]:
            if not _verbatim(alias, text):
                problems.append(f"{where}: alias not verbatim: {alias!r}")
    return actor_ids


def _check_forbidden(rel: Path, path: Path, gold: dict[str, Any], problems: list[str]) -> None:
    if not ("adversarial" in path.parts or gold["style"] == "adversarial"):
        return
    forbidden = gold.get("forbidden")
    if not forbidden:
        problems.append(f"{rel}: adversarial file without 'forbidden' list")
        forbidden = []
    claims = [p["stance"] for p in gold["positions"]]
    claims += [d["demand"] for d in gold["demands"]]
    claims += [q["question"] for q in gold["open_questions"]]
    for bad in forbidden:
        low = bad.lower()
        for actor in gold["actors"]:
            names = [actor["name"], *list(actor["aliases"])]
            if any(low in n.lower() for n in names):
                problems.append(f"{rel}: forbidden {bad!r} used as actor {actor['id']!r}")
        for claim in claims:
            if low in claim.lower():
                problems.append(f"{rel}: forbidden {bad!r} in claim {claim[:60]!r}")


def check_file(path: Path, problems: list[str], *, root: Path | None = None) -> dict | None:
    """Check one gold file, appending problem lines; the parsed gold, or None if unreadable."""
    rel = _rel(path, root)
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        problems.append(f"{rel}: cannot load JSON: {exc}")
        return None
    txt_path = _text_path(path, gold)
    if not txt_path.exists():
        problems.append(f"{rel}: missing article {txt_path.name}")
        return None
    text = txt_path.read_text(encoding="utf-8")
    missing = TOP_KEYS - set(gold)
    if missing:
        problems.append(f"{rel}: missing keys {sorted(missing)}")
        return None
    if gold["id"] != path.name[: -len(".gold.json")]:
        problems.append(f"{rel}: id {gold['id']!r} does not match file name")
    if gold["kind"] not in ARTICLE_KINDS:
        problems.append(f"{rel}: bad kind {gold['kind']!r}")
    if gold["style"] not in STYLES:
        problems.append(f"{rel}: bad style {gold['style']!r}")
    if gold["title"] is not None and gold["title"] != text.split("\n", 1)[0].strip():
        problems.append(f"{rel}: title does not match first line")
    if not gold.get("text_file"):  # the team's own articles use straight quotes
        for ch in "\u201c\u201d\u2018\u2019":
            if ch in text:
                problems.append(f"{rel}: article contains curly quote {ch!r}")
    actor_ids = _check_actors(rel, gold, text, problems)
    for label, keys in (
        ("positions", POSITION_KEYS),
        ("demands", DEMAND_KEYS),
        ("open_questions", QUESTION_KEYS),
    ):
        most = None if gold.get("text_file") else 2
        _check_items(rel, gold[label], keys, label, text, actor_ids, problems, most)
    _check_forbidden(rel, path, gold, problems)
    return gold


def check_suite(suite_dir: str | Path, *, root: Path | None = None) -> CheckResult:
    """Check every ``*.gold.json`` under ``suite_dir`` (recursively) and orphan articles."""
    folder = Path(suite_dir)
    result = CheckResult()
    golds = sorted(p for p in folder.rglob("*.gold.json") if "cassettes" not in p.parts)
    result.files = len(golds)
    if not golds:
        result.problems.append(f"no gold files found under {_rel(folder, root)}")
    for path in golds:
        gold = check_file(path, result.problems, root=root)
        if gold and gold.get("draft"):
            result.drafts.append(str(_rel(path, root)))
    for txt in sorted(folder.rglob("*.txt")):
        if not txt.with_name(txt.stem + ".gold.json").exists():
            result.problems.append(f"{_rel(txt, root)}: no gold file")
    return result
