"""Shared test setup: make ``tests/support`` importable as ``support``."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))


def pytest_configure(config: object) -> None:
    """Point the user cache and data dirs at a fresh temporary folder for the whole run.

    ``summarizer brief`` caches answers and logs calls under them by default; a test must
    never be answered from a cache an earlier test (or the developer) filled, nor leave
    files in the real home directory. Subprocesses inherit the environment.
    """
    import os
    import tempfile

    root = Path(tempfile.mkdtemp(prefix="summarizer-tests-"))
    for name in ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME"):
        os.environ[name] = str(root / name.lower())
