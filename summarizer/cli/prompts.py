"""``summarizer prompts list | show NAME | copy DIR``: the prompt templates as a set to edit.

A team starts from the packaged templates (``copy DIR``), edits the copies, and points
``--prompts DIR`` (or ``SUMMARIZER_PROMPTS``) at the directory: each file there overrides
the packaged template of the same name, the rest fall back. ``list`` shows which set is in
use and each template's hash, the one every brief, log row and run file records.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from summarizer.cli.options import Prompts
from summarizer.cli.output import emit

prompts_app = typer.Typer(
    help="List, show and copy the prompt templates (override them with --prompts DIR).",
    no_args_is_help=True,
    rich_markup_mode=None,
)


def _dir(prompts: Path | None) -> Path | None:
    """--prompts, else SUMMARIZER_PROMPTS, checked the way settings check it."""
    from summarizer.settings import resolve_settings

    return resolve_settings(model="heuristic", prompts_dir=prompts).prompts_dir


@prompts_app.command("list")
def list_prompts(prompts: Prompts = None) -> None:
    """Every template: name, hash (first 12 hex digits) and where it comes from."""
    from summarizer.prompt import load_template, prompt_set, unknown_overrides

    folder = _dir(prompts)
    lines = []
    for template, path in prompt_set(folder):
        origin = str(path) if path else "packaged"
        if path and template.sha256 == load_template(template.id).sha256:
            origin += " (same as packaged)"
        lines.append(f"{template.id:<16} {template.sha256[:12]}  {origin}")
    emit("\n".join(lines) + "\n")
    for name in unknown_overrides(folder):
        sys.stderr.write(f"warning: {folder / name} overrides no packaged template (ignored)\n")


@prompts_app.command("show")
def show(
    name: Annotated[str, typer.Argument(help="A template name, e.g. full.", show_default=False)],
    prompts: Prompts = None,
) -> None:
    """Print a template's text as it is used (the override if there is one)."""
    from summarizer.prompt import load_template

    emit(load_template(name.removesuffix(".j2"), _dir(prompts)).source)


@prompts_app.command("copy")
def copy(
    directory: Annotated[
        Path, typer.Argument(help="Where to write NAME.j2 copies.", show_default=False)
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Copy the packaged templates to DIRECTORY, to edit and use with --prompts."""
    from summarizer.errors import ConfigError
    from summarizer.prompt import packaged_names, packaged_source

    names = packaged_names()
    existing = [n for n in names if (directory / f"{n}.j2").exists()]
    if existing and not force:
        raise ConfigError(
            f"{directory} already has {', '.join(n + '.j2' for n in existing)} (--force overwrites)"
        )
    directory.mkdir(parents=True, exist_ok=True)
    for name in names:
        (directory / f"{name}.j2").write_text(packaged_source(name), encoding="utf-8")
    shown = os.path.relpath(directory) if not directory.is_absolute() else str(directory)
    sys.stderr.write(
        f"copied {len(names)} templates to {shown}; edit them and run with --prompts {shown}\n"
    )


def register(app: typer.Typer) -> None:
    """Add the ``prompts`` command group."""
    app.add_typer(prompts_app, name="prompts")
