"""``summarizer brief`` and ``summarizer schema``.

The pipeline (pydantic, the SDKs, jinja2, httpx) is imported inside the commands, so
``summarizer --help`` does not pay for it.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from contextlib import nullcontext
from enum import StrEnum
from typing import Annotated, Any

import typer

from summarizer.cli.options import (
    ModelOptions,
    NoCache,
    NoLog,
    OutAlias,
    Output,
    open_stores,
    pick_output,
    with_model_options,
)
from summarizer.cli.output import check_writable, emit, pick_format, write_output


class Format(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"


Inputs = Annotated[
    list[str],
    typer.Argument(
        metavar="PATH|URL|-",
        help="Article file(s), URL(s) or - for stdin; several make one brief of the story.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format", "-f", help="json, markdown or html (default: markdown on a terminal)."
    ),
]
Title = Annotated[str | None, typer.Option("--title", help="Title of a single text article.")]
FetchTimeout = Annotated[float, typer.Option("--fetch-timeout", help="Seconds to wait for a URL.")]
ShowUsage = Annotated[
    bool, typer.Option("--usage", "-u", help="Print tokens (and cost, when known) on stderr.")
]

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064]")


def clean_title(title: str) -> str | None:
    """One line of visible text, as ingest cleans titles: no controls, no line breaks."""
    title = unicodedata.normalize("NFC", _CONTROLS.sub(" ", title))
    return " ".join(title.split()) or None


@with_model_options()
def brief(
    inputs: Inputs,
    fmt: FormatOpt = None,
    output: Output = None,
    out_alias: OutAlias = None,
    title: Title = None,
    fetch_timeout: FetchTimeout = 20.0,
    usage: ShowUsage = False,
    no_cache: NoCache = False,
    no_log: NoLog = False,
    *,
    model_options: ModelOptions,
) -> None:
    """Brief one article, or several reports of one story, with evidence for every claim."""
    out = pick_output(output, out_alias)
    if out is not None:
        check_writable(out)  # before any model work: a read-only directory costs nothing
    settings = model_options.settings()
    cache, log = open_stores(settings, no_cache=no_cache, no_log=no_log)
    try:
        result = _summarize(
            inputs, settings, title=title, fetch_timeout=fetch_timeout, store=cache, log=log
        )
    finally:
        for opened in (cache, log):
            if opened is not None:
                opened.close()
    text = _render(result, pick_format(fmt.value if fmt else None, out))
    if out is None:
        emit(text)
    else:
        write_output(out, text)
        _stderr(f"wrote {out} ({len(result.claims())} claims, {len(result.actors)} actors)")
    if usage:
        from summarizer.cli.usage import usage_line

        _stderr(usage_line(result.meta.usage, settings))


def _summarize(
    inputs: list[str],
    settings: Any,
    *,
    title: str | None,
    fetch_timeout: float,
    store: Any = None,
    log: Any = None,
) -> Any:
    from summarizer.api import summarize
    from summarizer.ingest import load

    sources = [load(x, timeout=fetch_timeout, stdin=sys.stdin.buffer) for x in inputs]
    if title and len(sources) == 1:
        cleaned = clean_title(title) or sources[0].title
        sources = [sources[0].model_copy(update={"title": cleaned})]
    with _spinner(settings):
        return summarize(sources, settings=settings, store=store, log=log)


def _spinner(settings: Any) -> Any:
    if settings.provider != "embedded" or not sys.stderr.isatty():
        return nullcontext()
    from rich.console import Console

    return Console(stderr=True).status(f"Briefing with {settings.model} (local)…")


def _render(result: Any, chosen: str) -> str:
    if chosen == "html":
        from summarizer.render_html import to_html  # jinja2 only when asked for

        return to_html(result)
    from summarizer.render import to_json, to_markdown

    return to_markdown(result) if chosen == "markdown" else to_json(result) + "\n"


def _stderr(line: str) -> None:
    sys.stderr.write(line + "\n")


def schema() -> None:
    """Print the JSON Schema of a Brief."""
    import json

    from summarizer.schema import brief_json_schema

    emit(json.dumps(brief_json_schema(), indent=2) + "\n")


def register(app: typer.Typer) -> None:
    """Add ``brief`` and ``schema`` to the app."""
    app.command("brief")(brief)
    app.command("schema")(schema)
