"""Time 1,000 article-level scorings: the scorer must stay cheap (target <= 5 s, 2 cores).

Reuses the articles of a gold suite with perturbed predictions (items dropped, actors
swapped, claims negated, truncated or reworded, order shuffled), built before the clock
starts so only :func:`summarizer.evaluate.metrics.score_article` is timed.

Usage: python benchmarks/bench_scoring.py [suite_dir] [n]   (package installed, or PYTHONPATH=.)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from summarizer.evaluate.aggregate import aggregate
from summarizer.evaluate.gold import GoldArticle, gold_brief, load_suite
from summarizer.evaluate.metrics import score_article
from summarizer.schema import Brief

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SUITE = ROOT / "evals" / "suites" / "core"
TARGET_S = 5.0


def _rebuild(brief: Brief, **changes: list) -> Brief:
    return Brief.model_validate({**brief.model_dump(), **changes})


def perturb(article: GoldArticle, rng: random.Random) -> Brief:
    """A gold-derived prediction with a random mix of realistic mistakes."""
    brief = gold_brief(article)
    positions = [p.model_dump() for p in brief.positions]
    demands = [d.model_dump() for d in brief.demands]
    ids = [a.id for a in brief.actors]
    for p in positions:
        roll = rng.random()
        if roll < 0.15:
            p["stance"] = "It is said that " + p["stance"].lower()
        elif roll < 0.25:
            p["stance"] = " ".join(p["stance"].split()[: max(2, len(p["stance"].split()) // 2)])
        elif roll < 0.32:
            p["stance"] = "They do not agree that " + p["stance"].lower()
        elif roll < 0.42:
            p["actor"] = rng.choice(ids)
    rng.shuffle(positions)
    if demands and rng.random() < 0.3:
        demands.pop(rng.randrange(len(demands)))
    return _rebuild(brief, positions=positions, demands=demands)


def main(argv: list[str]) -> int:
    suite = Path(argv[1]) if len(argv) > 1 else DEFAULT_SUITE
    n = int(argv[2]) if len(argv) > 2 else 1000
    articles = load_suite(suite)
    rng = random.Random(7)
    # A pool of distinct predictions, cycled: building briefs is not what we time.
    pool = [(a, perturb(a, rng)) for a in articles for _ in range(4)]
    start = time.perf_counter()
    scores = [score_article(*pool[i % len(pool)]) for i in range(n)]
    elapsed = time.perf_counter() - start
    macro = aggregate(scores).macro
    print(
        f"{n} article scorings over {len(articles)} articles ({len(pool)} predictions): "
        f"{elapsed:.2f} s ({elapsed / n * 1000:.2f} ms each; target <= {TARGET_S:.0f} s) "
        f"mean strict F1 {macro['strict_f1']:.3f}"
    )
    return 0 if elapsed <= TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
