"""One set of model options for ``brief``, ``batch`` and ``eval run``, and what they do.

The options are checked where they land: the requests a loopback server receives
(temperature, seed, output budget), the files written, the lines on stderr.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from support import cli
from support.chat_server import ChatServer

from summarizer import Brief

ROOT = Path(__file__).resolve().parent.parent
HARBOUR = ROOT / "examples" / "harbour-strike.txt"
MODEL_OPTIONS = (
    "--model",
    "--base-url",
    "--model-path",
    "--strategy",
    "--mode",
    "--request-timeout",
    "--context-tokens",
    "--temperature",
    "--seed",
    "--max-output-tokens",
)
COMMANDS = {"brief": ["brief"], "batch": ["batch"], "eval run": ["eval", "run"]}


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> Any:
    return cli.run_cli(*args, cwd=cwd, env=env, timeout=180)


def _flags(help_text: str) -> set[str]:
    return set(re.findall(r"(?<![\w-])(--[a-z][a-z-]+)", help_text))


@pytest.fixture
def server() -> Iterator[ChatServer]:
    with ChatServer() as srv:
        yield srv


@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_model_command_offers_the_same_model_options(tmp_path: Path, command: str) -> None:
    result = run_cli(*COMMANDS[command], "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    flags = _flags(result.stdout)
    assert set(MODEL_OPTIONS) <= flags, set(MODEL_OPTIONS) - flags
    assert "--output" in flags and "--out" not in flags  # --out works, but hidden
    # batch's --concurrency is articles at once; brief's and eval's, model calls at once.
    assert "--concurrency" in flags


def test_the_options_have_one_help_text(tmp_path: Path) -> None:
    def lines(command: str) -> dict[str, str]:
        out = run_cli(*COMMANDS[command], "--help", cwd=tmp_path).stdout
        return {f: " ".join(out.split(f, 1)[1].split()[:6]) for f in MODEL_OPTIONS}

    assert lines("brief") == lines("batch") == lines("eval run")


def test_sampling_options_reach_the_endpoint(tmp_path: Path, server: ChatServer) -> None:
    result = run_cli(
        "brief", str(HARBOUR), "--model", "local", "--base-url", server.base_url, "--no-cache",
        "--temperature", "0.4", "--seed", "11", "--max-output-tokens", "3000", "-f", "json",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    Brief.model_validate_json(result.stdout)
    assert server.requests
    for request in server.requests:
        assert request["temperature"] == 0.4 and request["seed"] == 11
        assert request["max_tokens"] == 3000


def test_the_mode_option_changes_the_request(tmp_path: Path, server: ChatServer) -> None:
    result = run_cli(
        "brief", str(HARBOUR), "--model", "local", "--base-url", server.base_url, "--no-cache",
        "--mode", "json_schema", "-f", "json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert all("response_format" in r and not r.get("tools") for r in server.requests)


def test_a_short_request_timeout_recovers_from_a_hang_quickly(tmp_path: Path) -> None:
    # Timings on a shared machine vary by seconds, so the hang is long: only a client that
    # gave up after --request-timeout and retried finishes well before the hang ends.
    hang = 60
    with ChatServer(hang_seconds=hang) as srv:
        srv.fail_next("hang")
        start = time.monotonic()
        result = run_cli(
            "brief", str(HARBOUR), "--model", "local", "--base-url", srv.base_url, "--no-cache",
            "--request-timeout", "1", "-f", "json", cwd=tmp_path,
        )  # fmt: skip
        took = time.monotonic() - start
        asked = len(srv.requests)
    assert result.returncode == 0, result.stderr
    assert asked == 2 and took < hang, (asked, took)


def test_batch_takes_the_model_options(tmp_path: Path, server: ChatServer) -> None:
    articles = tmp_path / "in"
    articles.mkdir()
    shutil.copy(HARBOUR, articles / "a.txt")
    result = run_cli(
        "batch", str(articles), "-o", "out.jsonl", "--no-cache", "-q",
        "--model", "local", "--base-url", server.base_url,
        "--temperature", "0.5", "--seed", "3", "--max-output-tokens", "2000",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    record = json.loads((tmp_path / "out.jsonl").read_text(encoding="utf-8"))
    assert record["status"] == "ok"
    assert {(r["temperature"], r["seed"], r["max_tokens"]) for r in server.requests} == {
        (0.5, 3, 2000)
    }


def test_batch_takes_a_model_path(tmp_path: Path) -> None:
    result = run_cli(
        "batch", str(HARBOUR.parent), "-o", "out.jsonl", "--model-path", "nope.gguf",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip() == "error: model file not found: nope.gguf"


def _tiny_suite(tmp_path: Path) -> Path:
    suite = tmp_path / "suite"
    suite.mkdir()
    core = ROOT / "evals" / "suites" / "core"
    for path in core.glob("border-talks-spokesperson.*"):
        shutil.copy(path, suite / path.name)
    return suite


@pytest.mark.parametrize("flag", ["--output", "-o", "--out"])
def test_eval_run_writes_to_output_and_to_the_old_out(tmp_path: Path, flag: str) -> None:
    result = run_cli(
        "eval", "run", "--suite", str(_tiny_suite(tmp_path)), "--baseline", flag, "run.json",
        cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    run = json.loads((tmp_path / "run.json").read_text(encoding="utf-8"))
    assert [a["id"] for a in run["articles"]] == ["border-talks-spokesperson"]


def test_brief_also_takes_the_old_out(tmp_path: Path) -> None:
    result = run_cli("brief", str(HARBOUR), "--model", "heuristic", "--out", "b.json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    Brief.model_validate_json((tmp_path / "b.json").read_text(encoding="utf-8"))


USAGE = re.compile(
    r"^usage: ([\d,]+) prompt \+ ([\d,]+) completion = ([\d,]+) tokens in ([\d,]+) calls?; (.*)$"
)


def _usage_of(stderr: str) -> tuple[list[int], str]:
    lines = [ln for ln in stderr.splitlines() if ln.startswith("usage: ")]
    assert len(lines) == 1, stderr
    match = USAGE.match(lines[0])
    assert match, lines[0]
    return [int(g.replace(",", "")) for g in match.groups()[:4]], match.group(5)


@pytest.mark.parametrize("flag", ["-u", "--usage"])
def test_usage_prints_the_briefs_tokens_on_stderr(
    tmp_path: Path, server: ChatServer, flag: str
) -> None:
    result = run_cli(
        "brief", str(HARBOUR), "--model", "local", "--base-url", server.base_url, "--no-cache",
        "-f", "json", flag, cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    usage = Brief.model_validate_json(result.stdout).meta.usage
    numbers, cost = _usage_of(result.stderr)
    expected = [usage.prompt_tokens, usage.completion_tokens, usage.total_tokens, usage.calls]
    assert numbers == expected and usage.total_tokens > 0
    assert cost.startswith("cost unknown (no price for 'local'")  # never a made-up figure


def test_usage_shows_a_cost_for_a_priced_model(tmp_path: Path, server: ChatServer) -> None:
    result = run_cli(
        "brief", str(HARBOUR), "--model", "gpt-4o-mini", "--base-url", server.base_url,
        "--no-cache", "-f", "json", "-u", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    usage = Brief.model_validate_json(result.stdout).meta.usage
    _, cost = _usage_of(result.stderr)
    expected = (usage.prompt_tokens * 0.15 + usage.completion_tokens * 0.60) / 1e6
    assert cost == f"cost ${expected:.4f}"


def test_usage_prices_come_from_summarizer_prices(tmp_path: Path, server: ChatServer) -> None:
    result = run_cli(
        "brief", str(HARBOUR), "--model", "local", "--base-url", server.base_url, "--no-cache",
        "-f", "json", "-u", cwd=tmp_path, env={"SUMMARIZER_PRICES": "local=1000/2000"},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    usage = Brief.model_validate_json(result.stdout).meta.usage
    _, cost = _usage_of(result.stderr)
    assert (
        cost == f"cost ${(usage.prompt_tokens * 1000 + usage.completion_tokens * 2000) / 1e6:.4f}"
    )


def test_concurrency_is_accepted_and_checked(tmp_path: Path, server: ChatServer) -> None:
    result = run_cli(
        "brief", str(HARBOUR), "--model", "local", "--base-url", server.base_url, "--no-cache",
        "--concurrency", "2", "-f", "json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    Brief.model_validate_json(result.stdout)
    refused = run_cli("brief", str(HARBOUR), "--concurrency", "0", cwd=tmp_path)
    assert refused.returncode == 2 and "--concurrency" in refused.stderr


def test_model_options_become_settings() -> None:
    from summarizer.cli.options import ModeChoice, ModelOptions
    from summarizer.settings import resolve_settings

    given = ModelOptions(
        model="heuristic", mode=ModeChoice.json, request_timeout=5.0, context_tokens=4000,
        temperature=0.3, seed=5, max_output_tokens=900, concurrency=3,
    ).settings()  # fmt: skip
    assert (given.mode, given.limits.request_timeout_s, given.context_tokens) == ("json", 5.0, 4000)
    assert (given.temperature, given.seed, given.max_output_tokens, given.concurrency) == (
        0.3, 5, 900, 3,
    )  # fmt: skip
    # Options not given keep the settings' own defaults.
    assert ModelOptions(model="heuristic").settings() == resolve_settings(model="heuristic")


def test_strategy_heuristic_makes_no_model_call(tmp_path: Path, server: ChatServer) -> None:
    result = run_cli(
        "brief", str(HARBOUR), "--model", "local", "--base-url", server.base_url, "--no-cache",
        "--strategy", "heuristic", "-f", "json", cwd=tmp_path,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    brief = Brief.model_validate_json(result.stdout)
    assert brief.meta.strategy == "heuristic" and brief.claims()
    assert server.requests == []
