"""Truly async: chunks and sources are briefed concurrently, bounded, and deterministically.

The loopback chat server sleeps before each answer, like a model's latency; it counts
the requests in flight, so the bound is measured where it matters, at the server.
"""

from __future__ import annotations

import asyncio
import random
import threading
import time
from pathlib import Path
from typing import Any

from support.chat_server import ChatServer, default_responder

from summarizer import Brief, summarize, summarize_async
from summarizer.segment import split_sentences
from summarizer.settings import Settings, resolve_settings
from summarizer.strategies.full import plan_chunks

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
ARTICLE = (EXAMPLES / "harbour-strike.txt").read_text(encoding="utf-8")
OTHER = (EXAMPLES / "river-treaty-talks.txt").read_text(encoding="utf-8")
#: An output budget that plans the 22-sentence article as six chunks of at most four.
SIX_CHUNKS = 460


class SlowServer(ChatServer):
    """A chat server that takes ``delay`` seconds an answer and counts calls in flight."""

    def __init__(self, delay: float, responder: Any = default_responder) -> None:
        super().__init__(responder, delay=delay)
        self.in_flight = 0
        self.most_in_flight = 0
        self._count = threading.Lock()

    def _next_fault(self) -> str:  # called as a request arrives, before the delay
        with self._count:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        return super()._next_fault()

    def completion(self, request: dict[str, Any], fault: str) -> dict[str, Any]:
        with self._count:  # called after the delay, as the answer leaves
            self.in_flight -= 1
        return super().completion(request, fault)


def _settings(server: ChatServer, **options: Any) -> Settings:
    return resolve_settings(
        model="local", base_url=server.base_url, env={}, strategy="full", **options
    )


def test_the_article_is_planned_as_six_chunks() -> None:
    settings = Settings(provider="openai", model="m", max_output_tokens=SIX_CHUNKS)
    chunks = plan_chunks(split_sentences(ARTICLE), settings)
    assert len(chunks) == 6 and max(len(c) for c in chunks) <= 4


def test_six_chunks_at_one_second_each_take_about_one_second_at_concurrency_six() -> None:
    with SlowServer(delay=1.0) as server:
        settings = _settings(server, max_output_tokens=SIX_CHUNKS, concurrency=6)
        summarize(ARTICLE, settings=settings)  # warm-up: imports and schema caches
        started = time.perf_counter()
        brief = asyncio.run(summarize_async(ARTICLE, settings=settings))
        elapsed = time.perf_counter() - started
    assert brief.meta.chunks == 6 and server.most_in_flight == 6
    assert elapsed < 3.0, f"six 1 s calls took {elapsed:.2f} s: they did not overlap"


def test_concurrency_bounds_the_calls_in_flight() -> None:
    with SlowServer(delay=0.3) as server:
        summarize(ARTICLE, settings=_settings(server, max_output_tokens=SIX_CHUNKS, concurrency=2))
    assert len(server.requests) == 6 and server.most_in_flight == 2


def test_sources_are_briefed_concurrently() -> None:
    with SlowServer(delay=1.0) as server:
        settings = _settings(server, concurrency=4)
        summarize(OTHER, settings=settings)  # warm-up
        started = time.perf_counter()
        brief = summarize([ARTICLE, OTHER], settings=settings)
        elapsed = time.perf_counter() - started
    assert brief.meta.chunks == 2 and len(brief.sources) == 2
    assert elapsed < 1.9, f"two sources at 1 s each took {elapsed:.2f} s"


def _shuffled_latency(request: dict[str, Any]) -> dict[str, Any]:
    time.sleep(random.uniform(0.0, 0.25))  # answers come back in a random order
    return default_responder(request)


def test_the_brief_does_not_depend_on_the_order_answers_arrive_in() -> None:
    with ChatServer(_shuffled_latency) as server:
        serial = summarize(
            ARTICLE, settings=_settings(server, max_output_tokens=SIX_CHUNKS, concurrency=1)
        )
        runs = [
            summarize(
                ARTICLE, settings=_settings(server, max_output_tokens=SIX_CHUNKS, concurrency=6)
            )
            for _ in range(3)
        ]
    for brief in runs:
        assert brief.model_dump(exclude={"meta"}) == serial.model_dump(exclude={"meta"})


def test_summarize_works_inside_a_running_event_loop() -> None:
    async def caller_with_a_loop() -> Brief:
        return summarize(ARTICLE, model="heuristic")

    brief = asyncio.run(caller_with_a_loop())
    assert brief.claims() and brief.meta.strategy == "heuristic"


def test_the_embedded_model_stays_serial_whatever_the_setting() -> None:
    assert Settings(provider="embedded", concurrency=8).effective_concurrency == 1
    assert Settings(provider="openai", model="m", concurrency=8).effective_concurrency == 8
    assert resolve_settings(model="local", base_url="http://127.0.0.1:9", env={}).concurrency == 4
