"""The OpenAI Batch API path: request file, results parsing, and submit/poll/collect.

The request file is checked against what the live path really sends (the loopback chat
server's request log); results are built the way the Batch API returns them, with the
chat server's own answers. Submit, poll and collect run against a small loopback server
written here that implements ``/v1/files`` and ``/v1/batches``; nothing leaves the machine.
"""

from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Iterator
from email.parser import BytesParser
from email.policy import default as email_policy
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError
from support.chat_server import ChatServer, LoopbackServer

from summarizer import ConfigError, ProviderError, ProviderTimeoutError, resolve_settings, summarize
from summarizer.batch import (
    brief_from_answers,
    defer_requests,
    error_record,
    read_records,
    run_batch,
)
from summarizer.cache import SQLiteCache
from summarizer.ingest import load
from summarizer.providers.openai_batch import (
    BatchAnswers,
    PollOptions,
    parse_results,
    write_requests,
)
from summarizer.schema import Brief, Source
from summarizer.settings import Settings

CORE = Path(__file__).parent.parent / "evals" / "suites" / "core"
NAMES = ("steel-tariff-wire", "dockworkers-strike-wire")
FAST = PollOptions(interval_s=0.01, max_interval_s=0.02, timeout_s=5.0)


@pytest.fixture(scope="module")
def chat() -> Iterator[ChatServer]:
    """One loopback chat server for the module (each one takes 0.5 s to shut down)."""
    with ChatServer() as server:
        yield server


def _sources() -> list[Source]:
    return [load(CORE / f"{name}.txt") for name in NAMES]


def _settings(base_url: str = "http://127.0.0.1:9/v1") -> Settings:
    return resolve_settings(model="local", base_url=base_url, api_key="x", strategy="full")


def _result_line(n: int, custom_id: str, body: dict[str, Any], status: int = 200) -> str:
    """One line of a Batch API output file."""
    response = {"status_code": status, "request_id": f"req_{n}", "body": body}
    return json.dumps(
        {"id": f"batch_req_{n}", "custom_id": custom_id, "response": response, "error": None}
    )


def _answered(chat: ChatServer, lines: list[dict[str, Any]]) -> str:
    return "\n".join(
        _result_line(n, line["custom_id"], chat.completion(line["body"], "ok"))
        for n, line in enumerate(lines)
    )


def _grounded(brief: Brief) -> bool:
    spans = [ev for claim in brief.claims() for ev in claim.evidence]
    return bool(spans) and all(
        brief.sources[ev.source].text[ev.start : ev.end] == ev.quote for ev in spans
    )


def test_request_file_is_the_live_request(tmp_path: Path, chat: ChatServer) -> None:
    sources = _sources()
    before = len(chat.requests)
    for source in sources:
        summarize(source, settings=_settings(chat.base_url))
    live = chat.requests[before:]
    requests: dict[str, dict[str, Any]] = {}
    for source in sources:
        brief, deferred = defer_requests(source, _settings())
        assert brief is None and len(deferred) == 1
        requests.update(deferred)
    write_requests(tmp_path / "requests.jsonl", requests)
    lines = [json.loads(x) for x in (tmp_path / "requests.jsonl").read_text().splitlines()]
    assert len(lines) == 2 and {x["custom_id"] for x in lines} == set(requests)
    for line in lines:
        assert line["method"] == "POST" and line["url"] == "/v1/chat/completions"
        body = line["body"]
        assert body["tools"][0]["type"] == "function"
        assert body["tools"][0]["function"]["name"] == "Draft"
        assert body["tool_choice"] == {"type": "function", "function": {"name": "Draft"}}
        assert (body["model"], body["temperature"], body["max_tokens"]) == ("local", 0.0, 4096)
        assert body in live  # byte for byte what the live path sends


def test_results_become_grounded_briefs(tmp_path: Path, chat: ChatServer) -> None:
    sources = _sources()
    requests = {}
    for source in sources:
        requests.update(defer_requests(source, _settings())[1])
    write_requests(tmp_path / "requests.jsonl", requests)
    lines = [json.loads(x) for x in (tmp_path / "requests.jsonl").read_text().splitlines()]
    (tmp_path / "results.jsonl").write_text(_answered(chat, lines) + "\n", "utf-8")
    answers = BatchAnswers(batch_id="batch_test", sent=set(requests))
    parse_results((tmp_path / "results.jsonl").read_text("utf-8"), answers)
    assert set(answers.answers) == set(requests) and not answers.errors
    for source in sources:
        brief = brief_from_answers(source, _settings(), answers.store())
        assert brief.meta.cached_calls == 1 and brief.meta.usage.calls == 1
        assert brief.actors and _grounded(brief)


def test_failed_and_invalid_results_fail_their_items(chat: ChatServer) -> None:
    source = _sources()[0]
    ((key, request),) = defer_requests(source, _settings())[1].items()
    body = chat.completion(json.loads(json.dumps(_body(request))), "ok")
    args = json.loads(body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"])
    args["positions"] = [{"actor": "nobody", "stance": "x", "sentences": [1]}]
    body["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"] = json.dumps(args)
    invalid = BatchAnswers(batch_id="b1", sent={key})
    parse_results(_result_line(0, key, body), invalid)
    with pytest.raises(ValidationError) as caught:
        brief_from_answers(source, _settings(), invalid.store())
    record = error_record("a", caught.value)
    assert record["error"]["type"] == "ExtractionError" and "re-ask" in record["error"]["message"]
    failed = BatchAnswers(batch_id="b2", sent={key})
    parse_results(_result_line(0, key, {"error": {"message": "overloaded"}}, 500), failed)
    with pytest.raises(ProviderError, match="HTTP 500"):
        brief_from_answers(source, _settings(), failed.store())


def _body(request: dict[str, Any]) -> dict[str, Any]:
    from summarizer.providers.openai_batch import chat_body

    return chat_body(request)


class BatchServer(LoopbackServer):
    """A loopback stand-in for the OpenAI files and batches endpoints.

    A batch answers every line with the chat server's completion; it reports
    ``in_progress`` on the first retrieve and ``completed`` after, unless ``hold`` is set.
    """

    def __init__(self, chat: ChatServer) -> None:
        self.chat = chat
        self.files: dict[str, bytes] = {}
        self.batches: dict[str, dict[str, Any]] = {}
        self.retrieves = 0
        self.hold = False
        super().__init__()

    def upload(self, content_type: str, body: bytes) -> dict[str, Any]:
        message = BytesParser(policy=email_policy).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        parts = {p.get_param("name", header="content-disposition"): p for p in message.iter_parts()}
        assert parts["purpose"].get_content().strip() == "batch"
        data = parts["file"].get_payload(decode=True)
        return self.add_file(data, "batch")

    def add_file(self, data: bytes, purpose: str) -> dict[str, Any]:
        with self._lock:
            file_id = f"file-{len(self.files) + 1}"
            self.files[file_id] = data
        return {
            "id": file_id,
            "object": "file",
            "bytes": len(data),
            "created_at": 0,
            "filename": "input.jsonl",
            "purpose": purpose,
            "status": "processed",
        }

    def create(self, request: dict[str, Any]) -> dict[str, Any]:
        assert request["endpoint"] == "/v1/chat/completions"
        assert request["completion_window"] == "24h"
        lines = [json.loads(x) for x in self.files[request["input_file_id"]].splitlines()]
        output = self.add_file(_answered(self.chat, lines).encode(), "batch_output")
        batch_id = f"batch_{len(self.batches) + 1}"
        self.batches[batch_id] = {
            "id": batch_id,
            "object": "batch",
            "endpoint": request["endpoint"],
            "input_file_id": request["input_file_id"],
            "completion_window": "24h",
            "status": "validating",
            "created_at": 0,
            "output_file_id": None,
            "error_file_id": None,
            "lines": len(lines),
            "_output": output["id"],
        }
        return self.public(batch_id)

    def retrieve(self, batch_id: str) -> dict[str, Any]:
        with self._lock:
            self.retrieves += 1
            batch = self.batches[batch_id]
            if batch["status"] == "in_progress" and not self.hold:
                batch.update(status="completed", output_file_id=batch["_output"])
            elif batch["status"] == "validating":
                batch["status"] = "in_progress"
        return self.public(batch_id)

    def public(self, batch_id: str) -> dict[str, Any]:
        return {k: v for k, v in self.batches[batch_id].items() if not k.startswith("_")}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, payload: Any, raw: bool = False) -> None:
                body = payload if raw else json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/v1/files":
                    self._send(server.upload(self.headers["Content-Type"], body))
                else:
                    self._send(server.create(json.loads(body)))

            def do_GET(self) -> None:
                parts = self.path.strip("/").split("/")  # v1 files ID content | v1 batches ID
                if parts[1] == "files":
                    self._send(server.files[parts[2]], raw=True)
                else:
                    self._send(server.retrieve(parts[2]))

        return Handler


@pytest.fixture
def batch_api(chat: ChatServer) -> Iterator[BatchServer]:
    with BatchServer(chat) as server:
        yield server


def _folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    folder.mkdir()
    for name in NAMES:
        (folder / f"{name}.txt").write_text((CORE / f"{name}.txt").read_text("utf-8"), "utf-8")
    (folder / "zz-binary.txt").write_bytes(bytes(range(256)) * 20)
    return folder


def _batch(folder: Path, out: Path, url: str, **kwargs: Any) -> Any:
    kwargs.setdefault("use_cache", False)
    kwargs.setdefault("poll", FAST)
    return asyncio.run(
        run_batch(folder, out, settings=_settings(url), via="openai-batch", **kwargs)
    )


def test_submit_poll_collect_end_to_end(tmp_path: Path, batch_api: BatchServer) -> None:
    folder, out = _folder(tmp_path), tmp_path / "out.jsonl"
    report = _batch(folder, out, batch_api.base_url)
    records = read_records(out)
    assert [r["status"] for r in records] == ["ok", "ok", "error"]
    assert records[2]["error"]["type"] == "InputError"
    for record in records[:2]:
        assert _grounded(Brief.model_validate(record["brief"]))
    assert len(batch_api.batches) == 1 and batch_api.batches["batch_1"]["lines"] == 2
    assert batch_api.retrieves >= 2  # it polled until the batch completed
    assert (report.done, report.failed, report.model_calls, report.via) == (2, 1, 2, "openai-batch")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out.jsonl"]  # no leftovers
    rerun = _batch(folder, out, batch_api.base_url)
    assert rerun.skipped == 2 and len(batch_api.batches) == 1  # nothing new to send


def test_cached_answers_need_no_batch(tmp_path: Path, batch_api: BatchServer) -> None:
    with SQLiteCache(tmp_path / "cache.sqlite3") as cache:
        folder = _folder(tmp_path)
        _batch(folder, tmp_path / "a.jsonl", batch_api.base_url, use_cache=True, store=cache)
        assert cache.stats()["entries"] == 2
        report = _batch(
            folder, tmp_path / "b.jsonl", batch_api.base_url, use_cache=True, store=cache
        )
    assert len(batch_api.batches) == 1 and report.done == 2
    assert report.model_calls == 0 and report.cache_hits == 2


def test_timeout_keeps_the_batch_and_a_rerun_resumes_it(
    tmp_path: Path, batch_api: BatchServer
) -> None:
    folder, out = _folder(tmp_path), tmp_path / "out.jsonl"
    batch_api.hold = True
    poll = PollOptions(interval_s=0.01, max_interval_s=0.01, timeout_s=0.1)
    report = _batch(folder, out, batch_api.base_url, poll=poll)
    errors = [r["error"]["type"] for r in read_records(out) if r["status"] == "error"]
    assert report.failed == 3 and errors.count(ProviderTimeoutError.__name__) == 2
    assert (tmp_path / "out.jsonl.batch-state.json").exists()
    batch_api.hold = False
    resumed = _batch(folder, out, batch_api.base_url)
    assert resumed.done == 2 and len(batch_api.batches) == 1  # the same batch, collected
    assert not (tmp_path / "out.jsonl.batch-state.json").exists()


def test_interrupt_stops_polling_and_keeps_the_batch_id(
    tmp_path: Path, batch_api: BatchServer
) -> None:
    folder, out = _folder(tmp_path), tmp_path / "out.jsonl"
    batch_api.hold = True
    slow = PollOptions(interval_s=0.05, max_interval_s=0.05, timeout_s=60.0)

    async def interrupted() -> None:
        task = asyncio.create_task(
            run_batch(
                folder,
                out,
                settings=_settings(batch_api.base_url),
                via="openai-batch",
                poll=slow,
                use_cache=False,
            )
        )
        while batch_api.retrieves < 2:
            await asyncio.sleep(0.02)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(interrupted())
    seen = batch_api.retrieves
    threading.Event().wait(0.2)
    assert batch_api.retrieves <= seen + 1  # the poller stopped
    assert (tmp_path / "out.jsonl.batch-state.json").exists() and not out.exists()


def test_openai_batch_needs_an_endpoint(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="OpenAI endpoint"):
        asyncio.run(
            run_batch(
                _folder(tmp_path),
                tmp_path / "o.jsonl",
                via="openai-batch",
                settings=resolve_settings(model="heuristic"),
            )
        )


def test_every_chunk_of_a_long_article_goes_in_one_batch(chat: ChatServer) -> None:
    source = _sources()[0]
    settings = _settings().with_(context_tokens=500)  # chunks of ~200 tokens
    brief, requests = defer_requests(source, settings)
    assert brief is None and len(requests) > 1  # one pass collects them all
    lines = [_body(request) for request in requests.values()]
    results = "\n".join(
        _result_line(n, key, chat.completion(json.loads(json.dumps(body)), "ok"))
        for n, (key, body) in enumerate(zip(requests, lines, strict=True))
    )
    answers = BatchAnswers(batch_id="b", sent=set(requests))
    parse_results(results, answers)
    replayed = brief_from_answers(source, settings, answers.store())  # a miss would raise
    # Every chunk was answered from the batch, one request each (no chunk twice).
    assert replayed.meta.cached_calls == replayed.meta.chunks == len(requests)
    assert _grounded(replayed)
