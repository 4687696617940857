"""Soak: N briefs through the batch runner against a flaky loopback endpoint; memory must stay flat.

For each N (default 100, 250, 500) a fresh ChatServer with ``fault_rate`` 0.05 (random
429 / 500 / 503 / reset / invalid JSON / schema-breaking JSON on 5% of requests) runs in
this process, and a child process briefs N articles (the core gold suite, cycled) with
``summarizer.batch.run_batch`` at concurrency 8, the cache off, ``model="local"`` and
the full strategy. The child measures itself, so the figures are the pipeline's alone
(the server keeps every request it saw, which would otherwise count against the run):

- completed / failed items and wall time (tracemalloc is on, which slows Python down);
- peak RSS (``resource.getrusage(RUSAGE_SELF).ru_maxrss``) and RSS at the end;
- tracemalloc peak and what is still allocated after the run (retained).

Flat target: peak memory at N=500 within a few MB of N=100. A script that prints
figures, not a test.

Usage: python benchmarks/soak.py [--sizes 100,250,500] [--concurrency 8] [--fault-rate 0.05]
       [--verbose]
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUITE = ROOT / "evals" / "suites" / "core"


def _rss_mb() -> float:
    # Current resident set size; ru_maxrss only gives the high-water mark.
    with open("/proc/self/statm", encoding="ascii") as handle:
        pages = int(handle.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


def child(n: int, base_url: str, concurrency: int, out_dir: Path) -> dict[str, float]:
    """Brief ``n`` articles through run_batch; return counts, time and memory figures."""
    from summarizer import Limits, resolve_settings
    from summarizer.batch import BatchInput, run_batch

    # coalition-talks-long is left out: the loopback responder's naive slugging repeats an
    # actor id in its draft, so every attempt fails validation whatever the faults.
    texts = [
        p.read_text(encoding="utf-8")
        for p in sorted(SUITE.glob("*.txt"))
        if p.stem != "coalition-talks-long"
    ]
    items = [BatchInput(id=f"item-{i:04d}", text=texts[i % len(texts)]) for i in range(n)]
    settings = resolve_settings(
        model="local",
        base_url=base_url,
        api_key="sk-soak-local",
        strategy="full",
        limits=Limits(),
    )
    # Warm up untraced: SDK imports and the shared client are one-off costs, not growth.
    warm = [BatchInput(id=f"warm-{i}", text=texts[i]) for i in range(concurrency)]
    # A file of its own per N: run_batch resumes, and would skip ids an earlier N did.
    asyncio.run(
        run_batch(
            warm,
            out_dir / f"warm-{n}.jsonl",
            settings=settings,
            concurrency=concurrency,
            use_cache=False,
        )
    )
    gc.collect()
    modules_before = set(sys.modules)
    rss_before = _rss_mb()
    tracemalloc.start()
    started = time.perf_counter()
    report = asyncio.run(
        run_batch(
            items,
            out_dir / f"soak-{n}.jsonl",
            settings=settings,
            concurrency=concurrency,
            use_cache=False,
        )
    )
    wall = time.perf_counter() - started
    _, peak = tracemalloc.get_traced_memory()
    gc.collect()
    retained, _ = tracemalloc.get_traced_memory()
    top = tracemalloc.take_snapshot().statistics("filename")[:3]
    tracemalloc.stop()
    errors: dict[str, int] = {}
    for line in (out_dir / f"soak-{n}.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["status"] != "ok":
            kind = record["error"]["type"]
            errors[kind] = errors.get(kind, 0) + 1
    return {
        "n": n,
        "errors": errors,
        "done": report.done,
        "failed": report.failed,
        "wall_s": round(wall, 1),
        "per_brief_ms": round(1000 * wall / n, 1),
        "model_calls": report.model_calls,
        "rss_before_mb": round(rss_before, 1),
        "rss_end_mb": round(_rss_mb(), 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "tracemalloc_peak_mb": round(peak / 2**20, 2),
        "retained_mb": round(retained / 2**20, 2),
        "new_modules": sorted({m.split(".")[0] for m in set(sys.modules) - modules_before})[:30],
        "top_retained": [f"{t.traceback[0].filename}: {t.size / 2**20:.2f} MB" for t in top],
    }


def parent(sizes: list[int], concurrency: int, fault_rate: float, verbose: bool) -> None:
    """One child per N, each against a fresh flaky server; print the table."""
    sys.path.insert(0, str(ROOT))
    from tests.support.chat_server import ChatServer

    print(
        f"soak: run_batch, concurrency {concurrency}, cache off, model=local, strategy=full, "
        f"ChatServer(fault_rate={fault_rate}), tracemalloc on; cpus={os.cpu_count()}"
    )
    header = (
        f"{'N':>5} {'done':>5} {'failed':>6} {'requests':>8} {'wall s':>7} "
        f"{'ms/brief':>8} {'peak RSS MB':>11} {'end RSS MB':>10} "
        f"{'tracemalloc peak MB':>19} {'retained MB':>11}"
    )
    print(header)
    rows = []
    with tempfile.TemporaryDirectory(prefix="soak-") as tmp:
        for n in sizes:
            with ChatServer(fault_rate=fault_rate, seed=n) as server:
                # The untraced warm-up meets every random fault once, so code (and imports)
                # that only a fault path needs are loaded before measuring starts.
                server.fail_next("429", "500", "503", "reset", "invalid_json", "bad_schema")
                run = subprocess.run(
                    [
                        sys.executable,
                        __file__,
                        "--child",
                        str(n),
                        "--base-url",
                        server.base_url,
                        "--concurrency",
                        str(concurrency),
                        "--out",
                        tmp,
                    ],
                    cwd=ROOT,
                    capture_output=True,
                    text=True,
                    check=False,
                    env={**os.environ, "PYTHONPATH": str(ROOT)},
                )
                served = len(server.requests)
            if run.returncode != 0:
                print(f"N={n}: child failed ({run.returncode}): {run.stderr[-2000:]}")
                continue
            row = json.loads(run.stdout.strip().splitlines()[-1])
            rows.append(row)
            if verbose:
                print("      retained by file:", "; ".join(row["top_retained"]))
                print("      modules first imported while measuring:", row["new_modules"])
            print(
                f"{n:>5} {row['done']:>5} {row['failed']:>6} {served:>8} {row['wall_s']:>7} "
                f"{row['per_brief_ms']:>8} {row['peak_rss_mb']:>11} {row['rss_end_mb']:>10} "
                f"{row['tracemalloc_peak_mb']:>19} {row['retained_mb']:>11}  "
                f"{row['errors'] or ''}",
                flush=True,
            )
    if len(rows) >= 2:
        first, last = rows[0], rows[-1]
        slope = (last["peak_rss_mb"] - first["peak_rss_mb"]) / (last["n"] - first["n"])
        grew = last["peak_rss_mb"] - first["peak_rss_mb"]
        traced = last["tracemalloc_peak_mb"] - first["tracemalloc_peak_mb"]
        print(
            f"peak RSS growth N={first['n']}→{last['n']}: {grew:+.1f} MB "
            f"({1024 * slope:+.1f} KB/brief); tracemalloc peak {traced:+.2f} MB"
        )


def main() -> None:
    """Parse arguments; run as the parent, or as one measured child."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,250,500")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--fault-rate", type=float, default=0.05)
    parser.add_argument("--verbose", action="store_true", help="Where retained memory sits.")
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--base-url", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.base_url, args.concurrency, args.out)))
        return
    parent([int(x) for x in args.sizes.split(",")], args.concurrency, args.fault_rate, args.verbose)


if __name__ == "__main__":
    main()
