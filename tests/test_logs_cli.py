"""``summarizer logs`` and ``summarizer cache``: a brief's calls are logged, shown, priced.

Runs the real CLI in subprocesses against the loopback chat server, with the user cache
and data dirs pointed at a temporary folder (``XDG_CACHE_HOME``/``XDG_DATA_HOME``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.chat_server import ChatServer

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = ROOT / "examples" / "harbour-strike.txt"
KEY = "sk-test-logs-0123456789abcdef"


def _env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env.update(
        PYTHONPATH=str(ROOT),
        XDG_CACHE_HOME=str(home / "cache"),
        XDG_DATA_HOME=str(home / "data"),
        OPENAI_API_KEY=KEY,
        NO_COLOR="1",
    )
    return env


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args],
        env=_env(home),
        cwd=home,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def server():
    with ChatServer() as s:
        yield s


def _brief(home: Path, server: ChatServer, *extra: str) -> subprocess.CompletedProcess[str]:
    return _cli(
        home, "brief", str(ARTICLE), "--base-url", server.base_url, "--model", "gpt-4o-mini",
        "-f", "json", *extra,
    )  # fmt: skip


def test_a_brief_is_logged_listed_shown_and_priced(tmp_path: Path, server: ChatServer) -> None:
    done = _brief(tmp_path, server)
    assert done.returncode == 0, done.stderr
    listed = _cli(tmp_path, "logs", "--json")
    assert listed.returncode == 0, listed.stderr
    rows = json.loads(listed.stdout)
    assert len(rows) == 1
    row = rows[0]
    assert row["model"] == "gpt-4o-mini" and row["outcome"] == "ok"
    assert row["calls"] == len(server.requests) and row["prompt_tokens"] > 0
    assert row["cost"] is not None and row["cost"] > 0  # gpt-4o-mini has a list price
    table = _cli(tmp_path, "logs")
    assert row["id"] in table.stdout and "$" in table.stdout
    shown = json.loads(_cli(tmp_path, "logs", "show", row["id"][:6], "--json").stdout)
    sent = server.requests[0]["messages"]
    assert shown["calls"][0]["messages"] == sent, "the log holds the exact messages sent"
    assert shown["calls"][0]["prompts"], "template ids and hashes are kept"
    found = json.loads(_cli(tmp_path, "logs", "-q", "Port Kessel", "--json").stdout)
    assert [r["id"] for r in found] == [row["id"]]
    assert _cli(tmp_path, "logs", "-q", "no-such-words-anywhere", "--json").stdout.strip() == "[]"
    log_path = Path(_cli(tmp_path, "logs", "path").stdout.strip())
    assert log_path.is_relative_to(tmp_path / "data")
    blob = b"".join(p.read_bytes() for p in log_path.parent.iterdir() if p.is_file())
    assert KEY.encode() not in blob, "the API key never reaches the log"


def test_an_unknown_model_has_tokens_but_no_price(tmp_path: Path, server: ChatServer) -> None:
    done = _cli(tmp_path, "brief", str(ARTICLE), "--base-url", server.base_url, "-m", "local-x")
    assert done.returncode == 0, done.stderr
    row = json.loads(_cli(tmp_path, "logs", "--json").stdout)[0]
    assert row["cost"] is None and row["prompt_tokens"] > 0
    assert "n/a" in _cli(tmp_path, "logs").stdout


def test_brief_uses_the_cache_and_no_cache_skips_it(tmp_path: Path, server: ChatServer) -> None:
    assert _brief(tmp_path, server).returncode == 0
    asked = len(server.requests)
    again = _brief(tmp_path, server)
    assert again.returncode == 0 and len(server.requests) == asked, "answered from the cache"
    assert json.loads(again.stdout)["meta"]["cached_calls"] == asked
    assert _brief(tmp_path, server, "--no-cache").returncode == 0
    assert len(server.requests) == 2 * asked
    stats = json.loads(_cli(tmp_path, "cache", "stats", "--json").stdout)
    assert stats["entries"] >= asked
    cleared = _cli(tmp_path, "cache", "clear")
    assert cleared.returncode == 0 and "removed" in cleared.stderr
    assert json.loads(_cli(tmp_path, "cache", "stats", "--json").stdout)["entries"] == 0


def test_no_log_leaves_no_row(tmp_path: Path, server: ChatServer) -> None:
    assert _brief(tmp_path, server, "--no-log").returncode == 0
    assert json.loads(_cli(tmp_path, "logs", "--json").stdout) == []
