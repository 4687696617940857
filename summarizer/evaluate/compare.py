"""Compare two runs with a paired bootstrap over articles, gate, and promote baselines.

Public API::

    compare_runs(new: RunResult | str | Path, base: RunResult | str | Path, *,
                 resamples: int = 2000, seed: int = 20240601,
                 tolerance: float = 0.02, top: int = 5) -> Comparison
    Comparison.exit_code -> int          # 0 pass, 1 fail (what ``eval compare`` exits with)
    promote(run_path: str | Path, baselines_dir: str | Path = "evals/baselines") -> Path
    promote_to(run_path: str | Path, folder: str | Path) -> Path   # <folder>/<model>.json
    baseline_path(baselines_dir, suite, model) -> Path

The unit of resampling is the article: only articles present in both runs are paired
(a mismatch is reported in ``warnings``, as are a different suite or prompt hashes, but
none of these is fatal). For each metric of
:func:`summarizer.evaluate.metrics.article_metrics` the comparison gives the mean of
Δ = new − base and a 95 % percentile interval.

Gate (exit 1) when NEW fails a hard gate (grounding < 100 %, schema validity < 100 %,
forbidden hits > 0), when no article pairs up, or when the upper CI bound of Δ strict F1
(positions + demands + open questions, micro-averaged per article) is below
``-tolerance``; otherwise 0.
"""

from __future__ import annotations

import math
import shutil
from pathlib import Path

import numpy as np
from pydantic import BaseModel

from summarizer.evaluate.aggregate import article_metrics
from summarizer.evaluate.cassette import model_slug
from summarizer.evaluate.run import RunResult, load_run

GATE_METRIC = "strict_f1"
DEFAULT_SEED = 20240601


class Delta(BaseModel):
    """Mean paired difference of one metric with its percentile interval."""

    metric: str
    base: float
    new: float
    delta: float
    ci_low: float
    ci_high: float
    n: int


class Regression(BaseModel):
    """An article whose strict F1 moved, for the "regressed most" list."""

    id: str
    base: float
    new: float
    delta: float


class Comparison(BaseModel):
    """The outcome of :func:`compare_runs`."""

    suite: str
    base_model: str
    new_model: str
    paired: list[str]
    only_base: list[str] = []
    only_new: list[str] = []
    warnings: list[str] = []
    deltas: dict[str, Delta] = {}
    regressions: list[Regression] = []
    gate_failures: list[str] = []
    resamples: int
    seed: int
    tolerance: float

    @property
    def exit_code(self) -> int:
        """1 when any gate failed, else 0."""
        return 1 if self.gate_failures else 0


def _as_run(run: RunResult | str | Path) -> RunResult:
    return run if isinstance(run, RunResult) else load_run(run)


def bootstrap_ci(
    deltas: np.ndarray, *, resamples: int, seed: int, level: float = 0.95
) -> tuple[float, float]:
    """Percentile interval of the mean of ``deltas`` (NaNs ignored) over resampled rows."""
    values = deltas[~np.isnan(deltas)]
    if values.size == 0:
        return math.nan, math.nan
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, values.size, size=(resamples, values.size))
    means = values[idx].mean(axis=1)
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(means, [tail, 100 - tail])
    return float(lo), float(hi)


def _warnings(new: RunResult, base: RunResult, only_base: list, only_new: list) -> list[str]:
    out = []
    if new.suite != base.suite:
        out.append(f"different suites: new {new.suite!r}, base {base.suite!r}")
    if new.prompts != base.prompts:
        changed = sorted(
            k
            for k in set(new.prompts) | set(base.prompts)
            if new.prompts.get(k) != base.prompts.get(k)
        )
        out.append(f"prompt hashes differ: {', '.join(changed)}")
    if new.schema_version != base.schema_version:
        out.append(f"schema versions differ: {new.schema_version} vs {base.schema_version}")
    if only_base or only_new:
        out.append(f"unpaired articles: {len(only_base)} only in base, {len(only_new)} only in new")
    return out


def _hard_gates(new: RunResult) -> list[str]:
    g = new.aggregates.gates
    out = []
    if not g.grounding_ok:
        out.append(f"grounding rate {g.grounding_rate:.2%} < 100%")
    if not g.schema_ok:
        out.append(f"schema validity {g.schema_validity:.2%} < 100%")
    if not g.forbidden_ok:
        out.append(f"{g.forbidden_hits} forbidden string hit(s)")
    return out


def _deltas(
    new: RunResult, base: RunResult, paired: list[str], resamples: int, seed: int
) -> dict[str, Delta]:
    if not paired:
        return {}
    b = [article_metrics(base.article(i)) for i in paired]
    n = [article_metrics(new.article(i)) for i in paired]
    out = {}
    for key in b[0]:
        bv = np.array([row[key] for row in b], dtype=float)
        nv = np.array([row[key] for row in n], dtype=float)
        d = nv - bv
        lo, hi = bootstrap_ci(d, resamples=resamples, seed=seed)
        ok = ~np.isnan(d)
        out[key] = Delta(
            metric=key,
            base=float(np.nanmean(bv)) if (~np.isnan(bv)).any() else math.nan,
            new=float(np.nanmean(nv)) if (~np.isnan(nv)).any() else math.nan,
            delta=float(d[ok].mean()) if ok.any() else math.nan,
            ci_low=lo,
            ci_high=hi,
            n=int(ok.sum()),
        )
    return out


def _regressions(new: RunResult, base: RunResult, paired: list[str], top: int) -> list:
    rows = [
        Regression(
            id=i,
            base=base.article(i).strict_f1,
            new=new.article(i).strict_f1,
            delta=new.article(i).strict_f1 - base.article(i).strict_f1,
        )
        for i in paired
    ]
    rows = [r for r in rows if r.delta < 0]
    return sorted(rows, key=lambda r: (r.delta, r.id))[:top]


def compare_runs(
    new: RunResult | str | Path,
    base: RunResult | str | Path,
    *,
    resamples: int = 2000,
    seed: int = DEFAULT_SEED,
    tolerance: float = 0.02,
    top: int = 5,
) -> Comparison:
    """Paired bootstrap of NEW against BASE, with the gate decision; see module doc."""
    new, base = _as_run(new), _as_run(base)
    new_ids, base_ids = {a.id for a in new.articles}, {a.id for a in base.articles}
    paired = sorted(new_ids & base_ids)
    only_base, only_new = sorted(base_ids - new_ids), sorted(new_ids - base_ids)
    deltas = _deltas(new, base, paired, resamples, seed)
    failures = _hard_gates(new)
    gate = deltas.get(GATE_METRIC)
    if not paired:
        failures.append("no articles in common: nothing to compare")
    elif gate is not None and gate.ci_high < -tolerance:
        failures.append(
            f"strict F1 regressed: Δ {gate.delta:+.3f}, 95% CI [{gate.ci_low:+.3f}, "
            f"{gate.ci_high:+.3f}] entirely below -{tolerance}"
        )
    return Comparison(
        suite=new.suite,
        base_model=base.model,
        new_model=new.model,
        paired=paired,
        only_base=only_base,
        only_new=only_new,
        warnings=_warnings(new, base, only_base, only_new),
        deltas=deltas,
        regressions=_regressions(new, base, paired, top),
        gate_failures=failures,
        resamples=resamples,
        seed=seed,
        tolerance=tolerance,
    )


def baseline_path(baselines_dir: str | Path, suite: str, model: str) -> Path:
    """``<baselines_dir>/<suite>/<model-slug>.json``."""
    return Path(baselines_dir) / suite / f"{model_slug(model)}.json"


def promote(run_path: str | Path, baselines_dir: str | Path = "evals/baselines") -> Path:
    """Copy a run file to ``<baselines_dir>/<suite>/<model>.json``; returns the new path.

    Only ever called by an explicit ``summarizer eval promote``: a baseline moves when a
    person decides so, never as a side effect of a run.
    """
    run = load_run(run_path)  # validates that this really is a run file
    return promote_to(run_path, Path(baselines_dir) / run.suite)


def promote_to(run_path: str | Path, folder: str | Path) -> Path:
    """Copy a run file to ``<folder>/<model>.json`` (one suite's baselines folder)."""
    run = load_run(run_path)
    dest = Path(folder) / f"{model_slug(run.model)}.json"
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(run_path, dest)
    return dest
