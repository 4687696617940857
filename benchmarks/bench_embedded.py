"""Time one brief with the embedded model (SmolLM2-135M in-process), the offline default.

Briefs ``examples/river-treaty-talks.txt`` (603 words) once to warm up (model load,
imports, template cache), then ``--runs`` times, and prints per run and as the median:
wall time, tokens in/out and model calls (``brief.meta.usage``), model time
(``meta.model_latency_s``), pipeline overhead as a share of model time,
``(wall - model) / model``, and the process's CPU time (on a shared machine, wall far
above CPU time means the model waited for a core). Targets: <= 30 s per brief, overhead
<= 5 %.

``--profile`` adds one run under cProfile and prints where the time goes, grouped into
prompt evaluation, token sampling (grammar included), grammar construction, and
everything outside llama.cpp.

Usage: python benchmarks/bench_embedded.py [--article PATH] [--runs 3] [--profile]
(package installed, or PYTHONPATH=.)
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from summarizer import Brief, resolve_settings, summarize

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ARTICLE = ROOT / "examples" / "river-treaty-talks.txt"
TARGET_WALL_S = 30.0
TARGET_OVERHEAD = 0.05


@dataclass(frozen=True)
class Run:
    """What one brief cost."""

    wall_s: float
    cpu_s: float
    model_s: float
    calls: int
    tokens_in: int
    tokens_out: int
    claims: int

    @property
    def overhead(self) -> float:
        """Time outside the model as a share of model time."""
        return (self.wall_s - self.model_s) / self.model_s if self.model_s else float("inf")

    def line(self, label: str) -> str:
        return (
            f"{label:>8}: wall {self.wall_s:7.2f} s | cpu {self.cpu_s:7.2f} s | "
            f"model {self.model_s:7.2f} s | "
            f"calls {self.calls:3d} | tokens in {self.tokens_in:6d} out {self.tokens_out:5d} | "
            f"overhead {self.overhead:7.2%} | claims {self.claims}"
        )


def brief_once(text: str) -> tuple[Run, Brief]:
    """One timed brief with the default (embedded) settings, the environment ignored."""
    settings = resolve_settings(env={})
    started, cpu_started = time.perf_counter(), time.process_time()
    brief = summarize(text, settings=settings)
    wall = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    usage = brief.meta.usage
    run = Run(
        wall_s=wall,
        cpu_s=cpu,
        model_s=brief.meta.model_latency_s,
        calls=usage.calls,
        tokens_in=usage.prompt_tokens,
        tokens_out=usage.completion_tokens,
        claims=len(brief.claims()),
    )
    return run, brief


# Where llama-cpp-python spends time, by function (file fragment, function name).
_BUCKETS = {
    "token eval (llama_decode)": [("_internals.py", "decode")],
    "sampling incl. grammar": [("_internals.py", "sample")],
    "grammar construction": [("llama_grammar.py", "from_json_schema")],
    "create_chat_completion total": [("llama.py", "create_chat_completion")],
}


def profile_once(text: str) -> str:
    """One brief under cProfile: a breakdown by bucket and the top functions by own time."""
    profiler = cProfile.Profile()
    profiler.enable()
    run, _ = brief_once(text)
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]
    lines = [run.line("profiled"), "", "where model time goes (cumulative):"]
    for bucket, keys in _BUCKETS.items():
        cum, ncalls = 0.0, 0
        for (path, _line, func), (_cc, nc, _tt, ct, _callers) in entries.items():
            if any(path.endswith(f) and func.startswith(name) for f, name in keys):
                cum, ncalls = max(cum, ct) if "total" in bucket else cum + ct, ncalls + nc
        lines.append(f"  {bucket:<34} {cum:8.2f} s  ({ncalls} calls)")
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(12)
    body = out.getvalue()
    lines += ["", "top functions by own time:", body[body.find("   ncalls") :].rstrip()]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--article", type=Path, default=DEFAULT_ARTICLE)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv[1:])
    text = args.article.read_text(encoding="utf-8")
    print(f"article: {args.article.name} ({len(text.split())} words)")

    warm, _ = brief_once(text)
    print(warm.line("warm-up"))
    runs = []
    for i in range(args.runs):
        run, _ = brief_once(text)
        runs.append(run)
        print(run.line(f"run {i + 1}"))

    median = Run(
        wall_s=statistics.median(r.wall_s for r in runs),
        cpu_s=statistics.median(r.cpu_s for r in runs),
        model_s=statistics.median(r.model_s for r in runs),
        calls=int(statistics.median(r.calls for r in runs)),
        tokens_in=int(statistics.median(r.tokens_in for r in runs)),
        tokens_out=int(statistics.median(r.tokens_out for r in runs)),
        claims=int(statistics.median(r.claims for r in runs)),
    )
    overhead = statistics.median(r.overhead for r in runs)
    print(median.line("median"))
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"cores: {os.cpu_count()}; 1-min load average at the end: {load:.1f}")
    per_call = median.model_s / median.calls if median.calls else 0.0
    print(f"model time per call: {per_call:.2f} s; median overhead {overhead:.2%}")
    wall_ok = median.wall_s <= TARGET_WALL_S
    overhead_ok = overhead <= TARGET_OVERHEAD
    print(
        f"target wall <= {TARGET_WALL_S:.0f} s: {'PASS' if wall_ok else 'MISS'}; "
        f"target overhead <= {TARGET_OVERHEAD:.0%}: {'PASS' if overhead_ok else 'MISS'}"
    )
    if args.profile:
        print()
        print(profile_once(text))
    return 0 if wall_ok and overhead_ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
