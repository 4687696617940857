"""``summarizer batch`` (filled in by the batch module)."""

from __future__ import annotations

import typer


def register(app: typer.Typer) -> None:
    """No batch command yet."""
    del app
