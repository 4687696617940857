"""Failures a user can cause come out as one line with their own exit code, never as an
"unexpected ... rerun with --debug" (exit 1); and ``--debug`` never shows the API key.

Read-only directories and a full disk are real: when the tests run as root (which
ignores permission bits), the CLI runs inside a user namespace where a directory is
bind-mounted read-only or a 4 KiB tmpfs is mounted; as another user, ``chmod`` does.
"""

from __future__ import annotations

import json
import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from support.chat_server import ChatServer, LoopbackServer, draft_for

ROOT = Path(__file__).resolve().parent.parent
HARBOUR = ROOT / "examples" / "harbour-strike.txt"
KEY = "sk-cli-test-KEY-0123456789abcdefSECRET"
KEY_TAIL = "0123456789abcdefSECRET"
OUTPUT_ERROR = 15


def _env(**extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "SUMMARIZER_")) and k != "PYTHONPATH"
    }
    return {**env, "PYTHONPATH": str(ROOT), "NO_COLOR": "1", **extra}


def _argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "summarizer", *args]


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None, **kw: Any) -> Any:
    return subprocess.run(
        _argv(*args),
        cwd=cwd,
        env=env or _env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        **kw,
    )


def one_line(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ") and "unexpected" not in lines[0], lines[0]
    assert "Traceback" not in result.stderr
    return lines[0]


# --------------------------------------------------------------------- usage errors


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["brief", str(HARBOUR), "--modle", "heuristic"], "No such option: --modle"),
        (["brief"], "Missing argument"),
        (["brief", str(HARBOUR), "--temperature", "hot"], "'--temperature'"),
        (["brief", str(HARBOUR), "-f", "pdf"], "'--format'"),
        (["briefs", str(HARBOUR)], "No such command 'briefs'"),
        (["eval", "run", "--suite", "core"], "'--output'"),
        (["batch", "somewhere"], "'--output'"),
    ],
    ids=[
        "mistyped-option",
        "missing-argument",
        "bad-number",
        "bad-choice",
        "bad-command",
        "eval-run-no-output",
        "batch-no-output",
    ],
)
def test_usage_errors_are_one_line_with_exit_2(
    tmp_path: Path, args: list[str], expected: str
) -> None:
    line = one_line(run_cli(*args, cwd=tmp_path), 2)
    assert expected in line and "--help" in line


def test_a_mistyped_option_suggests_the_right_one(tmp_path: Path) -> None:
    line = one_line(run_cli("brief", str(HARBOUR), "--modle", "x", cwd=tmp_path), 2)
    assert "--model" in line.split("--modle", 1)[1]


# --------------------------------------------------------------------- eval files


@pytest.mark.parametrize(
    "args",
    [
        ["eval", "report", "missing.json"],
        ["eval", "report", "run.json", "--against", "missing.json"],
        ["eval", "compare", "missing.json", "run.json"],
        ["eval", "promote", "missing.json"],
    ],
    ids=["report", "report-against", "compare", "promote"],
)
def test_eval_commands_on_a_missing_run_file_exit_3(tmp_path: Path, args: list[str]) -> None:
    (tmp_path / "run.json").write_text("{}", encoding="utf-8")  # exists, but not a run
    line = one_line(run_cli(*args, cwd=tmp_path), 3)
    assert "missing.json" in line or "run.json" in line


def test_eval_report_on_a_file_that_is_not_a_run_exits_3(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text('{"hello": 1}', encoding="utf-8")
    line = one_line(run_cli("eval", "report", "notes.json", cwd=tmp_path), 3)
    assert "notes.json is not a readable run file" in line
    assert not (tmp_path / "report.html").exists()


# --------------------------------------------------------------------- read-only, full disk


def _userns_ok() -> bool:
    if shutil.which("unshare") is None:
        return False
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True, check=False)
    return probe.returncode == 0


AS_ROOT = os.geteuid() == 0
USERNS = AS_ROOT and _userns_ok()


def run_in(setup: str, *args: str, cwd: Path, env: dict[str, str] | None = None) -> Any:
    """Run the CLI after ``setup`` (shell mount commands) in a private mount namespace."""
    script = f"{setup} && exec {shlex.join(_argv(*args))}"
    return subprocess.run(
        ["unshare", "-rm", "sh", "-c", script],
        cwd=cwd,
        env=env or _env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def read_only_dir(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A read-only directory, and the shell setup that makes it so (or "true")."""
    ro = tmp_path / "ro"
    ro.mkdir()
    if not AS_ROOT:
        ro.chmod(0o555)
        yield ro, "true"
        ro.chmod(0o755)
    elif USERNS:
        yield ro, f"mount --bind {ro} {ro} && mount -o remount,bind,ro {ro}"
    else:
        pytest.skip("running as root without user namespaces: no way to make a read-only dir")


def _runner(setup: str) -> Any:
    if setup == "true":
        return lambda *args, **kw: run_cli(*args, **kw)
    return lambda *args, **kw: run_in(setup, *args, **kw)


@pytest.fixture
def server() -> Iterator[ChatServer]:
    with ChatServer() as srv:
        yield srv


@pytest.mark.parametrize("command", ["brief", "batch", "eval-run"])
def test_a_read_only_output_directory_fails_before_any_model_work(
    tmp_path: Path, read_only_dir: tuple[Path, str], server: ChatServer, command: str
) -> None:
    ro, setup = read_only_dir
    model = ["--model", "local", "--base-url", server.base_url]
    args = {
        "brief": ["brief", str(HARBOUR), *model, "-o", str(ro / "out.json")],
        "batch": ["batch", str(HARBOUR.parent), *model, "-o", str(ro / "out.jsonl"), "-q"],
        "eval-run": [
            "eval",
            "run",
            "--suite",
            str(ROOT / "evals/suites/core"),
            *model,
            "--output",
            str(ro / "run.json"),
        ],
    }[command]
    line = one_line(_runner(setup)(*args, cwd=tmp_path), OUTPUT_ERROR)
    assert str(ro) in line and ("read-only" in line or "permission denied" in line), line
    assert server.requests == []  # checked before the first model call
    assert list(ro.iterdir()) == []


def test_a_full_disk_is_a_clean_error(tmp_path: Path) -> None:
    if not USERNS:
        pytest.skip("needs root and user namespaces to mount a tiny tmpfs")
    disk = tmp_path / "disk"
    disk.mkdir()
    result = run_in(
        f"mount -t tmpfs -o size=4k tmpfs {disk}",
        "brief",
        str(HARBOUR),
        "--model",
        "heuristic",
        "-f",
        "json",
        "-o",
        str(disk / "b.json"),
        cwd=tmp_path,
    )
    line = one_line(result, OUTPUT_ERROR)
    assert "no space left" in line and "b.json" in line


def test_an_output_on_a_full_device_is_written_in_place_and_fails_cleanly(tmp_path: Path) -> None:
    # A symlink to /dev/full: the old atomic write replaced the link and "succeeded".
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    (tmp_path / "full.json").symlink_to("/dev/full")
    result = run_cli("brief", str(HARBOUR), "--model", "heuristic", "-o", "full.json", cwd=tmp_path)
    line = one_line(result, OUTPUT_ERROR)
    assert "no space left" in line
    assert (tmp_path / "full.json").is_symlink()


def test_stdout_on_a_full_device_is_a_clean_error(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            _argv("brief", str(HARBOUR), "--model", "heuristic", "-f", "json"),
            cwd=tmp_path,
            env=_env(),
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=120,
            check=False,
        )
    assert result.returncode == OUTPUT_ERROR, result.stderr
    assert result.stderr.strip().splitlines() == [
        "error: cannot write standard output: no space left on the device"
    ]


def test_an_output_that_is_a_directory_exits_15(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    line = one_line(
        run_cli("brief", str(HARBOUR), "--model", "heuristic", "-o", "out", cwd=tmp_path),
        OUTPUT_ERROR,
    )
    assert "is a directory" in line


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    proc = subprocess.Popen(
        _argv("schema"), cwd=tmp_path, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Traceback" not in err and "error" not in err


# --------------------------------------------------------------------- the key and --debug


class EchoKeyServer(LoopbackServer):
    """Answers 401 and quotes the key it was sent, twice, as real APIs do."""

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def do_POST(self) -> None:
                self.rfile.read(int(self.headers.get("Content-Length", 0)))
                key = self.headers.get("Authorization", "").removeprefix("Bearer ")
                body = json.dumps(
                    {
                        "error": {
                            "message": f"Incorrect API key provided: {key}; key={key}",
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

        return Handler


def _key_echoing_answers(server: ChatServer) -> Any:
    """A responder whose Draft names the key as an actor and summary: it breaks validation."""

    def respond(request: dict[str, Any]) -> dict[str, Any]:
        headers = {k.lower(): v for k, v in server.headers[-1].items()}
        key = headers.get("authorization", "").removeprefix("Bearer ")
        text = "\n".join(str(m.get("content", "")) for m in request["messages"])
        draft = draft_for(text)
        draft["summary"] = f"the key is {key}"
        draft["actors"].append({"id": "k", "name": key, "kind": "person", "aliases": [key]})
        return draft

    return respond


def _assert_no_key(result: subprocess.CompletedProcess[str]) -> None:
    for stream in (result.stdout, result.stderr):
        assert KEY not in stream and KEY_TAIL not in stream, stream[-3000:]


@pytest.mark.parametrize("debug", [True, False], ids=["debug", "no-debug"])
def test_a_key_echoed_in_a_401_body_never_prints(tmp_path: Path, debug: bool) -> None:
    with EchoKeyServer() as echo:
        args = [
            "brief",
            str(HARBOUR),
            "--model",
            "local",
            "--base-url",
            echo.base_url,
            "--no-cache",
        ]
        result = run_cli(
            *(["--debug"] if debug else []), *args, cwd=tmp_path, env=_env(OPENAI_API_KEY=KEY)
        )
    assert result.returncode == 6, result.stderr
    _assert_no_key(result)
    assert "***" in result.stderr  # the echo was there, and masked
    if debug:
        assert "Traceback (most recent call last)" in result.stderr
        assert "DEBUG:" in result.stderr
    errors = [ln for ln in result.stderr.splitlines() if ln.startswith("error: ")]
    assert len(errors) == 1 and errors[0].startswith("error: HTTP 401"), result.stderr[-2000:]


def test_a_key_echoed_in_a_schema_breaking_answer_never_prints_with_debug(
    tmp_path: Path,
) -> None:
    with ChatServer() as srv:
        srv.responder = _key_echoing_answers(srv)
        result = run_cli(
            "--debug",
            "brief",
            str(HARBOUR),
            "--model",
            "local",
            "--base-url",
            srv.base_url,
            "--strategy",
            "full",
            "--no-cache",
            cwd=tmp_path,
            env=_env(OPENAI_API_KEY=KEY),
        )
        sent = {v for h in srv.headers for k, v in h.items() if k.lower() == "authorization"}
    assert sent == {f"Bearer {KEY}"}  # the key really went out, so the search is not vacuous
    _assert_no_key(result)
    assert "***" in result.stderr and "DEBUG:" in result.stderr
