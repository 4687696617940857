"""Validate hand-labelled gold files (beyond what the loader checks) for the summarizer eval suites.

Loads every ``*.gold.json`` under ``evals/suites`` and checks that:

* the required JSON keys are present (top level and per item);
* every evidence span and every actor alias is a verbatim substring of
  the sibling ``.txt`` article, and each actor's name is among its aliases;
* every ``actor`` / ``target`` reference resolves to a declared actor id;
* ``kind``, ``style`` and actor kinds come from the allowed lists;
* the ``title`` matches the first line of the article;
* for adversarial files, no forbidden string appears as an actor name or
  alias, or inside any claim text.

Prints one line per problem and exits 1 if any were found; finally prints
the word count of every article (suites, examples and long article).

Usage: python evals/check_gold.py
"""

import json
import sys
from pathlib import Path

# The vocabularies come from the harness itself, so the checker and the loader never drift.
from summarizer.evaluate.gold import ACTOR_KINDS, ARTICLE_KINDS

ROOT = Path(__file__).resolve().parent.parent
SUITES = ROOT / "evals" / "suites"

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


def word_count(text):
    return len(text.split())


def check_items(rel, items, keys, label, text, actor_ids, problems):
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
        if not 1 <= len(evidence) <= 2:
            problems.append(f"{where}: expected 1-2 evidence spans, got {len(evidence)}")
        for span in evidence:
            if span not in text:
                problems.append(f"{where}: evidence not verbatim: {span[:70]!r}")
        joined = " ".join(evidence).lower()
        for term in item.get("key_terms") or []:
            if term.lower() not in joined:
                problems.append(f"{where}: key term {term!r} not in evidence")
        if not item.get("key_terms"):
            problems.append(f"{where}: no key_terms")


def check_file(path, problems):
    rel = path.relative_to(ROOT)
    txt_path = path.with_name(path.name[: -len(".gold.json")] + ".txt")
    try:
        gold = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        problems.append(f"{rel}: cannot load JSON: {exc}")
        return
    if not txt_path.exists():
        problems.append(f"{rel}: missing article {txt_path.name}")
        return
    text = txt_path.read_text(encoding="utf-8")
    missing = TOP_KEYS - set(gold)
    if missing:
        problems.append(f"{rel}: missing keys {sorted(missing)}")
        return
    if gold["id"] != txt_path.stem:
        problems.append(f"{rel}: id {gold['id']!r} does not match file name")
    if gold["kind"] not in ARTICLE_KINDS:
        problems.append(f"{rel}: bad kind {gold['kind']!r}")
    if gold["style"] not in STYLES:
        problems.append(f"{rel}: bad style {gold['style']!r}")
    if gold["title"] != text.split("\n", 1)[0].strip():
        problems.append(f"{rel}: title does not match first line")
    for ch in "\u201c\u201d\u2018\u2019":
        if ch in text:
            problems.append(f"{rel}: article contains curly quote {ch!r}")

    actor_ids = set()
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
            if alias not in text:
                problems.append(f"{where}: alias not verbatim: {alias!r}")

    check_items(rel, gold["positions"], POSITION_KEYS, "positions", text, actor_ids, problems)
    check_items(rel, gold["demands"], DEMAND_KEYS, "demands", text, actor_ids, problems)
    check_items(
        rel, gold["open_questions"], QUESTION_KEYS, "open_questions", text, actor_ids, problems
    )

    is_adversarial = "adversarial" in path.parts or gold["style"] == "adversarial"
    if is_adversarial:
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


def main():
    problems = []
    golds = sorted(SUITES.rglob("*.gold.json"))
    if not golds:
        problems.append("no gold files found under evals/suites")
    for path in golds:
        check_file(path, problems)
    for txt in sorted(SUITES.rglob("*.txt")):
        if not txt.with_name(txt.stem + ".gold.json").exists():
            problems.append(f"{txt.relative_to(ROOT)}: no gold file")
    for line in problems:
        print(line)
    print(f"checked {len(golds)} gold files: {len(problems)} problem(s)")
    print("word counts:")
    articles = sorted(SUITES.rglob("*.txt"))
    articles += sorted((ROOT / "examples").rglob("*.txt"))
    articles += sorted((ROOT / "evals" / "long").glob("*.txt"))
    for txt in articles:
        print(f"  {word_count(txt.read_text(encoding='utf-8')):6d}  {txt.relative_to(ROOT)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
