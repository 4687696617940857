"""A real llama.cpp server (``python -m llama_cpp.server``) as an OpenAI-compatible endpoint.

Serves the bundled SmolLM2 GGUF on a free loopback port and briefs an article through
the openai client in tools mode, as a user pointing ``--base-url`` at a local server
would. Needs llama-cpp-python's server extras (uvicorn, fastapi, sse-starlette,
starlette-context, pydantic-settings); skipped with the reason when they are missing.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from summarizer import Brief, resolve_settings, summarize
from summarizer.providers.embedded import default_model_path

pytestmark = pytest.mark.slow

SERVER_EXTRAS = ["uvicorn", "fastapi", "sse_starlette", "starlette_context", "pydantic_settings"]
STARTUP_TIMEOUT_S = 60.0

ARTICLE = """Tenants of the Brookfield estate began a rent strike on Monday.

The Brookfield Tenants' Association said rents had risen by 12 percent in a year while \
repairs were ignored. Its secretary, Alma Kovacs, demanded that Greyline Homes freeze rents \
until the lifts are fixed.

Greyline Homes director Victor Hale said the increase covered higher energy costs. He urged \
the association to call off the strike.

It is unclear whether the city council will intervene."""


def _missing_extras() -> list[str]:
    return [name for name in SERVER_EXTRAS if importlib.util.find_spec(name) is None]


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_ready(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(
                f"llama_cpp.server exited with {process.returncode}:\n{log.read_text()[-2000:]}"
            )
        try:
            if httpx.get(f"{base_url}/models", timeout=2.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(
        f"llama_cpp.server did not answer within {STARTUP_TIMEOUT_S:.0f} s:\n"
        + log.read_text()[-2000:]
    )


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    missing = _missing_extras()
    if missing:
        pytest.skip(
            f"llama_cpp.server needs its extras ({', '.join(missing)} not importable): "
            "pip install 'llama-cpp-python[server]'"
        )
    port = _free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable, "-m", "llama_cpp.server",
        "--model", str(default_model_path()),
        "--host", "127.0.0.1", "--port", str(port),
        "--n_ctx", "2048",
        # One thread: on a shared two-core machine, llama.cpp's spinning workers thrash.
        "--n_threads", "1",
        "--verbose", "False",
    ]  # fmt: skip
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI_")}
    with log.open("wb") as sink:
        process = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT, env=env)
    base_url = f"http://127.0.0.1:{port}/v1"
    try:
        _wait_until_ready(base_url, process, log)
        yield base_url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)


def test_guided_brief_through_a_llama_cpp_server_in_tools_mode(llama_server: str) -> None:
    settings = resolve_settings(model="local", base_url=llama_server, strategy="guided", env={})
    assert (settings.provider, settings.mode) == ("openai", "tools")
    brief = summarize(ARTICLE, settings=settings)

    assert Brief.model_validate_json(brief.model_dump_json()) == brief
    assert (brief.meta.provider, brief.meta.strategy) == ("openai", "guided")
    assert brief.meta.usage.calls >= 1
    # The server's grammar holds the labels to the enums: no label fell back to a cue default.
    assert brief.meta.fallbacks == 0
    assert brief.meta.usage.prompt_tokens > 0  # the server reports real token counts
    assert len(brief.claims()) >= 3
    for ev in brief.all_evidence():
        assert brief.sources[ev.source].text[ev.start : ev.end] == ev.quote
    names = {a.name for a in brief.actors}
    assert {"Alma Kovacs", "Greyline Homes", "Victor Hale"} <= names
