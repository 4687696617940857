"""``summarizer brief`` and ``summarizer schema``."""

from __future__ import annotations

import json
import sys
from contextlib import nullcontext
from enum import StrEnum
from pathlib import Path

import typer
from rich.console import Console

from summarizer import Limits, resolve_settings, summarize
from summarizer.cli.output import pick_format
from summarizer.files import atomic_write
from summarizer.ingest import load
from summarizer.render import to_json, to_markdown
from summarizer.schema import brief_json_schema


class Format(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"


class StrategyChoice(StrEnum):
    auto = "auto"
    guided = "guided"
    full = "full"


def brief(
    inputs: list[str] = typer.Argument(
        ...,
        metavar="PATH|URL|-",
        help="Article file(s), URL(s) or - for stdin; several make one brief of the story.",
    ),
    model: str | None = typer.Option(
        None, "--model", "-m", help="Model name (default: SUMMARIZER_MODEL, or the embedded model)."
    ),
    base_url: str | None = typer.Option(
        None, "--base-url", help="OpenAI-compatible endpoint (default: OPENAI_BASE_URL)."
    ),
    model_path: Path | None = typer.Option(
        None, "--model-path", help="A GGUF file to run in-process instead of the embedded SmolLM2."
    ),
    strategy: StrategyChoice = typer.Option(
        StrategyChoice.auto,
        "--strategy",
        help="full: the model writes the brief; guided: cues propose, the model labels.",
    ),
    mode: str = typer.Option(
        "tools",
        "--mode",
        help="Structured-output mode for endpoints: tools, json_schema, json, md_json.",
    ),
    fmt: Format | None = typer.Option(
        None,
        "--format",
        "-f",
        help="json, markdown or html (default: markdown on a terminal, else json).",
    ),
    out: Path | None = typer.Option(
        None, "--output", "-o", help="Write to FILE (atomically) instead of stdout."
    ),
    title: str | None = typer.Option(None, "--title", help="Title of a single text article."),
    timeout: float = typer.Option(20.0, "--fetch-timeout", help="Seconds to wait for a URL."),
    request_timeout: float = typer.Option(
        60.0, "--request-timeout", help="Seconds to wait for one model answer before retrying."
    ),
    context_tokens: int | None = typer.Option(
        None, "--context-tokens", help="Model context size; longer articles are chunked."
    ),
) -> None:
    """Brief one article, or several reports of one story, with evidence for every claim."""
    settings = resolve_settings(
        model=model,
        base_url=base_url,
        model_path=model_path,
        strategy=strategy.value,
        mode=mode,
        context_tokens=context_tokens,
        limits=Limits(request_timeout_s=request_timeout),
    )
    sources = [load(x, timeout=timeout, stdin=sys.stdin.buffer) for x in inputs]
    if title and len(sources) == 1:
        sources = [sources[0].model_copy(update={"title": title})]
    err = Console(stderr=True)
    local = settings.provider == "embedded"
    status = (
        err.status(f"Briefing with {settings.model} (local)…")
        if local and err.is_terminal
        else nullcontext()
    )
    with status:
        result = summarize(sources, settings=settings)
    chosen = pick_format(fmt.value if fmt else None, out)
    if chosen == "html":
        from summarizer.render_html import to_html  # jinja2 only when asked for

        text = to_html(result)
    else:
        text = to_markdown(result) if chosen == "markdown" else to_json(result) + "\n"
    if out is None:
        sys.stdout.write(text)
    else:
        atomic_write(out, text)
        err.print(f"wrote {out} ({len(result.claims())} claims, {len(result.actors)} actors)")


def schema() -> None:
    """Print the JSON Schema of a Brief."""
    sys.stdout.write(json.dumps(brief_json_schema(), indent=2) + "\n")


def register(app: typer.Typer) -> None:
    """Add ``brief`` and ``schema`` to the app."""
    app.command("brief")(brief)
    app.command("schema")(schema)
