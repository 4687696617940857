"""``summarizer logs`` and ``summarizer cache``: what was sent, what came back, what it cost.

``logs`` lists recent briefs from the call log (model, calls, tokens, cost, time), with
a search term, ``-n`` and ``--json``; ``logs show ID`` prints one brief's exact messages
and answers; ``logs path`` prints where the log is. ``cache stats|clear|path`` manages
the response cache. The SQLite modules are imported when a command runs.
"""

from __future__ import annotations

import json
import time
from typing import Annotated, Any

import typer

logs_app = typer.Typer(help="The log of every model call: list, search, show.")
cache_app = typer.Typer(help="The response cache: stats, clear, path.", no_args_is_help=True)

Limit = Annotated[int, typer.Option("-n", "--limit", help="How many briefs to list.")]
AsJson = Annotated[bool, typer.Option("--json", help="JSON instead of a table.")]


def _open_log() -> Any:
    from summarizer.calllog import SQLiteCallLog

    return SQLiteCallLog()


def _when(stamp: float | None) -> str:
    return time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(stamp or 0))


def _row_line(row: dict[str, Any]) -> str:
    from summarizer.pricing import format_cost

    tokens = (row.get("prompt_tokens") or 0) + (row.get("completion_tokens") or 0)
    sources = json.loads(row.get("sources") or "[]")
    what = sources[0] if sources else "-"
    if len(sources) > 1:
        what += f" (+{len(sources) - 1})"
    return (
        f"{row['id']}  {_when(row['started'])}  {row['model']:<24} {row['outcome']:<7} "
        f"{row.get('calls') or 0:>3} calls {tokens:>8,} tok  {format_cost(row.get('cost')):>9}  "
        f"{row.get('latency_s') or 0:7.2f} s  {what}"
    )


@logs_app.callback(invoke_without_command=True)
def logs(
    ctx: typer.Context,
    query: Annotated[
        str | None, typer.Option("--query", "-q", help="Only briefs whose text matches.")
    ] = None,
    limit: Limit = 20,
    as_json: AsJson = False,
) -> None:
    """List recent briefs, newest first."""
    if ctx.invoked_subcommand is not None:
        return
    with _open_log() as log:
        rows = log.recent(limit, query)
    if as_json:
        typer.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    if not rows:
        typer.echo("no briefs logged yet" + (f" matching {query!r}" if query else ""), err=True)
    for row in rows:
        typer.echo(_row_line(row))


@logs_app.command("show")
def show(
    brief_id: Annotated[str, typer.Argument(help="A brief id (or a unique prefix).")],
    as_json: AsJson = False,
) -> None:
    """One brief's calls: the exact messages sent and the answers that came back."""
    from summarizer.errors import ConfigError

    with _open_log() as log:
        found = log.show(brief_id)
    if found is None:
        raise ConfigError(f"no logged brief {brief_id!r} (or the prefix is not unique)")
    if as_json:
        typer.echo(json.dumps(found, indent=2, ensure_ascii=False))
        return
    typer.echo(_row_line({**found, "sources": json.dumps(found["sources"])}))
    for n, call in enumerate(found["calls"], 1):
        typer.echo(
            f"\n--- call {n}: {call['outcome']}, {call['attempts']} attempt(s), "
            f"{call['prompt_tokens']}+{call['completion_tokens']} tokens, {call['latency_s']} s"
        )
        for message in call["messages"]:
            typer.echo(f"[{message.get('role')}]\n{message.get('content')}")
        typer.echo(f"[answer]\n{call['response']}")
        if call.get("error"):
            typer.echo(f"[error] {call['error']}")


@logs_app.command("path")
def path() -> None:
    """Where the call log is."""
    from summarizer.calllog import default_log_path

    typer.echo(str(default_log_path()))


def _open_cache() -> Any:
    from summarizer.cache import SQLiteCache

    return SQLiteCache()


@cache_app.command("stats")
def cache_stats(as_json: AsJson = False) -> None:
    """Entries and size of the response cache."""
    with _open_cache() as cache:
        stats = cache.stats()
    if as_json:
        typer.echo(json.dumps(stats, indent=2))
        return
    typer.echo(f"{stats['path']}: {stats['entries']:,} entries, {stats['bytes']:,} bytes")


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every cached answer and brief."""
    with _open_cache() as cache:
        removed = cache.clear()
    typer.echo(f"removed {removed:,} cached entries", err=True)


@cache_app.command("path")
def cache_path() -> None:
    """Where the response cache is."""
    from summarizer.cache import default_cache_path

    typer.echo(str(default_cache_path()))


def register(app: typer.Typer) -> None:
    """Add ``logs`` and ``cache`` to the root app."""
    app.add_typer(logs_app, name="logs")
    app.add_typer(cache_app, name="cache")
