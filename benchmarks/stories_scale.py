"""Benchmark: a ten-report story against a loopback model with latency, sources in parallel.

Run: ``PYTHONPATH=. python benchmarks/stories_scale.py [--delay 1.0] [--story duc-45]``.

A loopback chat-completions server (``tests/support/chat_server.py``) answers every call
after ``--delay`` seconds. Each of the story's ten reports is first briefed alone with
the full strategy (the slowest is the yardstick), then all ten at once, with enough
concurrency for every chunk call of every report to be in flight together, first with
the offline reconciliation (``summarize``) and then with the model's reconciliation call
added after the drafts. Target: the ten-report brief under 1.5x the slowest single report.
"""

from __future__ import annotations

import argparse
import asyncio
import re
import socketserver
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests"), str(ROOT / "benchmarks")]

from support.chat_server import ChatServer, default_responder, requested_schema  # noqa: E402
from support.story_oracle import brief_reconciled_by_model  # noqa: E402

from summarizer import summarize  # noqa: E402
from summarizer.evaluate.stories import load_story  # noqa: E402
from summarizer.settings import resolve_settings  # noqa: E402

_LINE = re.compile(r"^\[(\d+)\] ", re.M)


def responder(request: dict[str, Any]) -> dict[str, Any]:
    """A small valid Draft citing the first sentence shown (latency is what is measured;
    the stock draft guesses names across hard line wraps, which validation rejects)."""
    name, _ = requested_schema(request)
    if name != "Draft":
        return default_responder(request)
    text = next(m["content"] for m in request["messages"] if m["role"] == "user")
    first = int(_LINE.search(text).group(1))
    question = {"question": "What happens next?", "why_open": "open", "sentences": [first]}
    return {
        "summary": "",
        "actors": [],
        "positions": [],
        "demands": [],
        "open_questions": [question],
    }


def main() -> None:
    # socketserver listens with a backlog of 5: 35 simultaneous connections would wait
    # for SYN retries (about a second each), timing the test server, not the pipeline.
    socketserver.TCPServer.request_queue_size = 128
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--delay", type=float, default=1.0, help="server latency per call (s)")
    parser.add_argument("--story", default="duc-45")
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args()
    gold = load_story(ROOT / "evals" / "stories" / f"{args.story}.story.json")
    sources = list(gold.sources)
    with ChatServer(responder, delay=args.delay) as server:
        settings = resolve_settings(
            model="loopback",
            base_url=server.base_url,
            api_key="k",
            strategy="full",
            concurrency=args.concurrency,
        )
        summarize(sources[0], settings=settings)  # warm-up: imports and client set-up
        singles = []
        for src in sources:
            started = time.perf_counter()
            brief = summarize(src, settings=settings)
            singles.append((time.perf_counter() - started, brief.meta.usage.calls))
        slowest = max(t for t, _ in singles)
        calls_before = len(server.requests)
        started = time.perf_counter()
        story = summarize(sources, settings=settings)
        offline = time.perf_counter() - started
        story_calls = len(server.requests) - calls_before
        calls_before = len(server.requests)
        started = time.perf_counter()
        asyncio.run(brief_reconciled_by_model(sources, settings))
        with_model = time.perf_counter() - started
        model_calls = len(server.requests) - calls_before
    print(f"story {gold.id}: {len(sources)} reports, server latency {args.delay} s a call")
    print(
        f"single report alone: slowest {slowest:.2f} s, times "
        f"{' '.join(f'{t:.1f}' for t, _ in singles)}, mean "
        f"{sum(t for t, _ in singles) / len(singles):.2f} s, calls per report "
        f"{min(c for _, c in singles)}-{max(c for _, c in singles)}"
    )
    print(
        f"ten reports, offline reconciliation: {offline:.2f} s = {offline / slowest:.2f}x the "
        f"slowest report ({story_calls} calls, concurrency {args.concurrency}); "
        f"{len(story.contradictions)} contradictions, {len(story.actors)} actors"
    )
    print(
        f"ten reports, model reconciliation (one more call): {with_model:.2f} s = "
        f"{with_model / slowest:.2f}x the slowest report ({model_calls} calls)"
    )


if __name__ == "__main__":
    main()
