"""``summarizer eval run | compare | report | promote``: the regression harness's commands.

They run from a checkout (suites, cassettes and baselines live in ``evals/``). The
harness (numpy, scipy, jinja2) is imported when a command runs, never at start-up. A
missing or unreadable run file is an InputError (exit 3), not a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer.cli.options import ModelOptions, OutAlias, Output, pick_output, with_model_options
from summarizer.cli.output import check_writable, emit

eval_app = typer.Typer(
    help="Run the gold suite, compare runs, write reports (from a checkout).",
    no_args_is_help=True,
    rich_markup_mode=None,
)
SUITES = Path("evals/suites")

RunFile = Annotated[Path, typer.Argument(help="A run file.", show_default=False)]


def _suite_dir(suite: str) -> Path:
    from summarizer.errors import ConfigError

    path = Path(suite)
    if path.is_dir():
        return path
    if (SUITES / suite).is_dir():
        return SUITES / suite
    known = ", ".join(sorted(p.name for p in SUITES.glob("*") if p.is_dir())) or "none"
    raise ConfigError(f"no suite {suite!r} (known suites: {known})")


def _load_run(path: Path) -> Any:
    """The run file at ``path``; InputError when it is missing or not a run file."""
    from pydantic import ValidationError

    from summarizer.errors import InputError
    from summarizer.evaluate.run import load_run

    if not path.exists():
        raise InputError(f"no such run file: {path}", path=str(path))
    if not path.is_file():
        raise InputError(f"{path} is not a file", path=str(path))
    try:
        return load_run(path)
    except (OSError, UnicodeDecodeError, ValidationError) as exc:
        first = str(exc).splitlines()[0]
        raise InputError(f"{path} is not a readable run file ({first})", path=str(path)) from None


def _err(line: str) -> None:
    sys.stderr.write(line + "\n")


@eval_app.command("run")
@with_model_options()
def run(
    suite: Annotated[
        str, typer.Option("--suite", help="Suite name under evals/suites, or a directory.")
    ] = "core",
    output: Output = None,
    out_alias: OutAlias = None,
    record: Annotated[
        bool, typer.Option("--record", help="Call the model and record cassettes.")
    ] = False,
    replay: Annotated[
        bool, typer.Option("--replay", help="Answer only from cassettes; never call a model.")
    ] = False,
    baseline: Annotated[
        bool, typer.Option("--baseline", help="Run the no-LLM heuristic baseline.")
    ] = False,
    cassettes: Annotated[Path, typer.Option("--cassettes", help="Cassette directory.")] = Path(
        "evals/cassettes"
    ),
    *,
    model_options: ModelOptions,
) -> None:
    """Brief and score every article of a suite; write a run file."""
    from summarizer.errors import ConfigError

    out = pick_output(output, out_alias)
    if out is None:
        raise typer.BadParameter("the run file to write is required", param_hint="'--output'")
    if record and replay:
        raise ConfigError("--record and --replay exclude each other")
    check_writable(out)
    suite_dir = _suite_dir(suite)
    settings = None if baseline else model_options.settings()
    from summarizer.evaluate.run import run_suite

    result = run_suite(
        suite_dir,
        settings=settings,
        mode="record" if record else "replay" if replay else "live",
        cassette_dir=cassettes,
        out_path=out,
        baseline=baseline,
        progress=lambda s: _err(
            f"  {s.id}: strict F1 {s.strict_f1:.2f}" + (f" ({s.error})" if s.error else "")
        ),
    )
    agg = result.aggregates
    gates = agg.gates
    _err(
        f"{result.suite}: {len(result.articles)} articles, "
        f"strict F1 {agg.all_fields.strict_f1:.3f}, grounding {gates.grounding_rate:.0%}, "
        f"schema {gates.schema_validity:.0%} → {out}"
    )


@eval_app.command("compare")
def compare(
    base: Annotated[Path, typer.Argument(help="The blessed baseline run.", show_default=False)],
    new: Annotated[Path, typer.Argument(help="The run to judge.", show_default=False)],
    resamples: Annotated[
        int, typer.Option("--resamples", min=100, help="Paired bootstrap resamples.")
    ] = 2000,
) -> int:
    """Paired bootstrap of NEW against BASE; exit 1 on a hard-gate failure or a regression."""
    from summarizer.evaluate.compare import compare_runs
    from summarizer.evaluate.report import render_markdown

    base_run, new_run = _load_run(base), _load_run(new)
    comparison = compare_runs(new_run, base_run, resamples=resamples)
    emit(render_markdown(new_run, comparison) + "\n")
    return comparison.exit_code


@eval_app.command("report")
def report(
    run_file: RunFile,
    against: Annotated[
        Path | None, typer.Option("--against", help="A baseline run to compare with.")
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="The HTML file [default: report.html].")
    ] = None,
    out_alias: OutAlias = None,
) -> None:
    """Write a self-contained HTML report (and a Markdown summary beside it)."""
    out = pick_output(output, out_alias) or Path("report.html")
    run_result = _load_run(run_file)
    base = _load_run(against) if against is not None else None
    md_path = out.with_suffix(".md")
    check_writable(out)
    check_writable(md_path)
    from summarizer.evaluate.report import write_report

    _, md = write_report(run_result, base, html_path=out, md_path=md_path)
    emit(md + "\n")
    _err(f"wrote {out} and {md_path}")


@eval_app.command("promote")
def promote_run(
    run_file: Annotated[
        Path, typer.Argument(help="The run to bless as the new baseline.", show_default=False)
    ],
    baselines: Annotated[Path, typer.Option("--baselines", help="Baselines directory.")] = Path(
        "evals/baselines"
    ),
) -> None:
    """Copy a run into evals/baselines/: the only way a baseline changes."""
    from summarizer.evaluate.compare import promote

    _load_run(run_file)
    _err(f"promoted to {promote(run_file, baselines)}")


def register(app: typer.Typer) -> None:
    """Add the ``eval`` command group."""
    app.add_typer(eval_app, name="eval")
