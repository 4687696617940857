"""``summarizer eval`` (filled in by the eval harness)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """No eval commands yet."""
    del app
