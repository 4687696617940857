"""Start-up stays cheap, and the usual flags exist: ``--version``, completion, ``python -m``.

The import budget is guarded by which modules load, not by a timing (timings flake on a
shared machine; ``benchmarks/bench_startup.py`` measures them). Each check runs in a fresh
interpreter, since this test process has long since imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
HEAVY = (
    "openai",
    "instructor",
    "llama_cpp",
    "scipy",
    "numpy",
    "trafilatura",
    "httpx",
    "jinja2",
    "pydantic",
    "rich",
)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["PYTHONPATH"] = str(ROOT)
    return env


def _loaded_after(code: str, cwd: Path) -> list[str]:
    """The HEAVY modules present in sys.modules after running ``code`` in a new interpreter."""
    probe = (
        "import sys, json\n"
        f"{code}\n"
        f"print(json.dumps([m for m in {list(HEAVY)!r} if m in sys.modules]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def _help_of(*args: str) -> str:
    # main() with --help returns normally (exit 0) in standalone_mode=False.
    return (
        "import contextlib, io\n"
        "from summarizer.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main({list(args)!r}) == 0\n"
    )


@pytest.mark.parametrize(
    "args",
    [["--help"], ["brief", "--help"], ["batch", "--help"], ["eval", "run", "--help"]],
    ids=" ".join,
)
def test_the_cli_itself_adds_no_heavy_import(tmp_path: Path, args: list[str]) -> None:
    # Whatever the package's own __init__ loads, the CLI modules and --help add nothing heavy.
    # Typer (0.29+) coerces a command's parameters through pydantic, so a command's own
    # --help may load pydantic; the top-level --help may not.
    allowed = {"pydantic"} if len(args) > 1 else set()
    package = set(_loaded_after("import summarizer", tmp_path))
    cli = set(_loaded_after(_help_of(*args), tmp_path)) - allowed
    assert cli - package == set(), f"{' '.join(args)} imported {sorted(cli - package)}"


def test_import_summarizer_cli_loads_no_heavy_module(tmp_path: Path) -> None:
    assert _loaded_after("import summarizer.cli", tmp_path) == []
    assert _loaded_after(_help_of("--help"), tmp_path) == []


def _run(*args: str, cwd: Path, module: str = "summarizer") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_python_dash_m_summarizer_runs_the_cli(tmp_path: Path) -> None:
    result = _run("--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Usage: summarizer ")
    for command in ("brief", "schema", "batch", "eval"):
        assert command in result.stdout


def test_version(tmp_path: Path) -> None:
    result = _run("--version", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    name, _, version = result.stdout.strip().partition(" ")
    assert name == "summarizer" and version and version[0].isdigit()


def test_shell_completion_completes_commands_and_options(tmp_path: Path) -> None:
    env = {**_env(), "_SUMMARIZER_COMPLETE": "complete_bash"}

    def complete(words: str) -> list[str]:
        result = subprocess.run(
            [sys.executable, "-m", "summarizer"],
            cwd=tmp_path,
            env={**env, "COMP_WORDS": words, "COMP_CWORD": str(len(words.split()) - 1)},
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.split()

    assert complete("summarizer br") == ["brief"]
    assert "--max-output-tokens" in complete("summarizer brief --max")
    assert "--model-path" in complete("summarizer batch --model")
    script = _run("--show-completion", "bash", cwd=tmp_path)
    assert script.returncode == 0 and "_SUMMARIZER_COMPLETE" in script.stdout
