"""The command line as a user runs it: a subprocess, real files, real stdin, real servers.

Each run gets an explicit environment without ``OPENAI_*`` or ``SUMMARIZER_*`` variables
and a temporary working directory, so neither the developer's shell nor a stray
``.env`` can change which provider is picked.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from support import cli
from support.chat_server import ChatServer

from summarizer import Brief

ROOT = Path(__file__).resolve().parent.parent
HARBOUR = ROOT / "examples" / "harbour-strike.txt"


def run_cli(
    *args: str, cwd: Path, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return cli.run_cli(*args, cwd=cwd, stdin=stdin, timeout=timeout, module="summarizer.cli")


def assert_one_line_error(result: subprocess.CompletedProcess[str], code: int) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: ")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
    return lines[0]


@pytest.fixture
def cwd(tmp_path: Path) -> Path:
    return tmp_path


def test_schema_prints_a_json_schema(cwd: Path) -> None:
    result = run_cli("schema", cwd=cwd)
    assert result.returncode == 0, result.stderr
    schema = json.loads(result.stdout)
    assert schema["title"] == "Brief" and schema["type"] == "object"
    assert {"summary", "actors", "sources", "meta"} <= set(schema["required"])
    assert json.loads(json.dumps(Brief.model_json_schema())) == schema


def test_brief_a_file_as_json(cwd: Path) -> None:
    result = run_cli("brief", str(HARBOUR), "--model", "heuristic", "-f", "json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    brief = Brief.model_validate_json(result.stdout)
    assert brief.meta.provider == "heuristic"
    assert brief.sources[0].text.startswith("Harbour pilots strike")
    for ev in brief.all_evidence():
        assert brief.sources[ev.source].text[ev.start : ev.end] == ev.quote


def test_brief_from_stdin(cwd: Path) -> None:
    text = HARBOUR.read_text(encoding="utf-8")
    result = run_cli("brief", "-", "--model", "heuristic", "-f", "json", cwd=cwd, stdin=text)
    assert result.returncode == 0, result.stderr
    brief = Brief.model_validate_json(result.stdout)
    assert "Varnholt" in {w for a in brief.actors for w in a.name.split()}


def test_brief_piped_defaults_to_json(cwd: Path) -> None:
    result = run_cli("brief", str(HARBOUR), "--model", "heuristic", cwd=cwd)
    assert result.returncode == 0, result.stderr
    Brief.model_validate_json(result.stdout)


def test_output_md_writes_markdown(cwd: Path) -> None:
    result = run_cli("brief", str(HARBOUR), "--model", "heuristic", "-o", "out.md", cwd=cwd)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "wrote out.md" in result.stderr
    markdown = (cwd / "out.md").read_text(encoding="utf-8")
    assert markdown.startswith("# ")
    assert "## Actors" in markdown and "## Positions" in markdown
    assert not list(cwd.glob(".out.md.*"))  # no temp file left behind


def test_output_json_writes_a_valid_brief(cwd: Path) -> None:
    result = run_cli("brief", str(HARBOUR), "--model", "heuristic", "-o", "out.json", cwd=cwd)
    assert result.returncode == 0, result.stderr
    brief = Brief.model_validate_json((cwd / "out.json").read_text(encoding="utf-8"))
    assert brief.claims()


def test_missing_file_exits_3(cwd: Path) -> None:
    line = assert_one_line_error(run_cli("brief", "nope.txt", "--model", "heuristic", cwd=cwd), 3)
    assert "nope.txt" in line


def test_empty_file_exits_3(cwd: Path) -> None:
    (cwd / "empty.txt").write_text("", encoding="utf-8")
    line = assert_one_line_error(run_cli("brief", "empty.txt", "--model", "heuristic", cwd=cwd), 3)
    assert "empty" in line


def test_a_directory_exits_3(cwd: Path) -> None:
    (cwd / "folder").mkdir()
    line = assert_one_line_error(run_cli("brief", "folder", "--model", "heuristic", cwd=cwd), 3)
    assert "directory" in line


def test_api_model_without_endpoint_exits_2(cwd: Path) -> None:
    line = assert_one_line_error(run_cli("brief", str(HARBOUR), "--model", "gpt-4o", cwd=cwd), 2)
    assert "gpt-4o" in line and "OPENAI_API_KEY" in line


@pytest.fixture
def server() -> Iterator[ChatServer]:
    with ChatServer() as srv:
        yield srv


def test_server_always_500_exits_6(cwd: Path, server: ChatServer) -> None:
    server.fail_next(*["500"] * 50)
    result = run_cli(
        "brief", str(HARBOUR), "--model", "local", "--base-url", server.base_url, cwd=cwd
    )
    line = assert_one_line_error(result, 6)
    assert "HTTP 500" in line
    assert len(server.requests) == 4  # Limits.transport_attempts, then it gives up


def test_bad_schema_always_exits_9(cwd: Path, server: ChatServer) -> None:
    server.fail_next(*["bad_schema"] * 50)
    result = run_cli(
        "brief", str(HARBOUR), "--model", "local", "--base-url", server.base_url, cwd=cwd
    )
    line = assert_one_line_error(result, 9)
    assert "no valid output after 3 attempts" in line
    assert len(server.requests) == 3  # one ask and Limits.reasks re-asks


def test_a_good_server_gives_a_brief(cwd: Path, server: ChatServer) -> None:
    result = run_cli(
        "brief",
        str(HARBOUR),
        "--model",
        "local",
        "--base-url",
        server.base_url,
        "-f",
        "json",
        cwd=cwd,
    )
    assert result.returncode == 0, result.stderr
    assert Brief.model_validate_json(result.stdout).meta.provider == "openai"


def test_debug_shows_a_traceback(cwd: Path) -> None:
    result = run_cli("--debug", "brief", "nope.txt", "--model", "heuristic", cwd=cwd)
    assert result.returncode != 0
    assert "Traceback (most recent call last)" in result.stderr
    assert "InputError" in result.stderr


def test_a_dotenv_in_cwd_is_read_by_the_cli(cwd: Path) -> None:
    # The CLI (not the library) loads .env: an endpoint there must be used.
    with ChatServer() as srv:
        (cwd / ".env").write_text(f"OPENAI_BASE_URL={srv.base_url}\n", encoding="utf-8")
        result = run_cli("brief", str(HARBOUR), "-f", "json", cwd=cwd)
        assert result.returncode == 0, result.stderr
        assert srv.requests
    assert Brief.model_validate_json(result.stdout).meta.provider == "openai"
