"""Benchmark: a ~6,000-word article through the embedded model.

Prints the wall time, model calls and tokens, and checks that every evidence offset
slices the source exactly. Run: ``python benchmarks/bench_long.py [FILE]``.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from summarizer import summarize

DEFAULT = Path(__file__).resolve().parents[1] / "evals" / "long" / "long-summit.txt"


def main() -> None:
    """Brief the long article once and print the figures."""
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT
    text = path.read_text(encoding="utf-8")
    started = time.perf_counter()
    brief = summarize(text)
    wall = time.perf_counter() - started
    source = brief.sources[0].text
    spans = brief.all_evidence()
    exact = sum(source[e.start : e.end] == e.quote for e in spans)
    m = brief.meta
    print(f"article: {path.name}, {len(text.split())} words, {len(text)} chars")
    print(f"wall time: {wall:.1f} s (model {m.model_latency_s:.1f} s), {m.usage.calls} model calls")
    print(f"tokens: {m.usage.prompt_tokens} in, {m.usage.completion_tokens} out")
    print(
        f"brief: {len(brief.actors)} actors, {len(brief.positions)} positions, "
        f"{len(brief.demands)} demands, {len(brief.open_questions)} open questions"
    )
    print(f"evidence offsets exact: {exact}/{len(spans)}")
    if exact != len(spans):
        raise SystemExit("an evidence offset does not slice the source")


if __name__ == "__main__":
    main()
