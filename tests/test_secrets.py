"""The API key never leaves the request header: not in output, files, logs or errors.

With ``OPENAI_API_KEY`` set to a recognisable fake and a loopback endpoint, the real
CLI (subprocesses, so ``.env`` loading and logging are the shipped ones) briefs an
article with and without ``--debug``, fails against a server that answers 500 and one
that answers 401 echoing the key in its error body, records an eval run with cassettes
and reports on it, and runs a batch with the SQLite cache. Then every byte written
under the test's directory (outputs, run files, cassettes, the cache database and its
journal files, reports) and everything printed is searched for the key. The server
checks that the key was really sent, so the search is not vacuous.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from support.chat_server import ChatServer

from summarizer import ProviderError, Settings, resolve_settings, summarize
from summarizer.settings import EMBEDDED_MODEL, Secret

ROOT = Path(__file__).resolve().parents[1]
KEY = "sk-test-SECRET-1234567890"
MARKERS = (KEY, "SECRET-1234567890")  # the whole key, and its tail on its own
ARTICLE = ROOT / "evals/suites/core/dockworkers-strike-wire.txt"
ADVERSARIAL = ROOT / "evals/suites/adversarial"


class EchoKey401:
    """A loopback endpoint that rejects the key and quotes it back, as real APIs do."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers.get("Authorization", "").removeprefix("Bearer ")
                outer.seen.append(key)
                body = json.dumps(
                    {
                        "error": {
                            "message": f"Incorrect API key provided: {key}. Check the key {key}.",
                            "type": "invalid_request_error",
                            "code": "invalid_api_key",
                        }
                    }
                ).encode()
                self.send_response(401)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def __enter__(self) -> EchoKey401:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _leaks(data: bytes | str) -> list[str]:
    raw = data if isinstance(data, bytes) else data.encode("utf-8", "surrogateescape")
    return [m for m in MARKERS if m.encode() in raw]


def _files(root: Path) -> Iterator[Path]:
    return (p for p in sorted(root.rglob("*")) if p.is_file())


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environment = dict(os.environ)
    environment.update(
        OPENAI_API_KEY=KEY,
        OPENAI_BASE_URL="",
        SUMMARIZER_MODEL="",
        XDG_CACHE_HOME=str(tmp_path / "xdg-cache"),  # the batch cache lands under tmp_path
    )
    return environment


def _start(args: list[str], env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "summarizer.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_the_key_appears_in_no_output_file_or_log(tmp_path: Path, env: dict[str, str]) -> None:
    out = tmp_path / "out"
    batch_in = tmp_path / "batch-in"
    batch_in.mkdir()
    for path in sorted(ADVERSARIAL.glob("*.txt"))[:3]:
        (batch_in / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    with ChatServer() as good, ChatServer() as dead, EchoKey401() as echo:
        dead.fail_next(*["500"] * 10)
        local = ["--base-url", good.base_url, "--model", "local"]
        runs = {
            "brief": _start(["brief", str(ARTICLE), *local, "-o", str(out / "brief.json")], env),
            "brief-debug": _start(
                ["--debug", "brief", str(ARTICLE), *local, "-f", "markdown"], env
            ),
            "brief-500": _start(
                ["brief", str(ARTICLE), "--base-url", dead.base_url, "--model", "local"], env
            ),
            "brief-401": _start(
                ["brief", str(ARTICLE), "--base-url", echo.base_url, "--model", "local"], env
            ),
            "brief-401-debug": _start(
                ["--debug", "brief", str(ARTICLE), "--base-url", echo.base_url, "--model", "local"],
                env,
            ),
            "eval-run": _start(
                [
                    "eval",
                    "run",
                    "--suite",
                    str(ADVERSARIAL),
                    *local,
                    "--record",
                    "--out",
                    str(out / "run.json"),
                    "--cassettes",
                    str(out / "cassettes"),
                ],
                env,
            ),
            "batch": _start(
                ["batch", str(batch_in), "-o", str(out / "batch.jsonl"), *local, "--quiet"], env
            ),
        }
        results = {name: (*p.communicate(timeout=300), p.returncode) for name, p in runs.items()}
        report = _start(
            ["eval", "report", str(out / "run.json"), "-o", str(out / "report.html")], env
        )
        results["eval-report"] = (*report.communicate(timeout=300), report.returncode)
        sent = [
            v
            for h in good.headers + dead.headers
            for k, v in h.items()
            if k.lower() == "authorization"
        ] + echo.seen

    # The key really went out, to every server, and nowhere else.
    assert len(sent) >= len(good.headers) + len(dead.headers) and all(KEY in s for s in sent)
    codes = {name: code for name, (_, _, code) in results.items()}
    assert codes == {
        "brief": 0,
        "brief-debug": 0,
        "brief-500": 6,
        "brief-401": 6,
        "brief-401-debug": 6,  # --debug adds a (scrubbed) traceback, keeps the exit code
        "eval-run": 0,
        "batch": 0,
        "eval-report": 0,
    }, {n: r[1][-500:] for n, r in results.items()}
    assert "HTTP 401" in results["brief-401"][1] and "***" in results["brief-401"][1]
    assert "HTTP 500" in results["brief-500"][1]
    assert "Traceback" in results["brief-401-debug"][1]

    for name, (stdout, stderr, _) in results.items():
        assert not _leaks(stdout), f"key in stdout of {name}"
        assert not _leaks(stderr), f"key in stderr of {name}: {stderr[-800:]}"

    written = list(_files(tmp_path))
    names = {p.name for p in written}
    assert {"brief.json", "run.json", "batch.jsonl", "report.html", "report.md"} <= names
    assert any(p.suffix == ".sqlite3" for p in written), "the batch cache was written"
    assert any("cassettes" in p.parts for p in written), "cassettes were recorded"
    for path in written:
        assert not _leaks(path.read_bytes()), f"key in {path.relative_to(tmp_path)}"


def test_the_key_is_not_in_logs_or_errors_in_process(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)  # every logger, the SDK's and httpx's included
    with ChatServer() as good:
        brief = summarize(
            ARTICLE.read_text(encoding="utf-8"),
            model="local",
            base_url=good.base_url,
            api_key=KEY,
            strategy="full",
        )
    assert not _leaks(brief.model_dump_json())
    with EchoKey401() as echo, pytest.raises(ProviderError) as info:
        summarize(
            ARTICLE.read_text(encoding="utf-8"),
            model="local",
            base_url=echo.base_url,
            api_key=KEY,
            strategy="full",
        )
    assert echo.seen == [KEY]
    err = info.value
    assert err.status == 401 and err.exit_code == 6
    for text in (str(err), repr(err), repr(err.data), str(err.last_output)):
        assert not _leaks(text), text
    assert "***" in str(err)
    assert not _leaks(caplog.text)
    assert caplog.records, "debug logging was on, so something was logged"


def test_settings_never_show_the_key() -> None:
    settings = resolve_settings(
        env={"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"}
    )
    assert settings.provider == "openai" and isinstance(settings.api_key, Secret)
    assert settings.api_key.reveal() == KEY
    shown = [
        repr(settings),
        str(settings),
        f"{settings}",
        repr(settings.with_(seed=1)),
        repr(settings.api_key),
        str(settings.api_key),
        f"{settings.api_key}",
        f"{settings.api_key:>40}",
        repr([settings]),
        repr({"s": settings}),
    ]
    for text in shown:
        assert not _leaks(text), text
    logger = logging.getLogger("summarizer.test_secrets")
    record = logger.makeRecord(
        logger.name,
        logging.INFO,
        __file__,
        1,
        "key=%s settings=%r",
        (settings.api_key, settings),
        None,
    )
    assert not _leaks(record.getMessage())


@pytest.mark.parametrize("environment", [{}, {"OPENAI_API_KEY": ""}, {"SUMMARIZER_MODEL": ""}])
def test_no_key_selects_the_offline_cue_engine(environment: dict[str, str]) -> None:
    settings = resolve_settings(env=environment)
    assert settings.provider == "heuristic" and settings.model != EMBEDDED_MODEL
    assert settings.api_key is None and settings.base_url is None
    assert resolve_settings(model=EMBEDDED_MODEL, env=environment) == Settings()


def test_dotenv_is_git_ignored_and_the_example_documents_every_variable() -> None:
    ignored = subprocess.run(["git", "check-ignore", "-q", ".env"], cwd=ROOT, check=False)
    assert ignored.returncode == 0, ".env must be git-ignored"
    assert (
        subprocess.run(
            ["git", "check-ignore", "-q", ".env.example"], cwd=ROOT, check=False
        ).returncode
        == 1
    ), ".env.example must be committed"
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert not _leaks(example)
    documented = {
        line.split("=", 1)[0].lstrip("# ").strip() for line in example.splitlines() if "=" in line
    }
    # Every variable the package reads by name.
    read = set()
    for path in (ROOT / "summarizer").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL", "XDG_CACHE_HOME"):
            if name in text:
                read.add(name)
    assert {"OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL"} <= read <= documented
    # A value in the example is a placeholder, never something that looks like a real key.
    assert "\nOPENAI_API_KEY=\n" in example and "sk-" not in example
