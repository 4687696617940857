"""``summarizer eval run | compare | report | promote``: the regression harness's commands."""

from __future__ import annotations

import sys
from pathlib import Path

import typer
from rich.console import Console

from summarizer import ConfigError, resolve_settings
from summarizer.evaluate.compare import compare_runs, promote
from summarizer.evaluate.report import render_markdown, write_report
from summarizer.evaluate.run import run_suite

eval_app = typer.Typer(
    help="Run the gold suite, compare runs, write reports.", no_args_is_help=True
)
SUITES = Path("evals/suites")


def _suite_dir(suite: str) -> Path:
    path = Path(suite)
    if path.is_dir():
        return path
    if (SUITES / suite).is_dir():
        return SUITES / suite
    known = ", ".join(sorted(p.name for p in SUITES.glob("*") if p.is_dir())) or "none"
    raise ConfigError(f"no suite {suite!r} (known suites: {known})")


@eval_app.command("run")
def run(
    suite: str = typer.Option(
        "core", "--suite", help="Suite name under evals/suites, or a directory."
    ),
    out: Path = typer.Option(..., "--out", "-o", help="Where to write the run file (JSON)."),
    model: str | None = typer.Option(
        None, "--model", "-m", help="Model (default: as for `brief`)."
    ),
    base_url: str | None = typer.Option(None, "--base-url", help="OpenAI-compatible endpoint."),
    record: bool = typer.Option(False, "--record", help="Call the model and record cassettes."),
    replay: bool = typer.Option(
        False, "--replay", help="Answer only from cassettes; never call a model."
    ),
    baseline: bool = typer.Option(False, "--baseline", help="Run the no-LLM heuristic baseline."),
    cassettes: Path = typer.Option(
        Path("evals/cassettes"), "--cassettes", help="Cassette directory."
    ),
) -> None:
    """Brief and score every article of a suite; write a run file."""
    if record and replay:
        raise ConfigError("--record and --replay exclude each other")
    mode = "record" if record else "replay" if replay else "live"
    settings = None if baseline else resolve_settings(model=model, base_url=base_url)
    err = Console(stderr=True)
    result = run_suite(
        _suite_dir(suite),
        settings=settings,
        mode=mode,
        cassette_dir=cassettes,
        out_path=out,
        baseline=baseline,
        progress=lambda s: err.print(
            f"  {s.id}: strict F1 {s.strict_f1:.2f}" + (f" ({s.error})" if s.error else "")
        ),
    )
    agg = result.aggregates
    gates = agg.gates
    err.print(
        f"{result.suite}: {len(result.articles)} articles, "
        f"strict F1 {agg.all_fields.strict_f1:.3f}, grounding {gates.grounding_rate:.0%}, "
        f"schema {gates.schema_validity:.0%} → {out}"
    )


@eval_app.command("compare")
def compare(
    base: Path = typer.Argument(..., help="The blessed baseline run."),
    new: Path = typer.Argument(..., help="The run to judge."),
    resamples: int = typer.Option(2000, "--resamples", help="Paired bootstrap resamples."),
) -> int:
    """Paired bootstrap of NEW against BASE; exit 1 on a hard-gate failure or a regression."""
    comparison = compare_runs(new, base, resamples=resamples)
    from summarizer.evaluate.run import load_run

    sys.stdout.write(render_markdown(load_run(new), comparison) + "\n")
    raise typer.Exit(comparison.exit_code)


@eval_app.command("report")
def report(
    run_file: Path = typer.Argument(..., help="A run file."),
    against: Path | None = typer.Option(None, "--against", help="A baseline run to compare with."),
    out: Path = typer.Option(Path("report.html"), "--output", "-o", help="The HTML file to write."),
) -> None:
    """Write a self-contained HTML report (and a Markdown summary beside it)."""
    md_path = out.with_suffix(".md")
    _, md = write_report(run_file, against, html_path=out, md_path=md_path)
    sys.stdout.write(md + "\n")
    Console(stderr=True).print(f"wrote {out} and {md_path}")


@eval_app.command("promote")
def promote_run(
    run_file: Path = typer.Argument(..., help="The run to bless as the new baseline."),
    baselines: Path = typer.Option(
        Path("evals/baselines"), "--baselines", help="Baselines directory."
    ),
) -> None:
    """Copy a run into evals/baselines/: the only way a baseline changes."""
    Console(stderr=True).print(f"promoted to {promote(run_file, baselines)}")


def register(app: typer.Typer) -> None:
    """Add the ``eval`` command group."""
    app.add_typer(eval_app, name="eval")
