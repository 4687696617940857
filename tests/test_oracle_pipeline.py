"""The full strategy end to end against a perfect model (the oracle server).

- Under a 300-token output cap every core article is still briefed, in many small
  chunks, every claim grounded.
- Answers cut off at the cap (``finish_reason=length``) are split and briefed in halves.
- With a perfect model, chunking, merging and grounding keep strict F1 within 5 % of
  the oracle's uncut answer.
- Chunk calls run concurrently: six chunks of one second each take under three seconds.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from support.oracle_server import CORE, OracleServer, oracle_settings

from summarizer import Brief, summarize
from summarizer.evaluate.gold import GoldArticle, load_suite
from summarizer.evaluate.metrics import FieldScore, score_article

ARTICLES = load_suite(CORE)
ROOMY = 100_000
UNCUT = {"max_output_tokens": ROOMY, "context_tokens": 1_000_000}


@pytest.fixture(scope="module")
def server() -> Iterator[OracleServer]:
    with OracleServer(ARTICLES) as srv:
        yield srv


def assert_grounded(brief: Brief) -> None:
    """Claims exist and every evidence span slices its source exactly."""
    assert brief.claims()
    for ev in brief.all_evidence():
        assert brief.sources[ev.source].text[ev.start : ev.end] == ev.quote


def strict_f1(server: OracleServer, **options: object) -> float:
    """Strict F1 over the core suite (micro), briefed under ``options``."""
    settings = oracle_settings(server, **options)
    total = FieldScore()
    for article in ARTICLES:
        brief = summarize(article.text, settings=settings, title=article.title)
        for field in score_article(article, brief).fields.values():
            total = total + field
    return total.strict_f1


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id)
def test_every_core_article_is_briefed_under_a_300_token_cap(
    server: OracleServer, article: GoldArticle
) -> None:
    first = len(server.answers)
    settings = oracle_settings(server, max_output_tokens=300)
    brief = summarize(article.text, settings=settings, title=article.title)
    answers = server.answers[first:]
    # Chunks are planned by the output they need, so at 300 tokens they are small.
    assert len(answers) > 1 and brief.meta.chunks > 1
    assert_grounded(brief)
    assert brief.meta.usage.completion_tokens == sum(a.completion_tokens for a in answers)
    assert score_article(article, brief).strict_f1 > 0.5


def test_the_pipeline_keeps_95_percent_of_the_uncut_strict_f1(server: OracleServer) -> None:
    uncut = strict_f1(server, **UNCUT)
    assert uncut == 1.0
    assert strict_f1(server) >= 0.95 * uncut
    # Chunked by a small context window, the drafts of several chunks are merged.
    assert strict_f1(server, context_tokens=2048) >= 0.95 * uncut


def test_answers_cut_off_at_the_cap_are_split_and_keep_95_percent_of_uncut() -> None:
    """A wordier model (4x the gold's tokens) at a 1,000-token cap: some planned chunks
    do not fit, are cut off, split in halves, and the brief still comes out whole, with
    the cut-off attempts' tokens in its usage."""
    with OracleServer(ARTICLES, scale=4) as server:
        settings = oracle_settings(server, max_output_tokens=1_000)
        total = FieldScore()
        for article in ARTICLES:
            first = len(server.answers)
            brief = summarize(article.text, settings=settings, title=article.title)
            assert_grounded(brief)
            answers = server.answers[first:]
            billed = sum(a.completion_tokens for a in answers)
            assert brief.meta.usage.completion_tokens == billed
            for field in score_article(article, brief).fields.values():
                total = total + field
        cut = [a for a in server.answers if a.finish_reason == "length"]
        uncut = strict_f1(server, **UNCUT)
    assert len(cut) >= 5
    assert total.strict_f1 >= 0.95 * uncut


def test_one_sentence_chunks_lose_only_claims_their_sentence_does_not_attribute(
    server: OracleServer,
) -> None:
    """At 300 tokens chunks are single sentences, and a claim whose sentence names its
    actor only by a pronoun ("She said ...") cannot be attributed in it: the oracle
    leaves it out (a Draft naming an actor the chunk does not name fails validation).
    Measured: 0.922 of the uncut strict F1; this guards it from getting worse."""
    assert strict_f1(server, max_output_tokens=300) >= 0.90 * strict_f1(server, **UNCUT)


def _calls(server: OracleServer, article: GoldArticle, **options: object) -> int:
    first = len(server.requests)
    summarize(article.text, settings=oracle_settings(server, **options), title=article.title)
    return len(server.requests) - first


def test_six_one_second_chunks_at_concurrency_six_take_under_three_seconds() -> None:
    article = next(a for a in ARTICLES if a.id == "coalition-talks-long")  # 54 sentences
    with OracleServer(ARTICLES) as probe:
        # The smallest output budget whose chunk plan has at most six chunks.
        lo, hi = 300, 20_000
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (
                (mid + 1, hi) if _calls(probe, article, max_output_tokens=mid) > 6 else (lo, mid)
            )
        assert _calls(probe, article, max_output_tokens=lo) == 6
    with OracleServer(ARTICLES, latency=1.0) as server:
        settings = oracle_settings(server, max_output_tokens=lo, concurrency=6)
        started = time.perf_counter()
        brief = summarize(article.text, settings=settings, title=article.title)
        wall = time.perf_counter() - started
    assert len(server.requests) == 6
    assert server.max_in_flight == 6
    assert brief.meta.chunks == 6
    assert_grounded(brief)
    assert wall < 3.0
