"""Start-up time: ``summarizer --help`` and ``summarizer schema`` against a bare ``python -c pass``.

    python benchmarks/bench_startup.py [--runs 15]

Each command runs N times in a new interpreter (``python -m summarizer``, with this
checkout first on ``PYTHONPATH``); the median wall time is printed, with the difference
from bare interpreter start-up. Target: ``--help`` within 0.3 s of bare Python. The load
average is printed too, since other jobs on a shared machine slow every figure.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_S = 0.3
COMMANDS = {
    "python -c pass": [sys.executable, "-c", "pass"],
    "summarizer --help": [sys.executable, "-m", "summarizer", "--help"],
    "summarizer --version": [sys.executable, "-m", "summarizer", "--version"],
    "summarizer schema": [sys.executable, "-m", "summarizer", "schema"],
}


def _time(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15, help="runs per command (median)")
    runs = parser.parse_args().runs
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for cmd in COMMANDS.values():  # warm the file cache and the bytecode
        _time(cmd, env)
    medians: dict[str, float] = {}
    # Interleaved rounds, so a burst of load hits every command alike.
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(runs):
        for name, cmd in COMMANDS.items():
            samples[name].append(_time(cmd, env))
    medians = {name: statistics.median(times) for name, times in samples.items()}
    bare = medians["python -c pass"]
    print(f"median of {runs} runs; load average {os.getloadavg()[0]:.1f}")
    for name, median in medians.items():
        extra = "" if name == "python -c pass" else f"  (+{median - bare:.3f} s over bare Python)"
        print(f"  {name:<22} {median:.3f} s{extra}")
    over = medians["summarizer --help"] - bare
    verdict = "met" if over <= TARGET_S else "NOT met"
    print(f"target: --help within {TARGET_S} s of bare Python: {verdict} (+{over:.3f} s)")


if __name__ == "__main__":
    main()
