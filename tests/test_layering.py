"""The import contracts in pyproject's [tool.importlinter] hold (run via ``lint-imports``)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _lint_imports() -> str | None:
    # Next to this interpreter first (a virtualenv that is not activated), then PATH.
    beside = Path(sys.executable).with_name("lint-imports")
    return str(beside) if beside.is_file() else shutil.which("lint-imports")


def test_import_contracts_are_kept() -> None:
    command = _lint_imports()
    if command is None:
        if importlib.util.find_spec("importlinter") is not None:
            pytest.fail("import-linter is installed but its lint-imports script was not found")
        pytest.skip("import-linter is not installed (pip install import-linter)")
    # This checkout's package, not whichever one the interpreter would import.
    path = os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    result = subprocess.run(
        [command, "--no-cache"],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": path},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout
