"""Batch runs: inputs, per-item failures, resume, atomic output, cache hits, the CLI.

Pure-logic tests use the ``heuristic`` model (no model at all); provider paths run
against the loopback chat server, whose request log shows what a run really sent.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from support.chat_server import ChatServer, LoopbackServer

from summarizer import Limits, resolve_settings
from summarizer.batch import (
    EXIT_INTERRUPTED,
    EXIT_ITEMS_FAILED,
    BatchInput,
    BatchReport,
    Journal,
    journal_path,
    lock_path,
    read_inputs,
    read_records,
    run_batch,
)
from summarizer.batch.lock import OutputLock
from summarizer.cache import SQLiteCache
from summarizer.cli import main
from summarizer.errors import BatchLockedError
from summarizer.settings import Settings
from summarizer.store import MemoryStore

CORE = Path(__file__).parent.parent / "evals" / "suites" / "core"
NAMES = ("steel-tariff-wire", "dockworkers-strike-wire", "border-talks-spokesperson")
HEURISTIC = resolve_settings(model="heuristic")


@pytest.fixture(scope="module")
def server() -> Iterator[ChatServer]:
    """One loopback server for the module (each one takes 0.5 s to shut down)."""
    with ChatServer() as chat:
        yield chat


def _articles(folder: Path, names: tuple[str, ...] = NAMES) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / f"{name}.txt").write_text((CORE / f"{name}.txt").read_text("utf-8"), "utf-8")
    return folder


def _live(server: ChatServer, **limits: Any) -> Settings:
    return resolve_settings(
        model="local", base_url=server.base_url, api_key="x", limits=Limits(**limits)
    )


def _run(inputs: Any, out: Path, settings: Settings, **kwargs: Any) -> BatchReport:
    kwargs.setdefault("use_cache", False)
    return asyncio.run(run_batch(inputs, out, settings=settings, **kwargs))


def _by_id(out: Path) -> dict[str, dict[str, Any]]:
    return {r["id"]: r for r in read_records(out)}


def _titles_asked(requests: list[dict[str, Any]]) -> str:
    return "\n".join(m["content"] for r in requests for m in r["messages"])


def test_read_inputs_from_a_directory(tmp_path: Path) -> None:
    _articles(tmp_path / "in", NAMES[:2])
    (tmp_path / "in" / "sub").mkdir()
    (tmp_path / "in" / "sub" / "page.html").write_text("<p>x</p>", "utf-8")
    (tmp_path / "in" / "notes.json").write_text("{}", "utf-8")
    ids = [item.id for item in read_inputs(tmp_path / "in")]
    assert ids == ["dockworkers-strike-wire.txt", "steel-tariff-wire.txt", "sub/page.html"]


def test_read_inputs_from_jsonl_flags_bad_lines(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "text": "Some text."}),
        "{not json",
        json.dumps({"id": "b", "path": "b.txt", "title": "B"}),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "c", "url": "http://127.0.0.1:9/x"}),
        json.dumps({"id": "a", "text": "again"}),
        json.dumps(["not", "an", "object"]),
        "",
    ]
    (tmp_path / "in.jsonl").write_text("\n".join(lines), "utf-8")
    items = read_inputs(tmp_path / "in.jsonl")
    assert [i.id for i in items] == ["a", "in.jsonl:2", "b", "in.jsonl:4", "c", "a", "in.jsonl:7"]
    assert [i.problem is None for i in items] == [True, False, True, False, True, False, False]
    assert items[2].path == tmp_path / "b.txt" and items[2].title == "B"
    assert "duplicate" in (items[5].problem or "")


def test_bad_file_is_recorded_and_the_good_one_is_briefed(tmp_path: Path) -> None:
    folder = _articles(tmp_path / "in", NAMES[:1])
    (folder / "zz-binary.txt").write_bytes(bytes(range(256)) * 20)
    out = tmp_path / "out.jsonl"
    report = _run(folder, out, HEURISTIC)
    records = read_records(out)
    assert [r["id"] for r in records] == ["steel-tariff-wire.txt", "zz-binary.txt"]
    assert records[0]["status"] == "ok" and records[0]["brief"]["summary"]
    assert records[1]["status"] == "error"
    assert records[1]["error"]["type"] == "InputError" and records[1]["error"]["exit_code"] == 3
    assert (report.done, report.failed, report.skipped) == (1, 1, 0)
    assert report.exit_code == EXIT_ITEMS_FAILED != 0
    assert not journal_path(out).exists()


def test_cli_exit_code_and_summary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = _articles(tmp_path / "in", NAMES[:1])
    out = tmp_path / "out.jsonl"
    assert main(["batch", str(folder), "-o", str(out), "-m", "heuristic", "-q"]) == 0
    (folder / "empty.txt").write_text("", "utf-8")
    assert main(["batch", str(folder), "-o", str(out), "-m", "heuristic", "-q"]) == 20
    err = capsys.readouterr().err
    assert "2 items: 0 done, 1 skipped, 1 failed" in err
    assert [r["status"] for r in read_records(out)] == ["error", "ok"]


def test_jsonl_input_with_a_malformed_line(tmp_path: Path) -> None:
    text = (CORE / "steel-tariff-wire.txt").read_text("utf-8")
    lines = [json.dumps({"id": "good", "text": text}), '{"id": "broken", "text": ']
    (tmp_path / "in.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    seen: list[tuple[int, int]] = []
    report = _run(
        tmp_path / "in.jsonl", tmp_path / "out.jsonl", HEURISTIC, progress=lambda *a: seen.append(a)
    )
    assert seen == [(0, 2), (1, 2), (2, 2)]  # the caller draws progress; the library counts
    records = read_records(tmp_path / "out.jsonl")
    assert [r["status"] for r in records] == ["ok", "error"]
    assert records[1]["id"] == "in.jsonl:2" and records[1]["error"]["type"] == "InputError"
    assert report.failed == 1 and report.done == 1


def test_resume_skips_done_items_and_retries_failed_ones(
    tmp_path: Path, server: ChatServer
) -> None:
    folder = _articles(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    settings = _live(server, transport_attempts=1)
    server.fail_next("500")  # concurrency 1: the first article's only attempt fails
    first = _run(folder, out, settings, concurrency=1)
    assert (first.done, first.failed) == (2, 1)
    failed = [r["id"] for r in read_records(out) if r["status"] == "error"]
    assert failed == ["border-talks-spokesperson.txt"]
    assert _by_id(out)[failed[0]]["error"]["type"] == "ProviderError"
    sent = len(server.requests)
    second = _run(folder, out, settings, concurrency=1)
    new = server.requests[sent:]
    assert (second.skipped, second.done, second.failed) == (2, 1, 0)
    assert len(new) == 1 and "Norvania" in _titles_asked(new)  # only the failed one
    assert all(r["status"] == "ok" for r in read_records(out))


def test_interrupted_run_keeps_old_output_and_journal_then_resumes(
    tmp_path: Path, server: ChatServer
) -> None:
    folder = _articles(tmp_path / "in", NAMES[:1])
    out = tmp_path / "out.jsonl"
    _run(folder, out, HEURISTIC)
    old = out.read_bytes()
    _articles(folder, NAMES[1:])
    settings = _live(server)
    server.delay = 0.25
    try:

        async def interrupted() -> None:
            task = asyncio.create_task(
                run_batch(folder, out, settings=settings, concurrency=1, use_cache=False)
            )
            while len(read_records(journal_path(out))) < 1:  # one item journaled
                await asyncio.sleep(0.02)
            task.cancel()  # what Ctrl-C does to asyncio.run's main task
            with pytest.raises(asyncio.CancelledError):
                await task

        asyncio.run(interrupted())
        time.sleep(0.4)  # let the abandoned worker's request finish
        assert out.read_bytes() == old  # the old complete file, never a half-written one
        journaled = read_records(journal_path(out))
        assert [r["id"] for r in journaled] == ["border-talks-spokesperson.txt"]
        assert journaled[0]["status"] == "ok"
        sent = len(server.requests)
        report = _run(folder, out, settings, concurrency=1)
        new = server.requests[sent:]
    finally:
        server.delay = 0.0
    assert report.skipped == 2 and report.done == 1
    assert len(new) == 1 and "Norvania" not in _titles_asked(new)
    assert [r["status"] for r in read_records(out)] == ["ok", "ok", "ok"]
    assert not journal_path(out).exists()


def test_failing_server_never_stops_the_batch(tmp_path: Path, server: ChatServer) -> None:
    folder = _articles(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    server.fail_next("500", "500", "500")  # one attempt each: every item fails
    report = _run(folder, out, _live(server, transport_attempts=1), concurrency=3)
    assert report.failed == 3 and report.exit_code == EXIT_ITEMS_FAILED
    records = read_records(out)
    assert [r["error"]["type"] for r in records] == ["ProviderError"] * 3
    assert all(r["error"]["exit_code"] == 6 for r in records)


def test_cache_hit_on_rerun_sends_no_request(tmp_path: Path, server: ChatServer) -> None:
    folder = _articles(tmp_path / "in", NAMES[:2])
    before = len(server.requests)
    with SQLiteCache(tmp_path / "cache.sqlite3") as cache:
        settings = _live(server)
        first = _run(folder, tmp_path / "a.jsonl", settings, use_cache=True, store=cache)
        sent = len(server.requests)
        second = _run(folder, tmp_path / "b.jsonl", settings, use_cache=True, store=cache)
        assert len(server.requests) == sent  # 0 requests on the rerun
    assert first.model_calls == sent - before == 2 and first.cache_hits == 0
    assert second.model_calls == 0 and second.cache_hits == 2 and second.done == 2
    briefs_a = [r["brief"]["actors"] for r in read_records(tmp_path / "a.jsonl")]
    briefs_b = [r["brief"]["actors"] for r in read_records(tmp_path / "b.jsonl")]
    assert briefs_a == briefs_b


def test_no_cache_and_an_existing_store(
    tmp_path: Path, server: ChatServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    folder = _articles(tmp_path / "in", NAMES[:1])
    store = MemoryStore()
    settings = _live(server)
    before = len(server.requests)
    _run(folder, tmp_path / "a.jsonl", settings, use_cache=False)
    _run(folder, tmp_path / "b.jsonl", settings, use_cache=False)
    assert len(server.requests) - before == 2  # no cache: both runs asked
    _run(folder, tmp_path / "c.jsonl", settings, store=store, use_cache=True)
    assert len(store.items) == 1  # the store given is used...
    assert not (tmp_path / "cache").exists()  # ...and the default cache is never opened


def test_a_torn_journal_line_is_ignored_and_not_glued_to(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    journal_path(out).write_text('{"id": "steel-tariff-wire.txt", "status": "o', "utf-8")
    journal = Journal(journal_path(out))
    journal.write({"id": "x", "status": "ok"})
    journal.close()
    assert read_records(journal_path(out)) == [{"id": "x", "status": "ok"}]
    folder = _articles(tmp_path / "in", NAMES[:1])
    report = _run(folder, out, HEURISTIC)
    assert (report.done, report.skipped) == (1, 0)


# --- interrupts, contention and edits (issue 10, item 7) ------------------------------

ROOT = Path(__file__).resolve().parent.parent


def _cli_env(tmp_path: Path) -> dict[str, str]:
    """The environment of a CLI subprocess: this checkout's code, no stray settings."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("OPENAI_", "SUMMARIZER_")) and k != "PYTHONPATH"
    }
    return env | {"PYTHONPATH": str(ROOT), "XDG_CACHE_HOME": str(tmp_path / "cache")}


def _start_batch(
    tmp_path: Path, folder: Path, out: Path, server: ChatServer, strategy: str = "auto"
) -> Any:
    """A ``summarizer batch`` subprocess against ``server``, one article at a time."""
    args = [sys.executable, "-m", "summarizer.cli", "batch", str(folder), "-o", str(out)]
    args += ["-m", "local", "--base-url", server.base_url, "-c", "1", "-q", "--no-cache"]
    args += ["--strategy", strategy]
    env = _cli_env(tmp_path) | {"OPENAI_API_KEY": "x"}
    return subprocess.Popen(
        args, cwd=tmp_path, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def _timed_lines(stream: Any) -> list[tuple[float, str]]:
    """Lines of ``stream`` with the time each arrived, read on a thread until it closes."""
    lines: list[tuple[float, str]] = []

    def read() -> None:
        for line in stream:
            lines.append((time.monotonic(), line.rstrip("\n")))

    threading.Thread(target=read, daemon=True).start()
    return lines


def _wait_until(check: Any, proc: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert proc.poll() is None, f"the run ended early: {proc.communicate()}"
        assert time.monotonic() < deadline, "the run never got there"
        time.sleep(0.05)


@pytest.fixture
def hanging() -> Iterator[ChatServer]:
    """A server whose second request hangs for a minute (the first is answered)."""
    with ChatServer(hang_seconds=60.0) as chat:
        chat.fail_next("ok", "hang")
        yield chat


@pytest.mark.parametrize("strategy", ["full", "guided"])  # async calls; calls in threads
def test_ctrl_c_against_a_hung_endpoint_stops_at_once_and_says_how_to_resume(
    strategy: str, tmp_path: Path, hanging: ChatServer
) -> None:
    folder, out = _articles(tmp_path / "in"), tmp_path / "out.jsonl"
    proc = _start_batch(tmp_path, folder, out, hanging, strategy)
    err = _timed_lines(proc.stderr)
    try:  # the second request hangs (full: one article briefed before it)
        _wait_until(lambda: len(hanging.requests) >= 2, proc)
        if strategy == "full":
            _wait_until(lambda: read_records(journal_path(out)), proc)
        sent = time.monotonic()
        proc.send_signal(signal.SIGINT)
        proc.wait(timeout=60)
        exited = time.monotonic() - sent
    finally:
        proc.kill()
    time.sleep(0.1)  # the reader thread takes the last line
    assert proc.returncode == EXIT_INTERRUPTED == 130
    assert len(err) == 1, err
    said_at, line = err[0]
    # Stopped and said so at once, and gone within a second or two (measured: 0.01 s to
    # the line, 0.1-0.2 s to exit on a loaded 2-core machine; 64 s and no line before).
    assert said_at - sent < 2.0, f"the resume line came {said_at - sent:.1f} s after Ctrl-C"
    assert exited < 2.0, f"the process took {exited:.1f} s to exit"
    journaled = read_records(journal_path(out))
    kept = len(journaled)
    assert f"{kept} finished item{'s' * (kept != 1)} kept in {journal_path(out)}" in line
    assert "rerun the same command" in line
    assert not out.exists() and not lock_path(out).exists()
    if strategy == "full":
        assert [r["id"] for r in journaled] == ["border-talks-spokesperson.txt"]
        sent_before = len(hanging.requests)
        report = _run(folder, out, _live(hanging), concurrency=1)  # the rerun resumes
        assert (report.skipped, report.done, report.failed) == (1, 2, 0)
        assert len(hanging.requests) - sent_before == 2


def test_a_second_run_on_the_same_output_is_refused_cleanly(
    tmp_path: Path, hanging: ChatServer, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, out = _articles(tmp_path / "in"), tmp_path / "out.jsonl"
    first = _start_batch(tmp_path, folder, out, hanging)
    try:
        _wait_until(lambda: len(hanging.requests) >= 2, first)
        journal = journal_path(out).read_bytes()
        args = ["batch", str(folder), "-o", str(out), "-m", "heuristic", "-q", "--no-cache"]
        assert main(args) == BatchLockedError.exit_code == 21
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "another batch run is writing" in err[0], err
        assert journal_path(out).read_bytes() == journal and not out.exists()  # untouched
        first.send_signal(signal.SIGKILL)  # a killed run leaves no stale lock
        first.wait(timeout=30)
    finally:
        first.kill()
    assert main(args) == 0
    assert [r["status"] for r in read_records(out)] == ["ok"] * 3


def test_the_lock_is_exclusive_and_leaves_no_file(tmp_path: Path) -> None:
    out = tmp_path / "out.jsonl"
    with OutputLock(out):
        assert lock_path(out).read_text().strip() == str(os.getpid())
        with pytest.raises(BatchLockedError, match="another batch run"), OutputLock(out):
            pass
    assert not lock_path(out).exists()
    with OutputLock(out):  # free again
        pass


def test_an_edited_article_is_briefed_again(tmp_path: Path) -> None:
    folder = _articles(tmp_path / "in")
    out = tmp_path / "out.jsonl"
    _run(folder, out, HEURISTIC)
    edited = folder / "steel-tariff-wire.txt"
    text = edited.read_text("utf-8")
    edited.write_text(text.replace("Arvid Kjell", "Arvid Brightwater"), "utf-8")
    report = _run(folder, out, HEURISTIC)
    assert (report.skipped, report.done) == (2, 1)
    brief = _by_id(out)["steel-tariff-wire.txt"]["brief"]
    assert "Brightwater" in json.dumps(brief) and "Arvid Kjell" not in json.dumps(brief)
    again = _run(folder, out, HEURISTIC)
    assert (again.skipped, again.done) == (3, 0)  # unchanged now: nothing to redo


def test_edited_jsonl_text_and_title_are_briefed_again(tmp_path: Path) -> None:
    text = (CORE / "steel-tariff-wire.txt").read_text("utf-8")
    lines = [{"id": "a", "text": text}, {"id": "b", "text": text, "title": "Steel"}]
    source, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    _run(source, out, HEURISTIC)
    lines[0]["text"] = text + "\nThe union said it would strike on Monday."
    lines[1]["title"] = "Steel tariffs"
    source.write_text("".join(json.dumps(x) + "\n" for x in lines), "utf-8")
    report = _run(source, out, HEURISTIC)
    assert (report.skipped, report.done) == (0, 2)
    assert _by_id(out)["b"]["brief"]["sources"][0]["title"] == "Steel tariffs"


class PageServer(LoopbackServer):
    """Serves ``text`` at ``/article`` as a plain-text page (editable between runs)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.gets = 0
        super().__init__()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                server.gets += 1
                body = server.text.encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        return Handler


def test_a_url_is_fetched_again_and_rebriefed_only_when_its_text_changed(
    tmp_path: Path,
) -> None:
    text = (CORE / "steel-tariff-wire.txt").read_text("utf-8")
    with PageServer(text) as page:
        url = page.base_url.removesuffix("/v1") + "/article"
        (tmp_path / "in.jsonl").write_text(json.dumps({"id": "u", "url": url}) + "\n", "utf-8")
        out = tmp_path / "out.jsonl"
        _run(tmp_path / "in.jsonl", out, HEURISTIC)
        first = out.read_bytes()
        same = _run(tmp_path / "in.jsonl", out, HEURISTIC)
        assert (same.skipped, same.done, page.gets) == (1, 0, 2)  # fetched, kept as it was
        assert out.read_bytes() == first
        page.text = text.replace("Arvid Kjell", "Arvid Brightwater")
        edited = _run(tmp_path / "in.jsonl", out, HEURISTIC)
    assert (edited.skipped, edited.done) == (0, 1)
    assert "Brightwater" in json.dumps(_by_id(out)["u"]["brief"])


# --- a cache that cannot be opened (issue 10, item 9) ---------------------------------


@pytest.mark.parametrize("cache_home", ["under-a-file", "/proc"])
def test_an_unusable_cache_never_stops_a_batch(
    cache_home: str, tmp_path: Path, server: ChatServer
) -> None:
    folder, out = _articles(tmp_path / "in", NAMES[:2]), tmp_path / "out.jsonl"
    if cache_home == "under-a-file":  # ENOTDIR even for root, whom chmod does not stop
        (tmp_path / "file").write_text("x", "utf-8")
        cache_home = str(tmp_path / "file")
    args = [sys.executable, "-m", "summarizer.cli", "batch", str(folder), "-o", str(out)]
    args += ["-m", "local", "--base-url", server.base_url, "-q"]
    env = _cli_env(tmp_path) | {"OPENAI_API_KEY": "x", "XDG_CACHE_HOME": cache_home}
    run = subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 2 and "running without the response cache" in lines[0], lines
    assert lines[1].startswith("2 items: 2 done") and "2 model calls" in lines[1]
    assert [r["status"] for r in read_records(out)] == ["ok", "ok"]


def test_fingerprints_read_only_regular_files(tmp_path: Path) -> None:
    """A rerun hashes inputs to find edits: a FIFO or a device is never read (it would
    hang or never end); the loader then refuses it as an input."""
    (tmp_path / "a.txt").write_text("Same text.", "utf-8")
    os.mkfifo(tmp_path / "fifo.txt")  # no writer: opening it for reading would block
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    started = time.monotonic()
    prints = {p.name: BatchInput(id=p.name, path=p).fingerprint() for p in tmp_path.iterdir()}
    assert time.monotonic() - started < 1.0
    assert prints["fifo.txt"] is None and prints["zero.txt"] is None
    assert prints["a.txt"] == BatchInput(id="x", text="Same text.").fingerprint()
    assert BatchInput(id="u", url="http://127.0.0.1:9/a").fingerprint() is None
