"""Rebuild the starter suite that ``summarizer eval init`` copies (summarizer/evaluate/starter/).

Four team-written articles of the core suite with their gold, and the embedded model's
recorded answers for them, cut from ``evals/cassettes/core/`` (run this again after
re-recording that cassette, or after a prompt change). No model is called: every answer
comes from the core cassette, and the script fails if one is missing.

Usage: python evals/make_starter.py
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from summarizer.evaluate.run import run_suite  # noqa: E402
from summarizer.settings import EMBEDDED_MODEL, resolve_settings  # noqa: E402

CORE = ROOT / "evals" / "suites" / "core"
STARTER = ROOT / "summarizer" / "evaluate" / "starter"
ARTICLES = (
    "border-talks-spokesperson",
    "data-breach-settlement-questions",
    "rail-strike-web",
    "steel-tariff-wire",
)


def main() -> int:
    for name in ARTICLES:
        for suffix in (".txt", ".gold.json"):
            shutil.copyfile(CORE / f"{name}{suffix}", STARTER / f"{name}{suffix}")
    tape = STARTER / "cassettes" / f"{EMBEDDED_MODEL}.json"
    tape.parent.mkdir(exist_ok=True)
    shutil.copyfile(ROOT / "evals" / "cassettes" / "core" / tape.name, tape)
    # Record mode keeps only the answers this run asks for; all of them come from the
    # copied core tape, so the embedded model is never loaded.
    settings = resolve_settings(env={})
    run = run_suite(STARTER, settings=settings, mode="record", cassettes=tape.parent)
    missing = [a.id for a in run.articles if a.error]
    if missing:
        print(f"answers missing for {missing}: re-record evals/cassettes/core first")
        return 1
    strict = run.aggregates.all_fields.strict_f1
    print(f"starter: {len(run.articles)} articles, strict F1 {strict:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
