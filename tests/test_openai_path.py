"""The OpenAI-compatible path end to end, against a real loopback chat-completions server.

``tests/support/chat_server.py`` speaks the protocol over HTTP on 127.0.0.1 and injects
faults on demand, so these tests exercise the real openai client, instructor's re-asks
and our validators, with nothing mocked.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from typing import Any

import pytest
from support.chat_server import ChatServer, default_responder, requested_schema

from summarizer import Brief, Limits, ProviderError, SummarizerError, resolve_settings, summarize
from summarizer.settings import EMBEDDED_MODEL, Settings

ARTICLE = (
    "Mayor Lena Ortiz said the tram depot would close in May. "
    "Union leader Piet Aalders said the union would fight the closure. "
    "Aalders demanded that the council publish its figures. "
    "It is unclear whether the council will back down?"
)
KEY = "sk-test-SECRET-0123456789abcdef"


@pytest.fixture
def server() -> Iterator[ChatServer]:
    with ChatServer() as srv:
        yield srv


def _settings(server: ChatServer, **options: Any) -> Settings:
    # env={} so a developer's OPENAI_* variables never leak into the test.
    return resolve_settings(model="local", base_url=server.base_url, env={}, **options)


def assert_grounded(brief: Brief) -> None:
    """Every evidence span slices its source, and the brief survives a JSON round trip."""
    assert brief.claims(), "expected at least one claim"
    for ev in brief.all_evidence():
        assert brief.sources[ev.source].text[ev.start : ev.end] == ev.quote
    assert Brief.model_validate_json(brief.model_dump_json()) == brief


def test_full_strategy_in_tools_mode_gives_a_grounded_brief(server: ChatServer) -> None:
    brief = summarize(ARTICLE, settings=_settings(server, strategy="full"))
    assert_grounded(brief)
    assert (brief.meta.provider, brief.meta.strategy, brief.meta.model) == (
        "openai",
        "full",
        "local",
    )
    assert {a.name for a in brief.actors} >= {"Piet Aalders"}
    request = server.requests[0]
    assert request["tools"][0]["function"]["name"] == "Draft"
    assert request["model"] == "local"
    assert "[4] It is unclear" in request["messages"][-1]["content"]
    assert brief.meta.usage.calls == 1 and brief.meta.attempts == 1


def test_guided_strategy_through_the_server(server: ChatServer) -> None:
    brief = summarize(ARTICLE, settings=_settings(server, strategy="guided"))
    assert_grounded(brief)
    assert brief.meta.strategy == "guided"
    asked = [requested_schema(r)[0] for r in server.requests]
    assert asked and all(name.startswith(("Label", "ActorLabels")) for name in asked)
    assert brief.meta.usage.calls == len(server.requests)
    assert "guided_claim" in {p.id for p in brief.meta.prompts}


def test_json_schema_mode(server: ChatServer) -> None:
    brief = summarize(ARTICLE, settings=_settings(server, strategy="full", mode="json_schema"))
    assert_grounded(brief)
    request = server.requests[0]
    assert "tools" not in request
    assert request["response_format"]["type"] == "json_schema"
    assert request["response_format"]["json_schema"]["name"] == "Draft"


def test_bad_schema_once_is_re_asked_and_usage_is_summed(server: ChatServer) -> None:
    server.fail_next("bad_schema")
    brief = summarize(ARTICLE, settings=_settings(server, strategy="full"))
    assert_grounded(brief)
    assert len(server.requests) == 2
    assert brief.meta.attempts == 2
    # The usage the server reported for each attempt, recomputed from what it received.
    expected = [
        server.completion(server.requests[0], "bad_schema")["usage"],
        server.completion(server.requests[1], "ok")["usage"],
    ]
    usage = brief.meta.usage
    assert usage.calls == 2
    assert usage.prompt_tokens == sum(u["prompt_tokens"] for u in expected)
    assert usage.completion_tokens == sum(u["completion_tokens"] for u in expected)
    assert usage.total_tokens == usage.prompt_tokens + usage.completion_tokens
    # The re-ask tells the model what was wrong.
    assert "unexpected" in json.dumps(server.requests[1]["messages"][-1]).lower()


class OutOfRangeOnce:
    """A responder whose first Draft cites a sentence the article does not have."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        self.calls += 1
        draft = default_responder(request)
        if self.calls == 1:
            actor = draft["actors"][0]["id"]
            draft["positions"] = [{"actor": actor, "stance": "Invented", "sentences": [2, 99]}]
        return draft


def test_an_out_of_range_sentence_id_is_re_asked() -> None:
    responder = OutOfRangeOnce()
    with ChatServer(responder) as server:
        brief = summarize(ARTICLE, settings=_settings(server, strategy="full"))
        reask = json.dumps(server.requests[1]["messages"][2:])
    assert responder.calls == 2
    assert "sentence ids [99] are not in the article (use 1 to 4)" in reask
    assert brief.meta.attempts == 2 and brief.meta.usage.calls == 2
    assert_grounded(brief)
    assert "Invented" not in brief.model_dump_json()


def test_out_of_range_every_time_fails_with_extraction_error() -> None:
    def always_bad(request: dict[str, Any]) -> dict[str, Any]:
        draft = default_responder(request)
        draft["open_questions"] = [{"question": "q", "why_open": "", "sentences": [0]}]
        return draft

    with ChatServer(always_bad) as server:
        settings = _settings(server, strategy="full")
        with pytest.raises(SummarizerError) as info:
            summarize(ARTICLE, settings=settings)
        attempts = len(server.requests)
    assert info.value.exit_code == 9
    assert attempts == settings.limits.reasks + 1
    assert "no valid output after" in str(info.value)


def test_authorization_header_carries_the_key_but_the_brief_does_not(server: ChatServer) -> None:
    brief = summarize(ARTICLE, settings=_settings(server, strategy="full", api_key=KEY))
    headers = {k.lower(): v for k, v in server.headers[0].items()}
    assert headers["authorization"] == f"Bearer {KEY}"
    assert KEY not in brief.model_dump_json()
    assert KEY not in repr(_settings(server, api_key=KEY))


def test_the_key_never_appears_in_exception_text(server: ChatServer) -> None:
    server.fail_next(*["500"] * 10)
    settings = _settings(server, strategy="full", api_key=KEY)
    settings = settings.with_(limits=Limits(transport_attempts=2, transport_max_wait_s=0.1))
    with pytest.raises(ProviderError) as info:
        summarize(ARTICLE, settings=settings)
    assert "HTTP 500" in str(info.value)
    for text in (str(info.value), repr(info.value), repr(info.value.args), repr(info.value.data)):
        assert KEY not in text


class KeyEchoServer(ChatServer):
    """Answers 401 with the presented key in the message, as real providers do."""

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        base: Any = super()._handler()

        class Handler(base):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers.get("Authorization", "").removeprefix("Bearer ")
                error = {
                    "message": f"Incorrect API key provided: {key}.",
                    "type": "invalid_request_error",
                }
                self._send(401, json.dumps({"error": error}).encode())

        return Handler


def test_a_key_echoed_by_the_server_is_redacted_from_the_error() -> None:
    with KeyEchoServer() as server:
        settings = _settings(server, strategy="full", api_key=KEY)
        with pytest.raises(ProviderError) as info:
            summarize(ARTICLE, settings=settings)
    assert info.value.status == 401
    assert "Incorrect API key provided: ***" in str(info.value)
    # Not even the chained causes a --debug traceback would print carry the key.
    trace = "".join(traceback.format_exception(info.value))
    for text in (str(info.value), repr(info.value), repr(info.value.args), trace):
        assert KEY not in text


def test_environment_variables_are_honoured(server: ChatServer) -> None:
    env = {
        "OPENAI_BASE_URL": server.base_url,
        "OPENAI_API_KEY": KEY,
        "SUMMARIZER_MODEL": "env-model",
    }
    settings = resolve_settings(env=env, strategy="full")
    assert settings.provider == "openai"
    assert (settings.base_url, settings.model) == (server.base_url, "env-model")
    assert settings.api_key is not None and settings.api_key.reveal() == KEY
    brief = summarize(ARTICLE, settings=settings)
    assert_grounded(brief)
    assert server.requests[0]["model"] == "env-model"
    assert {k.lower(): v for k, v in server.headers[0].items()}["authorization"] == f"Bearer {KEY}"


def test_explicit_arguments_win_over_the_environment() -> None:
    env = {
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1",
        "OPENAI_API_KEY": "env-key",
        "SUMMARIZER_MODEL": "m",
    }
    settings = resolve_settings(
        model="other", base_url="http://127.0.0.1:8/v1", api_key="arg", env=env
    )
    assert (settings.model, settings.base_url, settings.api_key.reveal()) == (
        "other",
        "http://127.0.0.1:8/v1",
        "arg",
    )


def test_a_base_url_alone_is_enough_for_a_keyless_local_server() -> None:
    settings = resolve_settings(env={"OPENAI_BASE_URL": "http://127.0.0.1:8/v1"})
    assert settings.provider == "openai" and settings.api_key is None
    assert settings.effective_strategy == "full"


def test_no_key_and_no_base_url_selects_the_cue_engine() -> None:
    settings = resolve_settings(env={})
    assert settings.provider == "heuristic"
    assert settings.effective_strategy == "heuristic"
    # The embedded model runs when asked for by name.
    embedded = resolve_settings(env={"SUMMARIZER_MODEL": EMBEDDED_MODEL})
    assert embedded.provider == "embedded" and embedded.model == EMBEDDED_MODEL
    assert embedded.effective_strategy == "guided"
    assert resolve_settings(model=EMBEDDED_MODEL, env={}).provider == "embedded"
