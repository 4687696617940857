"""Offline brief speed: the cue engine (with its spaCy parse) on the 40 real wire stories.

    python benchmarks/bench_offline.py [--repeat 3]

Reads ``../shared/data/duc-dev/articles`` (skips with a message when absent). Prints the
one-off cost of loading the parser, the median and 95th-percentile time of one article's
brief in a warm process (the parse cache is cleared between rounds, so every round parses
afresh), the words per second, the peak RSS, and the wall time of one ``summarizer brief`` command.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
ARTICLES = ROOT.parent / "shared" / "data" / "duc-dev" / "articles"

from summarizer import summarize  # noqa: E402
from summarizer.parse import parse, pipeline  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="rounds over the 40 articles")
    repeat = ap.parse_args().repeat
    if not ARTICLES.is_dir():
        print(f"skipped: {ARTICLES} is absent")
        return
    texts = [p.read_text(encoding="utf-8") for p in sorted(ARTICLES.glob("*.txt"))]
    started = time.perf_counter()
    pipeline()
    load_s = time.perf_counter() - started
    times: list[float] = []
    for _ in range(repeat):
        parse.cache_clear()  # every round parses afresh, as a new article would
        for text in texts:
            t0 = time.perf_counter()
            summarize(text, model="heuristic")
            times.append(time.perf_counter() - t0)
    words = sum(len(t.split()) for t in texts) * repeat
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    cli = [sys.executable, "-m", "summarizer", "brief", str(ARTICLES / "duc-45-D1.txt")]
    t0 = time.perf_counter()
    subprocess.run(cli, cwd=ROOT, stdout=subprocess.DEVNULL, check=True)
    cli_s = time.perf_counter() - t0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    load = Path("/proc/loadavg").read_text().split()[0]
    print(f"articles {len(texts)} x {repeat}, load average {load}")
    print(f"parser load {load_s:.2f} s (once per process)")
    print(
        f"one brief: median {statistics.median(times) * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
        f"{words / sum(times):.0f} words/s"
    )
    print(f"peak RSS {rss:.0f} MB; one `summarizer brief` command {cli_s:.2f} s wall")


if __name__ == "__main__":
    main()
