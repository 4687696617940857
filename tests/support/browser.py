"""Headless Chromium for the browser tests: Debian's build, the project's flags, a fresh profile."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)


def have_chromium() -> bool:
    """True when Debian's chromium is installed (``.ci/run`` installs it)."""
    return Path(CHROMIUM).exists()


def chromium(tmp_path: Path, *args: str, flags: tuple[str, ...] = (), check: bool = True) -> str:
    """Run headless Chromium with a fresh profile under ``tmp_path``; its stdout."""
    profile = tmp_path / f"profile-{len(list(tmp_path.glob('profile-*')))}"
    profile.mkdir()
    cmd = [CHROMIUM, *FLAGS, *flags, f"--user-data-dir={profile}", *args]
    # Bytes, not text=True: universal newlines would fold a page's CR into LF.
    run = subprocess.run(cmd, capture_output=True, timeout=120, check=False)
    if check:
        assert run.returncode == 0, run.stderr[-2000:].decode(errors="replace")
    return run.stdout.decode("utf-8", errors="replace")
