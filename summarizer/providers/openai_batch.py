"""The OpenAI Batch API: many chat-completions requests in one file, answered within 24 h.

``summarizer batch --via openai-batch`` (see :mod:`summarizer.batch.openai_flow`) works in two
phases around this module, reusing the live pipeline exactly:

1. The pipeline runs with a :class:`DeferringStore`: on a cache miss the Caller hands it
   the request instead of calling a model, and gets an empty stand-in Draft back, so
   every chunk's request of every article is collected in one pass.
2. :func:`run` writes one JSONL line per request (``custom_id`` is the response key,
   ``body`` is the very chat-completions body the live tools-mode path sends: the
   prompt templates' messages, ``tools=[{"type": "function", "function": {"name":
   "Draft", "parameters": <Draft JSON schema>}}]``, ``tool_choice`` forcing it, model,
   temperature, seed, max_tokens), uploads it (``files.create(purpose="batch")``),
   creates the batch (``batches.create(completion_window="24h")``), polls
   ``batches.retrieve`` with a growing, bounded interval and an overall timeout, and
   downloads the output and error files.
3. The pipeline runs again over an :class:`AnswerStore` (replay only), so every brief
   is validated and grounded exactly as a live one. An answer that fails validation
   fails its article: a batch cannot re-ask.

The batch id is kept in ``OUT.jsonl.batch-state.json`` until the answers are in, so an
interrupted run resumes polling the same batch instead of paying for a second one.

The Batch API is OpenAI's; local fleets get the same throughput without it: point
``OPENAI_BASE_URL`` at vLLM or Ollama (both serve ``/v1/chat/completions``) and run
``summarizer batch --via live --concurrency N``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openai
from instructor.v2.providers.openai.schema import generate_openai_schema
from pydantic import BaseModel, ValidationError

from summarizer.errors import ConfigError, ExtractionError, ProviderError, ProviderTimeoutError
from summarizer.providers.common import answer_text, redactor, usage_of
from summarizer.providers.transport import translate
from summarizer.settings import Settings
from summarizer.store import Deferred

log = logging.getLogger("summarizer.openai_batch")
PROVIDER = "openai-batch"
ENDPOINT = "/v1/chat/completions"
_PLACEHOLDER_KEY = "no-key-needed"
#: The Batch API's limit on requests per input file (it also caps the file at 200 MB).
MAX_REQUESTS = 50_000
_DONE = ("completed", "failed", "expired", "cancelled")
#: Every list field empty: a valid Draft that grounds to nothing (phase 1's stand-in).
_EMPTY = {"actors": [], "positions": [], "demands": [], "open_questions": []}


class DeferringStore:
    """Phase 1: answers from ``fallback`` (the cache) when it has them, else records."""

    replay_only = False

    def __init__(self, fallback: Any = None) -> None:
        self.fallback = fallback
        self.requests: dict[str, dict[str, Any]] = {}

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached answer, if any."""
        return self.fallback.get(key) if self.fallback is not None else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Nothing is answered in phase 1, so nothing is stored."""

    def defer(self, key: str, request: dict[str, Any]) -> dict[str, Any]:
        """Record the request; return an empty stand-in so the run collects the rest."""
        model: type[BaseModel] = request["response_model"]
        try:
            model.model_validate(_EMPTY)
        except ValidationError as exc:
            raise Deferred(
                f"{model.__name__} requests cannot wait for a batch; use the full strategy"
            ) from exc
        self.requests[key] = request
        return _EMPTY


def chat_body(request: dict[str, Any]) -> dict[str, Any]:
    """The chat-completions body the live tools-mode path sends for ``request``."""
    tool = generate_openai_schema(request["response_model"])
    return {
        "model": request["model"],
        "messages": request["messages"],
        "max_tokens": request["max_tokens"],
        "seed": request["seed"],
        "temperature": request["temperature"],
        "tools": [{"type": "function", "function": tool}],
        "tool_choice": {"type": "function", "function": {"name": tool["name"]}},
    }


def batch_line(key: str, request: dict[str, Any]) -> dict[str, Any]:
    """One line of a Batch API input file."""
    return {"custom_id": key, "method": "POST", "url": ENDPOINT, "body": chat_body(request)}


def write_requests(path: Path, requests: dict[str, dict[str, Any]]) -> str:
    """Write the batch input file (keys sorted, so reruns match); returns its SHA-256."""
    lines = [json.dumps(batch_line(k, requests[k]), ensure_ascii=False) for k in sorted(requests)]
    data = ("\n".join(lines) + "\n").encode("utf-8")
    path.write_bytes(data)
    return hashlib.sha256(data).hexdigest()


@dataclass(frozen=True)
class PollOptions:
    """How often and how long to wait for a batch."""

    interval_s: float = 10.0
    max_interval_s: float = 120.0
    backoff: float = 1.5
    timeout_s: float = 26 * 3600.0  # the 24 h window plus time to finalise


@dataclass
class BatchAnswers:
    """What a finished batch said, by response key."""

    batch_id: str
    sent: set[str]
    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    errors: dict[str, tuple[str, str]] = field(default_factory=dict)

    def store(self, fallback: Any = None) -> AnswerStore:
        """A replay-only store over these answers (then ``fallback``, the cache)."""
        return AnswerStore(self, fallback)


class AnswerStore:
    """Phase 2: the batch's answers as a ResponseStore; a missing answer is an error."""

    replay_only = True

    def __init__(self, answers: BatchAnswers, fallback: Any = None) -> None:
        self.batch = answers
        self.fallback = fallback

    def get(self, key: str) -> dict[str, Any] | None:
        """The answer for ``key``; raises the batch's error for a request that failed."""
        if key in self.batch.answers:
            return self.batch.answers[key]
        if key in self.batch.errors:
            kind, message = self.batch.errors[key]
            error = ExtractionError if kind == "extraction" else ProviderError
            raise error(f"batch {self.batch.batch_id}: {message}", provider=PROVIDER)
        hit = self.fallback.get(key) if self.fallback is not None else None
        if hit is None:
            raise ProviderError(
                f"batch {self.batch.batch_id} has no answer for request {key[:12]}",
                provider=PROVIDER,
            )
        return hit

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Replay only: nothing new is stored."""


def parse_results(text: str, answers: BatchAnswers) -> None:
    """Fold a Batch API output or error file into ``answers``."""
    for line in text.splitlines():
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            key = row["custom_id"]
        except (json.JSONDecodeError, KeyError, TypeError):
            log.warning("skipping an unreadable line of batch %s", answers.batch_id)
            continue
        outcome = _read_row(row)
        if "value" in outcome:
            answers.answers[key] = outcome
        else:
            answers.errors[key] = (outcome["kind"], outcome["message"])


def _read_row(row: dict[str, Any]) -> dict[str, Any]:
    response = row.get("response") or {}
    status = response.get("status_code")
    body = response.get("body") or {}
    if row.get("error") or status != 200:
        detail = row.get("error") or body.get("error") or {}
        message = detail.get("message", "no detail") if isinstance(detail, dict) else str(detail)
        return {"kind": "provider", "message": f"request failed (HTTP {status}): {message}"}
    try:
        choice = body["choices"][0]
        value = json.loads(answer_text(choice["message"]) or "")
    except (KeyError, IndexError, TypeError, json.JSONDecodeError):
        return {"kind": "extraction", "message": "the answer holds no readable JSON arguments"}
    if choice.get("finish_reason") == "length":
        return {"kind": "extraction", "message": "the answer was cut off (finish_reason=length)"}
    usage = usage_of(body.get("usage")).model_copy(update={"calls": 1})
    return {"value": value, "usage": usage.model_dump(), "attempts": 1}


def batch_client(settings: Settings) -> openai.OpenAI:
    """An SDK client for the files and batches endpoints (with the SDK's own retries)."""
    return openai.OpenAI(
        api_key=settings.api_key.reveal() if settings.api_key else _PLACEHOLDER_KEY,
        base_url=settings.base_url,
        max_retries=3,
        timeout=settings.limits.request_timeout_s,
    )


def submit(client: openai.OpenAI, path: Path) -> str:
    """Upload the input file and create the batch; returns the batch id."""
    uploaded = client.files.create(file=(path.name, path.read_bytes()), purpose="batch")
    batch = client.batches.create(
        input_file_id=uploaded.id, endpoint=ENDPOINT, completion_window="24h"
    )
    log.info("submitted batch %s (%s)", batch.id, path.name)
    return batch.id


def wait(
    client: openai.OpenAI, batch_id: str, poll: PollOptions, stop: threading.Event | None = None
) -> Any:
    """Poll until the batch is done; bounded by ``poll.timeout_s`` and by ``stop``."""
    stop = stop or threading.Event()
    deadline = time.monotonic() + poll.timeout_s
    interval = poll.interval_s
    while True:
        batch = client.batches.retrieve(batch_id)
        if batch.status in _DONE:
            return batch
        if time.monotonic() + interval > deadline:
            raise ProviderTimeoutError(
                f"batch {batch_id} still {batch.status} after {poll.timeout_s:.0f} s; "
                "rerun to keep waiting for it",
                provider=PROVIDER,
            )
        if stop.wait(interval):  # the run was interrupted: the state file keeps the id
            raise ProviderError(f"stopped waiting for batch {batch_id}", provider=PROVIDER)
        interval = min(interval * poll.backoff, poll.max_interval_s)


def collect(client: openai.OpenAI, batch: Any, keys: set[str]) -> BatchAnswers:
    """The answers of a finished batch; requests it never answered are errors."""
    if batch.status == "failed":
        errors = getattr(batch, "errors", None)
        detail = "; ".join(e.message or "" for e in (errors.data or [])) if errors else ""
        raise ProviderError(f"batch {batch.id} failed: {detail or 'no detail'}", provider=PROVIDER)
    answers = BatchAnswers(batch_id=batch.id, sent=set(keys))
    for file_id in (batch.output_file_id, batch.error_file_id):
        if file_id:
            parse_results(client.files.content(file_id).text, answers)
    for key in keys - answers.answers.keys() - answers.errors.keys():
        answers.errors[key] = ("provider", f"no answer (batch {batch.status})")
    return answers


def run(
    settings: Settings,
    requests: dict[str, dict[str, Any]],
    stem: Path,
    poll: PollOptions | None = None,
    stop: threading.Event | None = None,
) -> BatchAnswers:
    """Send ``requests`` as one batch and wait for the answers (resuming a pending one).

    Setting ``stop`` ends the wait early (on Ctrl-C); a rerun picks the batch up again.
    """
    if len(requests) > MAX_REQUESTS:
        raise ConfigError(
            f"{len(requests):,} requests, more than the {MAX_REQUESTS:,} one batch takes; "
            "split the input"
        )
    poll = poll or PollOptions()
    requests_path = stem.with_name(stem.name + ".batch-requests.jsonl")
    state_path = stem.with_name(stem.name + ".batch-state.json")
    digest = write_requests(requests_path, requests)
    client = batch_client(settings)
    redact = redactor(settings.api_key)
    try:
        batch_id = _resumable(client, state_path, digest) or submit(client, requests_path)
        state_path.write_text(json.dumps({"batch_id": batch_id, "input_sha256": digest}))
        answers = collect(client, wait(client, batch_id, poll, stop), set(requests))
    except openai.APIError as exc:
        raise translate(exc, PROVIDER, 1, redact) from exc
    state_path.unlink(missing_ok=True)
    requests_path.unlink(missing_ok=True)
    return answers


def _resumable(client: openai.OpenAI, state_path: Path, digest: str) -> str | None:
    """The id of an earlier batch of the same requests that can still be collected."""
    try:
        state = json.loads(state_path.read_text())
    except (OSError, ValueError):
        return None
    if state.get("input_sha256") != digest:
        return None
    batch = client.batches.retrieve(state["batch_id"])
    return None if batch.status in ("failed", "expired", "cancelled") else batch.id
