"""The fault matrix: every fault the loopback ChatServer can inject, one at a time and for good.

For each fault: (a) a single occurrence is recovered within the retry budget when it is
recoverable, (b) a persistent one ends in the right error class with its attempts and
the usage the server reported, and (c) through the real CLI in a subprocess it gives one
line on stderr, a distinct exit code and no traceback. Total retry time is bounded by
``Limits.transport_total_s`` and re-asks by ``Limits.token_budget``. The table these
tests pin down is written out in the README (Reliability).

Everything runs against a real HTTP server on 127.0.0.1; nothing is mocked.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from support.chat_server import FAULTS, ChatServer

from summarizer import (
    Brief,
    ExtractionError,
    Limits,
    OutputLengthError,
    ProviderError,
    ProviderTimeoutError,
    RateLimitError,
    TokenBudgetError,
    summarize,
)
from summarizer.schema import Usage

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = (ROOT / "evals/suites/core/dockworkers-strike-wire.txt").read_text(encoding="utf-8")

# Short timeouts and waits keep the matrix fast while exercising the same code paths.
FAST = Limits(request_timeout_s=0.5, transport_max_wait_s=0.3, transport_total_s=10.0)
HANG_S = 2.0  # longer than FAST.request_timeout_s: a hang is a read timeout to the client


class RecordingServer(ChatServer):
    """A ChatServer that also notes when each request arrived and the usage it sent back."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.arrivals: list[float] = []
        self.sent_usage: list[dict[str, int]] = []

    def _next_fault(self) -> str:
        self.arrivals.append(time.monotonic())
        return super()._next_fault()

    def completion(self, request: dict[str, Any], fault: str) -> dict[str, Any]:
        body = super().completion(request, fault)
        self.sent_usage.append(body["usage"])
        return body


def _summed(usages: list[dict[str, int]]) -> dict[str, int]:
    total = Usage()
    for u in usages:
        total = total + Usage(**u, calls=1)
    return total.model_dump()


def _brief(server: ChatServer, limits: Limits = FAST, **options: Any) -> Brief:
    return summarize(
        ARTICLE,
        model="local",
        base_url=server.base_url,
        api_key="sk-local-test",
        strategy="full",
        limits=limits,
        **options,
    )


@dataclass(frozen=True)
class Expected:
    """What a persistent fault must end in."""

    error: type[ProviderError]
    exit_code: int
    message: str  # a fragment the one-line message must contain
    attempts: int
    server_usage: bool  # the server sends usage with this fault, so it must be summed


# Persistent faults. Transport faults use every transport attempt (4); schema-breaking
# JSON uses every re-ask (1 + Limits.reasks = 3). Truncation is not re-asked (at
# temperature 0 the same request is cut off at the same place again): the chunk is split
# instead, down to single sentences (tested on its own below).
PERSISTENT: dict[str, Expected] = {
    "429": Expected(RateLimitError, 7, "rate limited after 4 attempts", 4, False),
    "500": Expected(ProviderError, 6, "HTTP 500 after 4 attempts", 4, False),
    "503": Expected(ProviderError, 6, "HTTP 503 after 4 attempts", 4, False),
    "reset": Expected(ProviderError, 6, "connection error after 4 attempts", 4, False),
    "hang": Expected(ProviderTimeoutError, 8, "no answer within the timeout", 4, False),
    "invalid_json": Expected(ProviderError, 6, "invalid JSON after 4 attempts", 4, False),
    "bad_schema": Expected(ExtractionError, 9, "no valid output after 3 attempts", 3, True),
    "truncated": Expected(OutputLengthError, 14, "alone does not fit", 0, True),
    "empty_choices": Expected(ProviderError, 6, "empty 'choices' list after 4 attempts", 4, True),
}
RECOVERABLE = sorted(set(FAULTS) - {"truncated"})


def test_the_matrix_covers_every_fault_the_server_knows() -> None:
    assert set(PERSISTENT) == set(FAULTS)


# ---------------------------------------------------------------- (a) one fault, recovered


@pytest.mark.parametrize("fault", RECOVERABLE)
def test_a_single_fault_is_recovered(fault: str) -> None:
    with RecordingServer(hang_seconds=HANG_S) as server:
        server.fail_next(fault)
        brief = _brief(server)
    assert brief.actors and brief.claims(), "the retried answer must still make a brief"
    assert len(server.requests) == 2, "one failed request, one good one: no extra calls"
    # Usage counts every answer the server billed, the failed one included when it had usage.
    assert brief.meta.usage.total_tokens == _summed(server.sent_usage)["total_tokens"]
    if fault == "bad_schema":
        assert brief.meta.attempts == 2  # a validation re-ask, recorded as a model attempt


def test_a_single_truncated_answer_is_split_in_two_and_every_attempt_is_counted() -> None:
    with RecordingServer() as server:
        server.fail_next("truncated")
        brief = _brief(server)
    assert brief.actors and brief.claims()
    assert len(server.requests) == 3, "the cut-off request, then one for each half"
    assert brief.meta.chunks == 2
    # The cut-off answer was billed: it is in the brief's usage and attempts.
    assert brief.meta.usage == Usage(**_summed(server.sent_usage))
    assert brief.meta.attempts == 3


def test_answers_cut_off_down_to_one_sentence_fail_cleanly_with_advice() -> None:
    with RecordingServer() as server:
        server.fail_next(*["truncated"] * 10_000)
        with pytest.raises(OutputLengthError, match="alone does not fit") as info:
            _brief(server, concurrency=1)
    err = info.value
    assert err.exit_code == 14 and "max_output_tokens" in str(err) and "\n" not in str(err)
    # Every cut-off answer that came back counts (calls still in flight when the
    # single-sentence failure ends the brief are cancelled, their answers never read).
    answered = err.usage["calls"]
    assert 2 < answered <= len(server.requests) and err.attempts == answered
    assert err.usage["total_tokens"] > 0


def test_429_waits_for_retry_after_not_the_backoff() -> None:
    # The server says Retry-After: 0.2; the exponential backoff would wait 0.5 s or more.
    limits = Limits(request_timeout_s=2.0, transport_max_wait_s=5.0, transport_total_s=10.0)
    with RecordingServer() as server:
        server.fail_next("429")
        _brief(server, limits)
    gap = server.arrivals[1] - server.arrivals[0]
    assert 0.2 <= gap < 0.5, gap


def test_a_reset_is_a_connection_error_not_a_timeout() -> None:
    with RecordingServer() as server:
        server.fail_next(*["reset"] * 4)
        with pytest.raises(ProviderError) as info:
            _brief(server)
    assert not isinstance(info.value, ProviderTimeoutError)
    assert "connection error" in str(info.value)
    assert "timeout" not in str(info.value).lower()


def test_empty_choices_has_a_clear_message() -> None:
    with RecordingServer() as server:
        server.fail_next(*["empty_choices"] * 4)
        with pytest.raises(ProviderError) as info:
            _brief(server)
    assert "index out of range" not in str(info.value)
    assert "empty 'choices'" in str(info.value)


# ---------------------------------------------------------------- (b) persistent, clean failure


@pytest.mark.parametrize("fault", sorted(set(PERSISTENT) - {"truncated"}))
def test_a_persistent_fault_fails_cleanly(fault: str) -> None:
    expected = PERSISTENT[fault]
    with RecordingServer(hang_seconds=HANG_S) as server:
        server.fail_next(*[fault] * 20)
        with pytest.raises(ProviderError) as info:
            _brief(server)
    err = info.value
    assert type(err) is expected.error, f"{fault}: {type(err).__name__}: {err}"
    assert err.exit_code == expected.exit_code
    assert expected.message in str(err)
    assert "\n" not in str(err)
    assert err.attempts == expected.attempts
    assert len(server.requests) == expected.attempts, "no request beyond the budget"
    if expected.server_usage:
        assert err.usage == _summed(server.sent_usage)
        assert err.usage["total_tokens"] > 0
    else:
        assert not err.usage or err.usage.get("total_tokens", 0) == 0


def test_transport_faults_after_a_reask_still_report_the_earlier_usage() -> None:
    # Attempt 1 is answered (schema-breaking, billed); the re-ask then meets a dead server.
    with RecordingServer() as server:
        server.fail_next("bad_schema", *["500"] * 4)
        with pytest.raises(ProviderError) as info:
            _brief(server)
    assert info.value.status == 500
    assert info.value.usage == _summed(server.sent_usage)
    assert info.value.usage["total_tokens"] > 0


# ---------------------------------------------------------------- bounds


def test_total_retry_time_is_bounded_by_transport_total_s() -> None:
    # Plenty of attempts allowed: only the time budget can stop the loop.
    limits = Limits(
        request_timeout_s=0.3,
        transport_attempts=1000,
        transport_max_wait_s=0.5,
        transport_total_s=1.5,
    )
    with RecordingServer(hang_seconds=HANG_S) as server:
        server.fail_next(*["hang"] * 1000)
        started = time.monotonic()
        with pytest.raises(ProviderTimeoutError):
            _brief(server, limits)
        elapsed = time.monotonic() - started
    # No wait starts that would end past the budget, so at most one request runs over.
    assert elapsed < limits.transport_total_s + limits.request_timeout_s + 0.5, elapsed
    assert 2 <= len(server.requests) < 10


def test_persistent_5xx_with_a_huge_attempt_limit_stops_on_time() -> None:
    limits = Limits(
        request_timeout_s=1.0,
        transport_attempts=10_000,
        transport_max_wait_s=0.2,
        transport_total_s=1.0,
    )
    with RecordingServer() as server:
        server.fail_next(*["503"] * 10_000)
        started = time.monotonic()
        with pytest.raises(ProviderError, match="HTTP 503"):
            _brief(server, limits)
        elapsed = time.monotonic() - started
    assert elapsed < limits.transport_total_s + 1.0, elapsed
    assert len(server.requests) < 20


def _bloated_bad_schema(request: dict[str, Any]) -> dict[str, Any]:
    # Schema-breaking JSON that costs about 10,000 completion tokens per answer.
    del request
    return {"unexpected": "x" * 40_000}


def test_reasks_are_bounded_by_the_token_budget() -> None:
    limits = Limits(request_timeout_s=5.0, reasks=10, token_budget=25_000)
    with RecordingServer(_bloated_bad_schema) as server, pytest.raises(TokenBudgetError) as info:
        _brief(server, limits)
    err = info.value
    assert err.exit_code == 10
    assert err.attempts < 1 + limits.reasks, "the budget, not the attempt limit, stopped it"
    assert err.attempts == len(server.requests) == 3
    assert err.usage == _summed(server.sent_usage)
    assert err.usage["total_tokens"] >= limits.token_budget
    assert err.last_output and "unexpected" in err.last_output


# ---------------------------------------------------------------- (c) through the CLI


def _cli_env() -> dict[str, str]:
    env = dict(os.environ)
    # Empty values shadow anything a developer's .env would add (load_dotenv never overrides).
    env.update(OPENAI_API_KEY="", OPENAI_BASE_URL="", SUMMARIZER_MODEL="")
    return env


def _huge_bad_schema(request: dict[str, Any]) -> dict[str, Any]:
    del request
    return {"unexpected": "x" * 200_000}  # ~50,000 tokens an answer; the default budget is 60,000


# The CLI uses the default Limits (60 s request timeout), so a hang would take 4 minutes
# there; the timeout row is covered through the API above (exit code 8).
CLI_CASES: dict[str, tuple[tuple[str, ...], Any, int, str]] = {
    fault: ((fault,) * 20, None, PERSISTENT[fault].exit_code, PERSISTENT[fault].message)
    for fault in sorted(set(PERSISTENT) - {"hang"})
}
CLI_CASES["token_budget"] = ((), _huge_bad_schema, 10, "token budget of 60000 spent")
# Each subprocess pays about 5 s of imports, so only one fault per error class runs that
# way; every fault runs through the same ``main()`` in-process below.
SUBPROCESS_CASES = ("429", "reset", "bad_schema", "token_budget")


def _cli_args(article: Path, server: ChatServer) -> list[str]:
    return [
        "brief",
        str(article),
        "--base-url",
        server.base_url,
        "--model",
        "local",
        "--strategy",
        "full",
    ]


def _check_one_line(name: str, code: int, out: str, err: str) -> None:
    _, _, want_code, fragment = CLI_CASES[name]
    lines = err.strip().splitlines()
    assert code == want_code, f"{name}: exit {code}, stderr {err!r}"
    assert len(lines) == 1, f"{name}: stderr must be one line, got {err!r}"
    assert lines[0].startswith("error: ") and fragment in lines[0], f"{name}: {lines[0]!r}"
    assert "Traceback" not in err and out == ""


@pytest.mark.parametrize("name", sorted(CLI_CASES))
def test_cli_main_gives_one_line_and_a_distinct_exit_code(
    name: str, tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarizer.cli import main

    for var, value in _cli_env().items():
        monkeypatch.setenv(var, value)
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    faults, responder, _, _ = CLI_CASES[name]
    with ChatServer(responder) if responder else ChatServer() as server:
        server.fail_next(*faults)
        code = main(_cli_args(article, server))
    out, err = capfd.readouterr()
    _check_one_line(name, code, out, err)


def test_cli_subprocess_gives_one_line_and_a_distinct_exit_code(tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    servers: dict[str, ChatServer] = {}
    procs: dict[str, subprocess.Popen[str]] = {}
    try:
        for name in SUBPROCESS_CASES:
            faults, responder, _, _ = CLI_CASES[name]
            server = ChatServer(responder) if responder else ChatServer()
            servers[name] = server.__enter__()
            server.fail_next(*faults)
            procs[name] = subprocess.Popen(
                [sys.executable, "-m", "summarizer.cli", *_cli_args(article, server)],
                cwd=ROOT,
                env=_cli_env(),
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        results = {name: p.communicate(timeout=180) for name, p in procs.items()}
        codes = {name: p.returncode for name, p in procs.items()}
    finally:
        for p in procs.values():
            if p.poll() is None:
                p.kill()
        for server in servers.values():
            server.__exit__(None, None, None)
    for name, (out, err) in results.items():
        _check_one_line(name, codes[name], out, err)
