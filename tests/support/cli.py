"""Run the ``summarizer`` command line as a user would: a subprocess with a clean environment.

The child sees this checkout first on ``PYTHONPATH``, none of the caller's ``OPENAI_*`` or
``SUMMARIZER_*`` variables (a developer's key must never reach a test), and no colour.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def clean_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a CLI subprocess (``extra`` set on top)."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "SUMMARIZER_")) and k != "PYTHONPATH"
    }
    env.update(PYTHONPATH=str(ROOT), NO_COLOR="1")
    return {**env, **(extra or {})}


def run_cli(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    stdin: str | None = None,
    timeout: float = 180,
    module: str = "summarizer",
) -> subprocess.CompletedProcess[str]:
    """``python -m MODULE ARGS`` in ``cwd``; never raises on a non-zero exit."""
    return subprocess.run(
        [sys.executable, "-m", module, *args],
        cwd=cwd,
        env=clean_env(env),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
