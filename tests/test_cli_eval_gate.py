"""The CLI's regression gate, as ``.ci/run`` uses it: ``eval compare`` exits 1 on a
regression and 0 on a replay of the same run; a planted "always exit 0" fails here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support.eval_runs import make_run

ROOT = Path(__file__).resolve().parent.parent


def compare(base: Path, new: Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "eval", "compare", str(base), str(new)],
        cwd=cwd,
        env={**env, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture
def runs(tmp_path: Path) -> tuple[Path, Path]:
    base, worse = tmp_path / "base.json", tmp_path / "worse.json"
    base.write_text(make_run(tmp_path / "a", evil=False).model_dump_json(), encoding="utf-8")
    worse.write_text(
        make_run(tmp_path / "b", evil=False, drop=True).model_dump_json(), encoding="utf-8"
    )
    return base, worse


def test_compare_exits_0_on_the_same_run(tmp_path: Path, runs: tuple[Path, Path]) -> None:
    base, _ = runs
    result = compare(base, base, tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip()


def test_compare_exits_1_on_a_regression(tmp_path: Path, runs: tuple[Path, Path]) -> None:
    base, worse = runs
    result = compare(base, worse, tmp_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
