"""The oracle server itself: a perfect model from the gold, honest about max_tokens and usage.

These tests run the real pipeline (openai client, instructor, validation, merge,
grounding) against ``tests/support/oracle_server.py``; nothing is mocked.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import httpx
import pytest
from support import tokens
from support.oracle_server import CORE, OracleServer, draft_json, oracle_settings, perfect_draft

from summarizer import Brief, SummarizerError, summarize
from summarizer.draft import Draft
from summarizer.evaluate.gold import GoldArticle, gold_brief, load_suite
from summarizer.evaluate.metrics import score_article
from summarizer.settings import Settings

ARTICLES = load_suite(CORE)
BY_ID = {a.id: a for a in ARTICLES}


@pytest.fixture(scope="module")
def server() -> Iterator[OracleServer]:
    with OracleServer(ARTICLES) as srv:
        yield srv


def uncut(server: OracleServer, **options: object) -> Settings:
    """One call for the whole article, with room for the whole answer."""
    return oracle_settings(server, max_output_tokens=100_000, context_tokens=1_000_000, **options)


def assert_grounded(brief: Brief) -> None:
    """Every evidence span slices its source exactly."""
    assert brief.claims()
    for ev in brief.all_evidence():
        assert brief.sources[ev.source].text[ev.start : ev.end] == ev.quote


def _post(server: OracleServer, body: dict) -> dict:
    return httpx.post(f"{server.base_url}/chat/completions", json=body, timeout=30).json()


def _request(article: GoldArticle, **extra: object) -> dict:
    lines = "\n".join(f"[{i}] {s}" for i, s in enumerate(article.text.split("\n\n"), 1))
    content = f"<article>\n{lines}\n</article>\nWrite the brief."
    schema = Draft.model_json_schema()
    tool = {"type": "function", "function": {"name": "Draft", "parameters": schema}}
    return {
        "model": "oracle",
        "messages": [{"role": "user", "content": content}],
        "tools": [tool],
    } | extra


@pytest.mark.parametrize("article", ARTICLES, ids=lambda a: a.id)
def test_an_uncut_answer_is_the_gold_brief(server: OracleServer, article: GoldArticle) -> None:
    brief = summarize(article.text, settings=uncut(server), title=article.title)
    assert_grounded(brief)
    assert server.answers[-1].article == article.id
    assert server.answers[-1].finish_reason == "tool_calls"
    score = score_article(article, brief)
    assert score.strict_f1 == score_article(article, gold_brief(article)).strict_f1 == 1.0
    assert score.actors.f1 == 1.0


def test_max_tokens_cuts_the_json_and_says_length(server: OracleServer) -> None:
    article = BY_ID["border-talks-spokesperson"]
    whole = _post(server, _request(article))
    cut = _post(server, _request(article, max_tokens=40))
    full_args = whole["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    cut_args = cut["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"]
    assert whole["choices"][0]["finish_reason"] == "tool_calls"
    assert whole["usage"]["completion_tokens"] == tokens.count(full_args) > 40
    assert cut["choices"][0]["finish_reason"] == "length"
    assert cut["usage"]["completion_tokens"] == 40
    assert full_args.startswith(cut_args) and len(cut_args) < len(full_args)
    with pytest.raises(json.JSONDecodeError):
        json.loads(cut_args)
    assert json.loads(full_args)["actors"]


def test_a_sentence_whose_answer_never_fits_is_a_clean_error(server: OracleServer) -> None:
    """Cut off at 60 tokens, chunks are split down to one sentence, which still does not fit."""
    article = BY_ID["coalition-pact-wire"]
    first = len(server.answers)
    settings = uncut(server).with_(max_output_tokens=60)
    with pytest.raises(SummarizerError) as info:
        summarize(article.text, settings=settings, title=article.title)
    assert type(info.value).__name__ == "OutputLengthError"
    assert "alone does not fit in 60 output tokens" in str(info.value)
    answers = server.answers[first:]
    assert len(answers) > 1 and any(a.finish_reason == "length" for a in answers)


def test_only_the_shown_sentences_are_cited(server: OracleServer) -> None:
    article = BY_ID["border-talks-spokesperson"]
    first = len(server.answers)
    # A tiny context forces several chunks, each answered with its own part of the draft.
    settings = uncut(server).with_(context_tokens=1_700)
    brief = summarize(article.text, settings=settings, title=article.title)
    assert_grounded(brief)
    requests = server.requests[first:]
    assert len(requests) > 1
    for request, answer in zip(requests, server.answers[first:], strict=True):
        _name, content, _record = server.arguments(request)
        cited = {
            i
            for field in ("positions", "demands", "open_questions")
            for c in json.loads(content)[field]
            for i in c["sentences"]
        }
        shown = {
            int(line.split("]")[0][1:])
            for line in request["messages"][1]["content"].splitlines()
            if line.startswith("[")
        }
        assert cited <= shown
        assert answer.article == article.id


def test_usage_is_reported_truthfully(server: OracleServer) -> None:
    article = BY_ID["dam-settlement-spokesperson"]
    first = len(server.answers)
    brief = summarize(article.text, settings=uncut(server), title=article.title)
    answers = server.answers[first:]
    assert brief.meta.usage.completion_tokens == sum(a.completion_tokens for a in answers)
    assert answers[0].completion_tokens == tokens.count(answers[0].content)
    request = server.requests[first]
    expected = sum(tokens.count(m["content"]) for m in request["messages"])
    expected += tokens.count(json.dumps(request["tools"]))
    assert brief.meta.usage.prompt_tokens == expected


@pytest.mark.parametrize("mode", ["json", "json_schema", "md_json"])
def test_json_modes_get_plain_json_content(server: OracleServer, mode: str) -> None:
    article = BY_ID["steel-tariff-wire"]
    brief = summarize(article.text, settings=uncut(server, mode=mode), title=article.title)
    assert_grounded(brief)
    assert "tools" not in server.requests[-1]
    assert score_article(article, brief).strict_f1 == 1.0


def test_the_wire_format_follows_the_schema() -> None:
    """Every property the schema shows is written, in its order; null only where allowed."""
    from support.oracle_server import GoldIndex

    article = BY_ID["border-talks-spokesperson"]
    shown = [(i, s) for i, s in enumerate(article.text.split("\n\n"), 1)]
    located = GoldIndex([article]).locate(shown)
    assert located is not None
    draft, dropped = perfect_draft(located, shown)
    assert not dropped
    written = json.loads(draft_json(draft))
    schema = Draft.model_json_schema()
    assert list(written) == list(schema["properties"])
    demand = schema["$defs"]["DraftDemand"]["properties"]
    assert [k for k in demand if k in written["demands"][0]] == list(written["demands"][0])
    assert Draft.model_validate(written) == draft


def test_latency_and_concurrency_are_counted() -> None:
    article = BY_ID["border-talks-spokesperson"]
    with OracleServer([article], latency=0.3) as srv:
        threads = [threading.Thread(target=_post, args=(srv, _request(article))) for _ in range(4)]
        started = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - started
    assert len(srv.requests) == 4 and srv.max_in_flight == 4
    assert 0.3 <= wall < 1.0
