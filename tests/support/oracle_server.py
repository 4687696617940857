"""An oracle model: a loopback chat-completions server that answers like a perfect model.

It plays a capable model from the gold labels (``evals/suites/*/*.gold.json``):

- It reads the numbered sentences a request shows (``[12] ...`` lines inside
  ``<article>``), finds the gold article whose text holds them, and locates each shown
  sentence in that text.
- Each gold evidence span becomes the ids of the shown sentences it overlaps. A gold
  claim is answered when it cites at least one shown sentence, citing only those.
- Actors are the gold actors named (by name or alias) in the shown sentences, with the
  aliases that appear there. A position or demand whose actor is not named in the shown
  sentences is left out (the Draft validators would reject an actor the text does not
  name); a target not named there becomes null. Both are logged in ``answers``.
- The Draft is built with Python field names (``summarizer.draft``) and written the
  way a model writes the schema it was handed: every property the schema shows, in the
  schema's order, nulls included where the schema allows null (a property that does not
  allow null is left out when empty), compact JSON. So the wire format follows any
  change to ``draft.py``.
- A capable model follows three instructions that change what it writes: aliases are
  written without the name itself when the schema or prompt says "not the name
  itself" (or "again"); a prompt that says the summary should be left empty
  ("summary: leave it empty") gets no summary; and "summary: one sentence" gets the
  headline sentence only (else the headline and the first two claims).

It answers in instructor's TOOLS mode (a tool call whose arguments are the JSON) when
the request has ``tools``, else in plain JSON content (``json``, ``json_schema``,
``md_json`` modes). It honours ``max_tokens`` like a real server: the JSON is cut at
the limit and ``finish_reason`` is ``length``. Usage is counted with the rule in
``support.tokens`` (prompt: every message plus the tool or response schema; completion:
the answer, or the limit when cut). ``latency`` seconds are slept per request, and
``scale`` plays a wordier model (each answer counts as ``scale`` times its tokens). It
counts requests, the most requests it held at once (``max_in_flight``), and how long it
held each (``durations``). The gold-to-Draft part lives in ``oracle_model.py``.

An article it has no gold for (the long benchmark article) gets a plausible draft from
``chat_server.draft_for``; requests for any other schema (the guided strategy's labels)
get ``chat_server.default_responder``'s answer.
"""

from __future__ import annotations

import json
import math
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from typing import Any

from summarizer.draft import Draft
from summarizer.evaluate.gold import GoldArticle, load_suite
from summarizer.settings import Settings, resolve_settings
from support import tokens
from support.chat_server import LoopbackServer, default_responder, draft_for, requested_schema
from support.oracle_model import (
    CORE,
    GoldIndex,
    as_written,
    draft_json,
    perfect_draft,
    shown_sentences,
    style_for,
)

__all__ = [
    "CORE",
    "Answer",
    "GoldIndex",
    "OracleServer",
    "as_written",
    "draft_json",
    "oracle_settings",
    "perfect_draft",
    "shown_sentences",
]


@dataclass
class Answer:
    """What the oracle answered to one request (for tests and benchmarks)."""

    article: str | None
    shown: int
    tokens: int  # of the whole answer before any cut, times ``scale``
    completion_tokens: int
    finish_reason: str
    max_tokens: int | None
    dropped: list[str] = field(default_factory=list)  # gold items left out, and why
    content: str = ""  # the whole answer, before any cut


# --- the server -------------------------------------------------------------------------


class OracleServer(LoopbackServer):
    """``with OracleServer() as server:`` then point the openai client at ``server.base_url``.

    ``articles`` defaults to the core gold suite; ``latency`` is slept per request.
    ``scale`` plays a wordier model: each answer counts as ``scale`` times its tokens
    (billed so, and cut at ``max_tokens / scale`` of its own tokens), as a real model
    writing ``scale`` times the gold's words would be. Issue 8's capable model wrote
    about 1.8 times the oracle's tokens per word of article.
    """

    def __init__(
        self,
        articles: list[GoldArticle] | None = None,
        *,
        latency: float = 0.0,
        scale: float = 1.0,
    ) -> None:
        self.index = GoldIndex(articles if articles is not None else load_suite(CORE))
        self.latency = latency
        self.scale = scale
        self.requests: list[dict[str, Any]] = []
        self.answers: list[Answer] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.durations: list[float] = []  # seconds each request was held, latency included
        self._count_lock = threading.Lock()
        super().__init__()

    @property
    def completion_tokens(self) -> int:
        """Output tokens billed over every answer so far."""
        return sum(a.completion_tokens for a in self.answers)

    def arguments(self, request: dict[str, Any]) -> tuple[str, str, Answer]:
        """(schema name, full answer JSON, record) for a request, before any cut."""
        name, schema = requested_schema(request)
        if request.get("tools") is None and not schema:
            name, schema = "Draft", Draft.model_json_schema()  # json modes: schema in the prompt
        shown = shown_sentences(request)
        if name != "Draft":
            return (
                name,
                json.dumps(default_responder(request)),
                Answer(None, len(shown), 0, 0, "", None),
            )
        located = self.index.locate(shown)
        dropped: list[str] = []
        if located is None:
            draft = Draft.model_validate(draft_for("\n".join(f"[{i}] {s}" for i, s in shown)))
        else:
            draft, dropped = perfect_draft(located, shown, style_for(request, schema))
        content = draft_json(draft, schema)
        record = Answer(
            article=located.article.id if located else None,
            shown=len(shown),
            tokens=tokens.count(content),
            completion_tokens=0,
            finish_reason="stop",
            max_tokens=None,
            dropped=dropped,
            content=content,
        )
        return name, content, record

    def completion(self, request: dict[str, Any]) -> dict[str, Any]:
        """The chat.completion body for ``request``; records an :class:`Answer`."""
        name, content, record = self.arguments(request)
        limit = request.get("max_tokens") or request.get("max_completion_tokens")
        record.tokens = math.ceil((record.tokens or tokens.count(content)) * self.scale)
        record.max_tokens = limit
        record.completion_tokens = record.tokens
        finish = "stop"
        if limit and record.tokens > limit:
            content = tokens.cut(content, int(limit / self.scale))
            finish, record.completion_tokens = "length", limit
        message: dict[str, Any] = {"role": "assistant", "content": None}
        if request.get("tools"):
            call = {"name": name, "arguments": content}
            message["tool_calls"] = [{"id": "call_1", "type": "function", "function": call}]
            finish = "tool_calls" if finish == "stop" else finish
        else:
            message["content"] = content
        record.finish_reason = finish
        shown_to_model = [str(m.get("content", "")) for m in request.get("messages", [])]
        shown_to_model += [
            json.dumps(request.get(k)) for k in ("tools", "response_format") if request.get(k)
        ]
        prompt_tokens = sum(tokens.count(t) for t in shown_to_model)
        with self._count_lock:
            self.answers.append(record)
        return {
            "id": "chatcmpl-oracle",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": request.get("model", "oracle"),
            "choices": [{"index": 0, "message": message, "finish_reason": finish}],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": record.completion_tokens,
                "total_tokens": prompt_tokens + record.completion_tokens,
            },
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: object) -> None:
                pass

            def _send(self, body: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def do_GET(self) -> None:
                models = {"object": "list", "data": [{"id": "oracle", "object": "model"}]}
                self._send(json.dumps(models).encode())

            def do_POST(self) -> None:
                try:
                    request = json.loads(
                        self.rfile.read(int(self.headers.get("Content-Length", 0)))
                    )
                except (ValueError, OSError):  # a client that hung up mid-request
                    self.close_connection = True
                    return
                with server._count_lock:
                    server.requests.append(request)
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                started = time.perf_counter()
                try:
                    body = json.dumps(server.completion(request)).encode()
                    time.sleep(max(0.0, server.latency - (time.perf_counter() - started)))
                finally:
                    with server._count_lock:
                        server.in_flight -= 1
                        server.durations.append(time.perf_counter() - started)
                self._send(body)

        return Handler


def oracle_settings(server: LoopbackServer, **options: Any) -> Settings:
    """Settings for the full strategy against ``server``, with options such as
    ``max_output_tokens``, ``context_tokens`` and ``concurrency``."""
    base = {"model": "oracle", "base_url": server.base_url, "env": {}, "strategy": "full"}
    return resolve_settings(**base, **options)
