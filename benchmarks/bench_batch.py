"""Batch throughput: 48 articles against a loopback server that takes 0.5 s per request.

Run 1 (cache off, concurrency 8): the ideal is 48 / 8 x 0.5 s = 3 s once the first
request is out; the target is within 1.2x of that, plus start-up (imports, first client).
Start-up is measured as the time from the run's start to the first request reaching the
server. Runs 2 and 3: the same batch with a fresh cache, first populating it, then
rerun: the target is a >= 50x speed-up over run 1 with 0 model calls.

Articles: the core eval suite's texts, each twice under a different headline, so all 48
texts (and so all 48 cache keys) are distinct.

``--faults`` measures the batch rows of the README's fault table instead, each through
the CLI in a subprocess against a loopback server whose second request hangs: Ctrl-C
(full and guided strategies: time to the resume line and to exit), a second run on the
same output, a rerun after an edit, and a cache directory that cannot be opened.

Usage: python benchmarks/bench_batch.py [--faults]   (package installed, or PYTHONPATH=.)
"""

from __future__ import annotations

import asyncio
import multiprocessing as mp
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

import httpx  # noqa: E402
from support.chat_server import ChatServer, default_responder  # noqa: E402

from summarizer import resolve_settings  # noqa: E402
from summarizer.batch import run_batch  # noqa: E402
from summarizer.cache import SQLiteCache  # noqa: E402

N, CONCURRENCY, DELAY = 48, 8, 0.5
SUITE = ROOT / "evals" / "suites" / "core"


def write_articles(folder: Path) -> None:
    """48 distinct articles: every suite text under two different headlines."""
    texts = sorted(SUITE.glob("*.txt"))
    for i in range(N):
        source = texts[i % len(texts)]
        edition = i // len(texts) + 1
        headline = f"{source.stem.replace('-', ' ').title()}: edition {edition}"
        body = source.read_text(encoding="utf-8")
        (folder / f"{i:02d}-{source.stem}.txt").write_text(f"{headline}\n\n{body}", "utf-8")


class CountingResponder:
    """The default responder, counting requests and noting when the first one arrived."""

    def __init__(self, count: Any, first_at: Any) -> None:
        self.count, self.first_at = count, first_at

    def __call__(self, request: dict[str, Any]) -> dict[str, Any]:
        with self.count.get_lock():
            self.count.value += 1
            if self.first_at.value == 0.0:
                self.first_at.value = time.time() - DELAY  # the server slept before this
        return unique_actors(default_responder(request))


def unique_actors(draft: dict[str, Any]) -> dict[str, Any]:
    """The loopback responder can name one party twice (with and without a quote mark);
    a real model is told ids are unique, and re-asks would only add noise to the timing."""
    seen: set[str] = set()
    if "actors" in draft:
        draft["actors"] = [a for a in draft["actors"] if not (a["id"] in seen or seen.add(a["id"]))]
    return draft


def serve(url: Any, stop: Any, count: Any, first_at: Any) -> None:
    """The loopback server, in its own process: a remote model's CPU is not ours."""
    with ChatServer(CountingResponder(count, first_at), delay=DELAY) as server:
        url.send(server.base_url)
        stop.wait()


class RemoteServer:
    """ChatServer(delay=0.5) in a child process, with a request counter."""

    def __enter__(self) -> RemoteServer:
        ctx = mp.get_context("fork")
        self.count, self.first_at = ctx.Value("i", 0), ctx.Value("d", 0.0)
        self.stop = ctx.Event()
        parent, child = ctx.Pipe()
        self.process = ctx.Process(target=serve, args=(child, self.stop, self.count, self.first_at))
        self.process.start()
        self.base_url = parent.recv()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.process.join(5)


def timed_run(folder: Path, out: Path, settings: Any, cache: Any) -> tuple[float, Any]:
    """Wall time and report of one batch run."""
    started = time.perf_counter()
    report = asyncio.run(
        run_batch(
            folder,
            out,
            settings=settings,
            concurrency=CONCURRENCY,
            use_cache=cache is not None,
            store=cache,
        )
    )
    return time.perf_counter() - started, report


def transport_floor(base_url: str) -> float:
    """48 bare chat requests at concurrency 8 (httpx, no pipeline): the server's floor."""
    body = {"model": "local", "messages": [{"role": "user", "content": "[1] Ann Lee said no."}]}
    url = f"{base_url}/chat/completions"
    with httpx.Client(timeout=30) as client, ThreadPoolExecutor(CONCURRENCY) as pool:
        client.post(url, json=body)  # connect once
        started = time.perf_counter()
        list(pool.map(lambda _: client.post(url, json=body), range(N)))
        return time.perf_counter() - started


def main() -> None:
    """Print the figures."""
    ideal = N / CONCURRENCY * DELAY
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load} (other work shares these cores)")
    with tempfile.TemporaryDirectory() as tmp, RemoteServer() as server:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        write_articles(folder)
        settings = resolve_settings(model="local", base_url=server.base_url, api_key="x")
        started, cpu = time.time(), time.process_time()
        wall, report = timed_run(folder, Path(tmp) / "run1.jsonl", settings, None)
        cpu = time.process_time() - cpu
        startup = server.first_at.value - started
        steady = wall - startup
        print(f"run 1 (no cache, concurrency {CONCURRENCY}): {report.summary()}")
        print(f"  wall {wall:.2f} s = start-up {startup:.2f} s + {steady:.2f} s of requests")
        print(
            f"  ideal {ideal:.2f} s; ratio {steady / ideal:.2f}x (target <= 1.20x); "
            f"client CPU {cpu:.2f} s"
        )
        with SQLiteCache(Path(tmp) / "cache.sqlite3") as cache:
            fill, filled = timed_run(folder, Path(tmp) / "run2.jsonl", settings, cache)
            print(
                f"run 2 (fresh cache, populating, warm process): {fill:.2f} s "
                f"(ratio {fill / ideal:.2f}x), {filled.model_calls} model calls"
            )
            before = server.count.value
            again, cached = timed_run(folder, Path(tmp) / "run3.jsonl", settings, cache)
            print(
                f"run 3 (cache on, rerun to a new output): {again:.3f} s, "
                f"{cached.model_calls} model calls, {cached.cache_hits} cache hits, "
                f"{server.count.value - before} requests to the server"
            )
            print(
                f"  speed-up over run 1: {wall / again:.1f}x, over run 2: "
                f"{fill / again:.1f}x (target >= 50x)"
            )
            floor = transport_floor(server.base_url)
            print(
                f"transport floor: {N} bare requests at concurrency {CONCURRENCY}: "
                f"{floor:.2f} s ({floor / ideal:.2f}x ideal)"
            )
            resumed, skipped = timed_run(folder, Path(tmp) / "run3.jsonl", settings, cache)
            print(
                f"run 4 (cache on, rerun to the same output: resume): {resumed:.3f} s, "
                f"{skipped.skipped} skipped, {skipped.model_calls} model calls; "
                f"speed-up over run 1: {wall / resumed:.0f}x"
            )


# --- --faults: the batch rows of the fault table ------------------------------------


def _cli_env(tmp: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("OPENAI_", "SUMMARIZER_"))}
    return env | {"PYTHONPATH": str(ROOT), "OPENAI_API_KEY": "x", "XDG_CACHE_HOME": str(tmp)}


def _batch_args(folder: Path, out: Path, server: ChatServer, *more: str) -> list[str]:
    args = [sys.executable, "-m", "summarizer.cli", "batch", str(folder), "-o", str(out)]
    return [*args, "-m", "local", "--base-url", server.base_url, "-q", *more]


def _interrupt(folder: Path, tmp: Path, strategy: str) -> str:
    """Ctrl-C while the second request hangs: seconds to the resume line and to exit."""
    with ChatServer(hang_seconds=600) as server:
        server.fail_next("ok", "hang")
        out = tmp / f"ctrl-c-{strategy}.jsonl"
        args = _batch_args(folder, out, server, "-c", "1", "--no-cache", "--strategy", strategy)
        proc = subprocess.Popen(args, env=_cli_env(tmp), stderr=subprocess.PIPE, text=True)
        lines: list[tuple[float, str]] = []
        reader = threading.Thread(
            target=lambda: lines.extend((time.monotonic(), x.rstrip()) for x in proc.stderr),
            daemon=True,
        )
        reader.start()
        while len(server.requests) < 2:
            time.sleep(0.05)
        time.sleep(0.5)  # the hung request is well under way
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=600)
        exited = time.monotonic() - sent
        reader.join(5)
    said = f"{lines[0][0] - sent:.2f} s" if lines else "never"
    last = lines[-1][1] if lines else ""
    return f"exit {proc.returncode}; line after {said}, exit after {exited:.2f} s: {last}"


def _run_cli(args: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=600)
    return f"exit {done.returncode}: " + " | ".join(done.stderr.strip().splitlines())


def faults() -> None:
    """Print the measured outcome of each batch fault."""
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{os.cpu_count()} cores, load average {load}")
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        folder = tmp / "articles"
        folder.mkdir()
        for text in sorted(SUITE.glob("*.txt"))[:3]:
            (folder / text.name).write_text(text.read_text("utf-8"), "utf-8")
        for strategy in ("full", "guided"):
            outcome = _interrupt(folder, tmp, strategy)
            print(f"Ctrl-C against a hung endpoint ({strategy}): {outcome}")
        with ChatServer(hang_seconds=600) as server:
            server.fail_next("ok", "hang")
            out = tmp / "shared.jsonl"
            first = subprocess.Popen(
                _batch_args(folder, out, server, "-c", "1", "--no-cache"),
                env=_cli_env(tmp),
                stderr=subprocess.DEVNULL,
            )
            while len(server.requests) < 2:
                time.sleep(0.05)
            second = _run_cli(_batch_args(folder, out, server, "--no-cache"), _cli_env(tmp))
            print(f"a second run on the same output: {second}")
            first.send_signal(signal.SIGKILL)
            first.wait()
            again = _run_cli(_batch_args(folder, out, server, "--no-cache"), _cli_env(tmp))
            print(f"the same, after the first was killed with SIGKILL: {again}")
            edited = sorted(folder.iterdir())[0]
            edited.write_text(edited.read_text("utf-8") + "\nThe talks resume on Monday.\n")
            rerun = _run_cli(_batch_args(folder, out, server, "--no-cache"), _cli_env(tmp))
            print(f"a rerun after one article was edited: {rerun}")
            (tmp / "a-file").write_text("x", "utf-8")
            for home in (str(tmp / "a-file"), "/proc"):
                env = _cli_env(tmp) | {"XDG_CACHE_HOME": home}
                cached = _run_cli(_batch_args(folder, tmp / f"c{len(home)}.jsonl", server), env)
                print(f"cache home {home}: {cached}")


if __name__ == "__main__":
    faults() if "--faults" in sys.argv[1:] else main()
