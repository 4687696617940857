"""Benchmark: the 5,991-word article through the full strategy, against a 2 s model.

The oracle server (``tests/support/oracle_server.py``) answers every call after
``--latency`` seconds (default 2). The long article has no gold labels, so the oracle
answers it with a plausible draft (``chat_server.draft_for``); what is measured is
time, not quality. For each concurrency (default 1, 4, 8) it prints the chunks, model
calls (chunk splits on ``finish_reason=length`` included), the most calls the server
held at once, wall time, the longest single call (as long as the server held it), and
wall / longest call. Target at concurrency 8: wall within
1.3x the longest call plus the pipeline's own time (measured at zero latency after a
warm-up, printed as ``overhead``). Every evidence offset is checked.

Run: ``python benchmarks/bench_long_oracle.py [--latency 2] [--concurrency 1,4,8]
[--context-tokens N] [--max-output-tokens N] [FILE]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from support.oracle_server import OracleServer, oracle_settings  # noqa: E402

from summarizer import Brief, summarize  # noqa: E402

DEFAULT = ROOT / "evals" / "long" / "long-summit.txt"


def brief_once(text: str, latency: float, **options: object) -> tuple[Brief, float, OracleServer]:
    """One brief of ``text`` against a fresh oracle: (brief, wall seconds, server)."""
    with OracleServer(latency=latency) as server:
        settings = oracle_settings(server, **options)
        started = time.perf_counter()
        brief = summarize(text, settings=settings)
        return brief, time.perf_counter() - started, server


def check_offsets(brief: Brief) -> str:
    """``exact/total`` evidence offsets; exits when one does not slice its source."""
    spans = brief.all_evidence()
    exact = sum(brief.sources[e.source].text[e.start : e.end] == e.quote for e in spans)
    if exact != len(spans):
        raise SystemExit("an evidence offset does not slice the source")
    return f"{exact}/{len(spans)}"


def main() -> None:
    """Brief the long article at each concurrency and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--latency", type=float, default=2.0)
    parser.add_argument("--concurrency", default="1,4,8")
    parser.add_argument("--context-tokens", type=int)
    parser.add_argument("--max-output-tokens", type=int)
    args = parser.parse_args()
    text = args.file.read_text(encoding="utf-8")
    options: dict[str, object] = {}
    if args.context_tokens:
        options["context_tokens"] = args.context_tokens
    if args.max_output_tokens:
        options["max_output_tokens"] = args.max_output_tokens
    print(f"article: {args.file.name}, {len(text.split())} words; latency {args.latency} s a call")
    print(f"options: {options or 'defaults'}")
    brief_once(text, 0.0, **options)  # warm-up: imports, first client, tokenizer
    brief, overhead, _ = brief_once(text, 0.0, **options)
    print(f"overhead (same brief at zero latency): {overhead:.2f} s\n")
    print("concurrency  chunks  calls  in flight   wall s  longest call s  wall/longest  target")
    for n in (int(x) for x in args.concurrency.split(",")):
        brief, wall, server = brief_once(text, args.latency, concurrency=n, **options)
        longest = max(server.durations)
        target = 1.3 * longest + overhead
        print(
            f"{n:11d}  {brief.meta.chunks:6d}  {len(server.requests):5d}  {server.max_in_flight:9d}"
            f"  {wall:7.2f}  {longest:14.2f}  {wall / longest:12.2f}  "
            f"{'met' if wall <= target else 'not met'} ({target:.2f} s)"
        )
    m = brief.meta
    print(
        f"\nlast brief: {len(brief.actors)} actors, {len(brief.claims())} claims, "
        f"tokens {m.usage.prompt_tokens} in / {m.usage.completion_tokens} out, "
        f"evidence offsets exact {check_offsets(brief)}"
    )


if __name__ == "__main__":
    main()
