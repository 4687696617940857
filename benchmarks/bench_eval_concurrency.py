"""``eval run --concurrency``: the core suite against a slow endpoint, serial and in parallel.

The oracle server (``tests/support/oracle_server.py``) runs in its own process and sleeps
``--latency`` seconds (0.5) per request, as a remote model's round trip would. The suite
(``run_suite``, live: no cassette, the no-LLM floor included) runs in this process, after
a one-article warm-up run has paid the one-time imports (openai, instructor: seconds on a
loaded machine, the same for any run); then serially and at ``--concurrency``. Both runs
must give the same scores, and the parallel run must take under a quarter of the serial
time. For the whole picture it also times the CLI, start-up included, in fresh processes
(``summarizer eval run --suite evals/suites/core --concurrency N``).

Usage: python benchmarks/bench_eval_concurrency.py [--latency 0.5] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVER = """
import sys, time
sys.path.insert(0, {tests!r})
from support.oracle_server import OracleServer
with OracleServer(latency={latency}) as server:
    print(server.base_url, flush=True)
    sys.stdin.read()  # until the benchmark closes our stdin
"""


def _scores(run: dict) -> list[tuple[str, float, float]]:
    return [(a["id"], a["strict_f1"], a["content_f1"]) for a in run["articles"]]


def run_cli(base_url: str, concurrency: int, out: Path) -> tuple[float, dict]:
    """Seconds the CLI took, and the run file it wrote."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    env["PYTHONPATH"] = str(ROOT)
    started = time.perf_counter()
    done = subprocess.run(
        [
            sys.executable, "-m", "summarizer", "eval", "run",
            "--suite", str(ROOT / "evals" / "suites" / "core"),
            "--model", "oracle", "--base-url", base_url, "--strategy", "full",
            "--concurrency", str(concurrency), "-o", str(out),
        ],
        env=env, capture_output=True, text=True, check=False,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(done.stderr)
    return seconds, json.loads(out.read_text(encoding="utf-8"))


def run_in_process(base_url: str, concurrency: int, ids: list[str] | None = None) -> dict:
    """The run file of ``run_suite`` at ``concurrency``, as a dict."""
    from summarizer.evaluate.run import run_suite_async
    from summarizer.settings import resolve_settings

    settings = resolve_settings(model="oracle", base_url=base_url, env={}, strategy="full")
    run = asyncio.run(
        run_suite_async(
            ROOT / "evals" / "suites" / "core",
            settings=settings,
            mode="live",
            concurrency=concurrency,
            ids=ids,
        )
    )
    return run.model_dump(mode="json")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency", type=float, default=0.5)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    code = SERVER.format(tests=str(ROOT / "tests"), latency=args.latency)
    server = subprocess.Popen(
        [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        base_url = server.stdout.readline().strip()
        sys.path.insert(0, str(ROOT))
        run_in_process(base_url, 1, ids=["steel-tariff-wire"])  # warm-up: imports, client
        serial = run_in_process(base_url, 1)
        fast = run_in_process(base_url, args.concurrency)
        with tempfile.TemporaryDirectory() as tmp:
            cli_serial_s, _ = run_cli(base_url, 1, Path(tmp) / "serial.json")
            cli_fast_s, cli_fast = run_cli(base_url, args.concurrency, Path(tmp) / "fast.json")
    finally:
        server.stdin.close()
        server.wait(timeout=30)
    same = _scores(serial) == _scores(fast) == _scores(cli_fast)
    n = len(serial["articles"])
    ratio, cli_ratio = fast["wall_s"] / serial["wall_s"], cli_fast_s / cli_serial_s
    strict = fast["aggregates"]["all_fields"]["strict_f1"]
    print(f"core suite, {n} articles, oracle endpoint with {args.latency} s per request")
    print(f"{'':16} {'suite run s':>11} {'CLI, start-up incl. s':>22}")
    print(f"{'serial':16} {serial['wall_s']:11.2f} {cli_serial_s:22.2f}")
    print(f"{f'concurrency {args.concurrency}':16} {fast['wall_s']:11.2f} {cli_fast_s:22.2f}")
    print(f"{'ratio':16} {ratio:11.3f} {cli_ratio:22.3f}   (target: suite run < 0.25)")
    print(f"same scores in every run: {same}; strict F1 {strict:.3f}")
    return 0 if same and ratio < 0.25 else 1


if __name__ == "__main__":
    sys.exit(main())
