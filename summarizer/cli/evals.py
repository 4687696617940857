"""``summarizer eval init | run | compare | report | promote | draft | check``.

They run from any directory: a suite is a directory (or, in the project's checkout, a
name under ``evals/suites``) and its cassettes and baselines default to folders beside it
(``summarizer.evaluate.suites``). The harness (numpy, scipy, jinja2) is imported when a
command runs, never at start-up. A missing or unreadable run file is an InputError
(exit 3), not a crash.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from summarizer.cli.options import ModelOptions, OutAlias, Output, pick_output, with_model_options
from summarizer.cli.output import check_writable, emit

eval_app = typer.Typer(
    help="Make a gold suite, run it, compare runs, write reports.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
RunFile = Annotated[Path, typer.Argument(help="A run file.", show_default=False)]
Articles = Annotated[
    int,
    typer.Option("--concurrency", "-c", min=1, help="Articles briefed at once (endpoints only)."),
]
Cassettes = Annotated[
    Path | None,
    typer.Option(
        "--cassettes",
        help="Folder of this suite's cassettes (MODEL.json) [default: SUITE/cassettes, "
        "or evals/cassettes/SUITE in the project's checkout].",
    ),
]
Baselines = Annotated[
    Path | None,
    typer.Option(
        "--baselines",
        help="Folder of this suite's baselines (MODEL.json) [default: SUITE/baselines, "
        "or evals/baselines/SUITE in the project's checkout].",
    ),
]


def _suite_dir(suite: str) -> Path:
    from summarizer.evaluate.suites import find_suite

    return find_suite(suite)


def _warn_drafts(suite_dir: Path) -> None:
    """A suite still holding drafted gold scores against labels nobody has checked."""
    import json

    drafts = 0
    for path in suite_dir.glob("*.gold.json"):
        try:
            drafts += bool(json.loads(path.read_text(encoding="utf-8")).get("draft"))
        except (OSError, ValueError, AttributeError):
            continue  # the loader reports unreadable gold
    if drafts:
        _err(f"warning: {drafts} gold file(s) in {suite_dir} are uncorrected drafts")


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


@eval_app.command("init")
def init(
    directory: Annotated[
        Path, typer.Argument(help="A new directory for the suite.", show_default=False)
    ],
) -> None:
    """Copy a small starter suite (4 articles, gold, recorded answers) and its no-LLM floor."""
    from summarizer.evaluate.run import run_suite
    from summarizer.evaluate.suites import init_suite, suite_paths

    written = init_suite(directory)
    floor = suite_paths(directory).baselines / "heuristic.json"
    run_suite(directory, baseline=True, out_path=floor)
    n = sum(1 for p in written if p.name.endswith(".gold.json"))
    _err(
        f"wrote a suite of {n} articles to {directory} (and its no-LLM floor, {floor}); next:\n"
        f"  summarizer eval run --suite {directory} --replay -o run.json\n"
        f"  summarizer eval compare {floor} run.json"
    )


@eval_app.command("run")
@with_model_options(concurrency=False)
def run(
    suite: Annotated[
        str,
        typer.Option("--suite", help="A suite directory, or a suite name under ./evals/suites."),
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
    cassettes: Cassettes = None,
    concurrency: Articles = 4,
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
    _warn_drafts(suite_dir)
    settings = None if baseline else model_options.settings()
    from summarizer.evaluate.run import run_suite

    result = run_suite(
        suite_dir,
        settings=settings,
        mode="record" if record else "replay" if replay else "live",
        cassettes=cassettes,
        out_path=out,
        baseline=baseline,
        concurrency=concurrency,
        progress=lambda s: _err(
            f"  {s.id}: strict F1 {s.strict_f1:.2f}" + (f" ({s.error})" if s.error else "")
        ),
    )
    agg = result.aggregates
    gates = agg.gates
    _err(
        f"{result.suite}: {len(result.articles)} articles, "
        f"strict F1 {agg.all_fields.strict_f1:.3f}, grounding {gates.grounding_rate:.0%}, "
        f"schema {gates.schema_validity:.0%}, {result.wall_s:.1f}s → {out}"
    )
    if result.cassette_misses:
        _err(f"{result.cassette_misses} answer(s) missing from {result.cassette} (--record)")


@eval_app.command("compare")
def compare(
    base: Annotated[
        Path, typer.Argument(help="Run A: the baseline, or the reference model or prompts.")
    ],
    new: Annotated[Path, typer.Argument(help="Run B: the run to judge.", show_default=False)],
    resamples: Annotated[
        int, typer.Option("--resamples", min=100, help="Paired bootstrap resamples.")
    ] = 2000,
    report_path: Annotated[
        Path | None,
        typer.Option(
            "--report", help="Also write an A/B HTML page: deltas, claims won and lost, cost."
        ),
    ] = None,
) -> int:
    """Paired bootstrap of NEW (B) against BASE (A); exit 1 on a hard-gate failure or regression."""
    from summarizer.evaluate.ab import render_ab_markdown, write_ab_report
    from summarizer.evaluate.compare import compare_runs
    from summarizer.evaluate.report import render_markdown

    base_run, new_run = _load_run(base), _load_run(new)
    if report_path is not None:
        check_writable(report_path)
    prices = _prices()
    comparison = compare_runs(new_run, base_run, resamples=resamples)
    text = render_markdown(new_run, comparison, prices=prices)
    emit(text + "\n" + render_ab_markdown(base_run, new_run, comparison, prices) + "\n")
    if report_path is not None:
        write_ab_report(base_run, new_run, comparison, report_path, prices)
        _err(f"wrote {report_path}")
    return comparison.exit_code


def _prices() -> tuple[tuple[str, float, float], ...]:
    """Price overrides from the environment (SUMMARIZER_PRICES), as settings read them."""
    from summarizer.settings import resolve_settings

    return resolve_settings(model="heuristic").prices


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

    _, md = write_report(run_result, base, html_path=out, md_path=md_path, prices=_prices())
    emit(md + "\n")
    _err(f"wrote {out} and {md_path}")


@eval_app.command("promote")
def promote_run(
    run_file: Annotated[
        Path, typer.Argument(help="The run to bless as the new baseline.", show_default=False)
    ],
    baselines: Baselines = None,
) -> None:
    """Copy a run to its suite's baselines folder: the only way a baseline changes."""
    from summarizer.evaluate.compare import promote_to
    from summarizer.evaluate.suites import suite_paths

    run_result = _load_run(run_file)
    if baselines is None:
        suite = Path(run_result.suite_dir) if run_result.suite_dir else None
        if suite is None or not suite.is_dir():
            suite = Path("evals/suites") / run_result.suite  # a run file from before suite_dir
        baselines = suite_paths(suite).baselines
    _err(f"promoted to {promote_to(run_file, baselines)}")


@eval_app.command("draft")
@with_model_options()
def draft(
    articles: Annotated[
        list[Path], typer.Argument(help="Article text files (ID.txt).", show_default=False)
    ],
    output: Annotated[
        Path, typer.Option("--output", "-o", help="The suite directory to write into.")
    ],
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing gold files.")] = False,
    *,
    model_options: ModelOptions,
) -> None:
    """Draft a gold file per article from a brief by the configured model, to correct by hand.

    Each file is marked "draft": true, with a note; evidence spans are the brief's
    grounded quotes. Label by the team's guidelines (evals/LABELLING.md), then delete
    "draft" and "note"; `summarizer eval check DIR` lists drafts still to correct.
    """
    from summarizer.errors import ConfigError, InputError
    from summarizer.evaluate.drafting import draft_article

    for path in articles:
        if not path.is_file():
            raise InputError(f"no such article: {path}", path=str(path))
        gold = output / (path.name.removesuffix(".txt") + ".gold.json")
        if gold.exists() and not force:
            raise ConfigError(f"{gold} exists (--force overwrites it)")
    settings = model_options.settings()
    for path in articles:
        gold, _ = draft_article(path, output, settings=settings)
        _err(f"drafted {gold} with {settings.model}: correct it by hand (evals/LABELLING.md)")


@eval_app.command("check")
def check(
    suite: Annotated[str, typer.Argument(help="A suite directory.", show_default=False)],
) -> int:
    """Validate a suite's gold files; exit 1 on any problem (drafts are listed, not failed)."""
    from summarizer.evaluate.check import check_suite

    result = check_suite(_suite_dir(suite))
    lines = list(result.problems)
    lines += [
        f"{d}: draft: correct it by hand, then delete 'draft' and 'note'" for d in result.drafts
    ]
    lines.append(
        f"checked {result.files} gold files: {len(result.problems)} problem(s)"
        + (f", {len(result.drafts)} draft(s)" if result.drafts else "")
    )
    emit("\n".join(lines) + "\n")
    return 0 if result.ok else 1


def register(app: typer.Typer) -> None:
    """Add the ``eval`` command group."""
    app.add_typer(eval_app, name="eval")
